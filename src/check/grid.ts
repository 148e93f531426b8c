// Tables 三 and 四 as a grid of cells and the template's identities as equations over them, so that a
// blank cell can be given the value the identities imply (the one unknown of an equation; or 0 when
// the unknowns of an equation, all counted on one side, must add up to 0).
import type { Fact, Report, TableId, TemplateVersion } from '../model.js';
import { COLUMNS_3, GROUPS_4, pathKey, RESULT_COLUMNS_4, rows3 } from '../template.js';
import { CARRIED, NEW, NEXT, TOTAL } from './finding.js';

export interface Cell {
  table: TableId;
  row: string[];
  column: string[];
}

export const cellKey = (c: Cell) => `${c.table}|${pathKey(c.row)}|${pathKey(c.column)}`;

/** Σ coef × cell = 0; `keys` are the cells' keys, in the order of the terms */
export interface Equation {
  terms: { cell: Cell; coef: 1 | -1 }[];
  keys: string[];
}

const byVersion = new Map<TemplateVersion, Equation[]>();

/** The identities of report-format.md, as equations over the cells of tables 三 and 四. */
export function equations(version: TemplateVersion): Equation[] {
  let eqs = byVersion.get(version);
  if (!eqs) byVersion.set(version, (eqs = build(version).map((e) => ({ ...e, keys: e.terms.map((t) => cellKey(t.cell)) }))));
  return eqs;
}

function build(version: TemplateVersion): Omit<Equation, 'keys'>[] {
  const out: Omit<Equation, 'keys'>[] = [];
  const c3 = (row: string[], column: string[], coef: 1 | -1) => ({ cell: { table: '三' as const, row, column }, coef });
  const rows = rows3(version);
  const parts = rows.filter((x) => x.path[0] === '三、本年度办理结果' && x.path[1] !== '（七）总计');
  for (const column of COLUMNS_3) {
    out.push({ terms: [c3(NEW, column, 1), c3(CARRIED, column, 1), c3(TOTAL, column, -1), c3(NEXT, column, -1)] });
    out.push({ terms: [...parts.map((p) => c3(p.path, column, 1)), c3(TOTAL, column, -1)] });
  }
  for (const r of rows) out.push({ terms: [...COLUMNS_3.slice(0, 6).map((c) => c3(r.path, c, 1)), c3(r.path, ['总计'], -1)] });
  for (const g of GROUPS_4)
    out.push({ terms: RESULT_COLUMNS_4.map((c, i) => ({ cell: { table: '四' as const, row: g, column: [c] }, coef: i < 4 ? (1 as const) : (-1 as const) })) });
  return out;
}

/** Cell values: a number, null for a blank cell (to be implied), absent when not read. */
export type Grid = Map<string, number | null>;

/** The grid of a report's facts of 三 and 四, blank cells (printed empty) as null. */
export function gridOf(facts: Fact[]): Grid {
  const g: Grid = new Map();
  for (const f of facts) if (f.table !== '二') g.set(cellKey(f), f.raw.trim() === '' ? null : f.value);
  return g;
}

/**
 * The values the identities imply for the blank cells (null in the grid), solved one equation at a
 * time until nothing more follows. A cell not read at all stays unknown and never implied.
 */
export function implied(grid: Grid, eqs: Equation[]): Map<string, number> {
  const out = new Map<string, number>();
  const value = (k: string) => (out.has(k) ? out.get(k)! : grid.get(k));
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of eqs) {
      let sum = 0;
      const unknown: { key: string; coef: number }[] = [];
      let unread = false;
      for (const [i, t] of e.terms.entries()) {
        const k = e.keys[i]!;
        const v = value(k);
        if (v === undefined) unread = true;
        else if (v === null) unknown.push({ key: k, coef: t.coef });
        else sum += t.coef * v;
      }
      if (unread || !unknown.length) continue;
      if (unknown.length === 1) {
        const x = -sum / unknown[0]!.coef;
        if (x >= 0 && Number.isInteger(x)) {
          out.set(unknown[0]!.key, x);
          changed = true;
        }
      } else if (sum === 0 && unknown.every((u) => u.coef === unknown[0]!.coef)) {
        // counts are not negative: unknowns on one side that must add up to 0 are all 0
        for (const u of unknown) out.set(u.key, 0);
        changed = true;
      }
    }
  }
  return out;
}

/**
 * What each blank cell stands for. First what the identities decide: a blank that is the one unknown
 * of an identity is given the value that identity implies, where every other identity it is in
 * agrees. The rest are read as 0 (a blank is usually a 0 not written); a blank every testable
 * identity of which then fails hides a number, and is given the value the identities imply (null
 * when they do not say). Returns, per blank cell, its value, whether it hides a number (is not 0),
 * and whether read so every identity it is in holds.
 */
