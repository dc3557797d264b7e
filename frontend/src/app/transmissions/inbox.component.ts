import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, map, of, startWith, switchMap } from 'rxjs';
import { LanguageService } from '../core/language.service';
import { mediaQuery } from '../core/media-query';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { TransmissionStatusComponent } from './transmission-status.component';
import { INBOX_PAGE_SIZE, TransmissionsApi } from './transmissions-api';
import { loc, schoolName } from './transmissions-display';
import {
  InboxFilters,
  TRANSMISSION_STATUSES,
  TransmissionPage,
  TransmissionStatus,
  TransmissionSummary,
  waitsForOfficer,
} from './transmissions.model';

type ListState = { status: 'loading' } | { status: 'loaded'; page: TransmissionPage } | { status: 'error' };

/** The statuses that wait for the officer ("to handle"): a one-click filter. */
const WAITING: TransmissionStatus[] = ['submitted', 'answered'];

export function inboxFiltersFrom(status: string | undefined, page: string | undefined): InboxFilters {
  const statuses = (status ?? '')
    .split(',')
    .filter((s): s is TransmissionStatus => (TRANSMISSION_STATUSES as readonly string[]).includes(s));
  const n = Number(page);
  return { status: TRANSMISSION_STATUSES.filter((s) => statuses.includes(s)), page: Number.isInteger(n) && n >= 1 ? n : 1 };
}

/**
 * The officer's inbox (issue #9): the case reports and school summaries of the schools of their direction
 * provinciale or academy, newest first; those waiting for the officer (new, or answered by the school) are marked
 * "to handle" in words. Status filter and page in the address. A table on wide screens, cards on a phone.
 */
@Component({
  selector: 'app-transmissions-inbox',
  imports: [RouterLink, TranslocoPipe, LocalDatePipe, TransmissionStatusComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './inbox.component.html',
  styleUrl: './transmissions.css',
})
export class InboxComponent {
  private readonly api = inject(TransmissionsApi);
  private readonly router = inject(Router);
  protected readonly language = inject(LanguageService);
  protected readonly wide = mediaQuery('(min-width: 40em)');

  /** Query parameters, bound by the router. */
  readonly status = input<string>();
  readonly page = input<string>();

  protected readonly statuses = TRANSMISSION_STATUSES;
  protected readonly filters = computed(() => inboxFiltersFrom(this.status(), this.page()));
  protected readonly draft = signal<TransmissionStatus[]>([]);
  protected readonly list = signal<ListState>({ status: 'loading' });
  protected readonly result = computed(() => {
    const l = this.list();
    return l.status === 'loaded' ? l.page : null;
  });
  protected readonly totalPages = computed(() => {
    const r = this.result();
    return r ? Math.max(1, Math.ceil(r.total / (r.pageSize || INBOX_PAGE_SIZE))) : 1;
  });
  protected readonly waitingOnly = computed(() => this.filters().status.join() === WAITING.join());

  constructor() {
    toObservable(this.filters)
      .pipe(
        switchMap((f) =>
          this.api.inbox(f).pipe(
            map((page): ListState => ({ status: 'loaded', page })),
            catchError(() => of<ListState>({ status: 'error' })),
            startWith<ListState>({ status: 'loading' }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((s) => {
        this.list.set(s);
        this.draft.set(this.filters().status);
      });
  }

  protected waits(t: TransmissionSummary): boolean {
    return waitsForOfficer(t.status);
  }

  protected kind(t: TransmissionSummary): string {
    return loc(t.kindLabel, this.language.lang()) || t.kind;
  }

  protected school(t: TransmissionSummary): string {
    return schoolName(t.school, this.language.lang());
  }

  protected toggle(status: TransmissionStatus, event: Event): void {
    const checked = (event.target as HTMLInputElement).checked;
    this.draft.update((d) => (checked ? [...d, status] : d.filter((s) => s !== status)));
  }

  protected apply(event: Event): void {
    event.preventDefault();
    const status = TRANSMISSION_STATUSES.filter((s) => this.draft().includes(s));
    void this.router.navigate(['/transmissions'], { queryParams: status.length ? { status: status.join(',') } : {} });
  }

  protected clear(): void {
    void this.router.navigate(['/transmissions']);
  }

  protected waitingParams(): Record<string, string> {
    return { status: WAITING.join(',') };
  }

  protected pageParams(page: number): Record<string, string | number> {
    const f = this.filters();
    return { ...(f.status.length ? { status: f.status.join(',') } : {}), ...(page > 1 ? { page } : {}) };
  }

  protected retry(): void {
    this.list.set({ status: 'loading' });
    this.api.inbox(this.filters()).subscribe({
      next: (page) => this.list.set({ status: 'loaded', page }),
      error: () => this.list.set({ status: 'error' }),
    });
  }
}
