// Fully flattened tables (pages scraped to text): a row's cells run together with no separator
// (一、本年新收政府信息公开申请数量640020470 is 64, 0, 0, 2, 0, 4, 70), with stray spaces, and the next
// item's number stuck on (…2200003252.没有… ends with the 2 of 2.没有). The digit runs are split with
// the template's identities as constraints, solving each table as a whole: each row's 总计 is the sum
// of its six columns; per column 一 + 二 = （七）+ 四 and （七）= the sum of the result rows; each group of
// table 四 adds up to its 总计. A split is kept only where exactly one fits; otherwise the row is left
// unread, saying so. Kept cells are marked how: 'decoded'.
import type { Fact, Location, TableId, TemplateVersion, Unread } from '../model.js';
import { blocks2, COLUMNS_3, GROUPS_4, pathKey, RESULT_COLUMNS_4, rows3, version2FromText, type Row3 } from '../template.js';
import { labelKey, normalizeText } from '../text.js';
import { unitInHeader } from './cells.js';
import { lineIndexOf, type Layout } from './document.js';
import { cuttings, distance, implied3, misprintedRow, nearest4, search3, type Roles3 } from './digit-tables.js';
import { groupIn, matchRow3, version3FromText, type TableResult } from './tables.js';

interface Run {
  /** the label text before the digits (item number included) */
  label: string;
  /** digits only (stray spaces dropped); may hold one '.' for money */
  digits: string;
  raw: string;
  at: Location;
}

interface Slice {
  text: string;
  at: (offset: number) => Location;
}

function sectionSlices({ lines, doc, sections }: Layout): Map<number, Slice> {
  const out = new Map<number, Slice>();
  for (const s of sections) {
    if (s.index < 2 || s.index > 4) continue;
    const start = s.start;
    out.set(s.index, {
      text: doc.text.slice(s.start, s.end),
      at: (offset) => lines[lineIndexOf(doc, start + offset)]?.at ?? {},
    });
  }
  return out;
}

/** Splits a section's text into (label, digit run) pairs; an item number stuck on a run goes to the next label. */
export function digitRuns(text: string, at: (offset: number) => Location = () => ({})): Run[] {
  const t = normalizeText(text);
  const runs: Run[] = [];
  let label = '';
  let last = 0;
  const re = /\d[\d \t]*(?:\.\d[\d \t]*)?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t))) {
    let raw = m[0];
    const end = m.index + raw.length;
    label += t.slice(last, m.index);
    last = end;
    // the next item's number stuck on: …0000002.其他 / …3、其他
    let item = '';
    if (/^[.、．]\s*[\u4e00-\u9fff"“]/.test(t.slice(end))) {
      const d = /(\d)\s*$/.exec(raw)!;
      item = d[1]!;
      raw = raw.slice(0, d.index);
    }
    const digits = raw.replace(/\s+/g, '');
    // a number followed by a counter or a date word stands in a sentence (a note under a heading, a
    // sentence between rows: 本年共受理申请23件。), not in a row
    if (digits && !item && /^\s*(件|条|个|次|人|项|篇|份|家|批|%|年|月|日|万元|元)/.test(t.slice(end))) {
      label = '';
      continue;
    }
    if (digits) {
      // the label starts after the last sentence end before it
      const cut = Math.max(label.lastIndexOf('。'), label.lastIndexOf('；'), label.lastIndexOf(';'));
      runs.push({ label: label.slice(cut + 1).trim(), digits, raw: raw.trim(), at: at(m.index) });
      label = item;
    } else label += item;
  }
  return runs;
}

/** All ways to cut a digit string into `k` numbers (no leading zeros; a '.' only inside a number). */
function splits(digits: string, k: number, limit = 200_000): number[][] | null {
  const out: number[][] = [];
  const cur: number[] = [];
  let n = 0;
  const rec = (pos: number): boolean => {
    if (++n > limit) return false;
    if (cur.length === k) {
      if (pos === digits.length) out.push([...cur]);
      return true;
    }
    const left = k - cur.length;
    for (let end = pos + 1; end <= digits.length - (left - 1); end++) {
      const s = digits.slice(pos, end);
      if (!/^(0|[1-9]\d*)(\.\d+)?$/.test(s)) {
        if (s.length > 1 && s[0] === '0' && !s.startsWith('0.')) break;
        continue;
      }
      cur.push(Number(s));
      const ok = rec(end);
      cur.pop();
      if (!ok) return false;
    }
    return true;
  };
  return rec(0) ? out : null;
}

