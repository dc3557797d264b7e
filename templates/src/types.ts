// The data each document receives: plain JSON the backend builds from a case. Dates are ISO strings
// (YYYY-MM-DD for days, full instants for moments). Optional information is `null`, never absent: templates are
// compiled in strict mode and a missing field is an error. Text typed by staff is printed as typed (escaped).

/** A name known in French and Arabic (schools, provinces, academies); English falls back to French. */
export interface Names {
  fr: string;
  ar: string;
  en?: string;
}

/** A reference-data label in the three languages (taxonomy types, platforms, authorities, levels…). */
export interface Label {
  fr: string;
  ar: string;
  en: string;
}

/**
 * Someone in a case: always a pseudonymous code (E1, A1, T1…); the name only in school-internal documents
 * (`null` in documents that leave the school). `detail` is a class or a function (e.g. "3AC-2", "Professeur").
 */
export interface Person {
  code: string;
  name: string | null;
  detail: string | null;
}

export interface Organisation {
  academy: Names;
  province: Names;
  school: Names;
}

export type Tier = 'T0' | 'T1' | 'T2' | 'T3';
export type Track = 'EDUCATIONAL' | 'MPP' | 'FORMAL' | 'EMERGENCY';

/** What every case document receives. */
export interface CaseDocumentBase {
  organisation: Organisation;
  case: { reference: string; openedAt: string; tier: Tier | null; track: Track | null };
  issuedAt: string;
  issuedBy: Person;
}

export interface QA {
  question: string;
  answer: string;
}

export type ReportChannel = 'IN_PERSON' | 'PHONE' | 'WRITTEN' | 'HELPLINE' | 'ONLINE' | 'OTHER';

/** D1 — fiche de signalement. */
export interface ReportSection {
  receivedAt: string;
  channel: ReportChannel;
  reporter: Person | null; // null: anonymous report
  reporterRole: string | null;
  receivedBy: Person;
  targets: Person[];
  authors: (Person & { inSchool: boolean | null })[];
  platforms: Label[];
  types: Label[];
  occurredOn: string | null;
  description: string;
  danger: { selfHarm: boolean; physicalThreat: boolean; sexualImages: boolean; sextortion: boolean; adultInvolved: boolean };
  dangerCheckedBy: Person | null;
  dangerCheckedAt: string | null;
}
export interface ReportFormData extends CaseDocumentBase {
  report: ReportSection;
}

/** D2 — fiche d'évaluation initiale. */
export interface AssessmentSection {
  assessedAt: string;
  assessedBy: Person;
  criteria: { repetition: boolean; intentionality: boolean; powerImbalance: boolean; cannotDefend: boolean };
  types: Label[];
  tier: Tier;
  tierRationale: string;
  track: Track;
  authorsKnownInSchool: boolean;
  validatedBy: Person | null;
  validatedAt: string | null;
  notes: string | null;
}
export interface InitialAssessmentData extends CaseDocumentBase {
  assessment: AssessmentSection;
}

export type IntervieweeRole = 'TARGET' | 'PRESUMED_AUTHOR' | 'WITNESS' | 'PARENT';
export type SafetyAdvice = 'DO_NOT_REPLY' | 'DO_NOT_DELETE' | 'BLOCK_AND_REPORT' | 'PRIVACY_SETTINGS' | 'TELL_AN_ADULT';

/** D3 and D4 — one interview record. */
export interface Interview {
  heldAt: string;
  role: IntervieweeRole;
  interviewee: Person;
  interviewers: Person[];
  durationMinutes: number | null;
  answers: QA[];
  /** MPP meetings with a presumed author: did the pupil acknowledge the concern, what did they suggest. */
  acknowledged: boolean | null;
  suggestion: string | null;
  /** Target interviews. */
  wishes: string | null;
  consentToContact: boolean | null;
  safetyAdvice: SafetyAdvice[];
  notes: string | null;
}
export interface TargetInterviewData extends CaseDocumentBase {
  targetInterviews: Interview[];
}
export interface InterviewsData extends CaseDocumentBase {
  interviews: Interview[];
}

export type EvidenceKind = 'SCREENSHOT' | 'URL' | 'FILE' | 'DESCRIPTION_ONLY';

