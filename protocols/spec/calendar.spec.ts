import fc from 'fast-check';
import { addCalendarDays, addSchoolDays, endOfLocalDay, isSchoolDay, localDate, makeCalendar } from '../src';
import { CalendarMemo } from '../src/memo';

// 2026-11-23 is a Monday.
const HOLIDAYS = makeCalendar({
  holidays: [
    { from: '2026-11-18', to: '2026-11-18', label: 'Fête de l’Indépendance (example)' },
    { from: '2026-12-21', to: '2027-01-03', label: 'Vacances (example)' },
  ],
});

describe('school calendar', () => {
  const cases: { name: string; date: string; n: number; cal?: ReturnType<typeof makeCalendar>; expected: string }[] = [
    { name: 'Monday + 1', date: '2026-11-23', n: 1, expected: '2026-11-24' },
    { name: 'Friday + 1 skips the weekend', date: '2026-11-27', n: 1, expected: '2026-11-30' },
    { name: 'Saturday + 0 is the next school day', date: '2026-11-28', n: 0, expected: '2026-11-30' },
    { name: 'Tuesday + 0 is itself', date: '2026-11-24', n: 0, expected: '2026-11-24' },
    { name: 'Monday + 5 is the next Monday', date: '2026-11-23', n: 5, expected: '2026-11-30' },
    { name: 'Monday - 1 is the previous Friday', date: '2026-11-23', n: -1, expected: '2026-11-20' },
    { name: 'Tuesday before a holiday + 1 skips it', date: '2026-11-17', n: 1, expected: '2026-11-19', cal: HOLIDAYS },
    { name: 'Friday before the winter break + 1 lands after it', date: '2026-12-18', n: 1, expected: '2027-01-04', cal: HOLIDAYS },
    { name: 'Friday-only weekend', date: '2026-11-26', n: 1, expected: '2026-11-28', cal: makeCalendar({ weekendDays: [5] }) },
  ];
  for (const c of cases) {
    it(`addSchoolDays: ${c.name}`, () => {
      expect(addSchoolDays(c.date, c.n, c.cal)).toBe(c.expected);
    });
  }

  it('knows weekends and holidays', () => {
    expect(isSchoolDay('2026-11-28')).toBeFalse();
    expect(isSchoolDay('2026-11-29')).toBeFalse();
    expect(isSchoolDay('2026-11-30')).toBeTrue();
    expect(isSchoolDay('2026-12-24', HOLIDAYS)).toBeFalse();
    expect(isSchoolDay('2026-12-24')).toBeTrue();
  });

  it('rejects fractional school days and bad dates', () => {
    expect(() => addSchoolDays('2026-11-23', 1.5)).toThrowError(/whole number/);
    expect(() => addSchoolDays('23/11/2026', 1)).toThrowError(/YYYY-MM-DD/);
  });

  it('remembers answers per calendar, never across calendars (the engine asks the same dates again and again)', () => {
    const plain = makeCalendar();
    const holiday = makeCalendar({ holidays: [{ from: '2026-11-24', to: '2026-11-26' }] });
    for (let round = 0; round < 3; round++) {
      expect(addSchoolDays('2026-11-23', 1, plain)).toBe('2026-11-24');
      expect(addSchoolDays('2026-11-23', 1, holiday)).toBe('2026-11-27');
      expect(addSchoolDays('2026-11-25', 0, plain)).toBe('2026-11-25');
      expect(addSchoolDays('2026-11-25', 0, holiday)).toBe('2026-11-27');
      expect(addSchoolDays('2026-11-27', -1, holiday)).toBe('2026-11-23');
    }
    // a bad date is refused every time, not remembered
    expect(() => addSchoolDays('2026-13-45x', 1, plain)).toThrowError(/YYYY-MM-DD/);
    expect(() => addSchoolDays('2026-13-45x', 1, plain)).toThrowError(/YYYY-MM-DD/);
  });

  it('keeps its memory bounded: a full memo starts again empty, and an exception is not remembered', () => {
    const memo = new CalendarMemo(2);
    const cal = makeCalendar();
    let computed = 0;
    const get = (key: string) => memo.get(cal, key, () => `${key}:${++computed}`);
    expect([get('a'), get('b'), get('a')]).toEqual(['a:1', 'b:2', 'a:1']);
    expect(get('c')).toBe('c:3'); // the third entry: cleared first
    expect(get('a')).toBe('a:4');
    expect(() =>
      memo.get(cal, 'bad', () => {
        throw new Error('no');
      }),
    ).toThrowError('no');
    expect(memo.get(cal, 'bad', () => 'ok')).toBe('ok');
    expect(memo.get(makeCalendar(), 'a', () => 'other calendar')).toBe('other calendar');
  });

  it('uses local time: 23:30 UTC on Monday is already Tuesday in Morocco (UTC+1)', () => {
    expect(localDate('2026-11-23T23:30:00Z')).toBe('2026-11-24');
    expect(localDate('2026-11-23T23:30:00Z', makeCalendar({ utcOffsetMinutes: 0 }))).toBe('2026-11-23');
    expect(endOfLocalDay('2026-11-23')).toBe('2026-11-23T22:59:59.999Z');
  });

  it('property: n school days later is a school day, with exactly n school days in between', () => {
    const day = fc.integer({ min: 0, max: 800 }).map((i) => addCalendarDays('2026-01-01', i));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 40 }), (start, n) => {
        const end = addSchoolDays(start, n, HOLIDAYS);
        if (!isSchoolDay(end, HOLIDAYS)) return false;
        let count = 0;
        for (let d = addCalendarDays(start, 1); d <= end; d = addCalendarDays(d, 1)) if (isSchoolDay(d, HOLIDAYS)) count += 1;
        return count === n;
      }),
    );
  });

  it('property: going n school days forward then back returns to a school-day start', () => {
    const day = fc.integer({ min: 0, max: 800 }).map((i) => addCalendarDays('2026-01-01', i));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 30 }), (start, n) => {
        fc.pre(isSchoolDay(start, HOLIDAYS));
        return addSchoolDays(addSchoolDays(start, n, HOLIDAYS), -n, HOLIDAYS) === start;
      }),
    );
  });
});
