import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { FIXTURE_KNOWLEDGE } from '../../../testing/protocol-fixture';
import { TEST_USER, provideTestTransloco, settle } from '../../../testing/testing';
import { AuthService } from '../../core/auth.service';
import { Knowledge } from '../../knowledge/knowledge.model';
import { apiInterceptor } from '../../core/api.interceptor';
import { LanguageService } from '../../core/language.service';
import { CaseSummary, Page, StaffMember } from '../case.model';
import { CaseListComponent } from './case-list.component';

function aCase(n: number, state = 'REPORTED'): CaseSummary {
  return {
    id: `c${n}`,
    reference: `SAN-2025-000${n}`,
    title: `Dossier ${n}`,
    occurredOn: '2025-03-10',
    state,
    createdAt: '2025-03-11T09:00:00.000Z',
    createdBy: { id: 'u1', displayName: 'Amina Benali' },
    restricted: false,
    tier: null,
    types: [],
    platforms: [],
    nextDueAt: null,
    overdue: false,
    awaitingPrincipal: [],
  };
}

const L = (fr: string, ar = fr, en = fr) => ({ fr, ar, en });
const KNOWLEDGE: Knowledge = {
  ...FIXTURE_KNOWLEDGE,
  taxonomy: {
    ...FIXTURE_KNOWLEDGE.taxonomy,
    types: [
      {
        code: 'INSULT',
        label: L('Insultes, injures', 'السب والشتم'),
        definition: L(''),
        ministryCategory: 'VERBAL',
        sexualContentOfMinor: false,
        sources: [],
      },
      {
        code: 'THREATS',
        label: L('Menaces', 'التهديد'),
        definition: L(''),
        ministryCategory: 'VERBAL',
        sexualContentOfMinor: false,
        sources: [],
      },
    ],
    tiers: [{ code: 'T2', label: L('Grave', 'خطير'), description: L(''), defaultTrack: 'formal', sources: [] }],
  },
};

const STAFF: StaffMember[] = [
  { id: '5a0d0003-0000-4000-8000-00000000000a', displayName: 'Amina Benali', roles: ['team_member'] },
  { id: '5a0d0003-0000-4000-8000-00000000000b', displayName: 'Karim Alaoui', roles: ['coordinator'] },
];

function page(items: CaseSummary[], total = items.length, pageNo = 1): Page<CaseSummary> {
  return { items, total, page: pageNo, pageSize: 20 };
}

