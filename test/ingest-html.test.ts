// HTML pages with real tables: the Tianjin report rendered by the test as a web page prints it
// (rowspan, colspan, <br> in headers, blank zero cells) gives the same facts as the text; and the
// real Shanghai 2019 page from ../shared/corpus when that folder is present.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../src/ingest/index.js';
import { readHtml } from '../src/ingest/readers/html.js';
import type { Fact, Report } from '../src/model.js';
import { blankInHtml, expectedTianjinCells, REPO, TIANJIN, tianjinHtml } from './helpers/tianjin.js';

const fact = (f: Fact) => ({ table: f.table, row: f.row, column: f.column, value: f.value, unit: f.unit });

describe('the Tianjin tables as a web page', () => {
  let tmp: string;
  let html: Report;
  let text: Report;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gongkai-html-'));
    const file = join(tmp, 'tianjin-gxj-2020.html');
    writeFileSync(file, tianjinHtml());
    html = await ingestFile(file);
    text = await ingestFile(TIANJIN);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('the page really has the spans of a real one', () => {
    const page = tianjinHtml();
    expect(page).toContain('rowspan="20"');
    expect(page).toContain('rowspan="8" nowrap="nowrap"><p align="center">（三）不予公开');
    expect(page).toContain('colspan="7" nowrap="nowrap"><p align="center">申请人情况');
    expect(page).toContain('本年新<br />制作数量');
    expect(page).toContain('商业<br>企业');
    expect(page).toContain('&nbsp;');
  });

  it('reads as HTML with the same metadata and template versions', () => {
    expect(html.source.format).toBe('html');
    expect(html.agency).toBe('天津市工业和信息化局');
    expect(html.year).toBe(2020);
    expect(html.published).toBe('2021-01-27');
    expect(html.versions).toEqual({ 二: '2019', 三: '2019', 四: '2019' });
    expect(html.unread).toEqual([]);
  });

  it('gives the same facts (table, row, column, value, unit) as the text, in the same order', () => {
    expect(html.facts.map(fact)).toEqual(text.facts.map(fact));
    expect(html.facts).toHaveLength(198);
  });

  it('records the blank cells as 0 with raw "", the printed ones as printed', () => {
    const expected = expectedTianjinCells();
    expect(html.facts.map((f) => f.raw)).toEqual(expected.map((c) => (blankInHtml(c) ? '' : c.raw)));
    const blanks = html.facts.filter((f) => f.raw === '');
    expect(blanks.length).toBe(23 * 3 + 12);
    for (const b of blanks) expect(b.value).toBe(0);
  });

  it('gives the same narrative figures and documents; the check names the blank cells once a table, as 0 where the identities hold', () => {
    const fig = (r: Report) => r.figures.map((f) => [f.value, f.unit, f.approximate, f.counts]);
    expect(fig(html)).toEqual(fig(text));
    expect(html.documents.map((d) => [d.title, d.kind, d.action])).toEqual(text.documents.map((d) => [d.title, d.kind, d.action]));
    expect(html.findings.map((f) => [f.id.replace(/-[0-9a-f]{8}$/, ''), f.severity, f.table, f.expected, f.printed])).toEqual([
      ['t-blank-zero', 'warning', '三', 0, '空白'],
      ['t-blank-zero', 'warning', '四', 0, '空白'],
    ]);
    expect(html.findings[0]!.message).toMatch(/^表三有69格空白（按0读取，勾稽关系成立）：「科研机构」栏23格/);
  });

  it('expands rowspan into every row it covers and gives a colspan cell once', () => {
    const rows = readHtml(
      '<table><tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>1</td></tr>' +
        '<tr><td>（三）不予公开</td><td>1.属于国家秘密</td><td>&nbsp;</td></tr>' +
        '<tr><td>政府集中采购</td><td colspan="2">6</td><td colspan="2">251000元</td></tr></table>',
    ).lines.map((l) => l.cells);
    expect(rows).toEqual([
      ['三、本年度办理结果', '（一）予以公开', '1'],
      ['三、本年度办理结果', '（三）不予公开', '1.属于国家秘密', ''],
      ['政府集中采购', '6', '251000元'],
    ]);
  });
});

// ---------- the real page ----------

const CORPUS = join(REPO, '..', 'shared', 'corpus');
const SHANGHAI = join(CORPUS, 'shanghai-bangongting-2019.html');
const present = existsSync(SHANGHAI);

describe.skipIf(present)('../shared/corpus (Shanghai 2019 HTML)', () => {
  it('skipped: ../shared/corpus not present', () => {
    expect(present).toBe(false);
  });
});

