import { createHmac, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, Repository } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { LoginFailure } from './identity.entities';

export interface ThrottleLimits {
  windowMs: number;
  maxPerAccount: number;
  maxPerAddress: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = { windowMs: 15 * 60_000, maxPerAccount: 5, maxPerAddress: 20 };

/**
 * Counts failed sign-ins (wrong password, wrong second factor) per account and per client address over a
 * sliding window, in the database: every instance sees the same counters and a restart does not reset them.
 * Keys are HMACs, so the table holds neither e-mail addresses nor IP addresses. An account that does not
 * exist is counted like one that does: the answer never tells them apart.
 */
export class LoginThrottle {
  constructor(
    private readonly failures: Repository<LoginFailure>,
    private readonly secret: string,
    private readonly limits: ThrottleLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  private key(kind: 'account' | 'address', value: string): string {
    return createHmac('sha256', this.secret).update(`throttle:${kind}:${value}`).digest('hex');
  }

  private async count(keyHash: string): Promise<number> {
    return this.failures.countBy({ keyHash, at: MoreThan(new Date(this.now() - this.limits.windowMs).toISOString()) });
  }

  async isBlocked(account: string, address: string): Promise<boolean> {
    return (await this.count(this.key('account', account))) >= this.limits.maxPerAccount || (await this.isAddressBlocked(address));
  }

  async isAddressBlocked(address: string): Promise<boolean> {
    return (await this.count(this.key('address', address))) >= this.limits.maxPerAddress;
  }

  async recordFailure(account: string | null, address: string): Promise<void> {
    const at = new Date(this.now()).toISOString();
    const keys = [this.key('address', address), ...(account === null ? [] : [this.key('account', account)])];
    await this.failures.insert(keys.map((keyHash) => ({ id: randomUUID(), keyHash, at })));
    // forget what no window will count again
    await this.failures.delete({ at: LessThan(new Date(this.now() - this.limits.windowMs).toISOString()) });
  }

  async recordSuccess(account: string): Promise<void> {
    await this.failures.delete({ keyHash: this.key('account', account) });
  }
}

/** The application's throttle, with the default limits. */
@Injectable()
export class SignInThrottle extends LoginThrottle {
  constructor(@Inject(APP_CONFIG) config: AppConfig, @InjectRepository(LoginFailure) failures: Repository<LoginFailure>) {
    super(failures, config.sessionSecret);
  }
}
