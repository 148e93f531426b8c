// Scanned PDFs read by OCR, offline: the test draws the Tianjin report's title, headings and tables
// as page images (Noto Sans SC from npm, rendered by resvg), wraps them in a PDF with no text layer,
// and reads it back with tesseract.js and the chi_sim data of @tesseract.js-data/chi_sim. Every
// figure kept is marked how: 'ocr' and confirmed by the template's identities; table 二, which has
// none, is left unread; a scan whose row does not add up loses that row. Skipped, saying so, when the
// optional OCR packages are not installed.
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestBytes, ingestFile } from '../src/ingest/index.js';
import type { Fact, Report } from '../src/model.js';
import { pageImage, scannedPdf, tianjinScanTexts } from './helpers/scanned.js';
import { TIANJIN } from './helpers/tianjin.js';

const require = createRequire(import.meta.url);
const installed = (() => {
  try {
    require.resolve('tesseract.js');
    require.resolve('@tesseract.js-data/chi_sim/package.json');
    return true;
  } catch {
    return false;
  }
})();

const key = (f: Fact) => `${f.table}|${f.row.join('›')}|${f.column.join('›')}`;

describe.skipIf(installed)('scanned PDFs (OCR)', () => {
  it('skipped: the optional packages tesseract.js and @tesseract.js-data/chi_sim are not installed', () => {
    expect(installed).toBe(false);
  });
});

describe.skipIf(!installed)('a scanned Tianjin report read by OCR', { timeout: 180_000 }, () => {
  let truth: Map<string, number>;
  let r: Report;
  beforeAll(async () => {
    const tj = await ingestFile(TIANJIN);
    truth = new Map(tj.facts.map((f) => [key(f), f.value]));
    const pdf = await scannedPdf(await Promise.all(tianjinScanTexts().map(pageImage)));
    // the PDF really has no text: every page is an image
    expect(pdf.includes(Buffer.from('/Font'))).toBe(false);
    r = await ingestBytes('tianjin-scan.pdf', pdf);
  }, 180_000);

  it('reads the title, agency, year and sections from the page images', () => {
    expect(r.source).toMatchObject({ format: 'pdf', scanned: true });
    expect([r.agency, r.year]).toEqual(['天津市工业和信息化局', 2020]);
    expect(r.sections.filter((s) => s.index >= 1).map((s) => s.index)).toEqual(expect.arrayContaining([1, 2, 3, 4, 5]));
  });

  it('every figure kept says it was read by OCR, and is right', () => {
    expect(r.facts.length).toBeGreaterThan(0);
    for (const f of r.facts) {
      expect(f.how, key(f)).toBe('ocr');
      expect(f.value, key(f)).toBe(truth.get(key(f)));
    }
  });

  it('keeps the rows of table 三 that add up and table 四 whose groups add up', () => {
    const three = r.facts.filter((f) => f.table === '三');
    // OCR on this page reads most rows; any row not read is said so, never guessed
    expect(three.length).toBeGreaterThanOrEqual(140);
    expect(three.length + 7 * r.unread.filter((u) => u.table === '三' && /^扫描件/.test(u.why)).length).toBe(161);
    expect(r.facts.filter((f) => f.table === '四')).toHaveLength(15);
    expect(r.findings).toEqual([]);
  });

  it('leaves table 二 unread: no identity confirms an OCR reading of it', () => {
    expect(r.facts.filter((f) => f.table === '二')).toEqual([]);
    expect(r.unread.find((u) => u.table === '二')?.why).toMatch(/扫描件识别出\d+个数字，但表二没有恒等式可以核对识别结果，未采用/);
  });

  it('a scanned row that does not add up is not kept, saying so', async () => {
    const pages = tianjinScanTexts();
    // 一、本年新收 printed 20 3 … 23: make the scan show 26 for 自然人
    const page = pages.find((p) => p.some((t) => t.s === '一、本年新收政府信息公开申请数量'))!;
    const row = page.find((t) => t.s === '一、本年新收政府信息公开申请数量')!;
    page.find((t) => t.y === row.y && t.s === '20')!.s = '26';
    const bad = await ingestBytes('bad-scan.pdf', await scannedPdf(await Promise.all(pages.map(pageImage))));
    expect(bad.facts.some((f) => f.row[0] === '一、本年新收政府信息公开申请数量')).toBe(false);
    expect(bad.unread.find((u) => u.what === '一、本年新收政府信息公开申请数量')?.why).toBe('扫描件识别的这一行各列之和与总计不符，未采用');
    for (const f of bad.facts) expect(f.value, key(f)).toBe(truth.get(key(f)));
  }, 180_000);
});
