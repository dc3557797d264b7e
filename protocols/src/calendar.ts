/** School calendar: weekends, public and school holidays, and date arithmetic on plain dates (YYYY-MM-DD). */
import { CalendarMemo } from './memo';

export interface DateRange {
  /** First day, inclusive (YYYY-MM-DD). */
  from: string;
  /** Last day, inclusive (YYYY-MM-DD). */
  to: string;
  label?: string;
}

export interface SchoolCalendar {
  /** Days of the week without school: 0 = Sunday ... 6 = Saturday. */
  weekendDays: number[];
  /** Public holidays and school holidays (inclusive ranges). */
  holidays: DateRange[];
  /** Offset of local school time from UTC, in minutes (Morocco: +60 most of the year). */
  utcOffsetMinutes: number;
}

export const DEFAULT_CALENDAR: SchoolCalendar = {
  weekendDays: [0, 6],
  holidays: [],
  utcOffsetMinutes: 60,
};

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_SEARCH_DAYS = 3_700;
/** Entries each memo of this module keeps at most (then it starts again empty). */
const MEMO_LIMIT = 20_000;

export function makeCalendar(partial: Partial<SchoolCalendar> = {}): SchoolCalendar {
  return { ...DEFAULT_CALENDAR, ...partial };
}

// The engine turns the same few hundred days back and forth between text and time for every step of every case:
// both conversions are remembered (pure functions; bounded: cleared past MEMO_LIMIT entries)
const utcMsOfDate = new Map<string, number>();
const dateOfUtcDay = new Map<number, string>();

function toUtcMs(date: string): number {
  let ms = utcMsOfDate.get(date);
  if (ms === undefined) {
    const m = DATE_RE.exec(date);
    if (!m) throw new Error(`not a date (YYYY-MM-DD): ${date}`);
    ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (utcMsOfDate.size >= MEMO_LIMIT) utcMsOfDate.clear();
    utcMsOfDate.set(date, ms);
  }
  return ms;
}

function fromUtcMs(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let date = dateOfUtcDay.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dateOfUtcDay.size >= MEMO_LIMIT) dateOfUtcDay.clear();
    dateOfUtcDay.set(day, date);
  }
  return date;
}

export function addCalendarDays(date: string, n: number): string {
  return fromUtcMs(toUtcMs(date) + n * DAY_MS);
}

export function isHoliday(date: string, cal: SchoolCalendar): boolean {
  return cal.holidays.some((range) => range.from <= date && date <= range.to);
}

export function isSchoolDay(date: string, cal: SchoolCalendar = DEFAULT_CALENDAR): boolean {
  const weekday = new Date(toUtcMs(date)).getUTCDay();
  return !cal.weekendDays.includes(weekday) && !isHoliday(date, cal);
}

function nextSchoolDay(date: string, direction: 1 | -1, cal: SchoolCalendar): string {
  let current = date;
  for (let i = 0; i < MAX_SEARCH_DAYS; i += 1) {
    current = addCalendarDays(current, direction);
    if (isSchoolDay(current, cal)) return current;
  }
  throw new Error('calendar has no school day within ten years');
}

/**
 * Moves `n` school days from `date`. With n = 0, returns `date` if it is a school day,
 * otherwise the next school day. Negative n moves backwards.
 */
export function addSchoolDays(date: string, n: number, cal: SchoolCalendar = DEFAULT_CALENDAR): string {
  if (!Number.isInteger(n)) throw new Error(`school days must be a whole number: ${n}`);
  // every deadline of every step of a case is computed from a handful of dates: the answers are remembered
  return schoolDays.get(cal, `${date}|${n}`, () => {
    if (n === 0) return isSchoolDay(date, cal) ? date : nextSchoolDay(date, 1, cal);
    let current = date;
    for (let i = 0; i < Math.abs(n); i += 1) current = nextSchoolDay(current, n > 0 ? 1 : -1, cal);
    return current;
  });
}

const schoolDays = new CalendarMemo();

/** Local (school) date of an instant. */
export function localDate(instant: string, cal: SchoolCalendar = DEFAULT_CALENDAR): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`not an ISO instant: ${instant}`);
  return fromUtcMs(ms + cal.utcOffsetMinutes * 60_000);
}

/** The last millisecond of a local date, as an ISO instant. */
export function endOfLocalDay(date: string, cal: SchoolCalendar = DEFAULT_CALENDAR): string {
  const key = `${date}|${cal.utcOffsetMinutes}`;
  let end = endOfDay.get(key);
  if (end === undefined) {
    end = new Date(toUtcMs(date) + DAY_MS - 1 - cal.utcOffsetMinutes * 60_000).toISOString();
    if (endOfDay.size >= MEMO_LIMIT) endOfDay.clear();
    endOfDay.set(key, end);
  }
  return end;
}
const endOfDay = new Map<string, string>();

export function isValidDate(date: string): boolean {
  if (!DATE_RE.test(date)) return false;
  return fromUtcMs(toUtcMs(date)) === date;
}
