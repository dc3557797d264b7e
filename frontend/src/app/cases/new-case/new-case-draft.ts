import { DRAFT_KEY_PREFIX } from '../../core/auth.service';
import { DraftPerson, PERSON_CLASS_MAX, PERSON_NAME_MAX, isPersonKind, isPersonRole, isPersonSex } from './people-draft';

/** Where the form is kept while being filled in: sessionStorage only (data about minors never outlives the tab). */
export const NEW_CASE_DRAFT_KEY = `${DRAFT_KEY_PREFIX}new-case`;

export type IntakeStage = 'danger' | 'details';
export type DangerAnswer = 'yes' | 'no';

export interface NewCaseDraft {
  stage: IntakeStage;
  /** Danger flag (option value of danger_check's `dangerFlags`) → answer. */
  danger: Record<string, DangerAnswer>;
  title: string;
  occurredOn: string;
  people: DraftPerson[];
}

export const EMPTY_DRAFT: NewCaseDraft = { stage: 'danger', danger: {}, title: '', occurredOn: '', people: [] };

const str = (v: unknown, max = 4000): string => (typeof v === 'string' ? v.slice(0, max) : '');

function isEmpty(d: NewCaseDraft): boolean {
  return d.stage === 'danger' && Object.keys(d.danger).length === 0 && !d.title && !d.occurredOn && d.people.length === 0;
}

export function readNewCaseDraft(): NewCaseDraft | null {
  try {
    const raw = sessionStorage.getItem(NEW_CASE_DRAFT_KEY);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const d = value as Partial<Record<keyof NewCaseDraft, unknown>>;
    const danger: Record<string, DangerAnswer> = {};
    if (typeof d.danger === 'object' && d.danger !== null) {
      for (const [k, v] of Object.entries(d.danger as Record<string, unknown>)) if (v === 'yes' || v === 'no') danger[k] = v;
    }
    const people: DraftPerson[] = Array.isArray(d.people)
      ? (d.people as unknown[]).flatMap((p) => {
          if (typeof p !== 'object' || p === null) return [];
          const o = p as Record<string, unknown>;
          if (!isPersonRole(o['role']) || !isPersonKind(o['kind'])) return [];
          return [
            {
              role: o['role'],
              kind: o['kind'],
              displayName: str(o['displayName'], PERSON_NAME_MAX),
              classLabel: str(o['classLabel'], PERSON_CLASS_MAX),
              ...(isPersonSex(o['sex']) ? { sex: o['sex'] } : {}),
            },
          ];
        })
      : [];
    const draft: NewCaseDraft = {
      // An old draft (title and date only) goes straight to the details.
      stage: d.stage === 'danger' || (d.stage === undefined && !d.title && !d.occurredOn) ? 'danger' : 'details',
      danger,
      title: str(d.title),
      occurredOn: str(d.occurredOn, 10),
      people,
    };
    return isEmpty(draft) ? null : draft;
  } catch {
    return null;
  }
}

export function writeNewCaseDraft(draft: NewCaseDraft): void {
  try {
    if (isEmpty(draft)) sessionStorage.removeItem(NEW_CASE_DRAFT_KEY);
    else sessionStorage.setItem(NEW_CASE_DRAFT_KEY, JSON.stringify(draft));
  } catch {
    // Storage unavailable or full: the form still works, only the safety net is missing.
  }
}

export function clearNewCaseDraft(): void {
  try {
    sessionStorage.removeItem(NEW_CASE_DRAFT_KEY);
  } catch {
    // Nothing stored.
  }
}
