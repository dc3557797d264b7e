import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID } from '../database/columns';

/** An académie régionale d'éducation et de formation (AREF): one per region. */
@Entity('regions')
export class Region {
  @PrimaryColumn(ID) id: string;
  @Column({ type: 'varchar', length: 16, unique: true }) code: string;
  @Column({ type: 'varchar', length: 120 }) nameFr: string;
  @Column({ type: 'varchar', length: 120 }) nameAr: string;
  @Column({ type: 'varchar', length: 120 }) nameEn: string;
}

/** A direction provinciale (province or préfecture) of an AREF. */
@Entity('provinces')
export class Province {
  @PrimaryColumn(ID) id: string;
  @Column({ ...ID }) regionId: string;
  @Column({ type: 'varchar', length: 16, unique: true }) code: string;
  @Column({ type: 'varchar', length: 120 }) nameFr: string;
  @Column({ type: 'varchar', length: 120 }) nameAr: string;
  @Column({ type: 'varchar', length: 120 }) nameEn: string;
}

/** An établissement (collège, lycée…) under a direction provinciale. */
@Entity('schools')
export class School {
  @PrimaryColumn(ID) id: string;
  @Column({ ...ID }) provinceId: string;
  @Column({ type: 'varchar', length: 32, unique: true }) code: string;
  @Column({ type: 'varchar', length: 200 }) nameFr: string;
  @Column({ type: 'varchar', length: 200 }) nameAr: string;
  @Column({ type: 'varchar', length: 16 }) level: string;
}
