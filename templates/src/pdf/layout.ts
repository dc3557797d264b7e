// Lays out checked markup documents on A4 pages with pdfkit: flowing blocks with page breaks, tables whose rows
// split across pages (header rows repeated), right-to-left tables and lists for Arabic, side-by-side columns,
// signature blocks, vector bar charts, and a footer with "page X of Y" drawn once every page exists.
import { join } from 'node:path';
import type PDFDocument from 'pdfkit';
import { create as createQr } from 'qrcode';
import { flatten, type BidiText, type Align, type Dir, type Flat, type LineRange, type Span } from './bidi-text';
import type { Block, Cell, MarkupDoc } from './markup';

type Doc = InstanceType<typeof PDFDocument>;

export const PAGE = { width: 595.28, height: 841.89, margin: 46, footer: 34 };
const SIZE = { body: 10, small: 8, h1: 16, h2: 12.5, h3: 11, cell: 9.5 };
const LINE = 1.55; // line height / font size (Arabic faces have tall ascenders and deep descenders)
const COLOR = { text: '#111111', muted: '#555555', rule: '#8a8a8a', fill: '#ececec', bar: '#2f6690', barAlt: '#81a4c4' };
const PAD = 4;

interface Ctx {
  x: number;
  width: number;
  dir: Dir;
  noBreak: boolean;
}

interface PreparedCell {
  flat: Flat;
  lines: LineRange[];
  align: Align;
  header: boolean;
}

export class Layout {
  private readonly text: BidiText;
  private y = PAGE.margin;
  private readonly top = PAGE.margin;
  private readonly bottom = PAGE.height - PAGE.margin - PAGE.footer;
  private readonly images = new Map<string, { width: number; height: number }>();
  /** For each page, the footer of the document that owns it. */
  private readonly footers: { footer: Span[] | null; dir: Dir }[] = [];
  private current: { footer: Span[] | null; dir: Dir } = { footer: null, dir: 'ltr' };
  private started = false;

  constructor(
    private readonly doc: Doc,
    text: BidiText,
    private readonly assetsDir: string,
  ) {
    this.text = text;
  }

  /** Lays out one document, starting on a new page. */
  add(markup: MarkupDoc): void {
    this.current = { footer: markup.footer, dir: markup.dir };
    this.newPage();
    this.blocks(markup.blocks, { x: PAGE.margin, width: PAGE.width - 2 * PAGE.margin, dir: markup.dir, noBreak: false });
  }

  /** Draws the footers (page numbers need the page count); returns the page count. */
  finish(): number {
    const range = this.doc.bufferedPageRange();
    const pages = range.count;
    for (let i = 0; i < pages; i++) {
      this.doc.switchToPage(range.start + i);
      const { footer, dir } = this.footers[i];
      if (!footer) continue;
      const spans = footer.map((s) => ({ ...s, text: s.text.replace(/\{page\}/g, String(i + 1)).replace(/\{pages\}/g, String(pages)) }));
      const x = PAGE.margin;
      const width = PAGE.width - 2 * PAGE.margin;
      const y = PAGE.height - PAGE.margin - PAGE.footer + 12;
      this.doc
        .moveTo(x, y - 4)
        .lineTo(x + width, y - 4)
        .lineWidth(0.5)
        .strokeColor(COLOR.rule)
        .stroke();
      this.paragraphAt(spans, x, y, width, SIZE.small, dir, 'center', COLOR.muted);
    }
    return pages;
  }

  private newPage(): void {
    if (this.started) this.doc.addPage();
    this.started = true;
    this.footers.push(this.current);
    this.y = this.top;
  }

  private ensure(height: number, ctx: Ctx): void {
    if (!ctx.noBreak && this.y + height > this.bottom && this.y > this.top) this.newPage();
  }

  private start(dir: Dir): Align {
    return dir === 'rtl' ? 'right' : 'left';
  }

  private prepare(spans: Span[], width: number, size: number): { flat: Flat; lines: LineRange[] } {
    const flat = this.text.normalise(flatten(spans));
    return { flat, lines: this.text.wrap(flat, width, size) };
  }

  /** A paragraph that may break across pages. */
  private paragraph(spans: Span[], ctx: Ctx, size: number, align: Align, color: string): void {
    const { flat, lines } = this.prepare(spans, ctx.width, size);
    const lh = size * LINE;
    for (const line of lines) {
      this.ensure(lh, ctx);
      this.text.drawLine(flat, line, ctx.x, this.y, ctx.width, size, ctx.dir, align, color);
      this.y += lh;
    }
  }

