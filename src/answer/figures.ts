// Table figures (tables 二, 三, 四) with the template's arithmetic: 不予公开 = the sum of its eight
// items, 无法提供/不予处理 likewise, 法人或其他组织 = its five columns, 行政诉讼 = both groups; a blank
// HTML 总计 cell is replaced by the sum of its row's columns. The reply says when it added.
import type { Fact, Report, TableId, TemplateVersion } from '../model.js';
import { blocks2, COLUMNS_3, GROUP4_ROWS, MEASURE_COLUMNS_2, ROWS_3, rows3 } from '../template.js';
import type { Measure2 } from './dictionary.js';
import { figureReply, fmt, howNotes, sectionOf, who } from './reply-parts.js';
import { factOf, hasRow } from './knowledge-index.js';
import type { Citation, Reply } from './types.js';
import type { Query } from './understand.js';

export type CellAnswer =
  | { ok: Reply }
  /** the report's template has no such row/column (e.g. 政府集中采购 in a 2021-format table 二) */
  | { notHeld: string; fallbackNarrative: boolean }
  /** the report should hold it, but the cell was not read */
  | { unread: string; fallbackNarrative?: boolean };

export function whichTable(q: Query): TableId | null {
  if (q.row3 && q.row3.weight >= 2) return '三';
  if (q.group4) return '四';
  if (q.row2 && (q.row2.weight >= 3 || q.measure2)) return '二';
  if (q.row3) return '三';
  if (q.row2) return '二';
  return null;
}

export function tableFigure(q: Query, r: Report, table: TableId): CellAnswer {
  if (table === '三') return table3(q, r);
  if (table === '四') return table4(q, r);
  return table2(q, r);
}

// ---------------------------------------------------------------- table 三

const R3 = '三、本年度办理结果';
const LEGAL = COLUMNS_3.filter((c) => c[0] === '法人或其他组织');
const APPLICANTS = COLUMNS_3.filter((c) => c[0] !== '总计');
const GROUP_LABEL: Record<string, string> = { 不予公开: '（三）不予公开', 无法提供: '（四）无法提供', 不予处理: '（五）不予处理', 其他处理: '（六）其他处理' };

const PHRASE: Record<string, string> = {
  本年新收政府信息公开申请数量: '新收政府信息公开申请',
  上年结转政府信息公开申请数量: '上年结转的政府信息公开申请',
  结转下年度继续办理: '结转下年度继续办理的申请',
  办理总计: '办理政府信息公开申请（本年度办理结果总计）',
};

interface Cell {
  value: number;
  facts: Fact[];
  note: string;
}

function unreadWhy(r: Report, table: TableId, what: string): string {
  const u = r.unread.find((x) => x.table === table) ?? r.unread.find((x) => x.table === null);
  return `${r.title}中，表${table}的「${what}」没有读出${u ? `（${u.what}：${u.why}）` : ''}，所以无法给出这个数字，以免给错。`;
}

/** One row × one column of table 三, with the 总计-blank rule. */
export function cell3(r: Report, row: string[], col: string[]): Cell | null {
  const f = factOf(r, '三', row, col);
  if (col[0] === '总计') {
    const parts = APPLICANTS.map((c) => factOf(r, '三', row, c));
    const complete = parts.every(Boolean);
    const sum = complete ? parts.reduce((a, p) => a + p!.value, 0) : NaN;
    if (f && f.raw === '' && complete && sum !== f.value) {
      return { value: sum, facts: parts as Fact[], note: `（表中该行“总计”栏空白，此数为自然人与法人或其他组织各列之和）` };
    }
    if (!f) return complete ? { value: sum, facts: parts as Fact[], note: '（“总计”栏未读出，此数为各申请人类型之和）' } : null;
  }
  return f ? { value: f.value, facts: [f], note: '' } : null;
}

