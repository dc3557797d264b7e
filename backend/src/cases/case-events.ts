import type { CaseEvent as EngineEvent } from '@sanad/protocols';
import type { EntityManager } from 'typeorm';
import { CaseEvent } from './case.entities';

/**
 * Event types the backend records in a case's timeline that are not about the protocol (the engine of
 * `@sanad/protocols` does not know them): who may see the case, who is in charge of it, the danger signs reported
 * at intake. They take a seq like any event (so a write
 * based on a stale view still gets 409) but are never given to the engine.
 */
export const ACCESS_CHANGED = 'access_changed';
/** Who is in charge of the case: `{ assigneeId: string | null, previousId: string | null }`. */
export const ASSIGNEE_CHANGED = 'assignee_changed';
/** Danger signs ticked by whoever logged the incident: `{ flags: string[] }` (cases/danger.ts). */
export const DANGER_REPORTED = 'danger_reported';
/** A pseudonymised report sent to the direction provinciale / academy (issue #9): `{ transmissionId, kind }`. */
export const TRANSMITTED = 'transmitted';
/**
 * A step of a sent report, on the officer's side or the school's: `{ transmissionId, kind, event, status }` with
 * event `acknowledged`, `message` (the text stays in the transmission's thread) or `handled`.
 */
export const TRANSMISSION_UPDATED = 'transmission_updated';
const BACKEND_ONLY_EVENTS: ReadonlySet<string> = new Set([
  ACCESS_CHANGED,
  ASSIGNEE_CHANGED,
  DANGER_REPORTED,
  TRANSMITTED,
  TRANSMISSION_UPDATED,
]);

/** A case's protocol events in order, as the engine reads them (backend-only events left out). */
export async function loadEngineEvents(m: EntityManager, caseId: string): Promise<EngineEvent[]> {
  const rows = (await m.getRepository(CaseEvent).find({ where: { caseId }, order: { seq: 'ASC' } })).filter(
    (r) => !BACKEND_ONLY_EVENTS.has(r.type),
  );
  return rows.map(
    (r) =>
      ({ seq: r.seq, type: r.type, at: r.at, actor: { id: r.actorId, role: r.actorRole }, payload: r.payload }) as unknown as EngineEvent,
  );
}

/** Appends one event row (the only way events are written; they are never updated). */
export async function insertEvent(m: EntityManager, row: CaseEvent): Promise<void> {
  await m.getRepository(CaseEvent).insert(row as never);
}
