import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { isKnownState } from '../cases/case.model';
import { save } from '../cases/case-detail/documents.component';
import { fileNameOf } from '../cases/case-detail/documents-api';
import { toApiError } from '../core/api-error';
import { LanguageService } from '../core/language.service';
import { ErrorItem, ErrorSummaryComponent } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { PupilRecord, SubjectAccessApi } from './subject-access-api';

export const QUERY_MIN = 2;
export const QUERY_MAX = 120;

type Results =
  { status: 'none' } | { status: 'loading' } | { status: 'loaded'; items: PupilRecord[]; truncated: boolean } | { status: 'error' };
/** What the status line says (role="status": read out by screen readers). */
type Status = { key: string; params?: Record<string, unknown> } | null;

/**
 * Access requests under Law 09-08 (docs/subject-access.md), for the principal: find a pupil's records across the
 * school's cases by name, tick those that are this pupil (there is no pupil identity across cases), download
 * everything the school holds about them, other people as codes. Every search and export is in the audit log.
 */
@Component({
  selector: 'app-subject-access',
  imports: [TranslocoPipe, ErrorSummaryComponent, FieldErrorComponent, LocalDatePipe],
  templateUrl: './subject-access.component.html',
  styleUrl: './subject-access.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SubjectAccessComponent {
  private readonly api = inject(SubjectAccessApi);
  protected readonly language = inject(LanguageService);

  protected readonly queryMax = QUERY_MAX;
  readonly query = signal('');
  readonly results = signal<Results>({ status: 'none' });
  readonly selected = signal<ReadonlySet<string>>(new Set());
  readonly exporting = signal(false);
  readonly errors = signal<ErrorItem[]>([]);
  readonly status = signal<Status>(null);

  protected readonly queryError = computed(() => this.errors().find((e) => e.fieldId === 'subject-query'));
  protected readonly selectError = computed(() => this.errors().find((e) => e.fieldId === 'subject-record-first'));

  async search(event: Event): Promise<void> {
    event.preventDefault();
    const q = this.query().trim();
    this.status.set(null);
    if (q.length < QUERY_MIN || q.length > QUERY_MAX) {
      this.errors.set([{ fieldId: 'subject-query', key: 'subjectAccess.queryRequired' }]);
      return;
    }
    this.errors.set([]);
    this.selected.set(new Set());
    this.results.set({ status: 'loading' });
    this.status.set({ key: 'subjectAccess.searching' });
    try {
      const found = await firstValueFrom(this.api.search(q));
      this.results.set({ status: 'loaded', items: found.items, truncated: found.truncated });
      this.status.set(
        found.items.length ? { key: 'subjectAccess.found', params: { count: found.items.length } } : { key: 'subjectAccess.none' },
      );
    } catch (error) {
      this.results.set({ status: 'error' });
      this.status.set(null);
      this.errors.set([this.apiError(error, 'subject-query', 'subjectAccess.searchFailed')]);
    }
  }

  toggle(personId: string, checked: boolean): void {
    this.selected.update((s) => {
      const next = new Set(s);
      if (checked) next.add(personId);
      else next.delete(personId);
      return next;
    });
  }

  async download(format: 'json' | 'pdf' = 'json'): Promise<void> {
    if (this.exporting()) return;
    const ids = [...this.selected()];
    this.status.set(null);
    if (!ids.length) {
      this.errors.set([{ fieldId: 'subject-record-first', key: 'subjectAccess.selectRequired' }]);
      return;
    }
    this.errors.set([]);
    this.exporting.set(true);
    this.status.set({ key: 'subjectAccess.downloading' });
    try {
      let file: string;
      if (format === 'pdf') {
        const res = await firstValueFrom(this.api.exportPdf(ids, this.language.lang()));
        file = fileNameOf(res.headers.get('Content-Disposition'), 'sanad-acces.pdf');
        save(res.body ?? new Blob([], { type: 'application/pdf' }), file);
      } else {
        const data = await firstValueFrom(this.api.export(ids));
        file = `sanad-acces-${(data.generatedAt || new Date().toISOString()).slice(0, 10)}.json`;
        save(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json;charset=utf-8' }), file);
      }
      this.status.set({ key: 'subjectAccess.downloaded', params: { file } });
    } catch (error) {
      this.status.set(null);
      this.errors.set([await this.blobError(error)]);
    } finally {
      this.exporting.set(false);
    }
  }

  protected stateKey(state: string): string {
    return isKnownState(state) ? `cases.states.${state}` : 'cases.states.unknown';
  }

  /** A failed download: the error body may be a Blob holding the JSON error. */
  private async blobError(error: unknown): Promise<ErrorItem> {
    if (error instanceof HttpErrorResponse && error.error instanceof Blob) {
      try {
        const body: unknown = JSON.parse(await error.error.text());
        error = new HttpErrorResponse({ error: body, status: error.status, statusText: error.statusText, url: error.url ?? undefined });
      } catch {
        // not JSON: the generic message
      }
    }
    return this.apiError(error, 'subject-record-first', 'subjectAccess.exportFailed');
  }

  /** The API's message when it wrote one (in the person's language), else a generic one. */
  private apiError(error: unknown, fieldId: string, fallback: string): ErrorItem {
    const e = toApiError(error);
    const text = e.details.find((d) => d.message)?.message ?? (e.statusCode >= 400 && e.statusCode < 500 ? e.message : null);
    return text ? { fieldId, text } : { fieldId, key: fallback };
  }
}
