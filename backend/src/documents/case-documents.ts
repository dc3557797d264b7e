import { findStep, type FactValue, type Localized, type ProtocolDefinition } from '@sanad/protocols';
import type {
  AcademyReportData,
  AssessmentSection,
  AuthorityTransmissionData,
  CaseDocumentBase,
  CaseEvent as DocEvent,
  CaseFileData,
  ClosureSection,
  CouncilSection,
  DocumentDataMap,
  EvidenceItem,
  FamilySection,
  FollowUp,
  FollowUpStatus,
  Interview,
  Label,
  Names,
  Person,
  PlatformReport,
  ProtectionSection,
  ReportChannel,
  ReportSection,
  RenderLang,
  SafetyAdvice,
  Tier,
  Track,
  Transmission,
} from '@sanad/templates/host';

/**
 * The documents of one case (issue #8): which templates of `@sanad/templates` apply to a case, and the data each
 * one receives, built from what the protocol steps recorded. Pure: no database, no clock (the caller gives `now`),
 * so it is unit-tested on its own (case-documents.spec.ts).
 *
 * People are pseudonymous codes: E1 the target pupil, A1 the presumed authors, W1 witnesses, R1 a reporter who
 * is neither, O1… people named in free text (e.g. the owner of a measure), S1… staff in order of appearance.
 * Names appear only in documents that stay in the school; the authority transmission (D9) and the academy report
 * carry codes only. The academy report never carries free text: there is no "include the summary" choice yet, so
 * `summary` and `outcome` are always null.
 */

/** The templates offered on a case page, in protocol order (D13 statistics is not a case document). */
export const CASE_TEMPLATES = [
  'report-form',
  'initial-assessment',
  'target-interview',
  'interviews',
  'evidence-register',
  'protection-plan',
  'platform-reports',
  'family-liaison',
  'authority-transmission',
  'class-council',
  'follow-up',
  'closure-summary',
  'case-file',
  'academy-report',
] as const;
export type CaseTemplate = (typeof CASE_TEMPLATES)[number];

export const isCaseTemplate = (v: string): v is CaseTemplate => (CASE_TEMPLATES as readonly string[]).includes(v);

/** Protocol code of each document (domain brief §7.5); null for the full file and the academy report. */
export const TEMPLATE_CODES: Record<CaseTemplate, string | null> = {
  'report-form': 'D1',
  'initial-assessment': 'D2',
  'target-interview': 'D3',
  interviews: 'D4',
  'evidence-register': 'D5',
  'protection-plan': 'D6',
  'platform-reports': 'D7',
  'family-liaison': 'D8',
  'authority-transmission': 'D9',
  'class-council': 'D10',
  'follow-up': 'D11',
  'closure-summary': 'D12',
  'case-file': null,
  'academy-report': null,
};

/** Documents that leave the school: codes only, never a name. */
export const LEAVES_SCHOOL: ReadonlySet<CaseTemplate> = new Set<CaseTemplate>(['authority-transmission', 'academy-report']);

/** Why a document cannot be produced yet (stable codes; the app translates them). */
export type UnavailableReason =
  | 'intake_not_recorded'
  | 'not_triaged'
  | 'no_target_interview'
  | 'no_interviews'
  | 'no_evidence'
  | 'no_protection_plan'
  | 'no_platform_report'
  | 'family_not_contacted'
  | 'no_escalation'
  | 'no_council'
  | 'no_follow_up'
  | 'not_closed';

/** One recorded step (its answers as last corrected), with who did it and who co-signed. */
export interface Occurrence {
  seq: number;
  stepId: string;
  at: string;
  actorId: string;
  answers: Record<string, FactValue>;
  checklist: string[];
  signedById: string | null;
  signedAt: string | null;
}

/** One row of the event stream, as stored (case_events). */
export interface StoredEvent {
  seq: number;
  type: string;
  at: string;
  actorId: string;
  actorRole: string;
  payload: Record<string, unknown>;
}

export interface StaffMember {
  id: string;
  displayName: string;
  role: string;
}

/** Everything the builder needs about a case. */
export interface CaseDocumentsInput {
  record: { id: string; reference: string; occurredOn: string; createdAt: string; state: string };
  definition: ProtocolDefinition;
  /** computed by the protocol engine */
  closed: boolean;
  events: StoredEvent[];
  organisation: { academy: Names; province: Names; school: Names; schoolCode: string; level: Label };
  /** the staff named in the events (actors, signatories) and the person exporting */
  staff: StaffMember[];
  issuedBy: StaffMember;
  /** labels of reference data (platform names, cyberviolence types) */
  platformLabel: (code: string) => Label | undefined;
  now: string;
  /** the items of the evidence vault (issue #7), oldest first; when there are some, they make the register (D5) */
  vault?: VaultItem[];
  /** the people registry of the case (codes E1, A1…): when it has entries, documents use its codes and names */
  people?: RegistryPerson[];
}

/** A person of the case's registry (`/api/cases/:id/people`), as documents need it. */
export interface RegistryPerson {
  code: string;
  role: 'target' | 'author' | 'witness' | 'reporter';
  kind: 'pupil' | 'staff' | 'adult' | 'unknown';
  displayName: string | null;
  classLabel: string | null;
}

/** An evidence vault item as the documents need it (hashes, never content). */
export interface VaultItem {
  id: string;
  kind: 'file' | 'link' | 'description';
  title: string;
  mediaType: string | null;
  capturedAt: string | null;
  createdAt: string;
  createdById: string;
  platform: string | null;
  url: string | null;
  accountHandle: string | null;
  description: string | null;
  fileName: string | null;
  originalSha256: string | null;
  deleted: boolean;
}

