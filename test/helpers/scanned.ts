// A scanned report made by the test: the Tianjin report's title, headings, a sentence of each section
// and its three tables drawn as an A4 page image (an SVG with the Noto Sans SC font the charts use,
// rendered by @resvg/resvg-js), wrapped in a PDF with no text layer (pdf-lib).
import { PDFDocument } from 'pdf-lib';
import { FONT_FAMILY, FONT_FILE } from '../../src/chart/font.js';
import { TIANJIN_TEXT } from './tianjin.js';

interface Text {
  s: string;
  x: number;
  y: number;
}

const W = 1654;
const H = 2339;
const SIZE = 32;
const LINE = 58;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const isNum = (c: string) => /^(\d+|减少\d+项|增加\d+项|\d+项|\d+万元)$/.test(c.trim());

/** The texts of the report's pages: title, headings with their first sentence, the '|' tables as columns. */
export function tianjinScanTexts(): Text[][] {
  const lines = TIANJIN_TEXT.replace(/\r\n?/g, '\n').split('\n');
  const pages: Text[][] = [[]];
  let y = 100;
  const put = (t: Text) => pages[pages.length - 1]!.push(t);
  const next = () => {
    y += LINE;
    if (y > H - 100) {
      pages.push([]);
      y = 100;
    }
  };
  const heading = /^([一二三四五六]、|\(一\))/;
  let lastHeading = false;
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    if (line.includes('|')) {
      const cells = line.split('|').map((c) => c.trim()).filter(Boolean);
      if (!cells.some(isNum)) {
        put({ s: cells.join(' '), x: 100, y });
        next();
        return;
      }
      const label = cells.filter((c) => !isNum(c)).join('');
      const values = cells.filter(isNum);
      if (label) put({ s: label, x: 100, y });
      const x0 = values.length >= 15 ? 100 : 1000;
      const step = values.length >= 15 ? 96 : values.length >= 7 ? 88 : 200;
      values.forEach((v, k) => put({ s: v, x: x0 + k * step, y }));
      next();
      return;
    }
    // title, headings and the first sentence after each heading; the closing signature and date
    const t = line.trim();
    if (i < 2 || heading.test(t) || i >= lines.length - 3) {
      put({ s: t.slice(0, 44), x: 100, y });
      next();
      lastHeading = heading.test(t);
      return;
    }
    if (lastHeading) {
      const first = t.split(/[。；]/)[0]!.slice(0, 40);
      put({ s: first + '。', x: 100, y });
      next();
      lastHeading = false;
    }
  });
  return pages;
}

/** One page image (PNG) of texts. */
export async function pageImage(texts: Text[]): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const body = texts.map((t) => `<text x="${t.x}" y="${t.y}" font-size="${SIZE}">${esc(t.s)}</text>`).join('\n');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="white"/><g font-family="${FONT_FAMILY}" fill="black">${body}</g></svg>`;
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

export async function tianjinScannedPdf(): Promise<Buffer> {
  return scannedPdf(await Promise.all(tianjinScanTexts().map(pageImage)));
}