describe.skipIf(!present)('../shared/corpus: shanghai-bangongting-2019.html', () => {
  let r: Report;
  beforeAll(async () => {
    r = await ingestFile(SHANGHAI);
  });
  const total = (row: string[]) => r.facts.find((f) => f.table === '三' && f.row.join() === row.join() && f.column.join() === '总计');

  it('names the agency, year and date, 2019 template, every cell read', () => {
    expect(r.agency).toBe('上海市人民政府办公厅');
    expect(r.year).toBe(2019);
    expect(r.published).toBe('2020-01-31');
    expect(r.versions).toEqual({ 二: '2019', 三: '2019', 四: '2019' });
    expect(r.unread).toEqual([]);
    expect([r.facts.filter((f) => f.table === '二').length, r.facts.filter((f) => f.table === '三').length, r.facts.filter((f) => f.table === '四').length]).toEqual([22, 161, 15]);
  });

  it('gives 本年新收 859, 上年结转 18, （七）总计 805, 结转下年度 72', () => {
    expect(total(['一、本年新收政府信息公开申请数量'])).toMatchObject({ value: 859, raw: '859', unit: '件' });
    expect(total(['二、上年结转政府信息公开申请数量'])).toMatchObject({ value: 18, raw: '18' });
    expect(total(['三、本年度办理结果', '（七）总计'])).toMatchObject({ value: 805, raw: '805' });
    expect(total(['四、结转下年度继续办理'])).toMatchObject({ value: 72, raw: '72' });
  });

  it('records blank cells as 0 with raw ""', () => {
    const get = (row: string, col: string) => r.facts.find((f) => f.table === '三' && f.row.at(-1) === row && f.column.at(-1) === col)!;
    expect(get('一、本年新收政府信息公开申请数量', '科研机构')).toMatchObject({ value: 0, raw: '' });
    expect(get('（一）予以公开', '总计')).toMatchObject({ value: 0, raw: '' });
    expect(get('2.其他法律行政法规禁止公开', '自然人')).toMatchObject({ value: 0, raw: '' });
    const blanks = r.facts.filter((f) => f.raw === '');
    expect(blanks.length).toBeGreaterThan(50);
    for (const b of blanks) expect(b.value).toBe(0);
    // table 四: 5 维持, blank 纠正 and 其他结果, 2 尚未审结, 7 总计
    expect(r.facts.filter((f) => f.table === '四' && f.row[0] === '行政复议').map((f) => [f.value, f.raw])).toEqual([
      [5, '5'],
      [0, ''],
      [0, ''],
      [2, '2'],
      [7, '7'],
    ]);
  });

  it('reads a value cell that spans two header columns as one value (采购项目数量 6, 采购总金额 251000元)', () => {
    const buy = r.facts.filter((f) => f.row[1] === '政府集中采购').map((f) => [f.column[0], f.value, f.unit, f.raw]);
    expect(buy).toEqual([
      ['采购项目数量', 6, '项', '6'],
      ['采购总金额', 251000, '元', '251000元'],
    ]);
    expect(r.facts.filter((f) => f.row[1] === '规章').map((f) => f.value)).toEqual([13, 13, 524]);
  });

  it('reports its blank 总计 cells once, naming the 11 rows and what each should be; the other blanks as one note a table', () => {
    const brief = r.findings.map((f) => [f.kind, f.severity, f.table, f.row.at(-1), f.column.join('›'), f.expected, f.printed]);
    expect(brief).toEqual([
      // each row's 总计 is its columns' sum; with them, （七）总计 805 is the sum of （一）…（六） as well
      ['identity', 'error', '三', undefined, '总计', '272、3、14、5、4、12、265、47、25、149、9', '空白'],
      ['cells', 'warning', '三', undefined, '', 0, '空白'],
      ['cells', 'warning', '四', undefined, '', 0, '空白'],
      // the narrative's 予以公开及部分公开258件 is the 自然人 column of （一）; the table's （一）+（二） is 275
      ['narrative', 'warning', '三', '（一）予以公开', '总计', 275, 258],
    ]);
    expect(r.findings[0]!.message).toMatch(/^表三「总计」栏有11行空白，按勾稽关系：「（一）予以公开」应为272、「（二）部分公开」应为3/);
    // the column identity 一 + 二 = （七）总计 + 四 holds (859 + 18 = 805 + 72), and the narrative's
    // 受理859件, 答复805件, 含上年度结转18件, 72件顺延 agree with the table
    expect(r.findings.some((f) => f.rule.startsWith('一 + 二'))).toBe(false);
    expect(r.findings.filter((f) => f.kind === 'narrative').map((f) => f.id.replace(/-[0-9a-f]{8}$/, ''))).toEqual(['n3-result']);
  });
});
