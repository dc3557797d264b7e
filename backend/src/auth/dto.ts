import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Check } from '../common/check.decorator';

export class LoginDto {
  @ApiProperty({ example: 'enseignante@demo.sanad.ma' })
  @IsString({ message: 'auth.email.required' })
  @IsNotEmpty({ message: 'auth.email.required' })
  @MaxLength(254, { message: 'validation.invalid' })
  email: string;

  @ApiProperty({ example: 'Sanad-demo-2026!' })
  @IsString({ message: 'auth.password.required' })
  @IsNotEmpty({ message: 'auth.password.required' })
  @MaxLength(256, { message: 'validation.invalid' })
  password: string;
}

const codeRule = (value: unknown) => (typeof value === 'string' && value.trim() !== '' && value.length <= 32 ? null : 'auth.code.required');

/** Step two of a sign-in: exactly one of `code` (6 digits from the app) or `recoveryCode`. */
export class LoginMfaDto {
  @ApiPropertyOptional({ example: '123456', description: 'the 6-digit code of the authenticator app' })
  @IsOptional()
  @Check(codeRule)
  code?: string;

  @ApiPropertyOptional({ example: 'abcde-fghjk', description: 'one of the recovery codes, instead of `code`' })
  @IsOptional()
  @Check(codeRule)
  recoveryCode?: string;
}

export class MfaCodeDto {
  @ApiProperty({ example: '123456' })
  @Check(codeRule)
  code: string;
}

const passwordRule = (value: unknown) => (typeof value === 'string' && value !== '' ? null : 'auth.password.required');
const newPasswordRule = (value: unknown) => (typeof value === 'string' ? null : 'password.tooShort');

export class MfaDisableDto {
  @ApiProperty()
  @Check(passwordRule)
  @MaxLength(256, { message: 'validation.invalid' })
  password: string;

  @ApiProperty({ example: '123456', description: 'a code of the app, or a recovery code' })
  @Check(codeRule)
  code: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @Check(passwordRule)
  @MaxLength(256, { message: 'validation.invalid' })
  currentPassword: string;

  @ApiProperty({ description: '12 to 256 characters, not a common password, without the e-mail name' })
  @Check(newPasswordRule)
  newPassword: string;
}

export class SetupPasswordDto {
  @ApiProperty({ description: 'the token of the link /setup-password?token=…' })
  @Check((value) => (typeof value === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? null : 'auth.link.invalid'))
  token: string;

  @ApiProperty()
  @Check(newPasswordRule)
  newPassword: string;
}

export class SchoolDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() nameAr: string;
}

export class MfaStatusDto {
  @ApiProperty() enabled: boolean;
  /** the role must use two-factor authentication (MFA_REQUIRED_ROLES) */
  @ApiProperty() required: boolean;
  @ApiProperty() recoveryCodesRemaining: number;
}

export class UnitRefDto {
  @ApiProperty({ enum: ['national', 'region', 'province', 'school'] }) kind: 'national' | 'region' | 'province' | 'school';
  @ApiProperty({ type: String, nullable: true }) id: string | null;
  @ApiProperty({ type: String, nullable: true }) code: string | null;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameEn: string;
}

/** A role held in a unit. */
export class MembershipDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['team_member', 'coordinator', 'principal', 'officer', 'admin'] }) role: string;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
}

export class SwitchMembershipDto {
  @ApiProperty()
  @Check((value) => (typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? null : 'validation.invalid'))
  membershipId: string;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['team_member', 'coordinator', 'principal', 'officer', 'admin'] }) role: string;
  @ApiProperty({ enum: ['fr', 'ar', 'en'] }) locale: string;
  @ApiProperty({ type: SchoolDto, nullable: true }) school: SchoolDto | null;
  @ApiProperty({ type: MfaStatusDto }) mfa: MfaStatusDto;
  /** every role the person holds; `role` and `school` above are those of the active one */
  @ApiProperty({ type: [MembershipDto] }) memberships: MembershipDto[];
  @ApiProperty({ type: String, nullable: true }) activeMembershipId: string | null;
}

export class UserEnvelopeDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
}

export class LoginResultDto {
  /** true: enter a code next (POST /api/auth/login/2fa); `user` is then absent */
  @ApiProperty() mfaRequired: boolean;
  @ApiPropertyOptional({ type: UserDto }) user?: UserDto;
}

export class MfaSetupDto {
  @ApiProperty({ description: 'base32 secret, for typing in by hand' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Sanad:a%40b.ma?secret=…&issuer=Sanad&algorithm=SHA1&digits=6&period=30' }) otpauthUri: string;
  @ApiProperty({ example: 'data:image/svg+xml;base64,…' }) qrCode: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'ten one-time codes, shown only now' }) recoveryCodes: string[];
}
