import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { KeyRing, MasterKey } from '../evidence/key-ring';

/**
 * The backup archive (`.sanadbak`, docs/operations.md): one file, encrypted and authenticated.
 *
 *   "SANADBAK1\n" | u32 header length | header JSON | AES-256-GCM( gzip( entries ) ) | GCM tag (16 bytes)
 *
 * The header is readable without the key (format, date, database kind, which master key) and holds no personal
 * data; it is authenticated with the content (GCM additional data), so it cannot be altered either. The key is
 * derived from a master key of the key ring (HKDF-SHA256 with a random salt): the archive never contains a key;
 * whoever restores needs the master key file, kept apart (as for the evidence it protects).
 *
 * Entries inside: `u32 name length | name | (u32 chunk length | chunk)* | u32 0`, ended by a name of length 0,
 * so a database dump can be streamed in without knowing its size first.
 */
export const MAGIC = Buffer.from('SANADBAK1\n', 'latin1');
const TAG_BYTES = 16;
/** chunks are written by at most 1 MiB (file reads) or 64 KiB (pg_dump's output): anything larger is damage */
const MAX_FRAME = 16 * 1024 * 1024;

export interface ArchiveHeader {
  format: 1;
  createdAt: string;
  database: 'sqlite' | 'postgres';
  /** id of the master key the archive key is derived from */
  keyId: string;
  salt: string;
  iv: string;
}

/** A damaged, foreign or undecipherable archive: the message says which. */
export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

function archiveKey(master: MasterKey, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', master.key, salt, 'sanad-backup-archive-v1', 32));
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

export interface ArchiveEntry {
  name: string;
  /** the entry's bytes, in chunks (a Buffer or any async iterable of Buffers, e.g. a file or a child's stdout) */
  content: Buffer | AsyncIterable<Buffer>;
}

async function* frame(entries: AsyncIterable<ArchiveEntry> | Iterable<ArchiveEntry>, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    yield Buffer.concat([u32(name.length), name]);
    const chunks = Buffer.isBuffer(entry.content) ? [entry.content] : entry.content;
    for await (const chunk of chunks) {
      if (!chunk.length) continue;
      onBytes(chunk.length);
      yield Buffer.concat([u32(chunk.length), chunk]);
    }
    yield u32(0);
  }
  yield u32(0);
}

/**
 * Writes the archive to `path` (which must not exist: opened with `wx`), fsyncs it. On any error the caller
 * deletes the file (the backup command writes to `<name>.partial` and renames it when complete).
 */
export async function writeArchive(
  path: string,
  ring: KeyRing,
  database: ArchiveHeader['database'],
  entries: AsyncIterable<ArchiveEntry> | Iterable<ArchiveEntry>,
  onBytes: (n: number) => void = () => undefined,
  createdAt = new Date().toISOString(),
): Promise<ArchiveHeader> {
  const master = ring.current;
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const header: ArchiveHeader = {
    format: 1,
    createdAt,
    database,
    keyId: master.id,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const preamble = Buffer.concat([MAGIC, u32(headerBytes.length), headerBytes]);
  const cipher = createCipheriv('aes-256-gcm', archiveKey(master, salt), iv);
  cipher.setAAD(preamble);
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, preamble);
  } finally {
    closeSync(fd);
  }
  await pipeline(Readable.from(frame(entries, onBytes)), createGzip({ level: 6 }), cipher, createWriteStream(path, { flags: 'a' }));
  const tail = openSync(path, 'a');
  try {
    writeSync(tail, cipher.getAuthTag());
    fsyncSync(tail);
  } finally {
    closeSync(tail);
  }
  return header;
}

/** Reads the readable part of an archive (no key needed). */
export function readArchiveHeader(path: string): { header: ArchiveHeader; bodyStart: number; size: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, MAGIC.length + 4));
    readSync(fd, head, 0, head.length, 0);
    if (head.length < MAGIC.length + 4 || !head.subarray(0, MAGIC.length).equals(MAGIC))
      throw new ArchiveError(`${path} is not a Sanad backup archive`);
    const length = head.readUInt32BE(MAGIC.length);
    const bodyStart = MAGIC.length + 4 + length;
    if (length > 64 * 1024 || bodyStart + TAG_BYTES > size) throw new ArchiveError(`${path} is truncated or damaged`);
    const bytes = Buffer.alloc(length);
    readSync(fd, bytes, 0, length, MAGIC.length + 4);
    let header: ArchiveHeader;
    try {
      header = JSON.parse(bytes.toString('utf8')) as ArchiveHeader;
    } catch {
      throw new ArchiveError(`${path}: damaged header`);
    }
    if (header.format !== 1) throw new ArchiveError(`${path}: archive format ${String(header.format)} is not supported by this version`);
    return { header, bodyStart, size };
  } finally {
    closeSync(fd);
  }
}

