import { articlesFor, calendarFor, checkSeeds, demoData, directoryFor, platformGuide, referenceData, scriptedEvents } from '../src';
import { protocolFacts } from './support/replay';

const all = () => structuredClone({ ...referenceData, ...demoData });

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

  it('checks every membership: a second principal, a school role held in a region, an unknown school', () => {
    const s = all();
    const principal = s.users.find((u) => u.role === 'principal')!;
    const problems = checkSeeds({
      ...s,
      users: [
        { ...s.users[0], alsoIn: [{ role: 'principal', schoolId: principal.schoolId, regionId: null }] },
        { ...s.users[1], alsoIn: [{ role: 'coordinator', schoolId: null, regionId: s.regions[0].id }] },
        { ...s.users[2], alsoIn: [{ role: 'team_member', schoolId: 'nope', regionId: null }] },
        ...s.users.slice(3),
      ],
    });
    expect(problems.some((p) => p.startsWith('users[') && p.includes('the school already has a principal'))).toBeTrue();
    expect(problems).toContain('users[1].alsoIn[0]: role coordinator needs a school');
    expect(problems).toContain('users[2].alsoIn[0].schoolId: unknown school');
  });

  it('has demo administrators (national and academy) and a person holding roles in two schools', () => {
    expect(demoData.users.find((u) => u.role === 'admin' && u.regionId === null)?.email).toBe('admin@demo.sanad.ma');
    expect(demoData.users.find((u) => u.role === 'admin' && u.regionId !== null)?.email).toBe('admin.rsk@demo.sanad.ma');
    expect(demoData.users.some((u) => (u.alsoIn ?? []).some((m) => m.schoolId !== u.schoolId))).toBeTrue();
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

  it('has demo cases in several schools of two academies so that scoping can be shown', () => {
    const schools = new Set(demoData.cases.map((c) => c.schoolId));
    expect(schools.size).toBe(4);
    const regions = new Set(
      demoData.schools.map((s) => referenceData.provinces.find((p) => p.id === s.provinceId)?.regionId).filter((id) => id !== undefined),
    );
    expect(regions.size).toBe(2);
    expect(demoData.cases.length).toBeGreaterThanOrEqual(40);
  });

  it('keeps the original demo rows unchanged', () => {
    const first = demoData.cases.find((c) => c.id === '5a0d0004-0000-4000-8000-000000000001');
    expect(first).toEqual(jasmine.objectContaining({ reference: '2026-0001', createdAt: '2026-11-10T08:20:00.000Z' }));
    expect(demoData.users.find((u) => u.email === 'enseignante@demo.sanad.ma')?.id).toBe('5a0d0003-0000-4000-8000-000000000001');
    expect(demoData.password).toBe('Sanad-demo-2026!');
    expect(referenceData.provinces.find((p) => p.code === 'RSK-RAB')?.id).toBe('5a0d0001-0000-4000-8000-000000000401');
  });

  it('has the directions provinciales of the 12 academies and the three levels', () => {
    const regionsWithProvinces = new Set(referenceData.provinces.map((p) => p.regionId));
    expect(regionsWithProvinces.size).toBe(12);
    expect(referenceData.levels.map((l) => l.code)).toEqual(['primaire', 'college', 'lycee']);
  });
});

