import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../core/api-error';
import { LanguageService } from '../core/language.service';
import { ErrorItem, ErrorSummaryComponent } from '../shared/error-summary/error-summary.component';
import { FieldErrorComponent } from '../shared/field-error.component';
import { LocalDateTimePipe } from '../shared/local-date-time.pipe';
import { AdminApi, ImportFileName, ImportReport } from './admin-api';
import { NotUtf8Error, apiErrorItem, invitesCsv, readUtf8, rejectionKey } from './admin-display';

/** The API takes at most 2 MB per request. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const INVITES_FILE_NAME = 'invitations.csv';

const IDS: Record<ImportFileName, string> = { schools: 'import-schools', staff: 'import-staff' };

interface ChosenFile {
  name: string;
  text: string;
}

/**
 * "Importer": schools.csv and/or staff.csv read in the browser (UTF-8 only), checked (dry run) then imported,
 * optionally the valid rows only. The report lists counts and every rejected row with a translated reason;
 * after a real import the invitation links are shown once and can be downloaded as the CLI's CSV.
 */
@Component({
  selector: 'app-import',
  imports: [TranslocoPipe, ErrorSummaryComponent, FieldErrorComponent, LocalDateTimePipe],
  templateUrl: './import.component.html',
  styleUrl: './admin.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportComponent {
  private readonly api = inject(AdminApi);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  protected readonly language = inject(LanguageService);

  protected readonly ids = IDS;
  protected readonly fileNames: readonly ImportFileName[] = ['schools', 'staff'];
  protected readonly files = signal<Partial<Record<ImportFileName, ChosenFile>>>({});
  protected readonly fileErrors = signal<Partial<Record<ImportFileName, ErrorItem>>>({});
  private readonly generalError = signal<ErrorItem | null>(null);
  protected readonly errors = computed<readonly ErrorItem[]>(() => {
    const f = this.fileErrors();
    const general = this.generalError();
    return [...(general ? [general] : []), ...(['schools', 'staff'] as const).flatMap((k) => f[k] ?? [])];
  });
  protected readonly skipInvalid = signal(false);
  protected readonly busy = signal<'check' | 'run' | null>(null);
  protected readonly report = signal<ImportReport | null>(null);

  protected readonly outcomeKey = computed(() => {
    const r = this.report();
    if (!r) return '';
    if (r.dryRun) return r.rejections.length === 0 && !r.fileRejected ? 'admin.import.report.dryRunReady' : 'admin.import.report.dryRun';
    if (r.written) return r.rejections.length > 0 ? 'admin.import.report.writtenPartial' : 'admin.import.report.written';
    if (r.fileRejected) return 'admin.import.report.fileRejected';
    if (r.rejections.length > 0) return 'admin.import.report.rejected';
    return 'admin.import.report.nothing';
  });
  protected readonly rejections = computed(() => (this.report()?.rejections ?? []).map((r) => ({ ...r, key: rejectionKey(r.code) })));

  private readonly reportHeading = viewChild<ElementRef<HTMLElement>>('reportHeading');

  protected async choose(file: ImportFileName, event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const chosen = input.files?.[0];
    this.report.set(null);
    this.generalError.set(null);
    this.setFileError(file, undefined);
    this.files.update((f) => ({ ...f, [file]: undefined }));
    if (!chosen) return;
    if (chosen.size > MAX_FILE_BYTES) return this.setFileError(file, 'admin.import.errors.tooBig');
    try {
      const text = await readUtf8(chosen);
      this.files.update((f) => ({ ...f, [file]: { name: chosen.name, text } }));
    } catch (error) {
      this.setFileError(file, error instanceof NotUtf8Error ? 'admin.import.errors.notUtf8' : 'admin.import.errors.unreadable');
    }
  }

  protected onSkipInvalid(event: Event): void {
    this.skipInvalid.set((event.target as HTMLInputElement).checked);
  }

  protected async send(dryRun: boolean): Promise<void> {
    if (this.busy()) return;
    const { schools, staff } = this.files();
    this.generalError.set(null);
    if (Object.values(this.fileErrors()).some((e) => !!e)) {
      this.fileErrors.update((e) => ({ ...e }));
      return;
    }
    if (!schools && !staff) {
      this.generalError.set({ fieldId: IDS.schools, key: 'admin.import.errors.noFile' });
      return;
    }
    this.busy.set(dryRun ? 'check' : 'run');
    this.report.set(null);
    try {
      const report = await firstValueFrom(
        this.api.import({
          ...(schools ? { schoolsCsv: schools.text } : {}),
          ...(staff ? { staffCsv: staff.text } : {}),
          dryRun,
          skipInvalid: this.skipInvalid(),
        }),
      );
      this.report.set(report);
      afterNextRender(() => this.reportHeading()?.nativeElement.focus(), { injector: this.injector });
    } catch (error) {
      this.generalError.set(apiErrorItem(IDS.schools, toApiError(error)));
    } finally {
      this.busy.set(null);
    }
  }

  /** The invitation links as a CSV file made in the browser (nothing is stored). */
  protected downloadInvites(): void {
    const invites = this.report()?.invites ?? [];
    if (invites.length === 0) return;
    const url = URL.createObjectURL(new Blob([invitesCsv(invites)], { type: 'text/csv;charset=utf-8' }));
    const link = this.document.createElement('a');
    link.href = url;
    link.download = INVITES_FILE_NAME;
    link.hidden = true;
    this.document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  private setFileError(file: ImportFileName, key: string | undefined): void {
    this.fileErrors.update((e) => ({ ...e, [file]: key ? { fieldId: IDS[file], key } : undefined }));
  }
}
