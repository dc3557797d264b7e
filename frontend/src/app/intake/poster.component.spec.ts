import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiInterceptor } from '../core/api.interceptor';
import { provideTestTransloco, settle } from '../../testing/testing';
import { PosterComponent } from './poster.component';

describe('PosterComponent', () => {
  let controller: HttpTestingController;

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

  it('downloads the poster PDF in the chosen language and says so; a failure is said too', async () => {
    const fixture = TestBed.createComponent(PosterComponent);
    const el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    const clicks = spyOn(HTMLAnchorElement.prototype, 'click');
    el.querySelector<HTMLButtonElement>('[data-testid="poster-ar"]')!.click();
    const req = controller.expectOne('/api/documents/poster');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ lang: 'ar' });
    req.flush(new Blob(['%PDF'], { type: 'application/pdf' }), {
      headers: { 'Content-Disposition': 'attachment; filename="affiche-ar.pdf"' },
    });
    await settle();
    await fixture.whenStable();
    expect(clicks).toHaveBeenCalledTimes(1);
    expect(el.querySelector('[data-testid="poster-status"]')?.textContent).toContain('Affiche téléchargée : affiche-ar.pdf');
    el.querySelector<HTMLButtonElement>('[data-testid="poster-fr"]')!.click();
    controller.expectOne('/api/documents/poster').flush(new Blob(['{}']), { status: 403, statusText: 'Forbidden' });
    await settle();
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="poster-status"]')?.textContent).toContain('n’a pas pu être préparée');
  });
});
