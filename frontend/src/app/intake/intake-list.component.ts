import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from '../core/language.service';
import { LocalDateTimePipe } from '../shared/local-date-time.pipe';
import { INTAKE_PAGE_SIZE, INTAKE_STATUSES, IntakeApi, IntakeFilter, IntakeItem, IntakeSummaryStore } from './intake-api';
import { filterFrom, queueOrder } from './intake-display';
import { PosterComponent } from './poster.component';

type ListState = { status: 'loading' } | { status: 'loaded'; items: IntakeItem[]; total: number } | { status: 'error' };

/**
 * `/intake`: the reports sent through the school's public page, pending ones by default, those saying someone is in
 * danger right now first. Each opens its detail (convert, link, dismiss, messages). The school's poster is offered
 * here too.
 */
@Component({
  selector: 'app-intake-list',
  imports: [RouterLink, TranslocoPipe, LocalDateTimePipe, PosterComponent],
  templateUrl: './intake-list.component.html',
  styleUrl: './intake.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IntakeListComponent {
  private readonly api = inject(IntakeApi);
  private readonly summary = inject(IntakeSummaryStore);
  protected readonly language = inject(LanguageService);

  /** `?status=` bound by the router. */
  readonly status = input<string>();
  protected readonly filter = computed(() => filterFrom(this.status()));
  protected readonly filters: IntakeFilter[] = [...INTAKE_STATUSES, 'all'];
  protected readonly list = signal<ListState>({ status: 'loading' });
  private readonly pages = signal(1);
  protected readonly items = computed(() => {
    const list = this.list();
    return list.status === 'loaded' ? queueOrder(list.items) : [];
  });
  protected readonly more = computed(() => {
    const list = this.list();
    return list.status === 'loaded' && list.items.length < list.total;
  });

  constructor() {
    effect(() => {
      const filter = this.filter();
      untracked(() => {
        this.pages.set(1);
        this.load(filter, 1, []);
      });
    });
    this.summary.refresh(true);
  }

  private load(filter: IntakeFilter, page: number, before: IntakeItem[]): void {
    if (before.length === 0) this.list.set({ status: 'loading' });
    this.api.list(filter, page, INTAKE_PAGE_SIZE).subscribe({
      next: ({ items, total }) => this.list.set({ status: 'loaded', items: [...before, ...items], total }),
      error: () => this.list.set({ status: 'error' }),
    });
  }

  protected retry(): void {
    this.load(this.filter(), 1, []);
  }

  protected showMore(): void {
    const list = this.list();
    if (list.status !== 'loaded') return;
    const page = this.pages() + 1;
    this.pages.set(page);
    this.load(this.filter(), page, list.items);
  }
}
