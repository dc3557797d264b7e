import type { Localized } from '@sanad/protocols';

/*
 * The knowledge base (GET /api/knowledge), shapes copied from `seeds/src/types.ts` (@sanad/seeds uses Node and
 * is never imported here). Every text comes in fr, ar and en.
 */

export type MinistryCategory = 'PHYSICAL' | 'PSYCHOLOGICAL' | 'VERBAL' | 'SEXUAL' | 'OTHER';

export interface LegalHook {
  articles?: string[];
  laws?: string[];
  uncertain?: boolean;
  note?: Localized;
  sources: string[];
}

export interface CyberviolenceType {
  /** An option value of the intake field `types` of the reference protocol. */
  code: string;
  label: Localized;
  definition: Localized;
  ministryCategory: MinistryCategory;
  /** Evidence may involve sexual content of a minor: description only, never a copy. */
  sexualContentOfMinor: boolean;
  evidenceNote?: Localized;
  legal?: LegalHook;
  sources: string[];
}

export interface SeverityCriterion {
  id: string;
  label: Localized;
  description: Localized;
  sources: string[];
}

export interface Tier {
  code: 'T0' | 'T1' | 'T2' | 'T3';
  label: Localized;
  description: Localized;
  defaultTrack: string;
  sources: string[];
}

export interface Taxonomy {
  about?: string;
  ministryCategories: { code: MinistryCategory; label: Localized; uncertain?: boolean; sources: string[] }[];
  types: CyberviolenceType[];
  severityCriteria: SeverityCriterion[];
  tiers: Tier[];
}

/** How to report on one platform (a code of PLATFORMS of @sanad/protocols, or TAKE_IT_DOWN). */
export interface PlatformGuide {
  code: string;
  name: Localized;
  /** False when the domain brief did not research this platform: the steps are to be verified. */
  researched: boolean;
  /** What to note before reporting, besides `captureAlways`. */
  capture: Localized[];
  howToReport: Localized[];
  referenceToKeep: Localized;
  notes?: Localized;
  url: string | null;
  /** YYYY-MM-DD of the last check in the live app; null: never checked. */
  lastVerified: string | null;
  sources?: string[];
}

export type ContactKind = 'phone' | 'url' | 'whatsapp' | 'email';

export interface Contact {
  kind: ContactKind;
  value: string;
}

/** A channel of the escalation directory, as shown for the person's academy. */
export interface DirectoryEntry {
  id: string;
  /** Fictional entry for the demo. */
  demo?: boolean;
  provinceCode?: string;
  name: Localized;
  purpose: Localized;
  howToReach: Localized;
  /** Empty when the source gives no number or address (`howToReach` says so). */
  contacts: Contact[];
  hours: Localized;
  lastVerified: string | null;
  sourceDate?: string;
  sources?: string[];
  protocolOptions?: string[];
  /** Set for the academy's own entries (its region code). */
  region?: string;
}

export interface Level {
  code: 'primaire' | 'college' | 'lycee';
  years: number;
  label: Localized;
  description: Localized;
  sources?: string[];
}

/** A knowledge-base article for staff and families (seeds/data/reference/articles.json). */
export interface Article {
  id: string;
  title: Localized;
  summary: Localized;
  forTeam: Localized[];
  forFamily: Localized[];
  /** Cyberviolence type codes the article is shown with. */
  types: string[];
  sources: string[];
}

export interface Knowledge {
  /** Region (academy) code of the signed-in person, or null. */
  region: string | null;
  taxonomy: Taxonomy;
  platforms: { captureAlways: Localized[]; guides: PlatformGuide[] };
  directory: DirectoryEntry[];
  levels: Level[];
  /** Articles shown with the cases of some types (absent from an older server). */
  articles?: Article[];
}
