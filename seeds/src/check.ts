import type { CalendarSeed, CaseSeed, ProvinceSeed, RegionSeed, SchoolSeed, UserSeed } from './index';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ARABIC = /[\u0600-\u06FF]/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Seeds {
  regions: RegionSeed[];
  provinces: ProvinceSeed[];
  schools: SchoolSeed[];
  users: UserSeed[];
  cases: CaseSeed[];
  password: string;
  calendar?: CalendarSeed;
}

/** Returns every problem found in the seed files (empty when they are sound). */
export function checkSeeds(s: Seeds): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const all: [string, { id: string }[]][] = [
    ['regions', s.regions],
    ['provinces', s.provinces],
    ['schools', s.schools],
    ['users', s.users],
    ['cases', s.cases],
  ];
  for (const [file, rows] of all) {
    rows.forEach((row, i) => {
      if (!UUID.test(row.id)) problems.push(`${file}[${i}].id: not a lower-case UUID`);
      if (ids.has(row.id)) problems.push(`${file}[${i}].id: duplicate id ${row.id}`);
      ids.add(row.id);
    });
  }
  const unique = (file: string, values: string[]) =>
    values.forEach((v, i) => values.indexOf(v) !== i && problems.push(`${file}[${i}]: duplicate ${v}`));
  unique(
    'regions.code',
    s.regions.map((r) => r.code),
  );
  unique(
    'provinces.code',
    s.provinces.map((p) => p.code),
  );
  unique(
    'schools.code',
    s.schools.map((p) => p.code),
  );
  unique(
    'users.email',
    s.users.map((u) => u.email.toLowerCase()),
  );
  unique(
    'cases.reference',
    s.cases.map((c) => `${c.schoolId}/${c.reference}`),
  );

  for (const [file, rows] of [
    ['regions', s.regions],
    ['provinces', s.provinces],
  ] as const) {
    rows.forEach((r, i) => {
      if (!r.nameFr.trim() || !r.nameEn.trim()) problems.push(`${file}[${i}]: missing French or English name`);
      if (!ARABIC.test(r.nameAr)) problems.push(`${file}[${i}].nameAr: not in Arabic script`);
    });
  }
  const regionIds = new Set(s.regions.map((r) => r.id));
  const provinceIds = new Set(s.provinces.map((p) => p.id));
  const schoolIds = new Set(s.schools.map((x) => x.id));
  const userIds = new Set(s.users.map((u) => u.id));
  s.provinces.forEach((p, i) => !regionIds.has(p.regionId) && problems.push(`provinces[${i}].regionId: unknown region`));
  s.schools.forEach((x, i) => {
    if (!provinceIds.has(x.provinceId)) problems.push(`schools[${i}].provinceId: unknown province`);
    if (!ARABIC.test(x.nameAr)) problems.push(`schools[${i}].nameAr: not in Arabic script`);
  });
  s.users.forEach((u, i) => {
    if (u.schoolId !== null && !schoolIds.has(u.schoolId)) problems.push(`users[${i}].schoolId: unknown school`);
    if (u.regionId !== null && !regionIds.has(u.regionId)) problems.push(`users[${i}].regionId: unknown region`);
    const schoolRole = ['team_member', 'coordinator', 'principal'].includes(u.role);
    if (schoolRole && u.schoolId === null) problems.push(`users[${i}]: role ${u.role} needs a school`);
    if (u.role === 'officer' && u.regionId === null) problems.push(`users[${i}]: an officer needs a region`);
  });
  s.cases.forEach((c, i) => {
    if (!schoolIds.has(c.schoolId)) problems.push(`cases[${i}].schoolId: unknown school`);
    if (!userIds.has(c.createdById)) problems.push(`cases[${i}].createdById: unknown user`);
    const author = s.users.find((u) => u.id === c.createdById);
    if (author && author.schoolId !== c.schoolId) problems.push(`cases[${i}]: author belongs to another school`);
    if (!DATE.test(c.occurredOn) || Number.isNaN(Date.parse(c.occurredOn))) problems.push(`cases[${i}].occurredOn: not a date`);
    if (Number.isNaN(Date.parse(c.createdAt)) || new Date(c.createdAt).toISOString() !== c.createdAt)
      problems.push(`cases[${i}].createdAt: not an ISO instant`);
    if (c.createdAt.slice(0, 10) < c.occurredOn) problems.push(`cases[${i}]: created before the facts occurred`);
  });
  if (s.calendar) {
    const c = s.calendar;
    if (!c.weekendDays.every((d) => Number.isInteger(d) && d >= 0 && d <= 6))
      problems.push('calendar.weekendDays: days are 0 (Sunday) to 6 (Saturday)');
    const periods: [string, { from: string; to: string; label: string }][] = c.publicHolidays.map((h, i) => [
      `calendar.publicHolidays[${i}]`,
      h,
    ]);
    for (const [code, r] of Object.entries(c.regions)) {
      if (!s.regions.some((x) => x.code === code)) problems.push(`calendar.regions.${code}: unknown region code`);
      r.schoolHolidays.forEach((h, i) => periods.push([`calendar.regions.${code}.schoolHolidays[${i}]`, h]));
    }
    for (const [where, h] of periods) {
      if (!DATE.test(h.from) || !DATE.test(h.to) || Number.isNaN(Date.parse(h.from)) || Number.isNaN(Date.parse(h.to)))
        problems.push(`${where}: from/to must be dates`);
      else if (h.to < h.from) problems.push(`${where}: ends before it starts`);
      if (!h.label.trim()) problems.push(`${where}: missing label`);
    }
  }
  if (s.password.length < 12) problems.push('users.password: demo password shorter than 12 characters');
  return problems;
}
