import { MyNotificationsComponent } from './notifications.component';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, map, of, startWith, switchMap } from 'rxjs';
import { LanguageService } from '../core/language.service';
import { RelativeDatePipe } from '../shared/relative-date.pipe';
import { text } from '../cases/workflow/step-display';
import { DueStep, Urgency } from '../cases/workflow.model';
import { CaseOverviewComponent } from './case-overview.component';
import { MyWorkApi } from './my-work-api';

type LoadState = { status: 'loading' } | { status: 'loaded'; items: DueStep[] } | { status: 'error' };

export const URGENCIES: readonly Urgency[] = ['overdue', 'due_soon', 'upcoming'];

export interface UrgencyGroup {
  urgency: Urgency;
  items: DueStep[];
}

/** Groups due steps by urgency (overdue, due soon, upcoming), keeping the API's soonest-first order inside each. */
export function groupByUrgency(items: readonly DueStep[]): UrgencyGroup[] {
  return URGENCIES.map((urgency) => ({ urgency, items: items.filter((i) => i.urgency === urgency) }));
}

/** "Mon travail": the steps the signed-in person has to do, by urgency. The landing page after sign-in. */
@Component({
  selector: 'app-my-work',
  imports: [RouterLink, TranslocoPipe, RelativeDatePipe, CaseOverviewComponent, MyNotificationsComponent],
  templateUrl: './my-work.component.html',
  styleUrl: './my-work.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyWorkComponent {
  private readonly api = inject(MyWorkApi);
  protected readonly language = inject(LanguageService);

  private readonly reload = signal(0);
  protected readonly state = signal<LoadState>({ status: 'loading' });
  /** the counts per state are shown once the due steps have been answered once (then they stay, see the template) */
  protected readonly countsShown = signal(false);
  protected readonly groups = computed(() => {
    const s = this.state();
    return s.status === 'loaded' ? groupByUrgency(s.items) : [];
  });
  protected readonly total = computed(() => this.groups().reduce((n, g) => n + g.items.length, 0));

  constructor() {
    toObservable(this.reload)
      .pipe(
        switchMap(() =>
          this.api.due('mine').pipe(
            map((items): LoadState => ({ status: 'loaded', items })),
            catchError(() => of<LoadState>({ status: 'error' })),
            startWith<LoadState>({ status: 'loading' }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => {
        this.state.set(state);
        if (state.status !== 'loading') this.countsShown.set(true);
      });
  }

  protected retry(): void {
    this.reload.update((n) => n + 1);
  }

  protected stepTitle(item: DueStep): string {
    return text(item.stepTitle, this.language.lang()) || item.stepId;
  }
}
