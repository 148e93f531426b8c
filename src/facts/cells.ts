// The facts of a report's tables: every cell read, and every figure the template derives from cells —
// 法人或其他组织 (the sum of its five columns), the subtotal of a group of table 三 whose items are
// printed without one (不予公开 = its eight items), 行政诉讼 (both groups of table 四), and a 总计
// printed blank or not read (the sum of its row). A derived fact says how it was made.
import type { Fact as Cell, Report, TableId, TemplateVersion } from '../model.js';
import { blocks2, COLUMNS_3, DEFAULT_MEASURE_2, GROUP4_ROWS, GROUPS_3, MEASURE_COLUMNS_2, ROWS_3, TABLE_SECTION, SECTIONS } from '../template.js';
import type { Measure2 } from '../answer/dictionary.js';
import { unitInfo } from './units.js';
import type { Fact, Slots } from './types.js';

const R3 = '三、本年度办理结果';
const LEGAL = COLUMNS_3.filter((c) => c[0] === '法人或其他组织');
const APPLICANTS = COLUMNS_3.filter((c) => c[0] !== '总计');
const TOTAL = ['总计'];
const ROW3_BY_PATH = new Map(ROWS_3.map((r) => [r.path.join('›'), r]));
const GROUP_LABEL = new Map(GROUPS_3.map((g) => [g.key, g.label]));

/** What each table counts, in the template's own words: a cell's phrase holds them (收到和处理政府信息公开申请; 行政许可事项). */
const TABLE_WORDS: Record<TableId, string> = {
  二: '主动公开政府信息 事项',
  三: '收到和处理政府信息公开申请',
  四: '因政府信息公开工作被申请行政复议 提起行政诉讼',
};

const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);
const sectionOf = (t: TableId) => SECTIONS.find((s) => s.index === TABLE_SECTION[t])?.canonical ?? '';
const lastOf = (path: string[]) => path[path.length - 1] ?? '';

/** The table 三 row key a vocabulary word names (（七）总计 is 办理总计). */
const row3Key = (key: string) => (key === '总计' ? '办理总计' : key);

/** The measure a table 二 column holds. */
function measureOf(column: string): Measure2 | null {
  for (const [m, cols] of Object.entries(MEASURE_COLUMNS_2) as [Measure2, string[]][]) if (cols.includes(column)) return m;
  return null;
}

interface Builder {
  r: Report;
  out: Fact[];
  byKey: Map<string, Cell>;
}

const cellKey = (table: TableId, row: string[], column: string[]) => `${table}|${row.join('›')}|${column.join('›')}`;

function push(b: Builder, f: Omit<Fact, 'report' | 'unitClass' | 'kin' | 'lead' | 'context' | 'siblings' | 'approximate' | 'section'> & { approximate?: boolean }) {
  const u = unitInfo(f.unit);
  // an amount of table 二 is money even where the table prints no unit
  const money = f.slots?.table === '二' && f.slots.column === 'amount';
  // every cell is about what its table counts: its section's heading says so (收到和处理政府信息公开申请情况)
  b.out.push({ ...f, approximate: f.approximate ?? false, unitClass: money ? 'money' : u.unitClass, kin: money ? 'money' : u.kin, lead: '', context: f.citation.section, siblings: [], section: f.citation.section, report: b.r });
}

function quoteOf(rowPath: string[], colLabel: string, value: number, cells: Cell[]): string {
  if (cells.length === 1) return `${cells[0]!.row.join(' · ')} · ${cells[0]!.column.join(' · ')} = ${cells[0]!.raw || fmt(cells[0]!.value)}`;
  const sameRow = cells.every((x) => x.row.join() === cells[0]!.row.join());
  const sameCol = cells.every((x) => x.column.join() === cells[0]!.column.join());
  const parts = cells.map((f) => `${sameRow ? lastOf(f.column) : sameCol ? lastOf(f.row) : `${lastOf(f.row)}/${lastOf(f.column)}`}${fmt(f.value)}`);
  return `${rowPath.join(' · ')} · ${colLabel} = ${fmt(value)}（${parts.join(' + ')}）`;
}

// ---------------------------------------------------------------- table 三

