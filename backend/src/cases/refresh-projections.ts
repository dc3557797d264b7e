import { computeCaseState } from '@sanad/protocols';
import { IsNull, LessThan, type DataSource } from 'typeorm';
import { nowIso } from '../database/columns';
import type { ProtocolCatalogue } from '../protocols/protocol-catalogue';
import { calendarForSchool } from '../protocols/school-calendars';
import { loadEngineEvents } from './case-events';
import { CaseRecord } from './case.entities';
import { CasePerson } from '../people/person.entity';
import { peopleSexOf, PROJECTION_VERSION, projectionOf } from './projection';

/**
 * Rebuilds the projection of cases written by an older PROJECTION_VERSION (after an upgrade), by replaying their
 * events through their pinned protocol version (and the sex columns from the case's people). Idempotent; a few hundred cases a second. Returns how many.
 */
export async function refreshProjections(db: DataSource, catalogue: ProtocolCatalogue): Promise<number> {
  let done = 0;
  for (;;) {
    const batch = await db
      .getRepository(CaseRecord)
      .find({ where: { projectionVersion: LessThan(PROJECTION_VERSION) }, take: 200, order: { id: 'ASC' } });
    if (!batch.length) return done;
    for (const record of batch) {
      await db.transaction(async (m) => {
        const loaded = catalogue.get(record.protocolId, record.protocolVersion);
        if (!loaded) throw new Error(`case ${record.id}: protocol ${record.protocolId}@${record.protocolVersion} missing`);
        const events = await loadEngineEvents(m, record.id);
        const state = computeCaseState(loaded.definition, events, { now: nowIso(), calendar: await calendarForSchool(m, record.schoolId) });
        const people = await m.find(CasePerson, { select: { role: true, sex: true }, where: { caseId: record.id, removedAt: IsNull() } });
        await m.update(CaseRecord, { id: record.id }, { ...projectionOf(loaded.definition, state, record.state), ...peopleSexOf(people) });
      });
      done++;
    }
  }
}
