import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PLATFORMS } from '@sanad/protocols';
import { Check } from '../../common/check.decorator';
import type { MessageKey } from '../../common/messages';
import { REPORT_LANGUAGES, REPORTER_ROLES, SINCE, type ReporterRole, type ReporterStatus, type Since } from '../public-report.entities';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
/** Plain text of at most `max` characters (line breaks allowed; control characters and bidi overrides refused). */
export const plainText = (v: unknown, min: number, max: number): boolean =>
  typeof v === 'string' && v.trim().length >= min && v.length <= max && !CONTROL.test(v);
const optionalText =
  (max: number, key: MessageKey) =>
  (v: unknown): MessageKey | null =>
    v === undefined || v === null || plainText(v, 0, max) ? null : key;
const oneOf =
  (values: readonly string[], key: MessageKey) =>
  (v: unknown): MessageKey | null =>
    typeof v === 'string' && values.includes(v) ? null : key;
const shortString = (v: unknown) => typeof v === 'string' && v.length >= 1 && v.length <= 400;

// ------------------------------------------------------------------ requests

export class SubmitPublicReportDto {
  @ApiProperty({ description: 'the challenge of GET /api/public/challenge, unchanged' })
  @Check((v) => (shortString(v) ? null : 'publicReport.proof.required'))
  challenge: string;

  @ApiProperty({ example: '48213', description: 'decimal string: SHA-256(challenge + ":" + nonce) has `difficulty` leading zero bits' })
  @Check((v) => (typeof v === 'string' && /^\d{1,20}$/.test(v) ? null : 'publicReport.proof.required'))
  nonce: string;

  @ApiProperty({ enum: REPORT_LANGUAGES })
  @Check(oneOf(REPORT_LANGUAGES, 'publicReport.language.invalid'))
  language: 'fr' | 'ar' | 'en';

  @ApiProperty({ enum: REPORTER_ROLES, description: 'the person targeted, a witness, a parent, a member of staff' })
  @Check(oneOf(REPORTER_ROLES, 'publicReport.reporterRole.invalid'))
  reporterRole: ReporterRole;

  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @Check((v) => (plainText(v, 1, 2000) ? null : 'publicReport.whatHappened.invalid'))
  whatHappened: string;

  @ApiProperty({ type: [String], enum: PLATFORMS, maxItems: 10, description: "codes of the protocol's platform list, or OTHER" })
  @Check((v) =>
    Array.isArray(v) && v.length <= 10 && v.every((p) => typeof p === 'string' && (PLATFORMS as readonly string[]).includes(p))
      ? null
      : 'publicReport.platforms.invalid',
  )
  platforms: string[];

  @ApiProperty({ enum: SINCE })
  @Check(oneOf(SINCE, 'publicReport.since.invalid'))
  since: Since;

  @ApiPropertyOptional({ maxLength: 500, description: 'who is involved, in the reporter’s words (optional)' })
  @Check(optionalText(500, 'publicReport.involved.invalid'))
  involved?: string;

  @ApiProperty({ description: 'someone is in danger right now (the page shows the emergency numbers at once)' })
  @Check((v) => (typeof v === 'boolean' ? null : 'publicReport.dangerNow.invalid'))
  dangerNow: boolean;

  @ApiPropertyOptional({ maxLength: 200, description: 'how to reach the reporter; omitted: anonymous' })
  @Check(optionalText(200, 'publicReport.contact.invalid'))
  contact?: string;
}

export class FollowUpDto {
  @ApiProperty({ example: 'R7K-4QX-9TB' })
  @Check((v) => (typeof v === 'string' && v.length <= 64 ? null : 'publicReport.code.required'))
  reportCode: string;

  @ApiProperty({ example: '7KQM-4XT9-BR2W' })
  @Check((v) => (typeof v === 'string' && v.length <= 64 ? null : 'publicReport.code.required'))
  passcode: string;
}

export class FollowUpMessageDto extends FollowUpDto {
  @ApiProperty({ minLength: 1, maxLength: 1000, description: 'plain text' })
  @Check((v) => (plainText(v, 1, 1000) ? null : 'publicReport.message.invalid'))
  body: string;
}

export class ChallengeQuery {
  @ApiProperty({ description: 'the school code of the page' })
  @Check((v) => (typeof v === 'string' && v.length >= 1 && v.length <= 32 ? null : 'query.filter.invalid'))
  school: string;
}

// ------------------------------------------------------------------ responses

export class LocalizedNameDto {
  @ApiProperty() fr: string;
  @ApiProperty() ar: string;
  @ApiProperty() en: string;
}

export class HelplineDto {
  @ApiProperty({ example: 'ONDE_2511' }) id: string;
  @ApiProperty({ type: LocalizedNameDto }) name: LocalizedNameDto;
  @ApiPropertyOptional({ example: '2511' }) phone?: string;
  @ApiPropertyOptional({ example: 'https://www.2511.ma' }) url?: string;
  @ApiPropertyOptional({ example: '+212624405889', description: 'a WhatsApp chat number (EMC helpline)' }) whatsapp?: string;
}

export class PublicSchoolDto {
  @ApiProperty() code: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameAr: string;
  @ApiProperty({ type: [HelplineDto], description: 'EMC helpline, ONDE 2511, police 19 and the other national channels' })
  helplines: HelplineDto[];
}

export class ChallengeDto {
  @ApiProperty() challenge: string;
  @ApiProperty({ example: 16, description: 'leading zero bits required' }) difficulty: number;
  @ApiProperty({ description: 'ISO instant (10 minutes)' }) expiresAt: string;
}

export class ReportReceiptDto {
  @ApiProperty({ example: 'R7K-4QX-9TB' }) reportCode: string;
  @ApiProperty({ example: '7KQM-4XT9-BR2W', description: 'shown once; never stored in clear' }) passcode: string;
  @ApiProperty() dangerNow: boolean;
}

export class PublicMessageDto {
  @ApiProperty({ enum: ['reporter', 'team'] }) from: 'reporter' | 'team';
  @ApiProperty() body: string;
  @ApiProperty() at: string;
}

export class FollowUpViewDto {
  @ApiProperty({ enum: ['received', 'in_progress', 'closed'] }) status: ReporterStatus;
  @ApiProperty() schoolNameFr: string;
  @ApiProperty() schoolNameAr: string;
  @ApiProperty({ type: [PublicMessageDto] }) messages: PublicMessageDto[];
}
