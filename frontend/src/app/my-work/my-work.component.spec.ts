import type { AppNotification } from './my-work-api';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTestTransloco, settle, signInAs } from '../../testing/testing';
import { AuthService } from '../core/auth.service';
import { DueStep, Urgency } from '../cases/workflow.model';
import { apiInterceptor } from '../core/api.interceptor';
import { MyWorkComponent, groupByUrgency } from './my-work.component';

function due(n: number, urgency: Urgency, dueAt = '2025-03-12T10:00:00.000Z'): DueStep {
  return {
    caseId: `c${n}`,
    reference: `SAN-2025-000${n}`,
    title: `Dossier ${n}`,
    stepId: 'triage',
    stepTitle: { fr: 'Qualifier la situation', ar: 'تكييف الوضعية', en: 'Assess the situation' },
    dueAt,
    urgency,
    roles: ['coordinator'],
  };
}

describe('groupByUrgency', () => {
  it('puts overdue, then due soon, then upcoming, keeping the order inside each group', () => {
    const groups = groupByUrgency([due(1, 'upcoming'), due(2, 'overdue'), due(3, 'due_soon'), due(4, 'overdue')]);
    expect(groups.map((g) => [g.urgency, g.items.map((i) => i.caseId)])).toEqual([
      ['overdue', ['c2', 'c4']],
      ['due_soon', ['c3']],
      ['upcoming', ['c1']],
    ]);
  });
});

