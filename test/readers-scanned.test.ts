// Scanned PDFs read by OCR, offline: the test draws the Tianjin report's title, headings and tables
// on one page image (Noto Sans SC, rendered by resvg), wraps it in a PDF with no text layer,
// and reads it back with tesseract.js and the chi_sim data of @tesseract.js-data/chi_sim. Every
// figure kept is marked how: 'ocr' and confirmed by the template's identities; table 二, which has
// none, is left unread; a scan whose row does not add up loses that row. Skipped, saying so, when the
// optional OCR packages are not installed.
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestBytes, ingestFile } from '../src/ingest/index.js';
import type { Fact, Report } from '../src/model.js';
import { pageImage, scannedPdf, tianjinScanPage } from './helpers/scanned.js';
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
    // one page: the title, the headings, table 二's first block, eight rows of table 三 and table 四
    const page = tianjinScanPage();
    // 一、本年新收 printed 20 3 … 23: the scan shows 26 for 自然人, a row that does not add up
    const row = page.texts.find((t) => t.s === '一、本年新收政府信息公开申请数量')!;
    page.texts.find((t) => t.y === row.y && t.s === '20')!.s = '26';
    const pdf = await scannedPdf([await pageImage(page)]);
    // the PDF really has no text: every page is an image
    expect(pdf.includes(Buffer.from('/Font'))).toBe(false);
    r = await ingestBytes('tianjin-scan.pdf', pdf);
  }, 180_000);

  it('reads the title, agency, year and sections from the page image', () => {
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

  it('keeps the rows of table 三 that add up and table 四 whose groups add up; every other row is unread, saying why', () => {
    const three = r.facts.filter((f) => f.table === '三');
    // of the seven rows drawn right, OCR reads most (a row it reads short of numbers is said so,
    // never guessed); the 15 rows not on the page are said not found
    expect(three.length).toBeGreaterThanOrEqual(4 * 7);
    expect(three.length + 7 * r.unread.filter((u) => u.table === '三' && /^扫描件/.test(u.why)).length).toBe(161);
    expect(r.facts.filter((f) => f.table === '四')).toHaveLength(15);
    expect(r.findings).toEqual([]);
  });

  it('a scanned row that does not add up is not kept, saying so', () => {
    expect(r.facts.some((f) => f.row[0] === '一、本年新收政府信息公开申请数量')).toBe(false);
    expect(r.unread.find((u) => u.what === '一、本年新收政府信息公开申请数量')?.why).toBe('扫描件识别的这一行各列之和与总计不符，未采用');
  });

  it('leaves table 二 unread: no identity confirms an OCR reading of it', () => {
    expect(r.facts.filter((f) => f.table === '二')).toEqual([]);
    expect(r.unread.find((u) => u.table === '二')?.why).toMatch(/扫描件识别出\d+个数字，但表二没有恒等式可以核对识别结果，未采用/);
  });
});
