// The real reports in ../shared/corpus (PDF, fully flattened text, broken Markdown), when that folder
// is present: tables 三 and 四 completely, the table-二 cells that are unambiguous, and the 报告自检.
// A fresh clone has no ../shared: these tests are then skipped, and say so.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../src/ingest/index.js';
import type { Fact, Report } from '../src/model.js';
import { COLUMNS_3, GROUPS_4, pathKey, RESULT_COLUMNS_4, rows3 } from '../src/template.js';
import { REPO } from './helpers/tianjin.js';

const CORPUS = join(REPO, '..', 'shared', 'corpus');
const present = existsSync(CORPUS);
if (!present) console.log('skipped: ../shared/corpus not present (real-report reader tests)');

const get = (r: Report, table: Fact['table'], row: string[], column: string[]) =>
  r.facts.find((f) => f.table === table && pathKey(f.row) === pathKey(row) && pathKey(f.column) === pathKey(column));
const R = '三、本年度办理结果';
const total = (r: Report, row: string[]) => get(r, '三', row, ['总计'])?.value;

/** Table 三 and 四 complete: every template row of the version, seven columns; fifteen cells of 四. */
function complete(r: Report) {
  for (const row of rows3(r.versions['三']!)) for (const c of COLUMNS_3) expect(get(r, '三', row.path, c), `${pathKey(row.path)} ${c}`).toBeDefined();
  for (const g of GROUPS_4) for (const c of RESULT_COLUMNS_4) expect(get(r, '四', g, [c]), `${g} ${c}`).toBeDefined();
  expect(r.unread.filter((u) => u.table === '三' || u.table === '四')).toEqual([]);
}

