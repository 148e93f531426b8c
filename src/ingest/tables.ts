// Turns table rows (cells as printed, from any reader) into facts with canonical labels.
// A row that cannot be placed with certainty is reported as unread, never guessed.
import type { Fact, Location, TableDefect, TableId, TemplateVersion, Unread } from '../model.js';
import {
  blocks2,
  canonicalRow2,
  COLUMNS_3,
  GROUPS_3,
  GROUPS_4,
  pathKey,
  RESULT_COLUMNS_4,
  rows3,
  type Row3,
  version2FromText,
} from '../template.js';
import { labelKey, similarity } from '../text.js';
import { parseCell, unitInHeader } from './cells.js';
import type { Line } from './document.js';

export interface TableResult {
  facts: Fact[];
  unread: Unread[];
  versions: Partial<Record<TableId, TemplateVersion>>;
}

export interface SplitRow {
  label: string;
  values: { raw: string; value: number; unit: string }[];
  /** cells after the label that are neither numbers nor blank */
  junk: number;
  /** the row's cells in order, null where blank, when blank cells stand where the places are certain */
  slots?: (number | null)[];
  at: Location;
}

/** Splits a row into its label (leading text cells) and its value cells. */
export function splitRow(line: Line, width: number): SplitRow {
  const cells = line.cells.map((c) => c.trim());
  const dedupe = (xs: string[]) => xs.filter((c, i) => c !== '' && xs.indexOf(c) === i).join('');
  if (line.blankIsZero && cells.length >= width) {
    // HTML: the value columns are the last `width` cells; a blank one is 0
    const valueCells = cells.slice(cells.length - width);
    const values: SplitRow['values'] = [];
    let junk = 0;
    for (const raw of valueCells) {
      const v = raw === '' ? { value: 0, unit: '' } : parseCell(raw);
      if (v) values.push({ raw, ...v });
      else junk++;
    }
    if (junk === 0) return { label: dedupe(cells.slice(0, cells.length - width)), values, junk, at: line.at };
  }
  let i = 0;
  while (i < cells.length && (cells[i] === '' || parseCell(cells[i]!) === null)) i++;
  const values: SplitRow['values'] = [];
  let junk = 0;
  for (const raw of cells.slice(i)) {
    if (raw === '') continue; // collapsed merged cells in flattened text
    const v = parseCell(raw);
    if (v) values.push({ raw, ...v });
    else junk++;
  }
  // the blank cells between the label's last word and the first value may be value cells left blank
  let from = i;
  while (from > 0 && cells[from - 1] === '') from--;
  return { label: dedupe(cells.slice(0, i)), values, junk, slots: blankSlots(cells.slice(from), width, values.length), at: line.at };
}

/**
 * Where blank cells stand for certain, in the cells after the label: from the first cell to the last
 * value, when that span is as wide as the row (20 |  | 0 …, or  | 3 | … after the label); or all of
 * them, when they are exactly as many as the row has (a Markdown row). A blank elsewhere may be a
 * merged cell collapsed.
 */
function blankSlots(after: string[], width: number, read: number): (number | null)[] | undefined {
  if (read >= width || read === 0) return undefined;
  let last = after.length - 1;
  while (last >= 0 && after[last] === '') last--;
  const span = after.length === width ? after : after.slice(0, last + 1);
  if (span.length !== width || !span.includes('')) return undefined;
  const out = span.map((c) => (c === '' ? null : parseCell(c)?.value ?? NaN));
  return out.some((v) => Number.isNaN(v)) ? undefined : out;
}

/**
 * A row of table 三 or 四 printed with cells left blank, as the report's defect: the cells with their
 * places where certain, else the values printed (one short, so that the identities can tell which).
 * Left out when most rows are short (a table whose columns the conversion dropped, not the report).
 */
export function blankDefect(row: string[], split: SplitRow, width: number): TableDefect | undefined {
  if (split.junk || !split.values.length) return undefined;
  if (split.slots) return { kind: 'blank', row, cells: split.slots };
  if (split.values.length === width - 1) return { kind: 'blank', row, values: split.values.map((v) => v.value) };
  return undefined;
}

/** Defects of short rows stand only when most rows of the table were read whole. */
export function keepDefects(unread: Unread[], table: TableId, whole: number): void {
  const short = unread.filter((u) => u.table === table && u.defect?.kind === 'blank');
  if (short.length * 2 > short.length + whole) for (const u of short) delete u.defect;
}

