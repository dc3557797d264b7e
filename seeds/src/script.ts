import { DEFAULT_MINUTES_AFTER, type CaseSeed, type ScriptedEvent, type UserSeed } from './types';

const MINUTE_MS = 60_000;

/**
 * The engine events of a demo case's script, in order, after its `case_created` event (which the caller writes
 * from `createdAt` and `createdById`). Each actor's role is the user's role. Throws on an unknown user.
 */
export function scriptedEvents(c: Pick<CaseSeed, 'createdAt' | 'script'>, users: readonly UserSeed[]): ScriptedEvent[] {
  let clock = Date.parse(c.createdAt);
  return c.script.map((action, i) => {
    clock += (action.minutesAfter ?? DEFAULT_MINUTES_AFTER) * MINUTE_MS;
    const at = new Date(clock).toISOString();
    const user = users.find((u) => u.id === action.by);
    if (!user) throw new Error(`script[${i}]: unknown user ${action.by}`);
    const actor = { id: user.id, role: user.role };
    switch (action.do) {
      case 'complete':
        return {
          type: 'step_completed',
          at,
          actor,
          payload: { stepId: action.step, answers: { ...(action.answers ?? {}) }, checklist: [...(action.checklist ?? [])] },
        };
      case 'sign':
        return {
          type: 'step_signed',
          at,
          actor,
          payload: { stepId: action.step, ...(action.comment !== undefined ? { comment: action.comment } : {}) },
        };
      case 'note':
        return { type: 'note_added', at, actor, payload: { text: action.text } };
      case 'reopen':
        return { type: 'case_reopened', at, actor, payload: { reason: action.reason } };
    }
  });
}