/** Receives the entries of an archive while it is decrypted: `open(name)` returns where that entry's bytes go. */
export interface EntrySink {
  open(name: string): Writable | ((chunk: Buffer) => void);
}

/** Parses the framed entries from the decrypted, decompressed stream into the sink. */
class Unframe extends Writable {
  // received bytes not parsed yet, kept as pieces: joined only once a whole frame is there (no quadratic copying)
  private pieces: Buffer[] = [];
  private length = 0;
  private state: 'name' | 'chunk' = 'name';
  private current: Writable | ((chunk: Buffer) => void) | null = null;
  ended = false;

  constructor(private readonly sink: EntrySink) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.pieces.push(chunk);
    this.length += chunk.length;
    this.drain()
      .then(() => done())
      .catch((e: unknown) => done(e as Error));
  }

  /** The first `n` bytes in one piece, or null until `n` bytes have arrived. */
  private peek(n: number): Buffer | null {
    if (this.length < n) return null;
    if (this.pieces[0].length < n) this.pieces = [Buffer.concat(this.pieces)];
    return this.pieces[0];
  }

  private consume(n: number): void {
    const first = this.pieces[0];
    if (first.length === n) this.pieces.shift();
    else this.pieces[0] = first.subarray(n);
    this.length -= n;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const head = this.peek(4);
      if (!head) return;
      const n = head.readUInt32BE(0);
      if (this.ended) throw new ArchiveError('archive: data after the end');
      if (n > MAX_FRAME) throw new ArchiveError('archive: damaged frame');
      if (this.state === 'name') {
        if (n === 0) {
          this.ended = true;
          this.consume(4);
          continue;
        }
        const frame = this.peek(4 + n);
        if (!frame) return;
        const name = frame.subarray(4, 4 + n).toString('utf8');
        this.consume(4 + n);
        this.current = this.sink.open(name);
        this.state = 'chunk';
      } else {
        if (n === 0) {
          this.consume(4);
          const w = this.current;
          if (w && typeof w !== 'function')
            await new Promise<void>((resolve, reject) => w.end((e?: Error | null) => (e ? reject(e) : resolve())));
          this.current = null;
          this.state = 'name';
          continue;
        }
        const frame = this.peek(4 + n);
        if (!frame) return;
        const data = frame.subarray(4, 4 + n);
        this.consume(4 + n);
        const w = this.current;
        if (typeof w === 'function') w(data);
        else if (w && !w.write(data)) await new Promise<void>((resolve) => w.once('drain', resolve));
      }
    }
  }
}

/**
 * Decrypts and checks the archive, handing each entry to the sink. Resolves only when the whole archive was read
 * and its GCM tag verified: until then whatever the sink wrote must be treated as untrusted (the restore writes
 * to temporary files and uses them only after this resolves).
 */
export async function readArchive(
  path: string,
  ring: KeyRing,
  sink: EntrySink,
  onBytes: (n: number) => void = () => undefined,
): Promise<ArchiveHeader> {
  const { header, bodyStart, size } = readArchiveHeader(path);
  if (!ring.has(header.keyId))
    throw new ArchiveError(
      `this archive was encrypted with master key ${header.keyId}, which is not in the key ring (MASTER_KEY_FILE or MASTER_KEY): restore needs that key`,
    );
  const preamble = Buffer.alloc(bodyStart);
  const tag = Buffer.alloc(TAG_BYTES);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, preamble, 0, bodyStart, 0);
    readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    closeSync(fd);
  }
  const decipher = createDecipheriv(
    'aes-256-gcm',
    archiveKey(ring.get(header.keyId), Buffer.from(header.salt, 'base64')),
    Buffer.from(header.iv, 'base64'),
  );
  decipher.setAAD(preamble);
  decipher.setAuthTag(tag);
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        onBytes(chunk.length); // may throw (an interruption): the pipeline then stops with that error
        done(null, chunk);
      } catch (error) {
        done(error as Error);
      }
    },
  });
  const unframe = new Unframe(sink);
  const damaged = () =>
    new ArchiveError(`${path} is damaged or was altered (it does not decrypt with its key): nothing was restored from it`);
  if (size - TAG_BYTES <= bodyStart) throw damaged();
  try {
    await pipeline(createReadStream(path, { start: bodyStart, end: size - TAG_BYTES - 1 }), counter, decipher, createGunzip(), unframe);
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    const code = (error as { code?: string }).code ?? '';
    // a wrong byte anywhere fails decompression or the GCM tag; any other error (disk full...) is not the archive's
    if (code.startsWith('Z_') || code === 'ERR_CRYPTO_INVALID_AUTH_TAG' || /authenticate/i.test((error as Error).message ?? ''))
      throw damaged();
    throw error;
  }
  if (!unframe.ended) throw new ArchiveError(`${path} is incomplete: nothing was restored from it`);
  return header;
}
