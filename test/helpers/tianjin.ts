// The Tianjin 2020 report (knowledge/tianjin-gxj-2020.txt) as the tests expect it: every cell of
// tables 二, 三 and 四 written out from the report text, and an HTML rendering of the report made
// the way real web pages print these tables (rowspan, colspan, <br> in headers, blank zero cells).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report, TableId } from '../../src/model.js';
import { ingestFile } from '../../src/ingest/index.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TIANJIN = join(REPO, 'knowledge', 'tianjin-gxj-2020.txt');
export const TIANJIN_TEXT = readFileSync(TIANJIN, 'utf8');

/** The bundled report written to dir/file with another agency's name throughout, and read. */
export function renamedTianjin(dir: string, file: string, agency: string): Promise<Report> {
  const f = join(dir, file);
  writeFileSync(f, TIANJIN_TEXT.replace(/天津市工业和信息化局/g, agency));
  return ingestFile(f);
}

export interface ExpectedCell {
  table: TableId;
  row: string[];
  column: string[];
  value: number;
  unit: string;
  raw: string;
}

// ---------- 表二 ----------

const B1 = '第二十条第（一）项';
const B5 = '第二十条第（五）项';
const B6 = '第二十条第（六）项';
const B8 = '第二十条第（八）项';
const B9 = '第二十条第（九）项';

type Row2 = [block: string, row: string, cells: [column: string, value: number, unit: string, raw: string][]];

const TABLE_2: Row2[] = [
  [B1, '规章', [['本年新制作数量', 0, '件', '0'], ['本年新公开数量', 0, '件', '0'], ['对外公开总数量', 0, '件', '0']]],
  [B1, '规范性文件', [['本年新制作数量', 5, '件', '5'], ['本年新公开数量', 5, '件', '5'], ['对外公开总数量', 5, '件', '5']]],
  [B5, '行政许可', [['上一年项目数量', 7, '项', '7'], ['本年增/减', -1, '项', '减少1项'], ['处理决定数量', 644, '件', '644']]],
  [B5, '其他对外管理服务事项', [['上一年项目数量', 4, '项', '4'], ['本年增/减', 0, '项', '0'], ['处理决定数量', 68, '件', '68']]],
  [B6, '行政处罚', [['上一年项目数量', 47, '项', '47'], ['本年增/减', 8, '项', '增加8项'], ['处理决定数量', 1, '件', '1']]],
  [B6, '行政强制', [['上一年项目数量', 2, '项', '2'], ['本年增/减', 0, '项', '0'], ['处理决定数量', 0, '件', '0']]],
  [B8, '行政事业性收费', [['上一年项目数量', 2, '项', '2项'], ['本年增/减', -2, '项', '减少2项']]],
  [B9, '政府集中采购', [['采购项目数量', 35, '项', '35项'], ['采购总金额', 2936, '万元', '2936万元']]],
];

// ---------- 表三 ----------

export const COLS_3 = [
  ['自然人'],
  ['法人或其他组织', '商业企业'],
  ['法人或其他组织', '科研机构'],
  ['法人或其他组织', '社会公益组织'],
  ['法人或其他组织', '法律服务机构'],
  ['法人或其他组织', '其他'],
  ['总计'],
];

const R = '三、本年度办理结果';
const G3 = '（三）不予公开';
const G4 = '（四）无法提供';
const G5 = '（五）不予处理';

