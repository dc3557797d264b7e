import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { AuthService, sessionUser, type OpenedSession } from './auth.service';
import { SESSION_COOKIE } from './auth.guard';
import { CurrentUser } from './current-user.decorator';
import {
  ChangePasswordDto,
  LoginDto,
  LoginMfaDto,
  LoginResultDto,
  MfaCodeDto,
  MfaDisableDto,
  MfaSetupDto,
  RecoveryCodesDto,
  SetupPasswordDto,
  SwitchMembershipDto,
  UserEnvelopeDto,
} from './dto';
import { MfaService } from './mfa.service';
import { AllowWithoutMfa, Public } from './public.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Sign-in attempts go to the audit trail: successes with the account, failures with an HMAC of the e-mail only. */
  private async audited(email: string, req: Request, attempt: () => Promise<OpenedSession>): Promise<OpenedSession> {
    let opened: OpenedSession;
    try {
      opened = await attempt();
    } catch (error) {
      if (error instanceof DomainError) {
        await this.audit.record({
          action: 'auth.login_failed',
          actor: null,
          ip: req.ip ?? null,
          details: email ? { emailHmac: this.audit.emailDigest(email), code: error.code } : { code: error.code, stage: 'mfa' },
        });
      }
      throw error;
    }
    if (!opened.mfaRequired) await this.audit.record({ action: 'auth.login', actor: opened.actor, ip: req.ip ?? null });
    return opened;
  }

  private setCookie(res: Response, opened: OpenedSession): void {
    res.cookie(SESSION_COOKIE, opened.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.publicUrl.startsWith('https:'),
      path: '/',
      expires: opened.expiresAt,
    });
  }

  private async result(res: Response, opened: OpenedSession): Promise<LoginResultDto> {
    this.setCookie(res, opened);
    return opened.mfaRequired ? { mfaRequired: true } : { mfaRequired: false, user: await this.auth.profile(opened.user.id) };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({
    type: LoginResultDto,
    description: 'Signed in ({ mfaRequired: false, user }), or the password was right and a code is needed next ({ mfaRequired: true })',
  })
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResultDto> {
    return this.result(res, await this.audited(body.email, req, () => this.auth.login(body.email, body.password, req.ip ?? 'unknown')));
  }

  @Public()
  @Post('login/2fa')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResultDto, description: 'Second step of sign-in: { code } or { recoveryCode }' })
  async loginMfa(@Body() body: LoginMfaDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResultDto> {
    if ((body.code === undefined) === (body.recoveryCode === undefined)) {
      throw new DomainError('VALIDATION_FAILED', [{ field: 'code', code: 'auth.code.required' }]);
    }
    const cookies = req.cookies as Record<string, string | undefined>;
    return this.result(
      res,
      await this.audited('', req, () => this.auth.completeMfaLogin(cookies[SESSION_COOKIE], body, req.ip ?? 'unknown')),
    );
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const cookies = req.cookies as Record<string, string | undefined>;
    await this.auth.logout(cookies[SESSION_COOKIE]);
    if (req.user) await this.audit.record({ action: 'auth.logout', actor: req.user, ip: req.ip ?? null });
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: this.config.publicUrl.startsWith('https:'), path: '/' });
  }

  @Get('me')
  @AllowWithoutMfa()
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiOkResponse({ type: UserEnvelopeDto })
  async me(@CurrentUser() user: SessionUser): Promise<UserEnvelopeDto> {
    return { user: await this.auth.profile(user.id, user.membershipId) };
  }

  @Post('membership')
  @HttpCode(200)
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiOkResponse({ type: UserEnvelopeDto, description: "The session now acts in another of the user's memberships (role and unit)" })
  async switchMembership(
    @CurrentUser() user: SessionUser,
    @Body() body: SwitchMembershipDto,
    @Req() req: Request,
  ): Promise<UserEnvelopeDto> {
    const next = await this.auth.switchMembership(req.sessionId ?? '', user.id, body.membershipId);
    await this.audit.record({
      action: 'auth.switch_role',
      actor: sessionUser(user.id, next),
      ip: req.ip ?? null,
      details: { from: user.membershipId ?? null, to: next.id },
    });
    return { user: await this.auth.profile(user.id, next.id) };
  }

  @Post('2fa/setup')
  @HttpCode(200)
  @AllowWithoutMfa()
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiOkResponse({ type: MfaSetupDto, description: 'A new secret, unusable until confirmed' })
  setupMfa(@CurrentUser() user: SessionUser): Promise<MfaSetupDto> {
    return this.mfa.setup(user.id);
  }

  @Post('2fa/confirm')
  @HttpCode(200)
  @AllowWithoutMfa()
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiOkResponse({ type: RecoveryCodesDto })
  async confirmMfa(@CurrentUser() user: SessionUser, @Body() body: MfaCodeDto): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.mfa.confirm(user.id, body.code) };
  }

  @Post('2fa/disable')
  @HttpCode(204)
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiNoContentResponse()
  async disableMfa(@CurrentUser() user: SessionUser, @Body() body: MfaDisableDto, @Req() req: Request): Promise<void> {
    await this.auth.disableMfa(user.id, body.password, body.code, req.ip ?? 'unknown');
  }

  @Post('password')
  @HttpCode(204)
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiNoContentResponse({ description: "Password changed; the user's other sessions are ended" })
  async changePassword(@CurrentUser() user: SessionUser, @Body() body: ChangePasswordDto, @Req() req: Request): Promise<void> {
    await this.auth.changePassword(user.id, req.sessionId, body.currentPassword, body.newPassword, req.ip ?? 'unknown');
  }

  @Public()
  @Post('setup-password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password set from a one-time link; the link is used up and every session of the user ended' })
  async setupPassword(@Body() body: SetupPasswordDto, @Req() req: Request): Promise<void> {
    await this.auth.setPasswordWithLink(body.token, body.newPassword, req.ip ?? 'unknown');
  }
}