/** Splits of a table-三 row: seven numbers, the last the sum of the six before it. */
function rowSplits3(digits: string): number[][] {
  if (digits.includes('.')) return [];
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (pos: number) => {
    if (cur.length === 6) {
      const rest = digits.slice(pos);
      const sum = cur.reduce((a, b) => a + b, 0);
      if (rest === String(sum)) out.push([...cur, sum]);
      return;
    }
    for (let end = pos + 1; end < digits.length; end++) {
      const s = digits.slice(pos, end);
      if (s.length > 1 && s[0] === '0') break;
      // the 总计 is at least as long as any part: leave room for it and the parts still to come
      const longest = Math.max(s.length, ...cur.map((n) => String(n).length));
      if (digits.length - end - (5 - cur.length) < longest) break;
      cur.push(Number(s));
      rec(end);
      cur.pop();
    }
  };
  if (digits.length <= 60) rec(0);
  return out;
}

/** Numbers separated by single spaces or U+3000 (0 0 3 0 0 0 3). */
function spacedNumbers(raw: string): number[] | null {
  const parts = raw.trim().split(/[\s\u3000]+/);
  return parts.every((p) => /^(0|[1-9]\d*)$/.test(p)) ? parts.map(Number) : null;
}

/**
 * A table-三 row whose seven cells are separated by spaces and add up (总计 = the six before it): the
 * spacing is the printed cells, preferred to splitting the digits. A space that does not make seven
 * cells that add up is noise ("30 0 0 0 03"), and the digits are split by the identities.
 */
function spacedRow3(raw: string): number[][] | null {
  const n = spacedNumbers(raw);
  if (!n || n.length !== 7) return null;
  return n.slice(0, 6).reduce((a, b) => a + b, 0) === n[6] ? [n] : null;
}

/** Splits of table 四: three groups of five, each group's last the sum of its first four. */
function splits4(digits: string): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (pos: number) => {
    if (cur.length === 15) {
      if (pos === digits.length) out.push([...cur]);
      return;
    }
    if (cur.length % 5 === 4) {
      const sum = cur.slice(cur.length - 4).reduce((a, b) => a + b, 0);
      const s = String(sum);
      if (digits.startsWith(s, pos)) {
        cur.push(sum);
        rec(pos + s.length);
        cur.pop();
      }
      return;
    }
    const groupsLeft = 3 - Math.floor(cur.length / 5);
    for (let end = pos + 1; end <= digits.length; end++) {
      const s = digits.slice(pos, end);
      if (s.length > 1 && s[0] === '0') break;
      // each group still to come needs at least five digits, and its 总计 as many as its longest part
      if (digits.length - end < (15 - cur.length - 1) + (s.length - 1)) break;
      cur.push(Number(s));
      rec(end);
      cur.pop();
    }
    void groupsLeft;
  };
  if (!digits.includes('.') && digits.length <= 120) rec(0);
  return out;
}

const hasCells = (t: TableResult, id: TableId) => t.facts.some((f) => f.table === id && f.how === 'cell');

/**
 * Decodes the digit runs of the tables the cell reader could not read, and returns the tables with
 * each decoded table's facts and unread parts in place of the cell reader's.
 */
