import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { apiInterceptor } from '../core/api.interceptor';
import { LanguageService } from '../core/language.service';
import { provideTestTransloco, settle } from '../../testing/testing';
import { InboxComponent } from './inbox.component';
import { TransmissionPage } from './transmissions.model';
import { summaryItem } from './transmissions-testing';

const PAGE: TransmissionPage = {
  items: [
    summaryItem(),
    summaryItem({
      id: 't2',
      kind: 'school_summary',
      kindLabel: { fr: 'Bilan mensuel', ar: 'حصيلة شهرية', en: 'Monthly summary' },
      reference: 'RSK-RAB-0001-2026-11',
      period: '2026-11',
      status: 'handled',
      messageCount: 2,
    }),
  ],
  total: 45,
  page: 1,
  pageSize: 20,
};

describe('InboxComponent', () => {
  let fixture: ComponentFixture<InboxComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  const q = (id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const all = (id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
  const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  async function render(params: Record<string, string> = {}, url = '/api/transmissions?page=1&pageSize=20', lang: 'fr' | 'ar' = 'fr') {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(InboxComponent);
    for (const [k, v] of Object.entries(params)) fixture.componentRef.setInput(k, v);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    controller.expectOne((r) => r.urlWithParams === url).flush(PAGE);
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

  it('lists the transmissions with their status in words, the school and the kind; the new ones are marked "to handle"', async () => {
    await render();
    expect(text(q('inbox-status'))).toBe('45 transmission(s)');
    const rows = all('inbox-row');
    expect(rows.length).toBe(2);
    expect(text(rows[0])).toContain('RSK-RAB-0001-2026-0007');
    expect(text(rows[0])).toContain('Rapport de triage');
    expect(text(rows[0])).toContain('Collège Ibn Khaldoun');
    expect(text(rows[0].querySelector('[data-testid="transmission-status"]'))).toBe('✉Nouvelle');
    expect(text(rows[0].querySelector('[data-testid="inbox-waiting-flag"]'))).toBe('À traiter');
    expect(rows[1].querySelector('[data-testid="inbox-waiting-flag"]')).toBeNull();
    expect(text(rows[1])).toContain('Traitée');
    expect(text(rows[1])).toContain('2 message(s)');
    expect(rows[0].querySelector('a')?.getAttribute('href')).toBe('/transmissions/t1');
    // 45 items, 20 a page: page 1 of 3 with a link to the next
    expect(text(q('page-position'))).toBe('Page 1 sur 3');
    expect(q('page-next')?.getAttribute('href')).toBe('/transmissions?page=2');
  });

  it('filters by status through the address and asks the API for those statuses only', async () => {
    await render({ status: 'answered,submitted,bogus', page: '2' }, '/api/transmissions?page=2&pageSize=20&status=submitted,answered');
    expect(el.querySelector<HTMLInputElement>('#inbox-status-submitted')!.checked).toBeTrue();
    expect(el.querySelector<HTMLInputElement>('#inbox-status-handled')!.checked).toBeFalse();
    expect(q('inbox-waiting')).toBeNull(); // already the "to handle" view
    expect(q('page-prev')?.getAttribute('href')).toBe('/transmissions?status=submitted,answered');
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.resolveTo(true);
    const handled = el.querySelector<HTMLInputElement>('#inbox-status-handled')!;
    handled.click();
    q('inbox-apply')!.click();
    expect(navigate).toHaveBeenCalledWith(['/transmissions'], { queryParams: { status: 'submitted,answered,handled' } });
  });

  it('reads in Arabic, school by its Arabic name', async () => {
    await render({}, '/api/transmissions?page=1&pageSize=20', 'ar');
    const rows = all('inbox-row');
    expect(text(rows[0])).toContain('إعدادية ابن خلدون');
    expect(text(rows[0])).toContain('جديدة');
    expect(text(rows[1])).toContain('حصيلة شهرية');
  });
});
