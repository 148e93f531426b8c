// The knowledge base on disk: one lowdb JSON file, written atomically (temp file + rename, by
// lowdb's steno writer) under a lock file so that two processes never write it at once.
// Uses lowdb's Low + DataFile directly: JSONFilePreset would keep data in memory under NODE_ENV=test.
//
// The file is compact (see encodeStore): facts, narrative figures and documents are rows of
// numbers pointing into one table of distinct values, so that thousands of reports load in well
// under a second and the loaded reports share their labels, rows and sentences in memory.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { DocumentRef, Fact, NarrativeFigure, Report } from './model.js';

/**
 * A store written by other ingestion code is rebuilt: its version is a hash of the code that
 * turns files into reports.
 */
export const STORE_VERSION = codeVersion();

function codeVersion(): string {
  const src = fileURLToPath(new URL('.', import.meta.url));
  const h = createHash('sha1');
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js)$/.test(e.name)) h.update(e.name).update(readFileSync(p));
    }
  };
  for (const f of ['model.ts', 'template.ts', 'text.ts', 'check.ts']) if (existsSync(join(src, f))) h.update(readFileSync(join(src, f)));
  walk(join(src, 'ingest'));
  return h.digest('hex').slice(0, 12);
}

export interface SourceStamp {
  size: number;
  mtimeMs: number;
  /** why the file could not be read, so that an unchanged bad file is not read again */
  problem?: string;
}

export interface StoreData {
  version: string;
  /** report id (absolute source path) → the file's size and mtime when it was ingested */
  stamps: Record<string, SourceStamp>;
  reports: Report[];
  /** files added with `npm run ingest` from outside the knowledge folder */
  extra: string[];
}

export interface OpenedStore {
  db: Low<StoreData>;
  /** set when the file existed but could not be read: the store starts empty and is rebuilt */
  corrupt?: string;
}

const empty = (): StoreData => ({ version: STORE_VERSION, stamps: {}, reports: [], extra: [] });

/** Opens (or creates) the store file. A truncated or corrupt file is reported, not thrown. */
export async function openStore(file: string): Promise<OpenedStore> {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Low<StoreData>(new DataFile<StoreData>(file, { parse: decodeStore, stringify: encodeStore }), empty());
  let corrupt: string | undefined;
  try {
    await db.read();
    const d = db.data as Partial<StoreData> | null;
    if (!d || typeof d !== 'object' || !Array.isArray(d.reports) || typeof d.stamps !== 'object') {
      if (existsSync(file) && statSync(file).size > 0) corrupt = '内容不是知识库格式';
      db.data = empty();
    } else if (d.version !== STORE_VERSION) {
      // written by another version of the ingestion code: read every file again, keep the list of added files
      db.data = { ...empty(), extra: Array.isArray(d.extra) ? d.extra : [] };
    } else if (!Array.isArray(d.extra)) d.extra = [];
  } catch (e) {
    corrupt =
      e instanceof SyntaxError
        ? '文件已损坏或被截断（JSON 无法解析）'
        : e instanceof StoreFormatError
          ? `内容不是知识库格式（${e.message}）`
          : String(e);
    db.data = empty();
  }
  return { db, corrupt };
}

/** Writes the store under an exclusive lock file (waits for another writer, breaks a stale lock). */
export async function writeStore(db: Low<StoreData>, file: string): Promise<void> {
  const lock = `${file}.lock`;
  const started = Date.now();
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (Date.now() - started > 30_000 || isStale(lock)) rmSync(lock, { force: true });
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    await db.write();
  } finally {
    rmSync(lock, { force: true });
  }
}

function isStale(lock: string): boolean {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (!pid) return Date.now() - statSync(lock).mtimeMs > 10_000;
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

// ---------- compact file format ----------

/** A store file whose JSON parses but whose content does not decode. */
export class StoreFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreFormatError';
  }
}

/**
 * How the records of a list are written: one number per key, in this order. 'v' keys are written
 * as they are (numbers); 'j' keys as the index of their JSON in the store's table of values, so
 * that equal values (labels, rows, units, sentences, locations) are written and loaded once.
 */
type Codec = readonly (readonly [key: string, kind: 'v' | 'j'])[];

const FACT = [['table', 'j'], ['row', 'j'], ['column', 'j'], ['value', 'v'], ['unit', 'j'], ['raw', 'j'], ['at', 'j'], ['how', 'j']] as const satisfies Codec;
const FIGURE = [['value', 'v'], ['unit', 'j'], ['approximate', 'j'], ['raw', 'j'], ['counts', 'j'], ['sentence', 'j'], ['section', 'j'], ['at', 'j']] as const satisfies Codec;
const DOCUMENT = [['title', 'j'], ['action', 'j'], ['kind', 'j'], ['sentence', 'j'], ['section', 'j'], ['at', 'j']] as const satisfies Codec;
const LISTS = [
  ['facts', FACT],
  ['figures', FIGURE],
  ['documents', DOCUMENT],
] as const;

/** A list written with its codec: `{ packed: [n, n, …] }`, one group of numbers per record. */
interface PackedList {
  packed: number[];
}

const STORE_FORMAT = 2;

