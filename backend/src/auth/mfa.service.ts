import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { toString as qrSvg } from 'qrcode';
import { DataSource, IsNull, LessThan, Not, Or, Repository } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../common/domain-error';
import { nowIso } from '../database/columns';
import { User } from '../users/user.entity';
import { RecoveryCode, UserMfa } from './identity.entities';
import { SecretBox } from './secret-box';
import { matchTotp, newTotpSecret, otpauthUri } from './totp';

export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export interface MfaSetup {
  /** base32, for typing into an app that cannot scan */
  secret: string;
  otpauthUri: string;
  /** `data:image/svg+xml;base64,…` */
  qrCode: string;
}

/** Two-factor authentication: enrolment, codes at sign-in (each accepted once), recovery codes. */
@Injectable()
export class MfaService {
  private readonly box: SecretBox;
  /** the clock codes are checked against; specs may replace it */
  now: () => Date = () => new Date();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    @InjectRepository(UserMfa) private readonly mfa: Repository<UserMfa>,
    @InjectRepository(RecoveryCode) private readonly recovery: Repository<RecoveryCode>,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {
    this.box = new SecretBox(config.sessionSecret, 'totp-secret');
  }

  private recoveryHash(code: string): string {
    const normalised = code.toLowerCase().replace(/[^a-z0-9]/g, '');
    return createHmac('sha256', this.config.sessionSecret).update(`recovery:${normalised}`).digest('hex');
  }

  async isEnabled(userId: string): Promise<boolean> {
    return this.mfa.existsBy({ userId, secret: Not(IsNull()) });
  }

  async status(userId: string): Promise<{ enabled: boolean; recoveryCodesRemaining: number }> {
    const enabled = await this.isEnabled(userId);
    return { enabled, recoveryCodesRemaining: enabled ? await this.recovery.countBy({ userId, usedAt: IsNull() }) : 0 };
  }

  /** Starts (or restarts) enrolment with a new secret, kept sealed and unusable until confirmed. */
  async setup(userId: string): Promise<MfaSetup> {
    if (await this.isEnabled(userId)) throw new DomainError('MFA_ALREADY_ENABLED');
    const user = await this.users.findOneByOrFail({ id: userId });
    const secret = newTotpSecret();
    await this.mfa.upsert({ userId, pendingSecret: this.box.seal(secret) }, ['userId']);
    const uri = otpauthUri(secret, user.email);
    const svg = await qrSvg(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, otpauthUri: uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
  }

  /** Activates the pending secret with a code from the app; returns the recovery codes, shown this once. */
  async confirm(userId: string, code: string): Promise<string[]> {
    const row = await this.mfa.findOneBy({ userId });
    if (row?.secret) throw new DomainError('MFA_ALREADY_ENABLED');
    const secret = row?.pendingSecret ? this.box.open(row.pendingSecret) : null;
    if (!secret) throw new DomainError('MFA_SETUP_NOT_STARTED');
    const step = matchTotp(secret, code.replace(/\s/g, ''), this.now());
    if (step === null) throw new DomainError('MFA_CODE_INVALID');
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const raw = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
      return `${raw.slice(0, 5)}-${raw.slice(5)}`;
    });
    await this.db.transaction(async (m) => {
      const now = nowIso();
      await m.update(UserMfa, { userId }, { secret: row!.pendingSecret, pendingSecret: null, enabledAt: now, lastStep: step });
      await m.delete(RecoveryCode, { userId });
      await m.insert(
        RecoveryCode,
        codes.map((c) => ({ id: randomUUID(), userId, codeHash: this.recoveryHash(c), createdAt: now, usedAt: null })),
      );
    });
    return codes;
  }

  async disable(userId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.delete(RecoveryCode, { userId });
      await m.delete(UserMfa, { userId });
    });
  }

  /** True for a current code of the user's confirmed secret not accepted before; marks its step as used. */
  async useTotp(userId: string, code: string): Promise<boolean> {
    const row = await this.mfa.findOneBy({ userId });
    const secret = row?.secret ? this.box.open(row.secret) : null;
    if (!secret) return false;
    const step = matchTotp(secret, code.replace(/\s/g, ''), this.now());
    if (step === null) return false;
    // conditional write: of two requests with the same code (two instances), only one succeeds
    const result = await this.mfa.update({ userId, lastStep: Or(IsNull(), LessThan(step)) }, { lastStep: step });
    return result.affected === 1;
  }

  /** True once for each recovery code. */
  async useRecoveryCode(userId: string, code: string): Promise<boolean> {
    if (!(await this.isEnabled(userId))) return false;
    const result = await this.recovery.update({ userId, codeHash: this.recoveryHash(code), usedAt: IsNull() }, { usedAt: nowIso() });
    return result.affected === 1;
  }

  /** A code from the app or a recovery code. */
  async useAnyCode(userId: string, code: string): Promise<boolean> {
    return /^\s*\d{3}\s?\d{3}\s*$/.test(code) ? this.useTotp(userId, code) : this.useRecoveryCode(userId, code);
  }
}
