import { makeCalendar } from '../src';
import { CaseBuilder } from './support/case-builder';
import { loadReference } from './support/reference';
import { PUPIL_AUTHORS } from './support/scenarios';

// Reported on Friday 2026-11-27 at 15:00 UTC (16:00 in Morocco).
const FRIDAY = '2026-11-27T15:00:00Z';

function friday(calendar = makeCalendar()): CaseBuilder {
  return new CaseBuilder(loadReference(), FRIDAY, calendar).create().complete('intake', 'team_member', PUPIL_AUTHORS);
}

describe('deadlines', () => {
  it('counts triage (1 school day) over the weekend', () => {
    const c = friday();
    const triage = c.state().steps.find((s) => s.stepId === 'triage');
    expect(triage?.dueAt).toBe('2026-11-30T22:59:59.999Z');
  });

  it('skips a public holiday on the Monday', () => {
    const c = friday(makeCalendar({ holidays: [{ from: '2026-11-30', to: '2026-11-30' }] }));
    expect(c.state().steps.find((s) => s.stepId === 'triage')?.dueAt).toBe('2026-12-01T22:59:59.999Z');
  });

  it('marks the danger check overdue after two hours and escalates to the principal one hour later', () => {
    const c = friday();
    expect(c.state('2026-11-27T16:30:00Z').warnings).toContain('danger_check');
    const late = c.state('2026-11-27T17:30:00Z');
    expect(late.overdue).toContain('danger_check');
    expect(late.steps.find((s) => s.stepId === 'danger_check')?.status).toBe('overdue');
    expect(late.escalations).toEqual([]);
    const later = c.state('2026-11-27T18:30:00Z');
    expect(later.escalations).toContain({ stepId: 'danger_check', notify: ['principal'], since: '2026-11-27T18:00:00.000Z' });
  });

  it('a step that is done is never overdue', () => {
    const c = friday().complete('danger_check', 'coordinator', { staffImplicated: false });
    const s = c.state('2026-12-10T08:00:00Z');
    expect(s.overdue).not.toContain('danger_check');
    expect(s.overdue).toContain('triage');
  });

  it('counts the MPP result check 15 calendar days from the track decision', () => {
    const c = friday()
      .complete('danger_check', 'coordinator', { staffImplicated: false })
      .complete('triage', 'coordinator', { tier: 'T1' })
      .complete('track_decision', 'coordinator', { track: 'MPP' });
    const decidedAt = c.events[c.events.length - 1]?.at ?? '';
    expect(decidedAt.slice(0, 10)).toBe('2026-11-27');
    expect(c.state().steps.find((s) => s.stepId === 'mpp_result_check')?.dueAt).toBe('2026-12-12T22:59:59.999Z');
  });

  it('repeats weekly meetings every 5 school days after the last one', () => {
    const c = friday()
      .complete('danger_check', 'coordinator', { staffImplicated: false })
      .complete('triage', 'coordinator', { tier: 'T1' })
      .complete('track_decision', 'coordinator', { track: 'MPP' });
    c.complete('mpp_first_round', 'team_member').complete('mpp_meeting', 'team_member');
    const meeting = c.state().steps.find((s) => s.stepId === 'mpp_meeting');
    expect(meeting?.occurrences).toBe(1);
    expect(meeting?.status).toBe('available');
    expect(meeting?.dueAt).toBe('2026-12-04T22:59:59.999Z');
  });

  it('counts emergency deadlines from entering the emergency state', () => {
    const c = friday().complete('danger_check', 'coordinator', { dangerFlags: ['SELF_HARM'], staffImplicated: false });
    const enteredAt = c.state().history.find((h) => h.to === 'EMERGENCY_ESCALATED')?.at ?? '';
    const secure = c.state().steps.find((s) => s.stepId === 'secure_child');
    expect(Date.parse(secure?.dueAt ?? '') - Date.parse(enteredAt)).toBe(3_600_000);
    expect(c.state().steps.find((s) => s.stepId === 'authorities_alert')?.dueAt).toBe('2026-11-27T22:59:59.999Z');
  });
});
