// A scanned report made by the test: the Tianjin report's title, headings, the first block of table
// 二, eight rows of table 三 and table 四 drawn on one page image (an SVG with the Noto Sans SC font the
// charts use, rendered by @resvg/resvg-js), wrapped in a PDF with no text layer (pdf-lib). One page of
// what the OCR reader's rules need, since recognising text is slow.
import { PDFDocument } from 'pdf-lib';
import { FONT_FAMILY, FONT_FILE } from '../../src/chart/font.js';
import { TIANJIN_TEXT } from './tianjin.js';

export interface Text {
  s: string;
  x: number;
  y: number;
}

export interface Page {
  width: number;
  height: number;
  texts: Text[];
}

const W = 1654; // A4's width at 200 dpi
const SIZE = 32;
const LINE = 58;
const LEFT = 100;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const isNum = (c: string) => /^(\d+|减少\d+项|增加\d+项|\d+项|\d+万元)$/.test(c.trim());

/** The rows of table 三 drawn (by how the line starts): those its identities tie together, and three results. */
const ROWS_3 = ['一、本年新收', '二、上年结转', '三、本年度办理结果', '(二)部分公开', '(四)无法提供', '(六)其它处理', '(七)总计', '四、结转下年度'];

/** The page: title and headings as lines, the '|' tables as columns of numbers beside their labels. */
export function tianjinScanPage(): Page {
  const texts: Text[] = [];
  let y = LEFT;
  let table = '';
  let firstBlock2 = true;
  TIANJIN_TEXT.replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((line, i) => {
      const t = line.trim();
      if (!t) return;
      table = /^二、主动公开/.test(t) ? '二' : /^三、收到和处理/.test(t) ? '三' : /^四、政府信息公开行政复议/.test(t) ? '四' : /^五、/.test(t) ? '' : table;
      if (table === '二' && /^第二十条第\([五六八九]\)项/.test(t)) firstBlock2 = false;
      if (!t.includes('|')) {
        // the title and the headings
        if (i < 2 || /^([一二三四五六]、|\(一\))/.test(t)) texts.push({ s: t.slice(0, 44), x: LEFT, y });
        else return;
      } else {
        const cells = t.split('|').map((c) => c.trim()).filter(Boolean);
        const values = cells.filter(isNum);
        if ((table === '二' && !firstBlock2) || (table === '三' && values.length && !ROWS_3.some((r) => t.startsWith(r)))) return;
        const label = cells.filter((c) => !isNum(c)).join(values.length ? '' : ' ');
        if (label) texts.push({ s: label, x: LEFT, y });
        const x0 = values.length >= 15 ? 100 : 1000;
        const step = values.length >= 15 ? 96 : values.length >= 7 ? 88 : 200;
        values.forEach((v, n) => texts.push({ s: v, x: x0 + n * step, y }));
      }
      y += LINE;
    });
  return { width: W, height: y + LEFT, texts };
}

/** One page image (PNG). */
export async function pageImage(page: Page): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const body = page.texts.map((t) => `<text x="${t.x}" y="${t.y}" font-size="${SIZE}">${esc(t.s)}</text>`).join('\n');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${page.width}" height="${page.height}"><rect width="100%" height="100%" fill="white"/><g font-family="${FONT_FAMILY}" fill="black">${body}</g></svg>`;
  return Buffer.from(new Resvg(svg, { font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY } }).render().asPng());
}

/** A PDF of page images only (a scan: no text layer). */
export async function scannedPdf(pages: Buffer[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (const png of pages) {
    const img = await doc.embedPng(png);
    const page = doc.addPage([595.28, 841.89]);
    page.drawImage(img, { x: 0, y: 0, width: 595.28, height: 841.89 });
  }
  return Buffer.from(await doc.save());
}
