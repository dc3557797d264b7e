import { computeCaseState } from '@sanad/protocols';
import { findDefinition, loadDefinitions } from '@sanad/protocols/node';
import { AI_FACILITATED_TYPES, genderColumnsOf, peopleSexOf } from '../cases/projection';
import { cellText, protectBreakdown, THRESHOLD } from './disclosure';
import { protectMonthsAndAi } from './gender-ai';

const map = (entries: [string | null, number][]) => new Map(entries);
const text = (rows: { key: string | null; value: number | null; suppressed: boolean; reason: 'small' | 'complementary' | null }[]) =>
  rows.map((r) => [r.key, cellText(r)]);

describe('gender-based and AI-facilitated statistics (issue #13)', () => {
  it('projection: the genderBased yes/no fact and the four AI-facilitated types', () => {
    expect(genderColumnsOf({ facts: { genderBased: true, types: ['INSULT'] } })).toEqual({ genderBased: 'yes', aiFacilitated: false });
    expect(genderColumnsOf({ facts: { genderBased: false, types: ['INSULT', 'VOICE_VIDEO_CLONE'] } })).toEqual({
      genderBased: 'no',
      aiFacilitated: true,
    });
    expect(genderColumnsOf({ facts: {} })).toEqual({ genderBased: null, aiFacilitated: false });
    for (const code of AI_FACILITATED_TYPES) expect(genderColumnsOf({ facts: { types: [code] } }).aiFacilitated).toBeTrue();
    // a protocol 1.0.0 case: no such fact, no such type
    const def = findDefinition(loadDefinitions(), 'ma-cyberharassment', '1.0.0')!.definition;
    const state = computeCaseState(
      def,
      [{ seq: 1, type: 'case_created', at: '2026-11-02T09:00:00.000Z', actor: { id: 'u', role: 'team_member' }, payload: {} as never }],
      { now: '2026-11-02T10:00:00.000Z' },
    );
    expect(genderColumnsOf(state)).toEqual({ genderBased: null, aiFacilitated: false });
  });

  it('projection: sex of targets and presumed authors, mixed when both, removed people and witnesses ignored', () => {
    expect(peopleSexOf([])).toEqual({ targetSex: null, authorSex: null });
    expect(
      peopleSexOf([
        { role: 'target', sex: 'female' },
        { role: 'target', sex: null },
        { role: 'author', sex: 'male' },
        { role: 'author', sex: 'female', removedAt: '2026-11-02T09:00:00.000Z' },
        { role: 'witness', sex: 'female' },
      ]),
    ).toEqual({ targetSex: 'female', authorSex: 'male' });
    expect(
      peopleSexOf([
        { role: 'author', sex: 'male' },
        { role: 'author', sex: 'female' },
      ]),
    ).toEqual({ targetSex: null, authorSex: 'mixed' });
  });

  it('sex breakdowns: a small cell and its complement are suppressed for officers, exact for principals', () => {
    const counts = [14, 3, 0, 20]; // female, male, mixed, not recorded
    const cells = protectBreakdown(counts, 37, true)!;
    expect(cells.map(cellText)).toEqual(['c', '<5', '0', '20']);
    expect(protectBreakdown(counts, 37, false)!.map(cellText)).toEqual(['14', '3', '0', '20']);
    // gender-based marker 4 + 4 = 8: cannot be protected while the total is published: withheld
    expect(protectBreakdown([4, 4], 8, true)).toBeNull();
  });

  it('principals: months, AI-facilitated and the trend exact', () => {
    const out = protectMonthsAndAi(
      map([
        ['2026-10', 7],
        ['2026-09', 3],
      ]),
      map([['2026-10', 2]]),
      10,
      false,
    )!;
    expect(text(out.month)).toEqual([
      ['2026-09', '3'],
      ['2026-10', '7'],
    ]);
    expect(text(out.aiFacilitated)).toEqual([
      ['yes', '2'],
      ['no', '8'],
    ]);
    expect(text(out.aiTrend)).toEqual([
      ['2026-09', '0'],
      ['2026-10', '2'],
    ]);
  });

  it('officers: a small AI month is suppressed with a complement, in the trend and in the yes/no margin', () => {
    const months = map([
      ['2026-09', 12],
      ['2026-10', 15],
      ['2026-11', 20],
    ]);
    const out = protectMonthsAndAi(
      months,
      map([
        ['2026-09', 6],
        ['2026-10', 2],
        ['2026-11', 9],
      ]),
      47,
      true,
    )!;
    const trend = out.aiTrend.map((r) => r.reason);
    expect(trend[1]).toBe('small');
    expect(trend.filter((r) => r !== null).length).toBeGreaterThanOrEqual(2);
    // the hidden AI cell of October cannot be recomputed from the month total and the (unpublished) rest either
    const october = out.month[1];
    expect(october.suppressed || out.aiTrend[1].suppressed).toBeTrue();
    for (const r of [...out.month, ...out.aiFacilitated, ...out.aiTrend]) {
      if (!r.suppressed) expect(r.value === 0 || r.value! >= THRESHOLD).toBeTrue();
    }
  });

  it('officers: the non-AI cases of a month (month − trend) are protected though never published', () => {
    // October: 7 cases, 5 AI-facilitated: publishing both would tell 2 others
    const out = protectMonthsAndAi(
      map([
        ['2026-10', 7],
        ['2026-11', 30],
      ]),
      map([
        ['2026-10', 5],
        ['2026-11', 10],
      ]),
      37,
      true,
    )!;
    const [oct] = [0].map((y) => ({ month: out.month[y], ai: out.aiTrend[y] }));
    const derivable = !oct.month.suppressed && !oct.ai.suppressed;
    if (derivable) expect(oct.month.value! - oct.ai.value!).not.toBeLessThan(THRESHOLD);
    expect(oct.month.suppressed || oct.ai.suppressed).toBeTrue();
  });

  it('officers: fewer than 5 AI-facilitated cases in all: the yes cell and every month of the trend are hidden', () => {
    const out = protectMonthsAndAi(
      map([
        ['2026-10', 20],
        ['2026-11', 30],
      ]),
      map([
        ['2026-10', 1],
        ['2026-11', 2],
      ]),
      50,
      true,
    )!;
    expect(out.aiFacilitated[0].reason).toBe('small');
    expect(out.aiTrend.every((r) => r.suppressed)).toBeTrue();
    expect(out.aiFacilitated[1].suppressed).toBeTrue(); // 47 = 50 − yes: complementary
  });

  it('officers: a table that cannot be protected is withheld; no case: empty', () => {
    expect(
      protectMonthsAndAi(
        map([
          ['2026-10', 4],
          ['2026-11', 4],
        ]),
        map([]),
        8,
        true,
      ),
    ).toBeNull();
    expect(protectMonthsAndAi(new Map(), new Map(), 0, true)).toEqual({ month: [], aiFacilitated: [], aiTrend: [] });
  });
});
