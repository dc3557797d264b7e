import { findDefinition, loadDefinitions } from '@sanad/protocols/node';
import { demoData, platformGuide, scriptedEvents } from '@sanad/seeds';
import { renderDocument, type CaseFileData } from '@sanad/templates';
import { CASE_TEMPLATES, CaseDocuments, occurrencesOf, type CaseDocumentsInput, type StoredEvent } from './case-documents';

const definition = findDefinition(loadDefinitions(), 'ma-cyberharassment', '1.0.0')!.definition;
const seed = (n: number) => demoData.cases.find((c) => c.id.endsWith(`-${String(n).padStart(12, '0')}`))!;

/** A demo case as the service would give it to the builder. */
function inputOf(n: number, extra: StoredEvent[] = []): CaseDocumentsInput {
  const c = seed(n);
  const scripted = scriptedEvents(c);
  const events: StoredEvent[] = [
    { seq: 1, type: 'case_created', at: c.createdAt, actorId: c.createdById, actorRole: 'team_member', payload: {} },
    ...scripted.map((e, i) => ({
      seq: i + 2,
      type: e.type,
      at: e.at,
      actorId: e.actor.id,
      actorRole: e.actor.role,
      payload: e.payload,
    })),
    ...extra,
  ];
  return {
    record: { id: c.id, reference: c.reference, occurredOn: c.occurredOn, createdAt: c.createdAt, state: c.expectedState },
    definition,
    closed: c.expectedState === 'CLOSED',
    events,
    organisation: {
      academy: { fr: 'Rabat-Salé-Kénitra', ar: 'الرباط سلا القنيطرة' },
      province: { fr: 'Rabat', ar: 'الرباط' },
      school: { fr: 'Collège Ibn Khaldoun (démo)', ar: 'الثانوية الإعدادية ابن خلدون (تجريبية)' },
      schoolCode: 'DEMO-RAB-001',
      level: { fr: 'Secondaire collégial', ar: 'الثانوي الإعدادي', en: 'Lower secondary' },
    },
    staff: demoData.users.map((u) => ({ id: u.id, displayName: u.displayName, role: u.role })),
    issuedBy: { id: demoData.users[0].id, displayName: demoData.users[0].displayName, role: 'team_member' },
    platformLabel: (code) => platformGuide(code)?.name,
    now: '2026-12-01T09:00:00.000Z',
  };
}

