import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, INSTANT } from '../database/columns';

/** `full`: signed in. `mfa`: password checked, second factor awaited (only POST /api/auth/login/2fa accepts it). */
export type SessionStage = 'full' | 'mfa';

/** A signed-in browser. The id is an HMAC of the cookie token, so a copy of the table cannot be replayed. */
@Entity('sessions')
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @Column({ ...ID }) userId: string;
  @Column(INSTANT) createdAt: string;
  /** absolute end (SESSION_TTL_HOURS; five minutes for a pending second factor) */
  @Column(INSTANT) expiresAt: string;
  /** last request seen, refreshed at most once a minute; idle for SESSION_IDLE_MINUTES ends the session */
  @Column({ ...INSTANT, nullable: true }) lastSeenAt: string | null;
  @Column({ type: 'varchar', length: 10, default: 'full' }) stage: SessionStage;
  /** the membership the session acts in (POST /api/auth/membership); null: the user's first membership */
  @Column({ ...ID, nullable: true }) membershipId: string | null;
}