// ---------------------------------------------------------------- helpers

/** Steps whose occurrences feed each section. */
const STEPS = {
  followUps: ['followup_1', 'followup_2', 'checkpoint_4w', 'checkpoint_8w', 'extra_followup', 'educational_followup'],
  transmissions: ['authorities_alert', 'child_protection_referral', 'authority_referral', 'staff_referral'],
  family: ['family_information', 'emergency_family_notice', 'family_legal_information'],
  interviews: ['mpp_first_round', 'mpp_meeting', 'formal_interviews'],
  targetInterviews: ['target_interview', 'formal_testimony'],
  platformReports: ['platform_report', 'image_removal'],
} as const;

const ADVICE: Record<string, SafetyAdvice> = {
  noReply: 'DO_NOT_REPLY',
  keepEvidence: 'DO_NOT_DELETE',
  blockReport: 'BLOCK_AND_REPORT',
  privacySettings: 'PRIVACY_SETTINGS',
  tellAdult: 'TELL_AN_ADULT',
};

/** Fixed wording the data needs (the rest of the wording is in templates/strings). */
const TEXT = {
  target: { fr: 'Élève cible', ar: 'التلميذ(ة) المستهدف(ة)', en: 'Target pupil' },
  authors: { fr: 'Auteur(s) présumé(s)', ar: 'المعتدي(ة) المفترض(ة)', en: 'Presumed author(s)' },
  witnesses: { fr: 'Témoins', ar: 'الشهود', en: 'Witnesses' },
  guardians: { fr: 'Parents ou tuteur légal', ar: 'الوالدان أو الولي الشرعي', en: 'Parents or legal guardian' },
  family: { fr: "Famille de l'élève", ar: 'أسرة التلميذ(ة)', en: "The pupil's family" },
  letter: {
    fr: "L'établissement a été informé d'une situation de cyberharcèlement concernant votre enfant. L'équipe ressource l'a prise en charge et des mesures de protection ont été décidées. Nous souhaitons vous tenir informés et connaître votre avis sur la suite.",
    ar: 'تم إخبار المؤسسة بوضعية تحرش إلكتروني تخص طفلكم. وقد تكفل بها الفريق المرجعي وتم اتخاذ تدابير للحماية. نود إطلاعكم باستمرار ومعرفة رأيكم في الخطوات المقبلة.',
    en: 'The school has been told of a cyberharassment situation concerning your child. The resource team is handling it and protection measures have been decided. We wish to keep you informed and to hear your views on what comes next.',
  },
  informed: { fr: 'Famille informée.', ar: 'تم إخبار الأسرة.', en: 'Family informed.' },
  notInformed: { fr: 'Famille non informée', ar: 'لم يتم إخبار الأسرة', en: 'Family not informed' },
  opposes: {
    fr: "La famille s'oppose à la suite proposée.",
    ar: 'تعترض الأسرة على الإجراءات المقترحة.',
    en: 'The family opposes the proposed course.',
  },
  legalInfo: {
    fr: 'Information sur les voies de recours (plainte, e-Blagh) et les services de soutien.',
    ar: 'إخبار بسبل الانتصاف (الشكاية، إبلاغ) وبخدمات الدعم.',
    en: 'Information on legal options (complaint, e-Blagh) and support services.',
  },
  emergencyNotice: { fr: "Notification d'urgence", ar: 'إشعار استعجالي', en: 'Emergency notice' },
  platformForm: { fr: 'Formulaire de la plateforme', ar: 'استمارة المنصة', en: "Platform's form" },
  referral: { fr: 'Signalement', ar: 'تبليغ', en: 'Referral' },
  otherAuthority: { fr: 'Autorité compétente', ar: 'السلطة المختصة', en: 'Competent authority' },
  school: { fr: "Locaux de l'établissement", ar: 'مقر المؤسسة', en: 'School premises' },
  attendanceAffected: { fr: 'Assiduité affectée', ar: 'المواظبة متأثرة', en: 'Attendance affected' },
  attendanceOk: { fr: 'Assiduité normale', ar: 'مواظبة عادية', en: 'Attendance normal' },
  itemsLogged: { fr: 'éléments consignés', ar: 'عناصر مسجلة', en: 'items logged' },
  evidenceDeleted: { fr: 'contenu supprimé, empreinte conservée', ar: 'حُذف المحتوى وبقيت البصمة', en: 'content deleted, hash kept' },
  pupilsMet: { fr: 'Élèves rencontrés', ar: 'التلاميذ الذين تم لقاؤهم', en: 'Pupils met' },
  heard: {
    fr: 'Témoins entendus / auteurs entendus',
    ar: 'الشهود المستمع إليهم / المعتدون المستمع إليهم',
    en: 'Witnesses heard / authors heard',
  },
  progress: { fr: 'Évolution', ar: 'التطور', en: 'Progress' },
  created: { fr: 'Dossier ouvert', ar: 'فتح الملف', en: 'Case opened' },
  signed: { fr: 'Signature', ar: 'توقيع', en: 'Signature' },
  returned: { fr: 'Renvoyé pour être refait', ar: 'أُرجع لإعادة الإنجاز', en: 'Sent back to be redone' },
  note: { fr: 'Note ajoutée', ar: 'إضافة ملاحظة', en: 'Note added' },
  correction: { fr: 'Correction', ar: 'تصحيح', en: 'Correction' },
  reopened: { fr: 'Dossier rouvert', ar: 'إعادة فتح الملف', en: 'Case reopened' },
  migrated: { fr: 'Version du protocole changée', ar: 'تغيير نسخة البروتوكول', en: 'Protocol version changed' },
  access: { fr: 'Accès au dossier modifié', ar: 'تعديل الولوج إلى الملف', en: 'Case access changed' },
  assignee: { fr: 'Personne en charge changée', ar: 'تغيير المكلّف بالملف', en: 'Person in charge changed' },
  danger: { fr: 'Signes de danger signalés à l’ouverture', ar: 'علامات خطر مُبلغ عنها عند الفتح', en: 'Danger signs reported at intake' },
  transmitted: {
    fr: 'Rapport transmis à la direction provinciale / l’académie',
    ar: 'تقرير مُرسل إلى المديرية الإقليمية / الأكاديمية',
    en: 'Report sent to the direction provinciale / academy',
  },
} satisfies Record<string, Label>;