  /** A paragraph at a fixed place (no page break); returns the height used. */
  private paragraphAt(spans: Span[], x: number, y: number, width: number, size: number, dir: Dir, align: Align, color: string): number {
    const { flat, lines } = this.prepare(spans, width, size);
    const lh = size * LINE;
    lines.forEach((line, k) => this.text.drawLine(flat, line, x, y + k * lh, width, size, dir, align, color));
    return lines.length * lh;
  }

  private blocks(blocks: Block[], ctx: Ctx): void {
    for (const b of blocks) this.block(b, ctx);
  }

  private block(b: Block, ctx: Ctx): void {
    switch (b.kind) {
      case 'section':
        this.blocks(b.blocks, ctx);
        return;
      case 'heading': {
        const size = b.level === 1 ? SIZE.h1 : b.level === 2 ? SIZE.h2 : SIZE.h3;
        this.y += b.level === 1 ? 8 : 6;
        this.ensure(size * LINE * 3, ctx); // keep a heading with what follows
        const spans = b.spans.map((s) => ({ ...s, style: 'bold' as const }));
        this.paragraph(spans, ctx, size, b.align ?? (b.level === 1 ? 'center' : this.start(ctx.dir)), COLOR.text);
        if (b.level === 2) {
          this.doc
            .moveTo(ctx.x, this.y)
            .lineTo(ctx.x + ctx.width, this.y)
            .lineWidth(0.6)
            .strokeColor(COLOR.rule)
            .stroke();
        }
        this.y += 4;
        return;
      }
      case 'p':
        this.paragraph(b.spans, ctx, b.size ?? SIZE.body, b.align ?? this.start(ctx.dir), b.muted ? COLOR.muted : COLOR.text);
        this.y += 3;
        return;
      case 'list':
        this.list(b.items, b.ordered, ctx);
        return;
      case 'table':
        this.table(b.widths, b.rows, ctx, 'grid');
        this.y += 6;
        return;
      case 'kv': {
        const rows: Cell[][] = b.pairs.map((p) => [
          { spans: p.key.map((s) => ({ ...s, style: 'bold' as const })), align: null, header: false },
          { spans: p.value, align: null, header: false },
        ]);
        this.table(['150', '*'], rows, ctx, 'rule');
        this.y += 6;
        return;
      }
      case 'signatures':
        this.signatures(b.items, ctx);
        return;
      case 'pagebreak':
        if (!ctx.noBreak) this.newPage();
        return;
      case 'hr':
        this.y += 4;
        this.doc
          .moveTo(ctx.x, this.y)
          .lineTo(ctx.x + ctx.width, this.y)
          .lineWidth(0.5)
          .strokeColor(COLOR.rule)
          .stroke();
        this.y += 6;
        return;
      case 'img':
        this.image(b.src, b.width, b.align ?? 'center', ctx);
        return;
      case 'chart':
        this.chart(b.title, b.bars, ctx);
        return;
      case 'qr':
        this.qr(b.data, b.size, b.align ?? 'center', ctx);
        return;
      case 'columns':
        this.columns(b.columns, ctx);
        return;
    }
  }

  private list(items: Span[][], ordered: boolean, ctx: Ctx): void {
    const indent = 16;
    const size = SIZE.body;
    const lh = size * LINE;
    items.forEach((item, k) => {
      const { flat, lines } = this.prepare(item, ctx.width - indent, size);
      const textX = ctx.dir === 'rtl' ? ctx.x : ctx.x + indent;
      const markerX = ctx.dir === 'rtl' ? ctx.x + ctx.width - indent : ctx.x;
      const marker = this.text.normalise(flatten([{ text: ordered ? `${k + 1}.` : '•', style: 'regular' }]));
      lines.forEach((line, n) => {
        this.ensure(lh, ctx);
        if (n === 0)
          this.text.drawLine(
            marker,
            { start: 0, end: marker.text.length },
            markerX,
            this.y,
            indent - 4,
            size,
            'ltr',
            this.start(ctx.dir),
            COLOR.text,
          );
        this.text.drawLine(flat, line, textX, this.y, ctx.width - indent, size, ctx.dir, this.start(ctx.dir), COLOR.text);
        this.y += lh;
      });
    });
    this.y += 3;
  }

