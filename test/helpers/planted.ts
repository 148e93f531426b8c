// The planted-error fixture of the 报告自检: copies of real reports of ../shared with one error planted
// in each, in every layout the reports arrive in (tables as `|` rows, Markdown, digit runs, cells
// separated by spaces, HTML), and harmless copies (reworded, separators changed, figures changed
// consistently, a consistent pair of years). Each planted copy says where the check must find its
// error; a harmless copy must raise nothing its original does not.
//
// Generated from ../shared each time (nothing is stored). To look at the copies:
//   npx tsx test/helpers/planted.ts OUT_DIR      (then npm run check -- OUT_DIR/*)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TableId } from '../../src/model.js';

export type Layout = '|' | 'markdown' | 'digits' | 'spaced' | 'html';

/** Where the check must find a planted error: a finding of one of the codes, at the row and column. */
export interface Place {
  codes: string[];
  table?: TableId | null;
  /** the row's own label (its last part), found in the finding's row or its message */
  row?: string;
  /** the column's own label, found in the finding's column or its message */
  column?: string;
}

export interface Copy {
  name: string;
  /** the original, relative to ../shared */
  base: string;
  layout: Layout;
  /** what was planted (or, for a harmless copy, what was changed) */
  kind: string;
  text: string;
  /** planted: where the check must find it; absent for a harmless copy */
  expect?: Place;
  /** the previous year's copy, reviewed together with this one */
  previous?: { name: string; text: string };
}

/** The text with each replacement made; each `from` must stand exactly once (the fixture fails loudly if a report changed). */
function edit(text: string, ...pairs: [string | RegExp, string][]): string {
  for (const [from, to] of pairs) {
    const n = typeof from === 'string' ? text.split(from).length - 1 : [...text.matchAll(new RegExp(from.source, 'g'))].length;
    if (n !== 1) throw new Error(`planted fixture: expected exactly one ${String(from)}, found ${n}`);
    text = text.replace(from, to);
  }
  return text;
}

/** HTML: the value cells of the row labelled `label` (the first row whose label cell is exactly it), the k-th set to `value` ('' for blank). */
function htmlCell(html: string, label: string, k: number, value: string): string {
  const at = html.indexOf(`<p>${label}</p>`);
  if (at < 0 || html.indexOf(`<p>${label}</p>`, at + 1) >= 0) throw new Error(`planted fixture: no single row ${label}`);
  const end = html.indexOf('</tr>', at);
  const row = html.slice(at, end);
  const cells = [...row.matchAll(/<p align="center">([^<]*)<\/p>/g)];
  const cell = cells[k];
  if (!cell) throw new Error(`planted fixture: row ${label} has no cell ${k}`);
  const i = at + cell.index!;
  return html.slice(0, i) + `<p align="center">${value || '&nbsp;'}</p>` + html.slice(i + cell[0].length);
}

const R3 = {
  new: '一、本年新收政府信息公开申请数量',
  total: '（七）总计',
  next: '四、结转下年度继续办理',
};

