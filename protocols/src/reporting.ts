/** When a case report is due to the direction provinciale / academy (issue #9). Pure. */
import { holds, type Facts } from './conditions';
import type { ReportingDef, TransmissionDef } from './types';

/** What the reporting rules look at in a case. */
export interface ReportingCase {
  /** the case's facts, as the engine computed them */
  facts: Facts;
  /** ids of the steps that are done (co-signed when they need a second signature) */
  completedSteps: readonly string[];
  /** ids of the transmissions already sent for the case */
  sent: readonly string[];
}

export type TransmissionStatus = 'not_due' | 'due' | 'sent';

/** Is this transmission due for the case (ignoring whether it was sent)? */
export function transmissionApplies(t: TransmissionDef, c: Pick<ReportingCase, 'facts' | 'completedSteps'>): boolean {
  return t.after.every((stepId) => c.completedSteps.includes(stepId)) && holds(t.when, c.facts);
}

/** Every transmission of the rules with its status for the case, in the order of the rules. */
export function transmissionStatuses(
  reporting: ReportingDef | undefined,
  c: ReportingCase,
): { transmission: TransmissionDef; status: TransmissionStatus }[] {
  return (reporting?.transmissions ?? []).map((transmission) => ({
    transmission,
    status: c.sent.includes(transmission.id) ? 'sent' : transmissionApplies(transmission, c) ? 'due' : 'not_due',
  }));
}

/** The transmissions due for the case and not yet sent. */
export function dueTransmissions(reporting: ReportingDef | undefined, c: ReportingCase): TransmissionDef[] {
  return transmissionStatuses(reporting, c).flatMap((s) => (s.status === 'due' ? [s.transmission] : []));
}