describe('case documents (builder)', () => {
  it('lists the documents that do not apply yet with a reason code', () => {
    const reported = new CaseDocuments(inputOf(7)); // REPORTED: intake and danger check only
    expect(reported.unavailable('report-form')).toBeNull();
    expect(reported.unavailable('case-file')).toBeNull();
    expect(reported.unavailable('initial-assessment')).toBe('not_triaged');
    expect(reported.unavailable('academy-report')).toBe('not_triaged');
    expect(reported.unavailable('authority-transmission')).toBe('no_escalation');
    expect(reported.unavailable('closure-summary')).toBe('not_closed');
    expect(reported.unavailable('follow-up')).toBe('no_follow_up');
    const empty = new CaseDocuments(inputOf(9));
    expect(CASE_TEMPLATES.every((t) => empty.unavailable(t) !== null)).toBeTrue();
    expect(() => empty.data('report-form')).toThrowError(/unavailable: intake_not_recorded/);
  });

  it('fills the report form (D1) from the intake and the danger check, people as codes', () => {
    const docs = new CaseDocuments(inputOf(1));
    const d = docs.data('report-form');
    expect(d.case).toEqual({ reference: '2026-0001', openedAt: '2026-11-10', tier: 'T1', track: 'MPP' });
    expect(d.report.targets).toEqual([{ code: 'E1', name: 'Élève A. (2e année collège)', detail: 'Élève cible' }]);
    expect(d.report.authors).toEqual([jasmine.objectContaining({ code: 'A1', name: null, inSchool: true })]);
    expect(d.report.platforms.map((p) => p.fr)).toEqual(['WhatsApp']);
    expect(d.report.types.map((t) => t.en)).toEqual(['Insults, verbal abuse', 'Group pile-on']);
    expect(d.report.receivedBy.code).toBe('S1');
    expect(d.report.receivedBy.name).toBe('Salma Bennani');
    expect(d.report.dangerCheckedBy?.code).toBe('S2');
    expect(d.report.danger.selfHarm).toBeFalse();
  });

  it('keeps the same staff codes in every document of a case', () => {
    const docs = new CaseDocuments(inputOf(1));
    const d2 = docs.data('initial-assessment');
    expect(d2.assessment.assessedBy.code).toBe('S2');
    expect(d2.assessment.criteria).toEqual({ repetition: true, intentionality: true, powerImbalance: true, cannotDefend: true });
    expect(docs.data('target-interview').targetInterviews[0].safetyAdvice).toEqual([
      'DO_NOT_REPLY',
      'DO_NOT_DELETE',
      'BLOCK_AND_REPORT',
      'PRIVACY_SETTINGS',
    ]);
  });

  it('applies corrections and co-signatures to the recorded steps', () => {
    const events: StoredEvent[] = [
      {
        seq: 1,
        type: 'step_completed',
        at: 't1',
        actorId: 'u1',
        actorRole: 'coordinator',
        payload: { stepId: 'triage', answers: { tier: 'T2' }, checklist: [] },
      },
      { seq: 2, type: 'step_signed', at: 't2', actorId: 'u2', actorRole: 'principal', payload: { stepId: 'triage' } },
      {
        seq: 3,
        type: 'correction',
        at: 't3',
        actorId: 'u1',
        actorRole: 'coordinator',
        payload: { refSeq: 1, answers: { tier: 'T1' }, reason: 'x' },
      },
    ];
    expect(occurrencesOf(events)).toEqual([
      { seq: 1, stepId: 'triage', at: 't1', actorId: 'u1', answers: { tier: 'T1' }, checklist: [], signedById: 'u2', signedAt: 't2' },
    ]);
  });

  it('builds the authority transmission (D9) of an emergency case without names', () => {
    const docs = new CaseDocuments(inputOf(5));
    expect(docs.unavailable('authority-transmission')).toBeNull();
    const d = docs.data('authority-transmission');
    expect(d.transmissions.length).toBeGreaterThan(0);
    expect(d.case.track).toBe('EMERGENCY');
    const people = [d.issuedBy, ...d.transmissions.flatMap((t) => [t.sentBy, ...t.people])];
    expect(people.every((p) => p.name === null)).toBeTrue();
  });

  it('never puts a name or free text in the academy report', () => {
    const input = inputOf(18); // closed, full path
    const docs = new CaseDocuments(input);
    const d = docs.data('academy-report');
    expect(d.summary).toBeNull();
    expect(d.outcome).toBeNull();
    expect(d.case.closedAt).not.toBeNull();
    const json = JSON.stringify(d);
    for (const u of demoData.users) expect(json).not.toContain(u.displayName);
    const answers = input.events.flatMap((e) => Object.values((e.payload.answers as Record<string, unknown> | undefined) ?? {}));
    for (const text of answers.filter((a): a is string => typeof a === 'string' && a.includes(' ') && a.length > 12)) {
      expect(json).withContext(text).not.toContain(text);
    }
  });

  it('fills the closure summary (D12) once closure is proposed, with the sign-off', () => {
    const d = new CaseDocuments(inputOf(18)).data('closure-summary');
    expect(d.closure.signedOffBy).not.toBeNull();
    expect(d.closure.durationDays).toBeGreaterThan(0);
    expect(d.closure.criteria.harassmentStopped).toBeTrue();
  });

  it('takes the evidence register from the evidence steps, sha256 only when recorded', () => {
    const sha = 'a'.repeat(64);
    const extra: StoredEvent[] = [
      {
        seq: 99,
        type: 'step_completed',
        at: '2026-11-20T10:00:00.000Z',
        actorId: demoData.users[0].id,
        actorRole: 'team_member',
        payload: {
          stepId: 'evidence_log',
          answers: { sexualImagesOfMinor: false, itemsLogged: 2, fileName: 'capture.png', sha256: sha },
          checklist: [],
        },
      },
    ];
    const items = new CaseDocuments(inputOf(1, extra)).data('evidence-register').evidence;
    expect(items[0]).toEqual(
      jasmine.objectContaining({ number: 1, kind: 'DESCRIPTION_ONLY', sha256: null, description: '12 éléments consignés' }),
    );
    expect(items.at(-1)).toEqual(jasmine.objectContaining({ kind: 'FILE', fileName: 'capture.png', sha256: sha }));
  });

  it('gives every demo case data its templates accept (strict mode), in both languages for the full file', () => {
    for (const c of demoData.cases) {
      const n = Number(c.id.slice(-12));
      for (const lang of ['fr', 'ar'] as const) {
        const docs = new CaseDocuments(inputOf(n), lang);
        for (const t of CASE_TEMPLATES) {
          if (docs.unavailable(t)) continue;
          if (t === 'case-file' && lang === 'ar' && n % 5) continue; // a sample is enough for the long one
          expect(() => renderDocument({ template: t, lang, data: docs.data(t) }))
            .withContext(`${c.reference} ${t} ${lang}`)
            .not.toThrow();
        }
      }
    }
    const file: CaseFileData = new CaseDocuments(inputOf(2), 'fr+ar').data('case-file');
    expect(file.events.length).toBeGreaterThan(5);
  });
});