describe('MyWorkComponent', () => {
  let fixture: ComponentFixture<MyWorkComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  /** Answers the per-state counts (`GET /api/cases?state=X&pageSize=1`) with the given totals (0 otherwise). */
  function answerCounts(totals: Record<string, number> = {}): void {
    const requests = controller.match((r) => r.url === '/api/cases' && r.params.has('state'));
    expect(requests.length).toBe(10);
    for (const req of requests) {
      expect(req.request.params.get('pageSize')).toBe('1');
      const state = req.request.params.get('state') ?? '';
      req.flush({ items: [], total: totals[state] ?? 0, page: 1, pageSize: 1 });
    }
  }

  async function render(items: DueStep[] | null, totals: Record<string, number> = {}, notices: AppNotification[] = []): Promise<void> {
    fixture = TestBed.createComponent(MyWorkComponent);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    const req = controller.expectOne('/api/cases/due?scope=mine');
    if (items) req.flush(items);
    else req.flush({ code: 'X' }, { status: 500, statusText: 'Error' });
    // the reminders and the counts per state come once the due steps are shown
    await settle();
    await fixture.whenStable();
    controller.expectOne('/api/notifications').flush(notices);
    answerCounts(totals);
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

  afterEach(() => controller.verify());

  it('shows the counts, then the steps grouped by urgency, each linking to the step', async () => {
    await render([due(2, 'overdue', '2025-03-01T10:00:00.000Z'), due(3, 'due_soon'), due(1, 'upcoming'), due(4, 'upcoming')]);
    expect(el.querySelector('[data-testid="my-work"] h1')?.textContent).toContain('Mon travail');
    const counts = Array.from(el.querySelectorAll('[data-testid="my-work-counts"] li')).map((li) =>
      li.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(counts).toEqual(['1 en retard', '1 à faire bientôt', '2 à venir']);

    const sections = Array.from(el.querySelectorAll('section[data-urgency]'));
    expect(sections.map((s) => s.getAttribute('data-urgency'))).toEqual(['overdue', 'due_soon', 'upcoming']);
    expect(sections[0]?.querySelector('h2')?.textContent).toContain('En retard (1)');

    const items = Array.from(el.querySelectorAll<HTMLElement>('[data-testid="due-item"]'));
    expect(items.map((i) => i.getAttribute('data-urgency'))).toEqual(['overdue', 'due_soon', 'upcoming', 'upcoming']);
    expect(items[0]?.textContent).toContain('Qualifier la situation');
    expect(items[0]?.textContent).toContain('SAN-2025-0002');
    expect(items[0]?.textContent).toContain('Échéance :');
    expect(items[0]?.querySelector('[data-testid="due-link"]')?.getAttribute('href')).toBe('/cases/c2/steps/triage');
    expect(items[0]?.querySelector('[data-testid="case-link"]')?.getAttribute('href')).toBe('/cases/c2');
  });

  it('says when there is nothing to do', async () => {
    await render([]);
    expect(el.querySelector('[data-testid="my-work-empty"]')?.textContent).toContain('Rien à faire pour le moment');
    expect(el.querySelector('[data-testid="due-item"]')).toBeNull();
  });

  it('offers to try again when loading fails', async () => {
    await render(null);
    expect(el.querySelector('[data-testid="my-work-error"]')?.textContent).toContain('Impossible de charger vos étapes');
    el.querySelector<HTMLButtonElement>('[data-testid="my-work-error"] button')!.click();
    await fixture.whenStable();
    controller.expectOne('/api/cases/due?scope=mine').flush([due(1, 'upcoming')]);
    await settle();
    await fixture.whenStable();
    expect(el.querySelectorAll('[data-testid="due-item"]').length).toBe(1);
  });

  it('lists unread reminders with the case reference, and marks one read', async () => {
    const notice = (id: string, kind: AppNotification['kind'], read = false): AppNotification => ({
      id,
      kind,
      caseId: 'c' + id,
      reference: 'SAN-2026-000' + id,
      stepId: 'triage',
      dueAt: '2026-11-20T10:00:00.000Z',
      createdAt: '2026-11-20T10:00:00.000Z',
      read,
    });
    await render([], {}, [notice('1', 'deadline_overdue'), notice('2', 'deadline_warning'), notice('3', 'deadline_overdue', true)]);
    expect(el.querySelector('#notices-heading')?.textContent).toContain('Rappels (2)');
    const items = Array.from(el.querySelectorAll<HTMLElement>('[data-testid="notification"]'));
    expect(items.map((i) => i.getAttribute('data-kind'))).toEqual(['deadline_overdue', 'deadline_warning']);
    expect(items[0]?.textContent).toContain('Étape en retard');
    expect(items[0]?.textContent).toContain('SAN-2026-0001');
    items[0].querySelector<HTMLButtonElement>('[data-testid="notification-read"]')!.click();
    await settle();
    controller.expectOne({ method: 'POST', url: '/api/notifications/1/read' }).flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    await fixture.whenStable();
    expect(el.querySelectorAll('[data-testid="notification"]').length).toBe(1);
  });

  it('links a notice of the intake queue to the report, labelled (danger stands out)', async () => {
    await render([], {}, [
      {
        id: '9',
        kind: 'intake_report_danger',
        caseId: null,
        transmissionId: null,
        intakeReportId: 'r-9',
        reference: 'R7K-4QX-9TB',
        stepId: null,
        dueAt: null,
        createdAt: '2026-11-20T10:00:00.000Z',
        read: false,
      },
    ]);
    const item = el.querySelector<HTMLElement>('[data-testid="notification"]')!;
    expect(item.getAttribute('data-kind')).toBe('intake_report_danger');
    expect(item.textContent).toContain('quelqu’un serait en danger maintenant');
    expect(item.textContent).toContain('R7K-4QX-9TB');
    expect(item.querySelector('a')?.getAttribute('href')).toBe('/intake/r-9');
  });

  it('counts the cases per state, each linking to the filtered list', async () => {
    await render([], { REPORTED: 3, MONITORING: 1 });
    const counts = Array.from(el.querySelectorAll<HTMLElement>('[data-testid="state-count"]'));
    expect(counts.map((c) => c.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['3 Signalé', '1 Suivi']);
    expect(counts[0]?.querySelector('a')?.getAttribute('href')).toBe('/cases?state=REPORTED');
    expect(el.querySelector('[data-testid="my-review"]')).toBeNull();
  });

  it('shows the principal what waits for their review, with a link to the queue', async () => {
    await signInAs(TestBed.inject(AuthService), controller, 'principal');
    fixture = TestBed.createComponent(MyWorkComponent);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    controller.expectOne('/api/cases/due?scope=mine').flush([]);
    await settle();
    await fixture.whenStable();
    controller.expectOne('/api/notifications').flush([]);
    answerCounts();
    const review = controller.expectOne('/api/cases?page=1&pageSize=5&review=true&sort=nextDueAt');
    review.flush({
      items: [
        {
          id: 'c9',
          reference: 'SAN-2025-0009',
          title: 'Clôture à valider',
          occurredOn: '2025-03-10',
          state: 'CLOSURE_PROPOSED',
          createdAt: '2025-03-11T09:00:00.000Z',
          createdBy: { id: 'u1', displayName: 'Amina Benali' },
          overdue: true,
          awaitingPrincipal: ['closure_signoff'],
        },
      ],
      total: 1,
      page: 1,
      pageSize: 5,
    });
    await settle();
    await fixture.whenStable();
    const block = el.querySelector<HTMLElement>('[data-testid="my-review"]')!;
    expect(block.textContent).toContain('En attente de ma validation');
    expect(block.textContent).toContain('SAN-2025-0009');
    expect(block.textContent).toContain('En retard');
    expect(block.querySelector('[data-testid="my-review-link"]')?.getAttribute('href')).toBe('/cases/review');
  });
});
