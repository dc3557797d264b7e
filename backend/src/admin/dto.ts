import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Check } from '../common/check.decorator';
import type { MessageKey } from '../common/messages';
import { SCHOOL_CODE_PATTERN } from '../organisation/units';
import { ROLES } from '../users/user.entity';
import { MembershipDto, UnitRefDto } from '../auth/dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const ARABIC_LETTER = /\p{Script=Arabic}/u;
const LATIN_LETTER = /\p{Script=Latin}/u;
export const LEVELS = ['primaire', 'college', 'lycee'] as const;
const MAX_CSV = 2 * 1024 * 1024;

const toInt = (v: unknown): number | null =>
  typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : typeof v === 'number' && Number.isInteger(v) ? v : null;
const page = (v: unknown): MessageKey | null => (v === undefined || (toInt(v) ?? 0) >= 1 ? null : 'query.page.invalid');
const pageSize = (v: unknown): MessageKey | null => {
  if (v === undefined) return null;
  const n = toInt(v);
  return n !== null && n >= 1 && n <= 200 ? null : 'query.pageSize.invalid';
};
const text = (max: number, key: MessageKey) => (v: unknown) =>
  typeof v === 'string' && v.trim().length >= 1 && v.length <= max && !CONTROL.test(v) ? null : key;
const optional = (rule: (v: unknown) => MessageKey | null) => (v: unknown) => (v === undefined ? null : rule(v));
const role = (v: unknown): MessageKey | null => ((ROLES as readonly unknown[]).includes(v) ? null : 'role.invalid');
const unitId = (v: unknown): MessageKey | null =>
  v === null || (typeof v === 'string' && UUID.test(v)) ? null : 'membership.unit_mismatch';
const arabicName = (v: unknown): MessageKey | null =>
  text(200, 'school.name.invalid')(v) ??
  (ARABIC_LETTER.test(v as string) && !LATIN_LETTER.test(v as string) ? null : 'school.nameAr.notArabic');
const level = (v: unknown): MessageKey | null => ((LEVELS as readonly unknown[]).includes(v) ? null : 'school.level.invalid');
const csv = (v: unknown): MessageKey | null =>
  v === undefined || v === null || (typeof v === 'string' && Buffer.byteLength(v) <= MAX_CSV) ? null : 'import.csv.invalid';
const bool = (v: unknown): MessageKey | null => (v === undefined || typeof v === 'boolean' ? null : 'validation.invalid');

// --- queries ---

export class ListUsersQuery {
  @ApiPropertyOptional({ description: 'part of the name or e-mail address' })
  @Check(optional(text(100, 'validation.invalid')))
  q?: string;

  @ApiPropertyOptional({ description: 'a school, province or region id: accounts holding a role in it or below' })
  @Check(optional((v) => (typeof v === 'string' && UUID.test(v) ? null : 'validation.invalid')))
  unitId?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @Check(optional(role))
  role?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @Check(optional((v) => (v === 'true' || v === 'false' ? null : 'validation.invalid')))
  active?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 }) @Check(page) page?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @Check(pageSize) pageSize?: string;
}

export class ListSchoolsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @Check(optional((v) => (typeof v === 'string' && UUID.test(v) ? null : 'validation.invalid')))
  provinceId?: string;

  @ApiPropertyOptional({ description: 'part of the code or of a name' })
  @Check(optional(text(100, 'validation.invalid')))
  q?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 }) @Check(page) page?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @Check(pageSize) pageSize?: string;
}

// --- bodies ---

export class CreateUserDto {
  @ApiProperty({ example: 'prenom.nom@men.gov.ma' })
  @Check((v) => (typeof v === 'string' && v.length <= 254 && EMAIL.test(v.trim()) ? null : 'email.invalid'))
  email: string;

  @ApiProperty() @Check(text(120, 'displayName.invalid')) displayName: string;

  @ApiProperty({ enum: ['fr', 'ar', 'en'] })
  @Check((v) => (v === 'fr' || v === 'ar' || v === 'en' ? null : 'locale.invalid'))
  locale: 'fr' | 'ar' | 'en';

  @ApiProperty({ enum: ROLES }) @Check(role) role: string;

