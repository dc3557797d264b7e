/** The receipt as a picture (code and passcode to keep in the phone's gallery): drawn on a canvas, saved as PNG. */

export interface ReceiptImageText {
  title: string;
  school: string;
  codeLabel: string;
  code: string;
  passcodeLabel: string;
  passcode: string;
  where: string;
  dir: 'ltr' | 'rtl';
}

const WIDTH = 720;
const HEIGHT = 520;

/** Draws the receipt; the codes in a large monospace font, always left to right. */
export function drawReceipt(canvas: HTMLCanvasElement, text: ReceiptImageText): void {
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  ctx.fillStyle = '#00595c';
  ctx.fillRect(0, 0, WIDTH, 12);
  const rtl = text.dir === 'rtl';
  const x = rtl ? WIDTH - 40 : 40;
  ctx.direction = text.dir;
  ctx.textAlign = 'start';
  ctx.fillStyle = '#0b0c0c';
  ctx.font = 'bold 30px sans-serif';
  ctx.fillText(text.title, x, 70, WIDTH - 80);
  ctx.font = '24px sans-serif';
  ctx.fillText(text.school, x, 110, WIDTH - 80);
  ctx.fillText(text.codeLabel, x, 175, WIDTH - 80);
  ctx.fillText(text.passcodeLabel, x, 305, WIDTH - 80);
  ctx.fillText(text.where, x, 440, WIDTH - 80);
  ctx.direction = 'ltr';
  ctx.textAlign = rtl ? 'right' : 'left';
  ctx.font = 'bold 52px monospace';
  ctx.fillText(text.code, x, 240, WIDTH - 80);
  ctx.fillText(text.passcode, x, 370, WIDTH - 80);
}

/** The canvas as a PNG file, downloaded under `name`. */
export async function downloadCanvas(canvas: HTMLCanvasElement, name: string): Promise<void> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('no image');
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
