import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One master key: an id (first 16 hex digits of the key's SHA-256) and 32 bytes. */
export interface MasterKey {
  id: string;
  key: Buffer;
}

export class KeyRingError extends Error {}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16);

/** Parses a key file: one base64 key of 32 bytes per line, the first one current; `#` comments. */
export function parseKeyFile(text: string): MasterKey[] {
  const keys = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((line, i) => {
      const key = Buffer.from(line, 'base64');
      if (key.length !== 32) throw new KeyRingError(`master key file, key ${i + 1}: expected 32 bytes in base64 (openssl rand -base64 32)`);
      return { id: keyId(key), key };
    });
  if (!keys.length) throw new KeyRingError('master key file: no key in it');
  return keys;
}

/**
 * The master keys that wrap the data key of every evidence item (AES-256-GCM "envelope" encryption). The first
 * key is current: new items are wrapped with it; older keys stay readable until `keys:rewrap` has rewrapped
 * every item with the current one (rotation, see docs/evidence.md). Keys come from MASTER_KEY (one base64 key)
 * or from the key file MASTER_KEY_FILE, created with a fresh key outside production when missing.
 */
export class KeyRing {
  private readonly byId: Map<string, MasterKey>;

  constructor(readonly keys: MasterKey[]) {
    if (!keys.length) throw new KeyRingError('no master key');
    this.byId = new Map(keys.map((k) => [k.id, k]));
  }

  static load(options: { envKey?: string; file: string; createIfMissing: boolean }): KeyRing {
    if (options.envKey) return new KeyRing(parseKeyFile(options.envKey));
    if (!existsSync(options.file)) {
      if (!options.createIfMissing) throw new KeyRingError(`master key file ${options.file} not found`);
      mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
      writeFileSync(
        options.file,
        `# Sanad master key (base64, 32 bytes): back it up apart from the database\n${randomBytes(32).toString('base64')}\n`,
        {
          mode: 0o600,
        },
      );
    }
    return new KeyRing(parseKeyFile(readFileSync(options.file, 'utf8')));
  }

  /** Puts a new key first in the key file (older keys kept for reading); returns the new ring. */
  static rotateFile(file: string): KeyRing {
    const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const next = `${randomBytes(32).toString('base64')}\n${old}`;
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, next, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
    return new KeyRing(parseKeyFile(next));
  }

  get current(): MasterKey {
    return this.keys[0];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The master key with this id (backups are encrypted with a key derived from it). */
  get(id: string): MasterKey {
    const master = this.byId.get(id);
    if (!master) throw new KeyRingError(`master key ${id} is not in the key ring`);
    return master;
  }

  /** Wraps a data key with the current master key: `iv(12) | tag(16) | wrapped(32)` in base64. */
  wrap(dataKey: Buffer): { keyId: string; wrappedKey: string } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return { keyId: this.current.id, wrappedKey: Buffer.concat([iv, cipher.getAuthTag(), wrapped]).toString('base64') };
  }

  unwrap(id: string, wrappedKey: string): Buffer {
    const master = this.byId.get(id);
    if (!master) throw new KeyRingError(`master key ${id} is not in the key ring`);
    const raw = Buffer.from(wrappedKey, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', master.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  }
}

/** An encrypted evidence content: a fresh data key per item, wrapped by the ring's current master key. */
export interface SealedContent {
  keyId: string;
  wrappedKey: string;
  iv: string;
  tag: string;
  ciphertext: Buffer;
}

export function sealContent(ring: KeyRing, plain: Buffer): SealedContent {
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { ...ring.wrap(dataKey), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext };
}

/** Decrypts; throws when the content or its key was altered (GCM authentication). */
export function openContent(ring: KeyRing, sealed: SealedContent): Buffer {
  const dataKey = ring.unwrap(sealed.keyId, sealed.wrappedKey);
  const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
}
