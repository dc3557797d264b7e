/** Types and constants of the seed files. No data, no I/O. */

/** A text in each language of the app. */
export interface LocalizedText {
  fr: string;
  ar: string;
  en: string;
}

export interface RegionSeed {
  id: string;
  code: string;
  nameFr: string;
  nameAr: string;
  nameEn: string;
}
export interface ProvinceSeed extends RegionSeed {
  regionId: string;
}
export type LevelCode = 'primaire' | 'college' | 'lycee';
export interface LevelSeed {
  code: LevelCode;
  years: number;
  label: LocalizedText;
  description: LocalizedText;
  sources: string[];
}
export interface SchoolSeed {
  id: string;
  provinceId: string;
  code: string;
  nameFr: string;
  nameAr: string;
  level: LevelCode;
}
export type RoleSeed = 'team_member' | 'coordinator' | 'principal' | 'officer' | 'admin';

/** A role in a unit: a school (school roles), a region (officer, admin) or none (national admin). */
export interface MembershipSeed {
  role: RoleSeed;
  schoolId: string | null;
  regionId: string | null;
}

/** A demo account: its first membership (role, schoolId, regionId) and, optionally, more (`alsoIn`). */
export interface UserSeed extends MembershipSeed {
  id: string;
  email: string;
  displayName: string;
  locale: 'fr' | 'ar' | 'en';
  alsoIn?: MembershipSeed[];
}

/** A value of a step's answer, as the protocol engine takes it. */
export type AnswerValue = string | number | boolean | string[];

/**
 * One action of a demo case's script, replayed through the protocol engine like an API call.
 * The actor is `by` (a user of the case's school) with that user's role. `minutesAfter` (default 60) is the time
 * since the previous action, or since the case's `createdAt` for the first one.
 */
export type ScriptAction =
  | { do: 'complete'; step: string; by: string; answers?: Record<string, AnswerValue>; checklist?: string[]; minutesAfter?: number }
  | { do: 'sign'; step: string; by: string; comment?: string; minutesAfter?: number }
  | { do: 'note'; by: string; text: string; minutesAfter?: number }
  | { do: 'reopen'; by: string; reason: string; minutesAfter?: number };

export const SCRIPT_ACTIONS = ['complete', 'sign', 'note', 'reopen'] as const;
export const DEFAULT_MINUTES_AFTER = 60;

export interface CaseSeed {
  id: string;
  schoolId: string;
  reference: string;
  /** Title in French (stored on the case). */
  title: string;
  titleAr: string;
  occurredOn: string;
  createdById: string;
  createdAt: string;
  /** State of the reference protocol the script leads to. */
  expectedState: string;
  script: ScriptAction[];
}

/** A script action as a protocol engine event (the shape of `NewCaseEvent` of @sanad/protocols), with its instant. */
export type ScriptedEvent =
  | {
      type: 'step_completed';
      at: string;
      actor: { id: string; role: string };
      payload: { stepId: string; answers: Record<string, AnswerValue>; checklist: string[] };
    }
  | { type: 'step_signed'; at: string; actor: { id: string; role: string }; payload: { stepId: string; comment?: string } }
  | { type: 'note_added'; at: string; actor: { id: string; role: string }; payload: { text: string } }
  | { type: 'case_reopened'; at: string; actor: { id: string; role: string }; payload: { reason: string } };

export interface HolidaySeed {
  from: string;
  to: string;
  label: string;
  approximate?: boolean;
}
export interface CalendarSeed {
  weekendDays: number[];
  utcOffsetMinutes: number;
  publicHolidays: HolidaySeed[];
  /** per academy (region code): its school holiday periods */
  regions: Record<string, { schoolHolidays: HolidaySeed[] }>;
}

/** Categories of the Ministry's school-violence reporting (Marsad "nature of violence"), for exports. */
export type MinistryCategory = 'PHYSICAL' | 'PSYCHOLOGICAL' | 'VERBAL' | 'SEXUAL' | 'OTHER';
export const MINISTRY_CATEGORIES: readonly MinistryCategory[] = ['PHYSICAL', 'PSYCHOLOGICAL', 'VERBAL', 'SEXUAL', 'OTHER'];