/** Row path in canonical labels, and the seven values as printed (自然人 … 总计). */
export const TABLE_3: [string[], number[]][] = [
  [['一、本年新收政府信息公开申请数量'], [20, 3, 0, 0, 0, 0, 23]],
  [['二、上年结转政府信息公开申请数量'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, '（一）予以公开'], [1, 0, 0, 0, 0, 0, 1]],
  [[R, '（二）部分公开'], [2, 0, 0, 0, 0, 0, 2]],
  [[R, G3, '1.属于国家秘密'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, G3, '2.其他法律行政法规禁止公开'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, G3, '3.危及“三安全一稳定”'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, G3, '4.保护第三方合法权益'], [1, 0, 0, 0, 0, 0, 1]],
  [[R, G3, '5.属于三类内部事务信息'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, G3, '6.属于四类过程性信息'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, G3, '7.属于行政执法案卷'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, G3, '8.属于行政查询事项'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, G4, '1.本机关不掌握相关政府信息'], [11, 3, 0, 0, 0, 0, 14]],
  [[R, G4, '2.没有现成信息需要另行制作'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, G4, '3.补正后申请内容仍不明确'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, G5, '1.信访举报投诉类申请'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, G5, '2.重复申请'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, G5, '3.要求提供公开出版物'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, G5, '4.无正当理由大量反复申请'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, G5, '5.要求行政机关确认或重新出具已获取信息'], [0, 0, 0, 0, 0, 0, 0]],
  [[R, '（六）其他处理'], [5, 0, 0, 0, 0, 0, 5]],
  [[R, '（七）总计'], [20, 3, 0, 0, 0, 0, 23]],
  [['四、结转下年度继续办理'], [0, 0, 0, 0, 0, 0, 0]],
];

// ---------- 表四 ----------

export const GROUPS_4 = [['行政复议'], ['行政诉讼', '未经复议直接起诉'], ['行政诉讼', '复议后起诉']];
export const COLS_4 = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
const TABLE_4: number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/** Every cell of tables 二, 三 and 四, in the report's order. */
export function expectedTianjinCells(): ExpectedCell[] {
  const out: ExpectedCell[] = [];
  for (const [block, row, cells] of TABLE_2)
    for (const [column, value, unit, raw] of cells) out.push({ table: '二', row: [block, row], column: [column], value, unit, raw });
  for (const [row, values] of TABLE_3)
    values.forEach((value, i) => out.push({ table: '三', row, column: COLS_3[i]!, value, unit: '件', raw: String(value) }));
  GROUPS_4.forEach((g, gi) =>
    COLS_4.forEach((c, ci) => {
      const value = TABLE_4[gi * 5 + ci]!;
      out.push({ table: '四', row: g, column: [c], value, unit: '件', raw: String(value) });
    }),
  );
  return out;
}

/** The Tianjin report with one line's text replaced (the line must exist exactly once). */
export function tianjinWith(from: string, to: string): string {
  const n = TIANJIN_TEXT.split(from).length - 1;
  if (n !== 1) throw new Error(`expected exactly one "${from}" in the Tianjin report, found ${n}`);
  return TIANJIN_TEXT.replace(from, to);
}

// ---------- the HTML rendering ----------

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Columns of table 三 whose zeros the page leaves blank (科研机构, 社会公益组织, 法律服务机构). */
export const BLANK_COLUMNS_3 = new Set([2, 3, 4]);

function td(text: string, attrs = ''): string {
  return `<td${attrs ? ' ' + attrs : ''} nowrap="nowrap"><p align="center">${text}</p></td>`;
}

function table2Html(): string {
  const rows: string[] = [];
  for (const block of [B1, B5, B6, B8, B9]) {
    rows.push(`<tr>${td(block, 'colspan="5"')}</tr>`);
    const blockRows = TABLE_2.filter((r) => r[0] === block);
    const headers = blockRows[0]![2].map((c) => c[0]);
    if (headers.length === 3) {
      // as the Shanghai page prints it: the header's second column spans two, the values' first does
      const h = headers.map((x) => (x.startsWith('本年新') ? `本年新<br />${esc(x.slice(3))}` : esc(x)));
      rows.push(`<tr>${td('信息内容')}${td(h[0]!)}${td(h[1]!, 'colspan="2"')}${td(h[2]!)}</tr>`);
      for (const [, row, cells] of blockRows) {
        const [a, b, c] = cells.map((x) => esc(x[3]));
        rows.push(`<tr>${td(row)}${td(a!, 'colspan="2"')}${td(b!)}${td(c!)}</tr>`);
      }
    } else {
      rows.push(`<tr>${td('信息内容')}${td(esc(headers[0]!), 'colspan="2"')}${td(esc(headers[1]!), 'colspan="2"')}</tr>`);
      for (const [, row, cells] of blockRows)
        rows.push(`<tr>${td(row)}${td(esc(cells[0]![3]), 'colspan="2"')}${td(esc(cells[1]![3]), 'colspan="2"')}</tr>`);
    }
  }
  return `<table align="center" border="1" cellspacing="1"><tbody>${rows.join('\n')}</tbody></table>`;
}