describe('CaseListComponent', () => {
  let fixture: ComponentFixture<CaseListComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = (testId: string): HTMLElement | null => el.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const all = (testId: string): HTMLElement[] => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`));

  async function render(pageParam?: string, params: Record<string, string> = {}): Promise<void> {
    fixture = TestBed.createComponent(CaseListComponent);
    if (pageParam) fixture.componentRef.setInput('page', pageParam);
    for (const [key, value] of Object.entries(params)) fixture.componentRef.setInput(key, value);
    el = fixture.nativeElement as HTMLElement;
    controller.expectOne('/api/knowledge').flush(KNOWLEDGE);
    controller.expectOne('/api/cases/staff').flush(STAFF);
    await fixture.whenStable();
  }

  async function answer(body: Page<CaseSummary>, url = '/api/cases?page=1&pageSize=20'): Promise<void> {
    const req = controller.expectOne(url);
    expect(req.request.method).toBe('GET');
    req.flush(body);
    await settle();
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTestTransloco(),
        provideRouter([]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    controller = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    controller.verify();
    document.documentElement.lang = 'fr';
    document.documentElement.dir = 'ltr';
    localStorage.removeItem('sanad.lang');
  });

  it('announces loading, then lists the cases with translated states', async () => {
    await render();
    expect(q('list-status')?.textContent).toContain('Chargement des dossiers');
    expect(q('list-status')?.getAttribute('role')).toBe('status');
    await answer(page([aCase(2, 'EMERGENCY_ESCALATED'), aCase(1, 'REPORTED')]));

    const rows = all('case-row');
    expect(rows.length).toBe(2);
    expect(rows[0]?.textContent).toContain('SAN-2025-0002');
    expect(rows[0]?.textContent).toContain('Dossier 2');
    expect(rows[0]?.textContent).toContain('Urgence signalée');
    if (window.matchMedia('(min-width: 40em)').matches) {
      expect(rows[0]?.textContent).toContain('10 mars 2025');
      expect(rows[0]?.textContent).toContain('Amina Benali');
    }
    expect(rows[1]?.textContent).toContain('Signalé');
    expect(q('list-status')?.textContent).toContain('2 dossier(s)');
    expect(q('new-case-button')?.getAttribute('href')).toBe('/cases/new');
    expect(rows[0]?.querySelector('[data-testid="case-link"]')?.getAttribute('href')).toBe('/cases/c2');
  });

  it('uses a table with column headers on a wide screen', async () => {
    await render();
    await answer(page([aCase(1)]));
    if (window.matchMedia('(min-width: 40em)').matches) {
      const headers = Array.from(el.querySelectorAll('thead th')).map((th) => th.textContent?.trim());
      expect(headers).toEqual(['Référence', 'Titre', 'État', 'Types', 'Prochaine échéance']);
      expect(el.querySelector('th[scope="row"]')?.textContent).toContain('Dossier 1');
    } else {
      expect(q('cases-cards')).not.toBeNull();
    }
  });

  it('shows an unknown state with a fallback label', async () => {
    await render();
    await answer(page([aCase(1, 'SOMETHING_NEW')]));
    expect(all('case-row')[0]?.textContent).toContain('État inconnu (SOMETHING_NEW)');
  });

  it('shows an empty state when the school has no case', async () => {
    await render();
    await answer(page([], 0));
    expect(all('case-row').length).toBe(0);
    expect(q('cases-empty')?.textContent).toContain('Aucun dossier pour le moment');
    expect(q('pagination')).toBeNull();
  });

  it('paginates: page X of Y with previous and next links', async () => {
    await render('2');
    await answer(page([aCase(1)], 45, 2), '/api/cases?page=2&pageSize=20');
    expect(q('page-position')?.textContent?.trim()).toBe('Page 2 sur 3');
    expect(q('page-prev')?.getAttribute('href')).toBe('/cases');
    expect(q('page-next')?.getAttribute('href')).toBe('/cases?page=3');
    expect(q('pagination')?.getAttribute('aria-label')).toBe('Pagination');
  });

  it('hides "previous" on the first page and "next" on the last', async () => {
    await render();
    await answer(page([aCase(1)], 21));
    expect(q('page-prev')).toBeNull();
    expect(q('page-next')).not.toBeNull();
    expect(q('page-position')?.textContent?.trim()).toBe('Page 1 sur 2');
  });

  it('offers to try again when loading fails', async () => {
    await render();
    controller.expectOne('/api/cases?page=1&pageSize=20').flush({ code: 'X' }, { status: 500, statusText: 'Error' });
    await settle();
    await fixture.whenStable();
    expect(q('list-error')?.textContent).toContain('Impossible de charger les dossiers');
    q('list-error')!.querySelector('button')!.click();
    await fixture.whenStable();
    await answer(page([aCase(1)]));
    expect(all('case-row').length).toBe(1);
  });

  it('follows the language: Arabic labels and ar-MA dates with Latin digits', async () => {
    await render();
    await answer(page([aCase(1, 'CLOSED')]));
    await TestBed.inject(LanguageService).use('ar');
    await fixture.whenStable();
    const row = all('case-row')[0];
    expect(row.textContent).toContain('مغلق');
    if (window.matchMedia('(min-width: 40em)').matches) {
      expect(row.textContent).toContain(
        new Intl.DateTimeFormat('ar-MA', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(2025, 2, 10)),
      );
    }
    expect(row.textContent).toMatch(/10/);
  });

  it('shows the tier, the types from the taxonomy, the deadline (overdue highlighted) and the restricted marker', async () => {
    await render();
    const c = {
      ...aCase(3, 'TRIAGED'),
      tier: 'T2',
      types: ['INSULT', 'THREATS'],
      nextDueAt: '2025-03-12T10:00:00.000Z',
      overdue: true,
      restricted: true,
    };
    await answer(page([c, aCase(4)]));
    const [row, other] = all('case-row');
    expect(row.querySelector('[data-testid="case-tier"]')?.textContent?.trim()).toBe('T2');
    expect(row.textContent).toContain('Insultes, injures, Menaces');
    expect(row.querySelector('[data-testid="case-deadline"]')?.textContent).toContain('En retard');
    expect(row.querySelector('[data-testid="case-deadline"]')?.classList).toContain('deadline--overdue');
    expect(row.querySelector('[data-testid="case-restricted"]')?.textContent).toContain('Accès restreint');
    expect(other.querySelector('[data-testid="case-restricted"]')).toBeNull();
    expect(other.textContent).toContain('Aucune');
  });

  it('reads the filters from the address: the request, the filled-in filter bar and the sort', async () => {
    await render('2', {
      q: 'tiktok',
      state: 'REPORTED,TRIAGED',
      tier: 'T2',
      type: 'INSULT',
      overdue: 'true',
      from: '2025-01-01',
      sort: 'nextDueAt',
    });
    await answer(
      page([aCase(1)], 30, 2),
      '/api/cases?page=2&pageSize=20&q=tiktok&state=REPORTED,TRIAGED&tier=T2&type=INSULT&from=2025-01-01&overdue=true&sort=nextDueAt',
    );
    expect(el.querySelector<HTMLInputElement>('#filter-q')!.value).toBe('tiktok');
    expect(el.querySelector<HTMLInputElement>('#filter-state-REPORTED')!.checked).toBeTrue();
    expect(el.querySelector<HTMLInputElement>('#filter-state-CLOSED')!.checked).toBeFalse();
    expect(el.querySelector<HTMLInputElement>('#filter-tier-T2')!.checked).toBeTrue();
    expect(el.querySelector<HTMLInputElement>('#filter-overdue')!.checked).toBeTrue();
    expect((q('case-sort') as HTMLSelectElement).value).toBe('nextDueAt');
    // the pages keep the filters
    expect(q('page-prev')?.getAttribute('href')).toBe(
      '/cases?q=tiktok&state=REPORTED,TRIAGED&tier=T2&type=INSULT&from=2025-01-01&overdue=true&sort=nextDueAt',
    );
    expect(q('filter-clear')).not.toBeNull();
  });

  it('applies the filter bar to the address, back to page 1, and clears it', async () => {
    const router = TestBed.inject(Router);
    const navigate = spyOn(router, 'navigate').and.resolveTo(true);
    await render('3');
    await answer(page([aCase(1)], 60, 3), '/api/cases?page=3&pageSize=20');
    const search = el.querySelector<HTMLInputElement>('#filter-q')!;
    search.value = 'Dossier';
    search.dispatchEvent(new Event('input'));
    el.querySelector<HTMLInputElement>('#filter-state-MONITORING')!.click();
    el.querySelector<HTMLInputElement>('#filter-platform-TIKTOK')!.click();
    el.querySelector<HTMLInputElement>('#filter-review')!.click();
    const to = el.querySelector<HTMLInputElement>('#filter-to')!;
    to.value = '2025-03-31';
    to.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    q('filter-apply')!.click();
    expect(navigate).toHaveBeenCalledWith(['/cases'], {
      queryParams: { q: 'Dossier', state: 'MONITORING', platform: 'TIKTOK', to: '2025-03-31', review: 'true' },
    });

    const sort = q('case-sort') as HTMLSelectElement;
    sort.value = '-updatedAt';
    sort.dispatchEvent(new Event('change'));
    expect(navigate).toHaveBeenCalledWith(['/cases'], { queryParams: { sort: '-updatedAt' } });
  });

  it('says when no case matches and offers to clear the filters', async () => {
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
    await render(undefined, { state: 'CLOSED', sort: 'reference' });
    await answer(page([], 0), '/api/cases?page=1&pageSize=20&state=CLOSED&sort=reference');
    expect(q('cases-empty')).toBeNull();
    expect(q('cases-no-match')?.textContent).toContain('Aucun dossier ne correspond');
    expect(q('list-status')?.textContent).toContain('Aucun dossier ne correspond aux filtres');
    expect(q('list-status')?.getAttribute('aria-live')).toBe('polite');
    q('empty-clear')!.click();
    expect(navigate).toHaveBeenCalledWith(['/cases'], { queryParams: { sort: 'reference' } });
  });

  it('folds the filters behind a "Filtres" button on a phone', async () => {
    await render();
    await answer(page([aCase(1)]));
    if (window.matchMedia('(min-width: 40em)').matches) {
      expect(q('filters-toggle')).toBeNull();
      expect(q('filter-form')?.hidden).toBeFalse();
    } else {
      const toggle = q('filters-toggle')!;
      expect(toggle.getAttribute('aria-expanded')).toBe('false');
      expect(q('filter-form')?.hidden).toBeTrue();
      toggle.click();
      await fixture.whenStable();
      expect(toggle.getAttribute('aria-expanded')).toBe('true');
      expect(q('filter-form')?.hidden).toBeFalse();
    }
  });

  it('"Opened by me" filters on the signed-in person and reads back from the address', async () => {
    const me = '5a0d0003-0000-4000-8000-000000000001';
    const session = TestBed.inject(AuthService).ensureSession();
    controller.expectOne('/api/auth/me').flush({ user: { ...TEST_USER, id: me } });
    await session;
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
    await render(undefined, { createdBy: me });
    await answer(page([aCase(1)]), `/api/cases?page=1&pageSize=20&createdBy=${me}`);
    const mine = el.querySelector<HTMLInputElement>('#filter-mine')!;
    expect(mine.checked).toBeTrue();
    mine.click();
    await fixture.whenStable();
    q('filter-apply')!.click();
    expect(navigate).toHaveBeenCalledWith(['/cases'], { queryParams: {} });
  });

  it('filters on the person in charge (me, nobody, a colleague) and shows who is in charge of each case', async () => {
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
    await render(undefined, { assignee: 'none' });
    await answer(
      page([{ ...aCase(1), assignee: { id: STAFF[1].id, displayName: 'Karim Alaoui' } }]),
      '/api/cases?page=1&pageSize=20&assignee=none',
    );
    const select = el.querySelector<HTMLSelectElement>('#filter-assignee')!;
    expect(el.querySelector('label[for="filter-assignee"]')?.textContent).toContain('Personne en charge');
    expect(select.value).toBe('none');
    expect(Array.from(select.options).map((o) => o.textContent?.trim())).toEqual([
      'Tout le monde',
      'Moi',
      "Personne pour l'instant",
      'Amina Benali',
      'Karim Alaoui',
    ]);
    expect(q('case-assignee')?.textContent).toContain('Karim Alaoui');
    select.value = STAFF[0].id;
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    q('filter-apply')!.click();
    expect(navigate).toHaveBeenCalledWith(['/cases'], { queryParams: { assignee: STAFF[0].id } });
  });
});
