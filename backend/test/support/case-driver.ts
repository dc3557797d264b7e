import { applySets, holds, PLATFORMS, type Answers, type Facts, type ProtocolDefinition, type StepDef } from '@sanad/protocols';
import { findStep } from '@sanad/protocols';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { App } from 'supertest/types';
import { DEMO } from './test-app';

export const XHR = { 'X-Requested-With': 'XMLHttpRequest' };
export type Role = 'team_member' | 'coordinator' | 'principal';

/** Valid answers for a step's form: required fields only, first allowed option, with overrides. */
export function fillForm(step: StepDef, facts: Facts, overrides: Answers = {}): { answers: Answers; checklist: string[] } {
  const answers: Answers = {};
  for (const field of step.form?.fields ?? []) {
    if (field.id in overrides) {
      answers[field.id] = overrides[field.id];
      continue;
    }
    const ctx = applySets(facts, step, { ...answers, ...overrides });
    if (!holds(field.when, ctx) || !field.required) continue;
    const allowed = (field.options ?? []).filter((o) => holds(o.when, ctx)).map((o) => o.value);
    switch (field.type) {
      case 'text':
      case 'longText':
      case 'personRef':
        answers[field.id] = 'Noté par la cellule — ملاحظة'.padEnd(field.minLength ?? 1, '.').slice(0, field.maxLength ?? 200);
        break;
      case 'date':
        answers[field.id] = new Date().toISOString().slice(0, 10);
        break;
      case 'datetime':
        answers[field.id] = new Date().toISOString();
        break;
      case 'number':
        answers[field.id] = field.min ?? 1;
        break;
      case 'yesNo':
        answers[field.id] = false;
        break;
      case 'choice':
        if (allowed[0] !== undefined) answers[field.id] = allowed[0];
        break;
      case 'multiChoice':
        if (allowed[0] !== undefined) answers[field.id] = [allowed[0]];
        break;
      case 'platform':
        answers[field.id] = field.multiple ? [PLATFORMS[0]] : PLATFORMS[0];
        break;
    }
  }
  return { answers, checklist: (step.checklist?.items ?? []).filter((i) => i.required).map((i) => i.id) };
}

export interface CaseDetail {
  case: { id: string; reference: string; state: string };
  protocol: { id: string; version: string; contentHash: string };
  lastEventSeq: number;
  state: string;
  closed: boolean;
  facts: Facts;
  steps: { stepId: string; status: string; actionable: boolean; reason?: string; dueAt?: string; occurrences: number }[];
  actions: { kind: string; stepId?: string; roles: string[] }[];
  canClose: boolean;
  missingForClosure: string[];
}

/** Signs in the three roles of the demo school and drives one case through the API, as people would. */
export class CaseDriver {
  private definition?: ProtocolDefinition;
  caseId = '';

  private constructor(
    private readonly server: App,
    readonly agents: Record<Role, TestAgent>,
  ) {}

  static async start(server: App, title = 'Cas de test'): Promise<CaseDriver> {
    const agents = {} as Record<Role, TestAgent>;
    const logins: Record<Role, string> = { team_member: DEMO.teacher, coordinator: DEMO.coordinator, principal: DEMO.principal };
    for (const role of Object.keys(logins) as Role[]) {
      agents[role] = request.agent(server);
      await agents[role].post('/api/auth/login').set(XHR).send({ email: logins[role], password: DEMO.password }).expect(200);
    }
    const d = new CaseDriver(server, agents);
    const created = await agents.team_member.post('/api/cases').set(XHR).send({ title, occurredOn: '2026-11-02' }).expect(201);
    d.caseId = created.body.id as string;
    return d;
  }

  async detail(role: Role = 'coordinator'): Promise<CaseDetail> {
    return (await this.agents[role].get(`/api/cases/${this.caseId}`).expect(200)).body as CaseDetail;
  }

  async def(): Promise<ProtocolDefinition> {
    if (!this.definition) {
      const d = await this.detail();
      const res = await this.agents.coordinator.get(`/api/protocols/${d.protocol.id}/${d.protocol.version}`).expect(200);
      this.definition = res.body.definition as ProtocolDefinition;
    }
    return this.definition;
  }

  /** Completes a step with valid answers (plus overrides); expects success and returns the new detail. */
  async complete(stepId: string, role: Role, overrides: Answers = {}): Promise<CaseDetail> {
    const res = await this.submit(stepId, role, overrides);
    if (res.status !== 200) throw new Error(`${stepId} by ${role}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as CaseDetail;
  }

  async submit(stepId: string, role: Role, overrides: Answers = {}, expectedSeq?: number) {
    const current = await this.detail(role);
    const step = findStep(await this.def(), stepId);
    const { answers, checklist } = step ? fillForm(step, current.facts, overrides) : { answers: overrides, checklist: [] };
    return this.agents[role]
      .post(`/api/cases/${this.caseId}/steps/${stepId}`)
      .set(XHR)
      .send({ expectedSeq: expectedSeq ?? current.lastEventSeq, answers, checklist });
  }

  async sign(stepId: string, role: Role = 'principal'): Promise<CaseDetail> {
    const current = await this.detail(role);
    const res = await this.agents[role]
      .post(`/api/cases/${this.caseId}/steps/${stepId}/signature`)
      .set(XHR)
      .send({ expectedSeq: current.lastEventSeq });
    if (res.status !== 200) throw new Error(`sign ${stepId}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as CaseDetail;
  }

  /** Intake and danger check without danger signs, pupils of the school as authors. */
  async reported(intake: Answers = {}, danger: Answers = {}): Promise<CaseDetail> {
    await this.complete('intake', 'team_member', {
      authorsKnown: true,
      authorsArePupils: true,
      types: ['INSULT', 'MOBBING'],
      repeated: true,
      platforms: ['INSTAGRAM'],
      ...intake,
    });
    return this.complete('danger_check', 'coordinator', { staffImplicated: false, ...danger });
  }

  async protect(): Promise<CaseDetail> {
    await this.complete('target_interview', 'team_member');
    await this.complete('protection_plan', 'coordinator');
    await this.complete('family_information', 'principal', { informed: true, familyOpposes: false });
    await this.complete('evidence_log', 'team_member', { sexualImagesOfMinor: false });
    await this.complete('platform_report', 'team_member');
    return this.complete('takedown_check', 'team_member', { contentRemoved: true });
  }

  async monitorAndClose(): Promise<CaseDetail> {
    await this.complete('principal_review', 'principal');
    await this.complete('followup_1', 'team_member', { situation: 'DECREASED' });
    await this.complete('followup_2', 'team_member', { situation: 'STOPPED' });
    await this.complete('checkpoint_4w', 'coordinator', { situation: 'STOPPED' });
    await this.complete('checkpoint_8w', 'coordinator', { situation: 'STOPPED' });
    await this.complete('closure_proposal', 'coordinator');
    return this.complete('closure_signoff', 'principal', { decision: 'APPROVE' });
  }
}
