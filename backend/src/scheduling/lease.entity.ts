import { Column, Entity, PrimaryColumn } from 'typeorm';
import { INSTANT } from '../database/columns';

@Entity('leases')
export class Lease {
  @PrimaryColumn({ type: 'varchar', length: 50 }) name: string;
  @Column({ type: 'varchar', length: 64 }) owner: string;
  @Column(INSTANT) expiresAt: string;
}
