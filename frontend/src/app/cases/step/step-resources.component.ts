import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from '../../core/language.service';
import { StepResourceEntries, contactLink, webLink } from '../../knowledge/resources';
import { LocalDatePipe } from '../../shared/local-date.pipe';
import { text } from '../workflow/step-display';

/**
 * "Contacts et guides utiles" of a step: each directory entry as a compact card (contacts as real links, hours,
 * when it was last checked) and each platform's reporting guide as a disclosure. Numbers and addresses stay
 * left-to-right in Arabic.
 */
@Component({
  selector: 'app-step-resources',
  imports: [TranslocoPipe, LocalDatePipe],
  templateUrl: './step-resources.component.html',
  styleUrl: './step-resources.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StepResourcesComponent {
  readonly entries = input.required<StepResourceEntries>();

  protected readonly language = inject(LanguageService);

  protected readonly cards = computed(() => {
    const lang = this.language.lang();
    return this.entries().directory.map((e) => ({
      id: e.id,
      name: text(e.name, lang),
      purpose: text(e.purpose, lang),
      howToReach: text(e.howToReach, lang),
      hours: text(e.hours, lang),
      contacts: e.contacts.map(contactLink),
      lastVerified: e.lastVerified,
      region: e.region ?? null,
      demo: e.demo === true,
    }));
  });

  protected readonly articles = computed(() => {
    const lang = this.language.lang();
    return this.entries().articles.map((a) => ({
      id: a.id,
      title: text(a.title, lang),
      summary: text(a.summary, lang),
      forTeam: a.forTeam.map((t) => text(t, lang)),
      forFamily: a.forFamily.map((t) => text(t, lang)),
    }));
  });

  protected readonly guides = computed(() => {
    const lang = this.language.lang();
    const always = this.entries().captureAlways.map((t) => text(t, lang));
    return this.entries().guides.map((g) => ({
      code: g.code,
      name: text(g.name, lang),
      researched: g.researched,
      capture: [...always, ...g.capture.map((t) => text(t, lang))],
      howToReport: g.howToReport.map((t) => text(t, lang)),
      referenceToKeep: text(g.referenceToKeep, lang),
      notes: text(g.notes, lang),
      url: webLink(g.url),
      lastVerified: g.lastVerified,
    }));
  });
}