describe('reference data against the protocol', () => {
  it('is consistent with the reference protocol (types, platforms, states, tracks, options)', () => {
    expect(checkSeeds(all(), protocolFacts())).toEqual([]);
  });

  it('reports a taxonomy code missing from the protocol and a protocol type without an entry', () => {
    const s = all();
    s.taxonomy.types[0].code = 'CYBERBULLYING';
    const problems = checkSeeds(s, protocolFacts());
    expect(problems).toContain('taxonomy.types: missing INSULT (the intake types of the protocol)');
    expect(problems).toContain('taxonomy.types: CYBERBULLYING is not in the intake types of the protocol');
  });

  it('reports a missing or non-Arabic translation and an unknown ministry category', () => {
    const s = all();
    s.taxonomy.types[1].definition.en = ' ';
    s.taxonomy.types[2].label.ar = 'Exclusion';
    (s.taxonomy.types[3] as { ministryCategory: string }).ministryCategory = 'MORAL';
    s.taxonomy.tiers[0].description.fr = '';
    const problems = checkSeeds(s);
    expect(problems).toContain('taxonomy.types[1].definition.en: missing or empty');
    expect(problems).toContain('taxonomy.types[2].label.ar: not in Arabic script');
    expect(problems).toContain('taxonomy.types[3].ministryCategory: unknown category MORAL');
    expect(problems).toContain('taxonomy.tiers[0].description.fr: missing or empty');
  });

  it('reports a tier leading to a track the protocol does not have and a legal hook without a source', () => {
    const s = all();
    s.taxonomy.tiers[1].defaultTrack = 'MEDIATION';
    const withLegal = s.taxonomy.types.findIndex((t) => t.legal);
    s.taxonomy.types[withLegal].legal!.sources = [];
    const problems = checkSeeds(s, protocolFacts());
    expect(problems).toContain('taxonomy.tiers[1].defaultTrack: MEDIATION is not a track of the protocol');
    expect(problems).toContain(`taxonomy.types[${withLegal}].legal: a legal hook needs a source`);
  });

  it('has one platform guide per platform plus Take It Down, and reports a missing or unknown guide', () => {
    expect(platformGuide('TAKE_IT_DOWN')?.url).toBe('https://takeitdown.ncmec.org/');
    const s = all();
    s.platformGuides.guides = s.platformGuides.guides.filter((g) => g.code !== 'TELEGRAM');
    s.platformGuides.guides[0].code = 'MYSPACE';
    s.platformGuides.guides[1].howToReport = [];
    s.platformGuides.guides[2].lastVerified = '22/11/2026';
    const problems = checkSeeds(s, protocolFacts());
    expect(problems).toContain('platformGuides.guides: missing TELEGRAM (PLATFORMS + TAKE_IT_DOWN)');
    expect(problems).toContain('platformGuides.guides: missing INSTAGRAM (PLATFORMS + TAKE_IT_DOWN)');
    expect(problems).toContain('platformGuides.guides: MYSPACE is not in PLATFORMS + TAKE_IT_DOWN');
    expect(problems).toContain('platformGuides.guides[1].howToReport: empty list');
    expect(problems).toContain('platformGuides.guides[2].lastVerified: must be a date (YYYY-MM-DD) or null');
  });

  it('reports duplicate directory ids, unknown academies and options, and a national demo entry', () => {
    const s = all();
    const d = s.directory;
    d.national.push({ ...d.national[0] });
    d.national[1].demo = true;
    d.national[2].protocolOptions = ['SMOKE_SIGNALS'];
    d.regions['XXX'] = [];
    d.regions['MS'] = [{ ...d.regions['RSK'][0], id: 'MS_REFERENT_DEMO' }];
    const problems = checkSeeds(s, protocolFacts());
    expect(problems).toContain(`directory.national.id[${d.national.length - 1}]: duplicate EMC_HELPLINE`);
    expect(problems).toContain('directory.national[1]: a national entry cannot be a demo entry');
    expect(problems).toContain('directory.national[2].protocolOptions: SMOKE_SIGNALS is not an option of the protocol');
    expect(problems).toContain('directory.regions.XXX: unknown region code');
    expect(problems).toContain('directory.regions.MS[0].provinceCode: RSK-RAB is not in region MS');
  });

  it('reports a directory entry without a source and an invented-looking phone number', () => {
    const s = all();
    s.directory.national[3].sources = [];
    s.directory.national[3].contacts = [{ kind: 'phone', value: '19 (police)' }];
    const problems = checkSeeds(s);
    expect(problems).toContain('directory.national[3]: an entry needs a source (or demo: true)');
    expect(problems).toContain('directory.national[3].contacts[0]: a phone number is digits only');
  });

  it('reports a gap note pointing at nothing', () => {
    const s = all();
    s.gaps.push({ file: 'provinces.json', codes: ['RSK-ATLANTIS'], note: 'x' }, { file: 'nowhere.json', codes: [], note: 'x' });
    const problems = checkSeeds(s);
    expect(problems).toContain(`gaps[${s.gaps.length - 2}]: RSK-ATLANTIS not found in provinces.json`);
    expect(problems).toContain(`gaps[${s.gaps.length - 1}].file: unknown file nowhere.json`);
  });

  it('reports a school level or a province code that does not match', () => {
    const s = all();
    (s.schools[0] as { level: string }).level = 'universite';
    s.provinces[0].code = 'XX-TNG';
    s.levels = s.levels.slice(1);
    const problems = checkSeeds(s);
    expect(problems).toContain('schools[0].level: unknown level universite');
    expect(problems).toContain('provinces[0].code: must start with its region code TTA-');
    expect(problems).toContain('levels: missing primaire (primaire, college, lycee)');
  });
});

