import { nextStatus } from './flow';
import { parsePeriod, periodStarted } from './periods';
import { buildSummary, type SchoolRef } from './snapshot';

describe('transmission flow', () => {
  it('goes submitted → acknowledged → information_requested ↔ answered → handled', () => {
    expect(nextStatus('submitted', 'acknowledge')).toEqual({ ok: true, status: 'acknowledged', event: 'acknowledged' });
    expect(nextStatus('acknowledged', 'officer_message')).toEqual({ ok: true, status: 'information_requested', event: 'message' });
    expect(nextStatus('information_requested', 'school_message')).toEqual({ ok: true, status: 'answered', event: 'message' });
    expect(nextStatus('answered', 'officer_message')).toEqual({ ok: true, status: 'information_requested', event: 'message' });
    expect(nextStatus('answered', 'handle')).toEqual({ ok: true, status: 'handled', event: 'handled' });
  });

  it('keeps the status when the school writes without being asked, and refuses a second acknowledgement', () => {
    expect(nextStatus('acknowledged', 'school_message')).toEqual({ ok: true, status: 'acknowledged', event: 'message' });
    expect(nextStatus('acknowledged', 'acknowledge')).toEqual({ ok: false, code: 'TRANSMISSION_ACKNOWLEDGED' });
  });

  it('changes nothing once handled', () => {
    for (const action of ['acknowledge', 'officer_message', 'school_message', 'handle'] as const) {
      expect(nextStatus('handled', action)).toEqual({ ok: false, code: 'TRANSMISSION_HANDLED' });
    }
  });
});

describe('summary periods', () => {
  it('reads months and the two terms of a school year', () => {
    expect(parsePeriod('2026-12')).toEqual(jasmine.objectContaining({ kind: 'month', from: '2026-12-01', to: '2027-01-01' }));
    expect(parsePeriod('2026-11')?.label.ar).toBe('نونبر 2026');
    expect(parsePeriod('2026-T1')).toEqual(jasmine.objectContaining({ kind: 'term', from: '2026-09-01', to: '2027-02-01' }));
    expect(parsePeriod('2026-T2')).toEqual(jasmine.objectContaining({ from: '2027-02-01', to: '2027-08-01' }));
    for (const bad of ['2026-13', '2026-00', '2026-T3', '26-11', '2026-11-01', '']) expect(parsePeriod(bad)).withContext(bad).toBeNull();
  });

  it('allows a period once it has started', () => {
    expect(periodStarted(parsePeriod('2026-11')!, '2026-11-01')).toBeTrue();
    expect(periodStarted(parsePeriod('2026-12')!, '2026-11-30')).toBeFalse();
  });
});

describe('buildSummary', () => {
  const school = { code: 'S0' } as SchoolRef;
  const period = parsePeriod('2026-11')!;
  const label = (code: string) => ({ fr: code, ar: code, en: code });

  it('counts the cases reported in the period, closures in it and cases open at its end', () => {
    const s = buildSummary({
      period,
      school,
      caseReportsSent: 2,
      typeLabel: label,
      platformLabel: label,
      cases: [
        {
          createdAt: '2026-10-20T10:00:00.000Z',
          tier: 'T1',
          typeCodes: ['INSULT'],
          platformCodes: [],
          closedAt: '2026-11-10T10:00:00.000Z',
        },
        { createdAt: '2026-11-02T10:00:00.000Z', tier: 'T2', typeCodes: ['INSULT', 'MOBBING'], platformCodes: ['TIKTOK'], closedAt: null },
        {
          createdAt: '2026-11-30T22:00:00.000Z',
          tier: null,
          typeCodes: ['INSULT'],
          platformCodes: ['TIKTOK'],
          closedAt: '2026-12-05T10:00:00.000Z',
        },
        { createdAt: '2026-09-01T10:00:00.000Z', tier: 'T0', typeCodes: [], platformCodes: [], closedAt: '2026-10-01T10:00:00.000Z' },
      ],
    });
    expect(s.reported).toBe(2);
    expect(s.byTier).toEqual([
      { tier: 'T0', count: 0 },
      { tier: 'T1', count: 0 },
      { tier: 'T2', count: 1 },
      { tier: 'T3', count: 0 },
      { tier: 'none', count: 1 },
    ]);
    expect(s.byType.map((x) => [x.code, x.count])).toEqual([
      ['INSULT', 2],
      ['MOBBING', 1],
    ]);
    expect(s.byPlatform.map((x) => [x.code, x.count])).toEqual([['TIKTOK', 2]]);
    expect(s.closed).toBe(1);
    expect(s.openAtEnd).toBe(2);
    expect(s.caseReportsSent).toBe(2);
  });
});