function table3(q: Query, r: Report): CellAnswer {
  const version: TemplateVersion = r.versions['三'] ?? '2019';
  const key = q.row3!.key;
  let rows: string[][];
  let rowLabel: string;
  let groupNote = '';
  if (key === '办理总计') {
    rows = [[R3, '（七）总计']];
    rowLabel = '（七）总计';
  } else if (GROUP_LABEL[key]) {
    const direct = [R3, GROUP_LABEL[key]!];
    const items = rows3(version).filter((x) => x.group === key);
    if (key === '其他处理' && (version === '2019' || hasRow(r, '三', direct))) {
      rows = [direct];
    } else {
      rows = items.map((x) => x.path);
      groupNote = `（表中没有“${GROUP_LABEL[key]}”小计行，此数为其下${items.length}项之和）`;
    }
    rowLabel = GROUP_LABEL[key]!;
  } else {
    const def = ROWS_3.find((x) => x.key === key);
    if (!def) return { notHeld: '表三没有这一行', fallbackNarrative: true };
    if (!def.versions.includes(version) && !hasRow(r, '三', def.path)) {
      return { notHeld: `${r.title}的表三采用${version}年版格式，没有「${def.path[def.path.length - 1]}」这一行。`, fallbackNarrative: true };
    }
    rows = [def.path];
    rowLabel = def.path[def.path.length - 1]!;
  }
  const colSpec = q.col3;
  const cols = colSpec === 'legal' ? LEGAL : colSpec ? [colSpec] : [['总计']];
  // the column 其他 of 法人或其他组织 is named with its group: 其他 alone reads as any other
  const last = cols[0]![cols[0]!.length - 1]!;
  const colLabel = colSpec === 'legal' ? '法人或其他组织' : last === '其他' && cols[0]!.length > 1 ? `${cols[0]![0]}中的其他` : last;
  const cells: Cell[] = [];
  for (const row of rows) {
    for (const col of cols) {
      const c = cell3(r, row, col);
      if (!c) return { unread: unreadWhy(r, '三', `${row[row.length - 1]} · ${col.join('›')}`) };
      cells.push(c);
    }
  }
  const value = cells.reduce((a, c) => a + c.value, 0);
  const facts = cells.flatMap((c) => c.facts);
  const unit = facts[0]?.unit || '件';
  const notes = [groupNote, colSpec === 'legal' ? '（表中没有“法人或其他组织”小计列，此数为商业企业、科研机构、社会公益组织、法律服务机构、其他五列之和）' : '', ...new Set(cells.map((c) => c.note))]
    .filter(Boolean)
    .join('');
  // the applicants of a 总计 figure
  let breakdown = '';
  if (!colSpec && rows.length === 1) {
    const parts = APPLICANTS.map((c) => ({ c, f: factOf(r, '三', rows[0]!, c) })).filter((x) => x.f && x.f.value !== 0);
    if (parts.length && parts.length <= 6 && value !== 0)
      breakdown = `（${parts.map((x) => `${x.c[x.c.length - 1]}${fmt(x.f!.value)}${x.f!.unit || unit}`).join('，')}）`;
  }
  const phrase = PHRASE[key] ?? `「${rowLabel.replace(/^\d+\.|^（.）/, '')}」的申请`;
  const lead = key === '本年新收政府信息公开申请数量' && !colSpec ? '共' : '';
  const text = colSpec
    ? `${who(r)}${phrase}中，${colLabel}${fmt(value)}${unit}。${notes}`
    : `${who(r)}${lead}${phrase}${key === '本年新收政府信息公开申请数量' ? '' : '为'}${fmt(value)}${unit}${breakdown}。${notes}`;
  const rowPath = rows.length === 1 ? rows[0]! : [R3, rowLabel];
  const label = `${rowPath[rowPath.length - 1]} · ${colLabel}`;
  const quote =
    cells.length === 1 && !cells[0]!.note
      ? `${rowPath.join(' · ')} · ${cols[0]!.join(' · ')} = ${fmt(value)}`
      : `${rowPath.join(' · ')} · ${colLabel} = ${fmt(value)}（${facts
          .map((f) => {
            const sameRow = facts.every((x) => x.row.join() === f.row.join());
            const sameCol = facts.every((x) => x.column.join() === f.column.join());
            const name = sameRow ? f.column[f.column.length - 1] : sameCol ? f.row[f.row.length - 1] : `${f.row[f.row.length - 1]}/${f.column[f.column.length - 1]}`;
            return `${name}${fmt(f.value)}`;
          })
          .join(' + ')}）`;
  const citation: Citation = { report: r.title, section: sectionOf(3), quote };
  return { ok: figureReply(text, [{ value, unit, label }], [citation], howNotes(facts, r)) };
}

// ---------------------------------------------------------------- table 四

function table4(q: Query, r: Report): CellAnswer {
  const g = q.group4!;
  const groups: string[][] = GROUP4_ROWS[g];
  const col = q.col4 ?? '总计';
  const facts: Fact[] = [];
  for (const grp of groups) {
    const f = factOf(r, '四', grp, [col]);
    if (!f) return { unread: unreadWhy(r, '四', `${grp.join('·')} · ${col}`) };
    facts.push(f);
  }
  const value = facts.reduce((a, f) => a + f.value, 0);
  const unit = facts[0]!.unit || '件';
  const name = g === 'review' ? '政府信息公开行政复议' : g === 'direct' ? '未经复议直接起诉的行政诉讼' : g === 'after' ? '复议后起诉的行政诉讼' : '政府信息公开行政诉讼';
  const colText = col === '总计' ? '共' : `「${col}」`;
  const sumNote = groups.length > 1 ? `（未经复议直接起诉${fmt(facts[0]!.value)}${unit} + 复议后起诉${fmt(facts[1]!.value)}${unit}，两组之和）` : '';
  const text = `${who(r)}${name}${colText}${fmt(value)}${unit}${sumNote}。`;
  const label = groups.length > 1 ? `行政诉讼（两组合计） · ${col}` : `${groups[0]!.join(' · ')} · ${col}`;
  const quote = facts.map((f) => `${f.row.join(' · ')} · ${f.column.join(' · ')} = ${f.raw || fmt(f.value)}`).join('；');
  return { ok: figureReply(text, [{ value, unit, label }], [{ report: r.title, section: sectionOf(4), quote }], howNotes(facts, r)) };
}