const EMC: Label = { fr: 'EMC-Helpline', ar: 'خط EMC للمساعدة', en: 'EMC-Helpline' };

const str = (v: FactValue | undefined): string | null => (typeof v === 'string' && v.trim() ? v : null);
const list = (v: FactValue | undefined): string[] => (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []);
const num = (v: FactValue | undefined): number | null => (typeof v === 'number' ? v : null);
const bool = (v: FactValue | undefined): boolean | null => (typeof v === 'boolean' ? v : null);
const asLabel = (l: Localized | Label): Label => ({ fr: l.fr, ar: l.ar, en: l.en });
const same = (s: string): Label => ({ fr: s, ar: s, en: s });

/** The occurrences of every step, answers as last corrected, with co-signatures. */
export function occurrencesOf(events: readonly StoredEvent[]): Occurrence[] {
  const out: Occurrence[] = [];
  const bySeq = new Map<number, Occurrence>();
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    const p = e.payload;
    if (e.type === 'step_completed') {
      const o: Occurrence = {
        seq: e.seq,
        stepId: String(p.stepId),
        at: e.at,
        actorId: e.actorId,
        answers: { ...((p.answers as Record<string, FactValue> | undefined) ?? {}) },
        checklist: Array.isArray(p.checklist) ? (p.checklist as string[]) : [],
        signedById: null,
        signedAt: null,
      };
      out.push(o);
      bySeq.set(e.seq, o);
    } else if (e.type === 'step_signed') {
      const o = [...out].reverse().find((x) => x.stepId === p.stepId);
      if (o) {
        o.signedById = e.actorId;
        o.signedAt = e.at;
      }
    } else if (e.type === 'step_returned') {
      // The co-signer sent the step back: that occurrence never counted as done.
      const o = [...out].reverse().find((x) => x.stepId === p.stepId && x.signedById === null);
      if (o) out.splice(out.indexOf(o), 1);
    } else if (e.type === 'correction') {
      const o = bySeq.get(Number(p.refSeq));
      if (o) Object.assign(o.answers, (p.answers as Record<string, FactValue> | undefined) ?? {});
    }
  }
  return out;
}

/** Builds the data of a case's documents. */
export class CaseDocuments {
  readonly occurrences: Occurrence[];
  private readonly codes = new Map<string, string>();
  private readonly staff: Map<string, StaffMember>;

  constructor(
    private readonly input: CaseDocumentsInput,
    /** the language of the file: labels copied into plain text use it (both, for fr+ar) */
    private readonly lang: RenderLang = 'fr',
  ) {
    this.occurrences = occurrencesOf(input.events);
    this.staff = new Map(input.staff.map((s) => [s.id, s]));
    // staff codes in order of first appearance, so that every document of the case uses the same codes
    for (const e of [...input.events].sort((a, b) => a.seq - b.seq)) this.staffCode(e.actorId);
  }

  // ------------------------------------------------------------ availability

  /** null when the document can be produced, otherwise why not. */
  unavailable(template: CaseTemplate): UnavailableReason | null {
    const has = (...steps: string[]) => this.occurrences.some((o) => steps.includes(o.stepId));
    switch (template) {
      case 'report-form':
      case 'case-file':
        return has('intake') ? null : 'intake_not_recorded';
      case 'initial-assessment':
        return this.tier() && this.track() ? null : 'not_triaged';
      case 'academy-report':
        // sent to the academy right after a serious triage (issue #9), before the track is decided
        return this.tier() ? null : 'not_triaged';
      case 'target-interview':
        return has(...STEPS.targetInterviews) ? null : 'no_target_interview';
      case 'interviews':
        return has(...STEPS.interviews) ? null : 'no_interviews';
      case 'evidence-register':
        return has('evidence_log') || this.input.vault?.length ? null : 'no_evidence';
      case 'protection-plan':
        return has('protection_plan', 'secure_child') ? null : 'no_protection_plan';
      case 'platform-reports':
        return has(...STEPS.platformReports) ? null : 'no_platform_report';
      case 'family-liaison':
        return has(...STEPS.family) ? null : 'family_not_contacted';
      case 'authority-transmission':
        return has(...STEPS.transmissions) ? null : 'no_escalation';
      case 'class-council':
        return this.last('formal_decision')?.answers.councilConvened === true ? null : 'no_council';
      case 'follow-up':
        return has(...STEPS.followUps) ? null : 'no_follow_up';
      case 'closure-summary':
        return has('closure_proposal') ? null : 'not_closed';
    }
  }

