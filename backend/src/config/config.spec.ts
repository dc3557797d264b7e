import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  const base = { NODE_ENV: 'test' };

  it('works with no settings at all outside production', () => {
    const c = loadConfig(base);
    expect(c.port).toBe(3000);
    expect(c.database.type).toBe('better-sqlite3');
    expect(c.seedDemo).toBeTrue();
    expect(c.corsOrigins).toEqual([]);
  });

  it('has a retention policy by default, each category can be turned off', () => {
    expect(loadConfig(base).retention).toEqual({
      caseYears: 5,
      caseAction: 'anonymise',
      evidenceMonths: 12,
      notificationDays: 180,
      sessionDays: 30,
      intakeReportDays: 90,
    });
    const off = loadConfig({ ...base, RETENTION_CASE_YEARS: 'off', RETENTION_EVIDENCE_MONTHS: '0', RETENTION_CASE_ACTION: 'delete' });
    expect(loadConfig(base).retentionSchedule).toBe('off');
    expect(off.retention).toEqual(jasmine.objectContaining({ caseYears: null, evidenceMonths: null, caseAction: 'delete' }));
  });

  it('has settings for the public reporting channel, checked', () => {
    expect(loadConfig(base).publicReports).toEqual({
      enabled: true,
      baseUrl: 'http://localhost:3000',
      powBits: 16,
      perAddressPerHour: 10,
      perSchoolPerHour: 60,
      followUpPerAddress: 30,
      followUpPerCode: 10,
    });
    const set = loadConfig({ ...base, PUBLIC_URL: 'https://sanad.example.ma', PUBLIC_REPORT_POW_BITS: '8', PUBLIC_REPORTS: 'false' });
    expect(set.publicReports).toEqual(jasmine.objectContaining({ enabled: false, baseUrl: 'https://sanad.example.ma', powBits: 8 }));
    expect(loadConfig({ ...base, PUBLIC_REPORT_BASE_URL: 'https://s.ma/' }).publicReports.baseUrl).toBe('https://s.ma');
    expect(loadConfig({ ...base, PUBLIC_REPORT_RETENTION_DAYS: 'off' }).retention.intakeReportDays).toBeNull();
    for (const bad of [{ PUBLIC_REPORT_POW_BITS: '40' }, { PUBLIC_REPORT_LIMIT_PER_IP: '0' }, { PUBLIC_REPORT_BASE_URL: 'ftp://x' }])
      expect(() => loadConfig({ ...base, ...bad })).toThrowError(/PUBLIC_REPORT/);
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ ...base, DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/sanad' }).database.type).toBe('postgres');
  });

  const cases: [Record<string, string>, string][] = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
    [{ SEED_DEMO: 'maybe' }, 'SEED_DEMO'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ CORS_ORIGINS: 'ftp://x' }, 'CORS_ORIGINS'],
    [{ BODY_LIMIT: 'lots' }, 'BODY_LIMIT'],
    [{ HOST: 'a b' }, 'HOST'],
    [{ MAIL_FROM: 'Sanad <not an address>' }, 'MAIL_FROM'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ PROTOCOL_ID: 'Bad Id' }, 'PROTOCOL_ID'],
    [{ PROTOCOLS_DIR: '/no/such/folder' }, 'PROTOCOLS_DIR'],
    [{ REMINDER_INTERVAL_SECONDS: '-1' }, 'REMINDER_INTERVAL_SECONDS'],
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES'],
    [{ MFA_REQUIRED_ROLES: 'principal,headmaster' }, 'MFA_REQUIRED_ROLES'],
    [{ RETENTION_CASE_YEARS: 'five' }, 'RETENTION_CASE_YEARS'],
    [{ RETENTION_CASE_ACTION: 'shred' }, 'RETENTION_CASE_ACTION'],
    [{ RETENTION_EVIDENCE_MONTHS: '-3' }, 'RETENTION_EVIDENCE_MONTHS'],
    [{ RETENTION_CASE_YEARS: '1', RETENTION_EVIDENCE_MONTHS: '24' }, 'RETENTION_EVIDENCE_MONTHS'],
    [{ RETENTION_NOTIFICATION_DAYS: '1.5' }, 'RETENTION_NOTIFICATION_DAYS'],
    [{ RETENTION_SCHEDULE: 'hourly' }, 'RETENTION_SCHEDULE'],
  ];
  for (const [env, variable] of cases) {
    it(`stops with a one-line message naming ${variable} for ${JSON.stringify(env)}`, () => {
      try {
        loadConfig({ ...base, ...env });
        fail('expected a ConfigError');
      } catch (e) {
        expect(e instanceof ConfigError).toBeTrue();
        expect((e as ConfigError).variable).toBe(variable);
        expect((e as Error).message).toContain(variable);
        expect((e as Error).message).not.toContain('\n');
      }
    });
  }

  describe('in production', () => {
    const prod = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), MASTER_KEY_FILE: '/etc/sanad/master.key' };

    it('needs a session secret', () => {
      expect(() => loadConfig({ ...prod, SESSION_SECRET: '' })).toThrowMatching((e: Error) => e.message.includes('SESSION_SECRET'));
    });

    it('needs a master key location', () => {
      expect(() => loadConfig({ ...prod, MASTER_KEY_FILE: '' })).toThrowMatching((e: Error) => e.message.includes('MASTER_KEY_FILE'));
    });

    it('never loads demo data', () => {
      expect(loadConfig(prod).seedDemo).toBeFalse();
      expect(() => loadConfig({ ...prod, SEED_DEMO: 'true' })).toThrowMatching((e: Error) => e.message.includes('SEED_DEMO'));
    });

    it('requires two-factor authentication for principals, officers and administrators unless told otherwise', () => {
      expect(loadConfig(prod).mfaRequiredRoles).toEqual(['principal', 'officer', 'admin']);
      expect(loadConfig({ ...prod, MFA_REQUIRED_ROLES: 'admin, officer' }).mfaRequiredRoles).toEqual(['admin', 'officer']);
      expect(loadConfig({ ...prod, MFA_REQUIRED_ROLES: 'none' }).mfaRequiredRoles).toEqual([]);
    });
  });

  it('does not require two-factor authentication outside production by default, and ends idle sessions after 30 minutes', () => {
    expect(loadConfig(base).mfaRequiredRoles).toEqual([]);
    expect(loadConfig({ ...base, MFA_REQUIRED_ROLES: 'principal' }).mfaRequiredRoles).toEqual(['principal']);
    expect(loadConfig(base).sessionIdleMinutes).toBe(30);
  });
});
