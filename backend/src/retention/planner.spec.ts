import type { RetentionPolicy } from '../config/config';
import { activeHold, addMonths, planCase, planPurge, type CaseFacts } from './planner';

const POLICY: RetentionPolicy = {
  caseYears: 5,
  caseAction: 'anonymise',
  evidenceMonths: 12,
  notificationDays: 180,
  sessionDays: 30,
  intakeReportDays: 90,
};
const CLOSED = '2026-06-30T10:00:00.000Z';

function facts(over: Partial<CaseFacts> = {}): CaseFacts {
  return {
    id: 'c1',
    schoolId: 's1',
    reference: '2026-0001',
    closedAt: CLOSED,
    legalHoldAt: null,
    legalHoldReleasedAt: null,
    authoritiesAlertedAt: null,
    anonymisedAt: null,
    liveEvidence: 2,
    ...over,
  };
}

describe('retention planner', () => {
  it('adds calendar months in UTC, the 31st becoming the last day of a shorter month', () => {
    expect(addMonths('2026-01-31T08:00:00.000Z', 1)).toBe('2026-02-28T08:00:00.000Z');
    expect(addMonths('2024-02-29T00:00:00.000Z', 12)).toBe('2025-02-28T00:00:00.000Z');
    expect(addMonths(CLOSED, 60)).toBe('2031-06-30T10:00:00.000Z');
  });

  it('keeps open cases and cases not yet due', () => {
    expect(planCase(POLICY, '2040-01-01T00:00:00.000Z', facts({ closedAt: null })).kind).toBe('keep');
    expect(planCase(POLICY, '2027-06-30T09:59:59.999Z', facts()).kind).toBe('keep');
  });

  it('erases evidence content first, then anonymises (or deletes) the case', () => {
    expect(planCase(POLICY, '2027-06-30T10:00:00.000Z', facts())).toEqual({ kind: 'erase_evidence', evidence: 2 });
    expect(planCase(POLICY, '2028-01-01T00:00:00.000Z', facts({ liveEvidence: 0 })).kind).toBe('keep');
    expect(planCase(POLICY, '2031-06-30T10:00:00.000Z', facts())).toEqual({ kind: 'anonymise', evidence: 2 });
    expect(planCase({ ...POLICY, caseAction: 'delete' }, '2031-07-01T00:00:00.000Z', facts({ liveEvidence: 0 }))).toEqual({
      kind: 'delete',
      evidence: 0,
    });
  });

  it('does not anonymise twice; a category turned off is never due', () => {
    expect(planCase(POLICY, '2040-01-01T00:00:00.000Z', facts({ anonymisedAt: '2031-07-01T00:00:00.000Z', liveEvidence: 0 })).kind).toBe(
      'keep',
    );
    expect(planCase({ ...POLICY, caseYears: null }, '2090-01-01T00:00:00.000Z', facts({ liveEvidence: 0 })).kind).toBe('keep');
    expect(planCase({ ...POLICY, evidenceMonths: null }, '2030-01-01T00:00:00.000Z', facts()).kind).toBe('keep');
  });

  it('never purges a held case, and says what it would have been', () => {
    const now = '2032-01-01T00:00:00.000Z';
    expect(planCase(POLICY, now, facts({ legalHoldAt: '2027-01-01T00:00:00.000Z' }))).toEqual({
      kind: 'held',
      hold: 'legal_hold',
      wouldBe: 'anonymise',
      evidence: 2,
    });
    const alerted = facts({ authoritiesAlertedAt: '2026-05-01T00:00:00.000Z' });
    expect(planCase(POLICY, now, alerted)).toEqual(jasmine.objectContaining({ kind: 'held', hold: 'authorities_alert' }));
    // a release after the alert lifts the automatic hold; one before it does not
    expect(planCase(POLICY, now, { ...alerted, legalHoldReleasedAt: '2027-01-01T00:00:00.000Z' }).kind).toBe('anonymise');
    expect(activeHold({ ...alerted, legalHoldReleasedAt: '2026-04-01T00:00:00.000Z' })).toBe('authorities_alert');
  });

  it('groups the report per school, with references only', () => {
    const plan = planPurge(POLICY, '2031-07-01T00:00:00.000Z', [
      facts({ id: 'a', reference: '2026-0002' }),
      facts({ id: 'b', reference: '2026-0001', legalHoldAt: CLOSED }),
      facts({ id: 'c', reference: '2030-0001', closedAt: '2030-06-01T00:00:00.000Z' }),
      facts({ id: 'd', schoolId: 's0', reference: '2026-0009', liveEvidence: 0 }),
      facts({ id: 'e', closedAt: null }),
    ]);
    expect(plan.schools.map((s) => s.schoolId)).toEqual(['s0', 's1']);
    expect(plan.schools[1]).toEqual({
      schoolId: 's1',
      anonymise: ['2026-0002'],
      delete: [],
      eraseEvidence: ['2030-0001'],
      evidenceItems: 4,
      held: [{ reference: '2026-0001', hold: 'legal_hold', wouldBe: 'anonymise' }],
    });
    expect(plan.actions.map((a) => a.facts.id)).toEqual(['d', 'a', 'c']);
    expect(plan.totals).toEqual({ anonymise: 2, delete: 0, eraseEvidence: 1, evidenceItems: 4, held: 1 });
  });
});