export function decodeFlattened(layout: Layout, tables: TableResult): TableResult {
  const slices = sectionSlices(layout);
  const facts: Fact[] = [];
  const unread: Unread[] = [];
  const versions = { ...tables.versions };
  const decoded = new Set<TableId>();
  const s2 = slices.get(2);
  const s3 = slices.get(3);
  const s4 = slices.get(4);
  if (s3 && !hasCells(tables, '三')) {
    const v = decode3(s3, facts, unread);
    if (v) {
      versions['三'] = v;
      decoded.add('三');
    }
  }
  if (s4 && !hasCells(tables, '四') && decode4(s4, facts, unread)) decoded.add('四');
  if (s2 && !hasCells(tables, '二')) {
    const v = decode2(s2, facts, unread);
    if (v) {
      versions['二'] = v;
      decoded.add('二');
    }
  }
  if (decoded.has('四')) versions['四'] = versions['三'] ?? versions['二'];
  return {
    facts: [...tables.facts.filter((f) => !decoded.has(f.table)), ...facts],
    unread: [...tables.unread.filter((u) => !u.table || !decoded.has(u.table)), ...unread],
    versions,
  };
}

// ---------- 三 ----------

function decode3(slice: Slice, facts: Fact[], unread: Unread[]): TemplateVersion | null {
  const version = version3FromText(slice.text);
  const rows = rows3(version);
  const runs = digitRuns(slice.text, slice.at);
  // rows by label, in order, each once
  const found = new Map<string, { row: Row3; run: Run }>();
  const labelOnly = new Set<string>();
  let group: string | null = null;
  for (const run of runs) {
    const groupBefore = group;
    const g = groupIn(run.label);
    if (g) group = g;
    let row = matchRow3(run.label, group, rows);
    // rows printed without values run their labels together (…申请3.其他（七）总计5000005): the run
    // belongs to the last label, and the labels before it are rows with no values
    const lk = labelKey(run.label);
    const m = [...lk.matchAll(/[(（][一二三四五六七][)）]|(?<![\d.])\d{1,2}[.、．](?!\d)/g)];
    for (let k = m.length - 1; k >= 1; k--) {
      const tail = lk.slice(m[k]!.index);
      const last = matchRow3(tail, groupIn(tail) ?? group, rows);
      if (!last || (row && last !== row)) continue;
      row = last;
      for (let j = 0; j < k; j++) {
        const seg = lk.slice(m[j]!.index, m[j + 1]!.index);
        const empty = /^\d/.test(seg) ? matchRow3(seg, groupIn(seg) ?? groupBefore, rows) : null;
        if (empty && empty !== row) labelOnly.add(pathKey(empty.path));
      }
      break;
    }
    if (!row) {
      unread.push({ table: '三', what: `标签为「${shorten(run.label)}」的数字串 ${run.raw}`, why: '无法对应到模板中的行', at: run.at });
      continue;
    }
    const key = pathKey(row.path);
    if (!found.has(key)) found.set(key, { row, run });
  }
  if (found.size < 3) return null;
  const entries = rows.filter((r) => found.has(pathKey(r.path))).map((r) => found.get(pathKey(r.path))!);
  // a table printed with its cells separated by spaces: a row of seven spaced numbers is read as
  // printed even where it does not add up (the identities then say so)
  const spacedTable = entries.filter((e) => spacedNumbers(e.run.raw)?.length === 7).length * 2 >= entries.length;
  const printed7 = (e: { run: Run }) => {
    const n = spacedNumbers(e.run.raw);
    return n && n.length === 7 ? n : null;
  };
  const cands = entries.map((e) => {
    const n = printed7(e);
    if (n && (spacedTable || n.slice(0, 6).reduce((a, b) => a + b, 0) === n[6])) return [n];
    const fit = rowSplits3(e.run.digits);
    // seven digits for seven cells: one digit a cell is the only reading, whether it adds up or not
    return fit.length || e.run.digits.length !== 7 ? fit : [[...e.run.digits].map(Number)];
  });
  const path = (r: Row3) => pathKey(r.path);
  const idx = new Map(entries.map((e, i) => [path(e.row), i]));
  const parts = rows.filter((r) => r.path[0] === '三、本年度办理结果' && r.path[1] !== '（七）总计');
  const roles: Roles3 = {
    NEW: idx.get('一、本年新收政府信息公开申请数量'),
    CAR: idx.get('二、上年结转政府信息公开申请数量'),
    TOT: idx.get('三、本年度办理结果 › （七）总计'),
    NXT: idx.get('四、结转下年度继续办理'),
    parts: parts.map((r) => idx.get(path(r))),
  };
  let result = search3(cands, roles);
  // the table does not add up as printed: the one row that, left out, lets every other row fit
  let misprinted: number | null = null;
  if (result.exhausted && result.solutions === 0) {
    const m = misprintedRow(cands, roles);
    if (m) [misprinted, result] = [m.row, m.search];
  }
  const global = result.exhausted && result.solutions > 0;
  const picked: (number[] | null)[] = entries.map((_, i) => {
    const cs = cands[i]!;
    if (global && i !== misprinted && result.seen[i]!.size === 1) return cs[[...result.seen[i]!][0]!]!;
    return cs.length === 1 ? cs[0]! : null;
  });
  // the misprinted row: the cutting of its digits nearest to what the other rows imply
  let nearest: { readings: number[][]; count: number } | null = null;
  if (misprinted !== null && !picked[misprinted]) {
    const e = entries[misprinted]!;
    const all = printed7(e) ? [printed7(e)!] : cuttings(e.run.digits, 7);
    const want = implied3(misprinted, (row, c) => picked[row]?.[c] ?? null, roles);
    const best = Math.min(...all.map((r) => distance(r, want)));
    const near = all.filter((r) => distance(r, want) === best);
    if (near.length === 1) picked[misprinted] = near[0]!;
    else nearest = { readings: near.slice(0, 3), count: all.length };
  }
  entries.forEach((e, i) => {
    const cs = cands[i]!;
    const what = pathKey(e.row.path);
    const pick = picked[i];
    if (pick) {
      pick.forEach((v, c) =>
        facts.push({ table: '三', row: e.row.path, column: COLUMNS_3[c]!, value: v, unit: '件', raw: String(v), at: e.run.at, how: 'decoded' }),
      );
      return;
    }
    const digits = e.run.digits;
    if (digits.length < 7 && /^\d+$/.test(digits)) {
      // fewer digits than cells: a cell was left blank
      unread.push({
        table: '三',
        what,
        why: `只有${digits.length}位数字“${e.run.raw}”，不够7栏：有栏目空白`,
        at: e.run.at,
        defect: { kind: 'blank', row: e.row.path, values: [...digits].map(Number), printed: e.run.raw },
      });
      return;
    }
    const tried = i === misprinted && nearest ? nearest : cs.length ? { readings: cs.slice(0, 3), count: cs.length } : { readings: cuttings(digits, 7, 3), count: cuttings(digits, 7).length };
    const none = cs.length === 0 || i === misprinted || (result.exhausted && !global);
    const why =
      cs.length === 0
        ? `数字串“${digits}”没有一种拆法能使 总计 = 自然人 + 法人或其他组织五列`
        : global
          ? `数字串“${digits}”在全表恒等式下仍有${result.seen[i]!.size}种拆法（如 ${cs.filter((_, k) => result.seen[i]!.has(k)).slice(0, 3).map((x) => x.join('/')).join('；')}），未作选择`
          : !result.exhausted
            ? `数字串“${digits}”的拆法组合过多，无法确定`
            : `数字串“${digits}”有${cs.length}种拆法（如 ${cs.slice(0, 3).map((x) => x.join('/')).join('；')}），全表恒等式不成立，无法确定`;
    unread.push({
      table: '三',
      what,
      why,
      at: e.run.at,
      ...(none && tried.count ? { defect: { kind: 'digits' as const, row: e.row.path, printed: e.run.raw, readings: tried.readings, count: tried.count } } : {}),
    });
  });
  for (const r of rows) {
    if (found.has(path(r))) continue;
    if (labelOnly.has(path(r))) unread.push({ table: '三', what: path(r), why: '这一行只印了标签，没有数值', defect: { kind: 'blank', row: r.path, cells: COLUMNS_3.map(() => null) } });
    else unread.push({ table: '三', what: path(r), why: '表中未找到这一行' });
  }
  return version;
}

