import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AuditEntry } from '../src/audit/audit.entities';
import { XHR } from './support/case-driver';
import { DEMO, startTestApp, type TestApp } from './support/test-app';

/** Demo cases of the school of Rabat (S0) and of Marrakech. */
const MPP_CASE = '5a0d0004-0000-4000-8000-000000000001'; // 2026-0001, MPP in progress
const EMPTY_CASE = '5a0d0004-0000-4000-8000-000000000009'; // 2026-0008, nothing recorded yet
const MARRAKECH_CASE = '5a0d0004-0000-4000-8000-000000000004';

const dir = mkdtempSync(join(tmpdir(), 'sanad-docs-'));
let n = 0;
function poppler(tool: 'pdfinfo' | 'pdftotext', pdf: Buffer, options: string[] = []): string {
  const f = join(dir, `${++n}.pdf`);
  writeFileSync(f, pdf);
  const args = tool === 'pdftotext' ? [...options, f, '-'] : [...options, f];
  return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(/[\u200E\u200F\u202A-\u202E]/g, '');
}
const pagesOf = (pdf: Buffer) => Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', pdf))?.[1] ?? 0);

/** Reads the body as bytes whatever its type. */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('API: case documents', () => {
  let t: TestApp;
  let server: App;
  let db: DataSource;
  const cookies = new Map<string, string>();

  async function as(email: string): Promise<string> {
    if (!cookies.has(email)) {
      const res = await request(server).post('/api/auth/login').set(XHR).send({ email, password: DEMO.password }).expect(200);
      cookies.set(email, (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0]);
    }
    return cookies.get(email)!;
  }
  async function download(caseId: string, template: string, body: Record<string, unknown>, email = DEMO.teacher) {
    return request(server)
      .post(`/api/cases/${caseId}/documents/${template}`)
      .set(XHR)
      .set('Cookie', await as(email))
      .send(body)
      .buffer(true)
      .parse(binary);
  }

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the documents of a case with titles in three languages and why some are not available', async () => {
    const res = await request(server)
      .get(`/api/cases/${MPP_CASE}/documents`)
      .set('Cookie', await as(DEMO.teacher))
      .expect(200);
    const docs = res.body as {
      template: string;
      code: string | null;
      title: Record<string, string>;
      available: boolean;
      reason: string | null;
    }[];
    expect(docs.map((d) => d.template)).toContain('case-file');
    const d1 = docs.find((d) => d.template === 'report-form')!;
    expect(d1).toEqual(jasmine.objectContaining({ code: 'D1', available: true, reason: null }));
    expect(d1.title).toEqual({ fr: 'Fiche de signalement', ar: jasmine.any(String), en: jasmine.any(String) });
    expect(docs.find((d) => d.template === 'authority-transmission')).toEqual(
      jasmine.objectContaining({ available: false, reason: 'no_escalation', leavesSchool: true }),
    );
    expect(docs.find((d) => d.template === 'closure-summary')).toEqual(
      jasmine.objectContaining({ available: false, reason: 'not_closed' }),
    );

    const empty = await request(server)
      .get(`/api/cases/${EMPTY_CASE}/documents`)
      .set('Cookie', await as(DEMO.teacher))
      .expect(200);
    expect((empty.body as { available: boolean }[]).every((d) => !d.available)).toBeTrue();
  });

  for (const lang of ['fr', 'ar', 'fr+ar'] as const) {
    it(`downloads the full case file in ${lang}: a PDF with the case reference`, async () => {
      const res = await download(MPP_CASE, 'case-file', { lang });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="2026-0001-case-file-${lang}.pdf"`);
      expect(res.headers['cache-control']).toBe('no-store');
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
      expect(pagesOf(pdf)).toBeGreaterThan(0);
      expect(poppler('pdftotext', pdf)).toContain('2026-0001');
    });
  }

  it('lists the evidence vault in the evidence register with each SHA-256, and records the inclusion in the custody', async () => {
    const created = await request(server)
      .post('/api/cases')
      .set(XHR)
      .set('Cookie', await as(DEMO.teacher))
      .send({ title: 'Registre des preuves', occurredOn: '2026-11-02' })
      .expect(201);
    const caseId = created.body.id as string;
    const text = Buffer.from('Conversation exportée du groupe de classe', 'utf8');
    const item = (
      await request(server)
        .post(`/api/cases/${caseId}/evidence/files`)
        .set(XHR)
        .set('Cookie', await as(DEMO.teacher))
        .attach('file', text, 'groupe.txt')
        .field('title', 'Conversation du groupe')
        .expect(201)
    ).body as { id: string; file: { originalSha256: string } };
    const res = await download(caseId, 'evidence-register', { lang: 'fr' });
    expect(res.status).toBe(200);
    const extracted = poppler('pdftotext', res.body as Buffer).replace(/\s+/g, '');
    expect(extracted).toContain(item.file.originalSha256.slice(0, 32));
    expect(extracted).toContain('Conversationdugroupe');
    const detail = await request(server)
      .get(`/api/cases/${caseId}/evidence/${item.id}`)
      .set('Cookie', await as(DEMO.teacher))
      .expect(200);
    expect((detail.body as { custody: { action: string; details: Record<string, unknown> }[] }).custody).toContain(
      jasmine.objectContaining({ action: 'included_in_document', details: { template: 'evidence-register', lang: 'fr' } }),
    );
  });

  it('names people with the codes of the case registry: the name inside the school, the code only outside', async () => {
    for (const person of [
      { role: 'target', kind: 'pupil', displayName: 'Yasmine Zerhouni', classLabel: '2AC-3' },
      { role: 'author', kind: 'pupil', displayName: 'Karim Belkadi' },
    ]) {
      await request(server)
        .post(`/api/cases/${MPP_CASE}/people`)
        .set(XHR)
        .set('Cookie', await as(DEMO.teacher))
        .send(person)
        .expect(201);
    }
    const internal = await download(MPP_CASE, 'case-file', { lang: 'fr' });
    expect(internal.status).toBe(200);
    const text = poppler('pdftotext', internal.body as Buffer);
    expect(text).toContain('Yasmine Zerhouni');
    expect(text).toContain('Karim Belkadi');
    const outside = await download(MPP_CASE, 'academy-report', { lang: 'fr' });
    expect(outside.status).toBe(200);
    const report = poppler('pdftotext', outside.body as Buffer);
    expect(report).not.toContain('Zerhouni');
    expect(report).not.toContain('Belkadi');
    expect(report).toMatch(/\bE1\b/);
  });

  it('protects a document with a password and records the export in the audit trail', async () => {
    const before = await db.getRepository(AuditEntry).count({ where: { action: 'export' } });
    const res = await download(MPP_CASE, 'report-form', { lang: 'ar', password: 'secret-atlas-42' });
    expect(res.status).toBe(200);
    const pdf = res.body as Buffer;
    expect(() => poppler('pdfinfo', pdf)).toThrowError(/Incorrect password/);
    expect(poppler('pdfinfo', pdf, ['-upw', 'secret-atlas-42'])).toMatch(/^Encrypted:\s+yes/m);
    expect(poppler('pdftotext', pdf, ['-upw', 'secret-atlas-42'])).toContain('2026-0001');
    const entries = await db.getRepository(AuditEntry).find({ where: { action: 'export' }, order: { seq: 'DESC' } });
    expect(entries.length).toBe(before + 1);
    expect(entries[0]).toEqual(
      jasmine.objectContaining({ caseId: MPP_CASE, details: { template: 'report-form', lang: 'ar', protected: true } }),
    );
  });

  it('answers 404 for a case of another school, and for a restricted one, without writing an export', async () => {
    const before = await db.getRepository(AuditEntry).count({ where: { action: 'export' } });
    const other = await download(MARRAKECH_CASE, 'report-form', { lang: 'fr' });
    expect(other.status).toBe(404);
    expect(JSON.parse((other.body as Buffer).toString('utf8')).code).toBe('CASE_NOT_FOUND');
    await request(server)
      .get(`/api/cases/${MARRAKECH_CASE}/documents`)
      .set('Cookie', await as(DEMO.teacher))
      .expect(404);
    expect(await db.getRepository(AuditEntry).count({ where: { action: 'export' } })).toBe(before);
  });

  it('refuses officers (403), anonymous callers (401) and writes without the X-Requested-With header', async () => {
    const officer = await download(MPP_CASE, 'report-form', { lang: 'fr' }, DEMO.officer);
    expect(officer.status).toBe(403);
    await request(server).post(`/api/cases/${MPP_CASE}/documents/report-form`).set(XHR).send({ lang: 'fr' }).expect(401);
    await request(server)
      .post(`/api/cases/${MPP_CASE}/documents/report-form`)
      .set('Cookie', await as(DEMO.teacher))
      .send({ lang: 'fr' })
      .expect(403);
  });

  it('answers an unknown template with 404 DOCUMENT_NOT_FOUND and a document not yet available with 422', async () => {
    const unknown = await download(MPP_CASE, 'secret-dossier', { lang: 'fr' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse((unknown.body as Buffer).toString('utf8')).code).toBe('DOCUMENT_NOT_FOUND');
    const early = await download(MPP_CASE, 'closure-summary', { lang: 'fr' });
    expect(early.status).toBe(422);
    expect(JSON.parse((early.body as Buffer).toString('utf8'))).toEqual(
      jasmine.objectContaining({ code: 'DOCUMENT_UNAVAILABLE', rule: 'not_closed' }),
    );
  });

  it('checks the language and the password (400 with the field), never a stack trace', async () => {
    for (const [body, field, code] of [
      [{ lang: 'de' }, 'lang', 'document.lang.invalid'],
      [{}, 'lang', 'document.lang.invalid'],
      [{ lang: 'fr', password: 'short' }, 'password', 'document.password.length'],
      [{ lang: 'fr', password: 'x'.repeat(129) }, 'password', 'document.password.length'],
    ] as const) {
      const res = await download(MPP_CASE, 'report-form', body);
      expect(res.status).withContext(JSON.stringify(body)).toBe(400);
      const error = JSON.parse((res.body as Buffer).toString('utf8')) as { code: string; details: { field: string; code: string }[] };
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details).toEqual([jasmine.objectContaining({ field, code })]);
    }
  });
});
