import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTestTransloco, settle } from '../../../testing/testing';
import { apiInterceptor } from '../../core/api.interceptor';
import { LanguageService } from '../../core/language.service';
import { CaseSummary, Page } from '../case.model';
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
  };
}

function page(items: CaseSummary[], total = items.length, pageNo = 1): Page<CaseSummary> {
  return { items, total, page: pageNo, pageSize: 20 };
}

describe('CaseListComponent', () => {
  let fixture: ComponentFixture<CaseListComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = (testId: string): HTMLElement | null => el.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const all = (testId: string): HTMLElement[] => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`));

  async function render(pageParam?: string): Promise<void> {
    fixture = TestBed.createComponent(CaseListComponent);
    if (pageParam) fixture.componentRef.setInput('page', pageParam);
    el = fixture.nativeElement as HTMLElement;
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
    expect(rows[0]?.textContent).toContain('10 mars 2025');
    expect(rows[0]?.textContent).toContain('Amina Benali');
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
      expect(headers).toEqual(['Référence', 'Titre', 'Date des faits', 'État', 'Créé par']);
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
    expect(q('page-prev')?.getAttribute('href')).toBe('/cases?page=1');
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
    expect(row.textContent).toContain(
      new Intl.DateTimeFormat('ar-MA', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(2025, 2, 10)),
    );
    expect(row.textContent).toMatch(/10/);
  });
});