  /** The data of a template; throws if the document is not available (check `unavailable` first). */
  data<T extends CaseTemplate>(template: T): DocumentDataMap[T] {
    const reason = this.unavailable(template);
    if (reason) throw new Error(`document ${template} unavailable: ${reason}`);
    const names = !LEAVES_SCHOOL.has(template);
    const base = () => this.base(names);
    const build: { [K in CaseTemplate]: () => DocumentDataMap[K] } = {
      'report-form': () => ({ ...base(), report: this.report(names) }),
      'initial-assessment': () => ({ ...base(), assessment: this.assessment(names)! }),
      'target-interview': () => ({ ...base(), targetInterviews: this.targetInterviews(names) }),
      interviews: () => ({ ...base(), interviews: this.interviews(names) }),
      'evidence-register': () => ({ ...base(), evidence: this.evidence(names) }),
      'protection-plan': () => ({ ...base(), protection: this.protection(names)! }),
      'platform-reports': () => ({ ...base(), platformReports: this.platformReports(names) }),
      'family-liaison': () => ({ ...base(), family: this.family(names)! }),
      'authority-transmission': (): AuthorityTransmissionData => ({ ...base(), transmissions: this.transmissions(names) }),
      'class-council': () => ({ ...base(), council: this.council(names)! }),
      'follow-up': () => ({ ...base(), followUps: this.followUps(names) }),
      'closure-summary': () => ({ ...base(), closure: this.closure(names)! }),
      'case-file': (): CaseFileData => ({
        ...base(),
        report: this.report(names),
        assessment: this.assessment(names),
        targetInterviews: this.targetInterviews(names),
        interviews: this.interviews(names),
        evidence: this.evidence(names),
        protection: this.protection(names),
        platformReports: this.platformReports(names),
        family: this.family(names),
        transmissions: this.transmissions(names),
        council: this.council(names),
        followUps: this.followUps(names),
        closure: this.closure(names),
        events: this.chronology(names),
      }),
      'academy-report': () => this.academyReport(),
    };
    return build[template]();
  }

  // ------------------------------------------------------------ people and labels

  private text(l: Label | Localized): string {
    return this.lang === 'fr+ar' ? (l.fr === l.ar ? l.fr : `${l.fr} / ${l.ar}`) : l[this.lang];
  }

  private staffCode(id: string): string {
    let code = this.codes.get(id);
    if (!code) {
      code = `S${this.codes.size + 1}`;
      this.codes.set(id, code);
    }
    return code;
  }

  private roleLabel(role: string): Label {
    const def = this.input.definition.roles.find((r) => r.id === role);
    return def ? asLabel(def.label) : same(role);
  }

  /** A staff member: code, name in school-internal documents, role as detail. */
  private staffPerson(id: string | null, names: boolean): Person {
    const member = id ? this.staff.get(id) : undefined;
    return {
      code: id ? this.staffCode(id) : 'S?',
      name: names && member ? member.displayName : null,
      detail: member ? this.text(this.roleLabel(member.role)) : null,
    };
  }

  private target(names: boolean): Person {
    const ref = str(this.last('intake')?.answers.targetRef);
    const registered = this.input.people?.find((p) => p.role === 'target');
    if (registered) {
      const name = registered.displayName ?? ref;
      return { code: registered.code, name: names ? name : null, detail: this.text(TEXT.target) };
    }
    return { code: 'E1', name: names ? ref : null, detail: this.text(TEXT.target) };
  }

  private authors(names: boolean): (Person & { inSchool: boolean | null })[] {
    const intake = this.last('intake')?.answers ?? {};
    const registered = this.input.people?.filter((p) => p.role === 'author') ?? [];
    if (registered.length) {
      return registered.map((p) => ({
        code: p.code,
        name: names ? p.displayName : null,
        detail: names ? this.text(TEXT.authors) : null,
        inSchool: p.kind === 'pupil' || p.kind === 'staff' ? true : p.kind === 'adult' ? false : bool(intake.authorsArePupils),
      }));
    }
    if (intake.authorsKnown !== true) return [];
    return [{ code: 'A1', name: null, detail: names ? this.text(TEXT.authors) : null, inSchool: bool(intake.authorsArePupils) }];
  }

  /** A person named in free text (e.g. the owner of a measure): a code, and the text as the name. */
  private named(code: string, text: string | null, names: boolean): Person {
    return { code, name: names ? text : null, detail: null };
  }

  /** The label of a choice option, or the value itself. */
  private option(stepId: string, fieldId: string, value: string): Label {
    const step = findStep(this.input.definition, stepId);
    const field = step?.form?.fields.find((f) => f.id === fieldId);
    const opt = field?.options?.find((o) => o.value === value);
    if (opt) return asLabel(opt.label);
    if (field?.type === 'platform') return this.platform(value);
    return same(value);
  }

  private platform(code: string): Label {
    return this.input.platformLabel(code) ?? same(code);
  }

  private stepTitle(stepId: string): Label {
    const step = findStep(this.input.definition, stepId);
    return step ? asLabel(step.title) : same(stepId);
  }

  private fieldLabel(stepId: string, fieldId: string): Label {
    const field = findStep(this.input.definition, stepId)?.form?.fields.find((f) => f.id === fieldId);
    return field ? asLabel(field.label) : same(fieldId);
  }

  private all(...steps: readonly string[]): Occurrence[] {
    return this.occurrences.filter((o) => steps.includes(o.stepId));
  }

