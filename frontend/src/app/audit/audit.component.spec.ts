import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideTestTransloco, settle, signInAs } from '../../testing/testing';
import { apiInterceptor } from '../core/api.interceptor';
import { AuthService } from '../core/auth.service';
import { LanguageService } from '../core/language.service';
import { Role } from '../core/user';
import { AUDIT_ACTIONS, AuditEntry, AuditPage } from './audit-api';
import { AuditComponent } from './audit.component';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class BlankComponent {}

const CASE_ID = '3f2b8c1e-5d4a-4c6b-9e2f-1a2b3c4d5e6f';
const USER_ID = '0b6e5a4c-1d2e-4f3a-8b9c-0d1e2f3a4b5c';

function entry(seq: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    at: '2026-11-22T09:15:00.000Z',
    action: 'case.read',
    actor: { id: USER_ID, role: 'principal' },
    schoolId: 's1',
    caseId: CASE_ID,
    targetId: null,
    details: {},
    ...overrides,
  };
}

function page(items: AuditEntry[], total = items.length, pageNo = 1): AuditPage {
  return { items, total, page: pageNo, pageSize: 50 };
}

type Query = Partial<Record<'page' | 'action' | 'caseId' | 'from' | 'to', string>>;

describe('AuditComponent', () => {
  let fixture: ComponentFixture<AuditComponent>;
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

  async function render(role: Role, query: Query = {}): Promise<void> {
    await signInAs(TestBed.inject(AuthService), controller, role);
    fixture = TestBed.createComponent(AuditComponent);
    for (const [name, value] of Object.entries(query)) fixture.componentRef.setInput(name, value);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
  }

  /** Answers the pending GET /api/audit and returns its query parameters. */
  async function answer(body: object, init?: { status: number; statusText: string }): Promise<Record<string, string | null>> {
    const req = controller.expectOne((r) => r.url === '/api/audit');
    expect(req.request.method).toBe('GET');
    const params = Object.fromEntries(req.request.params.keys().map((k) => [k, req.request.params.get(k)]));
    req.flush(body, init);
    await settle();
    await fixture.whenStable();
    return params;
  }

  async function type(testId: string, value: string): Promise<void> {
    const input = q<HTMLInputElement | HTMLSelectElement>(testId)!;
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
    await fixture.whenStable();
  }

  async function click(testId: string): Promise<void> {
    q<HTMLButtonElement>(testId)!.click();
    await settle();
    await fixture.whenStable();
  }

  describe('for a principal', () => {
    it('announces loading, then lists the entries of the school, newest first', async () => {
      await render('principal');
      expect(q('audit-page')).not.toBeNull();
      expect(q('audit-status')?.textContent).toContain('Chargement du journal');
      const params = await answer(
        page([
          entry(12, { action: 'case.write', details: { stepId: 'triage' } }),
          entry(11, { action: 'auth.login_failed', actor: null, caseId: null, details: { code: 'AUTH_INVALID_CREDENTIALS' } }),
        ]),
      );
      expect(params).toEqual({ page: '1', pageSize: '50' });

      expect(el.querySelector('h1')?.textContent).toContain("Journal d'accès");
      expect(q('audit-status')?.textContent).toContain('2 entrée(s)');
      const rows = all('audit-row');
      expect(rows.length).toBe(2);
      expect(rows[0]?.getAttribute('data-seq')).toBe('12');
      expect(rows[0]?.textContent).toContain("Modification d'un dossier");
      expect(rows[0]?.textContent).toContain("Chef·fe d'établissement");
      expect(rows[0]?.textContent).toContain(USER_ID);
      expect(rows[0]?.textContent).toContain('22 nov. 2026');
      // Moroccan time, whatever the time zone of the computer.
      const moroccanTime = new Intl.DateTimeFormat('fr-MA', {
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
        timeZone: 'Africa/Casablanca',
      }).format(new Date('2026-11-22T09:15:00.000Z'));
      expect(rows[0]?.textContent).toContain(moroccanTime);
      expect(rows[0]?.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-22T09:15:00.000Z');
      expect(rows[0]?.textContent).toContain('Étape');
      expect(rows[0]?.textContent).toContain('triage');
      expect(rows[1]?.textContent).toContain('Échec de connexion');
      expect(rows[1]?.textContent).toContain('Personne (pas de session)');
      expect(rows[1]?.textContent).toContain('AUTH_INVALID_CREDENTIALS');
      expect(rows[1]?.querySelector('[data-testid="audit-case-link"]')).toBeNull();
    });

    it('links a case id to the case page', async () => {
      await render('principal');
      await answer(page([entry(1)]));
      const link = all('audit-row')[0]?.querySelector('[data-testid="audit-case-link"]');
      expect(link?.getAttribute('href')).toBe(`/cases/${CASE_ID}`);
      expect(link?.textContent).toContain(`Dossier ${CASE_ID}`);
    });

    it('shows a table with column headers on a wide screen, cards under 600 px', async () => {
      await render('principal');
      await answer(page([entry(1)]));
      if (window.matchMedia('(min-width: 37.5em)').matches) {
        const headers = Array.from(el.querySelectorAll('thead th')).map((th) => th.textContent?.trim());
        expect(headers).toEqual(['N°', 'Date et heure', 'Action', 'Par', 'Dossier', 'Détails']);
        expect(el.querySelector('tbody th[scope="row"]')?.textContent).toContain("Consultation d'un dossier");
        expect(q('audit-cards')).toBeNull();
      } else {
        expect(q('audit-cards')).not.toBeNull();
        expect(q('audit-table')).toBeNull();
      }
    });

    it('offers every action in the filter, with translated labels', async () => {
      await render('principal');
      await answer(page([]));
      const select = q<HTMLSelectElement>('audit-filter-action')!;
      expect(el.querySelector(`label[for="${select.id}"]`)?.textContent?.trim()).toBe('Action');
      const options = Array.from(select.options);
      expect(options.map((o) => o.value)).toEqual(['', ...AUDIT_ACTIONS]);
      expect(options.map((o) => o.textContent?.trim())).toEqual([
        'Toutes les actions',
        'Connexion',
        'Échec de connexion',
        'Déconnexion',
        "Consultation d'un dossier",
        'Consultation de la liste des dossiers',
        "Modification d'un dossier",
        "Consultation d'une preuve",
        'Export',
        "Transmission d'un signalement",
        'Changement de rôle',
        'Changement de configuration',
        'Accès refusé',
        'Changement de rôle actif',
        "Création d'un compte",
        "Désactivation d'un compte",
        "Réactivation d'un compte",
        'Lien de mot de passe créé',
        "Fermeture des sessions d'un compte",
        "Création ou modification d'un établissement",
        "Import d'établissements et de comptes",
        "Ajout d'une preuve",
        'Fichier de preuve refusé',
        "Suppression d'une preuve",
        'Purge de conservation : dossier',
        'Purge de conservation : exécution',
        "Consultation d'un signalement en ligne",
        "Traitement d'un signalement en ligne",
      ]);
    });

    it('sends the filters of the address as query parameters, and shows them in the form', async () => {
      await render('principal', { action: 'case.read', caseId: CASE_ID.toUpperCase(), from: '2026-11-01', to: '2026-11-30', page: '2' });
      const params = await answer(page([entry(1)], 51, 2));
      expect(params).toEqual({ page: '2', pageSize: '50', action: 'case.read', caseId: CASE_ID, from: '2026-11-01', to: '2026-11-30' });
      expect(q<HTMLSelectElement>('audit-filter-action')!.value).toBe('case.read');
      expect(q<HTMLInputElement>('audit-filter-case')!.value).toBe(CASE_ID);
      expect(q<HTMLInputElement>('audit-filter-from')!.value).toBe('2026-11-01');
      expect(q<HTMLInputElement>('audit-filter-to')!.value).toBe('2026-11-30');
      expect(q('audit-filter-clear')).not.toBeNull();
    });

    it('leaves out values of the address the API would refuse', async () => {
      await render('principal', { action: 'case.delete', caseId: 'SAN-2025-0001', from: '2026-02-30', to: 'hier' });
      expect(await answer(page([]))).toEqual({ page: '1', pageSize: '50' });
    });

    it('reloads when the filters in the address change', async () => {
      await render('principal');
      await answer(page([entry(1)]));
      fixture.componentRef.setInput('action', 'auth.login');
      await fixture.whenStable();
      expect(await answer(page([]))).toEqual({ page: '1', pageSize: '50', action: 'auth.login' });
      expect(q('audit-empty')?.textContent).toContain('Aucune entrée ne correspond à ces filtres');
    });

    it('applies the filters by putting them in the address (back to page 1)', async () => {
      await render('principal', { page: '3' });
      await answer(page([entry(1)], 150, 3));
      const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
      await type('audit-filter-action', 'case.write');
      await type('audit-filter-case', `  ${CASE_ID.toUpperCase()} `);
      await type('audit-filter-from', '2026-11-01');
      await type('audit-filter-to', '2026-11-01');
      await click('audit-filter-apply');
      expect(navigate).toHaveBeenCalledWith(['/audit'], {
        queryParams: { action: 'case.write', caseId: CASE_ID, from: '2026-11-01', to: '2026-11-01' },
      });
      expect(q('error-summary')).toBeNull();
    });

    it('clears the filters', async () => {
      await render('principal', { action: 'auth.login' });
      await answer(page([]));
      const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
      await click('audit-filter-clear');
      expect(navigate).toHaveBeenCalledWith(['/audit']);
      expect(q<HTMLSelectElement>('audit-filter-action')!.value).toBe('');
    });

    it('checks the case id and the period before applying them', async () => {
      await render('principal');
      await answer(page([]));
      const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
      await type('audit-filter-case', 'SAN-2025-0001');
      await type('audit-filter-from', '2026-11-30');
      await type('audit-filter-to', '2026-11-01');
      await click('audit-filter-apply');

      const summary = q('error-summary')!;
      expect(document.activeElement).toBe(summary);
      expect(Array.from(summary.querySelectorAll('a')).map((a) => a.getAttribute('href'))).toEqual(['#audit-case-id', '#audit-to']);
      expect(el.querySelector('#audit-case-id-error')?.textContent).toContain("Saisissez l'identifiant complet du dossier");
      expect(el.querySelector('#audit-to-error')?.textContent).toContain(
        'La date de fin doit être le même jour que la date de début ou après',
      );
      expect(q('audit-filter-case')!.getAttribute('aria-invalid')).toBe('true');
      expect(q('audit-filter-to')!.getAttribute('aria-describedby')).toBe('audit-to-error');
      expect(navigate).not.toHaveBeenCalled();
    });

    it('shows a filter the API refuses (400 VALIDATION_FAILED) on its field', async () => {
      await render('principal', { from: '2026-11-30', to: '2026-11-01' });
      await answer(
        {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'Données invalides',
          details: [{ field: 'to', code: 'audit.range.invalid', message: 'x' }],
        },
        { status: 400, statusText: 'Bad Request' },
      );
      expect(el.querySelector('#audit-to-error')?.textContent).toContain('La date de fin doit être');
      expect(q('error-summary')?.querySelector('a')?.getAttribute('href')).toBe('#audit-to');
      expect(q('audit-invalid-filters')).not.toBeNull();
      expect(all('audit-row').length).toBe(0);
      // Other filters in the address (back, a link): the old problem goes away.
      fixture.componentRef.setInput('from', '2026-10-01');
      await fixture.whenStable();
      await answer(page([entry(1)]));
      expect(q('error-summary')).toBeNull();
      expect(all('audit-row').length).toBe(1);
    });

    it('says when the log cannot be loaded, and tries again', async () => {
      await render('principal');
      await answer({ statusCode: 500, code: 'INTERNAL', message: 'x' }, { status: 500, statusText: 'Server Error' });
      const error = q('audit-error')!;
      expect(error.textContent).toContain('Impossible de charger le journal');
      error.querySelector('button')!.click();
      await fixture.whenStable();
      await answer(page([entry(1)]));
      expect(all('audit-row').length).toBe(1);
    });

    it('shows an empty log', async () => {
      await render('principal');
      await answer(page([], 0));
      expect(q('audit-empty')?.textContent).toContain('Le journal ne contient encore aucune entrée');
      expect(q('audit-pagination')).toBeNull();
    });

    it('paginates: page X of Y, keeping the filters', async () => {
      await render('principal', { page: '2', action: 'case.read' });
      await answer(page([entry(1)], 120, 2));
      expect(q('audit-page-position')?.textContent?.trim()).toBe('Page 2 sur 3');
      expect(q('audit-page-prev')?.getAttribute('href')).toContain('/audit?');
      expect(q('audit-page-prev')?.getAttribute('href')).toContain('page=1');
      expect(q('audit-page-next')?.getAttribute('href')).toContain('page=3');
    });

    it('does not offer the integrity check (administrators only)', async () => {
      await render('principal');
      await answer(page([]));
      expect(q('audit-verify')).toBeNull();
    });

    it('shows unknown actions and roles with a fallback label', async () => {
      await render('principal');
      await answer(page([entry(1, { action: 'case.archive', actor: { id: USER_ID, role: 'inspector' } })]));
      expect(all('audit-row')[0]?.textContent).toContain('Action inconnue (case.archive)');
      expect(all('audit-row')[0]?.textContent).toContain('Rôle inconnu (inspector)');
    });

    it('reads in Arabic', async () => {
      await TestBed.inject(LanguageService).use('ar');
      await render('principal');
      await answer(page([entry(1, { action: 'auth.login' })]));
      expect(el.querySelector('h1')?.textContent).toContain('سجل الولوج');
      expect(all('audit-row')[0]?.textContent).toContain('تسجيل الدخول');
    });
  });

  describe('for other roles', () => {
    it('explains that the log is for principals and administrators, without calling the API', async () => {
      await render('team_member');
      expect(q('audit-forbidden')?.textContent).toContain(
        "Le journal d'accès est réservé aux chefs d'établissement et aux administrateurs",
      );
      controller.expectNone((r) => r.url === '/api/audit');
      expect(q('audit-filter-action')).toBeNull();
    });

    it('says the same when the API refuses (403 FORBIDDEN)', async () => {
      await render('principal');
      await answer({ statusCode: 403, code: 'FORBIDDEN', message: 'Vous n’avez pas accès' }, { status: 403, statusText: 'Forbidden' });
      expect(q('audit-forbidden')).not.toBeNull();
      expect(all('audit-row').length).toBe(0);
    });
  });

  describe('for an administrator', () => {
    it('shows the address and the school of each entry', async () => {
      await render('admin');
      await answer(page([entry(1, { ip: '10.0.0.7', targetId: 'evidence-9', schoolId: 's2' })]));
      const row = all('audit-row')[0];
      expect(row.textContent).toContain('Adresse IP');
      expect(row.textContent).toContain('10.0.0.7');
      expect(row.textContent).toContain('Établissement');
      expect(row.textContent).toContain('s2');
      expect(row.textContent).toContain('Cible');
      expect(row.textContent).toContain('evidence-9');
    });

    async function verify(body: object, init?: { status: number; statusText: string }): Promise<HTMLElement> {
      await render('admin');
      await answer(page([]));
      const button = q('audit-verify')!;
      expect(button.textContent?.trim()).toBe("Vérifier l'intégrité du journal");
      button.click();
      await fixture.whenStable();
      expect(button.textContent?.trim()).toBe('Vérification en cours…');
      const req = controller.expectOne('/api/audit/verify');
      expect(req.request.method).toBe('GET');
      req.flush(body, init);
      await settle();
      await fixture.whenStable();
      return q<HTMLElement>('audit-verify-result')!;
    }

    it('says calmly that the log is intact, and moves the focus to the result', async () => {
      const result = await verify({ ok: true, count: 1234, lastHash: 'ab'.repeat(32) });
      expect(result.getAttribute('data-ok')).toBe('true');
      expect(result.classList).toContain('notice--success');
      expect(result.textContent).toContain('Le journal est intact');
      expect(result.textContent).toContain('1234 entrée(s) vérifiée(s)');
      expect(result.textContent).toContain('ab'.repeat(32));
      expect(document.activeElement).toBe(result);
    });

    for (const [reason, words] of [
      ['missing_entry', 'Une entrée manque à cet endroit'],
      ['unexpected_seq', 'Les numéros des entrées ne se suivent plus'],
      ['prev_hash_mismatch', "Cette entrée n'est plus reliée à la précédente"],
      ['hash_mismatch', 'Le contenu de cette entrée a été modifié'],
    ] as const) {
      it(`raises a prominent alert naming the first broken entry and the reason (${reason})`, async () => {
        const result = await verify({ ok: false, brokenAt: 42, reason, count: 41 });
        expect(result.getAttribute('data-ok')).toBe('false');
        expect(result.classList).toContain('notice--error');
        expect(result.querySelector('.verify-result__icon')?.getAttribute('aria-hidden')).toBe('true');
        expect(result.textContent).toContain('Le journal a été altéré');
        expect(q('audit-verify-broken-at')?.textContent).toContain('n° 42');
        expect(q('audit-verify-broken-at')?.textContent).toContain(words);
        expect(result.textContent).toContain('Les 41 entrée(s) qui la précèdent sont intactes');
        expect(document.activeElement).toBe(result);
      });
    }

    it('words a reason it does not know with the API code', async () => {
      const result = await verify({ ok: false, brokenAt: 7, reason: 'new_reason', count: 6 });
      expect(result.textContent).toContain('Raison donnée par le serveur : new_reason');
    });

    it('says when the check is refused', async () => {
      const result = await verify({ statusCode: 403, code: 'FORBIDDEN', message: null }, { status: 403, statusText: 'Forbidden' });
      expect(result.getAttribute('data-ok')).toBe('error');
      expect(result.textContent).toContain("Seuls les administrateurs peuvent vérifier l'intégrité du journal");
    });
  });
});