// ---------- 四 ----------

function decode4(slice: Slice, facts: Fact[], unread: Unread[]): boolean {
  const runs = digitRuns(slice.text, slice.at);
  if (!runs.length) return false;
  const digits = runs.map((r) => r.digits).join('');
  const at = runs[0]!.at;
  // fifteen cells separated by spaces: the spacing is the cells, whether they add up or not
  const spaced = spacedNumbers(runs.map((r) => r.raw).join(' '));
  let sols = spaced && spaced.length === 15 ? [spaced] : splits4(digits);
  if (!sols.length) {
    // no cutting makes every group add up: the one cutting where all groups but one do (or the only
    // cutting there is, one digit a cell) is read, and the check names the group that does not
    const near = nearest4(digits);
    if (!near.reading) {
      unread.push({
        table: '四',
        what: '表四的数据行',
        why: `数字串“${digits}”没有一种拆法能使每组四项之和等于其总计`,
        at,
        ...(digits.length < 15 ? { defect: { kind: 'blank' as const, row: [], values: [...digits].map(Number) } } : { defect: { kind: 'digits' as const, row: [], printed: runs.map((r) => r.raw).join(' '), readings: near.tried, count: near.count } }),
      });
      return true;
    }
    sols = [near.reading];
  }
  GROUPS_4.forEach((g, gi) => {
    const vals = new Set(sols.map((s) => s.slice(gi * 5, gi * 5 + 5).join('/')));
    if (vals.size !== 1) {
      unread.push({ table: '四', what: g.join(' › '), why: `数字串“${digits}”有${vals.size}种拆法（${[...vals].slice(0, 3).join('；')}），未作选择`, at });
      return;
    }
    sols[0]!.slice(gi * 5, gi * 5 + 5).forEach((v, ci) =>
      facts.push({ table: '四', row: g, column: [RESULT_COLUMNS_4[ci]!], value: v, unit: '件', raw: String(v), at, how: 'decoded' }),
    );
  });
  return true;
}

