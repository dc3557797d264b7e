import { scriptedEvents } from './script';
import {
  MINISTRY_CATEGORIES,
  SCRIPT_ACTIONS,
  type CalendarSeed,
  type CaseSeed,
  type DirectorySeed,
  type GapSeed,
  type LevelSeed,
  type PlatformGuidesSeed,
  type ArticlesSeed,
  type ProvinceSeed,
  type RegionSeed,
  type SchoolSeed,
  type TaxonomySeed,
  type UserSeed,
} from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ARABIC = /[\u0600-\u06FF]/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_OR_DATE = /^\d{4}-\d{2}(-\d{2})?$/;
const SOURCE_KEY = /^R\d+$/;
const CODE = /^[A-Z][A-Z0-9_]*$/;
const LEVELS = ['primaire', 'college', 'lycee'];
const SCHOOL_ROLES = ['team_member', 'coordinator', 'principal'];
const CONTACT_KINDS = ['phone', 'url', 'whatsapp', 'email'];
const TIERS = ['T0', 'T1', 'T2', 'T3'];
/** Extra guide besides the engine's PLATFORMS: NCMEC's removal service for minors' intimate images. */
const EXTRA_GUIDES = ['TAKE_IT_DOWN'];

/** Demo cases are dated within this period (and their scripts end inside it). */
export const DEMO_PERIOD = { from: '2026-09-01T00:00:00.000Z', to: '2026-11-21T23:59:59.999Z' } as const;

export interface Seeds {
  regions: RegionSeed[];
  provinces: ProvinceSeed[];
  schools: SchoolSeed[];
  users: UserSeed[];
  cases: CaseSeed[];
  password: string;
  calendar?: CalendarSeed;
  levels?: LevelSeed[];
  taxonomy?: TaxonomySeed;
  platformGuides?: PlatformGuidesSeed;
  directory?: DirectorySeed;
  articles?: ArticlesSeed;
  gaps?: GapSeed[];
}

/**
 * What the seeds must agree with in the protocol (seeds do not depend on @sanad/protocols at run time: the caller,
 * usually a spec, reads these from the reference definition and the engine).
 */
export interface ProtocolFacts {
  /** Option values of the intake field `types`. */
  intakeTypes?: string[];
  /** The engine's PLATFORMS. */
  platforms?: readonly string[];
  /** State ids. */
  states?: string[];
  /** Track values (track_decision and emergency_handover options). */
  tracks?: string[];
  /** Every option value of every field (to check the directory's protocolOptions). */
  optionValues?: string[];
}

type Problems = string[];

function localized(problems: Problems, where: string, value: unknown): void {
  const v = value as Record<string, unknown> | null | undefined;
  if (typeof v !== 'object' || v === null) return void problems.push(`${where}: missing text (fr, ar, en)`);
  for (const lang of ['fr', 'ar', 'en']) {
    const text = v[lang];
    if (typeof text !== 'string' || !text.trim()) problems.push(`${where}.${lang}: missing or empty`);
  }
  if (typeof v['ar'] === 'string' && v['ar'].trim() && !ARABIC.test(v['ar'])) problems.push(`${where}.ar: not in Arabic script`);
}

function localizedList(problems: Problems, where: string, list: unknown): void {
  if (!Array.isArray(list) || list.length === 0) return void problems.push(`${where}: empty list`);
  list.forEach((item, i) => localized(problems, `${where}[${i}]`, item));
}

function sources(problems: Problems, where: string, keys: unknown): void {
  if (!Array.isArray(keys)) return void problems.push(`${where}: sources must be a list`);
  keys.forEach((k, i) =>
    typeof k === 'string' && SOURCE_KEY.test(k) ? undefined : problems.push(`${where}[${i}]: not a source key (R<n>)`),
  );
}

function lastVerified(problems: Problems, where: string, value: unknown): void {
  if (value === null) return;
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value)))
    problems.push(`${where}: must be a date (YYYY-MM-DD) or null`);
}

function duplicates(problems: Problems, where: string, values: string[]): void {
  values.forEach((v, i) => values.indexOf(v) !== i && problems.push(`${where}[${i}]: duplicate ${v}`));
}

