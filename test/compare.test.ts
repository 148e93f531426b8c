// Year-on-year: compareReports on two copies of the Tianjin report (the later one with changed
// cells, narrative figures and a new document), and on the two Hongze reports when ../shared is present.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareReports, countsKey, describeComparison } from '../src/compare/index.js';
import { ingestFile } from '../src/ingest/index.js';
import { REPO, TIANJIN, TIANJIN_TEXT } from './helpers/tianjin.js';

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-compare-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function edit(...pairs: [string, string][]): string {
  let t = TIANJIN_TEXT;
  for (const [a, b] of pairs) {
    expect(t.split(a).length - 1, a).toBe(1);
    t = t.replace(a, b);
  }
  return t;
}

describe('compareReports', () => {
  it('changed cells largest first (zero in both skipped), narrative figures aligned by what they count, new documents', async () => {
    const f2019 = join(tmp, 'tianjin-2019.txt');
    writeFileSync(
      f2019,
      edit(
        ['2020年政府信息公开工作年度报告', '2019年政府信息公开工作年度报告'],
        ['配合市委宣传部召开疫情防控新闻发布会11场', '配合市委宣传部召开疫情防控新闻发布会8场'],
        ['工信动态发布原创文章105篇', '工信动态发布原创文章90篇'],
        ['行政处罚 | 47 | 增加8项 | 1 |', '行政处罚 | 47 | 增加8项 | 21 |'],
        ['政府集中采购 | 35项 | 2936万元 |', '政府集中采购 | 35项 | 2900.5万元 |'],
        ['《天津市关于进一步支持发展智能制造的政策措施》', '智能制造的政策措施'],
      ),
    );
    const [a, b] = [await ingestFile(f2019), await ingestFile(TIANJIN)];
    const c = compareReports(a, b);
    expect([c.a.year, c.b.year, c.sameAgency]).toEqual([2019, 2020, true]);
    expect(c.cells.map((x) => [x.label, x.from, x.to, x.change, x.unit])).toEqual([
      ['表二 · 第二十条第（九）项 › 政府集中采购 · 采购总金额', 2900.5, 2936, 35.5, '万元'],
      ['表二 · 第二十条第（六）项 › 行政处罚 · 处理决定数量', 21, 1, -20, '件'],
    ]);
    // every other cell is equal, and the many zeros in both are not listed
    expect(a.facts.length).toBe(b.facts.length);
    expect(c.unmatched).toEqual([]);
    expect(c.figures.map((f) => [f.counts, f.from, f.to, f.unit])).toEqual([
      ['工信动态发布原创文章', 90, 105, '篇'],
      ['配合市委宣传部召开疫情防控新闻发布会', 8, 11, '场'],
    ]);
    expect(c.documents.map((d) => d.title)).toEqual(['天津市关于进一步支持发展智能制造的政策措施']);
    const text = describeComparison(c, 1);
    expect(text).toContain('表格中有2个数字变了，变化最大的1个：\n1. 表二 · 第二十条第（九）项 › 政府集中采购 · 采购总金额：2900.5 → 2936万元（增加35.5万元）\n……另有1个表格数字有变化。');
    expect(text).toContain('· 工信动态发布原创文章：90篇 → 105篇');
    expect(text).toContain('2020年报告新提到的文件1个：\n· 《天津市关于进一步支持发展智能制造的政策措施》（牵头制定）');
    // the same report against itself: nothing changed
    expect(describeComparison(compareReports(b, b))).toContain('表格数字、正文数字都没有变化，也没有新提到的文件。');
  });

  it('countsKey drops the year and the "in all" words', () => {
    expect(countsKey('2024年全区受理政府信息公开申请')).toBe('受理政府信息公开申请');
    expect(countsKey('全年共召开新闻发布会')).toBe('新闻发布会');
  });

  const corpus = join(REPO, '..', 'shared', 'corpus');
  it.skipIf(!existsSync(corpus))('hongze 2023 → 2024 (../shared/corpus)', async () => {
    const [a, b] = [await ingestFile(join(corpus, 'hongze-qu-2023.pdf')), await ingestFile(join(corpus, 'hongze-qu-2024.pdf'))];
    const c = compareReports(a, b);
    // 洪泽区人民政府 and 淮安市洪泽区人民政府 are one agency
    expect(c.sameAgency).toBe(true);
    expect(c.cells[0]).toMatchObject({ label: '表二 · 第二十条第（五）项 › 行政许可 · 本年处理决定数量', from: 550, to: 9487 });
    expect(c.cells.find((x) => x.label === '表三 · 一、本年新收政府信息公开申请数量 · 总计')).toMatchObject({ from: 21, to: 95 });
    expect(c.cells.every((x) => x.from !== x.to)).toBe(true);
    // in words: a row of table 三 by its 总计, not once more for its 自然人 column
    const text = describeComparison(c, 6);
    expect(text).toContain('5. 表三 · 一、本年新收政府信息公开申请数量 · 总计：21 → 95件（增加74件）');
    expect(text).not.toContain('一、本年新收政府信息公开申请数量 · 自然人');
    expect(text).toContain(`……另有${c.cells.length - 6}个表格数字有变化。`);
    expect(c.figures.map((f) => [f.from, f.to, f.unit])).toEqual([
      [1136, 2428, '条'],
      [21, 17, '件'],
    ]);
  });
  it.skipIf(existsSync(corpus))('skipped: ../shared/corpus not present', () => {});
});
