import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, inject, viewChild } from '@angular/core';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { filter } from 'rxjs';
import { AuthService } from '../auth.service';
import { LANGUAGES, Lang } from '../language';
import { LanguageService } from '../language.service';
import { canReadAudit } from '../user';

/** Names of the languages, each written in its own language (never translated). */
const LANGUAGE_NAMES: Record<Lang, string> = { fr: 'Français', ar: 'العربية', en: 'English' };

/** The page frame: skip link, header (name, language switch, who is signed in), main content. */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslocoPipe],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShellComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly language = inject(LanguageService);

  protected readonly languages = LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code] }));
  protected readonly user = this.auth.currentUser;
  /** "Journal d'accès" is offered to principals and administrators only (the API refuses everyone else). */
  protected readonly showAudit = computed(() => canReadAudit(this.user()));
  protected readonly schoolName = computed(() => {
    const school = this.user()?.school;
    if (!school) return null;
    return this.language.lang() === 'ar' && school.nameAr ? school.nameAr : school.name;
  });

  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  constructor() {
    // Show who is signed in on every page, including public ones (not found, sign-in).
    void this.auth.ensureSession();

    // After moving to another page, put keyboard and screen reader focus at the start of the new content.
    let previousPath: string | null = null;
    const subscription = this.router.events.pipe(filter((e): e is NavigationEnd => e instanceof NavigationEnd)).subscribe((e) => {
      const path = e.urlAfterRedirects.split(/[?#]/)[0] ?? '';
      if (previousPath !== null && path !== previousPath) {
        this.main().nativeElement.focus();
      }
      previousPath = path;
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  protected switchLanguage(lang: Lang): void {
    void this.language.use(lang);
  }

  protected skipToMain(event: Event): void {
    event.preventDefault();
    this.main().nativeElement.focus();
  }

  protected async signOut(): Promise<void> {
    try {
      await this.auth.signOut();
    } catch {
      // The local session is forgotten even if the server could not be reached.
    }
    await this.router.navigate(['/sign-in']);
  }
}
