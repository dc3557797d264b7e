import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { DisplayStatus } from './step-display';

const ICONS: Record<DisplayStatus, string> = {
  todo: '○',
  overdue: '!',
  done: '✓',
  notNeeded: '–',
  cannotStart: '…',
  awaitingSignature: '✎',
  returned: '↺',
};

/** A step's status: icon + words + colour (never colour alone). The icon is decoration for screen readers. */
@Component({
  selector: 'app-status-tag',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<strong class="status-tag status-tag--{{ status() }}" data-testid="status-tag"
    ><span class="status-tag__icon" aria-hidden="true">{{ icon() }}</span
    >{{ 'steps.status.' + status() | transloco }}</strong
  >`,
})
export class StatusTagComponent {
  readonly status = input.required<DisplayStatus>();
  protected readonly icon = computed(() => ICONS[this.status()]);
}
