import type { App } from 'supertest/types';
import { CaseDriver, XHR } from './support/case-driver';
import { startTestApp, type TestApp } from './support/test-app';

/** Each track of the reference protocol, driven through the HTTP API by the three roles of a school. */
describe('API: cases follow the reference protocol', () => {
  let t: TestApp;
  let server: App;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
  });
  afterAll(async () => t.close());

  it('a new case is pinned to the published protocol version and starts with the intake', async () => {
    const d = await CaseDriver.start(server);
    const detail = await d.detail();
    // the newest published version: 1.1.0 (AI-facilitated and gender-based cases); 1.0.0 stays for the cases that started on it
    expect(detail.protocol).toEqual(jasmine.objectContaining({ id: 'ma-cyberharassment', version: '1.1.0' }));
    expect(detail.protocol.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.state).toBe('REPORTED');
    expect(detail.lastEventSeq).toBe(1);
    expect(detail.steps.find((s) => s.stepId === 'intake')?.status).toBe('available');
  });

  it('educational response (T0): closes quickly, only after the principal signs off', async () => {
    const d = await CaseDriver.start(server, 'Moquerie isolée');
    await d.reported({ types: ['INSULT'], repeated: false });
    await d.complete('triage', 'coordinator', { tier: 'T0' });
    let s = await d.complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' });
    expect(s.state).toBe('EDUCATIONAL_RESPONSE');
    await d.complete('target_interview', 'team_member');
    await d.complete('educational_response', 'coordinator');
    await d.complete('educational_followup', 'team_member', { situation: 'STOPPED' });
    s = await d.complete('closure_proposal', 'coordinator');
    expect(s.closed).toBeFalse();
    const refused = await d.submit('closure_signoff', 'coordinator', { decision: 'APPROVE' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ROLE_NOT_ALLOWED');
    s = await d.complete('closure_signoff', 'principal', { decision: 'APPROVE' });
    expect(s.state).toBe('CLOSED');
    expect(s.closed).toBeTrue();
  });

  it('shared-concern track (T1): weekly meetings, day-15 check, monitoring, closure', async () => {
    const d = await CaseDriver.start(server, 'Insultes répétées sur Instagram');
    await d.reported();
    await d.complete('triage', 'coordinator', { tier: 'T1' });
    let s = await d.complete('track_decision', 'coordinator', { track: 'MPP' });
    expect(s.state).toBe('MPP_IN_PROGRESS');
    await d.protect();
    await d.complete('mpp_first_round', 'team_member');
    for (let i = 0; i < 4; i++) await d.complete('mpp_meeting', 'team_member');
    s = await d.complete('mpp_result_check', 'coordinator', { improved: true, cooperating: true, newSeriousFacts: false, decision: 'MPP' });
    expect(s.state).toBe('MONITORING');
    s = await d.monitorAndClose();
    expect(s.state).toBe('CLOSED');
  });

  it('shared-concern without improvement at day 15 switches to the formal track', async () => {
    const d = await CaseDriver.start(server);
    await d.reported();
    await d.complete('triage', 'coordinator', { tier: 'T1' });
    await d.complete('track_decision', 'coordinator', { track: 'MPP' });
    await d.complete('mpp_first_round', 'team_member');
    const refused = await d.submit('mpp_result_check', 'coordinator', {
      improved: false,
      cooperating: true,
      newSeriousFacts: false,
      decision: 'MPP',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toContain(jasmine.objectContaining({ field: 'answers.decision', code: 'option_not_allowed' }));
    const s = await d.complete('mpp_result_check', 'coordinator', {
      improved: false,
      cooperating: true,
      newSeriousFacts: false,
      decision: 'FORMAL',
    });
    expect(s.state).toBe('FORMAL_IN_PROGRESS');
    expect(s.missingForClosure).toContain('formal_decision');
  });

  it('formal track (T2): the principal co-signs the triage, decides and refers to the authorities', async () => {
    const d = await CaseDriver.start(server, 'Photos humiliantes diffusées');
    await d.reported();
    let s = await d.complete('triage', 'coordinator', { tier: 'T2' });
    expect(s.steps.find((x) => x.stepId === 'triage')?.status).toBe('awaiting_signature');
    const early = await d.submit('track_decision', 'coordinator', { track: 'FORMAL' });
    expect(early.status).toBe(422);
    expect(early.body).toEqual(jasmine.objectContaining({ code: 'PROTOCOL_RULE', rule: 'signature_required' }));
    s = await d.sign('triage', 'principal');
    expect(s.state).toBe('TRIAGED');
    await d.complete('track_decision', 'coordinator', { track: 'FORMAL' });
    await d.protect();
    await d.complete('formal_testimony', 'team_member');
    await d.complete('formal_interviews', 'principal');
    await d.complete('family_legal_information', 'principal');
    s = await d.complete('formal_decision', 'principal', { offencePossible: true });
    expect(s.state).toBe('MONITORING');
    expect(s.canClose).toBeFalse();
    await d.complete('authority_referral', 'principal');
    s = await d.monitorAndClose();
    expect(s.state).toBe('CLOSED');
  });

  it('the principal sends a T2 triage back with a comment: the coordinator sees it, is notified, and triages again', async () => {
    const d = await CaseDriver.start(server, 'Rumeurs sur un groupe de classe');
    await d.reported();
    await d.complete('triage', 'coordinator', { tier: 'T2' });
    const seq = (await d.detail('principal')).lastEventSeq;
    const url = `/api/cases/${d.caseId}/steps/triage/return`;
    const empty = await d.agents.principal.post(url).set(XHR).set('Accept-Language', 'ar').send({ expectedSeq: seq, comment: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.details).toContain(jasmine.objectContaining({ field: 'comment', code: 'event.returnComment.length' }));
    expect(JSON.stringify(empty.body)).not.toContain('    at ');
    const byCoordinator = await d.agents.coordinator.post(url).set(XHR).send({ expectedSeq: seq, comment: 'Moi-même' });
    expect(byCoordinator.status).toBe(403);
    const sent = await d.agents.principal.post(url).set(XHR).send({ expectedSeq: seq, comment: 'Un seul message : T1 suffit.' });
    expect(sent.status).toBe(200);
    const triage = (sent.body as { steps: { stepId: string; status: string; returned?: Record<string, unknown> }[] }).steps.find(
      (x) => x.stepId === 'triage',
    );
    expect(triage?.status).toBe('available');
    expect(triage?.returned).toEqual(
      jasmine.objectContaining({
        comment: 'Un seul message : T1 suffit.',
        by: jasmine.objectContaining({ displayName: jasmine.any(String) }),
        completedBy: jasmine.objectContaining({ displayName: jasmine.any(String) }),
      }),
    );
    expect(sent.body.facts.tier).toBeUndefined();
    const again = await d.agents.principal.post(url).set(XHR).send({ expectedSeq: sent.body.lastEventSeq, comment: 'Encore' });
    expect(again.status).toBe(422);
    expect(again.body).toEqual(jasmine.objectContaining({ code: 'PROTOCOL_RULE', rule: 'signature_not_pending' }));
    const notices = (await d.agents.coordinator.get('/api/notifications').expect(200)).body as { kind: string; caseId: string }[];
    expect(notices).toContain(jasmine.objectContaining({ kind: 'step_returned', caseId: d.caseId }));
    const timeline = (await d.agents.coordinator.get(`/api/cases/${d.caseId}/timeline`).expect(200)).body as { type: string }[];
    expect(timeline.map((e) => e.type)).toContain('step_returned');
    const s = await d.complete('triage', 'coordinator', { tier: 'T1' });
    expect(s.state).toBe('TRIAGED');
    expect(s.steps.find((x) => x.stepId === 'triage')?.status).toBe('done');
  });

  it('emergency escalation: a danger flag escalates at once and the emergency steps cannot be skipped', async () => {
    const d = await CaseDriver.start(server, 'Menaces et chantage');
    let s = await d.reported({}, { dangerFlags: ['SEXTORTION'] });
    expect(s.state).toBe('EMERGENCY_ESCALATED');
    for (const stepId of ['secure_child', 'authorities_alert', 'child_protection_referral', 'emergency_family_notice']) {
      expect(s.steps.find((x) => x.stepId === stepId)?.status)
        .withContext(stepId)
        .toBe('available');
    }
    const lowTier = await d.submit('triage', 'coordinator', { tier: 'T1' });
    expect(lowTier.status).toBe(400);
    await d.complete('triage', 'coordinator', { tier: 'T3' });
    await d.sign('triage', 'principal');
    const proposal = await d.submit('closure_proposal', 'coordinator');
    expect([409, 422]).toContain(proposal.status);
    for (const stepId of ['secure_child', 'authorities_alert', 'child_protection_referral', 'emergency_family_notice'])
      await d.complete(stepId, 'principal');
    // sextortion: removal of the images is part of the emergency path before handing over
    s = await d.detail();
    expect(s.steps.find((x) => x.stepId === 'emergency_handover')?.reason).toBe('waiting_for:image_removal');
    await d.complete('image_removal', 'team_member');
    s = await d.complete('emergency_handover', 'coordinator', { track: 'EMERGENCY' });
    expect(s.state).toBe('MONITORING');
  });

  it('reopens a closed case: danger check and triage start again, the intake is kept', async () => {
    const d = await CaseDriver.start(server);
    await d.reported({ types: ['INSULT'], repeated: false });
    await d.complete('triage', 'coordinator', { tier: 'T0' });
    await d.complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' });
    await d.complete('target_interview', 'team_member');
    await d.complete('educational_response', 'coordinator');
    await d.complete('educational_followup', 'team_member', { situation: 'STOPPED' });
    await d.complete('closure_proposal', 'coordinator');
    let s = await d.complete('closure_signoff', 'principal', { decision: 'APPROVE' });
    expect(s.closed).toBeTrue();
    const closedWrite = await d.submit('target_interview', 'team_member');
    expect(closedWrite.status).toBe(422);
    expect(closedWrite.body.rule).toBe('case_closed');
    const teacher = await d.agents.team_member
      .post(`/api/cases/${d.caseId}/reopen`)
      .set(XHR)
      .send({ expectedSeq: s.lastEventSeq, reason: 'Nouvelles publications' });
    expect(teacher.status).toBe(403);
    const res = await d.agents.coordinator
      .post(`/api/cases/${d.caseId}/reopen`)
      .set(XHR)
      .send({ expectedSeq: s.lastEventSeq, reason: 'Nouvelles publications' })
      .expect(200);
    s = res.body;
    expect(s.state).toBe('REOPENED');
    expect(s.steps.find((x) => x.stepId === 'intake')?.status).toBe('done');
    expect(s.steps.find((x) => x.stepId === 'danger_check')?.status).toBe('available');
    const list = await d.agents.team_member.get('/api/cases?pageSize=100').expect(200);
    expect((list.body.items as { id: string; state: string }[]).find((c) => c.id === d.caseId)?.state).toBe('REOPENED');
  });

  it('keeps every action as an append-only timeline, with notes and corrections', async () => {
    const d = await CaseDriver.start(server);
    let s = await d.complete('intake', 'team_member', {
      authorsKnown: true,
      authorsArePupils: true,
      types: ['INSULT'],
      repeated: true,
      platforms: ['TIKTOK'],
    });
    const intakeSeq = s.lastEventSeq;
    s = (
      await d.agents.team_member
        .post(`/api/cases/${d.caseId}/notes`)
        .set(XHR)
        .send({ expectedSeq: s.lastEventSeq, text: 'La mère a appelé.' })
        .expect(200)
    ).body;
    s = (
      await d.agents.team_member
        .post(`/api/cases/${d.caseId}/corrections`)
        .set(XHR)
        .send({ expectedSeq: s.lastEventSeq, refSeq: intakeSeq, answers: { platforms: ['SNAPCHAT'] }, reason: 'Erreur de plateforme' })
        .expect(200)
    ).body;
    expect(s.facts['platforms']).toEqual(['SNAPCHAT']);
    const timeline = (await d.agents.principal.get(`/api/cases/${d.caseId}/timeline`).expect(200)).body as {
      seq: number;
      type: string;
      actor: { displayName: string };
      payload: Record<string, unknown>;
    }[];
    expect(timeline.map((e) => e.type)).toEqual(['case_created', 'step_completed', 'note_added', 'correction']);
    expect(timeline.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(timeline[1].payload['answers']).toEqual(jasmine.objectContaining({ platforms: ['TIKTOK'] }));
    expect(timeline[2].actor.displayName).toBe('Salma Bennani');
  });
});

describe('API: case workflow errors', () => {
  let t: TestApp;
  let server: App;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
  });
  afterAll(async () => t.close());

  it('answers a stale expectedSeq with 409 CONFLICT and writes nothing', async () => {
    const d = await CaseDriver.start(server);
    await d.complete('intake', 'team_member', {
      authorsKnown: true,
      authorsArePupils: true,
      types: ['INSULT'],
      repeated: true,
      platforms: ['TIKTOK'],
    });
    const stale = await d.submit('danger_check', 'coordinator', { staffImplicated: false }, 1);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    expect((await d.detail()).lastEventSeq).toBe(2);
  });

  it('lets exactly one of two simultaneous submissions through', async () => {
    const d = await CaseDriver.start(server);
    await d.complete('intake', 'team_member', {
      authorsKnown: true,
      authorsArePupils: true,
      types: ['INSULT'],
      repeated: true,
      platforms: ['TIKTOK'],
    });
    const [a, b] = await Promise.all([
      d.submit('danger_check', 'coordinator', { staffImplicated: false }, 2),
      d.submit('danger_check', 'principal', { staffImplicated: false }, 2),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const timeline = (await d.agents.coordinator.get(`/api/cases/${d.caseId}/timeline`).expect(200)).body as unknown[];
    expect(timeline.length).toBe(3);
  });

  it('rejects invalid answers field by field, in the requested language', async () => {
    const d = await CaseDriver.start(server);
    const detail = await d.detail('team_member');
    const res = await d.agents.team_member
      .post(`/api/cases/${d.caseId}/steps/intake`)
      .set(XHR)
      .set('Accept-Language', 'ar')
      .send({ expectedSeq: detail.lastEventSeq, answers: { authorsKnown: 'maybe', types: ['NOT_A_TYPE'], bogus: 1 }, checklist: [] })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = (res.body.details as { field: string; code: string; message: string }[]).map((x) => `${x.field}:${x.code}`);
    expect(fields).toEqual(jasmine.arrayContaining(['answers.authorsKnown:type', 'answers.types:option', 'answers.bogus:unknown_field']));
    for (const x of res.body.details as { message: string }[]) expect(x.message).toMatch(/[\u0600-\u06FF]/);
  });

  it('refuses steps that are not available, unknown steps, and roles that may not act', async () => {
    const d = await CaseDriver.start(server);
    const early = await d.submit('triage', 'coordinator', { tier: 'T1' });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('PROTOCOL_RULE');
    expect(early.body.message).toBeTruthy();
    const unknown = await d.submit('no_such_step', 'coordinator', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('STEP_NOT_FOUND');
    await d.complete('intake', 'team_member', {
      authorsKnown: true,
      authorsArePupils: true,
      types: ['INSULT'],
      repeated: true,
      platforms: ['TIKTOK'],
    });
    const wrongRole = await d.submit('danger_check', 'team_member', { staffImplicated: false });
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.code).toBe('ROLE_NOT_ALLOWED');
  });

  it('validates the request envelope: expectedSeq, answers object, note length', async () => {
    const d = await CaseDriver.start(server);
    const res = await d.agents.team_member
      .post(`/api/cases/${d.caseId}/steps/intake`)
      .set(XHR)
      .send({ expectedSeq: 'x', answers: [] })
      .expect(400);
    expect((res.body.details as { field: string }[]).map((x) => x.field).sort()).toEqual(['answers', 'expectedSeq']);
    const note = await d.agents.team_member.post(`/api/cases/${d.caseId}/notes`).set(XHR).send({ expectedSeq: 1, text: '' }).expect(400);
    expect(note.body.details[0].code).toBe('event.text.length');
  });

  it("hides another school's case behind 404", async () => {
    const d = await CaseDriver.start(server);
    const { default: request } = await import('supertest');
    const other = request.agent(server);
    await other
      .post('/api/auth/login')
      .set(XHR)
      .send({ email: 'equipe.marrakech@demo.sanad.ma', password: 'Sanad-demo-2026!' })
      .expect(200);
    const res = await other.get(`/api/cases/${d.caseId}`).expect(404);
    expect(res.body.code).toBe('CASE_NOT_FOUND');
    await other.get(`/api/cases/${d.caseId}/timeline`).expect(404);
    const write = await other.post(`/api/cases/${d.caseId}/notes`).set(XHR).send({ expectedSeq: 1, text: 'intrusion' });
    expect(write.status).toBe(404);
    await other.get('/api/cases/not-a-uuid').expect(404);
  });

  it('lists due steps for my role and for the school, soonest first', async () => {
    const d = await CaseDriver.start(server, 'Cas avec échéances');
    await d.reported();
    const mine = (await d.agents.coordinator.get('/api/cases/due?scope=mine').expect(200)).body as {
      caseId: string;
      stepId: string;
      roles: string[];
      dueAt: string;
      stepTitle: { fr: string };
    }[];
    const ours = mine.filter((x) => x.caseId === d.caseId);
    expect(ours.map((x) => x.stepId)).toContain('triage');
    expect(ours.every((x) => x.roles.includes('coordinator'))).toBeTrue();
    expect(ours[0].stepTitle.fr).toBeTruthy();
    const dues = mine.map((x) => x.dueAt);
    expect([...dues].sort()).toEqual(dues);
    const school = (await d.agents.team_member.get('/api/cases/due?scope=school').expect(200)).body as { caseId: string; stepId: string }[];
    expect(school.filter((x) => x.caseId === d.caseId).map((x) => x.stepId)).toContain('triage');
    await d.agents.team_member.get('/api/cases/due?scope=everyone').expect(400);
  });

  it('serves protocol definitions read-only, and 404 for an unknown version', async () => {
    const d = await CaseDriver.start(server);
    const list = (await d.agents.team_member.get('/api/protocols').expect(200)).body as { id: string; version: string; status: string }[];
    expect(list).toContain(jasmine.objectContaining({ id: 'ma-cyberharassment', version: '1.0.0', status: 'published' }));
    expect(list).toContain(jasmine.objectContaining({ id: 'ma-cyberharassment', version: '1.1.0', status: 'published' }));
    const missing = await d.agents.team_member.get('/api/protocols/ma-cyberharassment/9.9.9').expect(404);
    expect(missing.body.code).toBe('PROTOCOL_NOT_FOUND');
  });
});
