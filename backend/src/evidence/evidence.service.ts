import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { allSteps, computeCaseState, evidenceMode, findStep } from '@sanad/protocols';
import { DataSource, In, type EntityManager } from 'typeorm';
import { findVisibleCase } from '../access';
import { AuditService } from '../audit/audit.service';
import { loadEngineEvents } from '../cases/case-events';
import type { CaseRecord } from '../cases/case.entities';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError, type ErrorCode } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { ProtocolCatalogue } from '../protocols/protocol-catalogue';
import { SchoolCalendars } from '../protocols/school-calendars';
import { User } from '../users/user.entity';
import type {
  CustodyEventDto,
  DescriptionEvidenceDto,
  EvidenceItemDto,
  EvidenceListDto,
  FileFieldsDto,
  LinkEvidenceDto,
  TransmissionDto,
} from './dto';
import { CustodyEvent, EVIDENCE_CONTENTS_TABLE, EvidenceItem, type CustodyAction } from './evidence.entities';
import { ALLOWED_TYPES, FileRejected, inspectFile } from './file-inspection';
import { KeyRing, openContent, sealContent, type SealedContent } from './key-ring';
import { appendCustody } from './custody';
import { eraseEvidenceContent } from './erase';

export const KEY_RING = Symbol('KEY_RING');

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const blank = (v: string | undefined | null) => (v === undefined || v === null || v.trim() === '' ? null : v.trim());

/** An upload as the multipart parser hands it over (memory storage). */
export interface UploadedEvidenceFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/**
 * The evidence vault (issue #7, docs/evidence.md): capture (files checked by content and stripped of metadata,
 * link records, descriptions), integrity (SHA-256 of the original and of the stored copy), encryption at rest
 * (AES-256-GCM, a data key per item wrapped by the master key), chain of custody, and deletion only by the
 * principal with a reason. Every read and every refusal goes to the audit trail.
 */
