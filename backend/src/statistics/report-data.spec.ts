import { referenceData } from '@sanad/seeds';
import { renderDocument } from '@sanad/templates';
import { protectTable, shown, type Cell } from './disclosure';
import type { StatisticsDto, StatRowDto } from './dto/statistics.dto';
import { countOf, monthLabel, statisticsReportData, type ReportContext } from './report-data';

const small: Cell = { value: null, suppressed: true, reason: 'small' };
const comp: Cell = { value: null, suppressed: true, reason: 'complementary' };
const row = (key: string | null, cell: Cell, extra: Partial<StatRowDto> = {}): StatRowDto => ({ key, ...cell, ...extra });

/** What GET /api/statistics returns to an academy officer: some cells suppressed, the tracks withheld. */
function officerStats(): StatisticsDto {
  return {
    scope: { kind: 'region', unitId: 'r1' },
    filters: { from: '2026-09-01', to: null, regionId: null, provinceId: null, level: null },
    units: { regions: [], provinces: [] },
    disclosureControl: true,
    threshold: 5,
    total: shown(37),
    open: shown(13),
    closed: shown(24),
    schoolsWithCases: shown(9),
    breakdowns: {
      type: [row('INSULT', shown(14)), row('DOXXING', small), row('NCII', comp)],
      tier: [row('T1', shown(30)), row('T2', comp), row('T3', small)],
      track: [],
      level: [row('college', shown(29)), row('lycee', shown(8))],
      platform: [row('whatsapp', shown(19))],
      month: [row('2026-10', shown(20)), row('2026-11', shown(17))],
      province: [row('RAB', shown(21), { label: { fr: 'Rabat', ar: 'الرباط', en: 'Rabat' } }), row('SAL', shown(16))],
      followUpOutcome: [row('STOPPED', shown(19)), row(null, shown(18))],
      targetSex: [row('female', shown(21)), row('male', small), row(null, comp)],
      authorSex: [row('male', shown(25)), row(null, shown(12))],
      genderBased: [row('yes', shown(9)), row('no', shown(6)), row(null, shown(22))],
      aiFacilitated: [row('yes', shown(6)), row('no', shown(31))],
      aiTrend: [row('2026-10', small), row('2026-11', comp)],
    },
    durations: {
      toTriage: { cases: shown(35), medianDays: 0, p90Days: 4.5, suppressed: false },
      toFirstInterview: { cases: small, medianDays: null, p90Days: null, suppressed: true },
      toClosure: { cases: shown(24), medianDays: 21, p90Days: 46, suppressed: false },
    },
    withheld: ['track'],
    onTime: { stepsDone: shown(212), stepsOnTime: shown(187), share: 0.882, suppressed: false },
    generatedAt: '2026-11-22T10:00:00.000Z',
  };
}

const context = (over: Partial<ReportContext> = {}): ReportContext => ({
  organisation: {
    academy: { fr: 'Rabat-Salé-Kénitra', ar: 'الرباط سلا القنيطرة', en: 'Rabat-Salé-Kénitra' },
    province: null,
    school: null,
  },
  level: null,
  today: '2026-11-22',
  marsad: protectTable(
    referenceData.taxonomy.ministryCategories.map((c) => (c.code === 'VERBAL' ? [9, 2] : c.code === 'SEXUAL' ? [4, 22] : [0, 0])),
    true,
  ),
  ...over,
});

