import { computeCaseState, type CaseEvent as EngineEvent, type SchoolCalendar } from '@sanad/protocols';
import type { LoadedDefinition } from '@sanad/protocols/node';
import { projectionOf } from './projection';
import type { CaseRecord } from './case.entities';

export interface NewCaseInput {
  id: string;
  schoolId: string;
  reference: string;
  title: string;
  occurredOn: string;
  createdById: string;
  createdByRole: string;
  at: string;
}

/**
 * The first event of a case and its projection, pinned to a protocol version. Used by the API and the demo
 * seeder so both open cases the same way.
 */
export function openCase(
  input: NewCaseInput,
  protocol: LoadedDefinition,
  calendar: SchoolCalendar,
): { record: CaseRecord; event: EngineEvent } {
  const { definition } = protocol;
  const event: EngineEvent = {
    seq: 1,
    type: 'case_created',
    at: input.at,
    actor: { id: input.createdById, role: input.createdByRole },
    payload: { protocolId: definition.id, protocolVersion: definition.version, title: input.title, occurredOn: input.occurredOn } as never,
  };
  const state = computeCaseState(definition, [event], { now: input.at, calendar });
  const record: CaseRecord = {
    id: input.id,
    schoolId: input.schoolId,
    reference: input.reference,
    title: input.title,
    occurredOn: input.occurredOn,
    protocolId: definition.id,
    protocolVersion: definition.version,
    lastEventSeq: 1,
    createdById: input.createdById,
    assigneeId: null,
    legalHoldAt: null,
    legalHoldById: null,
    legalHoldReason: null,
    legalHoldReleasedAt: null,
    anonymisedAt: null,
    // the people of the case (none yet) give these: PeopleService
    targetSex: null,
    authorSex: null,
    createdAt: input.at,
    updatedAt: input.at,
    ...projectionOf(definition, state, 'REPORTED'),
  };
  return { record, event };
}
