import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { findStep, isClosedState, type ProtocolDefinition } from '@sanad/protocols';
import type { Label, SubjectAccessCase, SubjectAccessData } from '@sanad/templates/host';
import { DataSource, In } from 'typeorm';
import { scopeCases, subjectAccessScope } from '../access';
import { AuditEntry } from '../audit/audit.entities';
import { AuditService } from '../audit/audit.service';
import { CaseEvent, CaseRecord } from '../cases/case.entities';
import { ACCESS_CHANGED, ASSIGNEE_CHANGED, PERSON_REMOVED, PERSON_UPDATED, TRANSMISSION_UPDATED, TRANSMITTED } from '../cases/case-events';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { DocumentsService } from '../documents/documents.service';
import { EvidenceItem } from '../evidence/evidence.entities';
import { Province, Region, School } from '../organisation/organisation.entities';
import { CasePerson } from '../people/person.entity';
import { ProtocolCatalogue } from '../protocols/protocol-catalogue';
import type {
  ExportCaseDto,
  ExportChangeDto,
  ExportCorrectionDto,
  ExportEventDto,
  PupilRecordDto,
  PupilSearchDto,
  SubjectExportDto,
} from './dto';
import { foldName, nameMatches, replaceNames } from './names';

export const EXPORT_FORMAT = 'sanad.subject-access/1';
const SEARCH_LIMIT = 200;
const CHUNK = 500;
/** Timeline events that are not facts about the people of the case (who sees or runs the case, reports sent). */
const NOT_FACTS = new Set([ACCESS_CHANGED, ASSIGNEE_CHANGED, TRANSMITTED, TRANSMISSION_UPDATED, PERSON_UPDATED, PERSON_REMOVED]);

const chunks = <T>(list: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));
const codes = (pipes: string | null) => (pipes ?? '').split('|').filter(Boolean);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Every string inside a JSON value passed through `f` (keys kept). */
function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  return value;
}

const STAFF_ROLES = new Set(['team_member', 'coordinator', 'principal', 'officer', 'admin']);
const YES: Label = { fr: 'Oui', ar: 'نعم', en: 'Yes' };
const NO: Label = { fr: 'Non', ar: 'لا', en: 'No' };
/** Titles of the events that are not a step (a step's event is titled by the step). */
const EVENT_TITLES: Record<string, Label> = {
  case_created: { fr: 'Dossier créé', ar: 'إنشاء الملف', en: 'Case created' },
  note_added: { fr: 'Note', ar: 'ملاحظة', en: 'Note' },
  case_reopened: { fr: 'Dossier rouvert', ar: 'إعادة فتح الملف', en: 'Case reopened' },
  protocol_migrated: { fr: 'Protocole mis à jour', ar: 'تحيين البروتوكول', en: 'Protocol updated' },
  danger_reported: { fr: 'Signes de danger signalés', ar: 'الإبلاغ عن علامات الخطر', en: 'Danger signs reported' },
};
/** Free texts of an event's payload besides the answers, with their heading. */
const TEXTS: Record<string, Label> = {
  title: { fr: 'Titre', ar: 'العنوان', en: 'Title' },
  text: { fr: 'Texte', ar: 'النص', en: 'Text' },
  comment: { fr: 'Commentaire', ar: 'تعليق', en: 'Comment' },
  reason: { fr: 'Motif', ar: 'السبب', en: 'Reason' },
};

/** An event's answers as question and answer, option codes in words; free texts (already redacted) as they are. */
function answersOf(
  def: ProtocolDefinition | undefined,
  stepId: string | null,
  recorded: Record<string, unknown>,
): SubjectAccessCase['events'][number]['answers'] {
  const same = (v: string): Label => ({ fr: v, ar: v, en: v });
  const field = (id: string) => (def && stepId ? findStep(def, stepId)?.form?.fields.find((f) => f.id === id) : undefined);
  const value = (id: string, v: unknown): Label => {
    if (typeof v === 'boolean') return v ? YES : NO;
    if (typeof v === 'number') return same(String(v));
    if (typeof v === 'string') return field(id)?.options?.find((o) => o.value === v)?.label ?? same(v);
    if (Array.isArray(v)) {
      const parts = v.map((x) => value(id, x));
      return { fr: parts.map((p) => p.fr).join(', '), ar: parts.map((p) => p.ar).join('، '), en: parts.map((p) => p.en).join(', ') };
    }
    return same(JSON.stringify(v));
  };
  const out: SubjectAccessCase['events'][number]['answers'] = [];
  const answers = recorded.answers;
  if (answers && typeof answers === 'object' && !Array.isArray(answers)) {
    for (const [id, v] of Object.entries(answers as Record<string, unknown>)) {
      if (v === null || v === undefined || v === '') continue;
      out.push({ question: field(id)?.label ?? same(id), answer: value(id, v) });
    }
  }
  for (const [key, label] of Object.entries(TEXTS)) {
    const v = recorded[key];
    if (typeof v === 'string' && v.trim()) out.push({ question: label, answer: same(v) });
  }
  return out;
}

