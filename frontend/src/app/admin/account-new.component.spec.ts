import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTestTransloco, settle, signInAs } from '../../testing/testing';
import { apiInterceptor } from '../core/api.interceptor';
import { AuthService } from '../core/auth.service';
import { AccountNewComponent } from './account-new.component';
import { TREE, adminUser } from './admin-testing';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class BlankComponent {}

describe('AccountNewComponent (/admin/accounts/new)', () => {
  let fixture: ComponentFixture<AccountNewComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = <T extends Element = HTMLElement>(testId: string): T | null => el.querySelector<T>(`[data-testid="${testId}"]`);

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
    fixture = TestBed.createComponent(AccountNewComponent);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
    controller.expectOne('/api/admin/units').flush(TREE);
    await settle();
    await fixture.whenStable();
  });

  afterEach(() => {
    controller.verify();
    el.remove();
  });

  async function type(testId: string, value: string): Promise<void> {
    const input = q<HTMLInputElement>(testId)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function pick(testId: string, value: string): Promise<void> {
    const select = q<HTMLSelectElement>(testId)!;
    select.value = value;
    select.dispatchEvent(new Event('change'));
    await settle();
    await fixture.whenStable();
  }

  /** Fills the form for a coordinator of school s1 (province p1 of the only academy, picked automatically). */
  async function fillCoordinator(): Promise<void> {
    await type('new-email', ' karim@ecole.ma ');
    await type('new-name', 'Karim Alaoui');
    await pick('new-role', 'coordinator');
    expect(q<HTMLSelectElement>('new-unit-region')?.value).toBe('r1');
    await pick('new-unit-province', 'p1');
    await settle(300);
    const schools = controller.expectOne((r) => r.url === '/api/admin/schools');
    expect(schools.request.params.get('provinceId')).toBe('p1');
    schools.flush({
      items: [
        { id: 's1', code: 'RAB-01', nameFr: 'Collège Ibn Khaldoun', nameAr: 'إعدادية ابن خلدون', level: 'college', provinceId: 'p1' },
      ],
      total: 1,
      page: 1,
      pageSize: 100,
    });
    await settle();
    await fixture.whenStable();
    await pick('new-unit-school', 's1');
  }

  it('checks the fields before sending: e-mail, name, role, unit — in the summary and on each field', async () => {
    await type('new-email', 'not-an-address');
    q('new-submit')!.click();
    await settle();
    await fixture.whenStable();
    const summary = q('error-summary')!;
    expect(summary.textContent).toContain('Saisissez une adresse e-mail valide');
    expect(summary.textContent).toContain('Saisissez le nom et le prénom');
    expect(summary.textContent).toContain('Choisissez le rôle');
    expect(q('new-email')?.getAttribute('aria-invalid')).toBe('true');
    expect(q('new-email')?.getAttribute('aria-describedby')).toContain('new-email-error');
    expect(el.querySelector('#new-email-error')?.textContent).toContain('Saisissez une adresse e-mail valide');

    await type('new-email', 'karim@ecole.ma');
    await type('new-name', 'Karim');
    await pick('new-role', 'officer');
    q('new-submit')!.click();
    await settle();
    await fixture.whenStable();
    expect(q('error-summary')?.textContent).toContain("Choisissez l'unité où la personne exercera ce rôle");
    controller.expectNone('/api/admin/users');
  });

  it('offers only units that fit the role: schools for school roles, province or academy for officers', async () => {
    await pick('new-role', 'officer');
    const province = q<HTMLSelectElement>('new-unit-province')!;
    expect(Array.from(province.options).map((o) => o.textContent?.trim())).toEqual([
      'Choisir…',
      "Toute l'académie : Académie Rabat-Salé-Kénitra",
      'Direction provinciale de Rabat',
      'Direction provinciale de Salé',
    ]);
    expect(q('new-unit-school')).toBeNull();
    // The scope is one academy: "whole country" is never offered, even to an administrator.
    await pick('new-role', 'admin');
    expect(Array.from(q<HTMLSelectElement>('new-unit-region')!.options).map((o) => o.value)).not.toContain('__national');
  });

  it('creates the account and shows the one-time link once, with its expiry, a copy button and whether it was e-mailed', async () => {
    await fillCoordinator();
    q('new-submit')!.click();
    await settle();
    const req = controller.expectOne('/api/admin/users');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      email: 'karim@ecole.ma',
      displayName: 'Karim Alaoui',
      locale: 'fr',
      role: 'coordinator',
      unitId: 's1',
    });
    req.flush(
      {
        user: adminUser(),
        link: { url: 'https://sanad.example/setup-password?token=abc', expiresAt: '2026-11-23T10:00:00.000Z', emailed: false },
      },
      { status: 201, statusText: 'Created' },
    );
    await settle();
    await fixture.whenStable();

    expect(q('account-created')?.textContent).toContain('Compte créé : Karim Alaoui');
    expect(q<HTMLInputElement>('password-link-url')?.value).toBe('https://sanad.example/setup-password?token=abc');
    expect(q('password-link')?.textContent).toContain("Ce lien n'est affiché qu'une seule fois, maintenant.");
    expect(q('password-link')?.textContent).toContain('expire le');
    expect(q('password-link-emailed')?.textContent).toContain("Le lien n'a pas été envoyé par e-mail");
    expect(document.activeElement).toBe(q('password-link'));
    expect(q('account-new-form')).toBeNull();

    const writeText = spyOn(navigator.clipboard, 'writeText').and.resolveTo();
    q('password-link-copy')!.click();
    await settle();
    await fixture.whenStable();
    expect(writeText).toHaveBeenCalledWith('https://sanad.example/setup-password?token=abc');
    expect(q('password-link-copied')?.textContent).toContain('Lien copié.');

    // Another account: the link is gone for good.
    q('account-created-another')!.click();
    await fixture.whenStable();
    expect(q('password-link')).toBeNull();
    expect(q<HTMLInputElement>('new-email')?.value).toBe('');
  });

  it('shows 409 EMAIL_TAKEN with the API message on the e-mail field and in the summary', async () => {
    await fillCoordinator();
    q('new-submit')!.click();
    await settle();
    controller
      .expectOne('/api/admin/users')
      .flush(
        { statusCode: 409, code: 'EMAIL_TAKEN', message: 'Un compte existe déjà avec cette adresse.' },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    await fixture.whenStable();
    expect(el.querySelector('#new-email-error')?.textContent).toContain('Un compte existe déjà avec cette adresse.');
    expect(q('error-summary')?.textContent).toContain('Un compte existe déjà avec cette adresse.');
    expect(q('error-summary')?.querySelector('a')?.getAttribute('href')).toBe('#new-email');
    expect(q('password-link')).toBeNull();
  });

  it('words 409 EMAIL_TAKEN itself when the API sends no message', async () => {
    await fillCoordinator();
    q('new-submit')!.click();
    await settle();
    controller.expectOne('/api/admin/users').flush({ statusCode: 409, code: 'EMAIL_TAKEN' }, { status: 409, statusText: 'Conflict' });
    await settle();
    await fixture.whenStable();
    expect(el.querySelector('#new-email-error')?.textContent).toContain('Un compte existe déjà avec cette adresse e-mail');
  });

  it('puts 400 details (unitId: membership.unit_mismatch) on the unit picker', async () => {
    await fillCoordinator();
    q('new-submit')!.click();
    await settle();
    controller.expectOne('/api/admin/users').flush(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Vérifiez les champs',
        details: [{ field: 'unitId', code: 'membership.unit_mismatch', message: "Ce rôle ne s'exerce pas dans cette unité" }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    await fixture.whenStable();
    expect(el.querySelector('#new-unit-unit-error')?.textContent).toContain("Ce rôle ne s'exerce pas dans cette unité");
  });
});
