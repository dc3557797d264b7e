import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { TransmissionStatus } from './transmissions.model';

const LOOK: Record<TransmissionStatus, { icon: string; tone: string }> = {
  submitted: { icon: '✉', tone: 'todo' },
  acknowledged: { icon: '✓', tone: 'awaitingSignature' },
  information_requested: { icon: '?', tone: 'overdue' },
  answered: { icon: '✎', tone: 'todo' },
  handled: { icon: '✔', tone: 'done' },
};

/** The status of a transmission as a tag: an icon and words (colour is only a third cue). */
@Component({
  selector: 'app-transmission-status',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="status-tag status-tag--{{ look().tone }}" data-testid="transmission-status" [attr.data-status]="status()"
    ><span class="status-tag__icon" aria-hidden="true">{{ look().icon }}</span
    >{{ 'transmissions.status.' + status() | transloco }}</span
  >`,
})
export class TransmissionStatusComponent {
  readonly status = input.required<TransmissionStatus>();
  protected readonly look = computed(() => LOOK[this.status()] ?? LOOK.submitted);
}
