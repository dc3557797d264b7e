import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../core/api-error';
import { LanguageService } from '../core/language.service';
import { ErrorItem } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { LocalDateTimePipe } from '../shared/local-date-time.pipe';
import { TransmissionsApi } from './transmissions-api';
import { TransmissionDetail, TransmissionEvent } from './transmissions.model';

export const MESSAGE_MAX = 2000;

/** What the API said when a step of a transmission failed, as a message for a field (or the action). */
export function apiErrorItem(e: unknown, fieldId: string): ErrorItem | null {
  const apiError = toApiError(e);
  if (apiError.statusCode === 401) return null; // the interceptor sends the person to sign in
  if (apiError.code === 'NETWORK') return { fieldId, key: 'errors.NETWORK' };
  const text = apiError.details.find((d) => d.message)?.message ?? apiError.message;
  return text ? { fieldId, text } : { fieldId, key: 'errors.UNKNOWN' };
}

/**
 * The thread of a transmission: what happened (sent, acknowledged, messages, handled), who by role, when; and, when
 * the API allows it, a message form (the officer asks for information, the principal answers). Emits the
 * transmission as the API returns it after a message.
 */
@Component({
  selector: 'app-transmission-thread',
  imports: [TranslocoPipe, FieldErrorComponent, LocalDateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './transmission-thread.component.html',
  styleUrl: './transmission-thread.component.css',
})
export class TransmissionThreadComponent {
  private readonly api = inject(TransmissionsApi);
  protected readonly language = inject(LanguageService);

  readonly transmission = input.required<TransmissionDetail>();
  /** whose page this is: the officer asks, the school answers (labels only; the API decides) */
  readonly side = input<'officer' | 'school'>('officer');
  /** unique prefix for the ids of the form (several threads on the case page) */
  readonly idPrefix = input('thread');
  readonly updated = output<TransmissionDetail>();

  protected readonly max = MESSAGE_MAX;
  protected readonly text = signal('');
  protected readonly sending = signal(false);
  protected readonly error = signal<ErrorItem | undefined>(undefined);
  protected readonly sent = signal(false);

  protected readonly canMessage = computed(() => this.transmission().actions.includes('message'));
  protected readonly fieldId = computed(() => `${this.idPrefix()}-message`);
  /** The officer's form label depends on the moment: asking for information, or writing again. */
  protected readonly labelKey = computed(() => {
    if (this.side() === 'officer') return 'transmissions.thread.askLabel';
    return this.transmission().status === 'information_requested' ? 'transmissions.thread.answerLabel' : 'transmissions.thread.writeLabel';
  });

  protected eventKey(e: TransmissionEvent): string {
    if (e.type === 'message')
      return e.side === 'officer' ? 'transmissions.thread.events.officerMessage' : 'transmissions.thread.events.schoolMessage';
    return `transmissions.thread.events.${e.type}`;
  }

  protected roleKey(role: string): string {
    return ['team_member', 'coordinator', 'principal', 'officer', 'admin'].includes(role)
      ? `roles.${role}`
      : 'transmissions.thread.someone';
  }

  protected async send(): Promise<void> {
    if (this.sending()) return;
    const text = this.text().trim();
    if (!text) {
      this.error.set({
        fieldId: this.fieldId(),
        key: this.side() === 'officer' ? 'transmissions.thread.emptyAsk' : 'transmissions.thread.emptyAnswer',
      });
      this.sent.set(false);
      document.getElementById(this.fieldId())?.focus();
      return;
    }
    if (text.length > MESSAGE_MAX) {
      this.error.set({ fieldId: this.fieldId(), key: 'transmissions.thread.tooLong', params: { max: MESSAGE_MAX } });
      document.getElementById(this.fieldId())?.focus();
      return;
    }
    this.sending.set(true);
    this.error.set(undefined);
    this.sent.set(false);
    try {
      const updated = await firstValueFrom(this.api.message(this.transmission().id, text));
      this.text.set('');
      this.sent.set(true);
      this.updated.emit(updated);
    } catch (e) {
      const item = apiErrorItem(e, this.fieldId());
      if (item) {
        this.error.set(item);
        document.getElementById(this.fieldId())?.focus();
      }
    } finally {
      this.sending.set(false);
    }
  }
}
