import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../common/domain-error';
import { User } from '../users/user.entity';
import { issuePasswordLink, type PasswordLinkPurpose } from './password-links';
import { Session } from './session.entity';

/** Account lifecycle for administrators: password links (invite, reset) and enabling or disabling accounts. */
@Injectable()
export class AccountService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
  ) {}

  /**
   * A one-time link `${PUBLIC_URL}/setup-password?token=…` (24 h) that lets the user set a password through
   * POST /api/auth/setup-password. Earlier unused links of the user stop working. Show or send it once: only
   * its hash is kept.
   */
  async createPasswordLink(userId: string, purpose: PasswordLinkPurpose = 'reset'): Promise<{ url: string; expiresAt: string }> {
    if (!(await this.db.getRepository(User).existsBy({ id: userId }))) throw new DomainError('NOT_FOUND');
    return this.db.transaction((m) => issuePasswordLink(m, this.config.publicUrl, userId, purpose));
  }

  /** Enables or disables an account; disabling ends all its sessions at once. */
  async setActive(userId: string, active: boolean): Promise<void> {
    await this.db.transaction(async (m) => {
      const result = await m.update(User, { id: userId }, { active });
      if (result.affected !== 1) throw new DomainError('NOT_FOUND');
      if (!active) await m.delete(Session, { userId });
    });
  }
}