  private last(stepId: string): Occurrence | undefined {
    return this.all(stepId).at(-1);
  }

  private tier(): Tier | null {
    const reassessed = this.last('educational_reassessment')?.answers.tier;
    const t = str(reassessed) ?? str(this.last('triage')?.answers.tier);
    return t === 'T0' || t === 'T1' || t === 'T2' || t === 'T3' ? t : null;
  }

  private track(): Track | null {
    const tier = this.tier();
    if (!tier) return null;
    const chosen = [...this.occurrences]
      .reverse()
      .map((o) =>
        ['track_decision', 'mpp_result_check', 'educational_reassessment'].includes(o.stepId)
          ? str(o.answers.track ?? o.answers.decision)
          : null,
      )
      .find((t) => t);
    if (this.all('secure_child', 'authorities_alert', 'emergency_handover').length || tier === 'T3') {
      return chosen === 'FORMAL' ? 'FORMAL' : 'EMERGENCY';
    }
    return chosen === 'EDUCATIONAL' || chosen === 'MPP' || chosen === 'FORMAL' ? chosen : null;
  }

  // ------------------------------------------------------------ sections

  private base(names: boolean): CaseDocumentBase {
    const { organisation, record, issuedBy } = this.input;
    this.staff.set(issuedBy.id, issuedBy);
    return {
      organisation: { academy: organisation.academy, province: organisation.province, school: organisation.school },
      case: { reference: record.reference, openedAt: record.createdAt.slice(0, 10), tier: this.tier(), track: this.track() },
      issuedAt: this.input.now,
      issuedBy: this.staffPerson(issuedBy.id, names),
    };
  }

  private report(names: boolean): ReportSection {
    const intake = this.last('intake')!;
    const a = intake.answers;
    const danger = this.last('danger_check');
    const flags = list(danger?.answers.dangerFlags);
    const who = str(a.reportChannel) ?? 'OTHER';
    const channel: ReportChannel = who === 'HELPLINE' ? 'HELPLINE' : who === 'ANONYMOUS' ? 'OTHER' : 'IN_PERSON';
    const whoLabel = this.text(this.option('intake', 'reportChannel', who));
    return {
      receivedAt: intake.at,
      channel,
      reporter: who === 'ANONYMOUS' ? null : who === 'TARGET' ? this.target(names) : { code: 'R1', name: null, detail: whoLabel },
      reporterRole: who === 'ANONYMOUS' ? null : whoLabel,
      receivedBy: this.staffPerson(intake.actorId, names),
      targets: [this.target(names)],
      authors: this.authors(names),
      platforms: list(a.platforms).map((p) => this.platform(p)),
      types: list(a.types).map((t) => this.option('intake', 'types', t)),
      occurredOn: this.input.record.occurredOn,
      description: str(a.description) ?? '—',
      danger: {
        selfHarm: flags.includes('SELF_HARM'),
        physicalThreat: flags.includes('PHYSICAL_THREAT'),
        sexualImages: flags.includes('MINOR_SEXUAL_IMAGES'),
        sextortion: flags.includes('SEXTORTION'),
        adultInvolved: flags.includes('ADULT_INVOLVED'),
      },
      dangerCheckedBy: danger ? this.staffPerson(danger.actorId, names) : null,
      dangerCheckedAt: danger?.at ?? null,
    };
  }

  private assessment(names: boolean): AssessmentSection | null {
    const triage = this.last('educational_reassessment') ?? this.last('triage');
    const tier = this.tier();
    const track = this.track();
    if (!triage || !tier || !track) return null;
    const decision = this.last('track_decision');
    const intake = this.last('intake')?.answers ?? {};
    const criteria = this.last('triage')?.checklist ?? [];
    return {
      assessedAt: triage.at,
      assessedBy: this.staffPerson(triage.actorId, names),
      criteria: {
        repetition: criteria.includes('repetition'),
        intentionality: criteria.includes('intent'),
        powerImbalance: criteria.includes('imbalance'),
        cannotDefend: criteria.includes('cannotDefend'),
      },
      types: list(intake.types).map((t) => this.option('intake', 'types', t)),
      tier,
      tierRationale: str(triage.answers.rationale) ?? '—',
      track,
      authorsKnownInSchool: intake.authorsKnown === true && intake.authorsArePupils === true,
      validatedBy: triage.signedById ? this.staffPerson(triage.signedById, names) : null,
      validatedAt: triage.signedAt,
      notes: str(decision?.answers.reason),
    };
  }

  private interview(o: Occurrence, role: Interview['role'], interviewee: Person, names: boolean): Interview {
    return {
      heldAt: o.at,
      role,
      interviewee,
      interviewers: [this.staffPerson(o.actorId, names)],
      durationMinutes: null,
      answers: [],
      acknowledged: null,
      suggestion: null,
      wishes: null,
      consentToContact: null,
      safetyAdvice: [],
      notes: null,
    };
  }

  private targetInterviews(names: boolean): Interview[] {
    return this.all(...STEPS.targetInterviews).map((o) => {
      const field = o.stepId === 'formal_testimony' ? 'testimony' : 'summary';
      return {
        ...this.interview(o, 'TARGET', this.target(names), names),
        answers: str(o.answers[field]) ? [{ question: this.text(this.fieldLabel(o.stepId, field)), answer: str(o.answers[field])! }] : [],
        wishes: str(o.answers.wishes),
        consentToContact: bool(o.answers.consentToContact),
        safetyAdvice: o.checklist.map((c) => ADVICE[c]).filter((x): x is SafetyAdvice => Boolean(x)),
      };
    });
  }

