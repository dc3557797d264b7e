import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  ElementRef,
  afterNextRender,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { LanguageService } from '../core/language.service';
import { dirOf } from '../core/language';
import { EmergencyNumbersComponent } from './emergency-numbers.component';
import { Helpline, ReportReceipt } from './public-report.model';
import { downloadCanvas, drawReceipt } from './receipt-image';

/**
 * After sending: the code and the passcode, once (they are not kept anywhere in the browser). The person writes
 * them down or saves them as a picture, then confirms; the follow-up page needs both.
 */
@Component({
  selector: 'app-report-receipt',
  imports: [RouterLink, TranslocoPipe, EmergencyNumbersComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './public-report.css',
  template: `
    <h1 #heading tabindex="-1" data-testid="receipt-heading">{{ 'publicReport.receipt.heading' | transloco }}</h1>
    <p>{{ 'publicReport.receipt.intro' | transloco: { school: schoolName() } }}</p>
    @if (receipt().dangerNow && helplines().length > 0) {
      <app-emergency-numbers [helplines]="helplines()" />
    }
    <div class="notice notice--warning" data-testid="receipt-warning">
      <p>
        <strong>{{ 'publicReport.receipt.once' | transloco }}</strong>
      </p>
    </div>
    <dl class="codes">
      <dt>{{ 'publicReport.receipt.code' | transloco }}</dt>
      <dd class="code" data-testid="receipt-code">
        <bdi dir="ltr">{{ receipt().reportCode }}</bdi>
      </dd>
      <dt>{{ 'publicReport.receipt.passcode' | transloco }}</dt>
      <dd class="code" data-testid="receipt-passcode">
        <bdi dir="ltr">{{ receipt().passcode }}</bdi>
      </dd>
    </dl>
    <p>{{ 'publicReport.receipt.where' | transloco }}</p>
    <div class="actions">
      <button type="button" class="button button--secondary" (click)="saveImage()" data-testid="receipt-save-image">
        {{ 'publicReport.receipt.saveImage' | transloco }}
      </button>
    </div>
    <p class="status" role="status" data-testid="receipt-image-status">
      @if (imageStatus(); as s) {
        {{ s | transloco }}
      }
    </p>
    <div class="choice confirm">
      <input
        class="choice__input"
        type="checkbox"
        id="receipt-kept"
        [checked]="kept()"
        (change)="kept.set($any($event.target).checked)"
        data-testid="receipt-kept"
      />
      <label class="choice__label" for="receipt-kept">{{ 'publicReport.receipt.kept' | transloco }}</label>
    </div>
    <div class="actions">
      <button type="button" class="button" [disabled]="!kept()" (click)="finished.emit()" data-testid="receipt-done">
        {{ 'publicReport.receipt.done' | transloco }}
      </button>
      <a routerLink="/report/follow-up" data-testid="receipt-follow-up">{{ 'publicReport.followUpLink' | transloco }}</a>
    </div>
  `,
})
export class ReceiptComponent {
  private readonly document = inject(DOCUMENT);
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(LanguageService);

  readonly receipt = input.required<ReportReceipt>();
  readonly schoolName = input.required<string>();
  readonly helplines = input<readonly Helpline[]>([]);
  readonly finished = output();

  protected readonly kept = signal(false);
  protected readonly imageStatus = signal<string | null>(null);
  private readonly heading = viewChild.required<ElementRef<HTMLElement>>('heading');

  constructor() {
    // the page changed under the person's finger: start reading from the new heading
    afterNextRender(() => this.heading().nativeElement.focus());
  }

  protected async saveImage(): Promise<void> {
    const t = (key: string, params?: Record<string, unknown>): string => this.transloco.translate<string>(key, params);
    const canvas = this.document.createElement('canvas');
    const { reportCode, passcode } = this.receipt();
    try {
      drawReceipt(canvas, {
        title: t('publicReport.receipt.imageTitle'),
        school: this.schoolName(),
        codeLabel: t('publicReport.receipt.code'),
        code: reportCode,
        passcodeLabel: t('publicReport.receipt.passcode'),
        passcode,
        where: t('publicReport.receipt.imageWhere', { url: `${this.document.location.origin}/report/follow-up` }),
        dir: dirOf(this.language.lang()),
      });
      await downloadCanvas(canvas, `sanad-${reportCode}.png`);
      this.imageStatus.set('publicReport.receipt.imageSaved');
    } catch {
      this.imageStatus.set('publicReport.receipt.imageFailed');
    }
  }
}
