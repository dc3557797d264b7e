import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import type { ImportReport } from '../import/import-schools-staff';
import { AccountsAdminService } from './accounts.service';
import {
  AddMembershipDto,
  AdminMembershipDto,
  AdminSchoolDto,
  AdminSchoolPageDto,
  AdminUserDto,
  AdminUserPageDto,
  CreatedUserDto,
  CreateSchoolDto,
  CreateUserDto,
  ImportRequestDto,
  ListSchoolsQuery,
  ListUsersQuery,
  PasswordLinkDto,
  PasswordLinkRequestDto,
  RevokedDto,
  UnitsDto,
  UpdateSchoolDto,
} from './dto';
import { UnitsAdminService } from './units.service';

/** A path id that is not a UUID is simply not found (never a 500, never a different answer). */
const id = (notFound: 'USER_NOT_FOUND' | 'SCHOOL_NOT_FOUND' | 'NOT_FOUND') =>
  new ParseUUIDPipe({ exceptionFactory: () => new DomainError(notFound) });

/** Administration of units and accounts within the caller's scope (docs/administration.md). Thin: rules are in the services. */
@ApiTags('admin')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('admin')
export class AdminController {
  constructor(
    private readonly accounts: AccountsAdminService,
    private readonly units: UnitsAdminService,
  ) {}

  @Get('units')
  @ApiOkResponse({ type: UnitsDto })
  listUnits(@CurrentUser() user: SessionUser): Promise<UnitsDto> {
    return this.units.units(user);
  }

  @Get('schools')
  @ApiOkResponse({ type: AdminSchoolPageDto })
  listSchools(@CurrentUser() user: SessionUser, @Query() query: ListSchoolsQuery): Promise<AdminSchoolPageDto> {
    return this.units.listSchools(user, query);
  }

  @Post('schools')
  @ApiCreatedResponse({ type: AdminSchoolDto })
  createSchool(@CurrentUser() user: SessionUser, @Body() body: CreateSchoolDto, @Req() req: Request): Promise<AdminSchoolDto> {
    return this.units.createSchool(user, body, req.ip ?? null);
  }

  @Patch('schools/:id')
  @ApiOkResponse({ type: AdminSchoolDto })
  updateSchool(
    @CurrentUser() user: SessionUser,
    @Param('id', id('SCHOOL_NOT_FOUND')) schoolId: string,
    @Body() body: UpdateSchoolDto,
    @Req() req: Request,
  ): Promise<AdminSchoolDto> {
    return this.units.updateSchool(user, schoolId, body, req.ip ?? null);
  }

  @Get('users')
  @ApiOkResponse({ type: AdminUserPageDto })
  listUsers(@CurrentUser() user: SessionUser, @Query() query: ListUsersQuery): Promise<AdminUserPageDto> {
    return this.accounts.list(user, query);
  }

  @Get('users/:id')
  @ApiOkResponse({ type: AdminUserDto })
  getUser(@CurrentUser() user: SessionUser, @Param('id', id('USER_NOT_FOUND')) userId: string): Promise<AdminUserDto> {
    return this.accounts.get(user, userId);
  }

  @Post('users')
  @ApiCreatedResponse({ type: CreatedUserDto, description: 'The account, and its one-time link to set a password (shown once)' })
  createUser(@CurrentUser() user: SessionUser, @Body() body: CreateUserDto, @Req() req: Request): Promise<CreatedUserDto> {
    return this.accounts.create(user, body, req.ip ?? null);
  }

  @Post('users/:id/memberships')
  @ApiCreatedResponse({ type: AdminMembershipDto })
  addMembership(
    @CurrentUser() user: SessionUser,
    @Param('id', id('USER_NOT_FOUND')) userId: string,
    @Body() body: AddMembershipDto,
    @Req() req: Request,
  ): Promise<AdminMembershipDto> {
    return this.accounts.addMembership(user, userId, body, req.ip ?? null);
  }

  @Delete('users/:id/memberships/:membershipId')
  @HttpCode(204)
  @ApiNoContentResponse()
  removeMembership(
    @CurrentUser() user: SessionUser,
    @Param('id', id('USER_NOT_FOUND')) userId: string,
    @Param('membershipId', id('NOT_FOUND')) membershipId: string,
    @Req() req: Request,
  ): Promise<void> {
    return this.accounts.removeMembership(user, userId, membershipId, req.ip ?? null);
  }

  @Post('users/:id/password-link')
  @HttpCode(200)
  @ApiOkResponse({ type: PasswordLinkDto })
  passwordLink(
    @CurrentUser() user: SessionUser,
    @Param('id', id('USER_NOT_FOUND')) userId: string,
    @Body() body: PasswordLinkRequestDto,
    @Req() req: Request,
  ): Promise<PasswordLinkDto> {
    return this.accounts.passwordLink(user, userId, body.purpose, req.ip ?? null);
  }

  @Post('users/:id/disable')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Disabled; every session of the account ends' })
  disable(@CurrentUser() user: SessionUser, @Param('id', id('USER_NOT_FOUND')) userId: string, @Req() req: Request): Promise<void> {
    return this.accounts.setActive(user, userId, false, req.ip ?? null);
  }

  @Post('users/:id/enable')
  @HttpCode(204)
  @ApiNoContentResponse()
  enable(@CurrentUser() user: SessionUser, @Param('id', id('USER_NOT_FOUND')) userId: string, @Req() req: Request): Promise<void> {
    return this.accounts.setActive(user, userId, true, req.ip ?? null);
  }

  @Post('users/:id/sessions/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: RevokedDto })
  revokeSessions(
    @CurrentUser() user: SessionUser,
    @Param('id', id('USER_NOT_FOUND')) userId: string,
    @Req() req: Request,
  ): Promise<RevokedDto> {
    return this.accounts.revokeSessions(user, userId, req.ip ?? null);
  }

  @Post('import')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The import report (docs/import.md): counts, rejections with codes, links of the new accounts' })
  import(@CurrentUser() user: SessionUser, @Body() body: ImportRequestDto, @Req() req: Request): Promise<ImportReport> {
    return this.units.import(user, body, req.ip ?? null);
  }
}
