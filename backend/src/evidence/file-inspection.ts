/**
 * What an uploaded evidence file really is, decided from its bytes (never from its name or declared type), and
 * the copy we store: images without their metadata (EXIF, GPS, XMP, comments, text chunks, trailing data).
 * Pure functions, no image decoding: dimensions come from the headers, so a decompression bomb is refused
 * before anything would inflate it.
 */

export const ALLOWED_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf', 'text/plain'] as const;
export type AllowedType = (typeof ALLOWED_TYPES)[number];

/** Stable reasons a file is refused (error codes of the API, see evidence.service.ts). */
export type RejectionCode =
  | 'EVIDENCE_FILE_EMPTY'
  | 'EVIDENCE_TYPE_NOT_ALLOWED'
  | 'EVIDENCE_TYPE_MISMATCH'
  | 'EVIDENCE_FILE_CORRUPT'
  | 'EVIDENCE_IMAGE_TOO_LARGE'
  | 'EVIDENCE_ACTIVE_CONTENT'
  | 'EVIDENCE_FILENAME_INVALID';

export class FileRejected extends Error {
  constructor(
    readonly code: RejectionCode,
    /** what was found (a type name, a marker): ids and codes only, for the audit trail */
    readonly found: string,
  ) {
    super(`${code}: ${found}`);
  }
}

/** Largest image accepted: 50 megapixels, 20 000 pixels a side (a phone screenshot is ~3 Mpx). */
export const MAX_PIXELS = 50_000_000;
export const MAX_SIDE = 20_000;

const EXTENSIONS: Record<string, AllowedType> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
};

export interface Inspected {
  mediaType: AllowedType;
  /** the bytes to store: the original without metadata for images, the original otherwise */
  stored: Buffer;
  /** true when metadata or trailing data was removed */
  stripped: boolean;
  width?: number;
  height?: number;
}

/**
 * The display name of an upload, checked: no folders (`/`, `\`, `..`), no control or bidi-override characters,
 * at most 200 characters. Never used as a path.
 */
export function checkFilename(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (!name || name.length > 200 || /[/\\\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(name) || name.includes('..')) {
    throw new FileRejected('EVIDENCE_FILENAME_INVALID', 'filename');
  }
  return name.normalize('NFC');
}

/** Inspects a file; throws FileRejected with the precise reason. */
export function inspectFile(bytes: Buffer, filename: string): Inspected {
  const name = checkFilename(filename);
  if (bytes.length === 0) throw new FileRejected('EVIDENCE_FILE_EMPTY', 'empty');
  const detected = detectType(bytes);
  if (!detected.allowed) throw new FileRejected('EVIDENCE_TYPE_NOT_ALLOWED', detected.kind);
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  if (ext !== undefined && EXTENSIONS[ext] !== detected.kind) throw new FileRejected('EVIDENCE_TYPE_MISMATCH', `${ext}:${detected.kind}`);
  refuseActiveContent(bytes, detected.kind);
  switch (detected.kind) {
    case 'image/png':
      return { mediaType: 'image/png', ...stripPng(bytes) };
    case 'image/jpeg':
      return { mediaType: 'image/jpeg', ...stripJpeg(bytes) };
    case 'image/webp':
      return { mediaType: 'image/webp', ...stripWebp(bytes) };
    case 'application/pdf':
      return { mediaType: 'application/pdf', stored: bytes, stripped: false };
    case 'text/plain':
      return { mediaType: 'text/plain', stored: bytes, stripped: false };
  }
}

type Detected = { allowed: true; kind: AllowedType } | { allowed: false; kind: string };

/** The file's type from its first bytes. Text must be valid UTF-8 without NUL and not markup. */
export function detectType(b: Buffer): Detected {
  const starts = (sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { allowed: true, kind: 'image/png' };
  if (starts([0xff, 0xd8, 0xff])) return { allowed: true, kind: 'image/jpeg' };
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return { allowed: true, kind: 'image/webp' };
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return { allowed: true, kind: 'application/pdf' };
  if (starts([0x47, 0x49, 0x46, 0x38])) return { allowed: false, kind: 'gif' };
  if (starts([0x50, 0x4b, 0x03, 0x04])) return { allowed: false, kind: 'zip' };
  if (starts([0x4d, 0x5a])) return { allowed: false, kind: 'executable' };
  if (starts([0x7f, 0x45, 0x4c, 0x46])) return { allowed: false, kind: 'executable' };
  if (b.subarray(4, 8).toString('latin1') === 'ftyp') return { allowed: false, kind: 'video-or-heic' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return { allowed: false, kind: 'binary' };
  }
  if (text.includes('\u0000')) return { allowed: false, kind: 'binary' };
  const head = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 512)
    .toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return { allowed: false, kind: 'svg' };
  if (/^<(!doctype|html|head|body|script|iframe|\?xml|[a-z]+[\s>])/.test(head)) return { allowed: false, kind: 'html' };
  return { allowed: true, kind: 'text/plain' };
}

const MARKUP = /<(script|html|svg|iframe|object|embed)[\s>/]|javascript:/i;
const PDF_ACTIVE = /\/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA|SubmitForm)\b/;

