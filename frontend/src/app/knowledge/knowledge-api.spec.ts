import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { FIXTURE_KNOWLEDGE } from '../../testing/protocol-fixture';
import { TEST_USER, signInAs } from '../../testing/testing';
import { AuthService } from '../core/auth.service';
import { KnowledgeApi } from './knowledge-api';

describe('KnowledgeApi', () => {
  let controller: HttpTestingController;
  let api: KnowledgeApi;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    });
    controller = TestBed.inject(HttpTestingController);
    api = TestBed.inject(KnowledgeApi);
  });

  afterEach(() => controller.verify());

  it('fetches the knowledge base once and shares it', async () => {
    await signInAs(TestBed.inject(AuthService), controller);
    const first = firstValueFrom(api.get());
    const second = firstValueFrom(api.get());
    controller.expectOne('/api/knowledge').flush(FIXTURE_KNOWLEDGE);
    expect((await first).region).toBe('RSK');
    expect(await second).toEqual(await first);
    expect((await firstValueFrom(api.get())).directory.length).toBe(3);
    controller.expectNone('/api/knowledge');
  });

  it('asks again after a failure, and for another person', async () => {
    const auth = TestBed.inject(AuthService);
    await signInAs(auth, controller);
    const failed = firstValueFrom(api.get());
    controller.expectOne('/api/knowledge').flush({ message: 'down' }, { status: 503, statusText: 'Unavailable' });
    await expectAsync(failed).toBeRejected();

    const retried = firstValueFrom(api.get());
    controller.expectOne('/api/knowledge').flush(FIXTURE_KNOWLEDGE);
    await retried;

    expect((await firstValueFrom(api.get())).region).toBe('RSK');
    controller.expectNone('/api/knowledge');

    // Someone else signs in in this tab: their own academy's directory.
    auth.clearSession();
    const session = auth.ensureSession();
    controller.expectOne('/api/auth/me').flush({ user: { ...TEST_USER, id: 'u2' } });
    await session;
    const other = firstValueFrom(api.get());
    controller.expectOne('/api/knowledge').flush({ ...FIXTURE_KNOWLEDGE, region: 'CS' });
    expect((await other).region).toBe('CS');
  });
});