function table3Html(): string {
  const rows: string[] = [
    `<tr>${td('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 'colspan="3" rowspan="3"')}${td('申请人情况', 'colspan="7"')}</tr>`,
    `<tr>${td('自然人', 'rowspan="2"')}${td('法人或其他组织', 'colspan="5"')}${td('总计', 'rowspan="2"')}</tr>`,
    `<tr>${td('商业<br>企业')}${td('科研<br/>机构')}${td('社会公益<br>组织')}${td('法律服务<br>机构')}${td('其他')}</tr>`,
  ];
  const values = (vs: number[]) => vs.map((v, i) => td(v === 0 && BLANK_COLUMNS_3.has(i) ? '&nbsp;' : String(v))).join('');
  const printed: Record<string, string> = {
    '（二）部分公开': '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
  };
  const groupSpan: Record<string, number> = { [G3]: 8, [G4]: 3, [G5]: 5 };
  let first3 = true;
  for (const [path, vs] of TABLE_3) {
    let label = '';
    if (path.length === 1) label = td(path[0]!, 'colspan="3"');
    else {
      if (first3) {
        label += td(R, 'rowspan="20"');
        first3 = false;
      }
      if (path.length === 2) label += td(esc(printed[path[1]!] ?? path[1]!), 'colspan="2"');
      else {
        if (path[2]!.startsWith('1.')) label += td(path[1]!, `rowspan="${groupSpan[path[1]!]}"`);
        label += td(path[2]!);
      }
    }
    rows.push(`<tr>${label}${values(vs)}</tr>`);
  }
  return `<table align="center" border="1" cellspacing="1"><tbody>${rows.join('\n')}</tbody></table>`;
}

function table4Html(): string {
  const heads = COLS_4.map((c) => `<td><p>${c}</p></td>`).join('');
  return [
    '<table align="center" border="1" cellspacing="1"><tbody>',
    '<tr><td colspan="5"><p>行政复议</p></td><td colspan="10"><p>行政诉讼</p></td></tr>',
    `<tr>${COLS_4.map((c) => `<td rowspan="2"><p>${c}</p></td>`).join('')}<td colspan="5"><p>未经复议直接起诉</p></td><td colspan="5"><p>复议后起诉</p></td></tr>`,
    `<tr>${heads}${heads}</tr>`,
    // some zeros printed, the rest left blank
    `<tr>${TABLE_4.map((v, i) => `<td>${i % 5 === 4 ? `<p>${v}</p>` : '&nbsp;'}</td>`).join('')}</tr>`,
    '</tbody></table>',
  ].join('\n');
}

/** Cells that the HTML page leaves blank (zeros): [table, row path, column path]. */
export function blankInHtml(c: ExpectedCell): boolean {
  if (c.table === '三') return c.value === 0 && BLANK_COLUMNS_3.has(COLS_3.findIndex((x) => x.join() === c.column.join()));
  if (c.table === '四') return c.column[0] !== '总计';
  return false;
}

/**
 * The Tianjin report as a government web page: navigation chrome, a title, the narrative in <p>,
 * and the three tables as real <table>s (replacing the '|' rows of the text).
 */
export function tianjinHtml(): string {
  const lines = TIANJIN_TEXT.replace(/\r\n?/g, '\n').split('\n');
  const body: string[] = [];
  const tables = [table2Html(), table3Html(), table4Html()];
  let inTable = false;
  lines.forEach((line, i) => {
    if (line.includes('|')) {
      if (!inTable) body.push(tables.shift()!);
      inTable = true;
      return;
    }
    inTable = false;
    if (i === 0) body.push(`<h1 class="title">${esc(line)}<br />${esc(lines[1]!)}</h1>`);
    else if (i === 1) return;
    else if (line.trim()) body.push(`<p style="text-indent:2em">${esc(line)}</p>`);
  });
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>天津市工业和信息化局2020年政府信息公开工作年度报告</title>
<style>td { border: 1px solid #000 }</style><script>var nav = "首页 | 政务公开";</script></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div class="article">
${body.join('\n')}
</div>
<div class="footer">主办单位：天津市工业和信息化局</div>
</body></html>`;
}