@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(KEY_RING) private readonly ring: KeyRing,
    private readonly catalogue: ProtocolCatalogue,
    private readonly calendars: SchoolCalendars,
    private readonly audit: AuditService,
  ) {}

  async list(user: SessionUser, caseId: string): Promise<EvidenceListDto> {
    const { record } = await findVisibleCase(this.db.manager, user, caseId);
    const items = await this.db.getRepository(EvidenceItem).find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const names = await this.names(items.flatMap((i) => [i.createdById, i.deletedById]));
    return {
      items: items.map((i) => this.toDto(i, names)),
      filesAllowed: !(await this.descriptionOnly(record)),
      maxFileBytes: this.config.evidence.maxFileBytes,
      usedBytes: await this.usedBytes(this.db.manager, caseId),
      maxCaseBytes: this.config.evidence.maxCaseBytes,
      acceptedTypes: [...ALLOWED_TYPES],
    };
  }

  /** One item with its chain of custody; viewing it is itself a custody event. */
  async get(user: SessionUser, caseId: string, itemId: string, ip: string | null): Promise<EvidenceItemDto> {
    const { item } = await this.visibleItem(user, caseId, itemId);
    await this.db.transaction((m) => this.custody(m, item.id, user, 'viewed', {}));
    await this.audit.record({ action: 'evidence.read', actor: user, ip, caseId, targetId: item.id, details: { view: 'detail' } });
    const custody = await this.db.getRepository(CustodyEvent).find({ where: { itemId: item.id }, order: { seq: 'ASC' } });
    const names = await this.names([item.createdById, item.deletedById, ...custody.map((c) => c.actorId)]);
    return { ...this.toDto(item, names), custody: custody.map((c) => toCustodyDto(c, names)) };
  }

  async addFile(user: SessionUser, caseId: string, file: UploadedEvidenceFile | undefined, fields: FileFieldsDto, ip: string | null) {
    const { record } = await findVisibleCase(this.db.manager, user, caseId, 'update');
    const refuse = async (code: ErrorCode, found: string): Promise<never> => {
      await this.audit.record({ action: 'evidence.rejected', actor: user, ip, caseId, details: { code, found } });
      throw new DomainError(code);
    };
    if (!file) return refuse('EVIDENCE_FILE_REQUIRED', 'none');
    if (await this.descriptionOnly(record)) return refuse('EVIDENCE_DESCRIPTION_ONLY', 'case');
    if (file.size > this.config.evidence.maxFileBytes) return refuse('EVIDENCE_FILE_TOO_LARGE', String(file.size));
    let inspected;
    try {
      inspected = inspectFile(file.buffer, file.originalname);
    } catch (error) {
      if (error instanceof FileRejected) return refuse(error.code, error.found);
      throw error;
    }
    this.checkStep(record, fields.stepId);
    const originalSha256 = sha256(file.buffer);
    const sealed = sealContent(this.ring, inspected.stored);
    const item = await this.db.transaction(async (m) => {
      if ((await this.usedBytes(m, caseId)) + inspected.stored.length > this.config.evidence.maxCaseBytes) return null;
      const row = this.newItem(record, user, 'file', fields, {
        mediaType: inspected.mediaType,
        fileName: file.originalname.normalize('NFC'),
        sizeBytes: file.buffer.length,
        storedSizeBytes: inspected.stored.length,
        originalSha256,
        storedSha256: sha256(inspected.stored),
        metadataStripped: inspected.stripped,
      });
      await m.insert(EvidenceItem, row);
      await this.writeContent(m, row.id, sealed);
      await this.custody(m, row.id, user, 'captured', { sha256: originalSha256 });
      return row;
    });
    if (!item) return refuse('EVIDENCE_CASE_QUOTA', String(inspected.stored.length));
    await this.audit.record({
      action: 'evidence.add',
      actor: user,
      ip,
      caseId,
      targetId: item.id,
      details: { kind: 'file', mediaType: inspected.mediaType, stripped: inspected.stripped },
    });
    return this.toDto(item, await this.names([item.createdById]));
  }

  async addLink(user: SessionUser, caseId: string, body: LinkEvidenceDto, ip: string | null): Promise<EvidenceItemDto> {
    return this.addRecord(user, caseId, 'link', body, ip, {
      url: body.url,
      platform: body.platform,
      accountHandle: blank(body.accountHandle),
      accountName: blank(body.accountName),
      seenBy: blank(body.seenBy),
    });
  }

  async addDescription(user: SessionUser, caseId: string, body: DescriptionEvidenceDto, ip: string | null): Promise<EvidenceItemDto> {
    return this.addRecord(user, caseId, 'description', body, ip, { description: body.description.trim() });
  }

  /** The decrypted content, checked against the stored hash; a download is a custody event. */
  async content(user: SessionUser, caseId: string, itemId: string, ip: string | null): Promise<{ bytes: Buffer; item: EvidenceItem }> {
    const { item } = await this.visibleItem(user, caseId, itemId);
    if (item.kind !== 'file') throw new DomainError('EVIDENCE_NOT_FOUND');
    if (item.deletedAt) throw new DomainError('EVIDENCE_DELETED');
    const sealed = await this.readContent(this.db.manager, item.id);
    if (!sealed) throw new DomainError('EVIDENCE_DELETED');
    const bytes = openContent(this.ring, sealed);
    if (sha256(bytes) !== item.storedSha256) throw new Error(`evidence ${item.id}: stored copy does not match its hash`);
    await this.db.transaction((m) => this.custody(m, item.id, user, 'downloaded', {}));
    await this.audit.record({ action: 'evidence.read', actor: user, ip, caseId, targetId: item.id, details: { view: 'download' } });
    return { bytes, item };
  }

  async transmit(user: SessionUser, caseId: string, itemId: string, body: TransmissionDto, ip: string | null): Promise<EvidenceItemDto> {
    const { item } = await this.visibleItem(user, caseId, itemId, 'update');
    const details = { recipient: body.recipient, reference: blank(body.reference) };
    await this.db.transaction((m) => this.custody(m, item.id, user, 'transmitted', details));
    await this.audit.record({ action: 'transmission', actor: user, ip, caseId, targetId: item.id, details: { recipient: body.recipient } });
    return this.get(user, caseId, itemId, ip);
  }

  /** The principal's logged decision: the content is erased, the record (hashes included) stays, marked deleted. */
  async delete(user: SessionUser, caseId: string, itemId: string, reason: string, ip: string | null): Promise<void> {
    const { item } = await this.visibleItem(user, caseId, itemId);
    if (user.role !== 'principal') throw new DomainError('ROLE_NOT_ALLOWED');
    if (item.deletedAt) throw new DomainError('EVIDENCE_DELETED');
    await this.db.transaction((m) => eraseEvidenceContent(m, item, user, reason.trim(), { by: 'principal' }));
    await this.audit.record({ action: 'evidence.delete', actor: user, ip, caseId, targetId: item.id, details: { kind: item.kind } });
  }

  // --- helpers ---

  private async addRecord(
    user: SessionUser,
    caseId: string,
    kind: 'link' | 'description',
    body: FileFieldsDto,
    ip: string | null,
    extra: Partial<EvidenceItem>,
  ): Promise<EvidenceItemDto> {
    const { record } = await findVisibleCase(this.db.manager, user, caseId, 'update');
    this.checkStep(record, body.stepId);
    const item = this.newItem(record, user, kind, body, extra);
    await this.db.transaction(async (m) => {
      await m.insert(EvidenceItem, item);
      await this.custody(m, item.id, user, 'captured', {});
    });
    await this.audit.record({ action: 'evidence.add', actor: user, ip, caseId, targetId: item.id, details: { kind } });
    return this.toDto(item, await this.names([item.createdById]));
  }

  private newItem(
    record: CaseRecord,
    user: SessionUser,
    kind: EvidenceItem['kind'],
    fields: FileFieldsDto,
    extra: Partial<EvidenceItem>,
  ): EvidenceItem {
    return {
      id: randomUUID(),
      caseId: record.id,
      schoolId: record.schoolId,
      kind,
      title: fields.title.trim(),
      note: blank(fields.note),
      stepId: blank(fields.stepId),
      capturedAt: blank(fields.capturedAt) ? new Date(fields.capturedAt!).toISOString() : null,
      capturedOn: blank(fields.capturedOn),
      createdById: user.id,
      createdAt: nowIso(),
      mediaType: null,
      fileName: null,
      sizeBytes: null,
      storedSizeBytes: null,
      originalSha256: null,
      storedSha256: null,
      metadataStripped: null,
      url: null,
      platform: null,
      accountHandle: null,
      accountName: null,
      seenBy: null,
      description: null,
      deletedAt: null,
      deletedById: null,
      deletionReason: null,
      ...extra,
    };
  }

  private checkStep(record: CaseRecord, stepId: string | undefined): void {
    if (!blank(stepId)) return;
    const loaded = this.catalogue.get(record.protocolId, record.protocolVersion);
    if (!loaded || !findStep(loaded.definition, stepId!)) {
      throw new DomainError('VALIDATION_FAILED', [{ field: 'stepId', code: 'evidence.stepId.invalid' }]);
    }
  }

  /** True when a step of the case's protocol says "description only" for the case's facts (sexual content of a minor). */
  private async descriptionOnly(record: CaseRecord): Promise<boolean> {
    const loaded = this.catalogue.get(record.protocolId, record.protocolVersion);
    if (!loaded) throw new Error(`protocol ${record.protocolId}@${record.protocolVersion} missing`);
    const events = await loadEngineEvents(this.db.manager, record.id);
    const calendar = await this.calendars.forSchool(record.schoolId);
    const { facts } = computeCaseState(loaded.definition, events, { now: nowIso(), calendar });
    return allSteps(loaded.definition).some((step) => evidenceMode(step, facts) === 'descriptionOnly');
  }

  private async visibleItem(user: SessionUser, caseId: string, itemId: string, action: 'read' | 'update' = 'read') {
    const { record } = await findVisibleCase(this.db.manager, user, caseId, action);
    const item = /^[0-9a-f-]{36}$/i.test(itemId) ? await this.db.getRepository(EvidenceItem).findOneBy({ id: itemId, caseId }) : null;
    if (!item) throw new DomainError('EVIDENCE_NOT_FOUND');
    return { record, item };
  }

  private async usedBytes(m: EntityManager, caseId: string): Promise<number> {
    const row = await m
      .getRepository(EvidenceItem)
      .createQueryBuilder('i')
      .select('COALESCE(SUM(i.storedSizeBytes), 0)', 'used')
      .where('i.caseId = :caseId AND i.deletedAt IS NULL', { caseId })
      .getRawOne<{ used: string | number }>();
    return Number(row?.used ?? 0);
  }

  private custody(
    m: EntityManager,
    itemId: string,
    user: SessionUser,
    action: CustodyAction,
    details: Record<string, unknown>,
  ): Promise<void> {
    return appendCustody(m, itemId, user, action, details);
  }

  private async writeContent(m: EntityManager, itemId: string, sealed: SealedContent): Promise<void> {
    await m
      .createQueryBuilder()
      .insert()
      .into(EVIDENCE_CONTENTS_TABLE)
      .values({ itemId, ...sealed })
      .updateEntity(false)
      .execute();
  }

  private async readContent(m: EntityManager, itemId: string): Promise<SealedContent | null> {
    const row = await m
      .createQueryBuilder()
      .select(['"keyId"', '"wrappedKey"', '"iv"', '"tag"', '"ciphertext"'])
      .from(EVIDENCE_CONTENTS_TABLE, 'c')
      .where('"itemId" = :itemId', { itemId })
      .getRawOne<SealedContent>();
    return row ? { ...row, ciphertext: Buffer.from(row.ciphertext) } : null;
  }

  private async names(ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((x): x is string => !!x))];
    const users = wanted.length ? await this.db.getRepository(User).findBy({ id: In(wanted) }) : [];
    return new Map(users.map((u) => [u.id, u.displayName]));
  }

  private toDto(i: EvidenceItem, names: Map<string, string>): EvidenceItemDto {
    return {
      id: i.id,
      kind: i.kind,
      title: i.title,
      note: i.note,
      stepId: i.stepId,
      capturedAt: i.capturedAt,
      capturedOn: i.capturedOn,
      createdBy: { id: i.createdById, displayName: names.get(i.createdById) ?? '' },
      createdAt: i.createdAt,
      file:
        i.kind === 'file'
          ? {
              mediaType: i.mediaType!,
              fileName: i.fileName!,
              sizeBytes: i.sizeBytes!,
              storedSizeBytes: i.storedSizeBytes!,
              originalSha256: i.originalSha256!,
              storedSha256: i.storedSha256!,
              metadataStripped: !!i.metadataStripped,
            }
          : null,
      link:
        i.kind === 'link'
          ? { url: i.url!, platform: i.platform!, accountHandle: i.accountHandle, accountName: i.accountName, seenBy: i.seenBy }
          : null,
      description: i.description,
      deleted: i.deletedAt
        ? {
            at: i.deletedAt,
            // no one when the retention purge erased it (reason `retention`)
            by: { id: i.deletedById ?? '', displayName: i.deletedById ? (names.get(i.deletedById) ?? '') : '' },
            reason: i.deletionReason ?? '',
          }
        : null,
    };
  }
}

function toCustodyDto(c: CustodyEvent, names: Map<string, string>): CustodyEventDto {
  return {
    seq: c.seq,
    at: c.at,
    action: c.action,
    actor: c.actorId ? { id: c.actorId, role: c.actorRole, displayName: names.get(c.actorId) ?? '' } : null,
    details: c.details,
  };
}