// ---------- 二 ----------

const ROW2_LABELS = ['行政事业性收费', '其他对外管理服务事项', '行政规范性文件', '规范性文件', '政府集中采购', '行政许可', '行政处罚', '行政强制', '规章'];
const PIECE = /^(增加|减少|新增|增|减|\+|-)?(\d[\d.]*)(万元|亿元|元|项|件|个|笔|条)?$/;

interface Cell2 {
  value: number;
  raw: string;
  unit: string;
}

/**
 * All decodings of a table-二 row's text into `width` cells. A sign word (增加, 减少) starts a cell and a
 * unit (项, 万元) ends one; the digits between such boundaries are split every possible way.
 */
export function decodeRow2(content: string, width: number): Cell2[][] | null {
  const t = normalizeText(content).replace(/\s+/g, '').replace(/其它/g, '其他');
  if (!t) return [];
  const pieces = t
    .replace(/(增加|减少|新增|增|减|\+|-)/g, '\u0000$1')
    .replace(/(万元|亿元|元|项|件|个|笔|条)/g, '$1\u0000')
    .split('\u0000')
    .filter(Boolean);
  const parsed = pieces.map((p) => PIECE.exec(p));
  if (parsed.some((m) => !m)) return null;
  const out: Cell2[][] = [];
  const cur: Cell2[] = [];
  const rec = (pi: number) => {
    if (out.length > 1000) return;
    if (pi === parsed.length) {
      if (cur.length === width) out.push([...cur]);
      return;
    }
    const [, sign = '', digits, unit = ''] = parsed[pi]!;
    const left = width - cur.length - (parsed.length - pi - 1);
    for (let k = 1; k <= Math.min(left, digits!.length); k++) {
      for (const nums of splits(digits!, k) ?? []) {
        const raws = splitRaw(digits!, nums);
        if (!raws) continue;
        nums.forEach((n, i) => {
          const neg = i === 0 && /^(减少|减|-)$/.test(sign);
          cur.push({ value: neg ? -n : n, raw: (i === 0 ? sign : '') + raws[i]! + (i === nums.length - 1 ? unit : ''), unit: i === nums.length - 1 ? unit : '' });
        });
        rec(pi + 1);
        cur.length -= nums.length;
      }
    }
  };
  rec(0);
  return out;
}

