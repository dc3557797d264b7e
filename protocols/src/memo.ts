/**
 * Remembered results of pure functions of a school calendar (deadline arithmetic). One map per kind of result for
 * all calendars of the process (a calendar gets a number the first time it is seen, never changes afterwards: a
 * school's new calendar is a new object), started again empty once `limit` entries are kept: memory stays bounded
 * (≈ 3 MB) whatever the number of schools and cases. Internal to the engine (not exported by the package).
 */
const calendarIds = new WeakMap<object, number>();
let nextCalendarId = 1;

function idOf(calendar: object): number {
  let id = calendarIds.get(calendar);
  if (id === undefined) calendarIds.set(calendar, (id = nextCalendarId++));
  return id;
}

export class CalendarMemo {
  private readonly results = new Map<string, string>();

  constructor(private readonly limit = 20_000) {}

  /** The result for `key` under this calendar: remembered, or computed now (an exception is not remembered). */
  get(calendar: object, key: string, compute: () => string): string {
    const full = `${idOf(calendar)}|${key}`;
    let result = this.results.get(full);
    if (result === undefined) {
      result = compute();
      if (this.results.size >= this.limit) this.results.clear();
      this.results.set(full, result);
    }
    return result;
  }
}