/** Refuses polyglots (markup hidden in an image) and PDFs that run code or carry files. */
function refuseActiveContent(b: Buffer, kind: AllowedType): void {
  if (kind === 'text/plain') return; // served as text, as an attachment, never rendered
  const latin = b.toString('latin1');
  if (kind === 'application/pdf') {
    const found = PDF_ACTIVE.exec(latin);
    if (found) throw new FileRejected('EVIDENCE_ACTIVE_CONTENT', `pdf:${found[1]}`);
    return;
  }
  if (MARKUP.test(latin)) throw new FileRejected('EVIDENCE_ACTIVE_CONTENT', 'markup');
}

function checkSize(width: number, height: number): { width: number; height: number } {
  if (width <= 0 || height <= 0) throw new FileRejected('EVIDENCE_FILE_CORRUPT', 'dimensions');
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) throw new FileRejected('EVIDENCE_IMAGE_TOO_LARGE', 'pixels');
  return { width, height };
}

// --- PNG: keep the chunks needed to show the image, drop text, EXIF, time and anything after IEND ---

const PNG_KEEP = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'pHYs',
  'bKGD',
  'acTL',
  'fcTL',
  'fdAT',
]);

function stripPng(b: Buffer): { stored: Buffer; stripped: boolean; width: number; height: number } {
  const parts: Buffer[] = [b.subarray(0, 8)];
  let at = 8;
  let size: { width: number; height: number } | null = null;
  let stripped = false;
  let ended = false;
  while (at + 12 <= b.length) {
    const length = b.readUInt32BE(at);
    const type = b.subarray(at + 4, at + 8).toString('latin1');
    const end = at + 12 + length;
    if (end > b.length || !/^[A-Za-z]{4}$/.test(type)) throw new FileRejected('EVIDENCE_FILE_CORRUPT', 'png-chunk');
    if (type === 'IHDR') size = checkSize(b.readUInt32BE(at + 8), b.readUInt32BE(at + 12));
    if (PNG_KEEP.has(type)) parts.push(b.subarray(at, end));
    else stripped = true;
    at = end;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!size || !ended) throw new FileRejected('EVIDENCE_FILE_CORRUPT', 'png');
  if (at < b.length) stripped = true;
  return { stored: Buffer.concat(parts), stripped, ...size };
}

// --- JPEG: drop APP1 (EXIF/XMP), APP3–APP13, APP15, comments, and anything after the end of the image ---

