import type { ErrorCode } from '../common/domain-error';
import type { TransmissionEventType, TransmissionStatusValue } from './transmission.entities';

/**
 * The flow of a transmission (pure):
 *
 * ```
 * submitted ──acknowledge──► acknowledged ──officer message──► information_requested ◄──┐
 *     │                          │                                   │ school message   │ officer message
 *     └──────officer message─────┴──────────────────────────► answered ─────────────────┘
 * any status but handled ──handled──► handled (final: no more messages)
 * ```
 * An officer's message asks for information (whatever the status before); the school's message answers it (the
 * status moves to `answered` only if information was requested; otherwise it stays). Acknowledging is only for a
 * transmission just submitted; a message before the acknowledgement counts as one.
 */
export type FlowAction = 'acknowledge' | 'officer_message' | 'school_message' | 'handle';

export function nextStatus(
  status: TransmissionStatusValue,
  action: FlowAction,
): { ok: true; status: TransmissionStatusValue; event: TransmissionEventType } | { ok: false; code: ErrorCode } {
  if (status === 'handled') return { ok: false, code: 'TRANSMISSION_HANDLED' };
  switch (action) {
    case 'acknowledge':
      return status === 'submitted'
        ? { ok: true, status: 'acknowledged', event: 'acknowledged' }
        : { ok: false, code: 'TRANSMISSION_ACKNOWLEDGED' };
    case 'officer_message':
      return { ok: true, status: 'information_requested', event: 'message' };
    case 'school_message':
      return { ok: true, status: status === 'information_requested' ? 'answered' : status, event: 'message' };
    case 'handle':
      return { ok: true, status: 'handled', event: 'handled' };
  }
}
