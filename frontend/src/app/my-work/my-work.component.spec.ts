import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTestTransloco, settle } from '../../testing/testing';
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

  async function render(items: DueStep[] | null): Promise<void> {
    fixture = TestBed.createComponent(MyWorkComponent);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    const req = controller.expectOne('/api/cases/due?scope=mine');
    if (items) req.flush(items);
    else req.flush({ code: 'X' }, { status: 500, statusText: 'Error' });
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

    const sections = Array.from(el.querySelectorAll('section'));
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
});
