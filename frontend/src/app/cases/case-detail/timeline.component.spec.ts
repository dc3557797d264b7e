import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { LanguageService } from '../../core/language.service';
import { FIXTURE_DEF } from '../../../testing/protocol-fixture';
import { provideTestTransloco, settle } from '../../../testing/testing';
import { TimelineEvent } from '../workflow.model';
import { TimelineComponent } from './timeline.component';

const actor = { id: 'u2', displayName: 'Karim Alaoui', role: 'coordinator' };
const EVENTS: TimelineEvent[] = [
  { seq: 1, type: 'case_created', at: '2026-11-20T09:00:00.000Z', actor, payload: {} },
  { seq: 2, type: 'danger_reported', at: '2026-11-20T09:00:00.000Z', actor, payload: { flags: ['SELF_HARM'] } },
  { seq: 3, type: 'assignee_changed', at: '2026-11-20T10:00:00.000Z', actor, payload: { assigneeId: 'u1', assigneeName: 'Amina Benali' } },
  { seq: 4, type: 'step_returned', at: '2026-11-20T11:00:00.000Z', actor, payload: { stepId: 'triage', comment: 'Revoir le niveau.' } },
  { seq: 5, type: 'transmitted', at: '2026-11-20T12:00:00.000Z', actor, payload: { transmissionId: 't1', kind: 'triage_report' } },
  {
    seq: 6,
    type: 'transmission_updated',
    at: '2026-11-20T13:00:00.000Z',
    actor: { id: 'o1', displayName: 'Hind Tazi', role: 'officer' },
    payload: { transmissionId: 't1', event: 'acknowledged', status: 'acknowledged' },
  },
];

describe('TimelineComponent', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideTestTransloco()] });
  });

  async function titles(lang: 'fr' | 'ar'): Promise<string[]> {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    const fixture = TestBed.createComponent(TimelineComponent);
    fixture.componentRef.setInput('events', EVENTS);
    fixture.componentRef.setInput('definition', FIXTURE_DEF);
    await settle();
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    return Array.from(el.querySelectorAll('.timeline__title')).map((t) => t.textContent?.trim() ?? '');
  }

  it('names every kind of event, newest first, the comment of a step sent back as its body', async () => {
    expect(await titles('fr')).toEqual([
      'Suivi de la transmission : accusé de réception',
      'Signalement transmis à la direction provinciale / l’académie',
      'Étape renvoyée pour être refaite : Qualifier la situation',
      'Personne en charge : Amina Benali',
      "Signes de danger signalés à l'ouverture",
      'Dossier créé',
    ]);
  });

  it('in Arabic', async () => {
    const ar = await titles('ar');
    expect(ar[0]).toBe('تتبع الإرسال: إشعار بالتوصل');
    expect(ar[3]).toBe('المكلّف بالملف: Amina Benali');
  });
});

describe('TimelineComponent: corrections of people', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideTestTransloco()] });
  });

  const CORRECTIONS: TimelineEvent[] = [
    {
      seq: 7,
      type: 'person_updated',
      at: '2026-11-21T09:00:00.000Z',
      actor,
      payload: {
        personId: 'p1',
        code: 'E1',
        // the sex is recorded as changed without its values (issue #13)
        changed: { classLabel: { from: '3AC-2', to: '3AC-3' }, role: { from: 'witness', to: 'target' }, sex: {} },
        reason: 'À la demande de l’élève',
      },
    },
    { seq: 8, type: 'person_removed', at: '2026-11-21T10:00:00.000Z', actor, payload: { personId: 'p2', code: 'A2' } },
  ];

  async function render(lang: 'fr' | 'ar' | 'en'): Promise<HTMLElement> {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    const fixture = TestBed.createComponent(TimelineComponent);
    fixture.componentRef.setInput('events', CORRECTIONS);
    fixture.componentRef.setInput('definition', FIXTURE_DEF);
    await settle();
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }
  const text = (e: Element | null) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  it('shows who corrected what, from what to what, and why, as a correction', async () => {
    const el = await render('fr');
    const items = el.querySelectorAll('[data-testid="timeline-item"]');
    expect(text(items[0].querySelector('.timeline__title'))).toBe('Personne retirée du dossier : A2');
    expect(text(items[1].querySelector('.timeline__title'))).toBe('Personne corrigée : E1');
    const changes = Array.from(items[1].querySelectorAll('[data-testid="timeline-changes"] li')).map(text);
    expect(changes).toEqual([
      'Rôle : Témoin → Élève cible',
      'Classe : 3AC-2 → 3AC-3',
      "Sexe : corrigé (la valeur n'est pas gardée dans l'historique)",
    ]);
    expect(text(items[1].querySelector('.timeline__body'))).toBe('Raison : À la demande de l’élève');
  });

  it('in English and Arabic', async () => {
    expect(text((await render('en')).querySelector('.timeline__title'))).toBe('Person removed from the case: A2');
    const ar = await render('ar');
    expect(text(ar.querySelectorAll('.timeline__title')[1])).toBe('تصحيح بيانات شخص: E1');
  });
});
