import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { IntakeReport, IntakeReportEvent } from './public-report.entities';

/** Event types of a report's log (append-only). */
export const REPORT_EVENTS = ['received', 'reporter_message', 'team_message', 'converted', 'linked', 'dismissed', 'closed'] as const;
export type ReportEventType = (typeof REPORT_EVENTS)[number];

/**
 * Appends one event at the report's next seq, in the caller's transaction, with changes to the report row made
 * in the same conditional UPDATE (`lastSeq` as it was read): two writes at once never take the same seq.
 */
export async function appendReportEvent(
  m: EntityManager,
  reportId: string,
  event: { type: ReportEventType; actor: { id: string; role: string } | null; payload?: Record<string, unknown>; at: string },
  changes: Partial<Pick<IntakeReport, 'status' | 'caseId' | 'dismissReason' | 'handledAt' | 'closedAt'>> = {},
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await m.getRepository(IntakeReport).findOne({ select: { id: true, lastSeq: true }, where: { id: reportId } });
    if (!current) throw new DomainError('INTAKE_REPORT_NOT_FOUND');
    const claimed = await m
      .createQueryBuilder()
      .update(IntakeReport)
      .set({ ...changes, lastSeq: current.lastSeq + 1, updatedAt: event.at })
      .where('id = :id AND lastSeq = :seq', { id: reportId, seq: current.lastSeq })
      .execute();
    if (!claimed.affected) continue;
    await m.getRepository(IntakeReportEvent).insert({
      id: randomUUID(),
      reportId,
      seq: current.lastSeq + 1,
      type: event.type,
      actorId: event.actor?.id ?? null,
      actorRole: event.actor?.role ?? null,
      payload: (event.payload ?? {}) as never,
      at: event.at,
    });
    return;
  }
  throw new DomainError('CONFLICT');
}
