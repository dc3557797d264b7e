import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The repository root, found from this file's place in `backend/dist/src/config/` or `backend/src/config/`. */
export const REPO_ROOT = resolve(__dirname, __dirname.includes(`${join('dist', 'src')}`) ? '../../../..' : '../../..');

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface AppConfig {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  database: { type: 'better-sqlite3'; path: string } | { type: 'postgres'; url: string };
  sessionSecret: string;
  sessionTtlHours: number;
  /** minutes without a request after which a session ends */
  sessionIdleMinutes: number;
  /** roles that must enrol in two-factor authentication before using the API */
  mfaRequiredRoles: string[];
  masterKeyFile: string;
  /** one base64 master key given directly (instead of MASTER_KEY_FILE), e.g. from a secrets manager */
  masterKey: string | null;
  evidence: { maxFileBytes: number; maxCaseBytes: number };
  logLevel: LogLevel;
  seedDemo: boolean;
  corsOrigins: string[];
  frontendDir: string;
  bodyLimit: string;
  /** protocol new cases follow (its latest published version) */
  defaultProtocolId: string;
  /** folder of protocol definitions (`<id>/<version>.yaml`); the package's own by default */
  protocolsDir: string | null;
  /** seconds between two reminder runs; 0 turns the scheduler off */
  reminderIntervalSeconds: number;
  /** e-mail digests of reminders: smtp(s)://user:pass@host:port, or null to send none */
  smtpUrl: string | null;
  mailFrom: string;
  /** scheduled backups (docs/operations.md): folder, hours between two (0: none), archives kept */
  backup: { dir: string; intervalHours: number; keep: number };
  /** how long data is kept (docs/retention.md); null: that category is never purged */
  retention: RetentionPolicy;
  /** the purge run inside the server (a lease: one instance per period); `off` by default, `cli.js purge` otherwise */
  retentionSchedule: RetentionSchedule;
  /** the public reporting channel of the schools (issue #11, docs/public-reporting.md) */
  publicReports: PublicReportsConfig;
}

/** Settings of the public reporting channel (docs/public-reporting.md). Rate limits are per process. */
export interface PublicReportsConfig {
  /** off: every public route answers 404, as for an unknown school */
  enabled: boolean;
  /** start of the short link printed on the posters (`<baseUrl>/report/<schoolCode>`); PUBLIC_URL by default */
  baseUrl: string;
  /** proof-of-work difficulty in leading zero bits, raised automatically while a school receives a flood */
  powBits: number;
  /** reports accepted per client address per hour */
  perAddressPerHour: number;
  /** reports accepted per school per hour (all addresses) */
  perSchoolPerHour: number;
  /** follow-up attempts (reading or writing) per client address per 15 minutes */
  followUpPerAddress: number;
  /** follow-up attempts per report code per 15 minutes */
  followUpPerCode: number;
}

export type RetentionSchedule = 'off' | 'daily' | 'weekly' | 'monthly';
/** Hours between two scheduled purges. */
export const RETENTION_SCHEDULE_HOURS: Record<Exclude<RetentionSchedule, 'off'>, number> = { daily: 24, weekly: 24 * 7, monthly: 24 * 30 };

/**
 * The retention policy (docs/retention.md), per category. Every period counts from the case's closure (cases,
 * evidence) or from the row's end (notices, sessions); `null` means the category is kept (never purged).
 */
export interface RetentionPolicy {
  /** years a closed case is kept, then `caseAction` is applied */
  caseYears: number | null;
  caseAction: 'anonymise' | 'delete';
  /** months after closure after which evidence content is erased (the records and hashes stay) */
  evidenceMonths: number | null;
  /** days after which read notices of closed cases (or of transmissions) are deleted */
  notificationDays: number | null;
  /** days after their expiry after which ended sessions are deleted */
  sessionDays: number | null;
  /**
   * days without activity after which a report of the public channel that was dismissed, or never turned into a
   * case nor linked to one, is deleted with its messages and events (docs/public-reporting.md)
   */
  intakeReportDays: number | null;
}