export function plantedCopies(shared: string): Copy[] {
  const read = (f: string) => readFileSync(join(shared, f), 'utf8');
  const out: Copy[] = [];
  const planted = (base: string, layout: Layout, kind: string, text: string, expect: Place) => out.push({ name: `${kind}-${base.split('/').pop()}`, base, layout, kind, text, expect });
  const harmless = (base: string, layout: Layout, kind: string, text: string) => out.push({ name: `ok-${kind}-${base.split('/').pop()}`, base, layout, kind: `harmless: ${kind}`, text });

  // ---------- tables as `|` rows: the Tianjin report ----------
  const tj = 'corpus/tianjin-gxj-2020.txt';
  const t = read(tj);
  planted(tj, '|', 'cell', edit(t, ['4.保护第三方合法权益 | 1 | 0 |', '4.保护第三方合法权益 | 2 | 0 |']), { codes: ['t3-row', 't3-results'], table: '三', row: '4.保护第三方合法权益' });
  planted(tj, '|', 'total', edit(t, ['(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |', '(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 6 |']), { codes: ['t3-row'], table: '三', row: '（六）其他处理', column: '总计' });
  planted(tj, '|', 'blank', edit(t, ['数量 | 20 | 3 | 0 |', '数量 | 20 |  | 0 |']), { codes: ['t-blank'], table: '三', row: R3.new, column: '商业企业' });
  planted(tj, '|', 'table4', edit(t, ['\n0 | 0 | 0 | 0 | 0 | 0 |', '\n0 | 0 | 1 | 0 | 0 | 0 |']), { codes: ['t4-group'], table: '四', row: '行政复议' });
  planted(tj, '|', 'missing3', t.replace(/\n\(本列数据的勾稽关系为[^]*?四、结转下年度继续办理[^\n]*/, ''), { codes: ['t3-missing'], table: '三' });
  planted(tj, '|', 'narrative-handled', edit(t, ['共办理依申请公开23件', '共办理依申请公开25件']), { codes: ['n3-new'], table: '三', row: R3.new });
  planted(tj, '|', 'narrative-none', edit(t, ['\n0 | 0 | 0 | 0 | 0 | 0 |', '\n1 | 0 | 0 | 0 | 1 | 0 |']), { codes: ['n4-review-none'], table: '四', row: '行政复议' });
  planted(tj, '|', 'list-count', edit(t, ['五个二级栏目', '六个二级栏目']), { codes: ['nn-list'] });
  planted(tj, '|', 'five-signature', t.replace(/(五、存在的主要问题及改进情况\n)[^]*?(天津市工业和信息化局\n2021年1月27日)/, '$1$2'), { codes: ['sec-five-empty'] });
  // a pair of years: the year before carried 1 request over; this year's 上年结转 says 0. The year
  // before is this year's report a year earlier, its table 二 changes 0 (so that this year's
  // 上一年项目数量 follows from it)
  const yearBefore = (text: string) =>
    edit(text, ['2020年政府信息公开工作年度报告', '2019年政府信息公开工作年度报告'], ['| 减少1项 |', '| 0 |'], ['| 增加8项 |', '| 0 |'], ['| 减少2项 |', '| 0 |']);
  const before = edit(
    yearBefore(t),
    ['数量 | 20 | 3 | 0 | 0 | 0 | 0 | 23 |', '数量 | 21 | 3 | 0 | 0 | 0 | 0 | 24 |'],
    ['四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |'],
  );
  out.push({ name: 'carried-tianjin-2020.txt', base: tj, layout: '|', kind: 'carried-over', text: t, previous: { name: 'carried-tianjin-2019.txt', text: before }, expect: { codes: ['y-carried'], table: '三', row: '二、上年结转政府信息公开申请数量' } });
  harmless(tj, '|', 'reworded', edit(t, ['全年我局共办理依申请公开23件', '全年我局共收到政府信息公开申请23件'], ['未发生因政府信息公开引起的行政复议或者行政诉讼情况', '没有发生因政府信息公开引起的行政复议、行政诉讼']));
  harmless(tj, '|', 'separators', t.replace(/ \| /g, '|').replace(/ \|$/gm, '|'));
  harmless(
    tj,
    '|',
    'figures',
    edit(
      t,
      ['数量 | 20 | 3 | 0 | 0 | 0 | 0 | 23 |', '数量 | 21 | 3 | 0 | 0 | 0 | 0 | 24 |'],
      ['(一)予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |', '(一)予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |'],
      ['(七)总计 | 20 | 3 | 0 | 0 | 0 | 0 | 23 |', '(七)总计 | 21 | 3 | 0 | 0 | 0 | 0 | 24 |'],
      ['共办理依申请公开23件', '共办理依申请公开24件'],
    ),
  );
  out.push({ name: 'ok-pair-tianjin-2020.txt', base: tj, layout: '|', kind: 'harmless: a consistent pair of years', text: t, previous: { name: 'ok-pair-tianjin-2019.txt', text: yearBefore(t) } });

  // ---------- Markdown converted from PDF: 上海市科委 2024 ----------
  const kw = 'corpus/shanghai-kewei-2024.md';
  const m = read(kw);
  planted(kw, 'markdown', 'cell', edit(m, ['| 6.属于四类过程性信息 | 1 |', '| 6.属于四类过程性信息 | 2 |']), { codes: ['t3-row', 't3-results'], table: '三', row: '6.属于四类过程性信息' });
  planted(kw, 'markdown', 'total', edit(m, ['| （七）总计 | 33 | 2 | 0 | 0 | 0 | 0 | 35 |', '| （七）总计 | 33 | 2 | 0 | 0 | 0 | 0 | 36 |']), { codes: ['t3-row'], table: '三', row: R3.total, column: '总计' });
  planted(kw, 'markdown', 'blank', edit(m, ['数量 | 32 | 2 |', '数量 | 32 |  |']), { codes: ['t-blank'], table: '三', row: R3.new, column: '商业企业' });
  planted(kw, 'markdown', 'table4', edit(m, ['| 1 | 0 | 0 | 0 | 1 | 0 |', '| 2 | 0 | 0 | 0 | 1 | 0 |']), { codes: ['t4-group'], table: '四', row: '行政复议' });
  planted(kw, 'markdown', 'narrative-received', edit(m, ['全年收到政府信息公开申请 34 件', '全年收到政府信息公开申请 35 件']), { codes: ['n3-new'], table: '三', row: R3.new });
  planted(kw, 'markdown', 'narrative-carried', edit(m, ['申请 2 件，所有', '申请 3 件，所有']), { codes: ['n3-carried'], table: '三', row: '二、上年结转政府信息公开申请数量' });
  planted(kw, 'markdown', 'narrative-result', edit(m, ['同意公开答复 9 件', '同意公开答复 8 件']), { codes: ['n3-result'], table: '三', row: '（一）予以公开' });
  planted(kw, 'markdown', 'narrative-review', edit(m, ['市科委有 1 件涉及', '市科委有 2 件涉及']), { codes: ['n4-review'], table: '四', row: '行政复议' });
  harmless(kw, 'markdown', 'reworded', edit(m, ['全年收到政府信息公开申请 34 件', '全年共收到各类政府信息公开申请共计 34 件'], ['上年结转政府信息公开\n申请 2 件', '另有上年度结转的\n申请 2 件']));
  harmless(kw, 'markdown', 'separators', m.replace(/\|---/g, '| --- ').replace(/ \| /g, '|'));

  // ---------- digit runs: 平潭综合实验区 2021 ----------
  const pt = 'corpus/pingtan-2021.txt';
  const d = read(pt);
  planted(pt, 'digits', 'cell', edit(d, ['（一）予以公开270020130', '（一）予以公开280020130']), { codes: ['t3-row', 't3-results'], table: '三', row: '（一）予以公开' });
  planted(pt, 'digits', 'one-digit-cells', edit(d, ['8.属于行政查询事项1000001', '8.属于行政查询事项1000002']), { codes: ['t3-row'], table: '三', row: '8.属于行政查询事项', column: '总计' });
  planted(pt, 'digits', 'total', edit(d, ['（七）总计630020469', '（七）总计630020468']), { codes: ['t3-row', 't3-balance', 't3-results'], table: '三', row: R3.total });
  planted(pt, 'digits', 'blank', edit(d, ['四、结转下年度继续办理1000001', '四、结转下年度继续办理100001']), { codes: ['t-short', 't-blank'], table: '三', row: R3.next });
  planted(pt, 'digits', 'table4', edit(d, ['10203120001200000', '10203120001200001']), { codes: ['t4-group', 't-digits'], table: '四' });
  planted(pt, 'digits', 'narrative-received', edit(d, ['共收到70件申请', '共收到72件申请']), { codes: ['n3-new'], table: '三', row: R3.new });
  planted(pt, 'digits', 'narrative-handled', edit(d, ['依法依规办结69件', '依法依规办结68件']), { codes: ['n3-done'], table: '三', row: R3.total });
  planted(pt, 'digits', 'narrative-carried', edit(d, ['1件结转下年度继续办理', '2件结转下年度继续办理']), { codes: ['n3-next'], table: '三', row: R3.next });
  planted(pt, 'digits', 'all-handled', edit(d, ['1件结转下年度继续办理。', '1件结转下年度继续办理。全年政府信息公开申请均已按时办结。']), { codes: ['n3-all-done'], table: '三', row: R3.next });
  planted(pt, 'digits', 'no-requests', edit(d, ['组织4次季度政务公开检查', '组织4次季度政务公开检查，全年未收到政府信息公开申请']), { codes: ['n3-none'], table: '三', row: R3.new });
  planted(pt, 'digits', 'twice', edit(d, ['组织4次季度政务公开检查', '组织4次季度政务公开检查，全年全区共收到政府信息公开申请75件']), { codes: ['nn-twice', 'n3-new'] });
  harmless(pt, 'digits', 'reworded', edit(d, ['本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理', '全区本年度共受理政府信息公开申请70件，办结69件，另有1件结转至下一年度办理']));
  harmless(pt, 'digits', 'separators', edit(d, ['数量640020470', '数量64002 0470'], ['（七）总计630020469', '（七）总计6300 20469']));
  harmless(
    pt,
    'digits',
    'figures',
    edit(d, ['数量640020470', '数量650020471'], ['（一）予以公开270020130', '（一）予以公开280020131'], ['（七）总计630020469', '（七）总计640020470'], ['共收到70件申请', '共收到71件申请'], ['依法依规办结69件', '依法依规办结70件']),
  );

  // ---------- cells separated by spaces: 平潭综合实验区交通与建设局 2022 ----------
  const jj = 'corpus-dept/pingtan-jiaojianju-2022.txt';
  const s = read(jj);
  planted(jj, 'spaced', 'cell', edit(s, ['（一）予以公开 7 0 0 0 0 0 7', '（一）予以公开 8 0 0 0 0 0 7']), { codes: ['t3-row', 't3-results'], table: '三', row: '（一）予以公开' });
  planted(jj, 'spaced', 'total', edit(s, ['（七）总计 11 0 0 0 0 0 11', '（七）总计 11 0 0 0 0 0 12']), { codes: ['t3-row'], table: '三', row: R3.total, column: '总计' });
  planted(jj, 'spaced', 'blank', edit(s, ['相关政府信息 4 0 0 0 0 0 4', '相关政府信息 4 0 0 0 0 4']), { codes: ['t-short', 't-blank'], table: '三', row: '1.本机关不掌握相关政府信息' });
  planted(jj, 'spaced', 'table4', edit(s, ['总计 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0', '总计 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0']), { codes: ['t4-group'], table: '四', row: '行政复议' });
  planted(jj, 'spaced', 'narrative-received', edit(s, ['共收到政府信息公开申请11件', '共收到政府信息公开申请13件']), { codes: ['n3-new'], table: '三', row: R3.new });
  planted(jj, 'spaced', 'parts', edit(s, ['其中网络申请5件', '其中网络申请7件']), { codes: ['nn-parts'] });
  planted(jj, 'spaced', 'whole', edit(s, ['主动公开政府信息126条', '主动公开政府信息128条']), { codes: ['nn-parts'] });
  harmless(jj, 'spaced', 'reworded', edit(s, ['全年我局共收到政府信息公开申请11件', '2022年全年，我局收到政府信息公开申请共计11件']));
  harmless(jj, 'spaced', 'separators', s.replace(/(\d) (?=\d)/g, '$1\u3000'));
  harmless(
    jj,
    'spaced',
    'figures',
    edit(
      s,
      ['申请数量 11 0 0 0 0 0 11', '申请数量 12 0 0 0 0 0 12'],
      ['（一）予以公开 7 0 0 0 0 0 7', '（一）予以公开 8 0 0 0 0 0 8'],
      ['（七）总计 11 0 0 0 0 0 11', '（七）总计 12 0 0 0 0 0 12'],
      ['共收到政府信息公开申请11件，其中网络申请5件', '共收到政府信息公开申请12件，其中网络申请6件'],
    ),
  );

  // ---------- HTML with real tables: 上海市人民政府办公厅 2019 ----------
  const sh = 'corpus/shanghai-bangongting-2019.html';
  const h = read(sh);
  planted(sh, 'html', 'cell', htmlCell(h, R3.new, 0, '822'), { codes: ['t3-row', 't3-balance'], table: '三', row: R3.new, column: '自然人' });
  planted(sh, 'html', 'total', htmlCell(h, '（七）总计', 6, '806'), { codes: ['t3-row', 't3-balance', 't3-results'], table: '三', row: R3.total, column: '总计' });
  planted(sh, 'html', 'blank', htmlCell(h, R3.new, 1, ''), { codes: ['t-blank'], table: '三', row: R3.new, column: '商业企业' });
  planted(sh, 'html', 'table4', edit(h, ['<td style="width:28px;"><p>5</p></td>', '<td style="width:28px;"><p>6</p></td>']), { codes: ['t4-group'], table: '四', row: '行政复议' });
  planted(sh, 'html', 'missing3', h.replace(/(三、收到和处理政府信息公开申请情况<\/p>)<table[^]*?<\/table>/, '$1'), { codes: ['t3-missing'], table: '三' });
  planted(sh, 'html', 'narrative-review', edit(h, ['信息公开类行政复议7件', '信息公开类行政复议6件']), { codes: ['n4-review'], table: '四', row: '行政复议' });
  planted(sh, 'html', 'share', edit(h, ['不予公开35件，占4.34%', '不予公开35件，占5.34%']), { codes: ['nn-share'] });
  planted(sh, 'html', 'list-count', edit(h, ['浦东五个国家试点区', '浦东六个国家试点区']), { codes: ['nn-list'] });
  harmless(sh, 'html', 'reworded', edit(h, ['信息公开类行政复议7件，诉讼9件', '因政府信息公开被申请行政复议7件、被提起行政诉讼9件'], ['共受理政府信息公开申请859件', '共收到政府信息公开申请859件']));
  harmless(sh, 'html', 'separators', h.replace(/<\/p><\/td>/g, '</p>\n</td>').replace(/<tr>/g, '\n<tr>'));
  return out;
}

// run as a script: write the copies to a folder, to look at them or to run npm run check on them
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: npx tsx test/helpers/planted.ts OUT_DIR');
  mkdirSync(dir, { recursive: true });
  for (const c of plantedCopies(join(import.meta.dirname, '..', '..', '..', 'shared'))) {
    writeFileSync(join(dir, c.name), c.text);
    if (c.previous) writeFileSync(join(dir, c.previous.name), c.previous.text);
  }
}