function splitRaw(digits: string, nums: number[]): string[] | null {
  const out: string[] = [];
  let pos = 0;
  for (const n of nums) {
    const s = String(n);
    const m = digits.slice(pos).match(/^(0|[1-9]\d*)(\.\d+)?/);
    if (!m) return null;
    // the number as printed, as long as it reads back to n
    let len = 0;
    for (let l = 1; l <= digits.length - pos; l++) if (Number(digits.slice(pos, pos + l)) === n && /^(0|[1-9]\d*)(\.\d+)?$/.test(digits.slice(pos, pos + l))) len = l;
    if (!len) return null;
    void s;
    out.push(digits.slice(pos, pos + len));
    pos += len;
  }
  return pos === digits.length ? out : null;
}

function decode2(slice: Slice, facts: Fact[], unread: Unread[]): TemplateVersion | null {
  const version = version2FromText(slice.text);
  if (!version) return null;
  const blocks = blocks2(version);
  const text = normalizeText(slice.text).replace(/其它/g, '其他');
  const re = new RegExp(`${ROW2_LABELS.join('|')}|第二十条|信息内容`, 'g');
  // the table starts at its first block header: row names in the narrative before it (政策规范性文件类
  // 信息12条, 行政处罚类12条) are not rows
  const tableStart = text.search(/第二十条|信息内容/);
  const marks = [...text.matchAll(re)].filter((m) => tableStart < 0 || (m.index ?? 0) >= tableStart);
  const seen = new Set<string>();
  marks.forEach((m, i) => {
    const name = m[0];
    if (!ROW2_LABELS.includes(name)) return;
    const start = (m.index ?? 0) + name.length;
    const end = i + 1 < marks.length ? marks[i + 1]!.index ?? text.length : findEnd(text, start);
    const content = text.slice(start, end);
    const row = name === '规范性文件' || name === '行政规范性文件' ? (version === '2021' ? '行政规范性文件' : '规范性文件') : name;
    const block = blocks.find((b) => b.rows.includes(row));
    if (!block || seen.has(`${block.label}/${row}`)) return;
    seen.add(`${block.label}/${row}`);
    const what = `${block.label} › ${row}`;
    const width = block.columns.length;
    const at = slice.at(m.index ?? 0);
    // cells separated by spaces or U+3000, as many as the row has columns: the spacing is the cells
    const tokens = normalizeText(content).trim().split(/[\s\u3000]+/).filter(Boolean);
    const spaced = tokens.length === width ? tokens.map((t) => decodeRow2(t, 1)) : null;
    const cands = spaced && spaced.every((c) => c?.length === 1) ? [spaced.map((c) => c![0]![0]!)] : decodeRow2(content, width);
    const printed = content.trim();
    if (!cands || cands.length !== 1) {
      unread.push({
        table: '二',
        what,
        why: !cands
          ? `“${printed}”不是可拆分的数字`
          : cands.length === 0
            ? `“${printed}”拆不成${width}个数`
            : `“${printed}”可拆成${cands.length > 1000 ? '许多' : cands.length}种（如 ${cands.slice(0, 3).map((c) => c.map((x) => x.raw).join('/')).join('；')}），这一栏没有恒等式可据，未作选择`,
        at,
      });
      return;
    }
    const headerUnit = unitInHeader(text.slice(Math.max(0, (m.index ?? 0) - 40), m.index ?? 0));
    cands[0]!.forEach((c, k) => {
      const column = block.columns[k]!;
      const unit = c.unit || (column.includes('金额') ? headerUnit : '') || block.units[k]!;
      facts.push({ table: '二', row: [block.label, row], column: [column], value: c.value, unit: unit === '件' && c.unit === '项' ? '项' : unit, raw: c.raw, at, how: 'decoded' });
    });
  });
  for (const b of blocks)
    for (const r of b.rows) if (!seen.has(`${b.label}/${r}`)) unread.push({ table: '二', what: `${b.label} › ${r}`, why: '表中未找到这一行' });
  return version;
}

/** The end of the last row of table 二: where its digits stop. */
function findEnd(text: string, start: number): number {
  const m = /^[\s\d.,增加减少新增项件个笔条万亿元+\-]*/.exec(text.slice(start));
  return start + (m ? m[0].length : 0);
}

function shorten(s: string): string {
  return s.length > 30 ? '…' + s.slice(-30) : s;
}