function table3(b: Builder): void {
  const { r } = b;
  const version: TemplateVersion = r.versions['三'] ?? '2019';
  const at = (row: string[], col: string[]) => b.byKey.get(cellKey('三', row, col));
  const rows = ROWS_3.filter((x) => r.facts.some((f) => f.table === '三' && f.row.join('›') === x.path.join('›')));
  const colLabel = (col: string[]) => (lastOf(col) === '其他' && col.length > 1 ? `${col[0]}中的其他` : lastOf(col));
  const add = (rowKey: string, group: string | undefined, rowPath: string[], rowLabel: string, column: string, colText: string, cells: Cell[], note?: string) => {
    const value = cells.reduce((a, c) => a + c.value, 0);
    const slots: Slots = { table: '三', row: rowKey, group, column, isDefault: column === '总计' };
    const derived = cells.length > 1 || Boolean(note);
    push(b, {
      id: `${derived ? 'd' : 'c'}:三|${rowPath.join('›')}|${column}`,
      key: `三|${rowKey}|${column}`,
      source: derived ? 'derived' : 'cell',
      value,
      unit: cells[0]?.unit || '件',
      measure: 'level',
      raw: cells.length === 1 ? cells[0]!.raw : fmt(value),
      slots,
      phrase: `${rowPath.map((x) => x.replace(/^[一二三四五六七]、|^（.）|^\d+\./, '')).join(' ')} ${colText} ${TABLE_WORDS['三']}`,
      cells,
      note,
      citation: { report: r.title, section: sectionOf('三'), quote: quoteOf(rowPath, colText, value, cells) },
    });
  };
  // every row: its printed columns, the 法人或其他组织 sum, and a 总计 printed blank or missing
  for (const def of rows) {
    const key = row3Key(def.key);
    const label = lastOf(def.path).replace(/^\d+\.|^（.）/, '');
    for (const col of APPLICANTS) {
      const c = at(def.path, col);
      if (c) add(key, def.group, def.path, label, col.join('›'), colLabel(col), [c]);
    }
    const legal = LEGAL.map((c) => at(def.path, c));
    if (legal.every(Boolean)) add(key, def.group, def.path, label, 'legal', '法人或其他组织', legal as Cell[], '表中没有“法人或其他组织”小计列，此数为商业企业、科研机构、社会公益组织、法律服务机构、其他五列之和');
    const total = at(def.path, TOTAL);
    const parts = APPLICANTS.map((c) => at(def.path, c));
    const complete = parts.every(Boolean);
    const sum = complete ? parts.reduce((a, p) => a + p!.value, 0) : NaN;
    if (total && !(total.raw === '' && complete && sum !== total.value)) add(key, def.group, def.path, label, '总计', '总计', [total]);
    else if (complete) add(key, def.group, def.path, label, '总计', '总计', parts as Cell[], total ? '表中该行“总计”栏空白，此数为自然人与法人或其他组织各列之和' : '“总计”栏未读出，此数为各申请人类型之和');
  }
  // a group's subtotal where the table prints its items without one (不予公开 = its eight items)
  for (const [group, label] of GROUP_LABEL) {
    if (group === '予以公开' || group === '部分公开' || group === '总计') continue;
    const direct = [R3, label];
    if (r.facts.some((f) => f.table === '三' && f.row.join('›') === direct.join('›'))) continue;
    const items = ROWS_3.filter((x) => x.group === group && x.versions.includes(version));
    if (!items.length) continue;
    for (const col of APPLICANTS) {
      const cells = items.map((x) => at(x.path, col));
      if (cells.every(Boolean)) add(group, undefined, [R3, label], label, col.join('›'), colLabel(col), cells as Cell[], `表中没有“${label}”小计行，此数为其下${items.length}项之和`);
    }
    // its 总计: the items' totals as read (a blank 总计 of an item is its row's sum)
    const totals = items.map((x) => b.out.find((f) => f.key === `三|${row3Key(x.key)}|总计`));
    if (totals.every(Boolean)) add(group, undefined, [R3, label], label, '总计', '总计', totals.flatMap((f) => (f!.cells.length === 1 ? f!.cells : [{ ...f!.cells[0]!, row: f!.cells[0]!.row, column: TOTAL, value: f!.value, raw: '' }])), `表中没有“${label}”小计行，此数为其下${items.length}项之和`);
    const legal = items.flatMap((x) => LEGAL.map((c) => at(x.path, c)));
    if (legal.every(Boolean)) add(group, undefined, [R3, label], label, 'legal', '法人或其他组织', legal as Cell[], `表中没有“${label}”小计行和“法人或其他组织”小计列，此数为其下${items.length}项的五列之和`);
  }
}

// ---------------------------------------------------------------- table 二