  private interviews(names: boolean): Interview[] {
    const author = this.authors(names)[0] ?? { code: 'A1', name: null, detail: null };
    const authorPerson: Person = { code: author.code, name: author.name, detail: author.detail };
    return this.all(...STEPS.interviews).map((o) => {
      const a = o.answers;
      if (o.stepId === 'formal_interviews') {
        return {
          ...this.interview(o, 'WITNESS', { code: 'W1', name: null, detail: this.text(TEXT.witnesses) }, names),
          answers: [
            { question: this.text(TEXT.heard), answer: `${num(a.witnessesHeard) ?? 0} / ${num(a.authorsHeard) ?? 0}` },
            ...(str(a.summary) ? [{ question: this.text(this.fieldLabel(o.stepId, 'summary')), answer: str(a.summary)! }] : []),
          ],
        };
      }
      if (o.stepId === 'mpp_meeting') {
        return {
          ...this.interview(o, 'PRESUMED_AUTHOR', authorPerson, names),
          answers: str(a.progress)
            ? [{ question: this.text(TEXT.progress), answer: this.text(this.option(o.stepId, 'progress', str(a.progress)!)) }]
            : [],
          notes: str(a.notes),
        };
      }
      return {
        ...this.interview(o, 'PRESUMED_AUTHOR', authorPerson, names),
        answers: num(a.pupilsMet) !== null ? [{ question: this.text(TEXT.pupilsMet), answer: String(num(a.pupilsMet)) }] : [],
        acknowledged: bool(a.acknowledged),
        suggestion: str(a.suggestions),
      };
    });
  }

  /**
   * The evidence register. Until the evidence vault (issue #7) lists items, each evidence step is one entry:
   * what it recorded (the written description, the number of items logged), with a file name and SHA-256 only
   * when the step recorded them.
   */
  private evidence(names: boolean): EvidenceItem[] {
    if (this.input.vault?.length) return this.vaultEvidence(names);
    const platforms = list(this.last('intake')?.answers.platforms);
    return this.all('evidence_log').map((o, i) => {
      const a = o.answers;
      const count = num(a.itemsLogged);
      const description = str(a.contentDescription) ?? (count !== null ? `${count} ${this.text(TEXT.itemsLogged)}` : '—');
      const sha = str(a.sha256);
      return {
        number: i + 1,
        kind: str(a.fileName) ? 'FILE' : 'DESCRIPTION_ONLY',
        capturedAt: o.at,
        capturedBy: this.staffPerson(o.actorId, names),
        platform: platforms.length === 1 ? this.platform(platforms[0]) : null,
        url: null,
        account: null,
        description,
        fileName: str(a.fileName),
        sha256: sha && /^[0-9a-f]{64}$/i.test(sha) ? sha.toLowerCase() : null,
      };
    });
  }

  /** The register from the evidence vault: one entry per item, with the SHA-256 of the original file. */
  private vaultEvidence(names: boolean): EvidenceItem[] {
    return this.input.vault!.map((v, i) => ({
      number: i + 1,
      kind:
        v.kind === 'link'
          ? 'URL'
          : v.kind === 'description'
            ? 'DESCRIPTION_ONLY'
            : v.mediaType?.startsWith('image/')
              ? 'SCREENSHOT'
              : 'FILE',
      capturedAt: v.capturedAt ?? v.createdAt,
      capturedBy: this.staffPerson(v.createdById, names),
      platform: v.platform ? this.platform(v.platform) : null,
      // links, handles and descriptions may name pupils: school-internal documents only
      url: names ? v.url : null,
      account: names ? v.accountHandle : null,
      description: v.deleted
        ? `${v.title} (${this.text(TEXT.evidenceDeleted)})`
        : names && v.description
          ? `${v.title} — ${v.description}`
          : v.title,
      fileName: names ? v.fileName : null,
      sha256: v.originalSha256,
    }));
  }

  private protection(names: boolean): ProtectionSection | null {
    const plan = this.last('protection_plan');
    const secure = this.last('secure_child');
    const o = plan ?? secure;
    if (!o) return null;
    const a = plan?.answers ?? {};
    const owner = this.named('O1', str(a.owner), names);
    const startsOn = str(a.startDate) ?? o.at.slice(0, 10);
    const measures = list(a.measures);
    const support = new Set(['PSYCHOSOCIAL', 'HELPLINE_OFFERED']);
    return {
      decidedAt: o.at,
      decidedBy: this.staffPerson(o.actorId, names),
      measures: measures
        .filter((m) => !support.has(m))
        .map((m) => ({
          measure: this.text(this.option('protection_plan', 'measures', m)),
          owner,
          startsOn,
          endsOn: null,
          status: 'ACTIVE' as const,
        })),
      supportOffered: measures.filter((m) => support.has(m)).map((m) => this.option('protection_plan', 'measures', m)),
      reviewOn: null,
      notes: str(secure?.answers.actions),
    };
  }

