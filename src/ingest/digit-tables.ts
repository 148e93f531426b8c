// Reading the digit runs of a flattened table 三 or 四 as a whole, with the template's identities as
// the constraints. Each row has its readings (seven cells that add up to the row's 总计, or the one
// reading its print allows); the table is read where exactly one combination fits every column.
//
// A table that does not add up as printed is still read where the print leaves no doubt: the one row
// that, left out, lets every other row fit is the row misprinted; the others are read, and the
// misprinted row is read as the cutting of its digits nearest to what the other rows imply (when
// exactly one is nearest), so that the 报告自检 names the cell that does not add up. Where no such
// row stands out, the rows are left unread, saying so, and a row no reading of which adds up is
// marked as the report's own defect.

/** Most nodes explored by one search before giving up (as unread) rather than guessing. */
const BUDGET = 200_000;
/** A smaller budget for each row left out in turn when the table does not add up. */
const BUDGET_EACH = 20_000;

/** The rows of table 三 that take part in the column identities, as indices into the rows read. */
export interface Roles3 {
  NEW?: number;
  CAR?: number;
  TOT?: number;
  NXT?: number;
  /** the rows of （一）…（六）, undefined where a row was not found */
  parts: (number | undefined)[];
}

export interface Search {
  /** how many combinations fit */
  solutions: number;
  /** per row, the reading indices used in some solution */
  seen: Set<number>[];
  /** false when the budget ran out before every combination was tried */
  exhausted: boolean;
}

/** Every combination of the rows' readings that fits the column identities; `free` rows are not constrained. */
export function search3(cands: number[][][], roles: Roles3, free: Set<number> = new Set(), budget = BUDGET): Search {
  const choice: number[] = cands.map(() => -1);
  const seen: Set<number>[] = cands.map(() => new Set());
  let solutions = 0;
  let nodes = 0;
  let exhausted = true;
  const allParts = roles.parts.every((i) => i !== undefined);
  const active = cands.map((_, i) => i).filter((i) => !free.has(i));
  const order = active.sort((a, b) => cands[a]!.length - cands[b]!.length);
  const val = (i: number | undefined, c: number) => (i === undefined || choice[i]! < 0 ? null : cands[i]![choice[i]!]![c]!);
  const consistent = (): boolean => {
    for (let c = 0; c < 7; c++) {
      const [a, b, t, n] = [val(roles.NEW, c), val(roles.CAR, c), val(roles.TOT, c), val(roles.NXT, c)];
      if (a !== null && b !== null && t !== null && n !== null && a + b !== t + n) return false;
      if (allParts && t !== null) {
        let sum = 0;
        let complete = true;
        for (const i of roles.parts) {
          const v = val(i, c);
          if (v === null) complete = false;
          else sum += v;
        }
        if (complete ? sum !== t : sum > t) return false;
      }
    }
    return true;
  };
  const rec = (k: number) => {
    if (++nodes > budget) {
      exhausted = false;
      return;
    }
    if (k === order.length) {
      solutions++;
      choice.forEach((c, i) => c >= 0 && seen[i]!.add(c));
      return;
    }
    const i = order[k]!;
    for (let c = 0; c < cands[i]!.length && exhausted; c++) {
      choice[i] = c;
      if (consistent()) rec(k + 1);
    }
    choice[i] = -1;
  };
  if (active.every((i) => cands[i]!.length > 0)) rec(0);
  return { solutions, seen, exhausted };
}

