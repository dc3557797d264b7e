import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideTestTransloco, settle, signInAs } from '../../testing/testing';
import { apiInterceptor } from '../core/api.interceptor';
import { AuthService } from '../core/auth.service';
import { LanguageService } from '../core/language.service';
import { AccountsComponent } from './accounts.component';
import { AdminUser } from './admin-api';
import { TREE, adminUser } from './admin-testing';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class BlankComponent {}

type Query = Partial<Record<'q' | 'unitId' | 'role' | 'active' | 'page', string>>;

describe('AccountsComponent (/admin/accounts)', () => {
  let fixture: ComponentFixture<AccountsComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = <T extends Element = HTMLElement>(testId: string): T | null => el.querySelector<T>(`[data-testid="${testId}"]`);
  const all = (testId: string): HTMLElement[] => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`));

  beforeEach(() => {
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
  });

  afterEach(() => {
    controller.verify();
    el?.remove();
    document.documentElement.lang = 'fr';
    document.documentElement.dir = 'ltr';
    localStorage.removeItem('sanad.lang');
  });

  async function render(query: Query = {}): Promise<void> {
    await signInAs(TestBed.inject(AuthService), controller, 'admin');
    fixture = TestBed.createComponent(AccountsComponent);
    for (const [name, value] of Object.entries(query)) fixture.componentRef.setInput(name, value);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
    controller.expectOne('/api/admin/units').flush(TREE);
  }

  async function answer(items: AdminUser[], total = items.length, page = 1): Promise<Record<string, string | null>> {
    const req = controller.expectOne((r) => r.url === '/api/admin/users');
    expect(req.request.method).toBe('GET');
    const params = Object.fromEntries(req.request.params.keys().map((k) => [k, req.request.params.get(k)]));
    req.flush({ items, total, page, pageSize: 50 });
    await settle();
    await fixture.whenStable();
    return params;
  }

  it('lists the accounts: name, e-mail, role and unit, two-factor status, active or disabled', async () => {
    await render();
    const params = await answer([
      adminUser(),
      adminUser({ id: 'u3', displayName: 'Salma Idrissi', email: 'salma@ecole.ma', active: false, mfaEnabled: true, otherMemberships: 1 }),
    ]);
    expect(params).toEqual({ page: '1', pageSize: '50' });
    expect(q('accounts-status')?.textContent).toContain('2 compte(s)');
    const rows = all('account-row');
    expect(rows.length).toBe(2);
    expect(rows[0]?.textContent).toContain('Karim Alaoui');
    expect(rows[0]?.textContent).toContain('karim@ecole.ma');
    expect(rows[0]?.querySelector('[data-testid="account-membership"]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Coordinateur·rice — Collège Ibn Khaldoun',
    );
    expect(rows[0]?.querySelector('[data-testid="account-mfa"]')?.textContent?.trim()).toBe('Non activée');
    expect(rows[0]?.querySelector('[data-testid="account-status"]')?.textContent?.trim()).toBe('Actif');
    expect(rows[0]?.querySelector('a')?.getAttribute('href')).toBe('/admin/accounts/u2');
    expect(rows[1]?.querySelector('[data-testid="account-mfa"]')?.textContent?.trim()).toBe('Activée');
    expect(rows[1]?.querySelector('[data-testid="account-status"]')?.textContent?.trim()).toBe('Désactivé');
    expect(rows[1]?.textContent).toContain('1 rôle(s) hors de votre périmètre');
    expect(q('account-new-link')?.getAttribute('href')).toBe('/admin/accounts/new');
  });

  it('has a table with a caption and column headers, in a labelled scrollable region', async () => {
    await render();
    await answer([adminUser()]);
    const table = q('accounts-table') ?? null;
    if (table) {
      expect(table.querySelector('caption')?.textContent).toContain('Comptes de votre périmètre');
      expect(table.querySelectorAll('thead th[scope="col"]').length).toBe(5);
      expect(table.closest('[role="region"]')?.getAttribute('aria-label')).toContain('Comptes de votre périmètre');
    } else {
      expect(q('accounts-cards')).not.toBeNull();
    }
  });

  it('shows unit names in Arabic when the page is in Arabic', async () => {
    await render();
    await TestBed.inject(LanguageService).use('ar');
    await answer([adminUser()]);
    expect(q('account-membership')?.textContent).toContain('إعدادية ابن خلدون');
    expect(q('account-membership')?.textContent).toContain('منسق(ة)');
  });

  it('puts the search and filters in the address, and sends them to the API', async () => {
    await render();
    await answer([adminUser()]);
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
    const search = q<HTMLInputElement>('account-filter-q')!;
    search.value = '  karim ';
    search.dispatchEvent(new Event('input'));
    const unit = q<HTMLSelectElement>('account-filter-unit')!;
    expect(Array.from(unit.options).map((o) => o.textContent?.trim())).toContain('Direction provinciale de Rabat');
    unit.value = 'p1';
    unit.dispatchEvent(new Event('change'));
    const role = q<HTMLSelectElement>('account-filter-role')!;
    role.value = 'coordinator';
    role.dispatchEvent(new Event('change'));
    const active = q<HTMLSelectElement>('account-filter-active')!;
    active.value = 'false';
    active.dispatchEvent(new Event('change'));
    q('account-filter-apply')!.click();
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/admin/accounts'], {
      queryParams: { q: 'karim', unitId: 'p1', role: 'coordinator', active: 'false' },
    });

    // The router then gives the component its new query parameters.
    fixture.componentRef.setInput('q', 'karim');
    fixture.componentRef.setInput('unitId', 'p1');
    fixture.componentRef.setInput('role', 'coordinator');
    fixture.componentRef.setInput('active', 'false');
    await fixture.whenStable();
    const params = await answer([]);
    expect(params).toEqual({ page: '1', pageSize: '50', q: 'karim', unitId: 'p1', role: 'coordinator', active: 'false' });
    expect(q('accounts-empty')?.textContent).toContain('Aucun compte ne correspond à cette recherche.');
    expect(q('account-filter-clear')).not.toBeNull();
  });

  it('ignores filter values the API would refuse', async () => {
    await render({ role: 'superuser', active: 'maybe', q: 'amina' });
    const params = await answer([]);
    expect(params).toEqual({ page: '1', pageSize: '50', q: 'amina' });
  });

  it('pages through the results, keeping the filters', async () => {
    await render({ page: '2', role: 'principal' });
    const params = await answer([adminUser()], 120, 2);
    expect(params['page']).toBe('2');
    expect(params['role']).toBe('principal');
    expect(q('accounts-page-position')?.textContent).toContain('Page 2 sur 3');
    expect(q('accounts-page-prev')?.getAttribute('href')).toContain('page=1');
    expect(q('accounts-page-next')?.getAttribute('href')).toContain('page=3');
  });

  it('offers to try again when the list cannot be loaded', async () => {
    await render();
    controller.expectOne((r) => r.url === '/api/admin/users').flush({}, { status: 500, statusText: 'Error' });
    await settle();
    await fixture.whenStable();
    expect(q('accounts-error')?.textContent).toContain('Les comptes n');
    q('accounts-error')!.querySelector('button')!.click();
    await fixture.whenStable();
    await answer([adminUser()]);
    expect(all('account-row').length).toBe(1);
  });
});
