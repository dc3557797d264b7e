import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { LessThan, Repository } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { School } from '../organisation/organisation.entities';
import { User } from '../users/user.entity';
import type { UserDto } from './dto';
import { LoginThrottle } from './login-throttle';
import { Session } from './session.entity';

export const ARGON2_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

@Injectable()
export class AuthService {
  private readonly throttle = new LoginThrottle();
  /** verified against when the account does not exist, so both paths take the same time */
  private readonly dummyHash: Promise<string> = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectRepository(School) private readonly schools: Repository<School>,
  ) {}

  private sessionId(token: string): string {
    return createHmac('sha256', this.config.sessionSecret).update(token).digest('hex');
  }

  /** Checks the password and opens a session. The same error whether the account exists or not. */
  async login(emailInput: string, password: string, address: string): Promise<{ token: string; expiresAt: Date; user: User }> {
    const email = emailInput.trim().toLowerCase();
    if (this.throttle.isBlocked(email, address)) throw new DomainError('AUTH_TOO_MANY_ATTEMPTS');
    const user = await this.users.findOneBy({ email });
    const ok = user?.active
      ? await verify(user.passwordHash, password).catch(() => false)
      : await verify(await this.dummyHash, password).then(() => false);
    if (!user || !ok) {
      this.throttle.recordFailure(email, address);
      throw new DomainError('AUTH_INVALID_CREDENTIALS');
    }
    this.throttle.recordSuccess(email);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3600_000);
    await this.sessions.insert({ id: this.sessionId(token), userId: user.id, createdAt: nowIso(), expiresAt: expiresAt.toISOString() });
    // opportunistic clean-up of expired sessions
    await this.sessions.delete({ expiresAt: LessThan(nowIso()) });
    return { token, expiresAt, user };
  }

  async logout(token: string | undefined): Promise<void> {
    if (token) await this.sessions.delete({ id: this.sessionId(token) });
  }

  /** The user behind a session cookie, or null when the session is unknown, expired or the account disabled. */
  async resolve(token: string | undefined): Promise<{ sessionId: string; user: SessionUser } | null> {
    if (!token || token.length > 100) return null;
    const id = this.sessionId(token);
    const session = await this.sessions.findOneBy({ id });
    if (!session || session.expiresAt <= nowIso()) return null;
    const user = await this.users.findOneBy({ id: session.userId });
    if (!user?.active) return null;
    return { sessionId: id, user: { id: user.id, role: user.role, schoolId: user.schoolId, regionId: user.regionId } };
  }

  async profile(userId: string): Promise<UserDto> {
    const user = await this.users.findOneByOrFail({ id: userId });
    const school = user.schoolId ? await this.schools.findOneBy({ id: user.schoolId }) : null;
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      locale: user.locale,
      school: school ? { id: school.id, name: school.nameFr, nameAr: school.nameAr } : null,
    };
  }
}
