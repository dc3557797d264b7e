import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AuditEntry } from '../src/audit/audit.entities';
import { jpeg, png } from '../src/evidence/evidence-fixtures';
import { EvidenceItem } from '../src/evidence/evidence.entities';
import { CaseDriver, XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** Reads any answer as bytes (supertest would parse text/plain into `text`). */
const asBytes = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};
const MARKER = 'PLAINTEXT-MARKER-7f3a9c';
const run = promisify(execFile);

interface Item {
  id: string;
  kind: string;
  file: { originalSha256: string; storedSha256: string; metadataStripped: boolean; mediaType: string; sizeBytes: number } | null;
  link: { url: string; platform: string } | null;
  description: string | null;
  deleted: { reason: string } | null;
  custody?: { seq: number; action: string; details: Record<string, unknown> }[];
}

/** The evidence vault (issue #7) on a real database: capture, integrity, custody, encryption, hostile input. */
describe('API: evidence vault', () => {
  let t: TestApp;
  let server: App;
  let db: DataSource;
  let driver: CaseDriver;
  let caseId: string;
  let teacher: TestAgent;
  let principal: TestAgent;

  const upload = (agent: TestAgent, bytes: Buffer, name: string, fields: Record<string, string> = {}, target = caseId) => {
    // `filepath` keeps folders in the name as sent (form-data would otherwise keep only the base name)
    let req = agent
      .post(`/api/cases/${target}/evidence/files`)
      .set(XHR)
      .attach('file', bytes, { filepath: name, contentType: 'application/octet-stream' } as unknown as { filename: string });
    for (const [k, v] of Object.entries({ title: 'Capture', ...fields })) req = req.field(k, v);
    return req;
  };
  const count = () => db.getRepository(EvidenceItem).countBy({ caseId });
  const lastAudit = (action: string) => db.getRepository(AuditEntry).findOne({ where: { action }, order: { seq: 'DESC' } });

  beforeAll(async () => {
    t = await startTestApp({ EVIDENCE_MAX_FILE_MB: '1', EVIDENCE_MAX_CASE_MB: '2' });
    server = t.app.getHttpServer() as App;
    db = t.app.get(DataSource);
    driver = await CaseDriver.start(server, 'Insultes et photo diffusée');
    await driver.reported();
    caseId = driver.caseId;
    teacher = driver.agents.team_member;
    principal = driver.agents.principal;
  });
  afterAll(async () => t.close());

  it('stores a screenshot without its metadata, keeps both hashes, and gives the same bytes back as an attachment', async () => {
    const original = png(40, 30, { text: 'GPS-33.97N-6.85W' });
    const res = await upload(teacher, original, 'capture écran.png', {
      capturedAt: '2026-11-12T18:40:00.000Z',
      capturedOn: 'téléphone de la mère',
      stepId: 'evidence_log',
      note: 'Publication vue par la mère',
    }).expect(201);
    const item = res.body as Item;
    expect(item.file).toEqual(
      jasmine.objectContaining({ mediaType: 'image/png', originalSha256: sha256(original), metadataStripped: true }),
    );
    expect(item.file!.storedSha256).not.toBe(item.file!.originalSha256);

    const content = await teacher.get(`/api/cases/${caseId}/evidence/${item.id}/content`).buffer(true).parse(asBytes).expect(200);
    const bytes = content.body as Buffer;
    expect(sha256(bytes)).toBe(item.file!.storedSha256);
    expect(bytes.toString('latin1')).not.toContain('GPS-33.97N');
    expect(content.headers['content-disposition']).toMatch(/^attachment; filename="preuve-[0-9a-f]{12}\.png"/);
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    expect(content.headers['content-type']).toBe('image/png');

    const detail = (await teacher.get(`/api/cases/${caseId}/evidence/${item.id}`).expect(200)).body as Item;
    expect(detail.custody!.map((c) => c.action)).toEqual(['captured', 'downloaded', 'viewed']);
    expect((await lastAudit('evidence.read'))?.targetId).toBe(item.id);
    expect((await lastAudit('evidence.add'))?.details).toEqual({ kind: 'file', mediaType: 'image/png', stripped: true });
  });

  it('encrypts contents at rest: the plaintext is nowhere in the database, and decrypts to the same hash', async () => {
    const text = Buffer.from(`Conversation exportée\n${MARKER}\n`, 'utf8');
    const item = (await upload(teacher, text, 'discussion.txt').expect(201)).body as Item;
    if (t.config.database.type === 'postgres') {
      const rows = await db.query<{ c: Buffer }[]>(`SELECT "ciphertext" AS c FROM "evidence_contents" WHERE "itemId" = $1`, [item.id]);
      expect(rows[0].c.includes(Buffer.from(MARKER))).toBeFalse();
    } else {
      await db.query('PRAGMA wal_checkpoint(FULL)');
      const path = t.config.database.path;
      for (const file of [path, `${path}-wal`].filter((f) => existsSync(f))) {
        expect(readFileSync(file).includes(Buffer.from(MARKER)))
          .withContext(file)
          .toBeFalse();
      }
    }
    const back = (await teacher.get(`/api/cases/${caseId}/evidence/${item.id}/content`).buffer(true).parse(asBytes).expect(200))
      .body as Buffer;
    expect(back.toString('utf8')).toContain(MARKER);
    expect(sha256(back)).toBe(item.file!.originalSha256);
  });

  it('records links and descriptions, and transmissions in the chain of custody', async () => {
    const link = (
      await teacher
        .post(`/api/cases/${caseId}/evidence/links`)
        .set(XHR)
        .send({
          title: 'Compte anonyme',
          url: 'https://www.instagram.com/p/abc',
          platform: 'INSTAGRAM',
          accountHandle: '@anonyme_2026',
          seenBy: 'la victime',
        })
        .expect(201)
    ).body as Item;
    expect(link.link).toEqual(jasmine.objectContaining({ platform: 'INSTAGRAM' }));
    const bad = await teacher
      .post(`/api/cases/${caseId}/evidence/links`)
      .set(XHR)
      .send({ title: 'x', url: 'javascript:alert(1)', platform: 'INSTAGRAM' })
      .expect(400);
    expect(bad.body.details).toEqual([jasmine.objectContaining({ field: 'url', code: 'evidence.url.invalid' })]);
    await teacher
      .post(`/api/cases/${caseId}/evidence/descriptions`)
      .set(XHR)
      .send({ title: 'Message vocal', description: 'Message vocal de menaces reçu le 12 au soir, 40 secondes.' })
      .expect(201);
    const sent = (
      await teacher
        .post(`/api/cases/${caseId}/evidence/${link.id}/transmissions`)
        .set(XHR)
        .send({ recipient: 'police', reference: 'PV 2026/1142' })
        .expect(200)
    ).body as Item;
    expect(sent.custody!.find((c) => c.action === 'transmitted')?.details).toEqual({ recipient: 'police', reference: 'PV 2026/1142' });
    expect((await lastAudit('transmission'))?.details).toEqual({ recipient: 'police' });
  });

  it('refuses hostile files with a precise error and an audit entry, and stores nothing', async () => {
    const cases: [Buffer, string, number, string][] = [
      [png(), 'capture.pdf', 415, 'EVIDENCE_TYPE_MISMATCH'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'logo.svg', 415, 'EVIDENCE_TYPE_NOT_ALLOWED'],
      [Buffer.from('<html><script>alert(1)</script></html>'), 'page.html', 415, 'EVIDENCE_TYPE_NOT_ALLOWED'],
      [png(4, 3, { trailing: '<script>alert(1)</script>' }), 'poly.png', 415, 'EVIDENCE_ACTIVE_CONTENT'],
      [Buffer.alloc(0), 'vide.png', 400, 'EVIDENCE_FILE_EMPTY'],
      [Buffer.alloc(1024 * 1024 + 10, 0x41), 'gros.txt', 413, 'EVIDENCE_FILE_TOO_LARGE'],
      [png(4, 3, { declared: [60_000, 60_000] }), 'bomb.png', 422, 'EVIDENCE_IMAGE_TOO_LARGE'],
      [png(), '../../etc/passwd.png', 400, 'EVIDENCE_FILENAME_INVALID'],
      [png(), 'cap\u0007ture.png', 400, 'EVIDENCE_UPLOAD_MALFORMED'], // a raw control character breaks the form itself
      [png(), 'capture\u202egnp.exe', 400, 'EVIDENCE_FILENAME_INVALID'],
    ];
    const before = await count();
    for (const [bytes, name, status, code] of cases) {
      const res = await upload(teacher, bytes, name).set('Accept-Language', 'fr');
      expect(res.status).withContext(name).toBe(status);
      expect(res.body.code).withContext(name).toBe(code);
      expect(res.body.message).withContext(name).toMatch(/\S/);
      expect(JSON.stringify(res.body)).not.toContain('stack');
      expect((await lastAudit('evidence.rejected'))?.details)
        .withContext(name)
        .toEqual(jasmine.objectContaining({ code }));
    }
    const none = await teacher.post(`/api/cases/${caseId}/evidence/files`).set(XHR).field('title', 'sans fichier').expect(400);
    expect(none.body.code).toBe('EVIDENCE_FILE_REQUIRED');
    expect(await count()).toBe(before);
  });

  it('keeps to the total allowed per case', async () => {
    // 2 MB per case, 1 MB per file: the third large text file does not fit
    const big = (n: number) => Buffer.from(`${n}`.padEnd(900 * 1024, '.'), 'utf8');
    await upload(teacher, big(1), 'a.txt').expect(201);
    const second = await upload(teacher, big(2), 'b.txt');
    const third = await upload(teacher, big(3), 'c.txt');
    expect([second.status, third.status]).toContain(413);
    expect([second.body.code, third.body.code]).toContain('EVIDENCE_CASE_QUOTA');
  });

  it('answers 404 for another school, and audits the attempt', async () => {
    const other = request.agent(server);
    await other.post('/api/auth/login').set(XHR).send({ email: DEMO.otherSchoolTeacher, password: DEMO.password }).expect(200);
    const before = await count();
    expect((await upload(other, png(), 'x.png').expect(404)).body.code).toBe('CASE_NOT_FOUND');
    expect(await count()).toBe(before);
    // a file of this case (the specs run in random order: make one here)
    const item = (await upload(teacher, png(3, 3), 'autre.png').expect(201)).body as Item;
    expect((await other.get(`/api/cases/${caseId}/evidence/${item.id}/content`).expect(404)).body.code).toBe('CASE_NOT_FOUND');
    expect((await lastAudit('access.denied'))?.details).toEqual(jasmine.objectContaining({ code: 'CASE_NOT_FOUND' }));
    // an item of another case, through this case: not found either
    await teacher.get(`/api/cases/${caseId}/evidence/00000000-0000-4000-8000-000000000000`).expect(404);
  });

  it('takes only a written description when sexual content of a minor is involved', async () => {
    const sensitive = await CaseDriver.start(server, 'Image intime diffusée');
    await sensitive.reported({ types: ['NCII'] });
    const list = (await sensitive.agents.team_member.get(`/api/cases/${sensitive.caseId}/evidence`).expect(200)).body as {
      filesAllowed: boolean;
    };
    expect(list.filesAllowed).toBeFalse();
    const refused = await upload(sensitive.agents.team_member, jpeg(), 'photo.jpg', {}, sensitive.caseId)
      .set('Accept-Language', 'fr')
      .expect(422);
    expect(refused.body.code).toBe('EVIDENCE_DESCRIPTION_ONLY');
    expect(refused.body.message).toContain('Take It Down');
    await sensitive.agents.team_member
      .post(`/api/cases/${sensitive.caseId}/evidence/descriptions`)
      .set(XHR)
      .send({ title: 'Photo intime', description: 'Photo intime de l’élève publiée par un compte anonyme, vue le 12/11 à 18 h.' })
      .expect(201);
  });

  it('deletes only by the principal with a reason: the content goes, the record and hashes stay', async () => {
    const item = (await upload(teacher, jpeg(), 'photo.jpg').expect(201)).body as Item;
    expect(
      (await teacher.delete(`/api/cases/${caseId}/evidence/${item.id}`).set(XHR).send({ reason: 'Doublon de la capture 1' }).expect(403))
        .body.code,
    ).toBe('ROLE_NOT_ALLOWED');
    await principal.delete(`/api/cases/${caseId}/evidence/${item.id}`).set(XHR).send({ reason: 'court' }).expect(400);
    await principal.delete(`/api/cases/${caseId}/evidence/${item.id}`).set(XHR).send({ reason: 'Doublon de la capture 1' }).expect(204);
    expect((await teacher.get(`/api/cases/${caseId}/evidence/${item.id}/content`).expect(410)).body.code).toBe('EVIDENCE_DELETED');
    const after = (await teacher.get(`/api/cases/${caseId}/evidence/${item.id}`).expect(200)).body as Item;
    expect(after.file!.originalSha256).toBe(item.file!.originalSha256);
    expect(after.deleted?.reason).toBe('Doublon de la capture 1');
    expect(after.custody!.map((c) => c.action)).toContain('deleted');
    const rows = await db.query<unknown[]>(
      t.config.database.type === 'postgres'
        ? `SELECT 1 FROM "evidence_contents" WHERE "itemId" = $1`
        : `SELECT 1 FROM "evidence_contents" WHERE "itemId" = ?`,
      [item.id],
    );
    expect(rows.length).toBe(0);
  });

  it('rotates the master key: old items are rewrapped and still open in a restarted instance', async () => {
    if (t.config.database.type === 'postgres') return; // same code path; the key file lives beside the SQLite one here
    const item = (await upload(teacher, png(8, 8), 'avant.png').expect(201)).body as Item;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: t.config.dataDir,
      SQLITE_PATH: t.config.database.path,
    };
    const { stdout } = await run(process.execPath, [join(__dirname, '..', 'src', 'cli.js'), 'keys:rotate'], { env });
    expect(stdout).toMatch(/evidence keys rewrapped/);
    expect(
      readFileSync(t.config.masterKeyFile, 'utf8')
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('#')).length,
    ).toBe(2);
    const restarted = await startTestApp({}, { shareWith: t });
    try {
      const agent = request.agent(restarted.app.getHttpServer() as App);
      await agent.post('/api/auth/login').set(XHR).send({ email: DEMO.teacher, password: DEMO.password }).expect(200);
      const bytes = (await agent.get(`/api/cases/${caseId}/evidence/${item.id}/content`).buffer(true).parse(asBytes).expect(200))
        .body as Buffer;
      expect(sha256(bytes)).toBe(item.file!.storedSha256);
    } finally {
      await restarted.close();
    }
  });
});