/** D5 — registre des preuves (metadata first; never sexual images of minors, described in words instead). */
export interface EvidenceItem {
  number: number;
  kind: EvidenceKind;
  capturedAt: string;
  capturedBy: Person;
  platform: Label | null;
  url: string | null;
  account: string | null;
  description: string;
  fileName: string | null;
  sha256: string | null;
}
export interface EvidenceRegisterData extends CaseDocumentBase {
  evidence: EvidenceItem[];
}

/** D6 — plan de protection. */
export interface ProtectionSection {
  decidedAt: string;
  decidedBy: Person;
  measures: { measure: string; owner: Person; startsOn: string; endsOn: string | null; status: 'PLANNED' | 'ACTIVE' | 'LIFTED' }[];
  supportOffered: Label[];
  reviewOn: string | null;
  notes: string | null;
}
export interface ProtectionPlanData extends CaseDocumentBase {
  protection: ProtectionSection;
}

/** D7 — journal des signalements aux plateformes et à l'EMC. */
export interface PlatformReport {
  reportedAt: string;
  platform: Label;
  channel: string;
  reference: string | null;
  contentUrl: string | null;
  reportedBy: Person;
  outcome: 'PENDING' | 'REMOVED' | 'REFUSED' | 'ESCALATED';
  outcomeAt: string | null;
  escalatedTo: Label | null;
}
export interface PlatformReportsData extends CaseDocumentBase {
  platformReports: PlatformReport[];
}

/** D8 — fiche de liaison avec la famille: a letter and the record of contacts. */
export interface FamilySection {
  recipient: { name: string; relation: string; pupil: Person };
  letter: { body: string; meeting: { at: string; place: string } | null };
  contacts: { at: string; channel: 'PHONE' | 'MEETING' | 'LETTER' | 'MESSAGE'; by: Person; summary: string; familyWishes: string | null }[];
}
export interface FamilyLiaisonData extends CaseDocumentBase {
  family: FamilySection;
}

/** D9 — fiche de transmission aux autorités. */
export interface Transmission {
  sentAt: string;
  authority: Label;
  channel: string;
  reference: string | null;
  contact: string | null;
  facts: string;
  people: Person[];
  attachments: string[];
  sentBy: Person;
  provinceNotifiedAt: string | null;
}
export interface AuthorityTransmissionData extends CaseDocumentBase {
  transmissions: Transmission[];
}

/** D10 — convocation and decision of the conseil de classe. */
export interface CouncilSection {
  convocation: { sentAt: string; meetingAt: string; place: string; pupil: Person; guardians: string; members: Person[]; facts: string };
  decision: {
    heldAt: string;
    present: Person[];
    proceedings: string;
    decision: string;
    alternativeSanction: string | null;
    legalBasis: string;
  } | null;
}
export interface ClassCouncilData extends CaseDocumentBase {
  council: CouncilSection;
}

export type FollowUpStatus = 'STOPPED' | 'DECREASED' | 'CONTINUED';
/** D11 — fiche de suivi. */
export interface FollowUp {
  heldAt: string;
  by: Person;
  status: FollowUpStatus;
  wellbeing: string | null;
  attendance: string | null;
  contentStillRemoved: boolean | null;
  notes: string | null;
  nextCheckOn: string | null;
}
export interface FollowUpData extends CaseDocumentBase {
  followUps: FollowUp[];
}

/** D12 — bilan de clôture. */
export interface ClosureSection {
  proposedAt: string;
  proposedBy: Person;
  criteria: {
    harassmentStopped: boolean;
    feelsSafe: boolean;
    measuresReviewed: boolean;
    takedownsResolved: boolean;
    externalHandedOver: boolean;
  };
  durationDays: number;
  summary: string;
  familiesInformedAt: string | null;
  signedOffBy: Person | null;
  signedOffAt: string | null;
}
export interface ClosureSummaryData extends CaseDocumentBase {
  closure: ClosureSection;
}

/** A dated line of the case chronology. */
export interface CaseEvent {
  at: string;
  label: Label;
  by: Person | null;
}

/** The full case file, for the school: every section in order, then the chronology. */
export interface CaseFileData extends CaseDocumentBase {
  report: ReportSection;
  assessment: AssessmentSection | null;
  targetInterviews: Interview[];
  interviews: Interview[];
  evidence: EvidenceItem[];
  protection: ProtectionSection | null;
  platformReports: PlatformReport[];
  family: FamilySection | null;
  transmissions: Transmission[];
  council: CouncilSection | null;
  followUps: FollowUp[];
  closure: ClosureSection | null;
  events: CaseEvent[];
}

