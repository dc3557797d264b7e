import { Column, Entity, PrimaryColumn } from 'typeorm';
import { INSTANT } from '../database/columns';

/** The content hash of each published protocol version, recorded the first time it is loaded. */
@Entity('protocol_versions')
export class ProtocolVersion {
  @PrimaryColumn({ type: 'varchar', length: 80 }) protocolId: string;
  @PrimaryColumn({ type: 'varchar', length: 20 }) version: string;
  @Column({ type: 'varchar', length: 64 }) contentHash: string;
  @Column(INSTANT) recordedAt: string;
}
