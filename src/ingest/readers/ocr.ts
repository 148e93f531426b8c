// Scanned PDFs (no text layer): each page's image is read by OCR, offline, with tesseract.js and the
// Simplified Chinese language data of the npm package @tesseract.js-data/chi_sim (langPath points at
// it; tesseract.js would otherwise download it at run time). Both are optional dependencies: without
// them a scanned PDF gets a message saying how to enable OCR. The recognised words, with their boxes,
// become lines (one per recognised text line, cells split at wide gaps) for the table reader; the figures
// read from them are marked how: 'ocr' and kept only where the template's identities confirm them
// (see confirmOcr in ../scanned.ts).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { NotAReportError } from '../../model.js';
import type { Line, ReaderOutput } from '../document.js';

interface PdfImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
  kind?: number;
}

export const OCR_HELP = '这是扫描版 PDF，没有文字层。要用 OCR 识别，请安装可选依赖：npm install tesseract.js @tesseract.js-data/chi_sim（见 README“扫描件 OCR”）；或提供有文字层的 PDF、DOCX 或文本';

/** The page's image as PNG (grey or RGB, from the pixels pdf.js decoded). */
export function pngOf(img: PdfImage): Buffer {
  const { width, height, data } = img;
  const n = width * height;
  // pdf.js kinds: 1 = 1 bit grey (packed rows), 2 = RGB, 3 = RGBA
  const rgb = Buffer.alloc(n * 3);
  if (img.kind === 1) {
    const rowBytes = (width + 7) >> 3;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const bit = (data[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1;
        rgb.fill(bit ? 255 : 0, (y * width + x) * 3, (y * width + x) * 3 + 3);
      }
  } else {
    const step = data.length >= n * 4 ? 4 : 3;
    for (let i = 0; i < n; i++) {
      rgb[i * 3] = data[i * step]!;
      rgb[i * 3 + 1] = data[i * step + 1]!;
      rgb[i * 3 + 2] = data[i * step + 2]!;
    }
  }
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) rgb.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    const tb = Buffer.concat([Buffer.from(type, 'latin1'), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(tb));
    return Buffer.concat([len, tb, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

let crcTable: Uint32Array | null = null;
function crc32(b: Buffer): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

type Tesseract = typeof import('tesseract.js');

async function loadTesseract(file: string): Promise<{ lib: Tesseract; langPath: string }> {
  try {
    const lib = (await import('tesseract.js')) as Tesseract & { default?: Tesseract };
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@tesseract.js-data/chi_sim/package.json'));
    // the integer "best" model: small (1.7 MB) and accurate on printed text
    return { lib: lib.default ?? lib, langPath: join(dir, '4.0.0_best_int') };
  } catch {
    throw new NotAReportError(file, OCR_HELP);
  }
}

/** A recognised text line: its words with their left and right edges and height (pixels). */
interface OcrLine {
  words: { s: string; x0: number; x1: number; h: number }[];
}

const NUM = /^(增加|减少|新增)?\d[\d,]*(\.\d+)?(万元|亿元|元|件|项|个|条|笔)?$/;
const SIGN = /^(增加|减少|新增)$/;
const UNIT = /^(万元?|亿元?|元|件|项|个|条|笔)$/;
const ITEM = /^\d{1,2}[.、．]$/;

/** Letters OCR reads for digits inside a number (l11 → 111, 2O → 20). */
function digitsOf(s: string): string {
  return /\d/.test(s) && /^[\dlIO|o]+$/.test(s) ? s.replace(/[lI|]/g, '1').replace(/[Oo]/g, '0') : s;
}

/**
 * One recognised line as a report line: words close together form one cell (a label broken into
 * words, 减少 1 项, 1. 属于国家秘密), a gap wider than about a character separates cells, and two
 * numbers are always two cells. A line with a number cell beside other cells is a table row; other
 * lines (2020 年…) are narrative.
 */
export function lineOf(l: OcrLine, page: number): Line {
  const cells: string[] = [];
  let prev: { s: string; x1: number; h: number } | null = null;
  for (const raw of l.words) {
    const w = { ...raw, s: digitsOf(raw.s) };
    const near = prev !== null && w.x0 - prev.x1 < 1.2 * Math.max(w.h, prev.h);
    const last = cells[cells.length - 1] ?? '';
    const join =
      prev !== null &&
      (UNIT.test(w.s) && (NUM.test(last) || (/[万亿]$/.test(last) && w.s === '元')) ? true : SIGN.test(last) && /^\d/.test(w.s) ? near : ITEM.test(last) ? true : /^[年月日%]/.test(w.s) && /\d$/.test(last) ? true : near && !NUM.test(w.s) && !NUM.test(last));
    if (join) cells[cells.length - 1] = last + w.s;
    else cells.push(w.s);
    prev = w;
  }
  const table = cells.length >= 2 && cells.some((c) => NUM.test(c));
  return { cells: table ? cells : [cells.join('')], table, at: { page } };
}

/** The lines of the page images, recognised by OCR (Simplified Chinese, one block per page). */
export async function ocrPages(file: string, pages: { image: Buffer }[]): Promise<ReaderOutput> {
  const { lib, langPath } = await loadTesseract(file);
  const worker = await lib.createWorker('chi_sim', lib.OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none', logger: () => {} });
  try {
    await worker.setParameters({ tessedit_pageseg_mode: lib.PSM.SINGLE_BLOCK, preserve_interword_spaces: '1' });
    const lines: Line[] = [];
    for (let p = 0; p < pages.length; p++) {
      const r = await worker.recognize(pages[p]!.image, {}, { blocks: true, text: false });
      for (const b of r.data.blocks ?? [])
        for (const para of b.paragraphs)
          for (const line of para.lines) {
            const words = line.words
              .filter((w) => w.text.trim() && w.confidence >= 30)
              .map((w) => ({ s: w.text.trim(), x0: w.bbox.x0, x1: w.bbox.x1, h: w.bbox.y1 - w.bbox.y0 }));
            if (words.length) lines.push(lineOf({ words }, p + 1));
          }
    }
    return { lines, ocr: true };
  } finally {
    await worker.terminate();
  }
}