export function readTables(byTable: Record<TableId, Line[]>): TableResult {
  const out: TableResult = { facts: [], unread: [], versions: {} };
  read2(byTable['二'], out);
  read3(byTable['三'], out);
  read4(byTable['四'], out);
  // table 四 is the same in both versions: it follows the report's other tables
  if (out.facts.some((f) => f.table === '四')) out.versions['四'] = out.versions['三'] ?? out.versions['二'];
  return out;
}

// ---------- 二 ----------

function read2(lines: Line[], out: TableResult): void {
  if (!lines.length) {
    out.unread.push({ table: '二', what: '表二（主动公开政府信息情况）', why: '报告中未找到这张表' });
    return;
  }
  const headerText = lines.map((l) => l.cells.join(' ')).join('\n');
  const version = version2FromText(headerText) ?? guessVersionByWidth(lines);
  out.versions['二'] = version;
  const blocks = blocks2(version);
  const seen = new Set<string>();
  let headerUnit = '';
  for (const line of lines) {
    const joined = line.cells.join('');
    if (/信息内容/.test(joined)) {
      headerUnit = unitInHeader(joined);
      continue;
    }
    const first = line.cells.find((c) => c.trim() !== '') ?? '';
    const row = canonicalRow2(first, version);
    if (!row) continue;
    const block = blocks.find((b) => b.rows.includes(row))!;
    const split = splitRow(line, block.columns.length);
    const values = split.values;
    const key = `${block.label}/${row}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (values.length !== block.columns.length) {
      out.unread.push({
        table: '二',
        what: `${block.label} › ${row}`,
        why: `应有${block.columns.length}个数值，读到${values.length}个（${values.map((v) => v.raw).join('、') || '无'}）${line.loose ? `；上方单独一行另有数字 ${line.loose}，但这一行没有空出的单元格，无法确定它属于哪一栏，未填入` : ''}`,
        at: line.at,
      });
      continue;
    }
    values.forEach((v, i) => {
      const column = block.columns[i]!;
      const unit = v.unit || (column.includes('金额') ? headerUnit : '') || block.units[i]!;
      out.facts.push({
        table: '二',
        row: [block.label, row],
        column: [column],
        value: v.value,
        unit: unit === '件' && v.unit === '项' ? '项' : unit,
        raw: v.raw,
        at: line.at,
        how: line.placedValues?.includes(i) ? 'placed' : 'cell',
      });
    });
  }
  for (const b of blocks)
    for (const r of b.rows)
      if (!seen.has(`${b.label}/${r}`)) out.unread.push({ table: '二', what: `${b.label} › ${r}`, why: '表中未找到这一行' });
}

function guessVersionByWidth(lines: Line[]): TemplateVersion {
  // 2021: 行政许可 has one value; 2019: three
  for (const l of lines) {
    const first = l.cells.find((c) => c.trim()) ?? '';
    if (labelKey(first).startsWith('行政许可')) return splitRow(l, 3).values.length === 1 ? '2021' : '2019';
  }
  return '2021';
}

// ---------- 三 ----------

const NUMBERED = /(\d{1,2})[.、．](?!\d)/g;

export function matchRow3(label: string, group: string | null, rows: Row3[]): Row3 | null {
  const k = labelKey(label).replace(/[()]/g, (c) => c);
  // item part: text after the last item number, or after the group label
  let item = '';
  let lastNum = -1;
  for (const m of k.matchAll(NUMBERED)) lastNum = (m.index ?? 0) + m[0].length;
  if (lastNum >= 0) item = k.slice(lastNum);
  if (group && lastNum >= 0) {
    const items = rows.filter((r) => r.group === group);
    let best: Row3 | null = null;
    let bestScore = 0;
    for (const r of items) {
      const rk = labelKey(r.key);
      let s = 0;
      if (item === rk) s = 1;
      else if (item.length >= 2 && (item.includes(rk) || rk.startsWith(item))) s = 0.9;
      else s = similarity(item, rk);
      if (s > bestScore) {
        bestScore = s;
        best = r;
      }
    }
    if (best && bestScore >= 0.55) return best;
    return null;
  }
  for (const r of rows) {
    if (r.group) continue;
    const rk = labelKey(r.key);
    if (k.includes(rk)) return r;
  }
  // truncated or misspelt top-level labels
  let best: Row3 | null = null;
  let bestScore = 0;
  for (const r of rows) {
    if (r.group) continue;
    const s = similarity(k.replace(/^[一二三四五六七(（][一二三四五六七]?[)）、]?/, ''), labelKey(r.key));
    if (s > bestScore) {
      bestScore = s;
      best = r;
    }
  }
  return best && bestScore >= 0.6 ? best : null;
}

export function groupIn(label: string): string | null {
  const k = labelKey(label);
  let found: string | null = null;
  let at = -1;
  for (const g of GROUPS_3) {
    const i = k.indexOf(g.key);
    // （二）部分公开（…不计其他情形） mentions no group; 其他处理 must not be read from '其他情形'
    if (i > at) {
      found = g.key;
      at = i;
    }
  }
  return found;
}

export function version3FromText(text: string): TemplateVersion {
  const k = labelKey(text);
  return /逾期不补正|逾期未按收费|不再处理其政府信息公开申请/.test(k) ? '2021' : '2019';
}

function read3(lines: Line[], out: TableResult): void {
  if (!lines.length) {
    out.unread.push({ table: '三', what: '表三（收到和处理政府信息公开申请情况）', why: '报告中未找到这张表', defect: { kind: 'missing', row: [] } });
    return;
  }
  const version = version3FromText(lines.map((l) => l.cells.join('')).join('\n'));
  out.versions['三'] = version;
  const rows = rows3(version);
  const seen = new Set<string>();
  let group: string | null = null;
  for (const line of lines) {
    const split = splitRow(line, COLUMNS_3.length);
    const g = groupIn(split.label);
    if (g) group = g;
    if (!split.values.length) continue;
    const row = matchRow3(split.label, group, rows);
    if (!row) {
      if (split.label)
        out.unread.push({ table: '三', what: `标签为「${split.label}」的行`, why: '无法对应到模板中的行', at: line.at });
      continue;
    }
    const key = pathKey(row.path);
    if (seen.has(key)) continue;
    if (split.values.length !== COLUMNS_3.length || split.junk) {
      const defect = blankDefect(row.path, split, COLUMNS_3.length);
      out.unread.push({
        table: '三',
        what: key,
        why: `应有7个数值，读到${split.values.length}个（${split.values.map((v) => v.raw).join('、')}）${defect ? '：有栏目空白' : ''}`,
        at: line.at,
        ...(defect ? { defect } : {}),
      });
      seen.add(key);
      continue;
    }
    seen.add(key);
    split.values.forEach((v, i) =>
      out.facts.push({ table: '三', row: row.path, column: COLUMNS_3[i]!, value: v.value, unit: '件', raw: v.raw, at: line.at, how: 'cell' }),
    );
  }
  for (const r of rows)
    if (!seen.has(pathKey(r.path))) out.unread.push({ table: '三', what: pathKey(r.path), why: '表中未找到这一行' });
  keepDefects(out.unread, '三', out.facts.filter((f) => f.table === '三').length / COLUMNS_3.length);
}

// ---------- 四 ----------

function read4(lines: Line[], out: TableResult): void {
  if (!lines.length) {
    out.unread.push({ table: '四', what: '表四（行政复议、行政诉讼情况）', why: '报告中未找到这张表' });
    return;
  }
  const values: { raw: string; value: number }[] = [];
  let at: Location = {};
  let slots: (number | null)[] | undefined;
  for (const line of lines) {
    const split = splitRow(line, 15);
    if (split.label && !/^[\s|]*$/.test(split.label)) continue; // a header row: words only
    if (!split.values.length) continue;
    if (!values.length) at = line.at;
    values.push(...split.values);
    slots = split.slots;
  }
  if (values.length !== 15) {
    const defect: TableDefect | undefined =
      slots && values.length === slots.filter((v) => v !== null).length
        ? { kind: 'blank', row: [], cells: slots }
        : values.length === 14
          ? { kind: 'blank', row: [], values: values.map((v) => v.value) }
          : undefined;
    out.unread.push({ table: '四', what: '表四的数据行', why: `应有15个数值，读到${values.length}个${defect ? '：有栏目空白' : ''}`, at, ...(defect ? { defect } : {}) });
    return;
  }
  GROUPS_4.forEach((g, gi) =>
    RESULT_COLUMNS_4.forEach((c, ci) => {
      const v = values[gi * 5 + ci]!;
      out.facts.push({ table: '四', row: g, column: [c], value: v.value, unit: '件', raw: v.raw, at, how: 'cell' });
    }),
  );
}
