import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { apiInterceptor } from '../core/api.interceptor';
import { AuthService } from '../core/auth.service';
import { LanguageService } from '../core/language.service';
import { FIXTURE_KNOWLEDGE } from '../../testing/protocol-fixture';
import { provideTestTransloco, settle, signInAs } from '../../testing/testing';
import { StatCell, StatRow, Statistics } from './statistics.model';
import { StatisticsComponent } from './statistics.component';

const n = (value: number): StatCell => ({ value, suppressed: false, reason: null });
const small: StatCell = { value: null, suppressed: true, reason: 'small' };
const comp: StatCell = { value: null, suppressed: true, reason: 'complementary' };
const row = (key: string | null, c: StatCell, label?: StatRow['label']): StatRow => ({ key, ...c, ...(label ? { label } : {}) });
const duration = (cases: StatCell, medianDays: number | null, p90Days: number | null, suppressed = false) => ({
  cases,
  medianDays,
  p90Days,
  suppressed,
});

const OFFICER_STATS: Statistics = {
  scope: { kind: 'region', unitId: 'r1' },
  filters: { from: null, to: null, regionId: null, provinceId: null, level: null },
  units: {
    regions: [],
    provinces: [
      { id: '5a0d0001-0000-4000-8000-000000000001', code: 'RBT', label: { fr: 'Rabat', ar: 'الرباط', en: 'Rabat' }, regionId: 'r1' },
      { id: '5a0d0001-0000-4000-8000-000000000002', code: 'SAL', label: { fr: 'Salé', ar: 'سلا', en: 'Salé' }, regionId: 'r1' },
    ],
  },
  disclosureControl: true,
  threshold: 5,
  total: n(57),
  open: n(20),
  closed: n(37),
  schoolsWithCases: n(9),
  breakdowns: {
    type: [row('INSULT', n(30)), row('THREATS', small), row('DOXXING', comp)],
    tier: [row('T1', n(25)), row(null, n(12))],
    track: [row('MPP', n(14))],
    level: [row('college', n(57))],
    platform: [row('INSTAGRAM', n(21))],
    month: [row('2026-10', n(27)), row('2026-11', n(30))],
    province: [row('RBT', n(40), { fr: 'Rabat', ar: 'الرباط', en: 'Rabat' }), row('SAL', n(17), { fr: 'Salé', ar: 'سلا', en: 'Salé' })],
    followUpOutcome: [],
    targetSex: [row('female', n(30)), row('male', small), row('mixed', comp), row(null, n(20))],
    authorSex: [],
    genderBased: [row('yes', n(12)), row('no', n(25)), row(null, n(20))],
    aiFacilitated: [row('yes', n(9)), row('no', n(48))],
    aiTrend: [row('2026-10', small), row('2026-11', comp)],
  },
  durations: {
    toTriage: duration(n(45), 0.8, 2.5),
    toFirstInterview: duration(n(40), 1.2, 3),
    toClosure: duration(small, null, null, true),
  },
  withheld: ['followUpOutcome', 'authorSex'],
  onTime: { stepsDone: n(200), stepsOnTime: n(170), share: 0.85, suppressed: false },
  generatedAt: '2026-11-22T10:00:00.000Z',
};