function sameSet(problems: Problems, where: string, ours: string[], theirs: readonly string[], theirName: string): void {
  for (const code of theirs) if (!ours.includes(code)) problems.push(`${where}: missing ${code} (${theirName})`);
  for (const code of ours) if (!theirs.includes(code)) problems.push(`${where}: ${code} is not in ${theirName}`);
}

function checkTaxonomy(problems: Problems, t: TaxonomySeed, protocol: ProtocolFacts): void {
  const categories = t.ministryCategories.map((c) => c.code);
  sameSet(problems, 'taxonomy.ministryCategories', categories, MINISTRY_CATEGORIES, 'MINISTRY_CATEGORIES');
  t.ministryCategories.forEach((c, i) => {
    localized(problems, `taxonomy.ministryCategories[${i}].label`, c.label);
    sources(problems, `taxonomy.ministryCategories[${i}].sources`, c.sources);
  });
  duplicates(
    problems,
    'taxonomy.types.code',
    t.types.map((x) => x.code),
  );
  t.types.forEach((x, i) => {
    const where = `taxonomy.types[${i}]`;
    if (!CODE.test(x.code)) problems.push(`${where}.code: not an UPPER_CASE code`);
    localized(problems, `${where}.label`, x.label);
    localized(problems, `${where}.definition`, x.definition);
    if (x.evidenceNote !== undefined) localized(problems, `${where}.evidenceNote`, x.evidenceNote);
    if (!categories.includes(x.ministryCategory))
      problems.push(`${where}.ministryCategory: unknown category ${String(x.ministryCategory)}`);
    if (typeof x.sexualContentOfMinor !== 'boolean') problems.push(`${where}.sexualContentOfMinor: must be true or false`);
    sources(problems, `${where}.sources`, x.sources);
    if (x.legal) {
      if (!x.legal.articles?.length && !x.legal.laws?.length) problems.push(`${where}.legal: names no article and no law`);
      if (x.legal.note !== undefined) localized(problems, `${where}.legal.note`, x.legal.note);
      sources(problems, `${where}.legal.sources`, x.legal.sources);
      if (x.legal.sources.length === 0) problems.push(`${where}.legal: a legal hook needs a source`);
    }
  });
  if (protocol.intakeTypes)
    sameSet(
      problems,
      'taxonomy.types',
      t.types.map((x) => x.code),
      protocol.intakeTypes,
      'the intake types of the protocol',
    );
  duplicates(
    problems,
    'taxonomy.severityCriteria.id',
    t.severityCriteria.map((c) => c.id),
  );
  t.severityCriteria.forEach((c, i) => {
    localized(problems, `taxonomy.severityCriteria[${i}].label`, c.label);
    localized(problems, `taxonomy.severityCriteria[${i}].description`, c.description);
    sources(problems, `taxonomy.severityCriteria[${i}].sources`, c.sources);
  });
  sameSet(
    problems,
    'taxonomy.tiers',
    t.tiers.map((x) => x.code),
    TIERS,
    'T0-T3',
  );
  duplicates(
    problems,
    'taxonomy.tiers.code',
    t.tiers.map((x) => x.code),
  );
  t.tiers.forEach((x, i) => {
    localized(problems, `taxonomy.tiers[${i}].label`, x.label);
    localized(problems, `taxonomy.tiers[${i}].description`, x.description);
    sources(problems, `taxonomy.tiers[${i}].sources`, x.sources);
    if (protocol.tracks && !protocol.tracks.includes(x.defaultTrack))
      problems.push(`taxonomy.tiers[${i}].defaultTrack: ${x.defaultTrack} is not a track of the protocol`);
  });
}