  private platformReports(names: boolean): PlatformReport[] {
    const check = this.last('takedown_check');
    const escalation = this.last('emc_escalation');
    const outcome: PlatformReport['outcome'] = escalation
      ? 'ESCALATED'
      : check?.answers.contentRemoved === true
        ? 'REMOVED'
        : check?.answers.contentRemoved === false
          ? 'REFUSED'
          : 'PENDING';
    const reports: PlatformReport[] = [];
    for (const o of this.all('platform_report')) {
      for (const p of list(o.answers.platformsReported)) {
        reports.push({
          reportedAt: str(o.answers.reportedAt) ?? o.at,
          platform: this.platform(p),
          channel: this.text(TEXT.platformForm),
          reference: str(o.answers.references),
          contentUrl: null,
          reportedBy: this.staffPerson(o.actorId, names),
          outcome,
          outcomeAt: outcome === 'PENDING' ? null : ((escalation ?? check)?.at.slice(0, 10) ?? null),
          escalatedTo: escalation ? EMC : null,
        });
      }
    }
    for (const o of this.all('image_removal')) {
      for (const c of list(o.answers.removalChannels)) {
        reports.push({
          reportedAt: o.at,
          platform: this.option('image_removal', 'removalChannels', c),
          channel: this.text(TEXT.platformForm),
          reference: str(o.answers.references),
          contentUrl: null,
          reportedBy: this.staffPerson(o.actorId, names),
          outcome: 'PENDING',
          outcomeAt: null,
          escalatedTo: null,
        });
      }
    }
    return reports;
  }

  private family(names: boolean): FamilySection | null {
    const steps = this.all(...STEPS.family);
    if (!steps.length) return null;
    return {
      recipient: { name: this.text(TEXT.guardians), relation: this.text(TEXT.family), pupil: this.target(names) },
      letter: { body: this.text(TEXT.letter), meeting: null },
      contacts: steps.map((o) => {
        const a = o.answers;
        let summary: string;
        if (o.stepId === 'family_information') {
          summary =
            a.informed === true
              ? this.text(TEXT.informed)
              : `${this.text(TEXT.notInformed)}${str(a.notInformedReason) ? ` : ${str(a.notInformedReason)}` : ''}`;
          if (a.familyOpposes === true) summary += ` ${this.text(TEXT.opposes)}`;
        } else if (o.stepId === 'family_legal_information') {
          summary = this.text(TEXT.legalInfo);
        } else {
          summary = `${this.text(TEXT.emergencyNotice)} : ${this.text(a.familyNotified === true ? TEXT.informed : TEXT.notInformed)}`;
        }
        const day = str(a.contactDate) ?? str(a.informedOn);
        return {
          at: day ? `${day}T12:00:00.000Z` : o.at,
          channel: o.stepId === 'family_legal_information' ? ('MEETING' as const) : ('PHONE' as const),
          by: this.staffPerson(o.actorId, names),
          summary,
          familyWishes: null,
        };
      }),
    };
  }

  /** `codesOnly`: the academy report, where an authority typed by staff is replaced by a generic label. */
  private transmissions(names: boolean, codesOnly = false): Transmission[] {
    const facts = str(this.last('intake')?.answers.description) ?? '—';
    const people = [this.target(names), ...this.authors(names).map(({ inSchool: _i, ...p }) => p)];
    const notice = this.all('emergency_family_notice').find((o) => o.answers.directorateNotified === true);
    const one = (o: Occurrence, authority: Label, sentAt: string, reference: string | null): Transmission => ({
      sentAt,
      authority,
      channel: this.text(TEXT.referral),
      reference,
      contact: null,
      facts,
      people,
      attachments: [],
      sentBy: this.staffPerson(o.actorId, names),
      provinceNotifiedAt: notice?.at ?? null,
    });
    const out: Transmission[] = [];
    for (const o of this.all(...STEPS.transmissions)) {
      const a = o.answers;
      switch (o.stepId) {
        case 'authorities_alert':
          for (const c of list(a.channels))
            out.push(one(o, this.option(o.stepId, 'channels', c), str(a.alertedAt) ?? o.at, str(a.reference)));
          break;
        case 'child_protection_referral':
          out.push(one(o, this.option(o.stepId, 'channel', str(a.channel) ?? '—'), str(a.referredAt) ?? o.at, null));
          break;
        case 'authority_referral':
          out.push(one(o, this.option(o.stepId, 'authority', str(a.authority) ?? '—'), str(a.referredAt) ?? o.at, null));
          break;
        default:
          out.push(
            one(
              o,
              codesOnly ? TEXT.otherAuthority : same(str(a.referredTo) ?? '—'),
              str(a.referredOn) ? `${str(a.referredOn)}T12:00:00.000Z` : o.at,
              null,
            ),
          );
      }
    }
    return out;
  }

  private council(names: boolean): CouncilSection | null {
    const o = this.last('formal_decision');
    if (!o || o.answers.councilConvened !== true) return null;
    const a = o.answers;
    const principal = this.staffPerson(o.actorId, names);
    const author = this.authors(names)[0];
    const pupil: Person = author
      ? { code: author.code, name: author.name, detail: author.detail }
      : { code: 'A1', name: null, detail: null };
    return {
      convocation: {
        sentAt: o.at,
        meetingAt: o.at,
        place: this.text(TEXT.school),
        pupil,
        guardians: this.text(TEXT.guardians),
        members: [principal],
        facts: str(this.last('intake')?.answers.description) ?? '—',
      },
      decision: {
        heldAt: o.at,
        present: [principal],
        proceedings: str(this.last('formal_interviews')?.answers.summary) ?? '—',
        decision: str(a.decision) ?? '—',
        alternativeSanction: null,
        legalBasis: str(a.legalBasis) ?? '—',
      },
    };
  }

