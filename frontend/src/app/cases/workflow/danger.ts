/**
 * The protocol step and field whose options are the danger signs (asked first at intake), and whose resources are
 * the emergency contacts. The same names as the backend's cases/danger.ts.
 */
export const DANGER_STEP = 'danger_check';
export const DANGER_FIELD = 'dangerFlags';
