import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PLATFORMS } from '@sanad/protocols';
import { Check } from '../common/check.decorator';
import type { MessageKey } from '../common/messages';
import { CUSTODY_ACTIONS, EVIDENCE_KINDS } from './evidence.entities';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const text =
  (min: number, max: number, key: MessageKey, optional = false) =>
  (v: unknown): MessageKey | null => {
    if (optional && (v === undefined || v === null || v === '')) return null;
    return typeof v === 'string' && v.trim().length >= min && v.length <= max && !CONTROL.test(v) ? null : key;
  };
const instant = (v: unknown): MessageKey | null => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || v.length > 40) return 'evidence.capturedAt.invalid';
  const t = Date.parse(v);
  return Number.isFinite(t) && t <= Date.now() + 5 * 60_000 && t > Date.parse('2000-01-01') ? null : 'evidence.capturedAt.invalid';
};
const stepId = (v: unknown): MessageKey | null =>
  v === undefined || v === null || v === '' || (typeof v === 'string' && /^[a-z][a-z0-9_]{0,79}$/.test(v))
    ? null
    : 'evidence.stepId.invalid';
const url = (v: unknown): MessageKey | null => {
  if (typeof v !== 'string' || v.length > 2000 || CONTROL.test(v)) return 'evidence.url.invalid';
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:' ? null : 'evidence.url.invalid';
  } catch {
    return 'evidence.url.invalid';
  }
};

/** The fields common to every kind (multipart fields for a file, JSON otherwise). */
class CaptureFields {
  @ApiProperty({ example: 'Capture du message du 12 novembre' })
  @Check(text(1, 200, 'evidence.title.invalid'))
  title: string;

  @ApiPropertyOptional() @Check(text(0, 4000, 'evidence.note.invalid', true)) note?: string;

  @ApiPropertyOptional({ example: '2026-11-12T18:40:00.000Z', description: 'when it was seen or captured, as declared' })
  @Check(instant)
  capturedAt?: string;

  @ApiPropertyOptional({ example: 'téléphone de la mère', description: 'from whose device or account, as declared' })
  @Check(text(0, 200, 'evidence.text.invalid', true))
  capturedOn?: string;

  @ApiPropertyOptional({ example: 'evidence_preservation', description: 'the step of the protocol it belongs to' })
  @Check(stepId)
  stepId?: string;
}

export class FileFieldsDto extends CaptureFields {}

export class LinkEvidenceDto extends CaptureFields {
  @ApiProperty({ example: 'https://www.instagram.com/p/…' }) @Check(url) url: string;

  @ApiProperty({ enum: PLATFORMS })
  @Check((v) => ((PLATFORMS as readonly unknown[]).includes(v) ? null : 'evidence.platform.invalid'))
  platform: string;

  @ApiPropertyOptional({ example: '@compte_anonyme' }) @Check(text(0, 200, 'evidence.text.invalid', true)) accountHandle?: string;
  @ApiPropertyOptional() @Check(text(0, 200, 'evidence.text.invalid', true)) accountName?: string;
  @ApiPropertyOptional({ description: 'who saw it' }) @Check(text(0, 200, 'evidence.text.invalid', true)) seenBy?: string;
}

export class DescriptionEvidenceDto extends CaptureFields {
  @ApiProperty({ description: 'what the content shows, in words (20 to 4,000 characters)' })
  @Check(text(20, 4000, 'evidence.description.invalid'))
  description: string;
}

export const RECIPIENTS = ['police', 'gendarmerie', 'prosecutor', 'e_blagh', 'platform', 'other'] as const;

export class TransmissionDto {
  @ApiProperty({ enum: RECIPIENTS })
  @Check((v) => ((RECIPIENTS as readonly unknown[]).includes(v) ? null : 'evidence.recipient.invalid'))
  recipient: string;

  @ApiPropertyOptional({ description: 'the reference given by the recipient (report number…)' })
  @Check((v) =>
    v === undefined || v === '' || (typeof v === 'string' && /^[\p{L}\p{N} ._:/#+-]{1,100}$/u.test(v)) ? null : 'evidence.text.invalid',
  )
  reference?: string;
}

export class DeleteEvidenceDto {
  @ApiProperty({ description: "the principal's reason (10 to 1,000 characters)" })
  @Check(text(10, 1000, 'evidence.reason.invalid'))
  reason: string;
}

export class EvidenceActorDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) role: string | null;
  @ApiProperty() displayName: string;
}

export class EvidencePersonDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
}

export class CustodyEventDto {
  @ApiProperty() seq: number;
  @ApiProperty() at: string;
  @ApiProperty({ enum: CUSTODY_ACTIONS }) action: string;
  @ApiProperty({ type: EvidenceActorDto, nullable: true }) actor: EvidenceActorDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'transmitted: { recipient, reference }; included_in_document: { template, lang }',
  })
  details: Record<string, unknown>;
}

export class EvidenceFileDto {
  @ApiProperty() mediaType: string;
  @ApiProperty() fileName: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() storedSizeBytes: number;
  @ApiProperty({ description: 'SHA-256 (hex) of the bytes as uploaded' }) originalSha256: string;
  @ApiProperty({ description: 'SHA-256 of the copy kept (images: without their metadata)' }) storedSha256: string;
  @ApiProperty() metadataStripped: boolean;
}

export class EvidenceLinkDto {
  @ApiProperty() url: string;
  @ApiProperty() platform: string;
  @ApiProperty({ type: String, nullable: true }) accountHandle: string | null;
  @ApiProperty({ type: String, nullable: true }) accountName: string | null;
  @ApiProperty({ type: String, nullable: true }) seenBy: string | null;
}

export class EvidenceDeletedDto {
  @ApiProperty() at: string;
  @ApiProperty({ type: EvidencePersonDto }) by: EvidencePersonDto;
  @ApiProperty() reason: string;
}

export class EvidenceItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: EVIDENCE_KINDS }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true }) stepId: string | null;
  @ApiProperty({ type: String, nullable: true }) capturedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) capturedOn: string | null;
  @ApiProperty({ type: EvidencePersonDto }) createdBy: EvidencePersonDto;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: EvidenceFileDto, nullable: true, description: 'file items' }) file: EvidenceFileDto | null;
  @ApiProperty({ type: EvidenceLinkDto, nullable: true, description: 'link items' }) link: EvidenceLinkDto | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: EvidenceDeletedDto, nullable: true }) deleted: EvidenceDeletedDto | null;
  @ApiPropertyOptional({ type: [CustodyEventDto], description: 'only when one item is asked for' })
  custody?: CustodyEventDto[];
}

export class EvidenceListDto {
  @ApiProperty({ type: [EvidenceItemDto] }) items: EvidenceItemDto[];
  /** false when the case involves sexual content of a minor: description only */
  @ApiProperty() filesAllowed: boolean;
  @ApiProperty() maxFileBytes: number;
  @ApiProperty() usedBytes: number;
  @ApiProperty() maxCaseBytes: number;
  @ApiProperty({ type: [String] }) acceptedTypes: string[];
}
