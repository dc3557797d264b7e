import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { LanguageService } from '../core/language.service';
import { RelativeDatePipe } from '../shared/relative-date.pipe';
import { AppNotification, MyWorkApi } from './my-work-api';

/**
 * The reminders the scheduler left for the person (deadline warning, overdue step, escalation to the principal),
 * unread first; opening one marks it read. Only case references and steps: never a pupil's name.
 */
@Component({
  selector: 'app-my-notifications',
  imports: [RouterLink, TranslocoPipe, RelativeDatePipe],
  template: `
    @if (unread().length > 0) {
      <section class="notices" aria-labelledby="notices-heading" data-testid="notifications">
        <h2 id="notices-heading">{{ 'notifications.heading' | transloco: { count: unread().length } }}</h2>
        <ul class="notices__list">
          @for (n of unread(); track n.id) {
            <li class="notices__item" data-testid="notification" [attr.data-kind]="n.kind">
              <a
                class="notices__link"
                [routerLink]="
                  n.caseId ? ['/cases', n.caseId] : n.intakeReportId ? ['/intake', n.intakeReportId] : ['/statistics', 'summaries']
                "
                (click)="markRead(n)"
              >
                <strong>{{ 'notifications.kinds.' + n.kind | transloco }}</strong>
                — <bdi>{{ n.reference }}</bdi>
              </a>
              @if (n.dueAt) {
                <span class="notices__when">{{
                  'notifications.due' | transloco: { when: (n.dueAt | relativeDate: language.dateLocale()) }
                }}</span>
              }
              <button type="button" class="button button--secondary button--small" (click)="markRead(n)" data-testid="notification-read">
                {{ 'notifications.markRead' | transloco }}
              </button>
            </li>
          }
        </ul>
      </section>
    }
  `,
  styles: `
    .notices__list {
      list-style: none;
      margin: 0 0 1.5rem;
      padding: 0;
    }
    .notices__item {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem 0.75rem;
      padding: 0.5rem 0;
      border-block-end: 1px solid var(--border-light);
    }
    .notices__link {
      flex: 1 1 14rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyNotificationsComponent {
  private readonly api = inject(MyWorkApi);
  protected readonly language = inject(LanguageService);
  private readonly notices = signal<AppNotification[]>([]);
  protected readonly unread = computed(() => this.notices().filter((n) => !n.read));

  constructor() {
    // a failure here is not worth an error message: the due steps below say the same
    this.api.notifications().subscribe({ next: (list) => this.notices.set(list), error: () => this.notices.set([]) });
  }

  protected async markRead(n: AppNotification): Promise<void> {
    this.notices.update((list) => list.map((x) => (x.id === n.id ? { ...x, read: true } : x)));
    await firstValueFrom(this.api.markRead(n.id)).catch(() => undefined);
  }
}
