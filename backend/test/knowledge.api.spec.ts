import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOLS_DIR } from '@sanad/protocols/node';
import request from 'supertest';
import type { App } from 'supertest/types';
import { XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

describe('API: knowledge base', () => {
  let t: TestApp;
  let server: App;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
  });
  afterAll(async () => t.close());

  it("gives the taxonomy, platform guides and the directory of the user's academy in three languages", async () => {
    const agent = request.agent(server);
    await agent.post('/api/auth/login').set(XHR).send({ email: DEMO.teacher, password: DEMO.password }).expect(200);
    const res = await agent.get('/api/knowledge').expect(200);
    expect(res.body.region).toBe('RSK');
    const ids = (res.body.directory as { id: string; name: Record<string, string> }[]).map((e) => e.id);
    expect(ids).toEqual(jasmine.arrayContaining(['EMC_HELPLINE', 'E_BLAGH', 'POLICE_19', 'ONDE_2511', 'EMC_HELPLINE_WOMEN', 'STOPNCII']));
    for (const e of res.body.directory as { name: Record<string, string> }[])
      expect(Object.keys(e.name).sort()).toEqual(['ar', 'en', 'fr']);
    expect((res.body.platforms.guides as { code: string }[]).map((g) => g.code)).toContain('TAKE_IT_DOWN');
    // the 18 types of protocol 1.0.0 and the 4 AI-facilitated types of 1.1.0
    const types = (res.body.taxonomy.types as { code: string }[]).map((x) => x.code);
    expect(types.length).toBe(22);
    const articles = res.body.articles as { id: string; title: Record<string, string>; types: string[] }[];
    expect(articles.map((a) => a.id)).toEqual(['DEEPFAKES']);
    expect(articles[0].title['ar']).toContain('التزييف العميق');
    expect(articles[0].types).toContain('AI_SEXUAL_IMAGE');
    expect(types).toEqual(
      jasmine.arrayContaining(['CSAM', 'AI_SEXUAL_IMAGE', 'MANIPULATED_MEDIA', 'VOICE_VIDEO_CLONE', 'INAUTHENTIC_ACCOUNTS']),
    );
  });

  it('needs a session', async () => {
    await request(server).get('/api/knowledge').expect(401);
  });
});

describe('start-up: protocol resources must exist in the knowledge base', () => {
  it('refuses a definition that names an unknown directory entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanad-res-'));
    try {
      mkdirSync(join(dir, 'ma-cyberharassment'));
      const file = join(dir, 'ma-cyberharassment', '1.0.0.yaml');
      cpSync(join(PROTOCOLS_DIR, 'ma-cyberharassment', '1.0.0.yaml'), file);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\bONDE_2511\b/g, 'NO_SUCH_CONTACT'));
      await expectAsync(startTestApp({ PROTOCOLS_DIR: dir })).toBeRejectedWithError(/NO_SUCH_CONTACT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
