import { calendarFor, checkSeeds, demoData, referenceData } from '../src';

const all = () => ({ ...referenceData, ...demoData });

describe('seed data', () => {
  it('has the 12 AREF regions with names in French, Arabic and English', () => {
    expect(referenceData.regions.length).toBe(12);
    expect(referenceData.regions.map((r) => r.code)).toContain('RSK');
  });

  it('is internally consistent (ids, codes, references, languages)', () => {
    expect(checkSeeds(all())).toEqual([]);
  });

  it('reports a duplicated id', () => {
    const s = all();
    const problems = checkSeeds({ ...s, cases: [...s.cases, { ...s.cases[0] }] });
    expect(problems.some((p) => p.includes('duplicate id'))).toBeTrue();
  });

  it('reports a dangling reference and a non-Arabic Arabic name', () => {
    const s = all();
    const problems = checkSeeds({
      ...s,
      provinces: [{ ...s.provinces[0], regionId: '00000000-0000-4000-8000-000000000000' }, ...s.provinces.slice(1)],
      regions: [{ ...s.regions[0], nameAr: 'Tanger' }, ...s.regions.slice(1)],
    });
    expect(problems).toContain('provinces[0].regionId: unknown region');
    expect(problems).toContain('regions[0].nameAr: not in Arabic script');
  });

  it('refuses a school role without a school and a weak demo password', () => {
    const s = all();
    const problems = checkSeeds({ ...s, password: 'short', users: [{ ...s.users[0], schoolId: null }, ...s.users.slice(1)] });
    expect(problems).toContain('users[0]: role team_member needs a school');
    expect(problems).toContain('users.password: demo password shorter than 12 characters');
  });

  it('has a sound calendar and reports a period that ends before it starts', () => {
    const s = all();
    expect(checkSeeds(s)).toEqual([]);
    const broken = { ...s.calendar, publicHolidays: [{ from: '2026-05-02', to: '2026-05-01', label: 'x' }] };
    expect(checkSeeds({ ...s, calendar: broken })).toContain('calendar.publicHolidays[0]: ends before it starts');
  });

  it('builds an academy calendar from national holidays', () => {
    const cal = calendarFor('RSK');
    expect(cal.weekendDays).toEqual([0, 6]);
    expect(cal.holidays.some((h) => h.from === '2026-11-18')).toBeTrue();
  });

  it('has demo cases in two schools so that scoping can be shown', () => {
    expect(new Set(demoData.cases.map((c) => c.schoolId)).size).toBe(2);
  });
});