  @ApiProperty({ type: String, nullable: true, description: 'school, province or region id; null: national (admin only)' })
  @Check(unitId)
  unitId: string | null;
}

export class AddMembershipDto {
  @ApiProperty({ enum: ROLES }) @Check(role) role: string;

  @ApiProperty({ type: String, nullable: true })
  @Check(unitId)
  unitId: string | null;
}

export class PasswordLinkRequestDto {
  @ApiProperty({ enum: ['invite', 'reset'] })
  @Check((v) => (v === 'invite' || v === 'reset' ? null : 'passwordLink.purpose.invalid'))
  purpose: 'invite' | 'reset';
}

export class CreateSchoolDto {
  @ApiProperty({ example: 'RAB-COL-042' })
  @Check((v) => (typeof v === 'string' && SCHOOL_CODE_PATTERN.test(v.trim()) ? null : 'school.code.invalid'))
  code: string;

  @ApiProperty() @Check(text(200, 'school.name.invalid')) nameFr: string;
  @ApiProperty() @Check(arabicName) nameAr: string;
  @ApiProperty({ enum: LEVELS }) @Check(level) level: string;

  @ApiProperty({ format: 'uuid' })
  @Check((v) => (typeof v === 'string' && UUID.test(v) ? null : 'validation.invalid'))
  provinceId: string;
}

export class UpdateSchoolDto {
  @ApiPropertyOptional() @Check(optional(text(200, 'school.name.invalid'))) nameFr?: string;
  @ApiPropertyOptional() @Check(optional(arabicName)) nameAr?: string;
  @ApiPropertyOptional({ enum: LEVELS }) @Check(optional(level)) level?: string;
}

export class ImportRequestDto {
  @ApiPropertyOptional({ description: 'contents of schools.csv (UTF-8)' }) @Check(csv) schoolsCsv?: string | null;
  @ApiPropertyOptional({ description: 'contents of staff.csv (UTF-8)' }) @Check(csv) staffCsv?: string | null;
  @ApiPropertyOptional({ default: false }) @Check(bool) dryRun?: boolean;
  @ApiPropertyOptional({ default: false }) @Check(bool) skipInvalid?: boolean;
}

// --- answers ---

export class AdminMembershipDto extends MembershipDto {
  /** inside the caller's scope */
  @ApiProperty() manageable: boolean;
}

export class AdminUserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['fr', 'ar', 'en'] }) locale: string;
  @ApiProperty() active: boolean;
  @ApiProperty() mfaEnabled: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [AdminMembershipDto], description: 'the memberships inside the caller’s scope' }) memberships: AdminMembershipDto[];
  @ApiProperty({ description: 'how many memberships are outside the scope (not shown)' }) otherMemberships: number;
  @ApiProperty({ description: 'every membership is inside the scope: the account may be disabled, reset…' }) manageable: boolean;
}

export class AdminUserPageDto {
  @ApiProperty({ type: [AdminUserDto] }) items: AdminUserDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class PasswordLinkDto {
  @ApiProperty({ description: 'shown once: only a hash is kept' }) url: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ description: 'also sent to the person (SMTP configured)' }) emailed: boolean;
}

export class CreatedUserDto {
  @ApiProperty({ type: AdminUserDto }) user: AdminUserDto;
  @ApiProperty({ type: PasswordLinkDto }) link: PasswordLinkDto;
}

export class RevokedDto {
  @ApiProperty() revoked: number;
}

export class AdminSchoolDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameAr: string;
  @ApiProperty({ enum: LEVELS }) level: string;
  @ApiProperty() provinceId: string;
}

export class AdminSchoolPageDto {
  @ApiProperty({ type: [AdminSchoolDto] }) items: AdminSchoolDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ProvinceUnitDto extends UnitRefDto {
  @ApiProperty({ description: 'number of schools' }) schools: number;
}

export class RegionUnitDto extends UnitRefDto {
  @ApiProperty({ type: [ProvinceUnitDto] }) provinces: ProvinceUnitDto[];
}

export class UnitsDto {
  @ApiProperty({ type: UnitRefDto }) scope: UnitRefDto;
  @ApiProperty({ type: [RegionUnitDto] }) regions: RegionUnitDto[];
}
