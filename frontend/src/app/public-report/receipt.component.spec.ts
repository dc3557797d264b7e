import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { LanguageService } from '../core/language.service';
import { provideTestTransloco, settle } from '../../testing/testing';
import { drawReceipt } from './receipt-image';
import { ReceiptComponent } from './receipt.component';

describe('ReceiptComponent (code and passcode, once)', () => {
  let fixture: ComponentFixture<ReceiptComponent>;
  let el: HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(id: string) => el.querySelector<T>(`[data-testid="${id}"]`);
  const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  async function render(lang: 'fr' | 'ar' = 'fr'): Promise<void> {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    fixture = TestBed.createComponent(ReceiptComponent);
    fixture.componentRef.setInput('receipt', { reportCode: 'R7K-4QX-9TB', passcode: '7KQM-4XT9-BR2W', dangerNow: false });
    fixture.componentRef.setInput('schoolName', 'Collège Ibn Khaldoun');
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideTestTransloco(), provideRouter([])] });
  });
  afterEach(() => el?.remove());

  it('saves the code and passcode as a PNG picture named after the code, and says so', async () => {
    await render('ar');
    let saved: { name: string; href: string } | null = null;
    spyOn(HTMLAnchorElement.prototype, 'click').and.callFake(function (this: HTMLAnchorElement) {
      saved = { name: this.download, href: this.href };
    });
    q('receipt-save-image')!.click();
    for (let i = 0; i < 50 && !saved; i++) await settle(10);
    await fixture.whenStable();
    expect(saved).not.toBeNull();
    expect(saved!.name).toBe('sanad-R7K-4QX-9TB.png');
    expect(saved!.href).toMatch(/^blob:/);
    const blob = await (await fetch(saved!.href)).blob();
    expect(blob.type).toBe('image/png');
    expect(text(q('receipt-image-status'))).toBe('تم حفظ الصورة في التنزيلات.');
  });

  it('draws the codes left to right, whatever the language, on a white picture', () => {
    const canvas = document.createElement('canvas');
    drawReceipt(canvas, {
      title: 'تبليغي — سند',
      school: 'إعدادية ابن خلدون',
      codeLabel: 'الرمز',
      code: 'R7K-4QX-9TB',
      passcodeLabel: 'كلمة السر',
      passcode: '7KQM-4XT9-BR2W',
      where: 'للمتابعة',
      dir: 'rtl',
    });
    expect([canvas.width, canvas.height]).toEqual([720, 520]);
    const ctx = canvas.getContext('2d')!;
    expect(Array.from(ctx.getImageData(5, 300, 1, 1).data)).toEqual([255, 255, 255, 255]);
    // something dark was drawn where the code goes (right-aligned in Arabic)
    const row = ctx.getImageData(300, 215, 380, 30).data;
    let dark = 0;
    for (let i = 0; i < row.length; i += 4) if (row[i] < 100) dark++;
    expect(dark).toBeGreaterThan(50);
  });

  it('keeps "done" unavailable until the person confirms they kept the codes', async () => {
    await render();
    expect(text(q('receipt-code'))).toBe('R7K-4QX-9TB');
    const done = q<HTMLButtonElement>('receipt-done')!;
    expect(done.disabled).toBeTrue();
    q('receipt-kept')!.click();
    await fixture.whenStable();
    expect(done.disabled).toBeFalse();
    let finished = 0;
    fixture.componentInstance.finished.subscribe(() => finished++);
    done.click();
    expect(finished).toBe(1);
  });
});
