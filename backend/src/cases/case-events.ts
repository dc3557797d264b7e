import type { CaseEvent as EngineEvent } from '@sanad/protocols';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { insertRow } from '../database/raw-rows';
import { CaseEvent, CaseRecord } from './case.entities';

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
/**
 * A correction of a person involved (people/, Law 09-08 right of correction):
 * `{ personId, code, changed: { field: { from, to } }, reason? }`; the row is updated in the same transaction.
 */
export const PERSON_UPDATED = 'person_updated';
/** A person taken off the case (the row is kept with `removedAt`, the code never given again): `{ personId, code }`. */
export const PERSON_REMOVED = 'person_removed';
/** The principal placed a legal hold (docs/retention.md: never purged while held): `{ reason }`. */
export const LEGAL_HOLD_PLACED = 'legal_hold_placed';
/** The principal released it (also lifts the automatic hold of an earlier authorities alert): `{ reason, automatic }`. */
export const LEGAL_HOLD_RELEASED = 'legal_hold_released';
/**
 * A report of the public channel (issue #11, docs/public-reporting.md) turned into this case or linked to it:
 * `{ reportId, code, how: 'converted' | 'linked', reporterRole, since, platforms, dangerNow, text }`; `code` is the
 * report's code (R7K-4QX-9TB), `text` the reporter's own words (the intake description; erased by anonymisation like
 * any free text).
 */
export const INTAKE_REPORT_ATTACHED = 'intake_report_attached';
const BACKEND_ONLY_EVENTS: ReadonlySet<string> = new Set([
  INTAKE_REPORT_ATTACHED,
  ACCESS_CHANGED,
  ASSIGNEE_CHANGED,
  DANGER_REPORTED,
  TRANSMITTED,
  TRANSMISSION_UPDATED,
  LEGAL_HOLD_PLACED,
  LEGAL_HOLD_RELEASED,
  PERSON_UPDATED,
  PERSON_REMOVED,
]);

/** A case's protocol events in order, as the engine reads them (backend-only events left out). */
export async function loadEngineEvents(m: EntityManager, caseId: string): Promise<EngineEvent[]> {
  return engineEventsOf(await loadCaseEvents(m, caseId));
}

const EVENT_SELECT = 'SELECT "id", "caseId", "seq", "type", "payload", "actorId", "actorRole", "at" FROM "case_events" WHERE "caseId" = ';

/**
 * All of a case's events (protocol and backend-only), in order: one read serves the engine and the rest. One fixed
 * SQL text (no query building, no entity hydration: every column is portable text or integer, the payload JSON text,
 * docs/decisions/0002), run in the caller's transaction when there is one.
 */
export async function loadCaseEvents(m: EntityManager, caseId: string): Promise<CaseEvent[]> {
  const sql = `${EVENT_SELECT}${m.connection.options.type === 'postgres' ? '$1' : '?'} ORDER BY "seq"`;
  const rows = await m.query<(Omit<CaseEvent, 'payload'> & { payload: string })[]>(sql, [caseId]);
  return rows.map((r) => ({ ...r, seq: Number(r.seq), payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

/** The engine's view of event rows in order: backend-only events left out. */
export function engineEventsOf(rows: readonly CaseEvent[]): EngineEvent[] {
  return rows
    .filter((r) => !BACKEND_ONLY_EVENTS.has(r.type))
    .map(
      (r) =>
        ({ seq: r.seq, type: r.type, at: r.at, actor: { id: r.actorId, role: r.actorRole }, payload: r.payload }) as unknown as EngineEvent,
    );
}

/** Appends one event row (the only way events are written; they are never updated). */
export async function insertEvent(m: EntityManager, row: CaseEvent): Promise<void> {
  await insertRow(m, CaseEvent, row);
}

/**
 * Appends a backend-only event at the case's next seq, in the caller's transaction. With `expectedSeq` the write is
 * based on that view of the case (409 CONFLICT if another event came first); without, it takes the next seq
 * whatever it is (a few tries if someone writes at the same moment), for writes that do not depend on the protocol.
 * Returns the new seq.
 */
export async function appendBackendEvent(
  m: EntityManager,
  caseId: string,
  actor: { id: string; role: string },
  event: { type: string; payload: Record<string, unknown>; at: string; expectedSeq?: number },
): Promise<number> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await m.getRepository(CaseRecord).findOne({ select: { id: true, lastEventSeq: true }, where: { id: caseId } });
    if (!current) throw new DomainError('CASE_NOT_FOUND');
    const expected = event.expectedSeq ?? current.lastEventSeq;
    const claimed = await m
      .createQueryBuilder()
      .update(CaseRecord)
      .set({ lastEventSeq: expected + 1, updatedAt: event.at })
      .where('id = :id AND lastEventSeq = :expected', { id: caseId, expected })
      .execute();
    if (!claimed.affected) {
      if (event.expectedSeq !== undefined) throw new DomainError('CONFLICT');
      continue;
    }
    const seq = expected + 1;
    await insertEvent(m, {
      id: randomUUID(),
      caseId,
      seq,
      type: event.type,
      payload: event.payload,
      actorId: actor.id,
      actorRole: actor.role,
      at: event.at,
    });
    return seq;
  }
  throw new DomainError('CONFLICT');
}
