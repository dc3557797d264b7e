/** People involved, as typed on the new-case page before the case exists (sent to `/api/cases/:id/people` after). */
export const PERSON_ROLES = ['target', 'author', 'witness', 'reporter'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];
export const PERSON_KINDS = ['pupil', 'staff', 'adult', 'unknown'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

/** Sex of a person (issue #13): optional and sensitive, seen only inside the school, used only in anonymous statistics. */
export const PERSON_SEXES = ['female', 'male'] as const;
export type PersonSex = (typeof PERSON_SEXES)[number];

export function isPersonSex(v: unknown): v is PersonSex {
  return (PERSON_SEXES as readonly unknown[]).includes(v);
}

export const PERSON_NAME_MAX = 120;
export const PERSON_CLASS_MAX = 40;

export interface DraftPerson {
  role: PersonRole;
  kind: PersonKind;
  displayName: string;
  classLabel: string;
  /** optional and sensitive (issue #13): absent when not recorded */
  sex?: PersonSex;
}

/** Letter of the pseudonymous code of each role (E1 target, A1 author, W1 witness, R1 reporter), as the API gives them. */
const LETTER: Record<PersonRole, string> = { target: 'E', author: 'A', witness: 'W', reporter: 'R' };

/**
 * The codes the API will give these people on a new case: per role, in the order they are added. Used outside the
 * school instead of the name (documents, academy reports).
 */
export function predictedCodes(people: readonly DraftPerson[]): string[] {
  const seen: Partial<Record<PersonRole, number>> = {};
  return people.map((p) => {
    const n = (seen[p.role] ?? 0) + 1;
    seen[p.role] = n;
    return `${LETTER[p.role]}${n}`;
  });
}

export function isPersonRole(v: unknown): v is PersonRole {
  return (PERSON_ROLES as readonly unknown[]).includes(v);
}

export function isPersonKind(v: unknown): v is PersonKind {
  return (PERSON_KINDS as readonly unknown[]).includes(v);
}
