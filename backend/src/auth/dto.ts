import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

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

export class SchoolDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() nameAr: string;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['team_member', 'coordinator', 'principal', 'officer', 'admin'] }) role: string;
  @ApiProperty({ enum: ['fr', 'ar', 'en'] }) locale: string;
  @ApiProperty({ type: SchoolDto, nullable: true }) school: SchoolDto | null;
}

export class UserEnvelopeDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
}