function stripJpeg(b: Buffer): { stored: Buffer; stripped: boolean; width: number; height: number } {
  const parts: Buffer[] = [b.subarray(0, 2)];
  let at = 2;
  let size: { width: number; height: number } | null = null;
  let stripped = false;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) throw new FileRejected('EVIDENCE_FILE_CORRUPT', 'jpeg-marker');
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    const length = b.readUInt16BE(at + 2);
    const end = at + 2 + length;
    if (length < 2 || end > b.length) throw new FileRejected('EVIDENCE_FILE_CORRUPT', 'jpeg-segment');
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) size = checkSize(b.readUInt16BE(at + 7), b.readUInt16BE(at + 5));
    if (marker === 0xda) {
      // start of scan: entropy-coded data up to the end-of-image marker (FFD9), keep it and stop there
      const eoi = findJpegEnd(b, end);
      if (eoi < 0 || !size) throw new FileRejected('EVIDENCE_FILE_CORRUPT', 'jpeg');
      parts.push(b.subarray(at, eoi + 2));
      if (eoi + 2 < b.length) stripped = true;
      return { stored: Buffer.concat(parts), stripped, ...size };
    }
    const iccProfile = marker === 0xe2 && b.subarray(at + 4, at + 15).toString('latin1') === 'ICC_PROFILE';
    const drop =
      marker === 0xe1 || (marker === 0xe2 && !iccProfile) || (marker >= 0xe3 && marker <= 0xed) || marker === 0xef || marker === 0xfe;
    if (drop) stripped = true;
    else parts.push(b.subarray(at, end));
    at = end;
  }
  throw new FileRejected('EVIDENCE_FILE_CORRUPT', 'jpeg');
}

/** Index of the FFD9 that ends the image (restart markers and stuffed FF00 skipped), or -1. */
function findJpegEnd(b: Buffer, from: number): number {
  for (let i = from; i + 1 < b.length; i++) {
    if (b[i] !== 0xff) continue;
    const next = b[i + 1];
    if (next === 0xd9) return i;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
    // another marker after a scan (progressive JPEG: DHT, SOS…): skip its segment
    if (i + 3 < b.length) i += 1 + b.readUInt16BE(i + 2);
  }
  return -1;
}

// --- WebP: drop the EXIF and XMP chunks and clear their flags ---

function stripWebp(b: Buffer): { stored: Buffer; stripped: boolean; width: number; height: number } {
  if (b.length < 20) throw new FileRejected('EVIDENCE_FILE_CORRUPT', 'webp');
  const riffEnd = Math.min(b.length, 8 + b.readUInt32LE(4));
  const parts: Buffer[] = [];
  let at = 12;
  let size: { width: number; height: number } | null = null;
  let stripped = riffEnd < b.length;
  while (at + 8 <= riffEnd) {
    const type = b.subarray(at, at + 4).toString('latin1');
    const length = b.readUInt32LE(at + 4);
    const end = at + 8 + length + (length % 2);
    if (at + 8 + length > riffEnd) throw new FileRejected('EVIDENCE_FILE_CORRUPT', 'webp-chunk');
    const data = at + 8;
    if (type === 'VP8X') size ??= checkSize(1 + b.readUIntLE(data + 4, 3), 1 + b.readUIntLE(data + 7, 3));
    if (type === 'VP8 ' && length >= 10) size ??= checkSize(b.readUInt16LE(data + 6) & 0x3fff, b.readUInt16LE(data + 8) & 0x3fff);
    if (type === 'VP8L' && length >= 5) {
      const bits = b.readUInt32LE(data + 1);
      size ??= checkSize(1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff));
    }
    if (type === 'EXIF' || type === 'XMP ') {
      stripped = true;
    } else if (type === 'VP8X') {
      const chunk = Buffer.from(b.subarray(at, Math.min(end, riffEnd)));
      chunk[8] &= ~0x0c; // EXIF (0x08) and XMP (0x04) flags
      parts.push(chunk);
    } else {
      parts.push(b.subarray(at, Math.min(end, riffEnd)));
    }
    at = end;
  }
  if (!size) throw new FileRejected('EVIDENCE_FILE_CORRUPT', 'webp');
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return { stored: Buffer.concat([header, body]), stripped, ...size };
}