describe('statistics report data (D13)', () => {
  it('writes a suppressed count as its mark, never a number', () => {
    expect(countOf(shown(7))).toEqual({ value: 7, mark: null });
    expect(countOf(shown(0))).toEqual({ value: 0, mark: null });
    expect(countOf(small)).toEqual({ value: null, mark: '<5' });
    expect(countOf(comp)).toEqual({ value: null, mark: 'c' });
  });

  it('gender-based and AI-facilitated section (issue #13): the same cells and marks, labels, withheld tables', () => {
    const stats = officerStats();
    stats.withheld = [...stats.withheld, 'authorSex'];
    stats.breakdowns.authorSex = [];
    const { genderAi } = statisticsReportData(stats, context());
    expect(genderAi.tables.map((t) => [t.key, t.withheld])).toEqual([
      ['targetSex', false],
      ['authorSex', true],
      ['genderBased', false],
      ['aiFacilitated', false],
    ]);
    expect(genderAi.tables[0].rows.map((r) => [r.label.fr, r.count])).toEqual([
      ['Filles', { value: 21, mark: null }],
      ['Garçons', { value: null, mark: '<5' }],
      ['Non renseigné', { value: null, mark: 'c' }],
    ]);
    expect(genderAi.tables[2].rows.map((r) => r.label.en)).toEqual(['Yes', 'No', 'Not assessed']);
    expect(genderAi.tables[0].rows[0].label.ar).toBe('إناث');
    expect(genderAi.trend).toEqual({
      withheld: false,
      rows: [
        { label: jasmine.objectContaining({ fr: 'octobre 2026' }), count: { value: null, mark: '<5' } },
        { label: jasmine.objectContaining({ fr: 'novembre 2026' }), count: { value: null, mark: 'c' } },
      ],
    });
    stats.withheld.push('aiTrend');
    expect(statisticsReportData(stats, context()).genderAi.trend).toEqual({ withheld: true, rows: [] });
  });

  it('carries the very same numbers and suppression as the JSON, with labels in three languages', () => {
    const data = statisticsReportData(officerStats(), context());
    expect(data.controlled).toBeTrue();
    expect(data.totals.total).toEqual({ value: 37, mark: null });
    expect(data.breakdowns.map((b) => b.key)).toEqual([
      'month',
      'type',
      'platform',
      'tier',
      'track',
      'followUpOutcome',
      'level',
      'province',
    ]);
    const by = (key: string) => data.breakdowns.find((b) => b.key === key)!;
    expect(by('type').rows.map((r) => r.count)).toEqual([
      { value: 14, mark: null },
      { value: null, mark: '<5' },
      { value: null, mark: 'c' },
    ]);
    expect(by('type').rows[0].label.ar).toBeTruthy();
    expect(by('tier').rows[0].label.fr).toBe('T1 – harcèlement');
    expect(by('track')).toEqual({ key: 'track', rows: [], withheld: true });
    expect(by('followUpOutcome').rows[1].label.fr).toBe('Pas encore de suivi');
    expect(by('month').rows.map((r) => r.label.fr)).toEqual(['octobre 2026', 'novembre 2026']);
    expect(by('province').rows.map((r) => r.label.fr)).toEqual(['Rabat', 'SAL']);
    expect(data.durations.map((d) => [d.key, d.medianDays, d.suppressed])).toEqual([
      ['toTriage', 0, false],
      ['toFirstInterview', null, true],
      ['toClosure', 21, false],
    ]);
    expect(data.durations[1].cases).toEqual({ value: null, mark: '<5' });
    expect(data.onTime.percent).toBe(88.2);
    // no `to` filter: the period ends today
    expect(data.period).toEqual({ from: '2026-09-01', to: '2026-11-22' });
    // the Ministry table as in the CSV: VERBAL 11 = 9 + 2, 2 is small, 9 gives it away
    const verbal = data.marsad[referenceData.taxonomy.ministryCategories.findIndex((c) => c.code === 'VERBAL')];
    expect([verbal.cases, verbal.open, verbal.closed]).toEqual([
      { value: 11, mark: null },
      { value: null, mark: 'c' },
      { value: null, mark: '<5' },
    ]);
    expect(data.marsad.at(-1)!.label.fr).toBe('Total');
  });

  it('has no province breakdown below the academy, and never a school for officers', () => {
    const stats = officerStats();
    stats.scope = { kind: 'province', unitId: 'p1' };
    stats.breakdowns.province = [];
    const data = statisticsReportData(stats, context());
    expect(data.breakdowns.some((b) => b.key === 'province')).toBeFalse();
    expect(data.organisation.school).toBeNull();
    expect(JSON.stringify(data)).not.toMatch(/"school":\{/);
  });

  it('a withheld open / closed split and suppressed on-time share', () => {
    const stats = officerStats();
    stats.withheld.push('status');
    stats.open = small;
    stats.closed = small;
    stats.onTime = { stepsDone: small, stepsOnTime: small, share: null, suppressed: true };
    const data = statisticsReportData(stats, context());
    expect(data.statusWithheld).toBeTrue();
    expect(data.onTime).toEqual({
      stepsDone: { value: null, mark: '<5' },
      stepsOnTime: { value: null, mark: '<5' },
      percent: null,
      suppressed: true,
    });
  });

  it('labels months in French, Moroccan Arabic and English', () => {
    expect(monthLabel('2026-11')).toEqual({ fr: 'novembre 2026', ar: 'نونبر 2026', en: 'November 2026' });
    expect(monthLabel('nope')).toEqual({ fr: 'nope', ar: 'nope', en: 'nope' });
  });

  it('renders with the D13 template in every language', () => {
    const data = statisticsReportData(officerStats(), context());
    for (const lang of ['fr', 'ar', 'en'] as const) {
      const { pdf } = renderDocument({ template: 'statistics', lang, data });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
  });
});
