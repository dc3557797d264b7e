import { ApiError } from '../core/api-error';
import { Lang } from '../core/language';
import { Role, UnitKind, UnitRef, unitName } from '../core/user';
import { ErrorItem } from '../shared/error-summary/error-summary.component';
import { ImportInvite, UnitTree } from './admin-api';

export const SCHOOL_ROLES: readonly Role[] = ['team_member', 'coordinator', 'principal'];

/** Where each role may be held (`docs/administration.md`): a school, a province or region, or up to national. */
export function unitKindsForRole(role: Role | '' | null | undefined): readonly UnitKind[] {
  if (!role) return [];
  if (SCHOOL_ROLES.includes(role)) return ['school'];
  if (role === 'officer') return ['province', 'region'];
  return ['province', 'region', 'national'];
}

/** "Coordinateur·rice — Collège Ibn Khaldoun": the role and unit of a membership, as translation parts. */
export function unitLabel(unit: UnitRef, lang: Lang): string {
  return unitName(unit, lang);
}

/** True when `kind` is at or below the scope's level (national ⊃ region ⊃ province ⊃ school). */
export function withinScopeLevel(scope: UnitKind, kind: UnitKind): boolean {
  const order: UnitKind[] = ['national', 'region', 'province', 'school'];
  return order.indexOf(kind) >= order.indexOf(scope);
}

/** Provinces of the tree, with their region, for selects grouped by region. */
export function provincesOf(tree: UnitTree | null): { id: string; region: UnitRef; province: UnitRef }[] {
  if (!tree) return [];
  return tree.regions.flatMap((region) => region.provinces.filter((p) => p.id).map((province) => ({ id: province.id!, region, province })));
}

/** Codes of the import report's rejections (`backend/src/import/import-schools-staff.ts`) and scope checks. */
export const REJECTION_CODES = [
  'file.unreadable',
  'file.empty',
  'header.missing_column',
  'header.unknown_column',
  'header.duplicate_column',
  'row.field_count',
  'value.required',
  'value.too_long',
  'value.control_characters',
  'code.invalid',
  'duplicate_in_file',
  'name_ar.not_arabic',
  'level.unknown',
  'province.unknown',
  'email.invalid',
  'role.unknown',
  'role.not_importable',
  'locale.unknown',
  'school.required',
  'school.unknown',
  'school.rejected',
  'school.not_for_officer',
  'region.required',
  'region.unknown',
  'region.not_for_school_role',
  'principal.second',
  'school.outside_scope',
  'province.outside_scope',
  'region.outside_scope',
] as const;

/** The translation key of a rejection code (dots become underscores), or null: show the API's English reason. */
export function rejectionKey(code: string): string | null {
  return (REJECTION_CODES as readonly string[]).includes(code) ? `admin.import.reasons.${code.replace(/\./g, '_')}` : null;
}

/** Error codes of the administration API worded by us when the API sends no message. */
export const ADMIN_ERROR_CODES = [
  'EMAIL_TAKEN',
  'SCHOOL_CODE_TAKEN',
  'UNIT_NOT_FOUND',
  'MEMBERSHIP_EXISTS',
  'PRINCIPAL_EXISTS',
  'LAST_MEMBERSHIP',
  'CANNOT_CHANGE_SELF',
  'ACCOUNT_OUTSIDE_SCOPE',
  'NOT_FOUND',
  'FORBIDDEN',
] as const;

/** A problem not tied to a field: the API's words (already in the person's language), or ours. */
export function apiErrorItem(fieldId: string, apiError: ApiError): ErrorItem {
  if (apiError.code === 'NETWORK') return { fieldId, key: 'errors.NETWORK' };
  if (apiError.message) return { fieldId, text: apiError.message };
  if ((ADMIN_ERROR_CODES as readonly string[]).includes(apiError.code)) return { fieldId, key: `admin.errors.${apiError.code}` };
  return { fieldId, key: 'errors.UNKNOWN' };
}

/** One field for a CSV file: quoted when needed, and defused when a spreadsheet would run it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The invitation links as the CLI writes them (`--links-out`): BOM, CRLF, same columns. */
export function invitesCsv(invites: readonly ImportInvite[]): string {
  const rows = [
    ['email', 'display_name', 'role', 'school_code', 'region_code', 'locale', 'setup_link', 'expires_at'],
    ...invites.map((i) => [i.email, i.displayName, i.role, i.schoolCode ?? '', i.regionCode ?? '', i.locale, i.url, i.expiresAt]),
  ];
  return '\uFEFF' + rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}

export class NotUtf8Error extends Error {
  constructor() {
    super('not UTF-8');
  }
}

/** Reads a chosen file as UTF-8 text (a leading BOM is dropped); rejects with NotUtf8Error for other encodings. */
export async function readUtf8(file: Blob): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new NotUtf8Error();
  }
}

/** Arabic script only (letters, marks, Arabic-Indic digits), with spaces, digits and punctuation: no Latin letters. */
export function isArabicName(value: string): boolean {
  return /\p{Script=Arabic}/u.test(value) && !/\p{Script=Latin}/u.test(value);
}

export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

export const SCHOOL_CODE = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
