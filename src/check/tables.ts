// Tables 三 and 四 as a reviewer reads them: the identities that fail (identities.ts), blank cells
// (a blank that hides a number is an error, named with the number the identities imply; blanks read
// as 0 where the identities hold are one note for the table), rows whose printed digits no reading
// makes add up, and a table 三 not printed at all. One defect repeated down a column is one finding
// naming its rows.
import type { Fact, Finding, Location, Report, TableDefect, TableId, Unread } from '../model.js';
import { COLUMNS_3, GROUPS_4, pathKey, RESULT_COLUMNS_4 } from '../template.js';
import { finding, groupInto } from './finding.js';
import { blanks, cellKey, equations, gridOf, holds, withImplied, type Cell, type Grid } from './grid.js';
import { identityFindings } from './identities.js';

const SECTION: Record<TableId, string> = {
  二: '二、主动公开政府信息情况',
  三: '三、收到和处理政府信息公开申请情况',
  四: '四、政府信息公开行政复议、行政诉讼情况',
};

const BLANK_WHY =
  '模板的每一格都应填数字，没有发生的填0。空白格按0读时，这些格子所在的等式（每行总计 = 各列之和；一 + 二 = （七）总计 + 四；（七）总计 = 各项之和；表四每组总计 = 四项之和）不成立，说明空白处本应有数字，漏填了。';
const ZERO_WHY = '模板的每一格都应填数字，没有发生的填0。这些格子是空白的；按0读取时勾稽关系成立，多半是把0省略了，但读者无法确定是0还是漏填，建议补上0。';
const DIGITS_WHY =
  '这一行（或表四的一行）的数字连在一起印出，只能靠勾稽关系拆分成各栏；无论怎样拆分，都不能使各栏满足模板的等式，说明印出的数字本身有错（多印、少印或印错了数字）。';
const SHORT_WHY = '这一行印出的数字比栏目少，说明有栏目空白（或漏印）；无法确定是哪一栏时，涉及这一行的勾稽关系都无法核对。';
const MISSING_WHY = '按国办规定的格式，年度报告第三部分应以表格列出收到和处理政府信息公开申请的情况（表三）；报告中找不到这张表，读者无法核对申请的收、办、结转数字。';

/** The cells of a table-三 row, or the fifteen cells of table 四 (row [] in a defect). */
function rowCells(table: TableId, row: string[]): Cell[] {
  if (table === '四') return GROUPS_4.flatMap((g) => RESULT_COLUMNS_4.map((c) => ({ table, row: g, column: [c] })));
  return COLUMNS_3.map((column) => ({ table, row, column }));
}

/** A row's own label, short: 2.申请人逾期未按收费通知… */
const label = (c: Cell) => {
  const l = c.row.at(-1)!.replace(/（区分处理的.*$/, '').replace(/政府信息公开申请数量$/, '');
  return l.length > 14 ? `${l.slice(0, 12)}…` : l;
};
const colName = (c: Cell) => (c.table === '四' ? `${c.row.at(-1)}·${c.column.at(-1)}` : c.column.at(-1)!);

interface Blank {
  cell: Cell;
  at: Location;
  /** read as 0, the identities it is in hold */
  fits?: boolean;
}

/**
 * A short row whose blank cell's place the identities tell: each place in turn, the blank given the
 * value its row implies; the places where every identity of the row then holds. One place: the row's
 * cells; otherwise null.
 */
function placeBlank(grid: Grid, eqs: ReturnType<typeof equations>, cells: Cell[], values: number[]): (number | null)[] | null {
  const fits: (number | null)[][] = [];
  for (let p = 0; p < cells.length; p++) {
    const row = [...values.slice(0, p), null, ...values.slice(p)];
    const g: Grid = new Map(grid);
    cells.forEach((c, i) => g.set(cellKey(c), row[i]!));
    const b = blanks(g, eqs).get(cellKey(cells[p]!));
    if (b?.value === null || b === undefined) continue;
    g.set(cellKey(cells[p]!), b.value);
    if (holds(g, eqs, new Set(cells.map(cellKey))) === false) continue;
    fits.push(row);
  }
  return fits.length === 1 ? fits[0]! : null;
}

