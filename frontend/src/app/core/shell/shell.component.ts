import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  ElementRef,
  computed,
  effect,
  inject,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { filter } from 'rxjs';
import { AuthService } from '../auth.service';
import { LANGUAGES, Lang } from '../language';
import { LanguageService } from '../language.service';
import { isPublicPath } from '../public-paths';
import { IntakeSummaryStore } from '../../intake/intake-api';
import { Membership, activeMembership, canReadAudit, canReadStatistics, canReadTransmissions, homePath, isAdmin, unitName } from '../user';

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
  /** Administrators see the administration pages instead of "Mon travail" and the cases (no case content). */
  protected readonly showAdmin = computed(() => isAdmin(this.user()));
  protected readonly showReview = computed(() => this.user()?.role === 'principal');
  protected readonly showStatistics = computed(() => canReadStatistics(this.user()));
  protected readonly showTransmissions = computed(() => canReadTransmissions(this.user()));
  protected readonly schoolWork = computed(() => this.user()?.role !== 'officer');
  protected readonly home = computed(() => homePath(this.user()));
  /** The public reporting pages: no staff navigation, no account box, no staff request (only the language switch). */
  protected readonly publicPage = signal(isPublicPath(inject(DOCUMENT).location.pathname));
  private readonly intakeSummary = inject(IntakeSummaryStore);
  /** The reports waiting in the intake queue (resource team and principal), for the badge in the navigation. */
  protected readonly showIntake = computed(() => !this.publicPage() && this.schoolWork() && !this.showAdmin() && this.user() !== null);
  protected readonly intakePending = computed(() => this.intakeSummary.summary()?.pending ?? 0);
  /** The school of the active membership, or (officers, administrators) its unit. */
  protected readonly schoolName = computed(() => {
    const user = this.user();
    const school = user?.school;
    if (school) return this.language.lang() === 'ar' && school.nameAr ? school.nameAr : school.name;
    const unit = activeMembership(user)?.unit;
    return unit && unit.kind !== 'national' ? unitName(unit, this.language.lang()) : null;
  });

  /** The role menu: only for people with more than one membership. */
  protected readonly memberships = computed<Membership[]>(() => {
    const list = this.user()?.memberships ?? [];
    return list.length > 1 ? list : [];
  });
  protected readonly activeMembershipId = computed(() => activeMembership(this.user())?.id ?? '');
  private readonly pickedMembership = signal<string | null>(null);
  protected readonly switching = signal(false);
  protected readonly switchFailed = signal(false);

  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  constructor() {
    // Show who is signed in on every page, including public ones (not found, sign-in) but not the reporting channel.
    if (!this.publicPage()) void this.auth.ensureSession();
    effect(() => {
      if (this.showIntake()) untracked(() => this.intakeSummary.refresh(true));
      else untracked(() => this.intakeSummary.clear());
    });

    // After moving to another page, put keyboard and screen reader focus at the start of the new content.
    let previousPath: string | null = null;
    const subscription = this.router.events.pipe(filter((e): e is NavigationEnd => e instanceof NavigationEnd)).subscribe((e) => {
      const path = e.urlAfterRedirects.split(/[?#]/)[0] ?? '';
      this.publicPage.set(isPublicPath(path));
      if (this.showIntake()) this.intakeSummary.refresh();
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

  protected membershipLabel(m: Membership): string {
    return m.unit.kind === 'national' && !m.unit.nameFr ? '' : unitName(m.unit, this.language.lang());
  }

  protected pickMembership(event: Event): void {
    this.pickedMembership.set((event.target as HTMLSelectElement).value);
    this.switchFailed.set(false);
  }

  /** "Changer de rôle": the API makes the chosen membership active; then home page of that role. */
  protected async switchMembership(): Promise<void> {
    const id = this.pickedMembership() ?? this.activeMembershipId();
    if (this.switching() || !id || id === this.activeMembershipId()) return;
    this.switching.set(true);
    this.switchFailed.set(false);
    try {
      const user = await this.auth.switchMembership(id);
      this.pickedMembership.set(null);
      await this.router.navigateByUrl(homePath(user));
    } catch {
      this.switchFailed.set(true);
    } finally {
      this.switching.set(false);
    }
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
