// Markdown converted from PDF: pipe tables broken into fragments, rows without labels, header words
// as data rows, labels left outside the pipe rows, notes inside cells. Table 三's rows are placed by the
// template's fixed row order: labeled rows are anchors, and the unlabeled rows between two anchors fill
// the template rows between them only when their numbers match exactly (marked how: 'placed').
// Table 二's rows printed as plain lines (行政许可 97) are read as rows (markdownLines2, before the table reader).
import type { Fact, TemplateVersion, Unread } from '../model.js';
import { COLUMNS_3, pathKey, rows3, type Row3 } from '../template.js';
import { labelKey, normalizeText, similarity } from '../text.js';
import { linesBySection, type Layout, type Line } from './document.js';
import { blankDefect, groupIn, keepDefects, matchRow3, splitRow, version3FromText, type SplitRow, type TableResult } from './tables.js';

const ROW2 = /^(规章|行政规范性文件|规范性文件|行政许可|其他对外管理服务事项|行政处罚|行政强制|行政事业性收费|政府集中采购)\s+(\S.*)$/;
const NOTE = /[（(][^（）()]*[）)]/g;

/** Value cells with a note inside (13（其中修订16件）) keep the number. */
function stripNotes(l: Line): Line {
  if (!l.table) return l;
  return { ...l, cells: l.cells.map((c) => (/^\s*\d/.test(c) ? c.replace(NOTE, '').trim() : c)) };
}

/**
 * Table 三 of a Markdown conversion, with its unlabeled rows placed by the template's row order where
 * certain: returns the tables with the placed table 三 in place of the cell reader's when it reads more.
 */
export function placeUnlabeled(layout: Layout, tables: TableResult): TableResult {
  const s3 = linesBySection(layout).get(3);
  if (!s3 || !tables.unread.some((u) => u.table === '三')) return tables;
  const placed = place3(s3);
  if (!placed || placed.facts.length <= tables.facts.filter((f) => f.table === '三').length) return tables;
  const versions = { ...tables.versions, 三: placed.version };
  if (tables.facts.some((f) => f.table === '四')) versions['四'] = versions['三'] ?? versions['二'];
  return {
    facts: [...tables.facts.filter((f) => f.table !== '三'), ...placed.facts],
    unread: [...tables.unread.filter((u) => u.table !== '三'), ...placed.unread],
    versions,
  };
}

// ---------- 二 ----------

/**
 * The lines of section 二 of a Markdown conversion as table rows: value cells without their notes,
 * rows printed as plain lines (行政许可 97) and the header line (信息内容 …) made rows.
 */
export function markdownLines2(section: Line[]): Line[] {
  const lines: Line[] = [];
  // a conversion may put one cell of a row, with its note, on a line of its own above the row
  let loose: string | null = null;
  for (const l of section) {
    const filled = l.cells.map((c) => normalizeText(c).trim()).filter(Boolean);
    const lone = filled.length === 1 ? LOOSE.exec(filled[0]!) : null;
    if (lone) {
      loose = lone[1]!;
      continue;
    }
    let row: Line | null = null;
    if (l.table) row = stripNotes(l);
    else {
      const t = normalizeText(l.cells.join('')).trim();
      const m = ROW2.exec(t);
      if (m && m[2]!.split(/\s+/).every((x) => /\d/.test(x))) row = { ...l, table: true, cells: [m[1]!, ...m[2]!.split(/\s+/)] };
      else if (/信息内容|第二十条/.test(t)) row = { ...l, table: true, cells: [t] };
    }
    if (row && loose !== null && ROW2.test(`${normalizeText(row.cells[0] ?? '').trim()} x`)) row = placeLoose(row, loose);
    if (row) lines.push(row);
    if (row || filled.length) loose = null;
  }
  return lines;
}

const LOOSE = /^(\d[\d.]*(?:万元|元|项|件)?)\s*(?:[（(][^（）()]*[）)])?$/;

/**
 * The loose number goes into the row below it only where the row's shape makes the place certain:
 * the row has exactly one empty cell between its label and its last value. Otherwise the row is left
 * as it is (read as one value short, so unread) and says that a loose number stood above it.
 */
function placeLoose(row: Line, loose: string): Line {
  const cells = row.cells.map((c) => c.trim());
  let last = cells.length - 1;
  while (last > 0 && cells[last] === '') last--;
  const empty = cells.map((c, i) => (i > 0 && i < last && c === '' ? i : -1)).filter((i) => i >= 0);
  if (empty.length !== 1) return { ...row, loose };
  const at = empty[0]!;
  const index = cells.slice(1, at).filter((c) => c !== '').length;
  return { ...row, cells: cells.map((c, i) => (i === at ? loose : c)), placedValues: [index] };
}

// ---------- 三 ----------

interface DataRow {
  split: SplitRow;
  label: string;
  values: { raw: string; value: number }[];
  /** six values and a blank 总计 cell after them */
  blankTotal: boolean;
  line: Line;
  anchor: number | null;
}

function matchAny(label: string, rows: Row3[]): number | null {
  const k = labelKey(label);
  const nums = [...k.matchAll(/(\d{1,2})[.、．](?!\d)/g)];
  if (nums.length) {
    const last = nums[nums.length - 1]!;
    const item = k.slice((last.index ?? 0) + last[0].length);
    const n = Number(last[1]);
    let best: number | null = null;
    let bestScore = 0;
    let second = 0;
    rows.forEach((r, i) => {
      if (!r.group) return;
      const rk = labelKey(r.key);
      let s = item === rk ? 1 : item.length >= 2 && (item.includes(rk) || rk.startsWith(item)) ? 0.9 : similarity(item, rk);
      if (!r.path[r.path.length - 1]!.startsWith(`${n}.`)) s -= 0.2;
      if (s > bestScore) {
        second = bestScore;
        bestScore = s;
        best = i;
      } else if (s > second) second = s;
    });
    return best !== null && bestScore >= 0.55 && bestScore - second >= 0.1 ? best : null;
  }
  const r = matchRow3(label, groupIn(label), rows);
  return r ? rows.indexOf(r) : null;
}

