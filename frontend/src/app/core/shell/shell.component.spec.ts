import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { TEST_USER, provideTestTransloco, settle } from '../../../testing/testing';
import { apiInterceptor } from '../api.interceptor';
import { AuthService } from '../auth.service';
import { LANG_STORAGE_KEY } from '../language';
import { Membership, User } from '../user';
import { ShellComponent } from './shell.component';

const ADMIN_MEMBERSHIP: Membership = {
  id: 'm-admin',
  role: 'admin',
  unit: {
    kind: 'region',
    id: 'r1',
    code: 'RSK',
    nameFr: 'Académie Rabat-Salé-Kénitra',
    nameAr: 'أكاديمية الرباط سلا القنيطرة',
    nameEn: 'Rabat-Salé-Kénitra Academy',
  },
};
const ADMIN: User = { ...TEST_USER, id: 'u-admin', displayName: 'Youssef Admin', role: 'admin', school: null };

@Component({ template: '<h1>Page</h1>', changeDetection: ChangeDetectionStrategy.OnPush })
class PageComponent {}

describe('ShellComponent', () => {
  let fixture: ComponentFixture<ShellComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = (testId: string): HTMLElement | null => el.querySelector<HTMLElement>(`[data-testid="${testId}"]`);

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTestTransloco(),
        provideRouter([{ path: '**', component: PageComponent }]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    controller = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ShellComponent);
    el = fixture.nativeElement as HTMLElement;
  });

  /** The shell asks once, at start, who is signed in. */
  async function answerMe(user: User | null): Promise<void> {
    const req = controller.expectOne('/api/auth/me');
    if (user) req.flush({ user });
    else req.flush({ code: 'AUTH_REQUIRED' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    await fixture.whenStable();
  }

  afterEach(() => {
    // the intake badge asks for its count whenever a school role is signed in (tested below)
    controller.match('/api/intake-reports/summary').forEach((r) => r.flush({ pending: 0, unreadMessages: 0 }));
    controller.verify();
    localStorage.removeItem(LANG_STORAGE_KEY);
    sessionStorage.clear();
    document.documentElement.lang = 'fr';
    document.documentElement.dir = 'ltr';
  });

  it('always shows the app name, a skip link and the three language buttons', async () => {
    await answerMe(null);
    expect(q('app-name')?.textContent).toContain('Sanad');
    expect(el.querySelector('.skip-link')?.textContent).toContain('Aller au contenu principal');
    for (const [code, name] of [
      ['fr', 'Français'],
      ['ar', 'العربية'],
      ['en', 'English'],
    ]) {
      const button = q(`lang-${code}`);
      expect(button?.textContent?.trim()).toBe(name);
      expect(button?.getAttribute('lang')).toBe(code);
    }
    expect(q('lang-fr')?.getAttribute('aria-pressed')).toBe('true');
    expect(q('account')).toBeNull();
  });

  it('switches the whole page to Arabic, right to left, and remembers it', async () => {
    await answerMe(null);
    q('lang-ar')!.click();
    await settle();
    await fixture.whenStable();
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('ar');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('ar');
    expect(q('lang-ar')?.getAttribute('aria-pressed')).toBe('true');
    expect(q('lang-fr')?.getAttribute('aria-pressed')).toBe('false');
    expect(el.querySelector('.skip-link')?.textContent).toContain('الانتقال إلى المحتوى الرئيسي');
  });

  it('shows the signed-in person and their school (in Arabic when the page is)', async () => {
    await signIn();
    expect(q('user-name')?.textContent).toContain('Amina Benali');
    expect(q('school-name')?.textContent).toContain('Collège Ibn Khaldoun');
    q('lang-ar')!.click();
    await settle();
    await fixture.whenStable();
    expect(q('school-name')?.textContent).toContain('إعدادية ابن خلدون');
  });

  it('links to the account security page from the account area', async () => {
    await signIn();
    const link = q('account-security');
    expect(link?.textContent?.trim()).toBe('Sécurité du compte');
    expect(link?.getAttribute('href')).toBe('/account/security');
  });

  describe('the "Statistiques" link', () => {
    for (const [role, shown] of [
      ['team_member', false],
      ['coordinator', false],
      ['officer', true],
      ['principal', true],
      ['admin', true],
    ] as const) {
      it(`is ${shown ? 'shown' : 'hidden'} for the role ${role}; officers have no case pages`, async () => {
        await answerMe({ ...TEST_USER, role });
        const link = q('nav-statistics');
        if (shown) expect(link?.getAttribute('href')).toBe('/statistics');
        else expect(link).toBeNull();
        if (role === 'officer') expect(q('nav-cases')).toBeNull();
      });
    }
  });

  describe('the "Transmissions" link', () => {
    for (const [role, shown] of [
      ['team_member', false],
      ['principal', false],
      ['officer', true],
      ['admin', false],
    ] as const) {
      it(`is ${shown ? 'shown' : 'hidden'} for the role ${role}`, async () => {
        await answerMe({ ...TEST_USER, role });
        const link = q('nav-transmissions');
        if (shown) {
          expect(link?.textContent?.trim()).toBe('Transmissions');
          expect(link?.getAttribute('href')).toBe('/transmissions');
        } else expect(link).toBeNull();
      });
    }
  });

  describe('the "Journal d\'accès" link', () => {
    for (const [role, shown] of [
      ['team_member', false],
      ['coordinator', false],
      ['officer', false],
      ['principal', true],
      ['admin', true],
    ] as const) {
      it(`is ${shown ? 'shown' : 'hidden'} for the role ${role}`, async () => {
        await answerMe({ ...TEST_USER, role });
        expect(q(role === 'admin' ? 'nav-admin-accounts' : role === 'officer' ? 'nav-statistics' : 'nav-cases')).not.toBeNull();
        const link = q('nav-audit');
        if (shown) {
          expect(link?.textContent?.trim()).toBe("Journal d'accès");
          expect(link?.getAttribute('href')).toBe('/audit');
        } else {
          expect(link).toBeNull();
        }
      });
    }

    it('disappears on sign-out', async () => {
      await answerMe({ ...TEST_USER, role: 'principal' });
      expect(q('nav-audit')).not.toBeNull();
      q('sign-out')!.click();
      controller.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
      await settle();
      await fixture.whenStable();
      expect(q('nav-audit')).toBeNull();
    });
  });

  describe('the "À valider" link', () => {
    for (const [role, shown] of [
      ['team_member', false],
      ['coordinator', false],
      ['principal', true],
    ] as const) {
      it(`is ${shown ? 'shown' : 'hidden'} for the role ${role}`, async () => {
        await answerMe({ ...TEST_USER, role });
        const link = q('nav-review');
        if (shown) expect(link?.getAttribute('href')).toBe('/cases/review');
        else expect(link).toBeNull();
      });
    }
  });

  describe('the "Demandes d’accès" link (Law 09-08)', () => {
    for (const [role, shown] of [
      ['team_member', false],
      ['coordinator', false],
      ['principal', true],
    ] as const) {
      it(`is ${shown ? 'shown' : 'hidden'} for the role ${role}`, async () => {
        await answerMe({ ...TEST_USER, role });
        const link = q('nav-subject-access');
        if (shown) {
          expect(link?.getAttribute('href')).toBe('/subject-access');
          expect(link?.textContent?.trim()).toBe('Demandes d’accès');
        } else expect(link).toBeNull();
      });
    }
  });

  describe('for an administrator', () => {
    it('links the administration pages and the audit log, not "Mon travail" nor the cases', async () => {
      await answerMe({ ...ADMIN, memberships: [ADMIN_MEMBERSHIP], activeMembershipId: 'm-admin' });
      expect(q('nav-my-work')).toBeNull();
      expect(q('nav-cases')).toBeNull();
      expect(q('nav-admin-accounts')?.getAttribute('href')).toBe('/admin/accounts');
      expect(q('nav-admin-accounts')?.textContent?.trim()).toBe('Comptes');
      expect(q('nav-admin-schools')?.getAttribute('href')).toBe('/admin/schools');
      expect(q('nav-admin-import')?.getAttribute('href')).toBe('/admin/import');
      expect(q('nav-audit')?.getAttribute('href')).toBe('/audit');
      expect(q('app-name')?.getAttribute('href')).toBe('/admin/accounts');
      // The unit of the active membership stands where a school would.
      expect(q('school-name')?.textContent).toContain('Académie Rabat-Salé-Kénitra');
      // One membership: no role menu.
      expect(q('role-switch')).toBeNull();
    });
  });

  describe('the role menu', () => {
    const TEAM: Membership = {
      id: 'm-team',
      role: 'team_member',
      unit: {
        kind: 'school',
        id: 's1',
        code: 'RAB-01',
        nameFr: 'Collège Ibn Khaldoun',
        nameAr: 'إعدادية ابن خلدون',
        nameEn: 'Ibn Khaldoun Middle School',
      },
    };
    const twoRoles = { ...TEST_USER, memberships: [TEAM, ADMIN_MEMBERSHIP], activeMembershipId: 'm-team' };

    it('is not shown with a single membership, or without memberships (older API)', async () => {
      await answerMe({ ...TEST_USER, memberships: [TEAM], activeMembershipId: 'm-team' });
      expect(q('role-switch')).toBeNull();
    });

    it('shows "Agir en tant que" with every membership (role — unit), the active one selected', async () => {
      await answerMe(twoRoles);
      const select = q('role-switch-select') as HTMLSelectElement;
      expect(el.querySelector('label[for="role-switch-select"]')?.textContent).toContain('Agir en tant que');
      const options = Array.from(select.options).map((o) => o.textContent?.replace(/\s+/g, ' ').trim());
      expect(options).toEqual(["Membre de l'équipe ressource — Collège Ibn Khaldoun", 'Administrateur·rice — Académie Rabat-Salé-Kénitra']);
      expect(select.value).toBe('m-team');
    });

    it('posts the chosen membership, reloads the user and goes to the home page of the new role', async () => {
      await answerMe(twoRoles);
      const router = TestBed.inject(Router);
      const navigate = spyOn(router, 'navigateByUrl').and.resolveTo(true);
      const select = q('role-switch-select') as HTMLSelectElement;
      select.value = 'm-admin';
      select.dispatchEvent(new Event('change'));
      q('role-switch-apply')!.click();

      const post = controller.expectOne('/api/auth/membership');
      expect(post.request.method).toBe('POST');
      expect(post.request.body).toEqual({ membershipId: 'm-admin' });
      const asAdmin = { ...ADMIN, memberships: [TEAM, ADMIN_MEMBERSHIP], activeMembershipId: 'm-admin' };
      post.flush({ user: asAdmin });
      await settle();
      const me = controller.expectOne('/api/auth/me');
      expect(me.request.method).toBe('GET');
      me.flush({ user: asAdmin });
      await settle();
      await fixture.whenStable();

      expect(TestBed.inject(AuthService).currentUser()?.role).toBe('admin');
      expect(navigate).toHaveBeenCalledWith('/admin/accounts');
      expect(q('nav-admin-accounts')).not.toBeNull();
      expect(q('nav-cases')).toBeNull();
      expect((q('role-switch-select') as HTMLSelectElement).value).toBe('m-admin');
    });

    it('goes to "Mon travail" after switching to a school role', async () => {
      await answerMe({ ...ADMIN, memberships: [TEAM, ADMIN_MEMBERSHIP], activeMembershipId: 'm-admin' });
      const navigate = spyOn(TestBed.inject(Router), 'navigateByUrl').and.resolveTo(true);
      const select = q('role-switch-select') as HTMLSelectElement;
      select.value = 'm-team';
      select.dispatchEvent(new Event('change'));
      q('role-switch-apply')!.click();
      controller.expectOne('/api/auth/membership').flush({ user: twoRoles });
      await settle();
      controller.expectOne('/api/auth/me').flush({ user: twoRoles });
      await settle();
      expect(navigate).toHaveBeenCalledWith('/my-work');
    });

    it('says so when the switch fails, and stays on the page', async () => {
      await answerMe(twoRoles);
      const navigate = spyOn(TestBed.inject(Router), 'navigateByUrl').and.resolveTo(true);
      const select = q('role-switch-select') as HTMLSelectElement;
      select.value = 'm-admin';
      select.dispatchEvent(new Event('change'));
      q('role-switch-apply')!.click();
      controller.expectOne('/api/auth/membership').flush({ code: 'NOT_FOUND' }, { status: 404, statusText: 'Not Found' });
      await settle();
      await fixture.whenStable();
      expect(q('role-switch-error')?.textContent).toContain("Le changement de rôle n'a pas abouti");
      expect(navigate).not.toHaveBeenCalled();
      expect(TestBed.inject(AuthService).currentUser()?.role).toBe('team_member');
    });
  });

  describe('the intake queue ("Signalements reçus") and the public reporting pages', () => {
    for (const [role, shown] of [
      ['team_member', true],
      ['coordinator', true],
      ['principal', true],
      ['officer', false],
      ['admin', false],
    ] as const) {
      it(`${shown ? 'links' : 'does not link'} the intake queue for the role ${role}${shown ? ', with the pending count' : ''}`, async () => {
        await answerMe({ ...TEST_USER, role });
        const summary = controller.match('/api/intake-reports/summary');
        expect(summary.length).toBe(shown ? 1 : 0);
        summary.forEach((r) => r.flush({ pending: 3, unreadMessages: 1 }));
        await settle();
        await fixture.whenStable();
        const link = q('nav-intake');
        if (!shown) {
          expect(link).toBeNull();
          return;
        }
        expect(link?.getAttribute('href')).toBe('/intake');
        expect(q('nav-intake-count')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('3 en attente');
      });
    }

    it('shows no count when nothing waits', async () => {
      await answerMe(TEST_USER);
      controller.expectOne('/api/intake-reports/summary').flush({ pending: 0, unreadMessages: 0 });
      await settle();
      await fixture.whenStable();
      expect(q('nav-intake')).not.toBeNull();
      expect(q('nav-intake-count')).toBeNull();
    });

    it('on /report/…: no staff navigation, no account area, the app name is not a link; the language switch stays', async () => {
      await answerMe(TEST_USER);
      await TestBed.inject(Router).navigateByUrl('/report/DEMO01');
      await settle();
      await fixture.whenStable();
      expect(q('main-nav')).toBeNull();
      expect(q('account')).toBeNull();
      expect(q('app-name')?.tagName).toBe('DIV');
      expect(q('lang-ar')).not.toBeNull();
      await TestBed.inject(Router).navigateByUrl('/cases');
      await settle();
      await fixture.whenStable();
      expect(q('main-nav')).not.toBeNull();
    });
  });

  it('shows the person already signed in (session cookie) when the app starts', async () => {
    await answerMe(TEST_USER);
    expect(q('user-name')?.textContent).toContain('Amina Benali');
  });

  it('signs out: calls the API, forgets the user and drafts, goes to sign-in', async () => {
    await signIn();
    sessionStorage.setItem('sanad.draft.new-case', '{"title":"x","occurredOn":""}');
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.callThrough();
    q('sign-out')!.click();
    const req = controller.expectOne('/api/auth/logout');
    expect(req.request.method).toBe('POST');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    await fixture.whenStable();
    expect(TestBed.inject(AuthService).currentUser()).toBeNull();
    expect(sessionStorage.getItem('sanad.draft.new-case')).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/sign-in']);
    expect(q('account')).toBeNull();
  });

  async function signIn(): Promise<void> {
    await answerMe(null);
    const signedIn = TestBed.inject(AuthService).signIn('amina@ecole.ma', 'secret');
    controller.expectOne('/api/auth/login').flush({ user: TEST_USER });
    await signedIn;
    await fixture.whenStable();
  }
});