/** A count in a statistic. */
export interface Count {
  label: Label;
  count: number;
}

/**
 * A published count of the statistics: `value` null when it is suppressed by disclosure control (officers and
 * administrators), `mark` then says how it is printed: "<5" (1 to 4 cases) or "c" (hidden so that another
 * suppressed count cannot be recomputed). A principal's own school: always the value, `mark` null.
 */
export interface StatCount {
  value: number | null;
  mark: '<5' | 'c' | null;
}

/** One cell of a breakdown (a type, a tier, a month…), with its label in the three languages. */
export interface StatRow {
  label: Label;
  count: StatCount;
}

export type StatBreakdownKey = 'month' | 'type' | 'platform' | 'tier' | 'track' | 'followUpOutcome' | 'level' | 'province';

/** A breakdown drawn as a bar chart: `withheld` when it could not be protected (a short note instead of bars). */
export interface StatBreakdown {
  key: StatBreakdownKey;
  rows: StatRow[];
  withheld: boolean;
}

/** Issue #13: the tables of the section on gender-based and AI-facilitated cyberviolence. */
export type StatGenderAiKey = 'targetSex' | 'authorSex' | 'genderBased' | 'aiFacilitated';

/** A breakdown printed as a table (count or suppression mark per row): `withheld` when it could not be protected. */
export interface StatTable {
  key: StatGenderAiKey;
  rows: StatRow[];
  withheld: boolean;
}

/** Days from the report to a point of the protocol: median and 90th percentile, null when suppressed or no case. */
export interface StatDuration {
  key: 'toTriage' | 'toFirstInterview' | 'toClosure';
  cases: StatCount;
  medianDays: number | null;
  p90Days: number | null;
  suppressed: boolean;
}

/** Cases by Ministry (Marsad) category, as in the CSV export: the last row is the total. */
export interface StatMarsadRow {
  label: Label;
  cases: StatCount;
  open: StatCount;
  closed: StatCount;
}

/**
 * D13 — pseudonymised statistics of the viewer's scope (GET /api/statistics/report.pdf): the same numbers and the
 * same suppression as GET /api/statistics. Never a school's name or code for officers and administrators; a
 * principal's report names their own school (`organisation.school`) and nothing below it.
 */
export interface StatisticsData {
  /** the scope (narrowed by the filters): academy null for the national view, school only for a principal */
  organisation: { academy: Names | null; province: Names | null; school: Names | null };
  /** `from` null: since the first case; `to`: the last day of the period (the day of issue when not filtered) */
  period: { from: string | null; to: string };
  /** the school level filter, null for all levels */
  level: Label | null;
  issuedAt: string;
  /** disclosure control applied (officers, administrators): explains "<5" and "c" */
  controlled: boolean;
  totals: { total: StatCount; open: StatCount; closed: StatCount; schoolsWithCases: StatCount };
  /** the open / closed split could not be protected */
  statusWithheld: boolean;
  durations: StatDuration[];
  /** steps with a deadline done, of which on time, and the share in percent (one decimal), null when suppressed */
  onTime: { stepsDone: StatCount; stepsOnTime: StatCount; percent: number | null; suppressed: boolean };
  /** month (trend) first, then type, platform, tier, track, follow-up outcome, level, province (academy, national) */
  breakdowns: StatBreakdown[];
  /**
   * Gender-based and AI-facilitated cyberviolence (issue #13): cases by sex of the targets and of the presumed
   * authors (aggregates only: never a person), by the gender-based marker, AI-facilitated or not, and the monthly
   * trend of AI-facilitated cases; same suppression as every other count.
   */
  genderAi: { tables: StatTable[]; trend: { rows: StatRow[]; withheld: boolean } };
  marsad: StatMarsadRow[];
}

/**
 * Pseudonymised case report for the academy: codes only, never a name; free text only where the principal
 * chose to include it (`null` otherwise).
 */
