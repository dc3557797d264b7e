import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, INSTANT } from '../database/columns';

/** A user's two-factor authentication (TOTP). Secrets are sealed (secret-box.ts), never stored in clear. */
@Entity('user_mfa')
export class UserMfa {
  @PrimaryColumn(ID) userId: string;
  /** the confirmed secret; null until enrolment is confirmed */
  @Column({ type: 'varchar', length: 200, nullable: true }) secret: string | null;
  /** a secret set up but not confirmed yet: never accepted at sign-in */
  @Column({ type: 'varchar', length: 200, nullable: true }) pendingSecret: string | null;
  @Column({ ...INSTANT, nullable: true }) enabledAt: string | null;
  /** the last 30-second step accepted: a code of that step or an earlier one is refused (replay) */
  @Column({ type: 'integer', nullable: true }) lastStep: number | null;
}

/** One-time recovery codes, stored as HMACs. */
@Entity('mfa_recovery_codes')
export class RecoveryCode {
  @PrimaryColumn(ID) id: string;
  @Column(ID) userId: string;
  @Column({ type: 'varchar', length: 64 }) codeHash: string;
  @Column(INSTANT) createdAt: string;
  @Column({ ...INSTANT, nullable: true }) usedAt: string | null;
}

/** One failed sign-in, per account and per client address (both as HMACs), shared by every instance. */
@Entity('login_failures')
export class LoginFailure {
  @PrimaryColumn(ID) id: string;
  @Column({ type: 'varchar', length: 64 }) keyHash: string;
  @Column(INSTANT) at: string;
}

/** A one-time link to set a password (first administrator, invitation, reset). Stored as a SHA-256 hash. */
@Entity('password_tokens')
export class PasswordToken {
  @PrimaryColumn(ID) id: string;
  @Column(ID) userId: string;
  @Column({ type: 'varchar', length: 64, unique: true }) tokenHash: string;
  @Column({ type: 'varchar', length: 20 }) purpose: string;
  @Column(INSTANT) createdAt: string;
  @Column(INSTANT) expiresAt: string;
  @Column({ ...INSTANT, nullable: true }) usedAt: string | null;
}

/** Extra entities of the identity feature (beyond User and Session), registered by database/data-source.ts. */
export const IDENTITY_ENTITIES: (new () => object)[] = [UserMfa, RecoveryCode, LoginFailure, PasswordToken];