/** The store as JSON: reports' fact, figure and document lists packed (see Codec), without indentation. */
export function encodeStore(data: StoreData): string {
  const values: string[] = [];
  const index = new Map<string, number>();
  const add = (json: string): number => {
    let i = index.get(json);
    if (i === undefined) {
      i = values.length;
      values.push(json);
      index.set(json, i);
    }
    return i;
  };
  // hundreds of thousands of values: strings and string lists are looked up without JSON.stringify
  const strings = new Map<string, number>();
  const arrays = new Map<unknown[], number>();
  const ref = (v: unknown): number => {
    if (typeof v === 'string') {
      let i = strings.get(v);
      if (i === undefined) strings.set(v, (i = add(JSON.stringify(v))));
      return i;
    }
    if (Array.isArray(v)) {
      // the readers share the arrays of a table's row and column labels between its facts
      let i = arrays.get(v);
      if (i === undefined) arrays.set(v, (i = add(JSON.stringify(v))));
      return i;
    }
    return add(JSON.stringify(v));
  };
  const pack = (list: readonly object[], codec: Codec): PackedList | readonly object[] => {
    const out = new Array<number>(list.length * codec.length);
    let p = 0;
    for (const rec of list) {
      const r = rec as Record<string, unknown>;
      for (let c = 0; c < codec.length; c++) {
        const [k, kind] = codec[c]!;
        const v = r[k];
        if (kind === 'j') out[p++] = v === undefined ? -1 : ref(v);
        else if (typeof v === 'number' && Number.isFinite(v)) out[p++] = v;
        else return list; // not what the codec expects: kept as it is
      }
    }
    return { packed: out };
  };
  const reports = data.reports.map((r) => {
    const out: Record<string, unknown> = { ...r };
    for (const [name, codec] of LISTS) out[name] = pack(r[name] as readonly object[], codec);
    return out;
  });
  return JSON.stringify({ format: STORE_FORMAT, version: data.version, stamps: data.stamps, extra: data.extra, values, reports });
}

/** Reads what encodeStore wrote (or a store of format 1: plain reports). Throws StoreFormatError on bad content. */
export function decodeStore(text: string): StoreData {
  const raw = JSON.parse(text) as Record<string, unknown> | null;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !Array.isArray(raw.reports)) throw new StoreFormatError('没有报告列表');
  if (raw.format === undefined) return raw as unknown as StoreData;
  if (raw.format !== STORE_FORMAT) throw new StoreFormatError(`未知的格式 ${String(raw.format)}`);
  const values = raw.values;
  if (!Array.isArray(values)) throw new StoreFormatError('缺少取值表');
  const cache: unknown[] = new Array(values.length);
  const seen: boolean[] = new Array(values.length);
  const value = (i: number): unknown => {
    if (seen[i]) return cache[i];
    const s: unknown = values[i];
    if (typeof s !== 'string') throw new StoreFormatError(`取值 ${i} 不存在`);
    const v = JSON.parse(s) as unknown;
    cache[i] = v;
    seen[i] = true;
    return v;
  };
  const V = (n: number): never => (n === -1 ? undefined : value(n)) as never;
  const num = (n: unknown): number => {
    if (typeof n !== 'number') throw new StoreFormatError('记录中有非数字');
    return n;
  };
  // one object literal per record: all keys at once, in the codec's order (compact objects of one shape)
  const build: Record<(typeof LISTS)[number][0], (p: number[], i: number) => object> = {
    facts: (p, i): Fact => ({ table: V(p[i]!), row: V(p[i + 1]!), column: V(p[i + 2]!), value: num(p[i + 3]), unit: V(p[i + 4]!), raw: V(p[i + 5]!), at: V(p[i + 6]!), how: V(p[i + 7]!) }),
    figures: (p, i): NarrativeFigure => ({
      value: num(p[i]),
      unit: V(p[i + 1]!),
      approximate: V(p[i + 2]!),
      raw: V(p[i + 3]!),
      counts: V(p[i + 4]!),
      sentence: V(p[i + 5]!),
      section: V(p[i + 6]!),
      at: V(p[i + 7]!),
    }),
    documents: (p, i): DocumentRef => ({ title: V(p[i]!), action: V(p[i + 1]!), kind: V(p[i + 2]!), sentence: V(p[i + 3]!), section: V(p[i + 4]!), at: V(p[i + 5]!) }),
  };
  const unpack = (list: unknown, name: (typeof LISTS)[number][0], codec: Codec): unknown[] => {
    if (Array.isArray(list)) return list;
    const packed = (list as PackedList | null)?.packed;
    if (!Array.isArray(packed) || packed.length % codec.length) throw new StoreFormatError('记录长度不对');
    const make = build[name];
    const out: object[] = new Array(packed.length / codec.length);
    for (let p = 0, j = 0; p < packed.length; p += codec.length) out[j++] = make(packed, p);
    return out;
  };
  const reports = (raw.reports as Record<string, unknown>[]).map((r) => {
    if (!r || typeof r !== 'object') throw new StoreFormatError('报告不是对象');
    const out = { ...r };
    for (const [name, codec] of LISTS) out[name] = unpack(r[name], name, codec);
    return out as unknown as Report;
  });
  return { version: raw.version as string, stamps: raw.stamps as StoreData['stamps'], extra: raw.extra as string[], reports };
}

// A key added to the model and missing from its codec fails to compile here (at run time such a
// list would be written as it is, unpacked).
type Covers<T, C extends Codec> = Exclude<keyof T, C[number][0]> extends never ? true : never;
const _covers: [Covers<Fact, typeof FACT>, Covers<NarrativeFigure, typeof FIGURE>, Covers<DocumentRef, typeof DOCUMENT>] = [true, true, true];
void _covers;