export interface AcademyReportData {
  organisation: Organisation;
  /** track: null until it is decided (a report sent right after triage) */
  case: { code: string; openedAt: string; closedAt: string | null; tier: Tier; track: Track | null; state: Label; level: Label };
  issuedAt: string;
  issuedBy: { role: Label };
  types: Label[];
  platforms: Label[];
  people: { code: string; role: IntervieweeRole }[];
  measures: Label[];
  referrals: { at: string; authority: Label }[];
  timeline: { at: string; label: Label }[];
  summary: string | null;
  outcome: string | null;
}

/** The original one-page summary (kept for compatibility). */
export interface CaseSummaryData {
  school: { name: string };
  case: { reference: string; title: string; occurredOn: string; stateLabel: string; createdBy: string; createdAt: string };
}

/**
 * The poster of a school's public reporting page (issue #11, docs/public-reporting.md): A4, one page, the QR code of
 * `link` drawn as vector squares, the short link written out, and the helplines.
 */
export interface PosterData {
  organisation: Organisation;
  school: { code: string };
  /** the full address the QR code holds: `<base>/report/<school code>` */
  link: string;
  /** the same, as printed for typing (no scheme) */
  shortLink: string;
  helplines: { name: Label; phone: string | null; whatsapp: string | null; url: string | null }[];
}

/** Template name -> the data it receives. */
/**
 * The answer to a pupil's access request under Law 09-08 (docs/subject-access.md, POST /api/subject-access/export.pdf):
 * everything the school holds about one pupil, other people as codes only, staff as roles.
 */
export interface SubjectAccessData {
  organisation: Organisation;
  /** the names the pupil is recorded under */
  subject: { names: string[] };
  /** printed in the footer: the day of issue (YYYY-MM-DD) */
  reference: string;
  issuedAt: string;
  /** `sar.staff.<role>` */
  issuedByRole: string;
  cases: SubjectAccessCase[];
}

export interface SubjectAccessCase {
  reference: string;
  title: string;
  occurredOn: string;
  openedAt: string;
  closedAt: string | null;
  state: Label;
  tier: Tier | null;
  track: Track | null;
  types: Label[];
  platforms: string[];
  /** role: `sar.role.<role>`, kind: `sar.kind.<kind>` */
  records: {
    code: string;
    role: string;
    kind: string;
    displayName: string | null;
    classLabel: string | null;
    note: string | null;
    /** the pupil's own sex when recorded (issue #13: their data, given to them under Law 09-08), `sar.sex.<sex>` */
    sex: 'female' | 'male' | null;
    recordedAt: string;
    removedAt: string | null;
  }[];
  otherPeople: { code: string; role: string }[];
  /** byRole: `sar.staff.<role>`; answers with their questions, option codes already in words */
  events: { at: string; title: Label; byRole: string; answers: { question: Label; answer: Label }[] }[];
  /** field: `sar.field.<field>` */
  corrections: {
    at: string;
    removed: boolean;
    changes: { field: string; from: string | null; to: string | null }[];
    reason: string | null;
  }[];
  evidence: { title: string; recordedAt: string; sha256: string | null; deletedAt: string | null }[];
  documents: { at: string; title: Label; lang: string }[];
}

export interface DocumentDataMap {
  'report-form': ReportFormData;
  'initial-assessment': InitialAssessmentData;
  'target-interview': TargetInterviewData;
  interviews: InterviewsData;
  'evidence-register': EvidenceRegisterData;
  'protection-plan': ProtectionPlanData;
  'platform-reports': PlatformReportsData;
  'family-liaison': FamilyLiaisonData;
  'authority-transmission': AuthorityTransmissionData;
  'class-council': ClassCouncilData;
  'follow-up': FollowUpData;
  'closure-summary': ClosureSummaryData;
  statistics: StatisticsData;
  'case-file': CaseFileData;
  'academy-report': AcademyReportData;
  'case-summary': CaseSummaryData;
  'subject-access': SubjectAccessData;
  poster: PosterData;
}
export type DocumentName = keyof DocumentDataMap;

/** Protocol document codes (domain brief §7.5) -> template. */
export const DOCUMENT_CODES: Record<string, DocumentName> = {
  D1: 'report-form',
  D2: 'initial-assessment',
  D3: 'target-interview',
  D4: 'interviews',
  D5: 'evidence-register',
  D6: 'protection-plan',
  D7: 'platform-reports',
  D8: 'family-liaison',
  D9: 'authority-transmission',
  D10: 'class-council',
  D11: 'follow-up',
  D12: 'closure-summary',
  D13: 'statistics',
};