describe('StatisticsComponent', () => {
  let fixture: ComponentFixture<StatisticsComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  const q = (testId: string) => el.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const text = (e: Element | null) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  async function render(params: Record<string, string> = {}, lang: 'fr' | 'ar' = 'fr', url = '/api/statistics') {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(StatisticsComponent);
    for (const [k, v] of Object.entries(params)) fixture.componentRef.setInput(k, v);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    controller.expectOne('/api/knowledge').flush(FIXTURE_KNOWLEDGE);
    controller.expectOne((r) => r.urlWithParams === url).flush(OFFICER_STATS);
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

  it('shows the totals, the trend, the delays and each breakdown, with suppressed counts as "<5" and "c"', async () => {
    await render();
    expect(text(q('stats-scope'))).toBe('Votre académie');
    expect(text(q('stats-disclosure'))).toContain('inférieur à 5');
    expect(text(q('stats-total'))).toBe('57');
    expect(text(q('stats-on-time'))).toMatch(/85\s?%/);
    const values = Array.from(el.querySelectorAll('[data-testid="chart-type"] [data-testid="bar-value"]')).map((e) => text(e));
    expect(values).toEqual(['30', '<5', 'c']);
    expect(text(q('chart-province'))).toContain('Rabat');
    expect(text(q('chart-tier'))).toContain('Pas encore');
    expect(text(q('stats-followUpOutcome'))).toContain('trop petits');
    const closure = Array.from(q('stats-durations')!.querySelectorAll('tbody tr'))[2];
    expect(text(closure)).toContain('<5');
    expect(text(closure)).toContain('—');
    expect(el.querySelectorAll('[data-testid="stats-trend"] svg rect').length).toBe(2);
  });

  it('shows the gender-based and AI-facilitated breakdowns (issue #13), suppressed cells as everywhere, and the AI trend', async () => {
    await render();
    const section = q('stats-gender-ai')!;
    expect(text(section.querySelector('h2'))).toBe("Cyberviolence fondée sur le genre et facilitée par l'IA");
    const bars = (key: string) =>
      Array.from(el.querySelectorAll(`[data-testid="chart-${key}"] [data-testid="bar-value"]`)).map((e) => text(e));
    expect(bars('targetSex')).toEqual(['30', '<5', 'c', '20']);
    expect(text(q('chart-targetSex'))).toContain('Filles');
    expect(text(q('chart-targetSex'))).toContain('Non renseigné');
    expect(text(q('stats-authorSex'))).toContain('trop petits');
    expect(bars('genderBased')).toEqual(['12', '25', '20']);
    expect(text(q('chart-genderBased'))).toContain('Non évalué');
    expect(bars('aiFacilitated')).toEqual(['9', '48']);
    // the trend: one column per month, the suppressed ones drawn as the other charts draw them
    const trend = q('stats-ai-trend')!;
    expect(trend.querySelectorAll('rect.column-chart__column--suppressed').length).toBe(2);
    expect(Array.from(trend.querySelectorAll('tbody td')).map((e) => text(e))).toEqual(['<5', 'c']);
  });

  it('applies the filters through the address, and the CSV link carries them', async () => {
    await render({ from: '2026-09-01', level: 'college' }, 'fr', '/api/statistics?from=2026-09-01&level=college');
    expect(q('stats-export')?.getAttribute('href')).toBe('/api/statistics/export.csv?from=2026-09-01&level=college');
    expect(q('stats-report')?.getAttribute('href')).toBe('/api/statistics/report.pdf?from=2026-09-01&level=college&lang=fr');
    expect(text(q('stats-report'))).toBe('Télécharger le rapport PDF');
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
    const to = el.querySelector<HTMLInputElement>('#stats-to')!;
    to.value = '2026-12-31';
    to.dispatchEvent(new Event('change'));
    q('stats-apply')!.click();
    expect(navigate).toHaveBeenCalledWith(['/statistics'], { queryParams: { from: '2026-09-01', to: '2026-12-31', level: 'college' } });
  });

  it('links to the periodic summaries for a principal only', async () => {
    await render();
    expect(q('stats-summaries')).toBeNull();
    fixture.destroy();
    await signInAs(TestBed.inject(AuthService), controller, 'principal');
    await render();
    expect(q('stats-summaries')?.getAttribute('href')).toBe('/statistics/summaries');
    expect(text(q('stats-summaries'))).toBe('Bilans périodiques');
  });

  it('offers the academy’s provinces as a filter (no academy filter for an academy officer)', async () => {
    await render(
      { provinceId: '5a0d0001-0000-4000-8000-000000000002' },
      'fr',
      '/api/statistics?provinceId=5a0d0001-0000-4000-8000-000000000002',
    );
    expect(q('stats-region')).toBeNull();
    const select = el.querySelector<HTMLSelectElement>('#stats-province')!;
    expect(el.querySelector('label[for="stats-province"]')?.textContent?.trim()).toBe('Direction provinciale');
    expect(Array.from(select.options).map((o) => o.textContent?.trim())).toEqual(['Toutes les directions provinciales', 'Rabat', 'Salé']);
    expect(select.value).toBe('5a0d0001-0000-4000-8000-000000000002');
  });

  it('reads in Arabic, provinces by their Arabic name', async () => {
    await render({}, 'ar');
    expect(text(q('chart-province'))).toContain('الرباط');
    expect(text(q('stats-scope'))).toBe('أكاديميتكم');
    // the PDF report in the page's language
    expect(q('stats-report')?.getAttribute('href')).toBe('/api/statistics/report.pdf?lang=ar');
  });
});
