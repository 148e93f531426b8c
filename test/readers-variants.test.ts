// Variants met in real reports, on fixtures the tests make: a whole report on one scraped line with a
// '|' inside a 《》 title, title and heading variants, rows printed with labels and no values, row names
// in the narrative before table 二, reports before the 2019 template (an old 统计表 with two flattened
// columns, and figures only in the narrative); and the real files of ../shared/corpus-extra when present.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestBytes, ingestFile } from '../src/ingest/index.js';
import { readText } from '../src/ingest/readers/text.js';
import type { Report } from '../src/model.js';
import { flattenedText } from './helpers/published.js';
import { REPO, TIANJIN } from './helpers/tianjin.js';

let tj: Report;
beforeAll(async () => {
  tj = await ingestFile(TIANJIN);
});

const header = '标题: 天津市工业和信息化局2020年政府信息公开工作年度报告\n当前位置： 首页 政府信息公开年报 ';
const read = (t: string, name = 't.txt') => ingestBytes(name, Buffer.from(t));

describe('scraped pages and headings', () => {
  it("a '|' inside a 《》 title or a long sentence does not make a line a table row", async () => {
    const flat = flattenedText(tj, header).replace('以权责清单为依托', '发布《我为群众办实事|食用农产品快速检测结果天天报》系列文章，以权责清单为依托');
    expect(flat).toContain('办实事|食用');
    const lines = readText(flat).lines;
    expect(lines.some((l) => l.table)).toBe(false);
    const r = await read(flat);
    const plain = await read(flattenedText(tj, header));
    expect(r.sections.map((s) => s.heading)).toEqual(plain.sections.map((s) => s.heading));
    expect(r.sections.filter((s) => s.index >= 1).length).toBeGreaterThanOrEqual(5);
    expect(r.facts.filter((f) => f.table === '三')).toHaveLength(161);
    // a real '|' row is still a row
    expect(readText('规章 | 0 | 0 | 0 |').lines[0]!.table).toBe(true);
  });

  it('heading variants: 与/和/、 swapped, words added, renumbered — the sections and tables are found', async () => {
    const { TIANJIN_TEXT } = await import('./helpers/tianjin.js');
    const text = TIANJIN_TEXT.replace('二、主动公开政府信息情况', '二、主动公开政府信息的情况')
      .replace('三、收到和处理政府信息公开申请情况', '三、本机关收到与处理政府信息公开申请的情况')
      .replace('四、政府信息公开行政复议、行政诉讼情况', '四、政府信息公开行政复议与行政诉讼情况')
      .replace('五、存在的主要问题及改进情况', '六、存在的主要问题和改进措施');
    const r = await read(text);
    expect(r.sections.filter((s) => s.index >= 1).map((s) => [s.index, s.heading])).toEqual([
      [1, '一、总体情况'],
      [2, '二、主动公开政府信息的情况'],
      [3, '三、本机关收到与处理政府信息公开申请的情况'],
      [4, '四、政府信息公开行政复议与行政诉讼情况'],
      [5, '六、存在的主要问题和改进'],
    ]);
    expect(r.facts).toHaveLength(198);
    expect(r.unread).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it('a note under a heading or a sentence between rows of a flattened table is narrative, not a row', async () => {
    const plain = await read(flattenedText(tj, header));
    const flat = flattenedText(tj, header)
      .replace('其他一、本年新收', '其他（注：本年度共受理申请23件，均已按期办结。）一、本年新收')
      .replace('（六）其他处理5000005', '（六）其他处理5000005其中5件为申请人撤回。');
    expect(flat).toContain('（注：本年度共受理申请23件，均已按期办结。）一、本年新收');
    expect(flat).toContain('其中5件为申请人撤回。（七）总计');
    const r = await read(flat);
    expect(r.facts.filter((f) => f.table === '三')).toEqual(plain.facts.filter((f) => f.table === '三'));
    expect(r.unread.filter((u) => u.table === '三')).toEqual([]);
  });

  it('titles without 工作 or 政府 (政府信息公开年度报告, 信息公开年度报告) are titles', async () => {
    for (const tail of ['政府信息公开年度报告', '信息公开年度报告']) {
      const r = await read(flattenedText(tj, header.replace('政府信息公开工作年度报告', tail)).replace(/天津市工业和信息化局2020年政府信息公开工作年度报告/g, `天津市工业和信息化局2020年${tail}`));
      expect([r.agency, r.year], tail).toEqual(['天津市工业和信息化局', 2020]);
      expect(r.title).toBe(`天津市工业和信息化局2020年${tail}`);
    }
  });

  it('rows printed with a label and no values are said to be so; the row after them is read', async () => {
    const flat = flattenedText(tj, header).replace('4.保护第三方合法权益1000001', '4.保护第三方合法权益').replace('5.属于三类内部事务信息0000000', '5.属于三类内部事务信息');
    expect(flat).toContain('4.保护第三方合法权益5.属于三类内部事务信息6.属于四类过程性信息');
    const r = await read(flat);
    for (const row of ['4.保护第三方合法权益', '5.属于三类内部事务信息']) {
      const u = r.unread.find((x) => x.what.endsWith(row));
      expect(u?.why, row).toBe('这一行只印了标签，没有数值');
      expect(r.facts.some((f) => f.row.at(-1) === row)).toBe(false);
    }
    const six = r.facts.filter((f) => f.row.at(-1) === '6.属于四类过程性信息');
    expect(six.map((f) => f.value)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    // nothing read is wrong
    const truth = new Map(tj.facts.map((f) => [`${f.table}|${f.row.join()}|${f.column.join()}`, f.value]));
    for (const f of r.facts) expect(f.value, f.row.join()).toBe(truth.get(`${f.table}|${f.row.join()}|${f.column.join()}`));
  });

  it('row names in the narrative before table 二 are not rows', async () => {
    const flat = flattenedText(tj, header).replace('二、主动公开政府信息情况', '二、主动公开政府信息情况全年公开规范性文件类信息12条，行政处罚类信息7条。');
    const r = await read(flat);
    const plain = await read(flattenedText(tj, header));
    expect(r.facts.filter((f) => f.table === '二')).toEqual(plain.facts.filter((f) => f.table === '二'));
    expect(r.facts.filter((f) => f.table === '二').length).toBeGreaterThan(15);
  });
});

describe('spaced cells, units and counters in cells', () => {
  it('cells separated by single spaces or U+3000 are cells where they add up; a space that does not is noise', async () => {
    // as in the readers-published test: 本年新收, 本机关不掌握 and （七）总计 all "1120000013", which the whole
    // table cannot tell 11/2 from 1/12 in; here 本年新收 is printed with spaces, and that decides all three
    const set = (t: string, label: string, from: string, to: string) => t.replace(label + from, label + to);
    let flat = flattenedText(tj, header);
    flat = set(flat, '一、本年新收政府信息公开申请数量', '203000023', '11 2 0 0 0 0 13');
    flat = set(flat, '（七）总计', '203000023', '112000013');
    flat = set(flat, '1.本机关不掌握相关政府信息', '113000014', '112000013');
    flat = set(flat, '（一）予以公开', '1000001', '0000000');
    flat = set(flat, '（二）部分公开', '2000002', '0000000');
    flat = set(flat, '4.保护第三方合法权益', '1000001', '0000000');
    flat = set(flat, '（六）其他处理', '5000005', '0000000');
    flat = flat.replace('其他对外管理服务事项4068', '其他对外管理服务事项4\u30000 68');
    // noise: "2 00000 0" in a row of zeros is not seven cells that add up … (the row's digits still decide)
    flat = set(flat, '二、上年结转政府信息公开申请数量', '0000000', '00 00000');
    const r = await read(flat);
    const get = (row: string, col: string) => r.facts.find((f) => f.row.at(-1) === row && f.column.at(-1) === col)?.value;
    for (const row of ['一、本年新收政府信息公开申请数量', '（七）总计', '1.本机关不掌握相关政府信息']) expect([get(row, '自然人'), get(row, '商业企业'), get(row, '总计')], row).toEqual([11, 2, 13]);
    expect(get('二、上年结转政府信息公开申请数量', '总计')).toBe(0);
    expect([get('其他对外管理服务事项', '上一年项目数量'), get('其他对外管理服务事项', '本年增/减'), get('其他对外管理服务事项', '处理决定数量')]).toEqual([4, 0, 68]);
    expect(r.unread.filter((u) => u.table !== '二')).toEqual([]);
    // the identities hold; only the narrative's 23件 now disagrees with the changed table
    expect(r.findings.map((f) => f.kind)).toEqual(['narrative']);
  });

  it('cells with units or counters (3笔, 35项, 减少1项, 2936万元) keep the number and the unit', async () => {
    const t = (await import('./helpers/tianjin.js')).tianjinWith('政府集中采购 | 35项 | 2936万元 |', '政府集中采购 | 3笔 | 82059.2090万元 |');
    const r = await read(t);
    const buy = r.facts.filter((f) => f.row[1] === '政府集中采购').map((f) => [f.value, f.unit, f.raw]);
    expect(buy).toEqual([
      [3, '笔', '3笔'],
      [82059.209, '万元', '82059.2090万元'],
    ]);
  });
});

describe('a loose number printed outside its row (Markdown converted from PDF)', () => {
  const md = (TIANJIN_TEXT_MD: string) => TIANJIN_TEXT_MD.replace(/^(.*\|.*)$/gm, '| $1');
  it('is placed into the row below where the row leaves exactly one cell empty for it, and said so', async () => {
    const { TIANJIN_TEXT } = await import('./helpers/tianjin.js');
    const text = md(TIANJIN_TEXT).replace('| 规范性文件 | 5 | 5 | 5 |', '| 5（其中修订2件） |\n| 规范性文件 |  | 5 | 5 |');
    expect(text).toContain('| 5（其中修订2件） |\n| 规范性文件 |  | 5 | 5 |');
    const r = await read(text, 't.md');
    const rows = r.facts.filter((f) => f.row[1] === '规范性文件');
    expect(rows.map((f) => [f.column[0], f.value, f.how])).toEqual([
      ['本年新制作数量', 5, 'placed'],
      ['本年新公开数量', 5, 'cell'],
      ['对外公开总数量', 5, 'cell'],
    ]);
  });

  it('is not placed where the row does not show where it belongs, saying so', async () => {
    const { TIANJIN_TEXT } = await import('./helpers/tianjin.js');
    const r = await read(md(TIANJIN_TEXT).replace('| 规范性文件 | 5 | 5 | 5 |', '| 5（其中修订2件） |\n| 规范性文件 | 5 | 5 |'), 't.md');
    expect(r.facts.some((f) => f.row[1] === '规范性文件')).toBe(false);
    expect(r.unread.find((u) => u.what.endsWith('规范性文件'))?.why).toMatch(/上方单独一行另有数字 5，但这一行没有空出的单元格，无法确定它属于哪一栏，未填入/);
  });
});

// ---------- reports before the 2019 template ----------

const OLD_2017 = [
  '某某县人民政府办公室2017年政府信息公开年度报告',
  '本报告由概述、主动公开政府信息情况、依申请公开政府信息情况、收费及减免情况、行政复议和行政诉讼情况、存在的主要问题及改进措施、附表组成。',
  '一、概述2017年，我县认真贯彻《中华人民共和国政府信息公开条例》。',
  '二、主动公开政府信息情况2017年共主动公开政府信息120条。',
  '三、依申请公开政府信息情况2017年共受理政府信息公开申请5件，已全部答复。',
  '四、收费及减免情况未收取任何费用。',
  '五、因政府信息公开申请行政复议、提起行政诉讼的情况本年度无。',
  '六、存在的主要问题和改进措施公开内容有待丰富。',
  '七、政府信息公开情况统计表 指标名称计量单位2017年度历年累计主动公开信息数条1205321其中：1、政府网站公开数条12052022、政府公报公开数条0119受理依申请公开信息总数条532对申请的答复总数条532其中：1、同意公开答复数条3202、同意部分公开答复数条173、不予公开答复数条15行政复议数件00行政诉讼数件00',
  '某某县人民政府办公室 2018年3月1日',
].join('');

describe('a report from before the 2019 template, with an old 统计表 flattened into two columns', () => {
  let r: Report;
  beforeAll(async () => {
    r = await read(OLD_2017);
  });
  const older = (label: string, column = '2017年度') => r.older?.find((o) => o.label === label && o.column === column);

  it('reads metadata and the older sections by meaning', () => {
    expect([r.agency, r.year]).toEqual(['某某县人民政府办公室', 2017]);
    expect(r.sections.filter((s) => s.index >= 1).map((s) => [s.index, s.heading])).toEqual([
      [1, '一、概述'],
      [2, '二、主动公开政府信息情况'],
      [3, '三、依申请公开政府信息情况'],
      [4, '五、因政府信息公开申请行政复议、提起行政诉讼的情况'],
      [5, '六、存在的主要问题和改进'],
      [6, '七、政府信息公开情况统计表'],
    ]);
    expect(r.versions).toEqual({});
  });

  it('splits each row into this year and the cumulative total only where certain: cumulative ≥ this year, parts add up, or the narrative states it', () => {
    expect([older('主动公开信息数')?.value, older('主动公开信息数', '历年累计')?.value]).toEqual([120, 5321]);
    expect(older('主动公开信息数')?.how).toBe('decoded');
    expect([older('政府网站公开数')?.value, older('政府网站公开数', '历年累计')?.value]).toEqual([120, 5202]);
    expect([older('政府公报公开数')?.value, older('政府公报公开数', '历年累计')?.value]).toEqual([0, 119]);
    expect([older('受理依申请公开信息总数')?.value, older('受理依申请公开信息总数', '历年累计')?.value]).toEqual([5, 32]);
    expect([older('同意公开答复数')?.value, older('同意部分公开答复数')?.value, older('不予公开答复数')?.value]).toEqual([3, 1, 1]);
    expect(r.unread.filter((u) => u.table === null)).toEqual([]);
  });

  it('gives the template cells of the same meaning as facts, and says where there is no equivalent', () => {
    const fact = (table: string, row: string) => r.facts.find((f) => f.table === table && f.row.at(-1) === row && f.column.join() === '总计');
    expect(fact('三', '一、本年新收政府信息公开申请数量')?.value).toBe(5);
    expect(fact('三', '（七）总计')?.value).toBe(5);
    expect(fact('三', '（一）予以公开')?.value).toBe(3);
    expect(fact('三', '（二）部分公开')?.value).toBe(1);
    expect(fact('四', '行政复议')?.value).toBe(0);
    expect(r.facts).toHaveLength(5);
    expect(older('不予公开答复数')?.maps).toBeNull();
    expect(older('不予公开答复数')?.why).toMatch(/没有合计行/);
    expect(older('行政诉讼数')?.why).toMatch(/两组/);
    expect(older('主动公开信息数', '历年累计')?.why).toMatch(/历年累计/);
    // what has no template cell can still be found in the figures
    expect(r.figures.some((f) => f.counts === '主动公开信息数' && f.value === 120)).toBe(true);
    expect(r.unread.find((u) => u.table === '二')?.why).toMatch(/2017年的报告，早于2019年的模板/);
    expect(r.findings).toEqual([]);
  });
});

describe('a report from before the 2019 template with figures only in the narrative', () => {
  it('reads 未收到政府信息公开申请 as 本年新收 0, marked as read from the narrative', async () => {
    const r = await read(
      [
        '某某县地方税务局2013年信息公开年度报告',
        '一、概述 2013年我局不断完善公开内容。',
        '二、主动公开政府信息情况 2013年新增主动公开政府信息45条。',
        '三、依申请公开、不予公开及咨询政府信息情况 2013年我局未收到政府信息公开申请。',
        '四、存在的主要问题 公开形式单一。',
        '某某县地方税务局 2014年2月25日',
      ].join('\n'),
    );
    expect([r.agency, r.year]).toEqual(['某某县地方税务局', 2013]);
    expect(r.facts).toEqual([expect.objectContaining({ table: '三', row: ['一、本年新收政府信息公开申请数量'], column: ['总计'], value: 0, how: 'narrative' })]);
    expect(r.older?.[0]).toMatchObject({ label: '收到政府信息公开申请', value: 0, how: 'narrative' });
    expect(r.figures.some((f) => f.value === 45 && f.unit === '条')).toBe(true);
  });
});

// ---------- the real files ----------

const EXTRA = join(REPO, '..', 'shared', 'corpus-extra');
const present = existsSync(EXTRA);

describe.skipIf(present)('../shared/corpus-extra', () => {
  it('skipped: ../shared/corpus-extra not present', () => {
    expect(present).toBe(false);
  });
});

describe.skipIf(!present)('../shared/corpus-extra (real reports)', () => {
  const get = (name: string) => ingestFile(join(EXTRA, name));

  it('every file is read as a report', async () => {
    const { readdirSync } = await import('node:fs');
    for (const name of readdirSync(EXTRA).filter((f) => f.endsWith('.txt'))) {
      const r = await get(name);
      expect(r.year, name).toBeGreaterThan(2000);
    }
  });

  it('pingtan-shichangjianguanju-2021: a whole page on one line with a | in a title; （六）2. and 3. printed without values', async () => {
    const r = await get('pingtan-shichangjianguanju-2021.txt');
    expect(r.sections.filter((s) => s.index >= 1).length).toBe(6);
    expect(r.versions['三']).toBe('2021');
    // 25 rows in the 2021 table 三, two of them printed without values
    expect(r.facts.filter((f) => f.table === '三')).toHaveLength(23 * 7);
    expect(r.unread.filter((u) => u.why === '这一行只印了标签，没有数值').map((u) => u.what.split(' › ').at(-1))).toEqual([
      '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
      '3.其他',
    ]);
    const total = r.facts.find((f) => f.row.at(-1) === '（七）总计' && f.column.join() === '总计');
    expect(total?.value).toBe(5);
  });

  it('pingtan-zishengju-2019: a title without 工作; table 三 read through irregular spaces', async () => {
    const r = await get('pingtan-zishengju-2019.txt');
    expect([r.agency, r.year]).toEqual(['平潭综合实验区自然资源与生态环境局', 2019]);
    expect(r.facts.filter((f) => f.table === '三')).toHaveLength(161);
    expect(r.findings).toEqual([]);
    // 82059.2090万元 stays unread: no identity tells 8 / 2059.2090 from 820 / 59.2090
    expect(r.unread.find((u) => u.what.endsWith('政府集中采购'))?.why).toMatch(/82059\.2090万元/);
  });

  it('pingtan-sifaju-2012 and pingtan-2016: the old 统计表 read with its own labels', async () => {
    const a = await get('pingtan-sifaju-2012.txt');
    expect(a.older?.find((o) => o.label === '主动公开信息数')).toMatchObject({ value: 26, column: '年末统计' });
    expect(a.older?.find((o) => o.label === '网站公开')?.value).toBe(26);
    const b = await get('pingtan-2016.txt');
    expect(b.older?.find((o) => o.label === '主动公开文件数' && o.column === '2016年度')?.value).toBe(3460);
    expect(b.older?.find((o) => o.label === '主动公开文件数' && o.column === '历年累计')?.value).toBe(85376);
    expect(b.older?.find((o) => o.label === '政府信息公开收费减免金额')).toMatchObject({ value: 0, unit: '元', maps: null });
  });

  it('pingtan-dishuiju-2013: no table; 未收到政府信息公开申请 read from the narrative', async () => {
    const r = await get('pingtan-dishuiju-2013.txt');
    expect(r.facts.map((f) => [f.row.join(), f.value, f.how])).toEqual([['一、本年新收政府信息公开申请数量', 0, 'narrative']]);
  });
});
