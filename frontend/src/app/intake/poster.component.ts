import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { fileNameOf } from '../cases/case-detail/documents-api';
import { save } from '../cases/case-detail/documents.component';
import { IntakeApi } from './intake-api';

type PosterLang = 'fr' | 'ar';

/** The school's poster (short link, QR code, emergency numbers) as a PDF, in French or Arabic, from the documents module. */
@Component({
  selector: 'app-intake-poster',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './intake.css',
  template: `
    <section class="poster" aria-labelledby="poster-heading" data-testid="intake-poster">
      <h2 id="poster-heading">{{ 'intakeQueue.poster.heading' | transloco }}</h2>
      <p>{{ 'intakeQueue.poster.text' | transloco }}</p>
      <div class="actions">
        @for (l of langs; track l) {
          <button
            type="button"
            class="button button--secondary"
            [attr.aria-disabled]="busy() || null"
            (click)="download(l)"
            [attr.data-testid]="'poster-' + l"
          >
            {{ 'intakeQueue.poster.' + l | transloco }}
          </button>
        }
      </div>
      <p class="status" role="status" [class.field-error]="status()?.error" data-testid="poster-status">
        @if (status(); as s) {
          {{ s.key | transloco: s.params }}
        }
      </p>
    </section>
  `,
})
export class PosterComponent {
  private readonly api = inject(IntakeApi);
  protected readonly langs: PosterLang[] = ['fr', 'ar'];
  protected readonly busy = signal(false);
  protected readonly status = signal<{ key: string; params?: Record<string, string>; error?: boolean } | null>(null);

  protected async download(lang: PosterLang): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.status.set({ key: 'intakeQueue.poster.downloading' });
    try {
      const res = await firstValueFrom(this.api.poster(lang));
      const file = fileNameOf(res.headers.get('Content-Disposition'), `poster-${lang}.pdf`);
      save(res.body ?? new Blob([], { type: 'application/pdf' }), file);
      this.status.set({ key: 'intakeQueue.poster.downloaded', params: { file } });
    } catch {
      this.status.set({ key: 'intakeQueue.poster.failed', error: true });
    } finally {
      this.busy.set(false);
    }
  }
}