/** A wrong or missing setting: the message names the variable and fits on one line. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Configuration error: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number between ${min} and ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : raw;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL (got "${value}")`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return value.replace(/\/+$/, '');
}

function path(base: string, value: string): string {
  return isAbsolute(value) ? value : resolve(base, value);
}

/**
 * Reads and validates the environment once, at boot. The only reader of process.env in the backend.
 * Outside production, defaults let `npm start` work with no settings at all; in production every secret
 * must be given explicitly.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const production = nodeEnv === 'production';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError('HOST', `must be a host name or IP address (got "${host}")`);
  const dataDir = path(REPO_ROOT, env.DATA_DIR || 'data');

  let database: AppConfig['database'];
  if (env.DATABASE_URL) {
    url(env, 'DATABASE_URL', '', ['postgres:', 'postgresql:']);
    database = { type: 'postgres', url: env.DATABASE_URL };
  } else {
    const sqlitePath = env.SQLITE_PATH || join(dataDir, 'sanad.sqlite');
    database = { type: 'better-sqlite3', path: sqlitePath === ':memory:' ? sqlitePath : path(REPO_ROOT, sqlitePath) };
  }

  let sessionSecret = env.SESSION_SECRET ?? '';
  if (sessionSecret && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET', 'must be at least 32 characters long');
  }
  if (!sessionSecret) {
    if (production) throw new ConfigError('SESSION_SECRET', 'is required when NODE_ENV=production');
    sessionSecret = nodeEnv === 'test' ? 'test-only-session-secret-not-for-real-use' : devSecret(dataDir);
  }

  const masterKeyFile = path(REPO_ROOT, env.MASTER_KEY_FILE || join(dataDir, 'keys', 'master.key'));
  if (production && !env.MASTER_KEY_FILE && !env.MASTER_KEY) {
    throw new ConfigError(
      'MASTER_KEY_FILE',
      '(or MASTER_KEY) is required when NODE_ENV=production (keep the key outside the data directory)',
    );
  }

  const seedDemo = bool(env, 'SEED_DEMO', !production);
  if (production && seedDemo) throw new ConfigError('SEED_DEMO', 'cannot be true when NODE_ENV=production');

  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) url({ CORS_ORIGINS: origin }, 'CORS_ORIGINS', '', ['http:', 'https:']);

  const bodyLimit = env.BODY_LIMIT || '100kb';
  if (!/^\d+(b|kb|mb)$/i.test(bodyLimit)) throw new ConfigError('BODY_LIMIT', `must look like 100kb or 1mb (got "${bodyLimit}")`);

  return {
    nodeEnv,
    host,
    port,
    publicUrl: url(env, 'PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']),
    dataDir,
    database,
    sessionSecret,
    sessionTtlHours: integer(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    mfaRequiredRoles: mfaRequiredRoles(env, production),
    masterKeyFile,
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, nodeEnv === 'test' ? 'silent' : 'info'),
    seedDemo,
    corsOrigins,
    frontendDir: path(REPO_ROOT, env.FRONTEND_DIR || join('frontend', 'dist', 'browser')),
    bodyLimit,
    defaultProtocolId: protocolId(env),
    protocolsDir: protocolsDir(env),
    reminderIntervalSeconds: integer(env, 'REMINDER_INTERVAL_SECONDS', nodeEnv === 'test' ? 0 : 300, 0, 86_400),
    masterKey: masterKey(env),
    evidence: {
      maxFileBytes: integer(env, 'EVIDENCE_MAX_FILE_MB', 15, 1, 200) * 1024 * 1024,
      maxCaseBytes: integer(env, 'EVIDENCE_MAX_CASE_MB', 200, 1, 10_000) * 1024 * 1024,
    },
    smtpUrl: env.SMTP_URL ? url(env, 'SMTP_URL', '', ['smtp:', 'smtps:']) : null,
    mailFrom: mailFrom(env),
    backup: {
      dir: path(REPO_ROOT, env.BACKUP_DIR || join(dataDir, 'backups')),
      intervalHours: integer(env, 'BACKUP_INTERVAL_HOURS', 0, 0, 24 * 31),
      keep: integer(env, 'BACKUP_KEEP', 14, 1, 10_000),
    },
    retention: retentionPolicy(env),
    retentionSchedule: oneOf(env, 'RETENTION_SCHEDULE', ['off', 'daily', 'weekly', 'monthly'] as const, 'off'),
    publicReports: {
      enabled: bool(env, 'PUBLIC_REPORTS', true),
      baseUrl: url(env, 'PUBLIC_REPORT_BASE_URL', url(env, 'PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']), [
        'http:',
        'https:',
      ]),
      powBits: integer(env, 'PUBLIC_REPORT_POW_BITS', 16, 0, 26),
      perAddressPerHour: integer(env, 'PUBLIC_REPORT_LIMIT_PER_IP', 10, 1, 100_000),
      perSchoolPerHour: integer(env, 'PUBLIC_REPORT_LIMIT_PER_SCHOOL', 60, 1, 1_000_000),
      followUpPerAddress: integer(env, 'PUBLIC_FOLLOW_UP_LIMIT_PER_IP', 30, 1, 100_000),
      followUpPerCode: integer(env, 'PUBLIC_FOLLOW_UP_LIMIT_PER_CODE', 10, 1, 100_000),
    },
  };
}

/** A retention period: a whole number (0 or `off`: never purged). */
function period(env: Env, name: string, fallback: number, max: number, unit: string): number | null {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  if (raw === 'off' || raw === '0') return null;
  if (!/^\d+$/.test(raw) || Number(raw) > max)
    throw new ConfigError(name, `must be a number of ${unit} between 1 and ${max}, or 0 / off to keep forever (got "${env[name]}")`);
  return Number(raw);
}

