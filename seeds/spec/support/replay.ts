/** Replays demo case scripts through the protocol engine, checking each event like the API does. */
import {
  applicable,
  computeCaseState,
  findStep,
  makeCalendar,
  PLATFORMS,
  type CaseEvent,
  type CaseState,
  type ProtocolDefinition,
  type SchoolCalendar,
} from '@sanad/protocols';
import { loadDefinitions } from '@sanad/protocols/node';
import { calendarFor, referenceData, scriptedEvents, type CaseSeed, type ProtocolFacts, type SchoolSeed, type UserSeed } from '../../src';

let cached: ProtocolDefinition | undefined;

/**
 * The reference protocol as new cases follow it: the newest published version of ma-cyberharassment (1.1.0), loaded
 * and validated from the protocols package. The backend seeds the demo cases on that version.
 */
export function referenceProtocol(): ProtocolDefinition {
  cached ??= loadDefinitions()
    .filter((l) => l.definition.id === 'ma-cyberharassment' && l.definition.status === 'published')
    .map((l) => l.definition)
    .sort((a, b) => a.version.localeCompare(b.version, 'en', { numeric: true }))
    .at(-1);
  if (!cached) throw new Error('no published version of the reference protocol ma-cyberharassment');
  return cached;
}

function optionsOf(def: ProtocolDefinition, stepId: string, fieldId: string): string[] {
  const field = findStep(def, stepId)?.form?.fields.find((f) => f.id === fieldId);
  if (!field?.options) throw new Error(`no options for ${stepId}.${fieldId}`);
  return field.options.map((o) => o.value);
}

/** What checkSeeds compares the seeds with. */
export function protocolFacts(def: ProtocolDefinition = referenceProtocol()): ProtocolFacts {
  return {
    intakeTypes: optionsOf(def, 'intake', 'types'),
    platforms: PLATFORMS,
    states: def.states.map((s) => s.id),
    tracks: [...new Set([...optionsOf(def, 'track_decision', 'track'), ...optionsOf(def, 'emergency_handover', 'track')])],
    optionValues: def.phases.flatMap((p) =>
      p.steps.flatMap((s) => (s.form?.fields ?? []).flatMap((f) => (f.options ?? []).map((o) => o.value))),
    ),
  };
}

/** The school calendar of a demo school (its academy's calendar), as the backend builds it. */
export function calendarOfSchool(schoolId: string, schools: SchoolSeed[]): SchoolCalendar {
  const school = schools.find((s) => s.id === schoolId);
  const province = referenceData.provinces.find((p) => p.id === school?.provinceId);
  const region = referenceData.regions.find((r) => r.id === province?.regionId);
  const c = calendarFor(region?.code ?? null);
  return makeCalendar({ weekendDays: c.weekendDays, utcOffsetMinutes: c.utcOffsetMinutes, holidays: c.holidays });
}

export interface Replay {
  events: CaseEvent[];
  state: CaseState;
  /** Every value the `track` fact took during the replay. */
  tracks: Set<string>;
  /** First rejected action, if any: `script[i] <type> <step>: <code> <field errors>`. */
  error?: string;
}

/** Replays `c`: its case_created event, then each script action checked with `applicable` at its own instant. */
export function replay(c: CaseSeed, users: UserSeed[], schools: SchoolSeed[], def: ProtocolDefinition = referenceProtocol()): Replay {
  const calendar = calendarOfSchool(c.schoolId, schools);
  const author = users.find((u) => u.id === c.createdById);
  const events: CaseEvent[] = [
    {
      seq: 1,
      type: 'case_created',
      at: c.createdAt,
      actor: { id: c.createdById, role: author?.role ?? 'team_member' },
      payload: { protocolId: def.id, protocolVersion: def.version },
    },
  ];
  const tracks = new Set<string>();
  const stateAt = (now: string) => computeCaseState(def, events, { now, calendar });
  let error: string | undefined;
  for (const [i, event] of scriptedEvents(c, users).entries()) {
    const verdict = applicable(def, events, event, { now: event.at, calendar });
    if (!verdict.ok) {
      const step = 'stepId' in event.payload ? ` ${event.payload.stepId}` : '';
      const fields = verdict.fieldErrors ? ` ${JSON.stringify(verdict.fieldErrors.map((e) => [e.field, e.code]))}` : '';
      error = `script[${i}] ${event.type}${step}: ${verdict.code}${fields}`;
      break;
    }
    events.push({ ...event, seq: events.length + 1 });
    const track = stateAt(event.at).facts['track'];
    if (typeof track === 'string') tracks.add(track);
  }
  const last = events[events.length - 1];
  return { events, state: stateAt(last?.at ?? c.createdAt), tracks, ...(error ? { error } : {}) };
}
