import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { verify } from '@node-rs/argon2';
import { DataSource, IsNull, LessThan, Not, Repository } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { School } from '../organisation/organisation.entities';
import { User } from '../users/user.entity';
import { Membership } from '../users/membership.entity';
import { describeUnits, type UnitRef } from '../organisation/units';
import type { UserDto } from './dto';
import { PasswordToken } from './identity.entities';
import { SignInThrottle } from './login-throttle';
import { MfaService } from './mfa.service';
import { hashLinkToken } from './password-links';
import { hashPassword } from './password-hash';
import { passwordProblem } from './password-policy';
import { SessionCache } from './session-cache';
import { Session, type SessionStage } from './session.entity';

export { ARGON2_OPTIONS, hashPassword } from './password-hash';

/** How long the password step of a two-step sign-in waits for the second factor. */
export const PENDING_MFA_MINUTES = 5;
/** `lastSeenAt` is written at most this often. */
const SEEN_REFRESH_MS = 60_000;

export interface OpenedSession {
  token: string;
  expiresAt: Date;
  user: User;
  /** the person acting in their first membership (what the audit trail records of the sign-in) */
  actor: SessionUser;
  /** true: the session only allows POST /api/auth/login/2fa */
  mfaRequired: boolean;
}

export interface ResolvedSession {
  sessionId: string;
  user: SessionUser;
  /** the role must use two-factor authentication and the user has not enrolled yet */
  mfaEnrolmentRequired: boolean;
}