export interface LegalHook {
  /** Penal Code articles, e.g. "447-1". */
  articles?: string[];
  /** Other laws, e.g. "07-03". */
  laws?: string[];
  /** The brief could not verify this hook. */
  uncertain?: boolean;
  note?: LocalizedText;
  sources: string[];
}
export interface CyberviolenceType {
  /** An option value of the intake field `types` of the reference protocol. */
  code: string;
  label: LocalizedText;
  definition: LocalizedText;
  ministryCategory: MinistryCategory;
  /** Evidence may involve sexual content of a minor: description only, never a copy. */
  sexualContentOfMinor: boolean;
  evidenceNote?: LocalizedText;
  legal?: LegalHook;
  sources: string[];
}
export interface SeverityCriterion {
  /** Same id as the triage checklist item. */
  id: string;
  label: LocalizedText;
  description: LocalizedText;
  sources: string[];
}
export interface TierSeed {
  code: 'T0' | 'T1' | 'T2' | 'T3';
  label: LocalizedText;
  description: LocalizedText;
  /** Track the tier leads to by default: EDUCATIONAL, MPP, FORMAL or EMERGENCY. */
  defaultTrack: string;
  sources: string[];
}
export interface TaxonomySeed {
  about: string;
  ministryCategories: { code: MinistryCategory; label: LocalizedText; uncertain?: boolean; sources: string[] }[];
  types: CyberviolenceType[];
  severityCriteria: SeverityCriterion[];
  tiers: TierSeed[];
}

export interface PlatformGuide {
  /** A code of PLATFORMS (@sanad/protocols) or TAKE_IT_DOWN. */
  code: string;
  name: LocalizedText;
  /** False when the brief did not research this platform: steps to verify. */
  researched: boolean;
  /** What to note before reporting, besides `captureAlways`. */
  capture: LocalizedText[];
  howToReport: LocalizedText[];
  referenceToKeep: LocalizedText;
  notes?: LocalizedText;
  url: string | null;
  /** YYYY-MM-DD of the last check in the live app; null: never checked. */
  lastVerified: string | null;
  sources: string[];
}
/** A knowledge-base article for staff and families (e.g. deepfakes), shown with the cases of some types. */
export interface ArticleSeed {
  /** Stable UPPER_CASE id. */
  id: string;
  title: LocalizedText;
  summary: LocalizedText;
  /** What the team should know or do, one point per item. */
  forTeam: LocalizedText[];
  /** What to tell the family, one point per item. */
  forFamily: LocalizedText[];
  /** Cyberviolence type codes (intake `types`) the article is shown with. */
  types: string[];
  /** Keys of the domain brief's sources, e.g. R44. */
  sources: string[];
}
export interface ArticlesSeed {
  about: string;
  articles: ArticleSeed[];
}
export interface PlatformGuidesSeed {
  about: string;
  /** Rules for every platform. */
  captureAlways: LocalizedText[];
  guides: PlatformGuide[];
}

export type ContactKind = 'phone' | 'url' | 'whatsapp' | 'email';
export interface DirectoryEntry {
  id: string;
  /** Fictional entry for the demo: never shown in production. */
  demo?: boolean;
  /** For a regional entry: the province (direction provinciale) it belongs to. */
  provinceCode?: string;
  name: LocalizedText;
  purpose: LocalizedText;
  howToReach: LocalizedText;
  /** Machine-usable contacts, copied from the source; empty when the source gives none. */
  contacts: { kind: ContactKind; value: string }[];
  hours: LocalizedText;
  lastVerified: string | null;
  /** Date (YYYY-MM or YYYY-MM-DD) of the source page, when known. */
  sourceDate?: string;
  /** Keys of the domain brief's sources, e.g. R51. */
  sources: string[];
  /** Option values of the reference protocol naming this channel (e.g. POLICE_19 in authorities_alert). */
  protocolOptions?: string[];
}
export interface DirectorySeed {
  about: string;
  national: DirectoryEntry[];
  /** Per academy (region code): extra entries, or replacements of national entries with the same id. */
  regions: Record<string, DirectoryEntry[]>;
}
/** An entry as shown for an academy: `region` is set for the academy's own entries. */
export type ResolvedDirectoryEntry = DirectoryEntry & { region?: string };

/** A known gap or uncertainty in the reference data (developer-facing, English). */
export interface GapSeed {
  file: string;
  codes: string[];
  note: string;
}