function table2(b: Builder): void {
  const { r } = b;
  const version: TemplateVersion = r.versions['二'] ?? (r.versions['三'] === '2021' ? '2021' : '2019');
  for (const c of r.facts) {
    if (c.table !== '二') continue;
    const row = c.row[1] ?? '';
    const column = c.column[0] ?? '';
    const measure = measureOf(column);
    if (!measure) continue;
    const block = blocks2(version).find((x) => x.rows.includes(row));
    const unit = c.unit || (block ? (block.units[block.columns.indexOf(column)] ?? '') : '');
    const slotRow = row === '行政规范性文件' ? '规范性文件' : row;
    const isDefault = DEFAULT_MEASURE_2[version][row] === measure;
    push(b, {
      id: `c:二|${c.row.join('›')}|${column}`,
      key: `二|${slotRow}|${measure}`,
      source: 'cell',
      value: c.value,
      unit,
      measure: measure === 'change' ? 'change' : 'level',
      raw: c.raw,
      slots: { table: '二', row: slotRow, column: measure, isDefault },
      phrase: `${row} ${column} ${TABLE_WORDS['二']}`,
      cells: [c],
      citation: { report: r.title, section: sectionOf('二'), quote: `${c.row.join(' · ')} · ${column} = ${c.raw || fmt(c.value)}` },
    });
  }
}

// ---------------------------------------------------------------- table 四

const GROUP4_OF = new Map<string, string>(
  (Object.entries(GROUP4_ROWS) as [string, string[][]][]).filter(([, rows]) => rows.length === 1).map(([k, rows]) => [rows[0]!.join('›'), k]),
);

/** A group made of several rows (行政诉讼 = 未经复议直接起诉 + 复议后起诉): the group each of its rows stands in. */
const PARENT4 = new Map<string, string>(
  (Object.entries(GROUP4_ROWS) as [string, string[][]][]).filter(([, rows]) => rows.length > 1).flatMap(([k, rows]) => rows.map((x) => [x.join('›'), k] as [string, string])),
);

function table4(b: Builder): void {
  const { r } = b;
  const byCol = new Map<string, Cell[]>();
  for (const c of r.facts) {
    if (c.table !== '四') continue;
    const group = GROUP4_OF.get(c.row.join('›'));
    const column = c.column[0] ?? '';
    if (!group) continue;
    push(b, {
      id: `c:四|${c.row.join('›')}|${column}`,
      key: `四|${group}|${column}`,
      source: 'cell',
      value: c.value,
      unit: c.unit || '件',
      measure: 'level',
      raw: c.raw,
      slots: { table: '四', row: group, group: PARENT4.get(c.row.join('›')), column, isDefault: column === '总计' },
      phrase: `${c.row.join('')} ${column} ${TABLE_WORDS['四']}`,
      cells: [c],
      citation: { report: r.title, section: sectionOf('四'), quote: `${c.row.join(' · ')} · ${column} = ${c.raw || fmt(c.value)}` },
    });
    if (c.row[0] === '行政诉讼') byCol.set(column, [...(byCol.get(column) ?? []), c]);
  }
  // 行政诉讼: both groups
  for (const [column, cells] of byCol) {
    if (cells.length !== 2) continue;
    const [x, y] = cells as [Cell, Cell];
    const value = x.value + y.value;
    const unit = x.unit || '件';
    push(b, {
      id: `d:四|行政诉讼|${column}`,
      key: `四|suit|${column}`,
      source: 'derived',
      value,
      unit,
      measure: 'level',
      raw: fmt(value),
      slots: { table: '四', row: 'suit', column, isDefault: column === '总计' },
      phrase: `行政诉讼 ${column} ${TABLE_WORDS['四']}`,
      cells,
      note: `未经复议直接起诉${fmt(x.value)}${unit} + 复议后起诉${fmt(y.value)}${unit}，两组之和`,
      citation: { report: r.title, section: sectionOf('四'), quote: cells.map((c) => `${c.row.join(' · ')} · ${c.column.join(' · ')} = ${c.raw || fmt(c.value)}`).join('；') },
    });
  }
}

/** The facts of a report's tables: every cell read and every figure derived from cells. */
export function cellFacts(r: Report): Fact[] {
  const b: Builder = { r, out: [], byKey: new Map(r.facts.map((f) => [cellKey(f.table, f.row, f.column), f])) };
  table3(b);
  table2(b);
  table4(b);
  return b.out;
}
