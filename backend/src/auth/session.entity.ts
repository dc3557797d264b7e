import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, INSTANT } from '../database/columns';

/** A signed-in browser. The id is an HMAC of the cookie token, so a copy of the table cannot be replayed. */
@Entity('sessions')
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @Column({ ...ID }) userId: string;
  @Column(INSTANT) createdAt: string;
  @Column(INSTANT) expiresAt: string;
}
