import type { FieldType } from '@sanad/protocols';
import { ERASED, scrubEventPayload } from './scrub';

const TYPES: Record<string, FieldType> = {
  'intake/summary': 'longText',
  'intake/types': 'multiChoice',
  'intake/repeated': 'yesNo',
  'intake/reportedAt': 'datetime',
  'intake/targetRef': 'personRef',
  'triage/tier': 'choice',
  'triage/name': 'text',
};
const typeOf = (step: string, field: string) => TYPES[`${step}/${field}`];

describe('anonymisation of event payloads', () => {
  it('erases free-text answers and keeps codes, booleans, numbers and dates', () => {
    const payload = {
      stepId: 'intake',
      answers: {
        summary: 'Yassine a reçu des insultes',
        types: ['INSULT', 'MOBBING'],
        repeated: true,
        reportedAt: '2026-11-02T08:00:00.000Z',
        targetRef: 'La sœur de Yassine',
        count: 3,
        unknownField: 'Une phrase libre',
        unknownCode: 'T2',
      },
      checklist: ['parents_called'],
    };
    expect(scrubEventPayload('step_completed', payload, typeOf)).toEqual({
      stepId: 'intake',
      answers: {
        summary: ERASED,
        types: ['INSULT', 'MOBBING'],
        repeated: true,
        reportedAt: '2026-11-02T08:00:00.000Z',
        targetRef: ERASED,
        count: 3,
        unknownField: ERASED,
        unknownCode: 'T2',
      },
      checklist: ['parents_called'],
    });
  });

  it('erases a text field even when it looks like a code, and the answers of a correction by the corrected step', () => {
    expect(scrubEventPayload('step_completed', { stepId: 'triage', answers: { name: 'YASSINE', tier: 'T1' } }, typeOf)).toEqual({
      stepId: 'triage',
      answers: { name: ERASED, tier: 'T1' },
    });
    expect(scrubEventPayload('correction', { refSeq: 3, answers: { name: 'AMINE' }, reason: 'Faute de frappe' }, typeOf, 'triage')).toEqual(
      { refSeq: 3, answers: { name: ERASED }, reason: ERASED },
    );
  });

  it('erases notes, comments, reasons, the title and corrections of people; keeps ids and codes', () => {
    expect(scrubEventPayload('note_added', { text: 'Appel de la mère' }, typeOf)).toEqual({ text: ERASED });
    expect(scrubEventPayload('step_signed', { stepId: 'triage', comment: 'OK' }, typeOf)).toEqual({ stepId: 'triage', comment: ERASED });
    expect(
      scrubEventPayload('case_created', { protocolId: 'ma-cyberharassment', title: 'Insultes', occurredOn: '2026-11-02' }, typeOf),
    ).toEqual({ protocolId: 'ma-cyberharassment', title: ERASED, occurredOn: '2026-11-02' });
    expect(
      scrubEventPayload(
        'person_updated',
        { personId: 'p1', code: 'E1', changed: { displayName: { from: 'Amine', to: 'Amine B.' } } },
        typeOf,
      ),
    ).toEqual({ personId: 'p1', code: 'E1', changed: { displayName: { from: ERASED, to: ERASED } } });
    expect(scrubEventPayload('danger_reported', { flags: ['SELF_HARM'] }, typeOf)).toEqual({ flags: ['SELF_HARM'] });
    expect(scrubEventPayload('legal_hold_placed', { reason: 'Plainte de la famille' }, typeOf)).toEqual({ reason: ERASED });
    // a safety net for event types added later: a sentence is erased, an identifier stays
    expect(scrubEventPayload('something_new', { status: 'acknowledged', text: 'Une phrase' }, typeOf)).toEqual({
      status: 'acknowledged',
      text: ERASED,
    });
  });
});