/** What the other rows imply for row `i`, column by column (null where no identity gives it). */
export function implied3(i: number, value: (row: number, c: number) => number | null, roles: Roles3): (number | null)[] {
  const sum = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : xs.reduce<number>((s, x) => s + x!, 0));
  const out: (number | null)[] = [];
  for (let c = 0; c < 7; c++) {
    const v = (r: number | undefined) => (r === undefined ? null : value(r, c));
    const [a, b, t, n] = [v(roles.NEW), v(roles.CAR), v(roles.TOT), v(roles.NXT)];
    const allParts = roles.parts.every((p) => p !== undefined);
    const parts = (except?: number) => (allParts ? sum(roles.parts.filter((p) => p !== except).map(v)) : null);
    // 一 + 二 = （七） + 四, and （七） = （一）…（六）
    const plus = (x: number | null, y: number | null) => (x === null || y === null ? null : x + y);
    const minus = (x: number | null, y: number | null) => (x === null || y === null ? null : x - y);
    let x: number | null = null;
    if (i === roles.NEW) x = minus(plus(t, n), b);
    else if (i === roles.CAR) x = minus(plus(t, n), a);
    else if (i === roles.NXT) x = minus(plus(a, b), t);
    else if (i === roles.TOT) x = minus(plus(a, b), n) ?? parts();
    else if (roles.parts.includes(i)) x = minus(t, parts(i));
    out.push(x);
  }
  return out;
}

/** Cells that differ from what is implied (an unknown implied cell never differs). */
export function distance(reading: number[], implied: (number | null)[]): number {
  return reading.reduce((d, v, c) => d + (implied[c] !== null && implied[c] !== v ? 1 : 0), 0);
}

/**
 * The table does not add up as printed: the one row that, left out of the identities, lets all the
 * others fit. The rows whose print does not add up by itself (no reading at all, or the one reading
 * they allow failing their own 总计) are the suspects when there are any; otherwise every row in
 * turn. Returns the row and the search without it, or null when no single row explains it.
 */
export function misprintedRow(cands: number[][][], roles: Roles3): { row: number; search: Search } | null {
  const adds = (v: number[]) => v.slice(0, 6).reduce((a, b) => a + b, 0) === v[6];
  const empty = cands.map((c, i) => (c.length === 0 || (c.length === 1 && !adds(c[0]!)) ? i : -1)).filter((i) => i >= 0);
  if (empty.length > 1) return null;
  const tries = empty.length ? empty : cands.map((_, i) => i);
  const found: { row: number; search: Search }[] = [];
  for (const i of tries) {
    const s = search3(cands, roles, new Set([i]), BUDGET_EACH);
    if (s.exhausted && s.solutions > 0) found.push({ row: i, search: s });
    if (found.length > 1) return null;
  }
  return found.length === 1 ? found[0]! : null;
}

// ---------- 四 ----------

/** All cuttings of a digit string into `k` numbers (no leading zeros), at most `limit`. */
export function cuttings(digits: string, k: number, limit = 50_000): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (pos: number) => {
    if (out.length >= limit) return;
    if (cur.length === k) {
      if (pos === digits.length) out.push([...cur]);
      return;
    }
    const left = k - cur.length;
    for (let end = pos + 1; end <= digits.length - (left - 1); end++) {
      const s = digits.slice(pos, end);
      if (s.length > 1 && s[0] === '0') break;
      cur.push(Number(s));
      rec(end);
      cur.pop();
    }
  };
  if (/^\d+$/.test(digits) && digits.length <= 60) rec(0);
  return out;
}

const groupFits = (v: number[], g: number) => v[g * 5]! + v[g * 5 + 1]! + v[g * 5 + 2]! + v[g * 5 + 3]! === v[g * 5 + 4]!;

/**
 * Table 四 when no cutting of its digits makes every group add up: the cuttings where all groups but
 * one add up. Read when exactly one such cutting exists (the group that does not add up is then the
 * report's error); otherwise the readings tried.
 */
export function nearest4(digits: string): { reading: number[] | null; tried: number[][]; count: number } {
  const all = cuttings(digits, 15);
  const best = all.filter((v) => [0, 1, 2].filter((g) => groupFits(v, g)).length === 2);
  return { reading: best.length === 1 ? best[0]! : all.length === 1 ? all[0]! : null, tried: (best.length ? best : all).slice(0, 3), count: all.length };
}