@Injectable()
export class AuthService {
  /** verified against when the account does not exist, so both paths take the same time */
  private readonly dummyHash: Promise<string> = hashPassword(randomBytes(16).toString('hex'));
  /** the clock; specs may replace it */
  now: () => Date = () => new Date();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectRepository(School) private readonly schools: Repository<School>,
    private readonly throttle: SignInThrottle,
    private readonly mfa: MfaService,
    private readonly cache: SessionCache,
  ) {}

  private sessionId(token: string): string {
    return createHmac('sha256', this.config.sessionSecret).update(token).digest('hex');
  }

  private async openSession(userId: string, stage: SessionStage): Promise<{ token: string; expiresAt: Date }> {
    const now = this.now();
    const token = randomBytes(32).toString('base64url');
    const lifetimeMs = stage === 'mfa' ? PENDING_MFA_MINUTES * 60_000 : this.config.sessionTtlHours * 3600_000;
    const expiresAt = new Date(now.getTime() + lifetimeMs);
    await this.sessions.insert({
      id: this.sessionId(token),
      userId,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      lastSeenAt: now.toISOString(),
      stage,
    });
    // opportunistic clean-up of sessions past their absolute or idle end
    await this.sessions.delete({ expiresAt: LessThan(now.toISOString()) });
    await this.sessions.delete({ lastSeenAt: LessThan(new Date(now.getTime() - this.config.sessionIdleMinutes * 60_000).toISOString()) });
    return { token, expiresAt };
  }

  /** Checks the password and hashes it against a dummy when there is no such account, to take the same time. */
  private async checkPassword(user: User | null, password: string): Promise<boolean> {
    return user?.active
      ? await verify(user.passwordHash, password).catch(() => false)
      : await verify(await this.dummyHash, password).then(() => false);
  }

  /**
   * Step one of sign-in. Without two-factor authentication, opens the session. With it, opens a five-minute
   * pending session for step two. The same error whether the account exists or not; throttled per account
   * and per address.
   */
  async login(emailInput: string, password: string, address: string): Promise<OpenedSession> {
    const email = emailInput.trim().toLowerCase();
    if (await this.throttle.isBlocked(email, address)) throw new DomainError('AUTH_TOO_MANY_ATTEMPTS');
    const user = await this.users.findOneBy({ email });
    const first = user ? (await this.membershipsOf(user.id))[0] : undefined;
    // an account without any role is refused like a wrong password (after the same work)
    if (!user || !(await this.checkPassword(user, password)) || !first) {
      await this.throttle.recordFailure(email, address);
      throw new DomainError('AUTH_INVALID_CREDENTIALS');
    }
    const actor = sessionUser(user.id, first);
    if (await this.mfa.isEnabled(user.id)) {
      // the account counter is cleared only once the second factor is right
      return { ...(await this.openSession(user.id, 'mfa')), user, actor, mfaRequired: true };
    }
    await this.throttle.recordSuccess(email);
    return { ...(await this.openSession(user.id, 'full')), user, actor, mfaRequired: false };
  }

  /** Step two: a code from the app or a recovery code, on the pending session. Replaces it with a full one. */
  async completeMfaLogin(
    token: string | undefined,
    code: { code?: string; recoveryCode?: string },
    address: string,
  ): Promise<OpenedSession> {
    const pending = token && token.length <= 100 ? await this.sessions.findOneBy({ id: this.sessionId(token), stage: 'mfa' }) : null;
    if (!pending || pending.expiresAt <= this.now().toISOString()) throw new DomainError('AUTH_REQUIRED');
    const user = await this.users.findOneBy({ id: pending.userId });
    const first = user ? (await this.membershipsOf(user.id))[0] : undefined;
    if (!user?.active || !first) throw new DomainError('AUTH_REQUIRED');
    if (await this.throttle.isBlocked(user.email, address)) throw new DomainError('AUTH_TOO_MANY_ATTEMPTS');
    const ok =
      code.code !== undefined
        ? await this.mfa.useTotp(user.id, code.code)
        : await this.mfa.useRecoveryCode(user.id, code.recoveryCode ?? '');
    if (!ok) {
      await this.throttle.recordFailure(user.email, address);
      throw new DomainError('MFA_CODE_INVALID');
    }
    await this.throttle.recordSuccess(user.email);
    await this.sessions.delete({ id: pending.id });
    return { ...(await this.openSession(user.id, 'full')), user, actor: sessionUser(user.id, first), mfaRequired: false };
  }

  async logout(token: string | undefined): Promise<void> {
    if (token && token.length <= 100) await this.sessions.delete({ id: this.sessionId(token) });
  }

  /**
   * The user behind a session cookie, or null when the session is unknown, pending its second factor, past
   * its absolute end (SESSION_TTL_HOURS) or idle too long (SESSION_IDLE_MINUTES), or the account disabled.
   */
  async resolve(token: string | undefined): Promise<ResolvedSession | null> {
    if (!token || token.length > 100) return null;
    const id = this.sessionId(token);
    const now = this.now();
    // reused for a few seconds (session-cache.ts), unless past its end, idle too long, or due a lastSeenAt refresh
    const cached = this.cache.get<ResolvedSession>(id);
    if (
      cached &&
      cached.expiresAt > now.toISOString() &&
      now.getTime() - cached.lastSeenMs < Math.min(SEEN_REFRESH_MS, this.config.sessionIdleMinutes * 60_000)
    ) {
      return { ...cached.value, user: { ...cached.value.user } };
    }
    const version = this.cache.version;
    const session = await this.sessions.findOneBy({ id });
    if (!session || session.stage !== 'full') return null;
    let lastSeen = Date.parse(session.lastSeenAt ?? session.createdAt);
    if (session.expiresAt <= now.toISOString() || now.getTime() - lastSeen >= this.config.sessionIdleMinutes * 60_000) {
      await this.sessions.delete({ id });
      return null;
    }
    const user = await this.users.findOneBy({ id: session.userId });
    if (!user?.active) return null;
    const memberships = await this.membershipsOf(user.id);
    const active = memberships.find((x) => x.id === session.membershipId) ?? memberships[0];
    // an account without any role has nothing to do here
    if (!active) return null;
    if (now.getTime() - lastSeen >= SEEN_REFRESH_MS) {
      // without listeners: refreshing lastSeenAt changes nothing the session cache holds
      await this.sessions
        .createQueryBuilder()
        .update()
        .set({ lastSeenAt: now.toISOString() })
        .where('id = :id', { id })
        .callListeners(false)
        .execute();
      lastSeen = now.getTime();
    }
    const mfaEnrolmentRequired = this.mfaRequiredFor(memberships) && !(await this.mfa.isEnabled(user.id));
    const resolved = { sessionId: id, user: sessionUser(user.id, active), mfaEnrolmentRequired };
    this.cache.set(id, { expiresAt: session.expiresAt, lastSeenMs: lastSeen, value: resolved }, version);
    return { ...resolved, user: { ...resolved.user } };
  }

  /** The user's memberships, oldest first (the first one is active unless the session chose another). */
  membershipsOf(userId: string): Promise<Membership[]> {
    return this.db.getRepository(Membership).find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  mfaRequired(role: string): boolean {
    return this.config.mfaRequiredRoles.includes(role);
  }

  /** Two-factor authentication is required when any of the person's roles requires it. */
  mfaRequiredFor(memberships: readonly Membership[]): boolean {
    return memberships.some((x) => this.mfaRequired(x.role));
  }

  /** Makes the session act in another of the user's memberships; 404 for a membership that is not theirs. */
  async switchMembership(sessionId: string, userId: string, membershipId: string): Promise<Membership> {
    const membership = await this.db.getRepository(Membership).findOneBy({ id: membershipId, userId });
    if (!membership) throw new DomainError('NOT_FOUND');
    await this.sessions.update({ id: sessionId, userId }, { membershipId });
    return membership;
  }

  /** The profile of the signed-in user, acting in `active` (by default their first membership). */
  async profile(userId: string, activeMembershipId?: string): Promise<UserDto> {
    const user = await this.users.findOneByOrFail({ id: userId });
    const memberships = await this.membershipsOf(userId);
    const active = memberships.find((x) => x.id === activeMembershipId) ?? memberships[0];
    const units = await describeUnits(this.db.manager, memberships);
    const school = active?.schoolId ? await this.schools.findOneBy({ id: active.schoolId }) : null;
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: active?.role ?? 'team_member',
      locale: user.locale,
      school: school ? { id: school.id, name: school.nameFr, nameAr: school.nameAr } : null,
      mfa: { ...(await this.mfa.status(user.id)), required: this.mfaRequiredFor(memberships) },
      memberships: memberships.map((x) => ({ id: x.id, role: x.role, unit: units.get(x.unitKey) as UnitRef })),
      activeMembershipId: active?.id ?? null,
    };
  }

  /** Checks the signed-in user's password again before a sensitive change; failures count like sign-in failures. */
  async confirmPassword(userId: string, password: string, address: string): Promise<User> {
    const user = await this.users.findOneByOrFail({ id: userId });
    if (await this.throttle.isBlocked(user.email, address)) throw new DomainError('AUTH_TOO_MANY_ATTEMPTS');
    if (!(await this.checkPassword(user, password))) {
      await this.throttle.recordFailure(user.email, address);
      throw new DomainError('PASSWORD_INCORRECT');
    }
    return user;
  }

  /** Changes the password and ends the user's other sessions. */
  async changePassword(
    userId: string,
    currentSessionId: string | undefined,
    current: string,
    next: string,
    address: string,
  ): Promise<void> {
    const user = await this.confirmPassword(userId, current, address);
    checkPolicy(next, user.email);
    const passwordHash = await hashPassword(next);
    await this.db.transaction(async (m) => {
      await m.update(User, { id: user.id }, { passwordHash });
      await m.delete(Session, currentSessionId ? { userId: user.id, id: Not(currentSessionId) } : { userId: user.id });
    });
  }

  /** Disables two-factor authentication after checking the password and a current code (or a recovery code). */
  async disableMfa(userId: string, password: string, code: string, address: string): Promise<void> {
    const user = await this.confirmPassword(userId, password, address);
    if (!(await this.mfa.isEnabled(user.id))) throw new DomainError('MFA_NOT_ENABLED');
    if (!(await this.mfa.useAnyCode(user.id, code))) {
      await this.throttle.recordFailure(user.email, address);
      throw new DomainError('MFA_CODE_INVALID');
    }
    await this.mfa.disable(user.id);
  }

  /** Sets a password from a one-time link (first administrator, invitation, reset); ends the user's sessions. */
  async setPasswordWithLink(token: string, next: string, address: string): Promise<void> {
    if (await this.throttle.isAddressBlocked(address)) throw new DomainError('AUTH_TOO_MANY_ATTEMPTS');
    const link = await this.db.getRepository(PasswordToken).findOneBy({ tokenHash: hashLinkToken(token) });
    const user = link ? await this.users.findOneBy({ id: link.userId }) : null;
    if (!link || !user || link.usedAt !== null || link.expiresAt <= this.now().toISOString()) {
      await this.throttle.recordFailure(null, address);
      throw new DomainError('PASSWORD_LINK_INVALID');
    }
    checkPolicy(next, user.email);
    const passwordHash = await hashPassword(next);
    await this.db.transaction(async (m) => {
      const used = await m.update(PasswordToken, { id: link.id, usedAt: IsNull() }, { usedAt: this.now().toISOString() });
      if (used.affected !== 1) throw new DomainError('PASSWORD_LINK_INVALID');
      await m.update(User, { id: user.id }, { passwordHash });
      await m.delete(Session, { userId: user.id });
    });
  }
}

/** The session's view of a person acting in a membership. */
export function sessionUser(userId: string, m: Membership): SessionUser {
  return { id: userId, role: m.role, schoolId: m.schoolId, provinceId: m.provinceId, regionId: m.regionId, membershipId: m.id };
}

/** Refuses a new password that breaks the policy, as a field error on `newPassword`. */
export function checkPolicy(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new DomainError('VALIDATION_FAILED', [{ field: 'newPassword', code: problem }]);
}
