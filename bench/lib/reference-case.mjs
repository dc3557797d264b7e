// Builds realistic events for one case of the reference protocol, checking each with the engine like the API.
import { applicable, applySets, computeCaseState, findStep, holds, makeCalendar, PLATFORMS } from '@sanad/protocols';

function fill(step, facts, overrides = {}) {
  const answers = {};
  for (const field of step.form?.fields ?? []) {
    if (field.id in overrides) {
      answers[field.id] = overrides[field.id];
      continue;
    }
    const ctx = applySets(facts, step, { ...answers, ...overrides });
    if (!holds(field.when, ctx) || !field.required) continue;
    const allowed = (field.options ?? []).filter((o) => holds(o.when, ctx)).map((o) => o.value);
    const value = {
      text: 'Noté par la cellule',
      longText: 'Noté par la cellule — ملاحظة',
      personRef: 'Élève A.',
      date: '2026-11-23',
      datetime: '2026-11-23T09:30:00Z',
      number: field.min ?? 1,
      yesNo: false,
      choice: allowed[0],
      multiChoice: allowed[0] === undefined ? undefined : [allowed[0]],
      platform: field.multiple ? [PLATFORMS[0]] : PLATFORMS[0],
    }[field.type];
    if (value !== undefined) answers[field.id] = value;
  }
  return { answers, checklist: (step.checklist?.items ?? []).filter((i) => i.required).map((i) => i.id) };
}

/** A shared-concern (MPP) case: intake, triage, protection, then weekly meetings and notes up to `count` events. */
export function mppCaseEvents(def, count, calendar = makeCalendar()) {
  const events = [];
  let clock = Date.parse('2026-11-23T08:00:00Z');
  const push = (type, role, payload) => {
    const at = new Date((clock += 3_600_000)).toISOString();
    const event = { type, at, actor: { id: `user-${role}`, role }, payload };
    const verdict = applicable(def, events, event, { now: at, calendar });
    if (!verdict.ok) throw new Error(`${type} ${payload.stepId ?? ''}: ${verdict.code} ${JSON.stringify(verdict.fieldErrors ?? [])}`);
    events.push({ ...event, seq: events.length + 1 });
  };
  const complete = (stepId, role, overrides) => {
    const facts = computeCaseState(def, events, { now: new Date(clock).toISOString(), calendar }).facts;
    push('step_completed', role, { stepId, ...fill(findStep(def, stepId), facts, overrides) });
  };
  push('case_created', 'team_member', { protocolId: def.id, protocolVersion: def.version });
  complete('intake', 'team_member', {
    authorsKnown: true,
    authorsArePupils: true,
    types: ['INSULT'],
    repeated: true,
    platforms: ['INSTAGRAM'],
  });
  complete('danger_check', 'coordinator', { staffImplicated: false });
  complete('triage', 'coordinator', { tier: 'T1' });
  complete('track_decision', 'coordinator', { track: 'MPP' });
  complete('target_interview', 'team_member');
  complete('mpp_first_round', 'team_member');
  while (events.length < count) {
    if (events.length % 2) push('note_added', 'team_member', { text: `Point de suivi ${events.length}` });
    else complete('mpp_meeting', 'team_member');
  }
  return events;
}