export function tableFindings(report: Report): Finding[] {
  const out: Finding[] = [];
  const eqs = equations(report.versions['三'] ?? '2019');
  const grid = gridOf(report.facts);
  const shortRows: Unread[] = [];
  // rows printed with blank cells, where the places of the blanks are certain or the identities tell
  // them, are checked as the cells of an HTML table are: blank cells as such, the others as printed
  const added: Fact[] = [];
  for (const u of report.unread) {
    const d = u.defect;
    if (d?.kind !== 'blank' || !u.table) continue;
    const cells = rowCells(u.table, d.row);
    const row = d.cells ?? (d.values ? placeBlank(grid, eqs, cells, d.values) : null);
    if (!row || row.length !== cells.length) {
      shortRows.push(u);
      continue;
    }
    cells.forEach((c, i) => {
      grid.set(cellKey(c), row[i]!);
      const v = row[i]!;
      added.push({ ...c, value: v ?? 0, unit: '件', raw: v === null ? '' : String(v), at: u.at ?? {}, how: 'cell' });
    });
  }
  const r = added.length ? { ...report, facts: [...report.facts.filter((f) => !added.some((a) => cellKey(a) === cellKey(f))), ...added] } : report;
  const where = new Map<string, Location>(r.facts.map((f) => [cellKey(f), f.at]));
  const blank = blanks(grid, eqs);
  const hiding: (Blank & { value: number | null })[] = [];
  const zero: Blank[] = [];
  for (const [k, b] of blank) {
    const [table, row, column] = k.split('|') as [TableId, string, string];
    const cell = { table, row: row.split(' › '), column: column.split(' › ') };
    if (b.hides) hiding.push({ cell, at: where.get(k) ?? {}, value: b.value });
    else zero.push({ cell, at: where.get(k) ?? {}, fits: b.fits });
  }
  // the identities, with each blank that hides a number given its value: what still fails is another error
  const values = new Map([...blank].filter(([, b]) => b.hides && b.value !== null).map(([k, b]) => [k, b.value!]));
  const failed = identityFindings(values.size ? withImplied(r, values) : r);
  out.push(...hidingFindings(hiding), ...rowsGrouped(failed));
  out.push(...zeroFindings(zero));
  for (const u of shortRows) out.push(shortFinding(u, u.defect!));
  out.push(...digitsFindings(r.unread));
  const missing = r.unread.find((u) => u.table === '三' && u.defect?.kind === 'missing');
  if (missing && r.year >= 2019 && !r.facts.some((f) => f.table === '三'))
    out.push(
      finding({
        code: 't3-missing',
        kind: 'section',
        severity: 'warning',
        table: '三',
        rule: '第三部分应有表三（收到和处理政府信息公开申请情况）',
        row: [],
        column: [],
        expected: '表三',
        printed: null,
        message: '报告中没有表三（收到和处理政府信息公开申请情况）',
        explanation: MISSING_WHY,
        section: SECTION['三'],
      }),
    );
  return out;
}

/** Blank cells that hide a number: one error per column, naming its rows and what each should be. */
function hidingFindings(hiding: (Blank & { value: number | null })[]): Finding[] {
  const byColumn = new Map<string, (Blank & { value: number | null })[]>();
  for (const h of hiding) {
    const k = `${h.cell.table}|${pathKey(h.cell.column)}`;
    groupInto(byColumn, k, h);
  }
  return [...byColumn.values()].map((hs) => {
    const first = hs[0]!;
    const one = hs.length === 1;
    const what = hs.map((h) => `「${label(h.cell)}」${h.value === null ? '' : `应为${h.value}`}`).join('、');
    return finding({
      code: 't-blank',
      kind: 'identity',
      severity: 'error',
      table: first.cell.table,
      rule: '数字栏不应空白；按勾稽关系推出应有的数',
      row: one ? first.cell.row : [],
      column: first.cell.column,
      expected: one ? first.value : hs.map((h) => h.value ?? '?').join('、'),
      printed: '空白',
      message: `表${first.cell.table}「${colName(first.cell)}」栏${one ? `在「${label(first.cell)}」行空白` : `有${hs.length}行空白`}，按勾稽关系${one ? (first.value === null ? '不应为0' : `应为${first.value}`) : `：${what}`}`,
      explanation: BLANK_WHY,
      section: SECTION[first.cell.table],
      at: first.at,
    });
  });
}

