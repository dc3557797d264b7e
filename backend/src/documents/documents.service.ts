import { availableParallelism } from 'node:os';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isClosedState } from '@sanad/protocols';
import { platformGuide, referenceData } from '@sanad/seeds';
import { DocumentRenderer, loadStrings, type DocumentDataMap, type Label, type RenderLang } from '@sanad/templates/host';
import { DataSource, IsNull } from 'typeorm';
import { findVisibleCase } from '../access';
import { AuditService } from '../audit/audit.service';
import { CaseEvent } from '../cases/case.entities';
import { DomainError } from '../common/domain-error';
import { JsonLogger } from '../common/json-logger';
import { MESSAGES } from '../common/messages';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { Province, Region, School } from '../organisation/organisation.entities';
import { ProtocolCatalogue } from '../protocols/protocol-catalogue';
import { User } from '../users/user.entity';
import { appendCustody } from '../evidence/custody';
import { EvidenceItem } from '../evidence/evidence.entities';
import { CasePerson } from '../people/person.entity';
import {
  CASE_TEMPLATES,
  CaseDocuments,
  isCaseTemplate,
  LEAVES_SCHOOL,
  TEMPLATE_CODES,
  type CaseDocumentsInput,
  type CaseTemplate,
  type StaffMember,
  type VaultItem,
} from './case-documents';
import type { CaseDocumentDto } from './dto/documents.dto';

/** The title of each template in the three languages, from the strings files of @sanad/templates. */
const TITLE_KEYS: Record<CaseTemplate, string> = {
  'report-form': 'd1.title',
  'initial-assessment': 'd2.title',
  'target-interview': 'd3.title',
  interviews: 'd4.title',
  'evidence-register': 'd5.title',
  'protection-plan': 'd6.title',
  'platform-reports': 'd7.title',
  'family-liaison': 'd8.title',
  'authority-transmission': 'd9.title',
  'class-council': 'd10.title',
  'follow-up': 'd11.title',
  'closure-summary': 'd12.title',
  'case-file': 'caseFile.title',
  'academy-report': 'academyReport.title',
};

let titles: Record<CaseTemplate, Label> | null = null;
function titleOf(template: CaseTemplate): Label {
  if (!titles) {
    const [fr, ar, en] = (['fr', 'ar', 'en'] as const).map((l) => loadStrings(l));
    titles = Object.fromEntries(
      CASE_TEMPLATES.map((t) => [t, { fr: fr[TITLE_KEYS[t]], ar: ar[TITLE_KEYS[t]], en: en[TITLE_KEYS[t]] }]),
    ) as Record<CaseTemplate, Label>;
  }
  return titles[template];
}

export interface ExportedDocument {
  pdf: Buffer;
  filename: string;
}

/**
 * The documents of a case (issue #8): which apply, and their PDFs. Access is the case's: whoever may read the
 * case (GET /api/cases/:id) may export its documents; others get 404, officers and administrators 403. PDFs are
 * laid out by one pool of worker threads (created on first use, closed on shutdown), never on the event loop.
 */