function checkPlatformGuides(problems: Problems, p: PlatformGuidesSeed, protocol: ProtocolFacts): void {
  localizedList(problems, 'platformGuides.captureAlways', p.captureAlways);
  duplicates(
    problems,
    'platformGuides.guides.code',
    p.guides.map((g) => g.code),
  );
  p.guides.forEach((g, i) => {
    const where = `platformGuides.guides[${i}]`;
    localized(problems, `${where}.name`, g.name);
    localizedList(problems, `${where}.capture`, g.capture);
    localizedList(problems, `${where}.howToReport`, g.howToReport);
    localized(problems, `${where}.referenceToKeep`, g.referenceToKeep);
    if (g.notes !== undefined) localized(problems, `${where}.notes`, g.notes);
    if (g.url !== null && !/^https:\/\/\S+$/.test(g.url)) problems.push(`${where}.url: must be an https address or null`);
    lastVerified(problems, `${where}.lastVerified`, g.lastVerified);
    sources(problems, `${where}.sources`, g.sources);
    if (g.researched && g.sources.length === 0) problems.push(`${where}: a researched guide needs a source`);
  });
  if (protocol.platforms)
    sameSet(
      problems,
      'platformGuides.guides',
      p.guides.map((g) => g.code),
      [...protocol.platforms, ...EXTRA_GUIDES],
      'PLATFORMS + TAKE_IT_DOWN',
    );
}

function checkArticles(problems: Problems, a: ArticlesSeed, s: Seeds, protocol: ProtocolFacts): void {
  duplicates(
    problems,
    'articles.id',
    a.articles.map((x) => x.id),
  );
  const known = protocol.intakeTypes ?? s.taxonomy?.types.map((t) => t.code) ?? [];
  a.articles.forEach((x, i) => {
    const where = `articles[${i}]`;
    if (!CODE.test(x.id)) problems.push(`${where}.id: not an UPPER_CASE id`);
    localized(problems, `${where}.title`, x.title);
    localized(problems, `${where}.summary`, x.summary);
    localizedList(problems, `${where}.forTeam`, x.forTeam);
    localizedList(problems, `${where}.forFamily`, x.forFamily);
    if (x.types.length === 0) problems.push(`${where}.types: empty list`);
    for (const t of x.types) if (!known.includes(t)) problems.push(`${where}.types: ${t} is not a cyberviolence type`);
    sources(problems, `${where}.sources`, x.sources);
    if (x.sources.length === 0) problems.push(`${where}: an article needs a source`);
  });
}

function checkDirectory(problems: Problems, d: DirectorySeed, s: Seeds, protocol: ProtocolFacts): void {
  const entries = [
    ...d.national.map((e, i) => ({ e, where: `directory.national[${i}]`, region: null as string | null })),
    ...Object.entries(d.regions).flatMap(([code, list]) =>
      list.map((e, i) => ({ e, where: `directory.regions.${code}[${i}]`, region: code })),
    ),
  ];
  const nationalIds = d.national.map((e) => e.id);
  duplicates(problems, 'directory.national.id', nationalIds);
  const regionalIds = Object.values(d.regions)
    .flat()
    .map((e) => e.id)
    .filter((id) => !nationalIds.includes(id));
  duplicates(problems, 'directory.regions.id', regionalIds);
  for (const code of Object.keys(d.regions))
    if (!s.regions.some((r) => r.code === code)) problems.push(`directory.regions.${code}: unknown region code`);
  for (const { e, where, region } of entries) {
    if (!CODE.test(e.id)) problems.push(`${where}.id: not an UPPER_CASE id`);
    if (region === null && e.demo === true) problems.push(`${where}: a national entry cannot be a demo entry`);
    localized(problems, `${where}.name`, e.name);
    localized(problems, `${where}.purpose`, e.purpose);
    localized(problems, `${where}.howToReach`, e.howToReach);
    localized(problems, `${where}.hours`, e.hours);
    e.contacts.forEach((c, i) => {
      if (!CONTACT_KINDS.includes(c.kind)) problems.push(`${where}.contacts[${i}].kind: unknown kind ${String(c.kind)}`);
      if (!c.value.trim()) problems.push(`${where}.contacts[${i}].value: empty`);
      if (c.kind === 'url' && !/^https:\/\/\S+$/.test(c.value)) problems.push(`${where}.contacts[${i}]: a url must start with https://`);
      if ((c.kind === 'phone' || c.kind === 'whatsapp') && !/^\+?\d+$/.test(c.value))
        problems.push(`${where}.contacts[${i}]: a phone number is digits only`);
    });
    lastVerified(problems, `${where}.lastVerified`, e.lastVerified);
    if (e.sourceDate !== undefined && !MONTH_OR_DATE.test(e.sourceDate)) problems.push(`${where}.sourceDate: YYYY-MM or YYYY-MM-DD`);
    sources(problems, `${where}.sources`, e.sources);
    if (e.demo !== true && e.sources.length === 0) problems.push(`${where}: an entry needs a source (or demo: true)`);
    if (e.provinceCode !== undefined) {
      const province = s.provinces.find((p) => p.code === e.provinceCode);
      const regionId = s.regions.find((r) => r.code === region)?.id;
      if (!province) problems.push(`${where}.provinceCode: unknown province ${e.provinceCode}`);
      else if (province.regionId !== regionId)
        problems.push(`${where}.provinceCode: ${e.provinceCode} is not in region ${region ?? '(national)'}`);
    }
    if (protocol.optionValues)
      for (const option of e.protocolOptions ?? [])
        if (!protocol.optionValues.includes(option)) problems.push(`${where}.protocolOptions: ${option} is not an option of the protocol`);
  }
}

