import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from '../core/language.service';
import { Helpline, telHref } from './public-report.model';

/** The numbers to call now (police 19, ONDE 2511, the helpline…), each a big `tel:` link; web-only lines as links. */
@Component({
  selector: 'app-emergency-numbers',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './public-report.css',
  template: `
    <div class="notice notice--emergency" data-testid="emergency-numbers">
      <h2 class="notice__title">{{ 'publicReport.emergency.title' | transloco }}</h2>
      <p>{{ 'publicReport.emergency.text' | transloco }}</p>
      <ul class="helplines">
        @for (h of lines(); track h.id) {
          <li class="helpline" data-testid="helpline" [attr.data-id]="h.id">
            <span class="helpline__name">{{ h.label }}</span>
            @if (h.phone) {
              <a class="button helpline__call" [href]="h.tel" data-testid="helpline-call"
                >{{ 'publicReport.emergency.call' | transloco }} <bdi dir="ltr">{{ h.phone }}</bdi></a
              >
            }
            @if (h.url) {
              <a class="helpline__url" [href]="h.url" rel="noopener noreferrer">{{ 'publicReport.emergency.website' | transloco }}</a>
            }
          </li>
        }
      </ul>
      <p>{{ 'publicReport.emergency.adult' | transloco }}</p>
    </div>
  `,
})
export class EmergencyNumbersComponent {
  private readonly language = inject(LanguageService);
  readonly helplines = input.required<readonly Helpline[]>();

  protected readonly lines = computed(() => {
    const lang = this.language.lang();
    return this.helplines().map((h) => ({
      id: h.id,
      label: h.name[lang] || h.name.fr,
      phone: h.phone ?? null,
      tel: h.phone ? telHref(h.phone) : null,
      url: h.url?.startsWith('https://') ? h.url : null,
    }));
  });
}
