import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTestTransloco, settle, signInAs } from '../../testing/testing';
import { apiInterceptor } from '../core/api.interceptor';
import { AuthService } from '../core/auth.service';
import { AccountComponent } from './account.component';
import { AdminUser } from './admin-api';
import { TREE, adminUser } from './admin-testing';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class BlankComponent {}

const SECOND = {
  id: 'm3',
  role: 'officer' as const,
  unit: {
    kind: 'province' as const,
    id: 'p1',
    code: 'RSK-RAB',
    nameFr: 'Direction provinciale de Rabat',
    nameAr: 'المديرية الإقليمية الرباط',
    nameEn: 'Rabat directorate',
  },
  manageable: true,
};

describe('AccountComponent (/admin/accounts/:id)', () => {
  let fixture: ComponentFixture<AccountComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = <T extends Element = HTMLElement>(testId: string): T | null => el.querySelector<T>(`[data-testid="${testId}"]`);
  const all = (testId: string): HTMLElement[] => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`));

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTestTransloco(),
        provideRouter([{ path: '**', component: BlankComponent }]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    controller = TestBed.inject(HttpTestingController);
    await signInAs(TestBed.inject(AuthService), controller, 'admin');
  });

  afterEach(() => {
    controller.verify();
    el.remove();
  });

  async function render(user: AdminUser): Promise<void> {
    fixture = TestBed.createComponent(AccountComponent);
    fixture.componentRef.setInput('id', user.id);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
    controller.expectOne('/api/admin/units').flush(TREE);
    controller.expectOne(`/api/admin/users/${user.id}`).flush(user);
    await settle();
    await fixture.whenStable();
  }

  async function click(testId: string): Promise<void> {
    q(testId)!.click();
    await settle();
    await fixture.whenStable();
  }

  it('shows the account and its roles; the only role cannot be removed (disable instead)', async () => {
    await render(adminUser());
    expect(q('account-name')?.textContent).toContain('Karim Alaoui');
    expect(q('account-summary')?.textContent).toContain('karim@ecole.ma');
    expect(q('account-status')?.textContent?.trim()).toBe('Actif');
    expect(all('membership').length).toBe(1);
    expect(q('membership-remove')).toBeNull();
    expect(q('membership-last')?.textContent).toContain('désactivez le compte');
  });

  it('removes a role after confirmation, then reloads the account', async () => {
    await render(adminUser({ memberships: [...adminUser().memberships, SECOND] }));
    expect(all('membership-remove').length).toBe(2);
    expect(all('membership-remove')[0]?.getAttribute('aria-label')).toBe('Retirer le rôle Coordinateur·rice — Collège Ibn Khaldoun');
    all('membership-remove')[0].click();
    await fixture.whenStable();
    expect(q('account-confirm')?.textContent).toContain('Retirer le rôle « Coordinateur·rice » — Collège Ibn Khaldoun ?');
    expect(document.activeElement).toBe(q('account-confirm'));
    await click('account-confirm-yes');
    const del = controller.expectOne('/api/admin/users/u2/memberships/m2');
    expect(del.request.method).toBe('DELETE');
    del.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    await fixture.whenStable();
    controller.expectOne('/api/admin/users/u2').flush(adminUser({ memberships: [SECOND] }));
    await settle();
    await fixture.whenStable();
    expect(q('account-done')?.textContent).toContain('Le rôle est retiré.');
    expect(all('membership').length).toBe(1);
  });

  it('shows 409 LAST_MEMBERSHIP from the API in the summary', async () => {
    await render(adminUser({ memberships: [...adminUser().memberships, SECOND] }));
    all('membership-remove')[1].click();
    await fixture.whenStable();
    await click('account-confirm-yes');
    controller
      .expectOne('/api/admin/users/u2/memberships/m3')
      .flush({ statusCode: 409, code: 'LAST_MEMBERSHIP', message: 'Dernier rôle du compte' }, { status: 409, statusText: 'Conflict' });
    await settle();
    await fixture.whenStable();
    expect(q('error-summary')?.textContent).toContain('Dernier rôle du compte');
  });

  it('disables the account after confirmation', async () => {
    await render(adminUser());
    await click('account-disable');
    expect(q('account-confirm')?.textContent).toContain('Désactiver le compte de Karim Alaoui ?');
    await click('account-confirm-yes');
    const req = controller.expectOne('/api/admin/users/u2/disable');
    expect(req.request.method).toBe('POST');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    await fixture.whenStable();
    controller.expectOne('/api/admin/users/u2').flush(adminUser({ active: false }));
    await settle();
    await fixture.whenStable();
    expect(q('account-done')?.textContent).toContain('Le compte est désactivé');
    expect(q('account-status')?.textContent?.trim()).toBe('Désactivé');
    expect(q('account-enable')).not.toBeNull();
  });

  it('cancelling a confirmation sends nothing', async () => {
    await render(adminUser());
    await click('account-disable');
    await click('account-confirm-no');
    expect(q('account-confirm')).toBeNull();
  });

  it('creates a new password link (reset) and shows it once', async () => {
    await render(adminUser());
    await click('account-reset');
    const req = controller.expectOne('/api/admin/users/u2/password-link');
    expect(req.request.body).toEqual({ purpose: 'reset' });
    req.flush({ url: 'https://sanad.example/setup-password?token=new', expiresAt: '2026-11-23T10:00:00.000Z', emailed: true });
    await settle();
    await fixture.whenStable();
    expect(q<HTMLInputElement>('password-link-url')?.value).toBe('https://sanad.example/setup-password?token=new');
    expect(q('password-link')?.textContent).toContain('Nouveau lien pour Karim Alaoui');
    expect(q('password-link-emailed')?.textContent).toContain('envoyé par e-mail');
  });

  it('ends all sessions and says how many', async () => {
    await render(adminUser());
    await click('account-revoke');
    controller.expectOne('/api/admin/users/u2/sessions/revoke').flush({ revoked: 3 });
    await settle();
    await fixture.whenStable();
    controller.expectOne('/api/admin/users/u2').flush(adminUser());
    await settle();
    await fixture.whenStable();
    expect(q('account-done')?.textContent).toContain('3 session(s) fermée(s).');
  });

  it('replaces the account-wide actions by an explanation when manageable is false', async () => {
    await render(
      adminUser({ manageable: false, otherMemberships: 1, memberships: [{ ...adminUser().memberships[0], manageable: false }] }),
    );
    expect(q('account-not-manageable')?.textContent).toContain('1 rôle(s) hors de votre périmètre');
    expect(q('account-disable')).toBeNull();
    expect(q('account-reset')).toBeNull();
    expect(q('account-revoke')).toBeNull();
    expect(q('membership-remove')).toBeNull();
    expect(q('membership-outside')?.textContent).toContain('Hors de votre périmètre');
  });

  it('adds a role in a unit that fits it', async () => {
    await render(adminUser());
    const role = q<HTMLSelectElement>('add-role')!;
    role.value = 'officer';
    role.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    const province = q<HTMLSelectElement>('add-unit-province')!;
    province.value = 'p1';
    province.dispatchEvent(new Event('change'));
    await settle();
    await fixture.whenStable();
    await click('membership-add');
    const req = controller.expectOne('/api/admin/users/u2/memberships');
    expect(req.request.body).toEqual({ role: 'officer', unitId: 'p1' });
    req.flush(SECOND, { status: 201, statusText: 'Created' });
    await settle();
    await fixture.whenStable();
    controller.expectOne('/api/admin/users/u2').flush(adminUser({ memberships: [...adminUser().memberships, SECOND] }));
    await settle();
    await fixture.whenStable();
    expect(q('account-done')?.textContent).toContain('Le rôle est ajouté.');
    expect(all('membership').length).toBe(2);
  });

  it('says when the account is outside the scope (404)', async () => {
    fixture = TestBed.createComponent(AccountComponent);
    fixture.componentRef.setInput('id', 'nope');
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    controller.expectOne('/api/admin/units').flush(TREE);
    controller.expectOne('/api/admin/users/nope').flush({ code: 'NOT_FOUND' }, { status: 404, statusText: 'Not Found' });
    await settle();
    await fixture.whenStable();
    expect(q('account-not-found')?.textContent).toContain("n'existe pas ou n'est pas dans votre périmètre");
  });
});
