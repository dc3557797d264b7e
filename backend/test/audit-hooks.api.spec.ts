import type { App } from 'supertest/types';
import { CaseDriver } from './support/case-driver';
import { startTestApp, type TestApp } from './support/test-app';

/** Reads and writes of case content leave audit entries that the school's principal can see. */
describe('API: case access is recorded in the audit trail', () => {
  let t: TestApp;

  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  it('records the creation, a step, a read and the timeline of a case, in order, with who did it', async () => {
    const d = await CaseDriver.start(t.app.getHttpServer() as App, 'Cas audité');
    await d.complete('intake', 'team_member', {
      authorsKnown: true,
      authorsArePupils: true,
      types: ['INSULT'],
      repeated: true,
      platforms: ['TIKTOK'],
    });
    await d.agents.team_member.get(`/api/cases/${d.caseId}/timeline`).expect(200);
    const res = await d.agents.principal.get(`/api/audit?caseId=${d.caseId}&pageSize=100`).expect(200);
    const entries = res.body.items as { action: string; actor: { role: string } | null; caseId: string; details: Record<string, string> }[];
    const actions = entries.map((e) => e.action);
    expect(actions).toContain('case.write');
    expect(actions).toContain('case.read');
    expect(entries.every((e) => e.caseId === d.caseId)).toBeTrue();
    expect(
      entries.some((e) => e.action === 'case.write' && e.details['stepId'] === 'intake' && e.actor?.role === 'team_member'),
    ).toBeTrue();
    expect(entries.some((e) => e.details['view'] === 'timeline')).toBeTrue();
  });

  it('keeps a valid chain after the activity', async () => {
    const d = await CaseDriver.start(t.app.getHttpServer() as App);
    await d.detail();
    const { AuditService } = await import('../src/audit/audit.service');
    const result = await t.app.get(AuditService).verify();
    expect(result.ok).toBeTrue();
  });
});
