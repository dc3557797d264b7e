import { Injectable, effect, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { TranslocoService } from '@jsverse/transloco';
import { LanguageService } from './language.service';

/** Route titles are translation keys; the document title follows the language ("Mes dossiers – Sanad"). */
@Injectable({ providedIn: 'root' })
export class TranslatedTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(LanguageService);
  private readonly key = signal<string | undefined>(undefined);

  constructor() {
    super();
    effect(() => {
      this.language.lang();
      this.apply(this.key());
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.key.set(this.buildTitle(snapshot));
    this.apply(this.key());
  }

  private apply(key: string | undefined): void {
    const appName = this.transloco.translate<string>('app.name');
    this.title.setTitle(key ? this.transloco.translate<string>('app.pageTitle', { page: this.transloco.translate<string>(key) }) : appName);
  }
}