function checkGaps(problems: Problems, gaps: GapSeed[], s: Seeds): void {
  const known: Record<string, string[] | undefined> = {
    'provinces.json': s.provinces.map((p) => p.code),
    'directory.json': s.directory ? [...s.directory.national, ...Object.values(s.directory.regions).flat()].map((e) => e.id) : undefined,
    'platforms.json': s.platformGuides?.guides.map((g) => g.code),
    'taxonomy.json': s.taxonomy ? [...s.taxonomy.types.map((t) => t.code), ...s.taxonomy.ministryCategories.map((c) => c.code)] : undefined,
  };
  gaps.forEach((g, i) => {
    if (!(g.file in known)) return void problems.push(`gaps[${i}].file: unknown file ${g.file}`);
    if (!g.note.trim()) problems.push(`gaps[${i}].note: empty`);
    const codes = known[g.file];
    if (codes) for (const code of g.codes) if (!codes.includes(code)) problems.push(`gaps[${i}]: ${code} not found in ${g.file}`);
  });
}

function checkScript(problems: Problems, c: CaseSeed, i: number, s: Seeds, protocol: ProtocolFacts): void {
  const where = `cases[${i}]`;
  if (!ARABIC.test(c.titleAr ?? '')) problems.push(`${where}.titleAr: not in Arabic script`);
  if (!c.title.trim()) problems.push(`${where}.title: empty`);
  if (typeof c.expectedState !== 'string' || !c.expectedState.trim()) problems.push(`${where}.expectedState: missing`);
  else if (protocol.states && !protocol.states.includes(c.expectedState))
    problems.push(`${where}.expectedState: ${c.expectedState} is not a state of the protocol`);
  if (c.createdAt < DEMO_PERIOD.from || c.createdAt > DEMO_PERIOD.to)
    problems.push(`${where}.createdAt: demo cases are created between ${DEMO_PERIOD.from.slice(0, 10)} and ${DEMO_PERIOD.to.slice(0, 10)}`);
  if (!Array.isArray(c.script)) return void problems.push(`${where}.script: must be a list of actions`);
  let sound = true;
  c.script.forEach((a, j) => {
    const at = `${where}.script[${j}]`;
    if (!(SCRIPT_ACTIONS as readonly string[]).includes(a.do)) {
      sound = false;
      return void problems.push(`${at}.do: unknown action ${String(a.do)}`);
    }
    const user = s.users.find((u) => u.id === a.by);
    if (!user) {
      sound = false;
      problems.push(`${at}.by: unknown user`);
    } else {
      if (user.schoolId !== c.schoolId) problems.push(`${at}.by: user of another school`);
      if (!SCHOOL_ROLES.includes(user.role)) problems.push(`${at}.by: role ${user.role} cannot act on a case`);
    }
    if (a.minutesAfter !== undefined && (!Number.isInteger(a.minutesAfter) || a.minutesAfter < 0))
      problems.push(`${at}.minutesAfter: a whole number of minutes, 0 or more`);
    if ((a.do === 'complete' || a.do === 'sign') && !a.step?.trim()) problems.push(`${at}.step: missing`);
    if (a.do === 'complete') {
      if (a.answers !== undefined && (typeof a.answers !== 'object' || a.answers === null || Array.isArray(a.answers)))
        problems.push(`${at}.answers: must be an object`);
      if (a.checklist !== undefined && !(Array.isArray(a.checklist) && a.checklist.every((x) => typeof x === 'string')))
        problems.push(`${at}.checklist: must be a list of item ids`);
    }
    if (a.do === 'note' && !a.text?.trim()) problems.push(`${at}.text: empty`);
    if (a.do === 'reopen' && !a.reason?.trim()) problems.push(`${at}.reason: empty`);
  });
  if (sound && c.script.length > 0 && !Number.isNaN(Date.parse(c.createdAt))) {
    const events = scriptedEvents(c, s.users);
    const last = events[events.length - 1];
    if (last && last.at > DEMO_PERIOD.to) problems.push(`${where}.script: ends after ${DEMO_PERIOD.to.slice(0, 10)} (${last.at})`);
  }
}