// ---------------------------------------------------------------- table 二

const MEASURE_COLUMNS: Record<Measure2, string[]> = MEASURE_COLUMNS_2;

function defaultMeasure(row: string, version: TemplateVersion): Measure2 {
  if (row === '规章' || row.endsWith('规范性文件')) return 'total';
  if (row === '行政事业性收费') return version === '2021' ? 'amount' : 'prev';
  if (row === '政府集中采购') return 'amount';
  return 'decisions';
}

function table2(q: Query, r: Report): CellAnswer {
  if (!r.versions['二'] && !r.facts.some((f) => f.table === '二')) return { unread: unreadWhy(r, '二', q.row2!.row) };
  const version: TemplateVersion = r.versions['二'] ?? (r.versions['三'] === '2021' ? '2021' : '2019');
  let row = q.row2!.row;
  if (row === '规范性文件') row = version === '2021' ? '行政规范性文件' : '规范性文件';
  const block = blocks2(version).find((b) => b.rows.includes(row));
  if (!block) {
    return { notHeld: `${r.title}的表二采用${version}年版格式，没有「${row}」这一栏。`, fallbackNarrative: true };
  }
  // 主动公开了多少件规章: this year's newly published, where the template has that column
  const proactive = !q.measure2 && q.intents.has('proactive') && block.columns.includes('本年新公开数量') ? 'published' : null;
  // 采购项目有几项: the column whose cell is counted in the unit asked
  const byUnit = !q.measure2 && q.askedUnit ? measureByUnit(r, block.label, row, q.askedUnit) : null;
  let measure = q.measure2 ?? proactive ?? byUnit ?? defaultMeasure(row, version);
  // 采购: 几项 / 项目 → count, otherwise amount
  if (row !== '政府集中采购' && measure === 'count') measure = defaultMeasure(row, version);
  if (row === '政府集中采购' && measure !== 'count' && measure !== 'amount') measure = 'amount';
  const column = MEASURE_COLUMNS[measure].find((c) => block.columns.includes(c));
  if (!column) {
    const asked = MEASURE_COLUMNS[measure][0]!;
    return { notHeld: `${r.title}的表二（${version}年版格式）中「${row}」没有「${asked}」一栏。`, fallbackNarrative: true };
  }
  const f = factOf(r, '二', [block.label, row], [column]);
  if (!f) return { unread: unreadWhy(r, '二', `${block.label} · ${row} · ${column}`) };
  let value = f.value;
  let text: string;
  const unit = f.unit;
  if (column === '本年增/减') {
    const v = f.value;
    if (q.direction && Math.sign(v) === q.direction) value = Math.abs(v);
    const how = v < 0 ? `减少了${fmt(-v)}${unit}` : v > 0 ? `增加了${fmt(v)}${unit}` : `没有增减（0${unit}）`;
    text = `${who(r)}「${row}」事项本年${how}（表中“本年增/减”栏印为“${f.raw || fmt(v)}”）。`;
  } else {
    const what = column.replace(/^本年/, '本年');
    text = `${who(r)}「${row}」的${what}为${fmt(value)}${unit}${f.raw && f.raw !== String(f.value) && !/^[\d.,]+$/.test(f.raw) ? `（表中印为“${f.raw}”）` : ''}。`;
    if (row === '政府集中采购') {
      const other = factOf(r, '二', [block.label, row], [column === '采购总金额' ? '采购项目数量' : '采购总金额']);
      if (other && other.unit !== f.unit) text += `${other.column[0]}：${fmt(other.value)}${other.unit}。`;
    }
  }
  const quote = `${block.label} · ${row} · ${column} = ${f.raw || fmt(f.value)}`;
  return { ok: figureReply(text, [{ value, unit, label: `${row} · ${column}` }], [{ report: r.title, section: sectionOf(2), quote }], howNotes([f], r)) };
}

/** The measure of the row's cell printed in the unit asked (35项 for 几项, 2936万元 for 多少万元), if one is. */
function measureByUnit(r: Report, block: string, row: string, unit: string): Measure2 | null {
  // counters that count the same things: 几项 / 多少个 / 几件 of a row's items; 元 / 万元 of money
  const cls = (u: string) => (/^(件|项|个|份)$/.test(u) ? 'count' : /元$/.test(u) ? 'money' : u);
  const cells = r.facts.filter((f) => f.table === '二' && f.row[0] === block && f.row[1] === row);
  // the unit as asked first (决定多少件: 处理决定数量, not 上一年项目数量 in 项), then one that counts alike
  for (const same of [(u: string) => u === unit, (u: string) => cls(u) === cls(unit)]) {
    const hits = cells.filter((f) => same(f.unit));
    const measures = [...new Set(hits.map((f) => (Object.keys(MEASURE_COLUMNS) as Measure2[]).find((k) => MEASURE_COLUMNS[k].includes(f.column[0]!))).filter(Boolean))];
    if (measures.length === 1) return measures[0]!;
    if (measures.length > 1) return null;
  }
  return null;
}
