import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Check } from '../common/check.decorator';
import type { MessageKey } from '../common/messages';
import { PERSON_KINDS, PERSON_ROLES, PERSON_SEXES } from './person.entity';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const text = (max: number, key: MessageKey) => (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.length <= max && !CONTROL.test(v)) ? null : key;
const oneOf = (values: readonly string[], key: MessageKey, optional: boolean) => (v: unknown) =>
  (optional && v === undefined) || values.includes(v as string) ? null : key;
/** 'female', 'male', or null (unknown / not recorded); absent: unchanged */
const sexOrNull = (v: unknown) =>
  v === undefined || v === null || (PERSON_SEXES as readonly unknown[]).includes(v) ? null : 'person.sex.invalid';
const SEX_DOC =
  'optional and sensitive: seen by the school staff only, never in documents, exports or transmissions; outside the school only in aggregated statistics. null: unknown / not recorded';

export class CreatePersonDto {
  @ApiProperty({ enum: PERSON_ROLES }) @Check(oneOf(PERSON_ROLES, 'person.role.invalid', false)) role: string;
  @ApiProperty({ enum: PERSON_KINDS }) @Check(oneOf(PERSON_KINDS, 'person.kind.invalid', false)) kind: string;
  @ApiPropertyOptional({ description: 'name, seen inside the school only' }) @Check(text(120, 'person.name.invalid')) displayName?:
    string | null;
  @ApiPropertyOptional({ example: '3AC-2' }) @Check(text(40, 'person.class.invalid')) classLabel?: string | null;
  @ApiPropertyOptional() @Check(text(1000, 'person.note.invalid')) note?: string | null;
  @ApiPropertyOptional({ enum: PERSON_SEXES, nullable: true, description: SEX_DOC }) @Check(sexOrNull) sex?: string | null;
}

export class UpdatePersonDto {
  @ApiPropertyOptional({ enum: PERSON_ROLES }) @Check(oneOf(PERSON_ROLES, 'person.role.invalid', true)) role?: string;
  @ApiPropertyOptional({ enum: PERSON_KINDS }) @Check(oneOf(PERSON_KINDS, 'person.kind.invalid', true)) kind?: string;
  @ApiPropertyOptional() @Check(text(120, 'person.name.invalid')) displayName?: string | null;
  @ApiPropertyOptional() @Check(text(40, 'person.class.invalid')) classLabel?: string | null;
  @ApiPropertyOptional() @Check(text(1000, 'person.note.invalid')) note?: string | null;
  @ApiPropertyOptional({ enum: PERSON_SEXES, nullable: true, description: SEX_DOC }) @Check(sexOrNull) sex?: string | null;
  @ApiPropertyOptional({ description: 'why, e.g. "at the pupil’s request (Law 09-08)": kept in the case timeline' })
  @Check(text(500, 'person.reason.invalid'))
  reason?: string | null;
  @ApiPropertyOptional({ description: 'the case’s lastEventSeq as the editor saw it: 409 CONFLICT if the case changed since' })
  @Check((v) =>
    v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1_000_000_000) ? null : 'event.expectedSeq.invalid',
  )
  expectedSeq?: number;
}

export class PersonAuthorDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
}

export class PersonDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'E1', description: 'the pseudonymous code used outside the school' }) code: string;
  @ApiProperty({ enum: PERSON_ROLES }) role: string;
  @ApiProperty({ enum: PERSON_KINDS }) kind: string;
  @ApiProperty({ type: String, nullable: true }) displayName: string | null;
  @ApiProperty({ type: String, nullable: true }) classLabel: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, enum: PERSON_SEXES, nullable: true, description: SEX_DOC }) sex: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: PersonAuthorDto }) createdBy: PersonAuthorDto;
}

export class PeopleDto {
  @ApiProperty({ type: [PersonDto] }) items: PersonDto[];
}