  private table(widthSpec: string[], rows: Cell[][], ctx: Ctx, style: 'grid' | 'rule'): void {
    const fixed = widthSpec.filter((w) => w !== '*').reduce((a, w) => a + Number(w), 0);
    const stars = widthSpec.filter((w) => w === '*').length;
    const scale = fixed > ctx.width || (!stars && fixed !== ctx.width) ? ctx.width / fixed : 1;
    const starWidth = stars ? Math.max(0, (ctx.width - fixed * scale) / stars) : 0;
    const widths = widthSpec.map((w) => (w === '*' ? starWidth : Number(w) * scale));
    // logical column k -> x; in right-to-left tables the first column is on the right
    const xs: number[] = [];
    let acc = 0;
    for (const w of widths) {
      xs.push(ctx.dir === 'rtl' ? ctx.x + ctx.width - acc - w : ctx.x + acc);
      acc += w;
    }
    const size = SIZE.cell;
    const prepare = (row: Cell[]): PreparedCell[] =>
      row.map((c, k) => {
        const spans = c.header ? c.spans.map((s) => ({ ...s, style: 'bold' as const })) : c.spans;
        const { flat, lines } = this.prepare(spans, widths[k] - 2 * PAD, size);
        return { flat, lines, align: c.align ?? this.start(ctx.dir), header: c.header };
      });
    let headerRows = 0;
    while (headerRows < rows.length && rows[headerRows].every((c) => c.header)) headerRows++;
    const head = rows.slice(0, headerRows).map(prepare);
    head.forEach((r) => this.row(r, xs, widths, size, ctx, style, () => undefined));
    for (const row of rows.slice(headerRows)) {
      this.row(prepare(row), xs, widths, size, ctx, style, () =>
        head.forEach((r) => this.row(r, xs, widths, size, ctx, style, () => undefined)),
      );
    }
  }

  /** One table row; a row taller than the space left continues on the next page (header rows repeated). */
  private row(
    cells: PreparedCell[],
    xs: number[],
    widths: number[],
    size: number,
    ctx: Ctx,
    style: 'grid' | 'rule',
    onNewPage: () => void,
  ): void {
    const lh = size * LINE;
    const total = Math.max(1, ...cells.map((c) => c.lines.length));
    const full = this.bottom - this.top;
    let offset = 0;
    while (offset < total) {
      const remaining = total - offset;
      const avail = Math.floor((this.bottom - this.y - 2 * PAD) / lh);
      const fitsFresh = remaining * lh + 2 * PAD <= full;
      if (!ctx.noBreak && this.y > this.top && (avail < 1 || (avail < remaining && fitsFresh))) {
        this.newPage();
        onNewPage();
        continue;
      }
      const take = ctx.noBreak ? remaining : Math.max(1, Math.min(avail, remaining));
      const h = take * lh + 2 * PAD;
      cells.forEach((c, k) => {
        if (c.header && style === 'grid') this.doc.rect(xs[k], this.y, widths[k], h).fillColor(COLOR.fill).fill();
        c.lines.slice(offset, offset + take).forEach((line, n) => {
          this.text.drawLine(c.flat, line, xs[k] + PAD, this.y + PAD + n * lh, widths[k] - 2 * PAD, size, ctx.dir, c.align, COLOR.text);
        });
        if (style === 'grid') this.doc.rect(xs[k], this.y, widths[k], h).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
      });
      if (style === 'rule') {
        this.doc
          .moveTo(ctx.x, this.y + h)
          .lineTo(ctx.x + ctx.width, this.y + h)
          .lineWidth(0.3)
          .strokeColor(COLOR.rule)
          .stroke();
      }
      this.y += h;
      offset += take;
      if (offset < total && !ctx.noBreak) {
        this.newPage();
        onNewPage();
      }
    }
  }

  private signatures(items: { title: string; spans: Span[] }[], ctx: Ctx): void {
    const perRow = Math.min(3, Math.max(1, items.length));
    const gap = 14;
    const w = (ctx.width - gap * (perRow - 1)) / perRow;
    const boxH = 92;
    for (let r = 0; r < items.length; r += perRow) {
      this.y += 6;
      this.ensure(boxH, ctx);
      items.slice(r, r + perRow).forEach((item, k) => {
        const x = ctx.dir === 'rtl' ? ctx.x + ctx.width - (k + 1) * w - k * gap : ctx.x + k * (w + gap);
        this.doc.rect(x, this.y, w, boxH).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
        let y = this.y + PAD;
        y += this.paragraphAt(
          [{ text: item.title, style: 'bold' }],
          x + PAD,
          y,
          w - 2 * PAD,
          SIZE.cell,
          ctx.dir,
          this.start(ctx.dir),
          COLOR.text,
        );
        if (item.spans.length) this.paragraphAt(item.spans, x + PAD, y, w - 2 * PAD, SIZE.cell, ctx.dir, this.start(ctx.dir), COLOR.text);
        this.doc
          .moveTo(x + 10, this.y + boxH - 14)
          .lineTo(x + w - 10, this.y + boxH - 14)
          .dash(2, { space: 2 })
          .lineWidth(0.5)
          .strokeColor(COLOR.rule)
          .stroke()
          .undash();
      });
      this.y += boxH;
    }
    this.y += 6;
  }