describe.skipIf(!present)('real reports in ../shared/corpus', () => {
  const reports: Record<string, Report> = {};
  beforeAll(async () => {
    for (const f of ['huaian-shi-2024.pdf', 'hongze-qu-2023.pdf', 'hongze-qu-2024.pdf', 'pingtan-2021.txt', 'shanghai-kewei-2024.md'])
      reports[f] = await ingestFile(join(CORPUS, f), f);
  });

  it('huaian-shi-2024.pdf: WPS PDF, 三、本年度办理结果 printed vertically, （六） items numbered 1、2、3、', () => {
    const r = reports['huaian-shi-2024.pdf']!;
    expect(r.source.format).toBe('pdf');
    expect(r.versions).toEqual({ 二: '2021', 三: '2021', 四: '2021' });
    complete(r);
    expect(total(r, ['一、本年新收政府信息公开申请数量'])).toBe(3119);
    expect(total(r, ['二、上年结转政府信息公开申请数量'])).toBe(34);
    expect(total(r, [R, '（二）部分公开'])).toBe(454);
    expect(total(r, [R, '（四）无法提供', '1.本机关不掌握相关政府信息'])).toBe(769);
    expect(total(r, [R, '（六）其他处理', '3.其他'])).toBe(110);
    expect(total(r, [R, '（七）总计'])).toBe(3050);
    expect(total(r, ['四、结转下年度继续办理'])).toBe(103);
    expect(get(r, '三', [R, '（四）无法提供', '1.本机关不掌握相关政府信息'], ['法人或其他组织', '法律服务机构'])?.value).toBe(10);
    expect(get(r, '四', ['行政复议'], ['总计'])?.value).toBe(351);
    expect(get(r, '四', ['行政诉讼', '复议后起诉'], ['总计'])?.value).toBe(20);
    expect(get(r, '二', ['第二十条第（一）项', '规章'], ['现行有效件数'])?.value).toBe(11);
    expect(get(r, '二', ['第二十条第（六）项', '行政处罚'], ['本年处理决定数量'])?.value).toBe(3985758);
    const fee = get(r, '二', ['第二十条第（八）项', '行政事业性收费'], ['本年收费金额']);
    expect([fee?.value, fee?.unit]).toEqual([96171.6, '万元']);
    expect(r.facts.filter((f) => f.table === '二').length).toBe(10);
    expect(r.unread).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it('hongze-qu-2023.pdf: mixed template; its table 四 does not add up as printed and the check says so', () => {
    const r = reports['hongze-qu-2023.pdf']!;
    expect(r.versions['二']).toBe('2021');
    expect(r.versions['三']).toBe('2019');
    complete(r);
    expect(total(r, ['一、本年新收政府信息公开申请数量'])).toBe(21);
    expect(total(r, [R, '（六）其他处理'])).toBe(0);
    expect(get(r, '四', ['行政复议'], ['结果维持'])?.value).toBe(10);
    expect(get(r, '二', ['第二十条第（五）项', '行政许可'], ['本年处理决定数量'])?.value).toBe(550);
    const four = r.findings.filter((f) => f.table === '四');
    expect(four.map((f) => [f.row.join(' › '), f.expected, f.printed])).toEqual([
      ['行政复议', 11, 0],
      ['行政诉讼 › 复议后起诉', 5, 0],
    ]);
  });

  it('hongze-qu-2024.pdf: the narrative says 17 requests where the table says 95, and the check says so', () => {
    const r = reports['hongze-qu-2024.pdf']!;
    complete(r);
    expect(total(r, ['一、本年新收政府信息公开申请数量'])).toBe(95);
    expect(get(r, '二', ['第二十条第（八）项', '行政事业性收费'], ['本年收费金额'])?.value).toBe(7545);
    const n = r.findings.filter((f) => f.kind === 'narrative');
    expect(n.map((f) => [f.printed, f.expected])).toEqual([[17, 95]]);
  });

  it('pingtan-2021.txt: every table flattened into digit runs, decoded by the identities', () => {
    const r = reports['pingtan-2021.txt']!;
    expect(r.source.format).toBe('flattened');
    complete(r);
    expect(r.facts.every((f) => f.how === 'decoded')).toBe(true);
    const row = (path: string[]) => COLUMNS_3.map((c) => get(r, '三', path, c)?.value);
    expect(row(['一、本年新收政府信息公开申请数量'])).toEqual([64, 0, 0, 2, 0, 4, 70]);
    expect(row([R, '（七）总计'])).toEqual([63, 0, 0, 2, 0, 4, 69]);
    expect(total(r, [R, '（一）予以公开'])).toBe(30);
    expect(total(r, [R, '（四）无法提供', '1.本机关不掌握相关政府信息'])).toBe(25);
    expect(total(r, [R, '（四）无法提供', '2.没有现成信息需要另行制作'])).toBe(0);
    expect(total(r, ['四、结转下年度继续办理'])).toBe(1);
    expect(get(r, '四', ['行政诉讼', '未经复议直接起诉'], ['总计'])?.value).toBe(12);
    expect(get(r, '四', ['行政诉讼', '复议后起诉'], ['总计'])?.value).toBe(0);
    expect(get(r, '四', ['行政复议'], ['总计'])?.value).toBe(3);
    // table 二: the unambiguous cells; 行政规范性文件 693665 has no identity to split it by
    const two = (row: string[], col: string) => get(r, '二', row, [col])?.value;
    expect(two(['第二十条第（一）项', '规章'], '现行有效件数')).toBe(0);
    expect(two(['第二十条第（五）项', '行政许可'], '本年处理决定数量')).toBe(2293);
    expect(two(['第二十条第（六）项', '行政处罚'], '本年处理决定数量')).toBe(1282);
    expect(two(['第二十条第（六）项', '行政强制'], '本年处理决定数量')).toBe(42);
    expect(get(r, '二', ['第二十条第（八）项', '行政事业性收费'], ['本年收费金额'])).toMatchObject({ value: 24252.311082, unit: '万元' });
    expect(r.unread.map((u) => u.what)).toEqual(['第二十条第（一）项 › 行政规范性文件']);
    expect(r.findings).toEqual([]);
  });

  it('shanghai-kewei-2024.md: unlabeled rows placed by the template order, plain-line table 二 rows read', () => {
    const r = reports['shanghai-kewei-2024.md']!;
    expect(r.versions['三']).toBe('2021');
    expect(total(r, ['一、本年新收政府信息公开申请数量'])).toBe(34);
    expect(total(r, [R, '（七）总计'])).toBe(35);
    expect(get(r, '三', [R, '（二）部分公开'], ['总计'])?.how).toBe('placed');
    expect(get(r, '三', [R, '（四）无法提供', '1.本机关不掌握相关政府信息'], ['总计'])).toMatchObject({ value: 4, how: 'placed' });
    expect(get(r, '三', [R, '（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'], ['总计'])).toMatchObject({ value: 10, how: 'placed' });
    expect(get(r, '三', [R, '（三）不予公开', '6.属于四类过程性信息'], ['总计'])).toMatchObject({ value: 1, how: 'cell' });
    for (const row of rows3('2021').filter((x) => x.path[0] !== '四、结转下年度继续办理'))
      for (const c of COLUMNS_3) expect(get(r, '三', row.path, c), pathKey(row.path)).toBeDefined();
    // 四、结转下年度继续办理 prints its 总计 blank: the six others are read, the blank is said unread
    expect(get(r, '三', ['四、结转下年度继续办理'], ['自然人'])?.value).toBe(1);
    expect(r.unread.map((u) => u.what)).toEqual(['四、结转下年度继续办理 › 总计']);
    expect(get(r, '四', ['行政复议'], ['总计'])?.value).toBe(1);
    expect(get(r, '二', ['第二十条第（五）项', '行政许可'], ['本年处理决定数量'])?.value).toBe(97);
    expect(get(r, '二', ['第二十条第（一）项', '行政规范性文件'], ['现行有效件数'])?.value).toBe(55);
    // the blank 总计 is the report's own defect: the identities say it is 1
    expect(r.findings.map((f) => [f.severity, f.row, f.column, f.expected, f.printed])).toEqual([['error', ['四、结转下年度继续办理'], ['总计'], 1, '空白']]);
  });
});
