import { jpeg, pdf, png, webp } from './evidence-fixtures';
import { FileRejected, inspectFile, type RejectionCode } from './file-inspection';
import { KeyRing, openContent, parseKeyFile, sealContent } from './key-ring';
import { randomBytes } from 'node:crypto';

const MARKER = 'GPS-33.9716N-6.8498W';

function rejected(bytes: Buffer, name: string): { code: RejectionCode; found: string } | null {
  try {
    inspectFile(bytes, name);
    return null;
  } catch (error) {
    if (error instanceof FileRejected) return { code: error.code, found: error.found };
    throw error;
  }
}

describe('evidence files: type by content, metadata stripped', () => {
  it('keeps a PNG without its text and EXIF chunks, and without trailing bytes', () => {
    const original = png(4, 3, { text: MARKER, trailing: 'extra' });
    const out = inspectFile(original, 'capture.png');
    expect(out.mediaType).toBe('image/png');
    expect(out.stripped).toBeTrue();
    expect([out.width, out.height]).toEqual([4, 3]);
    expect(original.toString('latin1')).toContain(MARKER);
    expect(out.stored.toString('latin1')).not.toContain(MARKER);
    expect(out.stored.toString('latin1')).not.toContain('extra');
    // the stored copy is itself a well-formed PNG that inspects again without change
    expect(inspectFile(out.stored, 'capture.png').stored.equals(out.stored)).toBeTrue();
  });

  it('keeps a clean PNG unchanged', () => {
    const clean = png(2, 2);
    const out = inspectFile(clean, 'a.png');
    expect(out.stripped).toBeFalse();
    expect(out.stored.equals(clean)).toBeTrue();
  });

  it('drops EXIF (APP1) and comments from a JPEG and reads its size', () => {
    const out = inspectFile(jpeg(16, 8, { exif: MARKER }), 'photo.JPG');
    expect(out.mediaType).toBe('image/jpeg');
    expect([out.width, out.height]).toEqual([16, 8]);
    expect(out.stripped).toBeTrue();
    expect(out.stored.toString('latin1')).not.toContain(MARKER);
    expect(out.stored.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
  });

  it('drops the EXIF chunk of a WebP and clears its flag', () => {
    const out = inspectFile(webp(10, 6, { exif: MARKER }), 'shot.webp');
    expect(out.mediaType).toBe('image/webp');
    expect([out.width, out.height]).toEqual([10, 6]);
    expect(out.stored.toString('latin1')).not.toContain(MARKER);
    expect(out.stored[20] & 0x08).toBe(0);
    expect(out.stored.readUInt32LE(4)).toBe(out.stored.length - 8);
  });

  it('accepts PDFs and UTF-8 text (an exported chat) as they are, with or without extension', () => {
    expect(inspectFile(pdf(), 'signalement.pdf').mediaType).toBe('application/pdf');
    expect(inspectFile(Buffer.from('[12/11 18:40] X : tu vas voir demain\n', 'utf8'), 'discussion WhatsApp.txt').mediaType).toBe(
      'text/plain',
    );
    expect(inspectFile(Buffer.from('رسالة تهديد', 'utf8'), 'chat').mediaType).toBe('text/plain');
  });

  it('refuses what is not allowed, with the precise reason', () => {
    expect(rejected(Buffer.alloc(0), 'vide.png')?.code).toBe('EVIDENCE_FILE_EMPTY');
    expect(rejected(png(), 'capture.pdf')).toEqual({ code: 'EVIDENCE_TYPE_MISMATCH', found: 'pdf:image/png' });
    expect(rejected(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image.png')).toEqual({
      code: 'EVIDENCE_TYPE_NOT_ALLOWED',
      found: 'svg',
    });
    expect(rejected(Buffer.from('<!DOCTYPE html><html><body>hi</body></html>'), 'page.txt')?.found).toBe('html');
    expect(rejected(Buffer.from('GIF89a....'), 'anim.gif')?.found).toBe('gif');
    expect(rejected(Buffer.from([0x4d, 0x5a, 0x90, 0x00]), 'setup.exe')?.found).toBe('executable');
    expect(rejected(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]), 'data.bin')?.found).toBe('binary');
  });

  it('refuses polyglots (markup hidden in an image) and PDFs that run code', () => {
    expect(rejected(png(4, 3, { trailing: '<html><script>fetch("//x")</script>' }), 'capture.png')).toEqual({
      code: 'EVIDENCE_ACTIVE_CONTENT',
      found: 'markup',
    });
    expect(rejected(pdf('/OpenAction << /S /JavaScript /JS (app.alert(1)) >>'), 'doc.pdf')).toEqual({
      code: 'EVIDENCE_ACTIVE_CONTENT',
      found: 'pdf:JavaScript',
    });
  });

  it('refuses a decompression bomb from its header, and a truncated image', () => {
    expect(rejected(png(4, 3, { declared: [100_000, 100_000] }), 'bomb.png')?.code).toBe('EVIDENCE_IMAGE_TOO_LARGE');
    expect(rejected(jpeg(30_000, 8), 'wide.jpg')?.code).toBe('EVIDENCE_IMAGE_TOO_LARGE');
    expect(rejected(png().subarray(0, 40), 'cut.png')?.code).toBe('EVIDENCE_FILE_CORRUPT');
    expect(rejected(jpeg().subarray(0, 30), 'cut.jpg')?.code).toBe('EVIDENCE_FILE_CORRUPT');
  });

  it('refuses file names with folders, traversal, control or bidi-override characters', () => {
    for (const name of [
      '../../etc/passwd.png',
      'a/b.png',
      'C:\\temp\\x.png',
      'x\u0000.png',
      'cap\nture.png',
      'gnp.\u202Eexe',
      '',
      'a'.repeat(201),
    ]) {
      expect(rejected(png(), name)?.code).withContext(JSON.stringify(name)).toBe('EVIDENCE_FILENAME_INVALID');
    }
  });
});

describe('evidence encryption: data key per item, wrapped by the master key', () => {
  const key = () => randomBytes(32).toString('base64');

  it('decrypts back to the same bytes, and refuses altered content', () => {
    const ring = new KeyRing(parseKeyFile(key()));
    const plain = Buffer.from('PLAINTEXT-MARKER capture du 12/11');
    const sealed = sealContent(ring, plain);
    expect(sealed.ciphertext.includes(Buffer.from('PLAINTEXT-MARKER'))).toBeFalse();
    expect(openContent(ring, sealed).equals(plain)).toBeTrue();
    const altered = Buffer.from(sealed.ciphertext);
    altered[0] ^= 1;
    expect(() => openContent(ring, { ...sealed, ciphertext: altered })).toThrow();
  });

  it('rotates: a new current key, older keys still unwrap, rewrapping moves an item to the new key', () => {
    const old = key();
    const before = new KeyRing(parseKeyFile(old));
    const sealed = sealContent(before, Buffer.from('x'));
    const after = new KeyRing(parseKeyFile(`${key()}\n# kept for reading\n${old}\n`));
    expect(after.current.id).not.toBe(before.current.id);
    expect(openContent(after, sealed).toString()).toBe('x');
    const rewrapped = { ...sealed, ...after.wrap(after.unwrap(sealed.keyId, sealed.wrappedKey)) };
    expect(rewrapped.keyId).toBe(after.current.id);
    expect(openContent(new KeyRing([after.current]), rewrapped).toString()).toBe('x');
    expect(() => parseKeyFile('not-a-key')).toThrowError(/32 bytes/);
  });
});
