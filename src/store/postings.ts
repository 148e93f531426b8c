// The file store's inverted index: for each term (store/terms.ts termCode), the numbers of the
// reports holding it. Each write appends, to each of SHARDS files (`<folder>/<shard>.jsonl`, by
// the term), one line `{"term": [n, …]}` for the reports it put, so a write costs what it adds,
// never the whole index. A question reads the shards of its terms once, then only what was
// appended since. A number whose report was replaced or removed stays in the files and is left
// out by the catalog (only live numbers count); the folder is dropped when the store is rebuilt.
// Every line starts on a new line, so a line torn by a crash spoils only itself.
import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

export const SHARDS = 256;
const shardOf = (code: number) => ((code ^ (code >>> 13)) >>> 0) % SHARDS;

/** Appends the terms of these reports (number → term codes). */
export function appendPostings(dir: string, reports: { n: number; codes: number[] }[]): void {
  if (!reports.length) return;
  const shards = new Map<number, Map<number, number[]>>();
  for (const { n, codes } of reports) {
    for (const c of codes) {
      const s = shardOf(c);
      let m = shards.get(s);
      if (!m) shards.set(s, (m = new Map()));
      const list = m.get(c);
      if (list) list.push(n);
      else m.set(c, [n]);
    }
  }
  mkdirSync(dir, { recursive: true });
  for (const [s, m] of shards) appendFileSync(join(dir, `${s}.jsonl`), '\n' + JSON.stringify(Object.fromEntries(m)) + '\n');
}

interface Shard {
  /** bytes read so far */
  read: number;
  terms: Map<number, number[]>;
}

/** The postings of a folder, read shard by shard as questions need them (the most recent 64 kept). */
export class Postings {
  private readonly shards = new Map<number, Shard>();
  constructor(readonly dir: string) {}

  /** The numbers of the reports holding every term, ascending. */
  lookup(codes: number[]): number[] {
    let out: number[] | undefined;
    for (const c of [...new Set(codes)]) {
      const list = this.shard(shardOf(c)).terms.get(c) ?? [];
      out = out ? intersect(out, list) : list.slice();
      if (!out.length) break;
    }
    return out ?? [];
  }

  private shard(s: number): Shard {
    let sh = this.shards.get(s);
    if (sh) this.shards.delete(s);
    else sh = { read: 0, terms: new Map() };
    this.shards.set(s, sh);
    while (this.shards.size > 64) this.shards.delete(this.shards.keys().next().value!);
    // what was appended since it was read
    let fd: number | undefined;
    try {
      fd = openSync(join(this.dir, `${s}.jsonl`), 'r');
      const size = fstatSync(fd).size;
      if (size < sh.read) sh = { read: 0, terms: new Map() }; // rewritten
      if (size > sh.read) {
        const buf = Buffer.alloc(size - sh.read);
        readSync(fd, buf, 0, buf.length, sh.read);
        const text = buf.toString('utf8');
        // up to the last whole line (a line being appended now is read next time)
        const end = text.lastIndexOf('\n') + 1;
        for (const line of text.slice(0, end).split('\n')) addLine(sh.terms, line);
        sh.read += Buffer.byteLength(text.slice(0, end));
      }
      this.shards.set(s, sh);
    } catch {
      // no such shard: no report holds its terms
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return sh;
  }
}

function addLine(terms: Map<number, number[]>, line: string): void {
  if (!line) return;
  let rec: unknown;
  try {
    rec = JSON.parse(line);
  } catch {
    return; // torn by a crash
  }
  if (!rec || typeof rec !== 'object') return;
  for (const [k, ns] of Object.entries(rec as Record<string, unknown>)) {
    if (!Array.isArray(ns)) continue;
    const code = Number(k);
    const list = terms.get(code);
    const good = ns.filter((n): n is number => Number.isInteger(n));
    if (!list) terms.set(code, good);
    else for (const n of good) list.push(n);
  }
}

/** Sorted intersection of two ascending lists. */
function intersect(a: number[], b: number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else (out.push(a[i]!), i++, j++);
  }
  return out;
}