/** Blank cells read as 0 where the identities hold: one note for each table. */
function zeroFindings(zero: Blank[]): Finding[] {
  return (['三', '四'] as const).flatMap((table) => {
    const zs = zero.filter((z) => z.cell.table === table);
    if (!zs.length) return [];
    const one = zs.length === 1 ? zs[0]! : null;
    // where a blank read as 0 leaves an identity failing, that failure is a finding of its own
    const fit = zs.every((z) => z.fits);
    const read = fit ? '按0读取，勾稽关系成立' : '按0读取';
    // whole rows left blank are named as rows; the other cells by column
    const byRow = new Map<string, Blank[]>();
    for (const z of zs) groupInto(byRow, pathKey(z.cell.row), z);
    const wholeRows = table === '三' ? [...byRow.values()].filter((b) => b.length === COLUMNS_3.length) : [];
    const rest = zs.filter((z) => !wholeRows.some((b) => b.includes(z)));
    const byColumn = new Map<string, Blank[]>();
    for (const z of rest) groupInto(byColumn, colName(z.cell), z);
    const parts = [
      ...wholeRows.map((b) => `「${label(b[0]!.cell)}」行全部空白`),
      ...[...byColumn].map(([col, bs]) => (table === '四' ? `「${col}」` : `「${col}」栏${bs.length}格（${bs.slice(0, 3).map((z) => label(z.cell)).join('、')}${bs.length > 3 ? '等' : ''}）`)),
    ];
    return [
      finding({
        code: 't-blank-zero',
        kind: 'cells',
        severity: 'warning',
        table,
        rule: '数字栏应填数字（没有就填0）',
        row: one ? one.cell.row : wholeRows.length === 1 && !rest.length ? wholeRows[0]![0]!.cell.row : [],
        column: one ? one.cell.column : [],
        expected: 0,
        printed: '空白',
        message: one ? `表${table}「${label(one.cell)}」行「${colName(one.cell)}」栏空白（${read}）` : `表${table}有${zs.length}格空白（${read}）：${parts.join('；')}`,
        explanation: fit ? ZERO_WHY : BLANK_WHY,
        section: SECTION[table],
        at: zs[0]!.at,
      }),
    ];
  });
}

/** A row printed one cell short where the identities cannot tell which cell is blank. */
function shortFinding(u: Unread, d: TableDefect): Finding {
  const table = u.table!;
  const width = table === '四' ? 15 : 7;
  const name = table === '四' ? '表四的数据行' : `表三「${d.row.at(-1)}」行`;
  const printed = d.printed ?? (d.values ? d.values.join(' ') : (d.cells ?? []).map((v) => v ?? '□').join(' '));
  const empty = d.cells?.every((v) => v === null);
  return finding({
    code: 't-short',
    kind: 'cells',
    severity: 'warning',
    table,
    rule: '每一栏都应填数字',
    row: d.row,
    column: [],
    expected: `${width}个数`,
    printed: empty ? '空白' : printed,
    message: empty ? `${name}没有填任何数字（${width}栏全部空白）` : `${name}应有${width}栏，只印了${d.values?.length ?? 0}个数（${printed}），有一栏空白，无法确定是哪一栏`,
    explanation: SHORT_WHY,
    section: SECTION[table],
    at: u.at,
  });
}

/** Rows whose digits no reading makes add up: one error per table, naming the rows and the readings tried. */
function digitsFindings(unread: Unread[]): Finding[] {
  const out: Finding[] = [];
  for (const table of ['三', '四'] as const) {
    const us = unread.filter((u) => u.table === table && u.defect?.kind === 'digits');
    if (!us.length) continue;
    const d0 = us[0]!.defect!;
    const name = (d: TableDefect) => (table === '四' ? '表四的数据行' : `「${d.row.at(-1)}」行`);
    const tried = (d: TableDefect) => `“${d.printed}”（试过${d.count}种拆法，如 ${(d.readings ?? []).map((x) => x.join('/')).join('；')}）`;
    out.push(
      finding({
        code: 't-digits',
        kind: 'identity',
        severity: 'error',
        table,
        rule: '连在一起的数字拆成各栏后应满足勾稽关系',
        row: us.length === 1 ? d0.row : [],
        column: [],
        expected: null,
        printed: us.map((u) => u.defect!.printed).join('；'),
        message: `表${table}${us.map((u) => `${name(u.defect!)}的数字${tried(u.defect!)}`).join('，')}无论怎样拆分都不满足勾稽关系`,
        explanation: DIGITS_WHY,
        section: SECTION[table],
        at: us[0]!.at,
      }),
    );
  }
  return out;
}

/** Each row's 总计 against its columns: one finding when one row fails; one naming them all when several do. */
function rowsGrouped(failed: Finding[]): Finding[] {
  const rows = failed.filter((f) => f.id.startsWith('t3-row-'));
  if (rows.length < 2) return failed;
  const first = failed.indexOf(rows[0]!);
  const merged = finding({
    code: 't3-rows',
    kind: 'identity',
    severity: 'error',
    table: '三',
    rule: rows[0]!.rule,
    row: [],
    column: ['总计'],
    expected: rows.map((f) => f.expected).join('、'),
    printed: rows.map((f) => f.printed).join('、'),
    message: `表三「总计」栏有${rows.length}行不等于各列之和：${rows.map((f) => `「${f.row.at(-1)!.replace(/（区分处理的.*$/, '')}」各列之和为${f.expected}、总计印为${f.printed}`).join('；')}`,
    explanation: rows[0]!.explanation,
    section: rows[0]!.section,
    at: rows[0]!.at,
  });
  const rest = failed.filter((f) => !rows.includes(f));
  return [...rest.slice(0, first), merged, ...rest.slice(first)];
}
