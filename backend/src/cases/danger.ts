import { findStep, type ProtocolDefinition } from '@sanad/protocols';

/**
 * The danger signs asked first at intake (issue #6). The person who logs the incident (often a teacher) answers
 * them; the coordinator or the principal then does the protocol's danger check. The signs the teacher ticked are
 * kept on the case (a `danger_reported` timeline event), shown on the case page until the check is done, pre-fill
 * its form, and alert the school's coordinators and principal at once.
 */
export const DANGER_STEP = 'danger_check';
export const DANGER_FIELD = 'dangerFlags';

/** The danger signs the protocol knows (the options of the danger check's field), or [] if it has none. */
export function dangerSigns(def: ProtocolDefinition): string[] {
  const field = findStep(def, DANGER_STEP)?.form?.fields.find((f) => f.id === DANGER_FIELD);
  return (field?.options ?? []).map((o) => String(o.value));
}
