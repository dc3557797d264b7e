import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Check } from '../common/check.decorator';
import { PERSON_KINDS, PERSON_ROLES } from '../people/person.entity';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const EXPORT_MAX_RECORDS = 50;
export const EXPORT_LANGS = ['fr', 'ar', 'en'] as const;

// ------------------------------------------------------------------------------------------------ requests

export class SearchPupilsQuery {
  @ApiProperty({ description: 'part of the name (accents, case and Arabic vowel marks ignored); 2 to 120 characters', example: 'yasmine' })
  @Check((v) =>
    typeof v === 'string' && v.trim().length >= 2 && v.length <= 120 && !CONTROL.test(v) ? null : 'subjectAccess.query.invalid',
  )
  q: string;
}

export class SubjectExportRequestDto {
  @ApiProperty({ type: [String], description: `ids of the person records that are the requesting pupil (1 to ${EXPORT_MAX_RECORDS})` })
  @Check((v) =>
    Array.isArray(v) &&
    v.length >= 1 &&
    v.length <= EXPORT_MAX_RECORDS &&
    v.every((id) => typeof id === 'string' && UUID.test(id)) &&
    new Set(v).size === v.length
      ? null
      : 'subjectAccess.personIds.invalid',
  )
  personIds: string[];
}

export class SubjectExportPdfRequestDto extends SubjectExportRequestDto {
  @ApiPropertyOptional({ enum: EXPORT_LANGS, description: 'language of the PDF (fr by default)' })
  @Check((v) => (v === undefined || (EXPORT_LANGS as readonly unknown[]).includes(v) ? null : 'subjectAccess.lang.invalid'))
  lang?: (typeof EXPORT_LANGS)[number];
}

// ------------------------------------------------------------------------------------------------ search

export class PupilRecordDto {
  @ApiProperty({ description: 'id of the person record (case_people)' }) personId: string;
  @ApiProperty() caseId: string;
  @ApiProperty({ example: '2026-0007' }) caseReference: string;
  @ApiProperty({ example: 'E1' }) code: string;
  @ApiProperty({ enum: PERSON_ROLES }) role: string;
  @ApiProperty({ enum: PERSON_KINDS }) kind: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: String, nullable: true }) classLabel: string | null;
  @ApiProperty({ description: 'day of the facts (YYYY-MM-DD)' }) occurredOn: string;
  @ApiProperty({ description: 'state of the case (protocol state id)' }) caseState: string;
  @ApiProperty({ description: 'the case is closed' }) caseClosed: boolean;
  @ApiProperty({ description: 'taken off the case (the record is still held)' }) removed: boolean;
}

export class PupilSearchDto {
  @ApiProperty({ type: [PupilRecordDto] }) items: PupilRecordDto[];
  @ApiProperty({ description: 'more records matched than are listed: type more of the name' }) truncated: boolean;
}

// ------------------------------------------------------------------------------------------------ export

export class ExportSchoolDto {
  @ApiProperty() code: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameAr: string;
}

export class ExportPersonDto {
  @ApiProperty() personId: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: PERSON_ROLES }) role: string;
  @ApiProperty({ enum: PERSON_KINDS }) kind: string;
  @ApiProperty({ type: String, nullable: true }) displayName: string | null;
  @ApiProperty({ type: String, nullable: true }) classLabel: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({
    type: String,
    enum: ['female', 'male'],
    nullable: true,
    description: "the pupil's own sex when recorded (issue #13): their data, given to them; never another person's",
  })
  sex: string | null;
  @ApiProperty() recordedAt: string;
  @ApiProperty({ type: String, nullable: true }) removedAt: string | null;
}

export class ExportOtherPersonDto {
  @ApiProperty({ description: 'pseudonymous code: names of other people are never exported' }) code: string;
  @ApiProperty({ enum: PERSON_ROLES }) role: string;
  @ApiProperty({ enum: PERSON_KINDS }) kind: string;
}

export class LocalizedTextDto {
  @ApiProperty() fr: string;
  @ApiProperty() ar: string;
  @ApiProperty() en: string;
}