describe('escalation directory of an academy', () => {
  it('gives the national entries, without demo entries unless asked', () => {
    const national = directoryFor(null).map((e) => e.id);
    expect(national).toEqual(jasmine.arrayContaining(['EMC_HELPLINE', 'EMC_IWF_PORTAL', 'E_BLAGH', 'POLICE_19', 'GENDARMERIE_177']));
    expect(national).toEqual(jasmine.arrayContaining(['PMP_COMPLAINTS', 'ONDE_2511', 'COURT_CELL', 'HOSPITAL_UNIT']));
    expect(directoryFor('RSK').map((e) => e.id)).toEqual(national);
    const withDemo = directoryFor('RSK', { includeDemo: true });
    expect(withDemo.length).toBe(national.length + 1);
    expect(withDemo[withDemo.length - 1]).toEqual(
      jasmine.objectContaining({ id: 'RSK_DP_RABAT_REFERENT_DEMO', demo: true, region: 'RSK' }),
    );
  });

  it('lets an academy replace a national entry by using its id', () => {
    const directory = structuredClone(referenceData.directory);
    const police = directory.national.find((e) => e.id === 'POLICE_19')!;
    directory.regions['MS'] = [{ ...police, hours: { fr: '24 h/24', ar: 'على مدار الساعة', en: '24/7' }, sources: ['R51'] }];
    const ms = directoryFor('MS', { directory });
    expect(ms.length).toBe(directory.national.length);
    expect(ms.find((e) => e.id === 'POLICE_19')).toEqual(
      jasmine.objectContaining({ region: 'MS', hours: jasmine.objectContaining({ en: '24/7' }) }),
    );
    expect(directoryFor('RSK', { directory }).find((e) => e.id === 'POLICE_19')?.region).toBeUndefined();
  });
});