/**
 * Defaults are a starting point only (Law 09-08: personal data kept no longer than needed): the AREF and its data
 * protection officer set the real periods. See docs/retention.md.
 */
function retentionPolicy(env: Env): RetentionPolicy {
  const policy: RetentionPolicy = {
    caseYears: period(env, 'RETENTION_CASE_YEARS', 5, 100, 'years'),
    caseAction: oneOf(env, 'RETENTION_CASE_ACTION', ['anonymise', 'delete'] as const, 'anonymise'),
    evidenceMonths: period(env, 'RETENTION_EVIDENCE_MONTHS', 12, 1200, 'months'),
    notificationDays: period(env, 'RETENTION_NOTIFICATION_DAYS', 180, 36_500, 'days'),
    sessionDays: period(env, 'RETENTION_SESSION_DAYS', 30, 36_500, 'days'),
    intakeReportDays: period(env, 'PUBLIC_REPORT_RETENTION_DAYS', 90, 36_500, 'days'),
  };
  if (policy.caseYears !== null && policy.evidenceMonths !== null && policy.evidenceMonths > policy.caseYears * 12)
    throw new ConfigError(
      'RETENTION_EVIDENCE_MONTHS',
      `must not be longer than RETENTION_CASE_YEARS (${policy.evidenceMonths} months > ${policy.caseYears} years)`,
    );
  return policy;
}

function protocolId(env: Env): string {
  const value = env.PROTOCOL_ID || 'ma-cyberharassment';
  if (!/^[a-z0-9][a-z0-9-]{1,79}$/.test(value))
    throw new ConfigError('PROTOCOL_ID', `must be a protocol id like ma-cyberharassment (got "${value}")`);
  return value;
}

function protocolsDir(env: Env): string | null {
  if (!env.PROTOCOLS_DIR) return null;
  const dir = path(REPO_ROOT, env.PROTOCOLS_DIR);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ConfigError('PROTOCOLS_DIR', `must be an existing folder (got "${env.PROTOCOLS_DIR}")`);
  return dir;
}

const ROLE_NAMES = ['team_member', 'coordinator', 'principal', 'officer', 'admin'];

function masterKey(env: Env): string | null {
  const raw = (env.MASTER_KEY ?? '').trim();
  if (!raw) return null;
  if (Buffer.from(raw, 'base64').length !== 32) throw new ConfigError('MASTER_KEY', 'must be 32 bytes in base64 (openssl rand -base64 32)');
  return raw;
}

/** Comma-separated roles, or `none`. Enforced by default in production only, so the demo works as it is. */
function mfaRequiredRoles(env: Env, production: boolean): string[] {
  const raw = (env.MFA_REQUIRED_ROLES ?? '').trim();
  if (raw === '') return production ? ['principal', 'officer', 'admin'] : [];
  if (raw === 'none') return [];
  const roles = [...new Set(raw.split(',').map((r) => r.trim()))];
  for (const role of roles) {
    if (!ROLE_NAMES.includes(role))
      throw new ConfigError('MFA_REQUIRED_ROLES', `must be none or roles among ${ROLE_NAMES.join(', ')} (got "${role}")`);
  }
  return roles;
}

function mailFrom(env: Env): string {
  const value = (env.MAIL_FROM || 'Sanad <no-reply@sanad.invalid>').trim();
  const address = /<([^<>]+)>$/.exec(value)?.[1] ?? value;
  if (!/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(address)) throw new ConfigError('MAIL_FROM', `must be an e-mail address (got "${value}")`);
  return value;
}

/** Outside production, a random secret is created once and kept in the data directory (mode 0600). */
function devSecret(dataDir: string): string {
  const file = join(dataDir, 'keys', 'session.secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}
