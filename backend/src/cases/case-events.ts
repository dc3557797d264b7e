import type { CaseEvent as EngineEvent } from '@sanad/protocols';
import type { EntityManager } from 'typeorm';
import { CaseEvent } from './case.entities';

/** A case's events in order, as the engine reads them. */
export async function loadEngineEvents(m: EntityManager, caseId: string): Promise<EngineEvent[]> {
  const rows = await m.getRepository(CaseEvent).find({ where: { caseId }, order: { seq: 'ASC' } });
  return rows.map(
    (r) =>
      ({ seq: r.seq, type: r.type, at: r.at, actor: { id: r.actorId, role: r.actorRole }, payload: r.payload }) as unknown as EngineEvent,
  );
}

/** Appends one event row (the only way events are written; they are never updated). */
export async function insertEvent(m: EntityManager, row: CaseEvent): Promise<void> {
  await m.getRepository(CaseEvent).insert(row as never);
}