@Injectable()
export class DocumentsService implements OnModuleDestroy {
  private renderer: DocumentRenderer | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: ProtocolCatalogue,
    private readonly audit: AuditService,
    private readonly logger: JsonLogger,
  ) {}

  async onModuleDestroy(): Promise<void> {
    const renderer = this.renderer;
    this.renderer = null;
    await renderer?.close();
  }

  async list(user: SessionUser, caseId: string): Promise<CaseDocumentDto[]> {
    const docs = await this.load(user, caseId);
    return CASE_TEMPLATES.map((template) => {
      const reason = docs.unavailable(template);
      return {
        template,
        code: TEMPLATE_CODES[template],
        title: titleOf(template),
        available: reason === null,
        reason,
        leavesSchool: LEAVES_SCHOOL.has(template),
      };
    });
  }

  async export(
    user: SessionUser,
    caseId: string,
    template: string,
    lang: RenderLang,
    password: string | undefined,
    ip: string | null,
  ): Promise<ExportedDocument> {
    if (!isCaseTemplate(template)) {
      // the case first: an unknown case answers 404 CASE_NOT_FOUND whatever the template
      await this.load(user, caseId);
      throw new DomainError('DOCUMENT_NOT_FOUND');
    }
    const docs = await this.load(user, caseId, lang);
    const reason = docs.unavailable(template);
    if (reason) throw new DomainError('DOCUMENT_UNAVAILABLE', [], { code: reason, message: MESSAGES.DOCUMENT_UNAVAILABLE });
    const data = docs.data(template);
    const pdf = await this.render(template, lang, data, password);
    // the evidence listed in the document: its chain of custody says so
    if (data && typeof data === 'object' && 'evidence' in data && docs.vault.length) {
      await this.db.transaction(async (m) => {
        for (const v of docs.vault) await appendCustody(m, v.id, user, 'included_in_document', { template, lang });
      });
    }
    await this.audit.record({
      action: 'export',
      actor: user,
      ip,
      caseId,
      details: { template, lang, protected: password !== undefined },
    });
    return { pdf, filename: `${docs.reference}-${template}-${lang}.pdf` };
  }

  /**
   * Lays out one document as PDF, in the pool of worker threads: the one place PDFs are rendered (case documents,
   * the academy reports of transmissions, rendered from the data as it was sent, the D13 statistics report, the
   * answer to a pupil's access request, subject-access/, and the poster of the public reporting page, public-reports/).
   */
  async render<T extends CaseTemplate | 'statistics' | 'subject-access' | 'poster'>(
    template: T,
    lang: RenderLang,
    data: DocumentDataMap[T],
    password?: string,
  ): Promise<Buffer> {
    try {
      // one core is left to the event loop: min(2, CPUs - 1) workers, at least one (bench/export-load.mjs)
      this.renderer ??= new DocumentRenderer({ size: Math.max(1, Math.min(2, availableParallelism() - 1)) });
      return (await this.renderer.render({ template, lang, data, password })).pdf;
    } catch (e) {
      // template and markup errors name fields, never values; the data itself is not logged
      this.logger.error(e instanceof Error ? e : String(e), undefined, 'DocumentsService');
      throw new DomainError('DOCUMENT_RENDER_FAILED');
    }
  }

  /**
   * The case if the user may read it (same rule as GET /api/cases/:id), with everything its documents need.
   * Also used by transmissions (issue #9) to build the academy report a principal sends.
   */
  async load(
    user: SessionUser,
    caseId: string,
    lang: RenderLang = 'fr',
  ): Promise<CaseDocuments & { reference: string; vault: VaultItem[] }> {
    const { record } = await findVisibleCase(this.db.manager, user, caseId);

    const loaded = this.catalogue.get(record.protocolId, record.protocolVersion);
    if (!loaded) throw new Error(`protocol ${record.protocolId}@${record.protocolVersion} missing`);
    const rows = await this.db.getRepository(CaseEvent).find({ where: { caseId }, order: { seq: 'ASC' } });
    const roles = new Map<string, string>();
    for (const r of rows) if (!roles.has(r.actorId)) roles.set(r.actorId, r.actorRole);
    const ids = [...new Set([...roles.keys(), user.id])];
    const users = await this.db.getRepository(User).createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).getMany();
    const staff: StaffMember[] = users.map((u) => ({ id: u.id, displayName: u.displayName, role: roles.get(u.id) ?? user.role }));
    const me = users.find((u) => u.id === user.id);

    const org = await this.db
      .createQueryBuilder()
      .select('s.code', 'schoolCode')
      .addSelect('s.nameFr', 'schoolFr')
      .addSelect('s.nameAr', 'schoolAr')
      .addSelect('s.level', 'level')
      .addSelect('p.nameFr', 'provinceFr')
      .addSelect('p.nameAr', 'provinceAr')
      .addSelect('p.nameEn', 'provinceEn')
      .addSelect('r.nameFr', 'regionFr')
      .addSelect('r.nameAr', 'regionAr')
      .addSelect('r.nameEn', 'regionEn')
      .from(School, 's')
      .innerJoin(Province, 'p', 'p.id = s.provinceId')
      .innerJoin(Region, 'r', 'r.id = p.regionId')
      .where('s.id = :id', { id: record.schoolId })
      .getRawOne<Record<string, string>>();
    if (!org) throw new DomainError('CASE_NOT_FOUND');
    const level = referenceData.levels.find((l) => l.code === org.level)?.label ?? { fr: org.level, ar: org.level, en: org.level };

    const input: CaseDocumentsInput = {
      record: {
        id: record.id,
        reference: record.reference,
        occurredOn: record.occurredOn,
        createdAt: record.createdAt,
        state: record.state,
      },
      definition: loaded.definition,
      closed: isClosedState(loaded.definition, record.state),
      events: rows.map((r) => ({ seq: r.seq, type: r.type, at: r.at, actorId: r.actorId, actorRole: r.actorRole, payload: r.payload })),
      organisation: {
        academy: { fr: org.regionFr, ar: org.regionAr, en: org.regionEn },
        province: { fr: org.provinceFr, ar: org.provinceAr, en: org.provinceEn },
        school: { fr: org.schoolFr, ar: org.schoolAr },
        schoolCode: org.schoolCode,
        level: { fr: level.fr, ar: level.ar, en: level.en },
      },
      staff,
      issuedBy: { id: user.id, displayName: me?.displayName ?? '', role: user.role },
      platformLabel: (code) => {
        const name = platformGuide(code)?.name;
        return name ? { fr: name.fr, ar: name.ar, en: name.en } : undefined;
      },
      now: nowIso(),
      people: (
        await this.db.getRepository(CasePerson).find({ where: { caseId, removedAt: IsNull() }, order: { createdAt: 'ASC', code: 'ASC' } })
      ).map((p) => ({ code: p.code, role: p.role, kind: p.kind, displayName: p.displayName, classLabel: p.classLabel })),
      vault: (await this.db.getRepository(EvidenceItem).find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } })).map((v) => ({
        id: v.id,
        kind: v.kind,
        title: v.title,
        mediaType: v.mediaType,
        capturedAt: v.capturedAt,
        createdAt: v.createdAt,
        createdById: v.createdById,
        platform: v.platform,
        url: v.url,
        accountHandle: v.accountHandle,
        description: v.description,
        fileName: v.fileName,
        originalSha256: v.originalSha256,
        deleted: v.deletedAt !== null,
      })),
    };
    return Object.assign(new CaseDocuments(input, lang), { reference: record.reference, vault: input.vault ?? [] });
  }
}
