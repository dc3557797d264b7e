import { HttpErrorResponse } from '@angular/common/http';

/** Shapes and limits of the public reporting channel (API contract in docs/public-reporting.md). */

/**
 * Platform codes a report may name: the protocol's list (`PLATFORMS` of @sanad/protocols, which the spec checks),
 * copied so that the public page does not load the protocol package.
 */
export const REPORT_PLATFORMS = [
  'INSTAGRAM',
  'FACEBOOK',
  'MESSENGER',
  'WHATSAPP',
  'TIKTOK',
  'SNAPCHAT',
  'YOUTUBE',
  'TELEGRAM',
  'X',
  'ONLINE_GAME',
  'OTHER',
] as const;

export const REPORTER_ROLES = ['target', 'witness', 'parent', 'staff'] as const;
export type ReporterRole = (typeof REPORTER_ROLES)[number];

export const SINCE_VALUES = ['today', 'this_week', 'this_month', 'longer'] as const;
export type Since = (typeof SINCE_VALUES)[number];

export const WHAT_HAPPENED_MAX = 2000;
export const INVOLVED_MAX = 500;
export const CONTACT_MAX = 200;
export const MESSAGE_MAX = 1000;
export const PLATFORMS_MAX = 10;

export interface Helpline {
  id: string;
  name: { fr: string; ar: string; en: string };
  phone?: string | null;
  url?: string | null;
}

export interface PublicSchool {
  code: string;
  nameFr: string;
  nameAr: string;
  helplines: Helpline[];
}

export interface Challenge {
  challenge: string;
  difficulty: number;
  expiresAt: string;
}

export interface NewReport {
  challenge: string;
  nonce: string;
  language: 'fr' | 'ar' | 'en';
  reporterRole: ReporterRole;
  whatHappened: string;
  platforms: string[];
  since: Since;
  involved?: string;
  dangerNow: boolean;
  contact?: string;
}

export interface ReportReceipt {
  reportCode: string;
  passcode: string;
  dangerNow: boolean;
}

export type ReporterStatus = 'received' | 'in_progress' | 'closed';

export interface ThreadMessage {
  from: 'reporter' | 'team';
  body: string;
  at: string;
}

export interface FollowUp {
  status: ReporterStatus;
  schoolNameFr: string;
  schoolNameAr: string;
  messages: ThreadMessage[];
}

/** Whole minutes to wait after a 429 (its `Retry-After` header, in seconds), or null when the API did not say. */
export function retryAfterMinutes(error: unknown): number | null {
  if (!(error instanceof HttpErrorResponse) || error.status !== 429) return null;
  const seconds = Number(error.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : null;
}

/** Codes and passcodes as people type them: capitals, no spaces (the dashes are kept). */
export function normaliseCode(value: string): string {
  return value.toUpperCase().replace(/\s+/g, '');
}

/** A `tel:` link for a phone number as written in the directory ("0800 00 00 00" → "tel:0800000000"). */
export function telHref(phone: string): string {
  return 'tel:' + phone.replace(/[^\d+]/g, '');
}