export class ExportEventDto {
  @ApiProperty() seq: number;
  @ApiProperty({ example: 'step_completed' }) type: string;
  @ApiProperty() at: string;
  @ApiProperty({ description: 'role of the staff member (names of staff are not exported)' }) byRole: string;
  @ApiProperty({ type: String, nullable: true }) stepId: string | null;
  @ApiProperty({ type: LocalizedTextDto, nullable: true }) stepTitle: LocalizedTextDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'what was recorded (answers, note, reason…), other people’s names replaced by their codes',
  })
  recorded: Record<string, unknown>;
}

export class ExportChangeDto {
  @ApiProperty() field: string;
  @ApiProperty({ type: String, nullable: true }) from: string | null;
  @ApiProperty({ type: String, nullable: true }) to: string | null;
}

export class ExportCorrectionDto {
  @ApiProperty() seq: number;
  @ApiProperty({ enum: ['person_updated', 'person_removed'] }) type: string;
  @ApiProperty() at: string;
  @ApiProperty() byRole: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: [ExportChangeDto] }) changes: ExportChangeDto[];
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
}

export class ExportEvidenceDto {
  @ApiProperty() title: string;
  @ApiProperty({ example: 'file' }) kind: string;
  @ApiProperty() recordedAt: string;
  @ApiProperty({ type: String, nullable: true }) capturedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the file as received' }) originalSha256: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the file as kept' }) storedSha256: string | null;
  @ApiProperty({ type: String, nullable: true }) deletedAt: string | null;
}

export class ExportDocumentDto {
  @ApiProperty() at: string;
  @ApiProperty({ example: 'report-form' }) template: string;
  @ApiProperty({ example: 'fr' }) lang: string;
  @ApiProperty() byRole: string;
}

export class ExportTransmissionDto {
  @ApiProperty() at: string;
  @ApiProperty({ example: 'triage_report' }) kind: string;
}

export class ExportCaseDto {
  @ApiProperty() reference: string;
  @ApiProperty({ description: 'title of the case, other people’s names replaced by their codes' }) title: string;
  @ApiProperty() occurredOn: string;
  @ApiProperty() openedAt: string;
  @ApiProperty() state: string;
  @ApiProperty({ type: String, nullable: true }) closedAt: string | null;
  @ApiProperty() protocol: string;
  @ApiProperty({ type: String, nullable: true }) tier: string | null;
  @ApiProperty({ type: String, nullable: true }) track: string | null;
  @ApiProperty({ type: [String] }) types: string[];
  @ApiProperty({ type: [String] }) platforms: string[];
  @ApiProperty({ type: [ExportPersonDto], description: 'the pupil’s records in this case' }) records: ExportPersonDto[];
  @ApiProperty({ type: [ExportOtherPersonDto] }) otherPeople: ExportOtherPersonDto[];
  @ApiProperty({ type: [ExportEventDto], description: 'steps done, signatures, notes, corrections of answers' }) events: ExportEventDto[];
  @ApiProperty({ type: [ExportCorrectionDto], description: 'corrections of the pupil’s records' }) corrections: ExportCorrectionDto[];
  @ApiProperty({ type: [ExportEvidenceDto], description: 'evidence listed, never its content' }) evidence: ExportEvidenceDto[];
  @ApiProperty({ type: [ExportDocumentDto], description: 'documents generated from the case' }) documents: ExportDocumentDto[];
  @ApiProperty({ type: [ExportTransmissionDto], description: 'pseudonymised reports sent to the direction provinciale / academy' })
  transmissions: ExportTransmissionDto[];
}

export class SubjectExportDto {
  @ApiProperty({ example: 'sanad.subject-access/1' }) format: string;
  @ApiProperty() generatedAt: string;
  @ApiProperty({ type: ExportSchoolDto }) school: ExportSchoolDto;
  @ApiProperty({ description: 'role of who made the export' }) generatedByRole: string;
  @ApiProperty({ type: [String], description: 'the names under which the pupil is recorded' }) names: string[];
  @ApiProperty({ type: [ExportCaseDto] }) cases: ExportCaseDto[];
}
