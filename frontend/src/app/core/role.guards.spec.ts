import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { TEST_USER, provideTestTransloco, settle } from '../../testing/testing';
import { routes } from '../app.routes';
import { Role } from './user';

describe('routes by role (adminMatch, caseWorkGuard)', () => {
  let controller: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTestTransloco(),
        provideRouter(routes, withComponentInputBinding()),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    controller = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    // The pages reached ask for their data: not the subject here.
    controller.match(() => true);
    controller.verify();
  });

  async function navigateAs(role: Role, url: string): Promise<{ url: string; text: string }> {
    const harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl(url);
    // Lazy route files load before the guards run: wait for the session check.
    for (let i = 0; i < 100; i++) {
      const requests = controller.match('/api/auth/me');
      if (requests.length > 0) {
        for (const r of requests) r.flush({ user: { ...TEST_USER, role, school: role === 'admin' ? null : TEST_USER.school } });
        break;
      }
      await settle(20);
    }
    await navigation;
    await settle();
    harness.detectChanges();
    return { url: TestBed.inject(Router).url, text: harness.routeNativeElement?.textContent ?? '' };
  }

  it('sends an administrator from the home page and "Mon travail" to the accounts', async () => {
    expect((await navigateAs('admin', '/')).url).toBe('/admin/accounts');
  });

  it('keeps administrators out of the case pages (no case content: 403 NO_SCHOOL_SCOPE)', async () => {
    expect((await navigateAs('admin', '/cases')).url).toBe('/admin/accounts');
  });

  it('opens the administration pages for an administrator', async () => {
    const page = await navigateAs('admin', '/admin');
    expect(page.url).toBe('/admin/accounts');
    expect(page.text).toContain('Comptes');
  });

  for (const role of ['team_member', 'principal', 'officer'] as const) {
    it(`shows "page introuvable" at /admin/accounts to a ${role}`, async () => {
      const page = await navigateAs(role, '/admin/accounts');
      expect(page.url).toBe('/admin/accounts');
      expect(page.text).toContain('Page introuvable');
    });
  }

  it('sends an officer from home to the transmissions inbox', async () => {
    expect((await navigateAs('officer', '/')).url).toBe('/transmissions');
  });

  it('keeps officers out of the case pages (no case files)', async () => {
    expect((await navigateAs('officer', '/cases')).url).toBe('/transmissions');
  });

  it('opens the transmissions inbox for an officer', async () => {
    expect((await navigateAs('officer', '/transmissions')).text).toContain('Transmissions reçues');
  });

  for (const role of ['team_member', 'principal', 'admin'] as const) {
    it(`shows "page introuvable" at /transmissions to a ${role}`, async () => {
      expect((await navigateAs(role, '/transmissions')).text).toContain('Page introuvable');
    });
  }

  it('opens the school summaries for a principal', async () => {
    expect((await navigateAs('principal', '/statistics/summaries')).text).toContain('Bilans périodiques');
  });

  it('shows "page introuvable" at /statistics/summaries to an officer', async () => {
    expect((await navigateAs('officer', '/statistics/summaries')).text).toContain('Page introuvable');
  });

  it('shows "page introuvable" at /statistics to a team member', async () => {
    expect((await navigateAs('team_member', '/statistics')).text).toContain('Page introuvable');
  });

  it('opens the statistics for a principal', async () => {
    expect((await navigateAs('principal', '/statistics')).text).toContain('Statistiques');
  });

  it('still sends school roles to "Mon travail"', async () => {
    expect((await navigateAs('coordinator', '/')).url).toBe('/my-work');
  });
});
