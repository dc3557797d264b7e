import { Role } from '../core/user';
import { AuditEntry, AuditFilters, isAuditAction, isBreakReason } from './audit-api';

const ROLES: readonly Role[] = ['team_member', 'coordinator', 'principal', 'officer', 'admin'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Keys of `details` worded in the three languages; others show as they are. */
const KNOWN_DETAIL_KEYS = new Set(['stepId', 'view', 'emailHmac', 'code', 'stage']);

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A calendar day as the API and `<input type="date">` write it (YYYY-MM-DD) that exists. */
export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The filters of the address (`/audit?action=…&caseId=…&from=…&to=…`); values the API would refuse are left out. */
export function filtersFromQuery(query: { action?: string; caseId?: string; from?: string; to?: string }): AuditFilters {
  const filters: AuditFilters = {};
  if (isAuditAction(query.action)) filters.action = query.action;
  const caseId = query.caseId?.trim();
  if (caseId && isUuid(caseId)) filters.caseId = caseId.toLowerCase();
  if (query.from && isDay(query.from)) filters.from = query.from;
  if (query.to && isDay(query.to)) filters.to = query.to;
  return filters;
}

export function sameFilters(a: AuditFilters, b: AuditFilters): boolean {
  return a.action === b.action && a.caseId === b.caseId && a.from === b.from && a.to === b.to;
}

export function actionKey(action: string): string {
  return isAuditAction(action) ? `audit.actions.${action}` : 'audit.actions.unknown';
}

export function roleKey(role: string | null | undefined): string {
  return ROLES.includes(role as Role) ? `roles.${role}` : 'roles.unknown';
}

export function breakReasonKey(reason: string): string {
  return isBreakReason(reason) ? `audit.verify.reasons.${reason}` : 'audit.verify.reasons.unknown';
}

/** One line of the "Détails" cell: a translated label (`key`) or the API's own name (`name`), and a value. */
export interface DetailItem {
  key?: string;
  name?: string;
  value: string;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/** What the "Détails" cell lists: the target, the school (administrators see every school), the details, the address. */
export function detailItems(entry: AuditEntry, showSchool: boolean): DetailItem[] {
  const items: DetailItem[] = [];
  if (entry.targetId) items.push({ key: 'audit.details.target', value: entry.targetId });
  if (showSchool && entry.schoolId) items.push({ key: 'audit.details.school', value: entry.schoolId });
  for (const [name, value] of Object.entries(entry.details ?? {})) {
    if (value === null || value === undefined || value === '') continue;
    items.push(KNOWN_DETAIL_KEYS.has(name) ? { key: `audit.detailKeys.${name}`, value: asText(value) } : { name, value: asText(value) });
  }
  if (entry.ip) items.push({ key: 'audit.details.ip', value: entry.ip });
  return items;
}
