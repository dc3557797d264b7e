import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ProtocolDefinition } from '@sanad/protocols';
import { FIXTURE_DEF } from '../../../testing/protocol-fixture';
import { provideTestTransloco, settle, signInAs } from '../../../testing/testing';
import { apiInterceptor } from '../../core/api.interceptor';
import { AuthService } from '../../core/auth.service';
import { LanguageService } from '../../core/language.service';
import { CaseSummary, Page } from '../case.model';
import { ReviewQueueComponent, reviewStep } from './review-queue.component';

const DEF: ProtocolDefinition = {
  ...FIXTURE_DEF,
  phases: [
    ...FIXTURE_DEF.phases,
    {
      id: 'closure',
      title: { fr: 'Clôture', ar: 'الإغلاق', en: 'Closure' },
      steps: [
        {
          id: 'closure_signoff',
          title: { fr: 'Valider la clôture', ar: 'المصادقة على الإغلاق', en: 'Sign off the closure' },
          guidance: { fr: 'Validez ou renvoyez.', ar: 'صادق أو أرجع.', en: 'Approve or return.' },
          roles: ['principal'],
          availableIn: ['TRIAGED'],
          form: {
            fields: [
              {
                id: 'decision',
                type: 'choice',
                required: true,
                label: { fr: 'Décision', ar: 'القرار', en: 'Decision' },
                options: [
                  { value: 'APPROVE', label: { fr: 'Clôturer', ar: 'إغلاق', en: 'Close' } },
                  { value: 'RETURN', label: { fr: 'Renvoyer', ar: 'إرجاع', en: 'Return' } },
                ],
              },
            ],
          },
        },
      ],
    },
  ],
};

function aCase(n: number, awaiting: string[], extra: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id: `c${n}`,
    reference: `SAN-2025-000${n}`,
    title: `Dossier ${n}`,
    occurredOn: '2025-03-10',
    state: 'TRIAGED',
    createdAt: '2025-03-11T09:00:00.000Z',
    createdBy: { id: 'u1', displayName: 'Amina Benali' },
    restricted: false,
    tier: 'T2',
    types: [],
    platforms: [],
    nextDueAt: '2025-03-12T10:00:00.000Z',
    overdue: false,
    awaitingPrincipal: awaiting,
    ...extra,
  };
}

const QUEUE_URL = '/api/cases?page=1&pageSize=50&review=true&sort=nextDueAt';

describe('ReviewQueueComponent', () => {
  let fixture: ComponentFixture<ReviewQueueComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  const q = (id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const all = (id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));

  async function render(body: Page<CaseSummary>, role: 'principal' | 'coordinator' = 'principal'): Promise<void> {
    await signInAs(TestBed.inject(AuthService), controller, role);
    fixture = TestBed.createComponent(ReviewQueueComponent);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    controller.expectOne('/api/protocols').flush([{ id: DEF.id, version: DEF.version, status: 'published' }]);
    await settle();
    controller.expectOne(`/api/protocols/${DEF.id}/${DEF.version}`).flush({ contentHash: 'x', definition: DEF });
    const req = controller.expectOne(QUEUE_URL);
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

  it('lists what waits for the principal, soonest first, with step titles and a direct link to sign or decide', async () => {
    await render({ items: [aCase(1, ['triage'], { overdue: true }), aCase(2, ['closure_signoff'])], total: 2, page: 1, pageSize: 50 });
    expect(q('review-status')?.textContent).toContain('2 dossier(s) à valider');
    const items = all('review-item');
    expect(items.length).toBe(2);
    expect(items[0].textContent).toContain('SAN-2025-0001');
    expect(items[0].textContent).toContain('En retard');
    const [sign, decide] = all('review-step');
    expect(sign.getAttribute('data-kind')).toBe('signature');
    expect(sign.textContent).toContain('Qualifier la situation');
    expect(sign.textContent).toContain('Vérifier et signer');
    expect(sign.querySelector('a')?.getAttribute('href')).toBe('/cases/c1/steps/triage');
    expect(decide.getAttribute('data-kind')).toBe('decision');
    expect(decide.textContent).toContain('Valider la clôture');
    expect(decide.textContent).toContain('Approuvez, ou renvoyez avec un commentaire');
    expect(decide.querySelector('a')?.getAttribute('href')).toBe('/cases/c2/steps/closure_signoff');
    expect(q('review-not-principal')).toBeNull();
  });

  it('says when nothing waits, and tells a non-principal whom the list is for', async () => {
    await render({ items: [], total: 0, page: 1, pageSize: 50 }, 'coordinator');
    expect(q('review-empty')?.textContent).toContain('Rien à valider');
    expect(q('review-not-principal')).not.toBeNull();
  });

  it('shows step titles in Arabic', async () => {
    await render({ items: [aCase(1, ['closure_signoff'])], total: 1, page: 1, pageSize: 50 });
    await TestBed.inject(LanguageService).use('ar');
    await fixture.whenStable();
    expect(q('review-step')?.textContent).toContain('المصادقة على الإغلاق');
    expect(q('review-step')?.textContent).toContain('المصادقة أو الإرجاع');
  });

  it('classifies steps from the definition', () => {
    expect(reviewStep([DEF], 'triage').kind).toBe('signature');
    expect(reviewStep([DEF], 'closure_signoff').kind).toBe('decision');
    expect(reviewStep([DEF], 'unknown')).toEqual({ title: null, kind: 'action' });
  });
});