/**
 * Access requests under Law 09-08 (docs/subject-access.md): the principal finds a pupil's records across the cases
 * of the school (there is no pupil identity across cases: each case has its own `case_people` rows), and exports
 * everything the school holds about that pupil, every other person shown by their pseudonymous code only.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: ProtocolCatalogue,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
  ) {}

  /** People recorded in the school's cases whose name contains the words typed (accent-, case- and tashkeel-insensitive). */
  async search(user: SessionUser, q: string, ip: string | null): Promise<PupilSearchDto> {
    subjectAccessScope(user);
    const cases = await scopeCases(this.db.getRepository(CaseRecord).createQueryBuilder('c'), 'c', user).getMany();
    const byId = new Map(cases.map((c) => [c.id, c]));
    const found: PupilRecordDto[] = [];
    for (const ids of chunks([...byId.keys()])) {
      const people = await this.db.getRepository(CasePerson).findBy({ caseId: In(ids) });
      for (const p of people) {
        if (!p.displayName || !nameMatches(p.displayName, q)) continue;
        const c = byId.get(p.caseId)!;
        found.push({
          personId: p.id,
          caseId: c.id,
          caseReference: c.reference,
          code: p.code,
          role: p.role,
          kind: p.kind,
          displayName: p.displayName,
          classLabel: p.classLabel,
          occurredOn: c.occurredOn,
          caseState: c.state,
          caseClosed: this.closed(c),
          removed: p.removedAt !== null,
        });
      }
    }
    found.sort(
      (a, b) =>
        foldName(a.displayName).localeCompare(foldName(b.displayName)) ||
        b.occurredOn.localeCompare(a.occurredOn) ||
        a.caseReference.localeCompare(b.caseReference),
    );
    // the words searched are a name: never in the trail, only how many records were shown
    await this.audit.record({ action: 'case.list', actor: user, ip, details: { view: 'subject_access', results: found.length } });
    return { items: found.slice(0, SEARCH_LIMIT), truncated: found.length > SEARCH_LIMIT };
  }

  /** Everything held about the pupil of these records, recorded in the audit trail as an `export`. */
  async export(user: SessionUser, personIds: string[], format: 'json' | 'pdf', ip: string | null): Promise<SubjectExportDto> {
    const scope = subjectAccessScope(user);
    const m = this.db.manager;
    const chosen = await m.getRepository(CasePerson).findBy({ id: In(personIds) });
    const caseIds = [...new Set(chosen.map((p) => p.caseId))];
    const cases = caseIds.length
      ? await scopeCases(m.getRepository(CaseRecord).createQueryBuilder('c'), 'c', user)
          .andWhere('c.id IN (:...caseIds)', { caseIds })
          .orderBy('c.occurredOn', 'ASC')
          .addOrderBy('c.reference', 'ASC')
          .getMany()
      : [];
    if (chosen.length !== personIds.length || cases.length !== caseIds.length) throw new DomainError('SUBJECT_ACCESS_RECORD_NOT_FOUND');
    const school = await m.getRepository(School).findOneByOrFail({ id: scope.schoolId });

    const chosenIds = new Set(chosen.map((p) => p.id));
    const out: ExportCaseDto[] = [];
    const names = new Set<string>();
    for (const record of cases) {
      const people = await m.getRepository(CasePerson).find({ where: { caseId: record.id }, order: { createdAt: 'ASC', code: 'ASC' } });
      const events = await m.getRepository(CaseEvent).find({ where: { caseId: record.id }, order: { seq: 'ASC' } });
      const mine = people.filter((p) => chosenIds.has(p.id));
      const others = people.filter((p) => !chosenIds.has(p.id));
      // every name the pupil is or was recorded under, and every name any other person of the case is or was known by
      const ownNames = new Set(mine.flatMap((p) => (p.displayName ? [p.displayName] : [])));
      const otherNames = new Map<string, string>();
      for (const p of others) if (p.displayName) otherNames.set(p.displayName, p.code);
      for (const e of events) {
        if (e.type !== PERSON_UPDATED) continue;
        const change = (e.payload.changed as Record<string, { from?: unknown; to?: unknown }> | undefined)?.displayName;
        const personId = str(e.payload.personId);
        for (const v of [change?.from, change?.to]) {
          if (typeof v !== 'string' || !v) continue;
          if (personId && chosenIds.has(personId)) ownNames.add(v);
          else otherNames.set(v, str(e.payload.code) ?? '—');
        }
      }
      for (const n of ownNames) names.add(n);
      const redact = this.redactor(ownNames, otherNames);

      const loaded = this.catalogue.get(record.protocolId, record.protocolVersion);
      const stepTitle = (id: string | null) => {
        const step = id && loaded ? findStep(loaded.definition, id) : undefined;
        return step ? { fr: step.title.fr, ar: step.title.ar ?? step.title.fr, en: step.title.en ?? step.title.fr } : null;
      };
      const facts: ExportEventDto[] = events
        .filter((e) => !NOT_FACTS.has(e.type))
        .map((e) => {
          const stepId = str(e.payload.stepId);
          return {
            seq: e.seq,
            type: e.type,
            at: e.at,
            byRole: e.actorRole,
            stepId,
            stepTitle: stepTitle(stepId),
            recorded: mapStrings(e.payload, redact) as Record<string, unknown>,
          };
        });
      const corrections: ExportCorrectionDto[] = events
        .filter((e) => (e.type === PERSON_UPDATED || e.type === PERSON_REMOVED) && chosenIds.has(str(e.payload.personId) ?? ''))
        .map((e) => {
          const changed = (e.payload.changed ?? {}) as Record<string, { from?: unknown; to?: unknown }>;
          const changes: ExportChangeDto[] = Object.entries(changed).map(([field, c]) => ({
            field,
            from: field === 'displayName' ? str(c.from) : this.maybe(str(c.from), redact),
            to: field === 'displayName' ? str(c.to) : this.maybe(str(c.to), redact),
          }));
          return {
            seq: e.seq,
            type: e.type,
            at: e.at,
            byRole: e.actorRole,
            code: str(e.payload.code) ?? '',
            changes,
            reason: this.maybe(str(e.payload.reason), redact),
          };
        });
      const evidence = await m.getRepository(EvidenceItem).find({ where: { caseId: record.id }, order: { createdAt: 'ASC' } });
      const documents = await m.getRepository(AuditEntry).find({ where: { caseId: record.id, action: 'export' }, order: { seq: 'ASC' } });
      out.push({
        reference: record.reference,
        title: redact(record.title),
        occurredOn: record.occurredOn,
        openedAt: record.createdAt,
        state: record.state,
        closedAt: record.closedAt,
        protocol: `${record.protocolId}@${record.protocolVersion}`,
        tier: record.tier,
        track: record.track,
        types: codes(record.typeCodes),
        platforms: codes(record.platformCodes),
        records: mine.map((p) => ({
          personId: p.id,
          code: p.code,
          role: p.role,
          kind: p.kind,
          displayName: p.displayName,
          classLabel: p.classLabel,
          note: this.maybe(p.note, redact),
          // the pupil's own data (Law 09-08 right of access): given to them; other people's never (docs/subject-access.md)
          sex: p.sex,
          recordedAt: p.createdAt,
          removedAt: p.removedAt,
        })),
        otherPeople: others.map((p) => ({ code: p.code, role: p.role, kind: p.kind })),
        events: facts,
        corrections,
        evidence: evidence.map((v) => ({
          title: redact(v.title),
          kind: v.kind,
          recordedAt: v.createdAt,
          capturedAt: v.capturedAt,
          originalSha256: v.originalSha256,
          storedSha256: v.storedSha256,
          deletedAt: v.deletedAt,
        })),
        documents: documents.flatMap((d) => {
          const details = d.details as { template?: unknown; lang?: unknown };
          return typeof details.template === 'string'
            ? [{ at: d.at, template: details.template, lang: str(details.lang) ?? '', byRole: d.actorRole ?? '' }]
            : [];
        }),
        transmissions: events.filter((e) => e.type === TRANSMITTED).map((e) => ({ at: e.at, kind: str(e.payload.kind) ?? '' })),
      });
    }
    await this.audit.record({
      action: 'export',
      actor: user,
      ip,
      targetId: personIds[0],
      details: { kind: 'subject_access', format, personIds: [...personIds].sort(), caseIds: cases.map((c) => c.id) },
    });
    return {
      format: EXPORT_FORMAT,
      generatedAt: nowIso(),
      school: { code: school.code, nameFr: school.nameFr, nameAr: school.nameAr },
      generatedByRole: user.role,
      names: [...names].sort((a, b) => a.localeCompare(b)),
      cases: out,
    };
  }

  /** The same export as a readable PDF (templates/documents/subject-access.hbs), in one language. */
  async exportPdf(
    user: SessionUser,
    personIds: string[],
    lang: 'fr' | 'ar' | 'en',
    ip: string | null,
  ): Promise<{ pdf: Buffer; filename: string }> {
    const scope = subjectAccessScope(user);
    const exported = await this.export(user, personIds, 'pdf', ip);
    const org = await this.db
      .createQueryBuilder()
      .select('p.nameFr', 'provinceFr')
      .addSelect('p.nameAr', 'provinceAr')
      .addSelect('p.nameEn', 'provinceEn')
      .addSelect('r.nameFr', 'regionFr')
      .addSelect('r.nameAr', 'regionAr')
      .addSelect('r.nameEn', 'regionEn')
      .from(School, 's')
      .innerJoin(Province, 'p', 'p.id = s.provinceId')
      .innerJoin(Region, 'r', 'r.id = p.regionId')
      .where('s.id = :id', { id: scope.schoolId })
      .getRawOne<Record<string, string>>();
    const data: SubjectAccessData = {
      organisation: {
        academy: { fr: org?.regionFr ?? '', ar: org?.regionAr ?? '', en: org?.regionEn ?? org?.regionFr ?? '' },
        province: { fr: org?.provinceFr ?? '', ar: org?.provinceAr ?? '', en: org?.provinceEn ?? org?.provinceFr ?? '' },
        school: { fr: exported.school.nameFr, ar: exported.school.nameAr },
      },
      subject: { names: exported.names },
      reference: exported.generatedAt.slice(0, 10),
      issuedAt: exported.generatedAt,
      issuedByRole: exported.generatedByRole,
      cases: exported.cases.map((c) => this.pdfCase(c)),
    };
    const pdf = await this.documents.render('subject-access', lang, data);
    return { pdf, filename: `sanad-acces-${data.reference}-${lang}.pdf` };
  }

  private pdfCase(c: ExportCaseDto): SubjectAccessCase {
    const [protocolId, version] = c.protocol.split('@');
    const def = this.catalogue.get(protocolId, version)?.definition;
    const same = (v: string): Label => ({ fr: v, ar: v, en: v });
    const typeField = def ? findStep(def, 'intake')?.form?.fields.find((f) => f.id === 'types') : undefined;
    return {
      reference: c.reference,
      title: c.title,
      occurredOn: c.occurredOn,
      openedAt: c.openedAt,
      closedAt: c.closedAt,
      state: def?.states.find((st) => st.id === c.state)?.label ?? same(c.state),
      tier: (c.tier as SubjectAccessCase['tier']) ?? null,
      track: (c.track as SubjectAccessCase['track']) ?? null,
      types: c.types.map((t) => typeField?.options?.find((o) => o.value === t)?.label ?? same(t)),
      platforms: c.platforms,
      records: c.records.map((r) => ({
        code: r.code,
        role: r.role,
        kind: r.kind,
        displayName: r.displayName,
        classLabel: r.classLabel,
        note: r.note,
        sex: r.sex === 'female' || r.sex === 'male' ? r.sex : null,
        recordedAt: r.recordedAt,
        removedAt: r.removedAt,
      })),
      otherPeople: c.otherPeople.map((o) => ({ code: o.code, role: o.role })),
      events: c.events.map((e) => ({
        at: e.at,
        title: e.stepTitle ? { ...e.stepTitle } : (EVENT_TITLES[e.type] ?? same(e.type)),
        byRole: STAFF_ROLES.has(e.byRole) ? e.byRole : 'system',
        answers: answersOf(def, e.stepId, e.recorded),
      })),
      corrections: c.corrections.map((k) => ({
        at: k.at,
        removed: k.type === 'person_removed',
        changes: k.changes.map((ch) => ({ field: ch.field, from: ch.from, to: ch.to })),
        reason: k.reason,
      })),
      evidence: c.evidence.map((v) => ({
        title: v.title,
        recordedAt: v.recordedAt,
        sha256: v.originalSha256 ?? v.storedSha256,
        deletedAt: v.deletedAt,
      })),
      documents: c.documents.map((d) => ({ at: d.at, title: same(d.template), lang: d.lang })),
    };
  }

  private closed(c: CaseRecord): boolean {
    const loaded = this.catalogue.get(c.protocolId, c.protocolVersion);
    return loaded ? isClosedState(loaded.definition, c.state) : c.closedAt !== null;
  }

  private maybe(v: string | null, redact: (s: string) => string): string | null {
    return v === null ? null : redact(v);
  }

  /**
   * Replaces, in free text, every other person's name by their code: the full name, then each word of it (3 letters
   * or more) that is not also a word of the pupil's own names (a shared family name stays).
   */
  private redactor(ownNames: ReadonlySet<string>, otherNames: ReadonlyMap<string, string>): (s: string) => string {
    const ownWords = new Set([...ownNames].flatMap((n) => foldName(n).split(' ')));
    const ownFull = new Set([...ownNames].map(foldName));
    const replacements: { name: string; code: string }[] = [];
    for (const [name, code] of otherNames) {
      if (ownFull.has(foldName(name))) continue;
      replacements.push({ name, code });
      for (const word of foldName(name).split(' ')) {
        if ([...word].length >= 3 && !ownWords.has(word)) replacements.push({ name: word, code });
      }
    }
    return (s) => (replacements.length ? replaceNames(s, replacements) : s);
  }
}
