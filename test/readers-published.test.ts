// Reports as they are really published, built from the Tianjin report's own figures: a PDF laid out
// the way WPS lays these tables out, the same tables fully flattened into digit runs, and a Markdown
// version broken the way PDF conversion breaks it. Every cell must come back, or be said unread.
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestBytes, ingestFile } from '../src/ingest/index.js';
import { decodeRow2, digitRuns } from '../src/ingest/flattened.js';
import { NotAReportError, type Fact, type Report } from '../src/model.js';
import { pathKey } from '../src/template.js';
import { brokenMarkdown, flattenedText, pdfBytes, wpsPdf } from './helpers/published.js';
import { TIANJIN } from './helpers/tianjin.js';

const key = (f: Fact) => `${f.table}|${pathKey(f.row)}|${pathKey(f.column)}`;
const cell = (f: Fact) => ({ value: f.value, unit: f.unit });
const byKey = (r: Report) => new Map(r.facts.map((f) => [key(f), f]));

let tj: Report;
beforeAll(async () => {
  tj = await ingestFile(TIANJIN, 'tianjin-gxj-2020.txt');
});

const TITLE = ['天津市工业和信息化局', '2020年政府信息公开工作年度报告'];

describe('PDF laid out by WPS (built from the Tianjin figures)', () => {
  let r: Report;
  beforeAll(async () => {
    r = await ingestBytes('tianjin.pdf', wpsPdf(tj, TITLE[0]!, TITLE[1]!, []), 'tianjin.pdf');
  });

  it('reads the metadata and every table with the 2019 template', () => {
    expect(r.source.format).toBe('pdf');
    expect(r.agency).toBe('天津市工业和信息化局');
    expect(r.year).toBe(2020);
    expect(r.published).toBe('2021-01-27');
    expect(r.versions).toEqual({ 二: '2019', 三: '2019', 四: '2019' });
  });

  it('recovers every cell of tables 二, 三 and 四, as printed, and leaves nothing unread', () => {
    const got = byKey(r);
    for (const f of tj.facts) {
      const g = got.get(key(f));
      expect(g, key(f)).toBeDefined();
      expect(cell(g!), key(f)).toEqual(cell(f));
      expect(g!.raw, key(f)).toBe(f.raw);
      expect(g!.how).toBe('cell');
      expect(g!.at.page).toBeGreaterThan(0);
    }
    expect(r.facts.length).toBe(tj.facts.length);
    expect(r.unread).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it('joins the narrative over line and page breaks, so sections read as in the text report', () => {
    const flat = (s: string) => s.replace(/\s+/g, '');
    for (const s of tj.sections.filter((x) => x.index >= 1)) {
      const p = r.sections.find((x) => x.index === s.index)!;
      expect(flat(p.text), s.canonical).toBe(flat(s.text));
    }
    const values = (x: Report) => x.figures.map((f) => `${f.value}${f.unit}`).sort();
    expect(values(r)).toEqual(values(tj));
  });

  it('says a PDF without a text layer is scanned', async () => {
    const scanned = pdfBytes([[], []]);
    await expect(ingestBytes('scan.pdf', scanned)).rejects.toThrow(NotAReportError);
    await expect(ingestBytes('scan.pdf', scanned)).rejects.toThrow(/扫描版 PDF，没有文字层/);
  });

  it('says a damaged PDF cannot be parsed', async () => {
    await expect(ingestBytes('bad.pdf', Buffer.from('%PDF-1.7\nnot really a pdf'))).rejects.toThrow(NotAReportError);
  });
});

describe('fully flattened text (built from the Tianjin figures)', () => {
  let r: Report;
  const header = '标题: 天津市工业和信息化局2020年政府信息公开工作年度报告\n当前位置： 首页 政府信息公开年报 ';
  beforeAll(async () => {
    const text = flattenedText(tj, header);
    expect(text).toContain('一、本年新收政府信息公开申请数量203000023');
    expect(text).toContain('1.本机关不掌握相关政府信息1130000142.没有现成信息');
    r = await ingestBytes('tianjin-flat.txt', Buffer.from(text), 'tianjin-flat.txt');
  });

  it('decodes every cell of tables 三 and 四, marked as decoded', () => {
    expect(r.source.format).toBe('flattened');
    const got = byKey(r);
    for (const f of tj.facts.filter((x) => x.table !== '二')) {
      const g = got.get(key(f));
      expect(g, key(f)).toBeDefined();
      expect(cell(g!), key(f)).toEqual(cell(f));
      expect(g!.how).toBe('decoded');
    }
    expect(r.unread.filter((u) => u.table !== '二')).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it('keeps the table-二 rows with one fitting split and leaves the others unread, never wrong', () => {
    const got = byKey(r);
    const two = tj.facts.filter((x) => x.table === '二');
    const unread = r.unread.filter((u) => u.table === '二');
    // 其他对外管理服务事项 4 0 68 runs together as 4068: 4/0/68 or 40/6/8
    expect(unread.map((u) => u.what)).toEqual(['第二十条第（五）项 › 其他对外管理服务事项']);
    expect(unread[0]!.why).toMatch(/2种/);
    for (const f of two) {
      const g = got.get(key(f));
      if (f.row[1] === '其他对外管理服务事项') expect(g).toBeUndefined();
      else {
        expect(g, key(f)).toBeDefined();
        expect(cell(g!), key(f)).toEqual(cell(f));
        expect(g!.how).toBe('decoded');
      }
    }
  });

  it('splits a row only where exactly one split fits the identities', async () => {
    // 1.本机关不掌握 11,3,0,0,0,0,14 → "113000014"; with the row identity alone 1/13/0/0/0/0/14 fits too
    const runs = digitRuns('（四）无法提供1.本机关不掌握相关政府信息1130000142.没有现成信息需要另行制作0000000');
    expect(runs.map((x) => [x.label, x.digits])).toEqual([
      ['(四)无法提供1.本机关不掌握相关政府信息', '113000014'],
      ['2.没有现成信息需要另行制作', '0000000'],
    ]);
    expect(decodeRow2('4068', 3)!.map((c) => c.map((x) => x.value))).toEqual([
      [4, 0, 68],
      [40, 6, 8],
    ]);
    expect(decodeRow2('7减少1项644', 3)!.map((c) => c.map((x) => x.raw))).toEqual([['7', '减少1项', '644']]);
  });

  it('leaves rows unread, saying why, when the whole table has several solutions', async () => {
    // 本年新收, 本机关不掌握 and （七）总计 all printed 11,2,…,13 → "1120000013", which 1/12/…/13 fits too;
    // the column identities tie the three rows together but cannot tell 11/2 from 1/12
    const set = (t: string, label: string, from: string, to: string) => t.replace(label + from, label + to);
    let t = flattenedText(tj, header);
    t = set(t, '一、本年新收政府信息公开申请数量', '203000023', '112000013');
    t = set(t, '（七）总计', '203000023', '112000013');
    t = set(t, '1.本机关不掌握相关政府信息', '113000014', '112000013');
    t = set(t, '（一）予以公开', '1000001', '0000000');
    t = set(t, '（二）部分公开', '2000002', '0000000');
    t = set(t, '4.保护第三方合法权益', '1000001', '0000000');
    t = set(t, '（六）其他处理', '5000005', '0000000');
    const r2 = await ingestBytes('t.txt', Buffer.from(t));
    const stuck = ['一、本年新收政府信息公开申请数量', '（七）总计', '1.本机关不掌握相关政府信息'];
    for (const label of stuck) {
      expect(r2.facts.some((f) => f.table === '三' && f.row.at(-1) === label), label).toBe(false);
      const u = r2.unread.find((x) => x.table === '三' && x.what.endsWith(label));
      expect(u?.why, label).toMatch(/全表恒等式下仍有2种拆法/);
    }
    expect(r2.facts.filter((f) => f.table === '三').length).toBe(tj.facts.filter((f) => f.table === '三').length - 3 * 7);
  });
});

describe('Markdown broken by PDF conversion (built from the Tianjin figures)', () => {
  const R = '三、本年度办理结果';
  const unlabeled = new Set(
    [
      [R, '（二）部分公开'],
      [R, '（三）不予公开', '2.其他法律行政法规禁止公开'],
      [R, '（三）不予公开', '5.属于三类内部事务信息'],
      [R, '（四）无法提供', '1.本机关不掌握相关政府信息'],
      [R, '（四）无法提供', '2.没有现成信息需要另行制作'],
      [R, '（四）无法提供', '3.补正后申请内容仍不明确'],
      [R, '（五）不予处理', '4.无正当理由大量反复申请'],
      [R, '（五）不予处理', '5.要求行政机关确认或重新出具已获取信息'],
    ].map(pathKey),
  );

  it('places the unlabeled rows by the template order, reads the plain-line rows, recovers every cell', async () => {
    const md = brokenMarkdown(tj, TITLE, [], unlabeled);
    const r = await ingestBytes('tianjin.md', Buffer.from(md), 'tianjin.md');
    const got = byKey(r);
    for (const f of tj.facts) {
      const g = got.get(key(f));
      expect(g, key(f)).toBeDefined();
      expect(cell(g!), key(f)).toEqual(cell(f));
      expect(g!.how, key(f)).toBe(unlabeled.has(pathKey(f.row)) ? 'placed' : 'cell');
    }
    expect(r.unread).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it('does not place rows where their number does not match the template rows between two labels', async () => {
    const drop = new Set([pathKey([R, '（四）无法提供', '3.补正后申请内容仍不明确'])]);
    const md = brokenMarkdown(tj, TITLE, [], unlabeled, drop);
    const r = await ingestBytes('tianjin.md', Buffer.from(md), 'tianjin.md');
    const g4 = r.facts.filter((f) => f.row[1] === '（四）无法提供');
    expect(g4).toEqual([]);
    expect(r.unread.some((u) => /无标签的数据/.test(u.what) && /2行无标签的数据，而模板在此有3行/.test(u.why))).toBe(true);
    // the rest is still read
    expect(r.facts.filter((f) => f.table === '三').length).toBe(tj.facts.filter((f) => f.table === '三').length - 3 * 7);
  });
});
