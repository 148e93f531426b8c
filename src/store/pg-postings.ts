// PostgreSQL's inverted index of the reports' terms (store/terms.ts termCode), out of the report
// rows: each write appends, for each term of the reports it put, one row `postings (term, rids)`
// whose rids are those reports' row numbers, ascending, as a few bytes (below) — about a byte a
// posting, as the file store keeps them (postings.ts), where an integer[] per report and its GIN
// index took 5.4 KB a report. A question reads the rows of its terms (index postings_term). A rid
// whose report was replaced or removed stays in the rows and finds no report (only live rows count).
import type { Sql } from './sql.js';

/**
 * Ascending numbers as varints: each value v says, by its lowest bit, either a gap (v >> 1: the
 * next number is the last plus the gap) or a run (v >> 1 more numbers, each the last plus one).
 * The first number is a gap from 0. A term every report of a batch holds takes two or three bytes.
 */
export function encodeRids(rids: readonly number[]): Uint8Array {
  const out: number[] = [];
  const put = (v: number) => {
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
  };
  let last = 0;
  for (let i = 0; i < rids.length; ) {
    const gap = rids[i]! - last;
    if (gap <= 0 && i > 0) {
      i++; // not ascending (a duplicate): skipped
      continue;
    }
    put(gap * 2);
    last = rids[i++]!;
    let run = 0;
    while (i + run < rids.length && rids[i + run] === last + run + 1) run++;
    if (run > 1) {
      put(run * 2 + 1);
      last += run;
      i += run;
    }
  }
  return Uint8Array.from(out);
}

/** What encodeRids wrote, as ascending runs of consecutive numbers: [first, last, first, last, …]. */
export function decodeRuns(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let last = 0;
  for (let p = 0; p < bytes.length; ) {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[p++]!;
      v += (b & 0x7f) * scale;
      if (b < 0x80 || p >= bytes.length) break;
      scale *= 128;
    }
    const n = Math.floor(v / 2);
    if (v % 2 === 0) {
      last += n;
      // a gap of one continues the run before it
      if (out.length && out[out.length - 1] === last - 1) out[out.length - 1] = last;
      else out.push(last, last);
    } else out[out.length - 1] = last += n;
  }
  return out;
}

/** What encodeRids wrote. */
export function decodeRids(bytes: Uint8Array): number[] {
  const out: number[] = [];
  const runs = decodeRuns(bytes);
  for (let i = 0; i < runs.length; i += 2) for (let n = runs[i]!; n <= runs[i + 1]!; n++) out.push(n);
  return out;
}

/** Runs ([first, last, …]) of several rows, as one ascending list of disjoint runs. */
function unionRuns(lists: number[][]): number[] {
  const pairs: [number, number][] = [];
  for (const l of lists) for (let i = 0; i < l.length; i += 2) pairs.push([l[i]!, l[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    if (out.length && lo <= out[out.length - 1]! + 1) out[out.length - 1] = Math.max(out[out.length - 1]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

/** The numbers two lists of runs share, as runs. */
function intersectRuns(a: number[], b: number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

/** Appends the postings of these reports (row number → term codes): one row per term. */
export async function appendRows(q: Sql, reports: { rid: number; codes: ArrayLike<number> }[]): Promise<void> {
  const byTerm = new Map<number, number[]>();
  for (const { rid, codes } of [...reports].sort((a, b) => a.rid - b.rid))
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      const list = byTerm.get(c);
      if (list) list.push(rid);
      else byTerm.set(c, [rid]);
    }
  if (!byTerm.size) return;
  const terms = [...byTerm.keys()];
  await q.query('INSERT INTO postings (term, rids) SELECT * FROM unnest($1::integer[], $2::bytea[])', [terms, terms.map((t) => encodeRids(byTerm.get(t)!))]);
}

/**
 * The row numbers of the reports holding every term, ascending, at most `max` (live or not: the
 * caller joins them to reports). Intersected as runs: a term every report holds is a few runs, not
 * a number per report.
 */
export async function lookupRows(q: Sql, codes: number[], max = Infinity): Promise<number[]> {
  const want = [...new Set(codes)];
  if (!want.length) return [];
  const rows = await q.query<{ term: number; rids: Uint8Array }>('SELECT term, rids FROM postings WHERE term = ANY($1::integer[])', [want]);
  const byTerm = new Map<number, number[][]>(want.map((t) => [t, []]));
  for (const r of rows) byTerm.get(r.term)!.push(decodeRuns(r.rids));
  // the term of fewest runs first: the intersection only shrinks
  const lists = [...byTerm.values()].map(unionRuns).sort((a, b) => a.length - b.length);
  let runs = lists[0]!;
  for (const l of lists.slice(1)) {
    if (!runs.length) break;
    runs = intersectRuns(runs, l);
  }
  const out: number[] = [];
  for (let i = 0; i < runs.length && out.length < max; i += 2) for (let n = runs[i]!; n <= runs[i + 1]! && out.length < max; n++) out.push(n);
  return out;
}
