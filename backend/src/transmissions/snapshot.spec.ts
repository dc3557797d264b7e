import { findDefinition, loadDefinitions } from '@sanad/protocols/node';
import type { StoredEvent } from '../documents/case-documents';
import { buildCaseSnapshot, reportAsSent, type SchoolRef } from './snapshot';

const definition = findDefinition(loadDefinitions(), 'ma-cyberharassment', '1.0.0')!.definition;
const school: SchoolRef = {
  id: 's',
  code: 'RSK-RAB-0001',
  name: { fr: 'Collège', ar: 'إعدادية' },
  province: { id: 'p', name: { fr: 'Rabat', ar: 'الرباط', en: 'Rabat' } },
  academy: { id: 'r', name: { fr: 'RSK', ar: 'RSK', en: 'RSK' } },
  level: { code: 'college', label: { fr: 'Collège', ar: 'إعدادي', en: 'Lower secondary' } },
};
const MARK = 'ZQMARK';
const step = (seq: number, stepId: string, answers: Record<string, unknown>, at = `2026-11-0${seq}T10:00:00.000Z`): StoredEvent => ({
  seq,
  type: 'step_completed',
  at,
  actorId: 'u1',
  actorRole: 'coordinator',
  payload: { stepId, answers, checklist: [] },
});

describe('buildCaseSnapshot', () => {
  const events: StoredEvent[] = [
    {
      seq: 1,
      type: 'case_created',
      at: '2026-11-01T09:00:00.000Z',
      actorId: 'u1',
      actorRole: 'team_member',
      payload: { title: `${MARK} title` },
    },
    step(2, 'intake', { description: `${MARK} description`, targetRef: `${MARK} Yasmine`, types: ['INSULT'], platforms: ['TIKTOK'] }),
    step(3, 'triage', { tier: 'T3', rationale: `${MARK} rationale` }),
    {
      seq: 4,
      type: 'note_added',
      at: '2026-11-04T10:00:00.000Z',
      actorId: 'u1',
      actorRole: 'coordinator',
      payload: { text: `${MARK} note` },
    },
    step(5, 'authorities_alert', { channels: ['POLICE_19'], reference: 'PV-2026/118', alertedAt: '2026-11-05T08:00:00.000Z' }),
    step(6, 'authorities_alert', { channels: ['POLICE_19'], reference: `Mme ${MARK}` }),
    step(7, 'staff_referral', { referredTo: `${MARK} l'infirmière`, referredOn: '2026-11-07' }),
    step(8, 'followup_1', { situation: 'DECREASED', notes: `${MARK} follow-up` }),
  ];
  const snapshot = buildCaseSnapshot({
    kind: 'triage_report',
    kindLabel: { fr: 'Tri', ar: 'فرز', en: 'Triage' },
    school,
    record: { reference: '2026-0042', occurredOn: '2026-10-30', createdAt: '2026-11-01T09:00:00.000Z', state: 'EMERGENCY_ESCALATED' },
    definition,
    facts: { tier: 'T3', types: ['INSULT'], platforms: ['TIKTOK'] },
    closed: false,
    events,
    people: [{ code: 'E1', role: 'target', displayName: `${MARK} name` } as { code: string; role: string }],
    report: {
      case: {
        code: 'x',
        openedAt: '',
        closedAt: null,
        tier: 'T3',
        track: 'EMERGENCY',
        state: { fr: '', ar: '', en: '' },
        level: { fr: '', ar: '', en: '' },
      },
    },
    platformLabel: () => undefined,
  });

  it('copies codes, labels, dates and the case code, and no text typed by staff', () => {
    expect(JSON.stringify(snapshot)).not.toContain(MARK);
    expect(snapshot.caseCode).toBe('RSK-RAB-0001-2026-0042');
    expect(snapshot.people).toEqual([{ code: 'E1', role: 'target' }]);
    expect(snapshot.types.map((t) => t.code)).toEqual(['INSULT']);
    expect(snapshot.tier).toBe('T3');
    expect(snapshot.followUpOutcome).toBe('DECREASED');
    expect(snapshot.keyDates.map((k) => k.stepId)).toEqual(['intake', 'triage', 'authorities_alert', 'staff_referral', 'followup_1']);
  });

  it('keeps reference numbers that look like one, and names no colleague or service typed in free text', () => {
    expect(snapshot.escalations.map((e) => [e.stepId, e.reference, e.at])).toEqual([
      ['authorities_alert', 'PV-2026/118', '2026-11-05T08:00:00.000Z'],
      ['authorities_alert', null, '2026-11-06T10:00:00.000Z'],
      ['staff_referral', null, '2026-11-07'],
    ]);
    expect(snapshot.escalations[0].authority.fr).toBe('Police (19)');
    expect(snapshot.escalations[2].authority.fr).toBe('Autorité compétente');
  });

  it('sends the academy report with the registry codes and never a summary', () => {
    const sent = reportAsSent({ people: [{ code: 'E1', role: 'TARGET' }], summary: 'x', outcome: 'y' } as never, [
      { code: 'E1', role: 'target' },
      { code: 'A2', role: 'author' },
      { code: 'R1', role: 'reporter' },
    ]);
    expect(sent.people).toEqual([
      { code: 'E1', role: 'TARGET' },
      { code: 'A2', role: 'PRESUMED_AUTHOR' },
    ]);
    expect(sent.summary).toBeNull();
    expect(sent.outcome).toBeNull();
  });
});
