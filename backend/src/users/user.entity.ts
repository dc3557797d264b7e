import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, INSTANT } from '../database/columns';

export const ROLES = ['team_member', 'coordinator', 'principal', 'officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** An account: who the person is. What they may do comes from their memberships (membership.entity.ts). */
@Entity('users')
export class User {
  @PrimaryColumn(ID) id: string;
  /** stored lower-case */
  @Column({ type: 'varchar', length: 254, unique: true }) email: string;
  @Column({ type: 'varchar', length: 120 }) displayName: string;
  @Column({ type: 'varchar', length: 255 }) passwordHash: string;
  @Column({ type: 'varchar', length: 2 }) locale: 'fr' | 'ar' | 'en';
  @Column({ type: 'boolean' }) active: boolean;
  @Column(INSTANT) createdAt: string;
}