function place3(section: Line[]): { facts: Fact[]; unread: Unread[]; version: TemplateVersion } | null {
  const version = version3FromText(section.map((l) => l.cells.join('')).join(''));
  const rows = rows3(version);
  const data: DataRow[] = [];
  for (const l of section) {
    if (!l.table) continue;
    const line = stripNotes(l);
    const split = splitRow(line, 7);
    if (!split.values.length || split.junk) continue;
    const cells = line.cells.map((c) => c.trim());
    let lastValue = cells.length - 1;
    while (lastValue >= 0 && cells[lastValue] === '') lastValue--;
    const blankTotal = split.values.length === 6 && cells.length > lastValue + 1;
    data.push({ split, label: split.label, values: split.values, blankTotal, line, anchor: split.label ? matchAny(split.label, rows) : null });
  }
  // anchors must follow the template's order; otherwise nothing can be placed with certainty
  let prev = -1;
  for (const d of data) {
    if (d.anchor === null) continue;
    if (d.anchor <= prev) return null;
    prev = d.anchor;
  }
  const facts: Fact[] = [];
  const unread: Unread[] = [];
  const placedAt = new Map<number, { d: DataRow; how: 'cell' | 'placed' }>();
  const anchors = data.filter((d) => d.anchor !== null);
  for (const d of anchors) placedAt.set(d.anchor!, { d, how: 'cell' });
  // gaps between anchors (and before the first, after the last)
  const bounds = [-1, ...anchors.map((d) => d.anchor!), rows.length];
  const positions = [-1, ...anchors.map((d) => data.indexOf(d)), data.length];
  for (let g = 0; g + 1 < bounds.length; g++) {
    const loose = data.slice(positions[g]! + 1, positions[g + 1]!).filter((d) => d.anchor === null);
    const slots = rows.slice(bounds[g]! + 1, bounds[g + 1]!).map((_, i) => bounds[g]! + 1 + i);
    if (!loose.length) continue;
    if (loose.length === slots.length) {
      loose.forEach((d, i) => placedAt.set(slots[i]!, { d, how: 'placed' }));
      continue;
    }
    const after = bounds[g]! >= 0 ? `「${rows[bounds[g]!]!.path.at(-1)}」之后` : '表首';
    const before = bounds[g + 1]! < rows.length ? `「${rows[bounds[g + 1]!]!.path.at(-1)}」之前` : '表尾';
    for (const d of loose)
      unread.push({
        table: '三',
        what: `无标签的数据行（${d.values.map((v) => v.raw).join('、')}）`,
        why: `位于${after}、${before}：这里有${loose.length}行无标签的数据，而模板在此有${slots.length}行，无法确定对应关系`,
        at: d.line.at,
      });
  }
  const get = (path: string, c: number): number | null => {
    const i = rows.findIndex((r) => pathKey(r.path) === path);
    const p = placedAt.get(i);
    if (!p || p.d.values.length !== 7) return null;
    return p.d.values[c]!.value;
  };
  rows.forEach((r, i) => {
    const p = placedAt.get(i);
    const what = pathKey(r.path);
    if (!p) {
      unread.push({ table: '三', what, why: '表中未找到这一行' });
      return;
    }
    const { d, how } = p;
    if (d.values.length === 7) {
      d.values.forEach((v, c) => facts.push({ table: '三', row: r.path, column: COLUMNS_3[c]!, value: v.value, unit: '件', raw: v.raw, at: d.line.at, how }));
      return;
    }
    if (d.blankTotal && what === '四、结转下年度继续办理') {
      // six values and a blank 总计: kept only where 一 + 二 = （七）+ 四 confirms each column
      const ok = d.values.every((v, c) => {
        const [a, b, t] = [get('一、本年新收政府信息公开申请数量', c), get('二、上年结转政府信息公开申请数量', c), get('三、本年度办理结果 › （七）总计', c)];
        return a !== null && b !== null && t !== null && a + b === t + v.value;
      });
      if (ok) {
        d.values.forEach((v, c) => facts.push({ table: '三', row: r.path, column: COLUMNS_3[c]!, value: v.value, unit: '件', raw: v.raw, at: d.line.at, how: 'placed' }));
        const [a, b, t] = [get('一、本年新收政府信息公开申请数量', 6), get('二、上年结转政府信息公开申请数量', 6), get('三、本年度办理结果 › （七）总计', 6)];
        unread.push({
          table: '三',
          what: `${what} › 总计`,
          why: `总计栏空白${a !== null && b !== null && t !== null ? `（按 一 + 二 = （七）总计 + 四 应为${a + b - t}，未填入）` : ''}`,
          at: d.line.at,
          defect: { kind: 'blank', row: r.path, cells: [...d.values.map((v) => v.value), null] },
        });
        return;
      }
    }
    const defect = blankDefect(r.path, d.split, 7);
    unread.push({ table: '三', what, why: `应有7个数值，读到${d.values.length}个（${d.values.map((v) => v.raw).join('、')}）${defect ? '：有栏目空白' : ''}`, at: d.line.at, ...(defect ? { defect } : {}) });
  });
  keepDefects(unread, '三', facts.length / 7);
  return { facts, unread, version };
}
