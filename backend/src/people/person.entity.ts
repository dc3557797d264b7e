import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, INSTANT } from '../database/columns';

export const PERSON_ROLES = ['target', 'author', 'witness', 'reporter'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];
export const PERSON_KINDS = ['pupil', 'staff', 'adult', 'unknown'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];
/** Sex of a person (issue #13): optional and sensitive; null = unknown / not recorded. */
export const PERSON_SEXES = ['female', 'male'] as const;
export type PersonSex = (typeof PERSON_SEXES)[number];

/** Letter of each role in the pseudonymous codes: E1 (élève cible), A1 (auteur), W1 (témoin), R1 (signalant). */
export const CODE_LETTER: Record<PersonRole, string> = { target: 'E', author: 'A', witness: 'W', reporter: 'R' };

/**
 * A person involved in a case (issue #6). Inside the school the team sees the name; everywhere outside it
 * (academy report, transmissions, statistics) only the pseudonymous `code`, unique within the case and never
 * reused. Removing a person keeps the row (and its code) with `removedAt`.
 */
@Entity('case_people')
export class CasePerson {
  @PrimaryColumn(ID) id: string;
  @Column(ID) caseId: string;
  @Column({ type: 'varchar', length: 8 }) code: string;
  @Column({ type: 'varchar', length: 12 }) role: PersonRole;
  @Column({ type: 'varchar', length: 12 }) kind: PersonKind;
  @Column({ type: 'varchar', length: 120, nullable: true }) displayName: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) classLabel: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  /**
   * Sensitive (issue #13): shown to the school's staff only, never in a document, export or transmission; outside
   * the school only as aggregated, suppressed statistics (cases.targetSex / authorSex). docs/statistics.md.
   */
  @Column({ type: 'varchar', length: 8, nullable: true }) sex: PersonSex | null;
  @Column(ID) createdById: string;
  @Column(INSTANT) createdAt: string;
  @Column({ ...INSTANT, nullable: true }) removedAt: string | null;
}
