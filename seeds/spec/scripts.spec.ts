import { demoData, referenceData } from '../src';
import { protocolFacts, referenceProtocol, replay } from './support/replay';

const schoolCode = (schoolId: string) => demoData.schools.find((s) => s.id === schoolId)?.code ?? schoolId;

describe('demo case scripts replayed through the reference protocol', () => {
  for (const c of demoData.cases) {
    it(`${schoolCode(c.schoolId)} ${c.reference} ends in ${c.expectedState}`, () => {
      const r = replay(c, demoData.users, demoData.schools);
      expect(r.error).withContext('rejected action').toBeUndefined();
      expect(r.state.state).toBe(c.expectedState);
      expect(r.state.ignoredEvents).toEqual([]);
    });
  }

  it('cover every state of the protocol', () => {
    const states = referenceProtocol().states.map((s) => s.id);
    expect(states.length).toBe(10);
    const reached = new Set(demoData.cases.map((c) => replay(c, demoData.users, demoData.schools).state.state));
    expect([...reached].sort()).toEqual([...states].sort());
  });

  it('cover the four tracks (educational, shared concern, formal, emergency)', () => {
    const tracks = new Set(demoData.cases.flatMap((c) => [...replay(c, demoData.users, demoData.schools).tracks]));
    expect([...tracks].sort()).toEqual(['EDUCATIONAL', 'EMERGENCY', 'FORMAL', 'MPP']);
    expect(protocolFacts().tracks?.sort()).toEqual(['EDUCATIONAL', 'EMERGENCY', 'FORMAL', 'MPP']);
  });

  it('show a switch from the shared concern method to the formal track, a returned closure and a reopened case', () => {
    const histories = demoData.cases.map((c) => replay(c, demoData.users, demoData.schools).state.history.map((h) => h.to));
    const has = (a: string, b: string) => histories.some((h) => h.some((to, i) => to === a && h[i + 1] === b));
    expect(has('MPP_IN_PROGRESS', 'FORMAL_IN_PROGRESS')).toBeTrue();
    expect(has('EMERGENCY_ESCALATED', 'FORMAL_IN_PROGRESS')).toBeTrue();
    expect(has('CLOSURE_PROPOSED', 'MONITORING')).toBeTrue();
    expect(has('CLOSED', 'REOPENED')).toBeTrue();
  });

  it('are refused by the engine when an action breaks the protocol (negative)', () => {
    const c = demoData.cases.find((x) => x.expectedState === 'TRIAGED' && x.script.some((a) => a.do === 'complete' && a.step === 'triage'));
    if (!c) return fail('no triaged demo case');
    const teamMember = demoData.users.find((u) => u.schoolId === c.schoolId && u.role === 'team_member');
    const script = c.script.map((a) => (a.do === 'complete' && a.step === 'triage' && teamMember ? { ...a, by: teamMember.id } : a));
    expect(replay({ ...c, script }, demoData.users, demoData.schools).error).toMatch(/step_completed triage: role_not_allowed/);
    const skipped = c.script.filter((a) => !(a.do === 'complete' && a.step === 'danger_check'));
    expect(replay({ ...c, script: skipped }, demoData.users, demoData.schools).error).toMatch(/triage: step_not_available/);
  });

  it('only use platform, type and option codes of the protocol in their answers', () => {
    const facts = protocolFacts();
    for (const c of demoData.cases)
      for (const a of c.script)
        if (a.do === 'complete' && a.step === 'intake')
          for (const t of (a.answers?.['types'] as string[] | undefined) ?? [])
            expect(facts.intakeTypes).withContext(c.reference).toContain(t);
    expect(referenceData.taxonomy.types.length).toBe(22);
  });

  it("name only existing directory entries and guides in the protocol's step resources", () => {
    const ids = new Set([...referenceData.directory.national, ...Object.values(referenceData.directory.regions).flat()].map((e) => e.id));
    const guides = new Set(referenceData.platformGuides.guides.map((g) => g.code));
    for (const step of referenceProtocol().phases.flatMap((p) => p.steps)) {
      const resources = (step as { resources?: { directory?: string[]; guides?: string[] } }).resources;
      for (const id of resources?.directory ?? []) expect(ids.has(id)).withContext(`${step.id} directory ${id}`).toBeTrue();
      for (const code of resources?.guides ?? []) expect(guides.has(code)).withContext(`${step.id} guide ${code}`).toBeTrue();
    }
  });
});
