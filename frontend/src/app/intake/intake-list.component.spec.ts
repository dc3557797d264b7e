import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiInterceptor } from '../core/api.interceptor';
import { provideTestTransloco, settle } from '../../testing/testing';
import { IntakeItem } from './intake-api';
import { IntakeListComponent } from './intake-list.component';
import { filterFrom, queueOrder } from './intake-display';

function item(over: Partial<IntakeItem> = {}): IntakeItem {
  return {
    id: 'r1',
    receivedAt: '2026-11-20T10:00:00Z',
    reporterRole: 'witness',
    since: 'this_week',
    platforms: ['INSTAGRAM'],
    dangerNow: false,
    anonymous: true,
    status: 'pending',
    preview: 'Des messages méchants',
    unreadMessages: 0,
    ...over,
  };
}

describe('IntakeListComponent', () => {
  let fixture: ComponentFixture<IntakeListComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  const q = (id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const all = (id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
  const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  async function render(status?: string): Promise<void> {
    fixture = TestBed.createComponent(IntakeListComponent);
    if (status) fixture.componentRef.setInput('status', status);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    controller.expectOne('/api/intake-reports/summary').flush({ pending: 2, unreadMessages: 0 });
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

  it('lists the pending reports, someone in danger right now first, with role, anonymity and unread messages', async () => {
    await render();
    controller.expectOne('/api/intake-reports?status=pending&page=1&pageSize=20').flush({
      items: [item(), item({ id: 'r2', dangerNow: true, receivedAt: '2026-11-19T10:00:00Z', anonymous: false, unreadMessages: 2 })],
      total: 2,
    });
    await settle();
    await fixture.whenStable();
    const rows = all('intake-row');
    expect(rows.map((r) => r.getAttribute('data-id'))).toEqual(['r2', 'r1']);
    expect(text(rows[0])).toContain('Danger immédiat signalé');
    expect(text(rows[0])).toContain('2 message(s) non lu(s)');
    expect(text(rows[0])).toContain('Contact donné');
    expect(text(rows[1])).toContain('Anonyme');
    expect(text(rows[1])).toContain('Témoin');
    expect(rows[1].querySelector('a')?.getAttribute('href')).toBe('/intake/r1');
    expect(q('intake-filter-pending')?.getAttribute('aria-current')).toBe('page');
    expect(q('intake-more')).toBeNull();
  });

  it('follows the status filter of the address, loads more pages, and says when nothing is there', async () => {
    await render('all');
    controller.expectOne('/api/intake-reports?status=all&page=1&pageSize=20').flush({ items: [item()], total: 21 });
    await settle();
    await fixture.whenStable();
    expect(q('intake-filter-all')?.getAttribute('aria-current')).toBe('page');
    q('intake-more')!.click();
    controller.expectOne('/api/intake-reports?status=all&page=2&pageSize=20').flush({ items: [item({ id: 'r9' })], total: 21 });
    await settle();
    await fixture.whenStable();
    expect(all('intake-row').length).toBe(2);
    fixture.componentRef.setInput('status', 'dismissed');
    await fixture.whenStable();
    controller.expectOne('/api/intake-reports?status=dismissed&page=1&pageSize=20').flush({ items: [], total: 0 });
    await settle();
    await fixture.whenStable();
    expect(text(q('intake-empty'))).toBe('Aucun signalement ici.');
  });

  it('offers a retry when the list cannot be loaded', async () => {
    await render();
    controller.expectOne('/api/intake-reports?status=pending&page=1&pageSize=20').flush(null, { status: 500, statusText: 'Error' });
    await settle();
    await fixture.whenStable();
    expect(q('intake-error')).not.toBeNull();
  });

  it('reads the filter safely and orders danger first, then newest', () => {
    expect(filterFrom(undefined)).toBe('pending');
    expect(filterFrom('nonsense')).toBe('pending');
    expect(filterFrom('linked')).toBe('linked');
    const order = queueOrder([
      item({ id: 'old', receivedAt: '2026-11-01T00:00:00Z' }),
      item({ id: 'new', receivedAt: '2026-11-02T00:00:00Z' }),
      item({ id: 'danger', dangerNow: true, receivedAt: '2026-10-01T00:00:00Z' }),
    ]).map((i) => i.id);
    expect(order).toEqual(['danger', 'new', 'old']);
  });
});
