import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { apiInterceptor } from '../../../core/api.interceptor';
import { LanguageService } from '../../../core/language.service';
import { fixtureDetail } from '../../../../testing/protocol-fixture';
import { provideTestTransloco, settle } from '../../../../testing/testing';
import { CaseDetail } from '../../workflow.model';
import { CaseLegalHoldComponent } from './case-legal-hold.component';

const HELD: CaseDetail['legalHold'] = {
  kind: 'legal_hold',
  at: '2026-11-20T10:00:00.000Z',
  by: { id: 's3', displayName: 'Nadia Berrada' },
  reason: 'Plainte déposée par la famille',
};

describe('CaseLegalHoldComponent', () => {
  let fixture: ComponentFixture<CaseLegalHoldComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  let emitted: CaseDetail[];

  const q = <T extends Element = HTMLElement>(testId: string): T | null => el.querySelector<T>(`[data-testid="${testId}"]`);
  const text = (e: Element | null) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }
  async function render(detail: CaseDetail, lang: 'fr' | 'ar' | 'en' = 'fr'): Promise<void> {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(CaseLegalHoldComponent);
    fixture.componentRef.setInput('detail', detail);
    emitted = [];
    fixture.componentInstance.changed.subscribe((d) => emitted.push(d));
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await stable();
  }
  function typeReason(value: string): void {
    const t = q<HTMLTextAreaElement>('legal-hold-reason')!;
    t.value = value;
    t.dispatchEvent(new Event('input'));
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTestTransloco(),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    controller = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    controller.verify();
    el?.remove();
  });

  it('says the case follows the retention policy, without a button for someone who may not place a hold', async () => {
    await render(fixtureDetail({ legalHold: null, canChangeLegalHold: false }));
    expect(text(q('legal-hold-status'))).toContain('Aucune');
    expect(q('legal-hold-change')).toBeNull();
    expect(el.querySelector('h2')?.textContent?.trim()).toBe('Conservation légale');
  });

  it('shows a hold with who placed it and why, an automatic hold, and an anonymised case', async () => {
    await render(fixtureDetail({ legalHold: HELD, canChangeLegalHold: false }));
    expect(text(q('legal-hold-status'))).toContain('Nadia Berrada');
    expect(text(q('legal-hold-status'))).toContain('Plainte déposée par la famille');
    fixture.componentRef.setInput(
      'detail',
      fixtureDetail({ legalHold: { ...HELD, kind: 'authorities_alert', reason: null }, anonymisedAt: '2031-07-01T00:00:00.000Z' }),
    );
    await stable();
    expect(text(q('legal-hold-status'))).toContain('signalé aux autorités');
    expect(text(q('legal-hold-anonymised'))).toContain('2031');
  });

  it('lets the principal place a hold with a required reason (error linked to the field), then emits the new case', async () => {
    await render(fixtureDetail({ legalHold: null, canChangeLegalHold: true }));
    q('legal-hold-change')!.click();
    await stable();
    expect(document.activeElement?.id).toBe('legal-hold-reason');
    q('legal-hold-save')!.click();
    await stable();
    controller.expectNone('/api/cases/c1/legal-hold');
    const field = q('legal-hold-reason')!;
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toContain('legal-hold-reason-error');
    expect(text(el.querySelector('#legal-hold-reason-error'))).toContain('Expliquez la raison en 3 à 500 caractères');
    expect(el.querySelector('label[for="legal-hold-reason"]')).not.toBeNull();

    typeReason('  Réquisition du procureur  ');
    q('legal-hold-save')!.click();
    await stable();
    const req = controller.expectOne('/api/cases/c1/legal-hold');
    expect(req.request.method).toBe('PUT');
    expect(req.request.body).toEqual({ expectedSeq: 4, reason: 'Réquisition du procureur' });
    const updated = fixtureDetail({ lastEventSeq: 5, legalHold: HELD, canChangeLegalHold: true });
    req.flush(updated);
    await stable();
    expect(emitted).toEqual([updated]);
    expect(q('legal-hold-form')).toBeNull();
  });

  it('releases a hold with DELETE, and shows the refusal of the API next to the field, in Arabic', async () => {
    await render(fixtureDetail({ legalHold: HELD, canChangeLegalHold: true }), 'ar');
    expect(text(q('legal-hold-change'))).toBe('رفع الحفظ');
    q('legal-hold-change')!.click();
    await stable();
    typeReason('انتهت القضية');
    q('legal-hold-save')!.click();
    await stable();
    const req = controller.expectOne('/api/cases/c1/legal-hold');
    expect(req.request.method).toBe('DELETE');
    expect(req.request.body).toEqual({ expectedSeq: 4, reason: 'انتهت القضية' });
    req.flush({ statusCode: 409, code: 'CONFLICT', message: 'قام شخص آخر بتعديل هذه البيانات' }, { status: 409, statusText: 'Conflict' });
    await stable();
    expect(text(el.querySelector('#legal-hold-reason-error'))).toContain('قام شخص آخر بتعديل هذه البيانات');
    expect(emitted).toEqual([]);
  });
});
