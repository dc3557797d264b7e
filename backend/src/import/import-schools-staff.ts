import { randomBytes, randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { hashPassword } from '../auth/password-hash';
import { issuePasswordLink } from '../auth/password-links';
import { Province, Region, School } from '../organisation/organisation.entities';
import { User } from '../users/user.entity';
import { Membership, membershipRow } from '../users/membership.entity';
import { unitInScope, type AdminScope } from '../access/admin-scope';
import { CsvError, decodeUtf8, parseCsv, type CsvRecord } from './csv';

export type ImportFile = 'schools' | 'staff';

export const SCHOOL_LEVELS = ['primaire', 'college', 'lycee'] as const;
export const IMPORTABLE_ROLES = ['team_member', 'coordinator', 'principal', 'officer'] as const;
export const LOCALES = ['fr', 'ar', 'en'] as const;
type ImportableRole = (typeof IMPORTABLE_ROLES)[number];
type Locale = (typeof LOCALES)[number];

const SCHOOL_COLUMNS = { required: ['code', 'name_fr', 'name_ar', 'level', 'province_code'], optional: [] as string[] };
const STAFF_COLUMNS = { required: ['email', 'display_name', 'role'], optional: ['school_code', 'region_code', 'locale'] };

/** Stable codes of the reasons a file or a row is refused (for a future admin screen to translate). */
export type RejectionCode =
  | 'file.unreadable'
  | 'file.empty'
  | 'header.missing_column'
  | 'header.unknown_column'
  | 'header.duplicate_column'
  | 'row.field_count'
  | 'value.required'
  | 'value.too_long'
  | 'value.control_characters'
  | 'code.invalid'
  | 'duplicate_in_file'
  | 'name_ar.not_arabic'
  | 'level.unknown'
  | 'province.unknown'
  | 'email.invalid'
  | 'role.unknown'
  | 'role.not_importable'
  | 'locale.unknown'
  | 'school.required'
  | 'school.unknown'
  | 'school.rejected'
  | 'school.not_for_officer'
  | 'region.required'
  | 'region.unknown'
  | 'region.not_for_school_role'
  | 'principal.second'
  | 'province.outside_scope'
  | 'school.outside_scope'
  | 'region.outside_scope';

export interface ImportRejection {
  file: ImportFile;
  /** line of the file where the row starts (the header is line 1) */
  line: number;
  /** the column at fault, or null for the whole row or file */
  column: string | null;
  code: RejectionCode;
  /** plain-English explanation, with the value at fault */
  reason: string;
}

/** A row whose school code or e-mail address is already in the database: skipped, never updated. */
export interface ImportExisting {
  file: ImportFile;
  line: number;
  /** school code or e-mail address */
  key: string;
}

export interface ImportFileSummary {
  /** data rows read (header and blank lines not counted) */
  rows: number;
  /** rows that passed every check and are new: written unless the run is a dry run or blocked by rejections */
  valid: number;
  /** rows actually written */
  created: number;
  existing: number;
  /** rows refused (a row with several problems counts once) */
  rejected: number;
}

/** One new account and its one-time link to set a password (the only copy: the database keeps a hash). */
export interface ImportInvite {
  line: number;
  userId: string;
  email: string;
  displayName: string;
  role: ImportableRole;
  schoolCode: string | null;
  regionCode: string | null;
  locale: Locale;
  url: string;
  expiresAt: string;
}

export interface ImportReport {
  dryRun: boolean;
  skipInvalid: boolean;
  /** true when rows were written (in one transaction) */
  written: boolean;
  /** a file could not be read as a whole (bad quoting, missing column…): nothing is written, even with skipInvalid */
  fileRejected: boolean;
  schools: ImportFileSummary;
  staff: ImportFileSummary;
  rejections: ImportRejection[];
  existing: ImportExisting[];
  /** empty unless written */
  invites: ImportInvite[];
}

export interface ImportInput {
  /** contents of schools.csv (UTF-8 bytes or text), or null/undefined when there is none */
  schoolsCsv?: string | Uint8Array | null;
  staffCsv?: string | Uint8Array | null;
}

export interface ImportOptions {
  /** base of the setup links (`PUBLIC_URL`) */
  publicUrl: string;
  /** validate and report only */
  dryRun?: boolean;
  /** write the valid rows even when others are rejected (otherwise one rejected row means nothing is written) */
  skipInvalid?: boolean;
  now?: Date;
  /** the importing administrator's scope: rows for units outside it are rejected (the CLI has no limit) */
  scope?: AdminScope;
  /**
   * Called as rows are written (inside the transaction): the command line shows progress, and may throw to stop
   * (an interruption): the transaction is then rolled back and nothing is written.
   */
  onProgress?: (written: number, total: number) => void;
}

interface Table {
  file: ImportFile;
  records: { line: number; values: Record<string, string> }[];
}

const emptySummary = (): ImportFileSummary => ({ rows: 0, valid: 0, created: 0, existing: 0, rejected: 0 });

/** Reads a file into rows keyed by column name, or reports why it cannot be read. */
function readTable(file: ImportFile, input: string | Uint8Array, columns: typeof SCHOOL_COLUMNS, out: ImportRejection[]): Table | null {
  let records: CsvRecord[];
  try {
    records = parseCsv(decodeUtf8(input));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    out.push({ file, line: error.line, column: null, code: 'file.unreadable', reason: error.message.replace(/^line \d+: /, '') });
    return null;
  }
  const [header, ...rows] = records;
  if (!header) {
    out.push({ file, line: 1, column: null, code: 'file.empty', reason: `the file is empty: the first line must name the columns` });
    return null;
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const known = [...columns.required, ...columns.optional];
  const before = out.length;
  names.forEach((name, i) => {
    if (!known.includes(name))
      out.push({
        file,
        line: header.line,
        column: name,
        code: 'header.unknown_column',
        reason: `unknown column "${header.fields[i]}" (expected: ${known.join(', ')})`,
      });
    else if (names.indexOf(name) !== i)
      out.push({ file, line: header.line, column: name, code: 'header.duplicate_column', reason: `column "${name}" appears twice` });
  });
  for (const name of columns.required) {
    if (!names.includes(name))
      out.push({ file, line: header.line, column: name, code: 'header.missing_column', reason: `missing column "${name}"` });
  }
  if (out.length > before) return null;
  const table: Table = { file, records: [] };
  for (const row of rows) {
    if (row.fields.length !== names.length) {
      out.push({
        file,
        line: row.line,
        column: null,
        code: 'row.field_count',
        reason: `${row.fields.length} fields where the header has ${names.length} (a comma inside a value must be in quotes)`,
      });
      continue;
    }
    const values: Record<string, string> = {};
    names.forEach((name, i) => (values[name] = row.fields[i].trim()));
    table.records.push({ line: row.line, values });
  }
  return table;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const SCHOOL_CODE = /^[A-Z0-9][A-Z0-9._/-]*$/;
const ARABIC_LETTER = /\p{Script=Arabic}/u;
const LATIN_LETTER = /\p{Script=Latin}/u;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** `Collège`, `LYCEE`, `lycée` → `college`, `lycee`. */
const simplify = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

async function chunked<T, K>(keys: K[], load: (chunk: K[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += 500) out.push(...(await load(keys.slice(i, i + 500))));
  return out;
}

interface NewSchool {
  line: number;
  row: School;
}
interface NewUser {
  line: number;
  row: Omit<User, 'passwordHash' | 'createdAt' | 'active'>;
  role: ImportableRole;
  schoolId: string | null;
  regionId: string | null;
  schoolCode: string | null;
  regionCode: string | null;
}

/**
 * Checks and (unless told otherwise) imports schools and staff accounts from CSV, all in one transaction.
 * Rows whose school code or e-mail address already exist are skipped and listed as existing, never updated, so
 * running the same files again changes nothing. Any rejected row means nothing is written, unless `skipInvalid`
 * (then the valid rows are written); a file that cannot be read as a whole blocks everything. New accounts get
 * no usable password: each gets a one-time `invite` link, returned in `report.invites` and nowhere else.
 */
export async function importSchoolsAndStaff(db: DataSource, input: ImportInput, options: ImportOptions): Promise<ImportReport> {
  const dryRun = options.dryRun ?? false;
  const skipInvalid = options.skipInvalid ?? false;
  const rejections: ImportRejection[] = [];
  const schoolTable = input.schoolsCsv != null ? readTable('schools', input.schoolsCsv, SCHOOL_COLUMNS, rejections) : null;
  const staffTable = input.staffCsv != null ? readTable('staff', input.staffCsv, STAFF_COLUMNS, rejections) : null;
  const fileRejected = rejections.some((r) => r.code.startsWith('file.') || r.code.startsWith('header.'));

  // an unknown password, the same for every account of this run: nobody can sign in before using the link
  const unusable = staffTable?.records.length && !dryRun && !fileRejected ? await hashPassword(randomBytes(32).toString('hex')) : '';

  return db.transaction(async (m) => {
    const existing: ImportExisting[] = [];
    const scope = options.scope ?? NO_LIMIT;
    const newSchools = schoolTable ? await checkSchools(m, schoolTable, scope, rejections, existing) : { created: [], byCode: new Map() };
    const newUsers = staffTable ? await checkStaff(m, staffTable, newSchools.byCode, scope, rejections, existing) : [];

    const summary = (file: ImportFile, table: Table | null, valid: number): ImportFileSummary => {
      if (!table) return { ...emptySummary(), rejected: new Set(rejections.filter((r) => r.file === file).map((r) => r.line)).size };
      const rows = table.records.length + rejections.filter((r) => r.file === file && r.code === 'row.field_count').length;
      const rejected = new Set(rejections.filter((r) => r.file === file).map((r) => r.line)).size;
      return { rows, valid, created: 0, existing: existing.filter((e) => e.file === file).length, rejected };
    };
    const report: ImportReport = {
      dryRun,
      skipInvalid,
      written: false,
      fileRejected,
      schools: summary('schools', schoolTable, newSchools.created.length),
      staff: summary('staff', staffTable, newUsers.length),
      rejections: rejections.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file === 'schools' ? -1 : 1)),
      existing,
      invites: [],
    };
    const blocked = fileRejected || (rejections.length > 0 && !skipInvalid);
    if (dryRun || blocked || (!newSchools.created.length && !newUsers.length)) return report;

    const createdAt = (options.now ?? new Date()).toISOString();
    const total = newSchools.created.length + newUsers.length;
    let written = 0;
    for (let i = 0; i < newSchools.created.length; i += 200) {
      await m.insert(
        School,
        newSchools.created.slice(i, i + 200).map((s) => s.row),
      );
      written += Math.min(200, newSchools.created.length - i);
      options.onProgress?.(written, total);
    }
    for (const u of newUsers) {
      await m.insert(User, { ...u.row, passwordHash: unusable, active: true, createdAt });
      await m.insert(Membership, membershipRow(randomUUID(), u.row.id, u.role, { schoolId: u.schoolId, regionId: u.regionId }, createdAt));
      const link = await issuePasswordLink(m, options.publicUrl, u.row.id, 'invite', options.now);
      report.invites.push({
        line: u.line,
        userId: u.row.id,
        email: u.row.email,
        displayName: u.row.displayName,
        role: u.role,
        schoolCode: u.schoolCode,
        regionCode: u.regionCode,
        locale: u.row.locale,
        ...link,
      });
      options.onProgress?.(++written, total);
    }
    report.schools.created = newSchools.created.length;
    report.staff.created = newUsers.length;
    report.written = true;
    return report;
  });
}

/** What the staff check needs to know about each school code of the schools file. */
type SchoolRef = { status: 'new'; id: string; line: number } | { status: 'rejected'; line: number };

const NO_LIMIT: AdminScope = { kind: 'national', regionId: null, provinceId: null };

async function checkSchools(
  m: EntityManager,
  table: Table,
  scope: AdminScope,
  rejections: ImportRejection[],
  existing: ImportExisting[],
): Promise<{ created: NewSchool[]; byCode: Map<string, SchoolRef> }> {
  const provinces = new Map((await m.find(Province)).map((p) => [p.code.toUpperCase(), p]));
  const codes = [...new Set(table.records.map((r) => r.values.code.toUpperCase()).filter(Boolean))];
  const inDb = new Set((await chunked(codes, (chunk) => m.find(School, { where: { code: In(chunk) } }))).map((s) => s.code.toUpperCase()));
  const firstLine = new Map<string, number>();
  const created: NewSchool[] = [];
  const byCode = new Map<string, SchoolRef>();

  for (const { line, values } of table.records) {
    const before = rejections.length;
    const reject = (column: string | null, code: RejectionCode, reason: string) =>
      rejections.push({ file: 'schools', line, column, code, reason });
    const code = values.code.toUpperCase();
    if (!checkText(values, 'code', 32, reject)) {
      /* reported */
    } else if (!SCHOOL_CODE.test(code)) {
      reject('code', 'code.invalid', `"${values.code}" is not an establishment code (letters, digits, - . _ / only)`);
    } else if (firstLine.has(code)) {
      reject('code', 'duplicate_in_file', `code ${code} appears twice in the file (first on line ${firstLine.get(code)})`);
      continue;
    }
    if (rejections.length > before) {
      if (code) byCode.set(code, { status: 'rejected', line });
      continue;
    }
    firstLine.set(code, line);
    if (inDb.has(code)) {
      existing.push({ file: 'schools', line, key: code });
      continue;
    }
    checkText(values, 'name_fr', 200, reject);
    if (checkText(values, 'name_ar', 200, reject)) {
      if (!ARABIC_LETTER.test(values.name_ar) || LATIN_LETTER.test(values.name_ar))
        reject('name_ar', 'name_ar.not_arabic', `"${values.name_ar}" is not written in Arabic script`);
    }
    const level = simplify(values.level);
    if (checkText(values, 'level', 16, reject) && !(SCHOOL_LEVELS as readonly string[]).includes(level))
      reject('level', 'level.unknown', `unknown level "${values.level}" (expected ${SCHOOL_LEVELS.join(', ')})`);
    const province = provinces.get(values.province_code.toUpperCase());
    if (checkText(values, 'province_code', 16, reject) && !province)
      reject('province_code', 'province.unknown', `unknown province "${values.province_code}" (codes like RSK-RAB: see docs/import.md)`);
    else if (
      province &&
      !unitInScope(scope, { kind: 'province', id: province.id, schoolId: null, provinceId: province.id, regionId: province.regionId })
    )
      reject('province_code', 'province.outside_scope', `province ${province.code} is outside the units you manage`);
    if (rejections.length > before || !province) {
      byCode.set(code, { status: 'rejected', line });
      continue;
    }
    const id = randomUUID();
    byCode.set(code, { status: 'new', id, line });
    created.push({ line, row: { id, provinceId: province.id, code, nameFr: values.name_fr, nameAr: values.name_ar, level } });
  }
  return { created, byCode };
}

async function checkStaff(
  m: EntityManager,
  table: Table,
  fileSchools: Map<string, SchoolRef>,
  scope: AdminScope,
  rejections: ImportRejection[],
  existing: ImportExisting[],
): Promise<NewUser[]> {
  const regions = new Map((await m.find(Region)).map((r) => [r.code.toUpperCase(), r]));
  const emails = [...new Set(table.records.map((r) => r.values.email.toLowerCase()).filter(Boolean))];
  const inDb = new Set(
    (await chunked(emails, (chunk) => m.find(User, { select: { id: true, email: true }, where: { email: In(chunk) } }))).map((u) =>
      u.email.toLowerCase(),
    ),
  );
  const schoolCodes = [...new Set(table.records.map((r) => (r.values.school_code ?? '').toUpperCase()).filter(Boolean))];
  const dbSchools = new Map(
    (await chunked(schoolCodes, (chunk) => m.find(School, { where: { code: In(chunk) } }))).map((s) => [s.code.toUpperCase(), s]),
  );
  const principals = new Set(
    (
      await chunked(
        [...dbSchools.values()].map((s) => s.id),
        (chunk) => m.find(Membership, { select: { id: true, schoolId: true }, where: { role: 'principal', schoolId: In(chunk) } }),
      )
    ).map((x) => x.schoolId),
  );
  const provinceById = new Map((await m.find(Province)).map((p) => [p.id, p]));
  const schoolInScope = (s: School) => {
    const province = provinceById.get(s.provinceId)!;
    return unitInScope(scope, { kind: 'school', id: s.id, schoolId: s.id, provinceId: province.id, regionId: province.regionId });
  };
  const firstLine = new Map<string, number>();
  const principalLine = new Map<string, number>();
  const created: NewUser[] = [];

  for (const { line, values } of table.records) {
    const before = rejections.length;
    const reject = (column: string | null, code: RejectionCode, reason: string) =>
      rejections.push({ file: 'staff', line, column, code, reason });
    const email = values.email.toLowerCase();
    if (checkText(values, 'email', 254, reject) && !EMAIL.test(email))
      reject('email', 'email.invalid', `"${values.email}" is not an e-mail address`);
    else if (firstLine.has(email)) {
      reject('email', 'duplicate_in_file', `${email} appears twice in the file (first on line ${firstLine.get(email)})`);
      continue;
    }
    if (rejections.length > before) continue;
    firstLine.set(email, line);
    if (inDb.has(email)) {
      existing.push({ file: 'staff', line, key: email });
      continue;
    }
    checkText(values, 'display_name', 120, reject);
    const role = simplify(values.role) as ImportableRole;
    if (!checkText(values, 'role', 20, reject)) {
      /* reported */
    } else if (role === ('admin' as string)) {
      reject('role', 'role.not_importable', 'administrator accounts cannot be imported: use bootstrap-admin or the admin screen');
    } else if (!IMPORTABLE_ROLES.includes(role)) {
      reject('role', 'role.unknown', `unknown role "${values.role}" (expected ${IMPORTABLE_ROLES.join(', ')})`);
    }
    const locale = (simplify(values.locale ?? '') || 'fr') as Locale;
    if (!LOCALES.includes(locale)) reject('locale', 'locale.unknown', `unknown language "${values.locale}" (expected fr, ar or en)`);
    const schoolCode = (values.school_code ?? '').toUpperCase();
    const regionCode = (values.region_code ?? '').toUpperCase();
    let schoolId: string | null = null;
    let regionId: string | null = null;
    if (role === 'officer') {
      if (schoolCode) reject('school_code', 'school.not_for_officer', 'officers work for a region: leave school_code empty');
      if (!regionCode) reject('region_code', 'region.required', 'an officer needs a region_code (e.g. RSK)');
      else if (!regions.has(regionCode)) reject('region_code', 'region.unknown', `unknown region "${values.region_code}"`);
      else if (
        !unitInScope(scope, {
          kind: 'region',
          id: regions.get(regionCode)!.id,
          schoolId: null,
          provinceId: null,
          regionId: regions.get(regionCode)!.id,
        })
      )
        reject('region_code', 'region.outside_scope', `region ${regionCode} is outside the units you manage`);
      else regionId = regions.get(regionCode)!.id;
    } else if (IMPORTABLE_ROLES.includes(role)) {
      if (regionCode)
        reject('region_code', 'region.not_for_school_role', `a ${role} works in a school: leave region_code empty (only for officers)`);
      const inFile = fileSchools.get(schoolCode);
      const inDbSchool = dbSchools.get(schoolCode);
      if (!schoolCode) reject('school_code', 'school.required', `a ${role} needs a school_code`);
      else if (inDbSchool && !schoolInScope(inDbSchool))
        reject('school_code', 'school.outside_scope', `school ${schoolCode} is outside the units you manage`);
      else if (inDbSchool) schoolId = inDbSchool.id;
      else if (inFile?.status === 'new') schoolId = inFile.id;
      else if (inFile?.status === 'rejected')
        reject('school_code', 'school.rejected', `school ${schoolCode} is rejected in the schools file (line ${inFile.line})`);
      else reject('school_code', 'school.unknown', `unknown school "${values.school_code}" (not in the database nor in the schools file)`);
      if (role === 'principal' && schoolId) {
        if (principals.has(schoolId))
          reject('role', 'principal.second', `school ${schoolCode} already has a principal: an account cannot be a second principal`);
        else if (principalLine.has(schoolId))
          reject('role', 'principal.second', `school ${schoolCode} already gets a principal on line ${principalLine.get(schoolId)}`);
      }
    }
    if (rejections.length > before) continue;
    if (role === 'principal' && schoolId) principalLine.set(schoolId, line);
    created.push({
      line,
      schoolCode: schoolId ? schoolCode : null,
      regionCode: regionId ? regionCode : null,
      role,
      schoolId,
      regionId,
      row: { id: randomUUID(), email, displayName: values.display_name, locale },
    });
  }
  return created;
}

/** Required, not too long, on one line. False (with the rejection recorded) when not. */
function checkText(
  values: Record<string, string>,
  column: string,
  max: number,
  reject: (column: string, code: RejectionCode, reason: string) => void,
): boolean {
  const value = values[column] ?? '';
  if (value === '') reject(column, 'value.required', `${column} is empty`);
  else if ([...value].length > max) reject(column, 'value.too_long', `${column} is longer than ${max} characters`);
  else if (CONTROL.test(value)) reject(column, 'value.control_characters', `${column} contains a line break or a control character`);
  else return true;
  return false;
}
