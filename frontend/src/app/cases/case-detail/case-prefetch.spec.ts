import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { fixtureDetail } from '../../../testing/protocol-fixture';
import { CasePagePrefetch } from './case-prefetch';

describe('CasePagePrefetch', () => {
  let prefetch: CasePagePrefetch;
  let controller: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    });
    prefetch = TestBed.inject(CasePagePrefetch);
    controller = TestBed.inject(HttpTestingController);
  });

  afterEach(() => controller.verify());

  it('asks for the case when the app opens on its page, as an XHR in the language of the interface', async () => {
    prefetch.start('/cases/c1', 'ar');
    const req = controller.expectOne('/api/cases/c1');
    expect(req.request.headers.get('X-Requested-With')).toBe('XMLHttpRequest');
    expect(req.request.headers.get('Accept-Language')).toBe('ar');
    req.flush(fixtureDetail());
    const taken = prefetch.take('c1');
    expect(taken).not.toBeNull();
    expect((await firstValueFrom(taken!))?.case.title).toBe('Messages sur un groupe de classe');
    // once only: a later visit of the page asks again itself
    expect(prefetch.take('c1')).toBeNull();
  });

  it('asks for nothing on other pages', () => {
    for (const path of ['/my-work', '/cases', '/cases/', '/cases/new', '/cases/review', '/cases/c1/steps/intake', '/sign-in']) {
      prefetch.start(path, 'fr');
    }
    controller.expectNone(() => true);
    expect(prefetch.take('c1')).toBeNull();
  });

  it('gives nothing for another case, and null (ask again) when the request failed', async () => {
    prefetch.start('/cases/c1', 'fr');
    controller.expectOne('/api/cases/c1').flush({ statusCode: 401, code: 'AUTH_REQUIRED' }, { status: 401, statusText: 'Unauthorized' });
    expect(prefetch.take('c2')).toBeNull();

    prefetch.start('/cases/c1', 'fr');
    controller.expectOne('/api/cases/c1').flush({ statusCode: 401, code: 'AUTH_REQUIRED' }, { status: 401, statusText: 'Unauthorized' });
    expect(await firstValueFrom(prefetch.take('c1')!)).toBeNull();
  });
});