  private followUps(names: boolean): FollowUp[] {
    const removed = this.last('takedown_check')?.answers.contentRemoved;
    return this.all(...STEPS.followUps).map((o) => {
      const a = o.answers;
      const s = str(a.situation);
      const status: FollowUpStatus = s === 'STOPPED' || s === 'DECREASED' ? s : 'CONTINUED';
      const attendance = bool(a.attendanceAffected);
      return {
        heldAt: o.at,
        by: this.staffPerson(o.actorId, names),
        status,
        wellbeing: str(a.wellbeing) ? this.text(this.option(o.stepId, 'wellbeing', str(a.wellbeing)!)) : null,
        attendance: attendance === null ? null : this.text(attendance ? TEXT.attendanceAffected : TEXT.attendanceOk),
        contentStillRemoved: bool(removed),
        notes: str(a.notes),
        nextCheckOn: null,
      };
    });
  }

  private closure(names: boolean): ClosureSection | null {
    const proposal = this.last('closure_proposal');
    if (!proposal) return null;
    const signoff = this.all('closure_signoff').find((o) => o.seq > proposal.seq && o.answers.decision === 'APPROVE');
    const c = proposal.checklist;
    const end = Date.parse(signoff?.at ?? proposal.at);
    return {
      proposedAt: proposal.at,
      proposedBy: this.staffPerson(proposal.actorId, names),
      criteria: {
        harassmentStopped: c.includes('harassmentStopped'),
        feelsSafe: c.includes('targetFeelsSafe'),
        measuresReviewed: c.includes('protectionReviewed'),
        takedownsResolved: c.includes('takedownsResolved'),
        externalHandedOver: c.includes('externalHandedOver'),
      },
      durationDays: Math.max(0, Math.round((end - Date.parse(this.input.record.createdAt)) / 86_400_000)),
      summary: str(proposal.answers.summary) ?? '—',
      familiesInformedAt: signoff?.checklist.includes('familiesInformed') ? signoff.at : null,
      signedOffBy: signoff ? this.staffPerson(signoff.actorId, names) : null,
      signedOffAt: signoff?.at ?? null,
    };
  }

  private eventLabel(e: StoredEvent): Label | null {
    const step = typeof e.payload.stepId === 'string' ? this.stepTitle(e.payload.stepId) : null;
    switch (e.type) {
      case 'case_created':
        return TEXT.created;
      case 'step_completed':
        return step;
      case 'step_signed':
        return step && { fr: `${TEXT.signed.fr} : ${step.fr}`, ar: `${TEXT.signed.ar}: ${step.ar}`, en: `${TEXT.signed.en}: ${step.en}` };
      case 'step_returned':
        return (
          step && {
            fr: `${TEXT.returned.fr} : ${step.fr}`,
            ar: `${TEXT.returned.ar}: ${step.ar}`,
            en: `${TEXT.returned.en}: ${step.en}`,
          }
        );
      case 'note_added':
        return TEXT.note;
      case 'correction':
        return TEXT.correction;
      case 'case_reopened':
        return TEXT.reopened;
      case 'protocol_migrated':
        return TEXT.migrated;
      case 'access_changed':
        return TEXT.access;
      case 'assignee_changed':
        return TEXT.assignee;
      case 'danger_reported':
        return TEXT.danger;
      case 'transmitted':
        return TEXT.transmitted;
      default:
        return null;
    }
  }

  private chronology(names: boolean): DocEvent[] {
    return [...this.input.events]
      .sort((a, b) => a.seq - b.seq)
      .flatMap((e) => {
        const label = this.eventLabel(e);
        return label ? [{ at: e.at, label, by: this.staffPerson(e.actorId, names) }] : [];
      });
  }

  /** Codes only; no free text (no "include the summary" choice exists yet). */
  private academyReport(): AcademyReportData {
    const { organisation, record, definition, issuedBy } = this.input;
    const intake = this.last('intake')?.answers ?? {};
    const state = definition.states.find((s) => s.id === record.state);
    const closedAt = this.input.closed ? (this.all('closure_signoff').at(-1)?.at.slice(0, 10) ?? null) : null;
    const people: AcademyReportData['people'] = [{ code: 'E1', role: 'TARGET' }];
    if (intake.authorsKnown === true) people.push({ code: 'A1', role: 'PRESUMED_AUTHOR' });
    if (this.last('formal_interviews')) people.push({ code: 'W1', role: 'WITNESS' });
    return {
      organisation: { academy: organisation.academy, province: organisation.province, school: organisation.school },
      case: {
        code: `${organisation.schoolCode}-${record.reference}`,
        openedAt: record.createdAt.slice(0, 10),
        closedAt,
        tier: this.tier()!,
        track: this.track(),
        state: state ? asLabel(state.label) : same(record.state),
        level: organisation.level,
      },
      issuedAt: this.input.now,
      issuedBy: { role: this.roleLabel(issuedBy.role) },
      types: list(intake.types).map((t) => this.option('intake', 'types', t)),
      platforms: list(intake.platforms).map((p) => this.platform(p)),
      people,
      measures: list(this.last('protection_plan')?.answers.measures).map((m) => this.option('protection_plan', 'measures', m)),
      referrals: this.transmissions(false, true).map((t) => ({ at: t.sentAt, authority: t.authority })),
      timeline: [...this.input.events]
        .filter((e) => e.type !== 'note_added' && e.type !== 'access_changed')
        .sort((a, b) => a.seq - b.seq)
        .flatMap((e) => {
          const label = this.eventLabel(e);
          return label ? [{ at: e.at, label }] : [];
        }),
      summary: null,
      outcome: null,
    };
  }
}