describe('demo case scripts (seed checks)', () => {
  it('turn into engine events spaced by minutesAfter (default 60) with the user role as actor role', () => {
    const events = scriptedEvents({
      createdAt: '2026-11-02T08:00:00.000Z',
      script: [
        { do: 'note', by: '5a0d0003-0000-4000-8000-000000000001', text: 'a' },
        { do: 'sign', step: 'triage', by: '5a0d0003-0000-4000-8000-000000000003', minutesAfter: 15 },
        { do: 'reopen', by: '5a0d0003-0000-4000-8000-000000000002', reason: 'b', minutesAfter: 0 },
      ],
    });
    expect(events.map((e) => [e.at, e.type, e.actor.role])).toEqual([
      ['2026-11-02T09:00:00.000Z', 'note_added', 'team_member'],
      ['2026-11-02T09:15:00.000Z', 'step_signed', 'principal'],
      ['2026-11-02T09:15:00.000Z', 'case_reopened', 'coordinator'],
    ]);
  });

  it('reports an actor of another school, an unknown user, an officer acting and an unknown action', () => {
    const s = all();
    const c = s.cases[0];
    const otherSchool = s.users.find((u) => u.schoolId !== null && u.schoolId !== c.schoolId)!;
    const officer = s.users.find((u) => u.role === 'officer')!;
    c.script = [
      { do: 'note', by: otherSchool.id, text: 'x' },
      { do: 'note', by: '00000000-0000-4000-8000-000000000000', text: 'x' },
      { do: 'note', by: officer.id, text: 'x' },
      { do: 'close', by: officer.id } as unknown as (typeof c.script)[number],
      { do: 'reopen', by: c.createdById, reason: ' ' },
      { do: 'complete', step: '', by: c.createdById, minutesAfter: -5 },
    ];
    const problems = checkSeeds(s);
    expect(problems).toContain('cases[0].script[0].by: user of another school');
    expect(problems).toContain('cases[0].script[1].by: unknown user');
    expect(problems).toContain('cases[0].script[2].by: user of another school');
    expect(problems).toContain('cases[0].script[2].by: role officer cannot act on a case');
    expect(problems).toContain('cases[0].script[3].do: unknown action close');
    expect(problems).toContain('cases[0].script[4].reason: empty');
    expect(problems).toContain('cases[0].script[5].step: missing');
    expect(problems).toContain('cases[0].script[5].minutesAfter: a whole number of minutes, 0 or more');
  });

  it('reports a case dated outside the demo period, a script running past it, a bad Arabic title and an unknown state', () => {
    const s = all();
    s.cases[0].createdAt = '2026-11-22T09:00:00.000Z';
    s.cases[1].script = [{ do: 'note', by: s.cases[1].createdById, text: 'x', minutesAfter: 60 * 24 * 30 }];
    s.cases[2].titleAr = 'Rumeurs';
    s.cases[3].expectedState = 'ARCHIVED';
    const problems = checkSeeds(s, protocolFacts());
    expect(problems).toContain('cases[0].createdAt: demo cases are created between 2026-09-01 and 2026-11-21');
    expect(problems.some((p) => p.startsWith('cases[1].script: ends after 2026-11-21'))).toBeTrue();
    expect(problems).toContain('cases[2].titleAr: not in Arabic script');
    expect(problems).toContain('cases[3].expectedState: ARCHIVED is not a state of the protocol');
  });

  it('has the deepfakes article for the team and the family, shown with the AI-facilitated image and voice types', () => {
    const ids = (types: string[]) => articlesFor(types).map((a) => a.id);
    expect(ids(['AI_SEXUAL_IMAGE'])).toEqual(['DEEPFAKES']);
    expect(ids(['INSULT', 'VOICE_VIDEO_CLONE'])).toEqual(['DEEPFAKES']);
    expect(ids(['INSULT', 'INAUTHENTIC_ACCOUNTS'])).toEqual([]);
    const article = articlesFor(['MANIPULATED_MEDIA'])[0];
    expect(article?.title.en).toBe('Deepfakes and nudify montages: what the team and the family should know');
    expect(article?.summary.fr).toContain('ni anodine ni légale');
    expect(article?.forTeam.some((p) => p.en.includes('handled exactly like a real one'))).toBeTrue();
    expect(article?.forFamily.some((p) => p.ar.includes('Take It Down'))).toBeTrue();
  });

  it('reports an article with an unknown type, a missing translation or no source', () => {
    const s = all();
    const article = s.articles.articles[0];
    const problems = checkSeeds(
      {
        ...s,
        articles: { ...s.articles, articles: [{ ...article, types: ['DEEPFAKE'], summary: { ...article.summary, ar: '' }, sources: [] }] },
      },
      protocolFacts(),
    );
    expect(problems).toContain('articles[0].types: DEEPFAKE is not a cyberviolence type');
    expect(problems).toContain('articles[0].summary.ar: missing or empty');
    expect(problems).toContain('articles[0]: an article needs a source');
  });
});