export function blanks(grid: Grid, eqs: Equation[]): Map<string, { value: number | null; hides: boolean; fits: boolean }> {
  if (![...grid.values()].includes(null)) return new Map();
  const decided = decide(grid, eqs);
  const known: Grid = new Map([...grid].map(([k, v]) => [k, decided.get(k) ?? v]));
  const zero: Grid = new Map([...known].map(([k, v]) => [k, v ?? 0]));
  const fails = new Map<string, { fail: number; hold: number }>();
  for (const e of eqs) {
    const ks = e.keys;
    const vs = ks.map((k) => zero.get(k));
    if (vs.some((v) => v === undefined)) continue;
    const residual = e.terms.reduce((s, t, i) => s + t.coef * vs[i]!, 0);
    // a failure the blanks can explain: counts are not negative, so blanks on one side can only add
    const blankCoefs = e.terms.filter((_, i) => known.get(ks[i]!) === null).map((t) => t.coef);
    const explainable = residual !== 0 && !blankCoefs.every((c) => c * residual > 0);
    for (const k of ks) {
      if (known.get(k) !== null) continue;
      const c = fails.get(k) ?? { fail: 0, hold: 0 };
      if (residual === 0) c.hold++;
      else if (explainable) c.fail++;
      fails.set(k, c);
    }
  }
  const hiding = new Set([...fails].filter(([, c]) => c.fail > 0 && c.hold === 0).map(([k]) => k));
  const solved = implied(new Map([...known].map(([k, v]) => [k, v === null && !hiding.has(k) ? 0 : v])), eqs);
  // a blank read as 0 fits where its identities hold once the blanks that hide numbers have them
  const final: Grid = new Map([...known].map(([k, v]) => [k, v === null ? (hiding.has(k) ? (solved.get(k) ?? null) : 0) : v]));
  const out = new Map<string, { value: number | null; hides: boolean; fits: boolean }>();
  for (const [k, v] of grid) {
    if (v !== null) continue;
    const d = decided.get(k);
    if (d !== undefined) out.set(k, { value: d, hides: d !== 0, fits: d === 0 });
    else if (hiding.has(k)) out.set(k, { value: solved.get(k) ?? null, hides: true, fits: false });
    else out.set(k, { value: 0, hides: false, fits: holds(final, eqs, new Set([k])) !== false });
  }
  return out;
}

/** The blanks an identity decides: the one unknown of an identity, where the other identities it is in agree. */
function decide(grid: Grid, eqs: Equation[]): Map<string, number> {
  const out = new Map<string, number>();
  const value = (k: string) => (out.has(k) ? out.get(k)! : grid.get(k));
  const byCell = new Map<string, Equation[]>();
  for (const e of eqs) for (const k of e.keys) if (grid.get(k) === null) byCell.set(k, [...(byCell.get(k) ?? []), e]);
  const sum = (e: Equation, except: string, x: number) => e.keys.reduce<number | null>((s, k, i) => (s === null ? null : k === except ? s + e.terms[i]!.coef * x : value(k) == null ? null : s + e.terms[i]!.coef * value(k)!), 0);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [k, es] of byCell) {
      if (out.has(k)) continue;
      for (const e of es) {
        const unknown = e.keys.filter((x) => value(x) === null);
        if (unknown.length !== 1 || e.keys.some((x) => value(x) === undefined)) continue;
        const at = e.keys.indexOf(k);
        const rest = sum(e, k, 0);
        if (rest === null) continue;
        const x = -rest / e.terms[at]!.coef;
        if (x < 0 || !Number.isInteger(x)) continue;
        // every other identity of the cell that is known holds with it
        if (es.some((o) => o !== e && sum(o, k, x) !== null && sum(o, k, x) !== 0)) continue;
        out.set(k, x);
        changed = true;
        break;
      }
    }
  }
  return out;
}

/** Whether every equation that involves one of `keys` and has all its cells known holds (null: none could be tested). */
export function holds(grid: Grid, eqs: Equation[], keys: Set<string>): boolean | null {
  let tested = false;
  for (const e of eqs) {
    const ks = e.keys;
    if (!ks.some((k) => keys.has(k))) continue;
    const vs = ks.map((k) => grid.get(k));
    if (vs.some((v) => v === undefined || v === null)) continue;
    tested = true;
    if (e.terms.reduce((s, t, i) => s + t.coef * vs[i]!, 0) !== 0) return false;
  }
  return tested ? true : null;
}

/** The report with each blank cell of 三 and 四 given the value its identities imply. */
export function withImplied(r: Report, values: Map<string, number>): Report {
  return { ...r, facts: r.facts.map((f) => (values.has(cellKey(f)) ? { ...f, value: values.get(cellKey(f))! } : f)) };
}
