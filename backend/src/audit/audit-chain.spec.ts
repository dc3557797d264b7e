import { createHash } from 'node:crypto';
import { canonicalEntry, checkAuditDetails, emailDigest, entryHash, formatAuditVerification, GENESIS_HASH } from './audit-chain';
import { moroccanDayStart } from '../common/dates';
import { canonicalJson } from './canonical-json';

describe('audit chain format', () => {
  const entry = {
    seq: 42,
    id: '0f4c2b1e-8d9a-4c3b-9e7f-1a2b3c4d5e6f',
    at: '2026-11-22T09:15:00.000Z',
    actorId: '8c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f',
    actorRole: 'principal',
    action: 'case.read',
    schoolId: 'a2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f6a',
    caseId: '5d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a',
    targetId: null,
    ip: '10.0.0.7',
    details: { view: 'detail', '10': 1, '9': [2, 'b', { z: null, a: true }] },
  };

  it('serialises an entry canonically: fixed field order, sorted keys at every depth, no whitespace', () => {
    expect(canonicalEntry(entry)).toBe(
      '{"action":"case.read","actorId":"8c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f","actorRole":"principal",' +
        '"at":"2026-11-22T09:15:00.000Z","caseId":"5d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a",' +
        '"details":{"10":1,"9":[2,"b",{"a":true,"z":null}],"view":"detail"},"id":"0f4c2b1e-8d9a-4c3b-9e7f-1a2b3c4d5e6f",' +
        '"ip":"10.0.0.7","schoolId":"a2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f6a","seq":42,"targetId":null}',
    );
  });

  it('hashes prevHash followed by the canonical entry (SHA-256, lower-case hex)', () => {
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalEntry(entry))
      .digest('hex');
    expect(entryHash(GENESIS_HASH, entry)).toBe(expected);
    expect(entryHash('a'.repeat(64), entry)).not.toBe(expected);
    expect(entryHash(GENESIS_HASH, { ...entry, details: { ...entry.details, view: 'list' } })).not.toBe(expected);
  });

  it('writes absent fields as null and refuses values that would not survive storage', () => {
    expect(canonicalJson({ b: null, a: -0 })).toBe('{"a":0,"b":null}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrowError(TypeError);
    expect(() => canonicalJson({ u: undefined })).toThrowError(TypeError);
  });

  it('allows ids, codes and numbers in details, nothing that reads like personal data', () => {
    expect(() =>
      checkAuditDetails({ step: 'danger_check', version: '1.1.0', at: '2026-11-22T09:15:00.000Z', n: 3, ok: true, ids: ['a-b'] }),
    ).not.toThrow();
    for (const bad of [{ email: 'a@b.ma' }, { text: 'two words' }, { long: 'x'.repeat(129) }, { 'bad key': 1 }, { d: new Date() }]) {
      expect(() => checkAuditDetails(bad as never))
        .withContext(JSON.stringify(bad))
        .toThrowError(TypeError);
    }
  });

  it('digests e-mail addresses with a key, trimmed and lower-cased', () => {
    expect(emailDigest('k'.repeat(32), ' A@B.ma ')).toBe(emailDigest('k'.repeat(32), 'a@b.ma'));
    expect(emailDigest('k'.repeat(32), 'a@b.ma')).not.toBe(emailDigest('j'.repeat(32), 'a@b.ma'));
    expect(emailDigest('k'.repeat(32), 'a@b.ma')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('prints one line for the command line', () => {
    expect(formatAuditVerification({ ok: true, count: 0, lastHash: null })).toBe('audit chain ok: 0 entries');
    expect(formatAuditVerification({ ok: false, brokenAt: 7, reason: 'missing_entry', count: 6 })).toBe(
      'audit chain BROKEN at seq 7: missing_entry (the entry was deleted); 6 entries verified before it',
    );
  });

  it('starts date filters at midnight in Morocco', () => {
    // Morocco is UTC+1, except around Ramadan (UTC+0: mid-February to late March in 2026)
    expect(moroccanDayStart('2026-11-22')).toBe('2026-11-21T23:00:00.000Z');
    expect(moroccanDayStart('2026-03-01')).toBe('2026-03-01T00:00:00.000Z');
  });
});