/**
 * Returns every problem found in the seed files (empty when they are sound). With `protocol`, also checks the seeds
 * agree with the protocol (type codes, platforms, states, tracks, option values).
 */
export function checkSeeds(s: Seeds, protocol: ProtocolFacts = {}): string[] {
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
  s.provinces.forEach((p, i) => {
    const region = s.regions.find((r) => r.id === p.regionId);
    if (region && !p.code.startsWith(`${region.code}-`))
      problems.push(`provinces[${i}].code: must start with its region code ${region.code}-`);
  });
  const regionIds = new Set(s.regions.map((r) => r.id));
  const provinceIds = new Set(s.provinces.map((p) => p.id));
  const schoolIds = new Set(s.schools.map((x) => x.id));
  const userIds = new Set(s.users.map((u) => u.id));
  s.provinces.forEach((p, i) => !regionIds.has(p.regionId) && problems.push(`provinces[${i}].regionId: unknown region`));
  s.schools.forEach((x, i) => {
    if (!provinceIds.has(x.provinceId)) problems.push(`schools[${i}].provinceId: unknown province`);
    if (!ARABIC.test(x.nameAr)) problems.push(`schools[${i}].nameAr: not in Arabic script`);
    if (!LEVELS.includes(x.level)) problems.push(`schools[${i}].level: unknown level ${String(x.level)}`);
  });
  if (s.levels) {
    sameSet(
      problems,
      'levels',
      s.levels.map((l) => l.code),
      LEVELS,
      'primaire, college, lycee',
    );
    s.levels.forEach((l, i) => {
      localized(problems, `levels[${i}].label`, l.label);
      localized(problems, `levels[${i}].description`, l.description);
      sources(problems, `levels[${i}].sources`, l.sources);
    });
  }
  const principals = new Map<string, string>();
  s.users.forEach((u, i) => {
    [u, ...(u.alsoIn ?? [])].forEach((m, j) => {
      const at = j === 0 ? `users[${i}]` : `users[${i}].alsoIn[${j - 1}]`;
      if (m.schoolId !== null && !schoolIds.has(m.schoolId)) problems.push(`${at}.schoolId: unknown school`);
      if (m.regionId !== null && !regionIds.has(m.regionId)) problems.push(`${at}.regionId: unknown region`);
      const schoolRole = SCHOOL_ROLES.includes(m.role);
      if (schoolRole && m.schoolId === null) problems.push(`${at}: role ${m.role} needs a school`);
      if (!schoolRole && m.schoolId !== null) problems.push(`${at}: role ${m.role} is not held in a school`);
      if (m.schoolId !== null && m.regionId !== null) problems.push(`${at}: a membership is in a school or a region, not both`);
      if (m.role === 'officer' && m.regionId === null) problems.push(`${at}: an officer needs a region`);
      if (m.role === 'principal' && m.schoolId !== null) {
        if (principals.has(m.schoolId)) problems.push(`${at}: the school already has a principal (${principals.get(m.schoolId)})`);
        principals.set(m.schoolId, at);
      }
    });
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
    checkScript(problems, c, i, s, protocol);
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
  if (s.taxonomy) checkTaxonomy(problems, s.taxonomy, protocol);
  if (s.platformGuides) checkPlatformGuides(problems, s.platformGuides, protocol);
  if (s.directory) checkDirectory(problems, s.directory, s, protocol);
  if (s.articles) checkArticles(problems, s.articles, s, protocol);
  if (s.gaps) checkGaps(problems, s.gaps, s);
  if (s.password.length < 12) problems.push('users.password: demo password shorter than 12 characters');
  return problems;
}
