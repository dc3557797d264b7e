import { crc32, deflateSync } from 'node:zlib';

/**
 * Small files built byte by byte for the evidence specs: real PNG, structurally valid JPEG and WebP, with the
 * metadata a phone would add (EXIF with GPS, text chunks) carrying a marker the specs look for.
 */
function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A width×height grey PNG; `text` adds tEXt and eXIf chunks (metadata), `trailing` bytes after IEND. */
export function png(width = 4, height = 3, options: { text?: string; trailing?: string; declared?: [number, number] } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  const [w, h] = options.declared ?? [width, height];
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0;
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr)];
  if (options.text) {
    parts.push(pngChunk('tEXt', Buffer.from(`Comment\u0000${options.text}`, 'latin1')));
    parts.push(pngChunk('eXIf', Buffer.concat([Buffer.from('MM\u0000*', 'latin1'), Buffer.from(`GPS ${options.text}`, 'latin1')])));
  }
  parts.push(pngChunk('IDAT', deflateSync(rows)), pngChunk('IEND', Buffer.alloc(0)));
  if (options.trailing) parts.push(Buffer.from(options.trailing, 'latin1'));
  return Buffer.concat(parts);
}

const segment = (marker: number, data: Buffer) => {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
};

/** A JPEG's structure (APP0, optional APP1 EXIF and comment, SOF0, SOS, data, EOI). */
export function jpeg(width = 16, height = 8, options: { exif?: string } = {}): Buffer {
  const sof = Buffer.alloc(15);
  sof[0] = 8;
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  sof[5] = 3;
  sof.set([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1], 6);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\u0000\u0001\u0001\u0000\u0000\u0001\u0000\u0001\u0000\u0000', 'latin1')),
    ...(options.exif
      ? [
          segment(0xe1, Buffer.from(`Exif\u0000\u0000GPS ${options.exif}`, 'latin1')),
          segment(0xfe, Buffer.from(`comment ${options.exif}`, 'latin1')),
        ]
      : []),
    segment(0xc0, sof),
    segment(0xda, Buffer.from([3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

const riffChunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
};

/** An extended WebP (VP8X + VP8L) with an optional EXIF chunk. */
export function webp(width = 10, height = 6, options: { exif?: string } = {}): Buffer {
  const vp8x = Buffer.alloc(10);
  vp8x[0] = options.exif ? 0x08 : 0;
  vp8x.writeUIntLE(width - 1, 4, 3);
  vp8x.writeUIntLE(height - 1, 7, 3);
  const vp8l = Buffer.alloc(5);
  vp8l[0] = 0x2f;
  vp8l.writeUInt32LE((width - 1) | ((height - 1) << 14), 1);
  const body = Buffer.concat([
    riffChunk('VP8X', vp8x),
    riffChunk('VP8L', vp8l),
    ...(options.exif ? [riffChunk('EXIF', Buffer.from(`MM GPS ${options.exif}`, 'latin1'))] : []),
  ]);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

export const pdf = (body = 'BT /F1 12 Tf (Capture) Tj ET'): Buffer =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n2 0 obj << /Length ${body.length} >> stream\n${body}\nendstream endobj\n%%EOF\n`,
    'latin1',
  );
