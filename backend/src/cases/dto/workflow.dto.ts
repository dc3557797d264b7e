import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Check } from '../../common/check.decorator';

const positiveInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1_000_000_000;
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
const textBetween = (v: unknown, min: number, max: number) => typeof v === 'string' && v.trim().length >= min && v.length <= max;

/** Every write names the last event its author saw: a stale view gets 409 CONFLICT, never a silent overwrite. */
export class ExpectedSeqDto {
  @ApiProperty({ description: 'seq of the last event the client saw (optimistic concurrency)', example: 3 })
  @Check((v) => (positiveInt(v) ? null : 'event.expectedSeq.invalid'))
  expectedSeq: number;
}

export class CompleteStepDto extends ExpectedSeqDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'form answers: { fieldId: value }', example: { tier: 'T1' } })
  @Check((v) => (isObject(v) ? null : 'event.answers.invalid'))
  answers: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], description: 'ids of the checklist items ticked' })
  @Check((v) =>
    v === undefined || (Array.isArray(v) && v.length <= 100 && v.every((x) => typeof x === 'string' && x.length <= 80))
      ? null
      : 'event.checklist.invalid',
  )
  checklist?: string[];
}

export class SignStepDto extends ExpectedSeqDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @Check((v) => (v === undefined || (typeof v === 'string' && v.length <= 2000) ? null : 'event.comment.length'))
  comment?: string;
}

/** The co-signer sends the step back instead of signing: the comment tells its author what to change. */
export class ReturnStepDto extends ExpectedSeqDto {
  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @Check((v) => (textBetween(v, 1, 2000) ? null : 'event.returnComment.length'))
  comment: string;
}

export class AssigneeDto extends ExpectedSeqDto {
  @ApiProperty({ type: String, nullable: true, description: 'user id of the member in charge; null: nobody' })
  @Check((v) => (v === null || (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v)) ? null : 'case.assignee.invalid'))
  assigneeId: string | null;
}

export class NoteDto extends ExpectedSeqDto {
  @ApiProperty({ minLength: 1, maxLength: 5000 })
  @Check((v) => (textBetween(v, 1, 5000) ? null : 'event.text.length'))
  text: string;
}

export class ReasonDto extends ExpectedSeqDto {
  @ApiProperty({ minLength: 3, maxLength: 500 })
  @Check((v) => (textBetween(v, 3, 500) ? null : 'event.reason.length'))
  reason: string;
}

export class CorrectionDto extends ReasonDto {
  @ApiProperty({ description: 'seq of the step_completed event being corrected' })
  @Check((v) => (positiveInt(v) ? null : 'event.refSeq.invalid'))
  refSeq: number;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'replacement answers' })
  @Check((v) => (isObject(v) ? null : 'event.answers.invalid'))
  answers: Record<string, unknown>;
}

export class MigrateDto extends ReasonDto {
  @ApiProperty({ example: '1.1.0' })
  @Check((v) => (typeof v === 'string' && /^\d+\.\d+\.\d+$/.test(v) ? null : 'event.toVersion.invalid'))
  toVersion: string;
}

export class DueQuery {
  @ApiPropertyOptional({ enum: ['mine', 'school'], default: 'mine' })
  @Check((v) => (v === undefined || v === 'mine' || v === 'school' ? null : 'query.scope.invalid'))
  scope?: 'mine' | 'school';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Restricts a case to named staff of its school (plus the principal), or lifts the restriction. */
export class RestrictionDto extends ReasonDto {
  @ApiProperty({ description: 'true: only the members and the principal see the case; false: the whole school team again' })
  @Check((v) => (typeof v === 'boolean' ? null : 'case.restriction.restricted.invalid'))
  restricted: boolean;

  @ApiProperty({
    type: [String],
    description: 'ids of staff of the same school who keep access (empty when lifting); the author is added when a coordinator',
  })
  @Check((v) =>
    Array.isArray(v) && v.length <= 50 && v.every((x) => typeof x === 'string' && UUID.test(x)) ? null : 'case.restriction.members.invalid',
  )
  members: string[];
}