  private image(src: string, width: number, align: Align, ctx: Ctx): void {
    const file = join(this.assetsDir, src);
    let size = this.images.get(src);
    if (!size) {
      const img = (this.doc as unknown as { openImage(src: string): { width: number; height: number } }).openImage(file);
      size = { width: img.width, height: img.height };
      this.images.set(src, size);
    }
    const w = Math.min(width, ctx.width);
    const h = (w * size.height) / size.width;
    this.ensure(h, ctx);
    const x = align === 'left' ? ctx.x : align === 'right' ? ctx.x + ctx.width - w : ctx.x + (ctx.width - w) / 2;
    this.doc.image(file, x, this.y, { width: w });
    this.y += h + 4;
  }

  /**
   * A QR code drawn as vector squares (sharp at any print size; no image): the matrix comes from the pure-JS
   * encoder of the `qrcode` package (error correction M), with its quiet zone of four modules kept white.
   */
  private qr(data: string, size: number, align: Align, ctx: Ctx): void {
    const matrix = createQr(data, { errorCorrectionLevel: 'M' }).modules;
    const n = matrix.size;
    const side = Math.min(size, ctx.width);
    const cell = side / (n + 8);
    this.ensure(side, ctx);
    const x0 = align === 'left' ? ctx.x : align === 'right' ? ctx.x + ctx.width - side : ctx.x + (ctx.width - side) / 2;
    const y0 = this.y;
    for (let r = 0; r < n; r++) {
      // one rectangle per run of dark modules in a row
      for (let c = 0; c < n;) {
        if (!matrix.get(r, c)) {
          c++;
          continue;
        }
        let end = c;
        while (end < n && matrix.get(r, end)) end++;
        this.doc.rect(x0 + (4 + c) * cell, y0 + (4 + r) * cell, (end - c) * cell, cell);
        c = end;
      }
    }
    this.doc.fillColor('#000000').fill();
    this.y += side + 4;
  }

  private chart(title: string, bars: { label: Span[]; value: number; mark: string | null }[], ctx: Ctx): void {
    const size = SIZE.cell;
    const labelW = Math.min(170, ctx.width * 0.35);
    const valueW = 34;
    const barArea = ctx.width - labelW - valueW - 8;
    const max = Math.max(1, ...bars.map((b) => (b.mark === null ? b.value : 0)));
    const barH = 11;
    if (title) {
      this.ensure(size * LINE * 3, ctx);
      this.paragraph([{ text: title, style: 'bold' }], ctx, SIZE.h3, this.start(ctx.dir), COLOR.text);
    }
    bars.forEach((b, k) => {
      const { flat, lines } = this.prepare(b.label, labelW - PAD, size);
      const rowH = Math.max(barH + 6, lines.length * size * LINE);
      this.ensure(rowH, ctx);
      const rtl = ctx.dir === 'rtl';
      const labelX = rtl ? ctx.x + ctx.width - labelW : ctx.x;
      lines.forEach((line, n) =>
        this.text.drawLine(flat, line, labelX, this.y + n * size * LINE, labelW - PAD, size, ctx.dir, this.start(ctx.dir), COLOR.text),
      );
      // a bar with a mark (a suppressed count) is not drawn: only its mark is printed
      const len = b.mark === null ? (b.value / max) * barArea : 0;
      const barY = this.y + (size * LINE - barH) / 2;
      const barX = rtl ? ctx.x + ctx.width - labelW - 4 - len : ctx.x + labelW + 4;
      if (len > 0)
        this.doc
          .rect(barX, barY, len, barH)
          .fillColor(k % 2 ? COLOR.barAlt : COLOR.bar)
          .fill();
      const value = this.text.normalise(flatten([{ text: b.mark ?? String(b.value), style: 'regular' }]));
      const vx = rtl ? barX - valueW - 2 : barX + len + 3;
      this.text.drawLine(value, { start: 0, end: value.text.length }, vx, this.y, valueW, size, 'ltr', rtl ? 'right' : 'left', COLOR.text);
      this.y += rowH;
    });
    this.y += 8;
  }

  private columns(columns: { lang: string; dir: Dir; blocks: Block[] }[], ctx: Ctx): void {
    const gap = 12;
    const n = columns.length;
    const w = (ctx.width - gap * (n - 1)) / Math.max(1, n);
    const startY = this.y;
    let maxY = startY;
    // columns are placed in the order written, left to right whatever the direction (e.g. French | logo | Arabic)
    columns.forEach((c, k) => {
      this.y = startY;
      this.blocks(c.blocks, { x: ctx.x + k * (w + gap), width: w, dir: c.dir, noBreak: true });
      maxY = Math.max(maxY, this.y);
    });
    this.y = maxY + 4;
  }
}
