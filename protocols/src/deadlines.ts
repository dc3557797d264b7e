/** Deadline arithmetic on instants, in hours, calendar days or school days. */
import { addCalendarDays, addSchoolDays, endOfLocalDay, localDate, type SchoolCalendar } from './calendar';
import type { DeadlineUnit } from './types';

const HOUR_MS = 3_600_000;

function shiftDate(date: string, n: number, unit: 'calendarDays' | 'schoolDays', cal: SchoolCalendar): string {
  return unit === 'schoolDays' ? addSchoolDays(date, n, cal) : addCalendarDays(date, n);
}

/**
 * The instant `n` units after `instant`. Day units end at the end of the local day:
 * "within 1 school day" of a Monday report means before Tuesday midnight (local time).
 */
export function addDuration(instant: string, n: number, unit: DeadlineUnit, cal: SchoolCalendar): string {
  if (unit === 'hours') return new Date(Date.parse(instant) + n * HOUR_MS).toISOString();
  return endOfLocalDay(shiftDate(localDate(instant, cal), n, unit, cal), cal);
}

/** The instant warnings start: `n` units before the due instant (start of that local day for day units). */
export function subtractForWarning(dueAt: string, n: number, unit: DeadlineUnit, cal: SchoolCalendar): string {
  if (unit === 'hours') return new Date(Date.parse(dueAt) - n * HOUR_MS).toISOString();
  const warnDay = shiftDate(localDate(dueAt, cal), -n, unit, cal);
  return new Date(Date.parse(endOfLocalDay(addCalendarDays(warnDay, -1), cal)) + 1).toISOString();
}

export function isAfter(a: string, b: string): boolean {
  return Date.parse(a) > Date.parse(b);
}
