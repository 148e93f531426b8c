// Ingesting the bundled Tianjin 2020 report (text with '|' tables) through the real readers:
// every table cell, the metadata, sections, narrative figures, documents and the 报告自检.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../src/ingest/index.js';
import type { Fact, Report } from '../src/model.js';
import { expectedTianjinCells, TIANJIN, TIANJIN_TEXT, tianjinWith } from './helpers/tianjin.js';

const cellOf = (f: Fact) => ({ table: f.table, row: f.row, column: f.column, value: f.value, unit: f.unit, raw: f.raw });

let r: Report;
let tmp: string;
beforeAll(async () => {
  r = await ingestFile(TIANJIN, 'tianjin-gxj-2020.txt');
  tmp = mkdtempSync(join(tmpdir(), 'gongkai-tianjin-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Tianjin 2020: report metadata', () => {
  it('names the agency, year, title, publication date and source', () => {
    expect(r.id).toBe('tianjin-gxj-2020.txt');
    expect(r.agency).toBe('天津市工业和信息化局');
    expect(r.year).toBe(2020);
    expect(r.title).toBe('天津市工业和信息化局2020年政府信息公开工作年度报告');
    expect(r.published).toBe('2021-01-27');
    expect(r.publishedText).toBe('2021年1月27日');
    expect(r.source.format).toBe('text');
    expect(r.source.file).toBe(TIANJIN);
    expect(r.source.bytes).toBe(Buffer.byteLength(TIANJIN_TEXT));
    expect(r.source.sha1).toMatch(/^[0-9a-f]{40}$/);
  });

  it('reads every table with the 2019 template and leaves nothing unread', () => {
    expect(r.versions).toEqual({ 二: '2019', 三: '2019', 四: '2019' });
    expect(r.unread).toEqual([]);
  });

  it('finds sections 一 to 五 (the report has no 六) with their headings and text', () => {
    const numbered = r.sections.filter((s) => s.index >= 1);
    expect(numbered.map((s) => [s.index, s.canonical, s.heading])).toEqual([
      [1, '一、总体情况', '一、总体情况'],
      [2, '二、主动公开政府信息情况', '二、主动公开政府信息情况'],
      [3, '三、收到和处理政府信息公开申请情况', '三、收到和处理政府信息公开申请情况'],
      [4, '四、政府信息公开行政复议、行政诉讼情况', '四、政府信息公开行政复议、行政诉讼情况'],
      [5, '五、存在的主要问题及改进情况', '五、存在的主要问题及改进情况'],
    ]);
    const lines = TIANJIN_TEXT.split('\n');
    for (const s of numbered) expect(lines[s.at.line! - 1]).toBe(s.heading);
    const text = (i: number) => r.sections.find((s) => s.index === i)!.text;
    expect(text(1)).toMatch(/^（?\(?一[)）]加强组织领导/);
    expect(text(1)).toContain('全年我局共办理依申请公开23件，答复率100%'.replace(/，/g, ','));
    // the table sections hold no narrative: their rows are facts, not text
    expect(text(2)).toBe('');
    expect(text(3)).toBe('');
    expect(text(4)).toBe('');
    expect(text(5)).toMatch(/^2020年,我局政府信息公开工作在市政府的指导下顺利开展/);
    expect(text(5)).toContain('三是继续加强培训及考核工作');
    // the preamble before 一、总体情况
    expect(r.sections[0]!.index).toBe(0);
    expect(r.sections[0]!.text).toContain('根据《中华人民共和国政府信息公开条例》规定');
  });
});

describe('Tianjin 2020: every cell of tables 二, 三 and 四', () => {
  const expected = expectedTianjinCells();

  it('has 22 cells in 二, 161 in 三 (23 rows × 7) and 15 in 四', () => {
    expect(expected.filter((c) => c.table === '二')).toHaveLength(22);
    expect(expected.filter((c) => c.table === '三')).toHaveLength(161);
    expect(expected.filter((c) => c.table === '四')).toHaveLength(15);
    expect(r.facts).toHaveLength(198);
  });

  it('gives each cell its canonical row path, column path, value, unit and raw text, in order', () => {
    expect(r.facts.map(cellOf)).toEqual(expected);
  });

  it('reads signed changes and units as printed', () => {
    const get = (row: string, column: string) => r.facts.find((f) => f.row.at(-1) === row && f.column.at(-1) === column)!;
    expect(cellOf(get('行政许可', '本年增/减'))).toMatchObject({ value: -1, unit: '项', raw: '减少1项' });
    expect(cellOf(get('行政处罚', '本年增/减'))).toMatchObject({ value: 8, unit: '项', raw: '增加8项' });
    expect(cellOf(get('行政事业性收费', '本年增/减'))).toMatchObject({ value: -2, unit: '项', raw: '减少2项' });
    expect(cellOf(get('政府集中采购', '采购总金额'))).toMatchObject({ value: 2936, unit: '万元', raw: '2936万元' });
    // 其它对外管理服务事项 → 其他; the two 本年新 columns by position
    expect(get('其他对外管理服务事项', '处理决定数量').value).toBe(68);
    expect(r.facts.filter((f) => f.row[1] === '规范性文件').map((f) => f.column[0])).toEqual(['本年新制作数量', '本年新公开数量', '对外公开总数量']);
  });

  it('says where each cell stands: the file line that prints its row and its value', () => {
    const lines = TIANJIN_TEXT.split('\n');
    for (const f of r.facts) {
      expect(f.how).toBe('cell');
      const line = lines[f.at.line! - 1]!;
      expect(line, `${f.row.join('›')} ${f.column.join('›')}`).toContain('|');
      expect(line.split('|').map((c) => c.trim())).toContain(f.raw);
      if (f.table === '三') {
        const label = f.row.at(-1)!.replace(/^（.）/, '').slice(0, 6);
        expect(line.replace(/其它/g, '其他')).toContain(label);
      }
      if (f.table === '二') expect(line.replace('其它', '其他')).toContain(f.row[1]);
    }
  });
});

describe('Tianjin 2020: narrative figures', () => {
  const fig = (value: number, unit: string, counts: string) =>
    r.figures.filter((f) => f.value === value && f.unit === unit && f.counts.includes(counts));

  it.each([
    [23, '件', '依申请公开'],
    [100, '%', '答复率'],
    [3, '件', '废止'],
    [4, '件', '宣布失效'],
    [12, '家', '企业机构'],
    [22, '名', '企业代表'],
    [11, '场', '新闻发布会'],
    [105, '篇', '原创文章'],
    [323, '条', '发布信息'],
    [128, '条', '工作信息'],
    [18, '个', '网站、平台'],
    [20, '个', '政务服务事项'],
    [16, '个', '专栏'],
    [5, '个', '二级栏目'],
  ])('%d %s counting %s, exact, in 一、总体情况', (value, unit, counts) => {
    const found = fig(value, unit, counts);
    expect(found, JSON.stringify(r.figures.map((f) => [f.value, f.unit, f.counts]))).toHaveLength(1);
    expect(found[0]!.approximate).toBe(false);
    expect(found[0]!.section).toBe('一、总体情况');
    expect(found[0]!.sentence).toContain(found[0]!.raw);
  });

  it('reads 1700余条 as 1700, approximate', () => {
    const f = fig(1700, '条', '推送重点宣传信息');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ approximate: true, raw: '1700余条' });
  });

  it('reads the Chinese numeral in 五个二级栏目 as 5', () => {
    expect(fig(5, '个', '二级栏目')[0]!.raw).toBe('五个');
  });

  it('puts 废止3件 and 宣布失效4件 in the sentence about 行政规范性文件', () => {
    const [a] = fig(3, '件', '废止');
    const [b] = fig(4, '件', '宣布失效');
    expect(a!.sentence).toBe(b!.sentence);
    expect(a!.sentence).toContain('行政规范性文件');
  });

  it('puts 答复率100% in the same sentence as 依申请公开23件', () => {
    expect(fig(100, '%', '答复率')[0]!.sentence).toBe(fig(23, '件', '依申请公开')[0]!.sentence);
  });
});

describe('Tianjin 2020: documents named in 《》', () => {
  const doc = (title: string) => r.documents.filter((d) => d.title === title);

  it.each([
    '天津市关于进一步支持发展智能制造的政策措施',
    '天津市支持中小微企业和个体工商户克服疫情影响保持健康发展的若干措施',
    '市工业和信息化局关于印发智能制造政策措施细则的通知',
  ])('%s: a policy, 牵头制定', (title) => {
    expect(doc(title)).toEqual([expect.objectContaining({ kind: 'policy', action: '牵头制定', section: '一、总体情况' })]);
  });

  it('《中华人民共和国政府信息公开条例》 is a law, 《新闻联播》 a media title, each listed once', () => {
    expect(doc('中华人民共和国政府信息公开条例')).toEqual([expect.objectContaining({ kind: 'law' })]);
    expect(doc('新闻联播')).toEqual([expect.objectContaining({ kind: 'media' })]);
    expect(doc('人民日报')).toEqual([expect.objectContaining({ kind: 'media' })]);
  });

  it('lists exactly these policies', () => {
    expect(r.documents.filter((d) => d.kind === 'policy').map((d) => [d.title, d.action])).toEqual([
      ['市工业和信息化局权责清单动态管理办法', '制定'],
      ['市工业和信息化局行政规范性文件管理规定', '修订完善'],
      ['天津市关于进一步支持发展智能制造的政策措施', '牵头制定'],
      ['天津市支持中小微企业和个体工商户克服疫情影响保持健康发展的若干措施', '牵头制定'],
      ['市工业和信息化局关于印发智能制造政策措施细则的通知', '牵头制定'],
    ]);
  });
});

describe('Tianjin 2020: 报告自检', () => {
  it('passes: every identity holds and 全年共办理依申请公开23件 agrees with table 三', () => {
    expect(r.findings).toEqual([]);
  });

  it('a copy with 本年新收 自然人 20 → 21 fails, naming the table, the row and the column, expected and printed', async () => {
    const file = join(tmp, 'tianjin-one-cell.txt');
    writeFileSync(file, tianjinWith('一、本年新收政府信息公开申请数量 | 20 |', '一、本年新收政府信息公开申请数量 | 21 |'));
    const bad = await ingestFile(file);
    // the reading itself is untouched: only the changed cell differs
    const changed = bad.facts.filter((f, i) => f.value !== r.facts[i]!.value);
    expect(changed.map(cellOf)).toEqual([
      { table: '三', row: ['一、本年新收政府信息公开申请数量'], column: ['自然人'], value: 21, unit: '件', raw: '21' },
    ]);
    const brief = bad.findings.map(({ kind, table, row, column, expected, printed }) => ({ kind, table, row, column, expected, printed }));
    expect(brief).toEqual([
      // the column 自然人: 一 + 二 = 21 + 0, but （七）总计 + 四 = 20 + 0
      { kind: 'identity', table: '三', row: ['三、本年度办理结果', '（七）总计'], column: ['自然人'], expected: 21, printed: 20 },
      // the row 本年新收: 21 + 3 = 24, printed 总计 23
      { kind: 'identity', table: '三', row: ['一、本年新收政府信息公开申请数量'], column: ['总计'], expected: 24, printed: 23 },
    ]);
    expect(bad.findings[0]!.message).toContain('自然人');
    expect(bad.findings[0]!.message).toContain('21');
    expect(bad.findings[1]!.message).toContain('本年新收政府信息公开申请数量');
    expect(bad.findings[1]!.message).toMatch(/24.*23/);
  });

  it('a narrative figure that disagrees with the table is reported', async () => {
    const file = join(tmp, 'tianjin-narrative.txt');
    writeFileSync(file, tianjinWith('共办理依申请公开23件', '共办理依申请公开25件'));
    const bad = await ingestFile(file);
    expect(bad.findings).toEqual([
      expect.objectContaining({
        kind: 'narrative',
        table: '三',
        row: ['一、本年新收政府信息公开申请数量'],
        column: ['总计'],
        expected: 23,
        printed: 25,
      }),
    ]);
  });
});
