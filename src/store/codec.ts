// The compact format of the store file: facts, narrative figures and documents are rows of numbers
// pointing into one table of distinct values, so that thousands of reports load in well under a
// second and the loaded reports share their labels, rows and sentences in memory.
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { DocumentRef, Fact, NarrativeFigure, Report } from '../model.js';
import { fieldOk, type FieldKind } from './schema.js';
import type { Packed, StoreData } from './types.js';
import { reportTermCodes } from './terms.js';

/** Reports whose packed lists hold a value of the wrong type, with why (set by decodeStore). */
export const badLists = new WeakMap<object, string>();
/** Reports whose three lists were all packed, and so checked value by value as they were decoded. */
export const checkedLists = new WeakSet<object>();

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
  // each distinct value is checked once per kind of field it fills (a label, a row path, a location…)
  const checked = new Map<FieldKind, Uint8Array>();
  let bad: string | undefined; // the first wrong value of the report being decoded
  const V = (n: number, kind: FieldKind): never => {
    const v = n === -1 ? undefined : value(n);
    let marks = checked.get(kind);
    if (!marks) checked.set(kind, (marks = new Uint8Array(values.length + 1)));
    const m = marks[n + 1]!;
    if (m === 0) marks[n + 1] = fieldOk(kind, v) ? 1 : 2;
    if (marks[n + 1] === 2) bad ??= `取值 ${JSON.stringify(v) ?? 'undefined'} 不是${kind}`;
    return v as never;
  };
  const num = (n: unknown): number => {
    if (typeof n !== 'number') throw new StoreFormatError('记录中有非数字');
    return n;
  };
  // one object literal per record: all keys at once, in the codec's order (compact objects of one shape)
  const build: Record<(typeof LISTS)[number][0], (p: number[], i: number) => object> = {
    facts: (p, i): Fact => ({
      table: V(p[i]!, '表号'),
      row: V(p[i + 1]!, '标签列表'),
      column: V(p[i + 2]!, '标签列表'),
      value: num(p[i + 3]),
      unit: V(p[i + 4]!, '文字'),
      raw: V(p[i + 5]!, '文字'),
      at: V(p[i + 6]!, '位置'),
      how: V(p[i + 7]!, '读法'),
    }),
    figures: (p, i): NarrativeFigure => ({
      value: num(p[i]),
      unit: V(p[i + 1]!, '文字'),
      approximate: V(p[i + 2]!, '是否'),
      raw: V(p[i + 3]!, '文字'),
      counts: V(p[i + 4]!, '文字'),
      sentence: V(p[i + 5]!, '文字'),
      section: V(p[i + 6]!, '文字'),
      at: V(p[i + 7]!, '位置'),
    }),
    documents: (p, i): DocumentRef => ({
      title: V(p[i]!, '文字'),
      action: V(p[i + 1]!, '文字或空'),
      kind: V(p[i + 2]!, '文件类别'),
      sentence: V(p[i + 3]!, '文字'),
      section: V(p[i + 4]!, '文字'),
      at: V(p[i + 5]!, '位置'),
    }),
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
    bad = undefined;
    if (LISTS.every(([name]) => !Array.isArray(r[name]))) checkedLists.add(out);
    for (const [name, codec] of LISTS) {
      out[name] = unpack(r[name], name, codec);
      if (bad) {
        badLists.set(out, `${name}：${bad}`);
        break;
      }
    }
    return out as unknown as Report;
  });
  return { version: raw.version as string, stamps: raw.stamps as StoreData['stamps'], extra: raw.extra as string[], reports };
}

// A key added to the model and missing from its codec fails to compile here (at run time such a
// list would be written as it is, unpacked).
type Covers<T, C extends Codec> = Exclude<keyof T, C[number][0]> extends never ? true : never;
const _covers: [Covers<Fact, typeof FACT>, Covers<NarrativeFigure, typeof FIGURE>, Covers<DocumentRef, typeof DOCUMENT>] = [true, true, true];
void _covers;

/**
 * One report as the database and the per-report files keep it: the packed JSON of encodeStore,
 * compressed with brotli at quality 6 (7.9 KB for a report of 200 cells whose text is 4,000
 * characters, in 0.7 ms; deflate gives 8.9 KB, brotli's best 7.8 KB in 29 ms).
 */
export function packReport(r: Report): Buffer {
  const json = Buffer.from(encodeStore({ version: '', stamps: {}, extra: [], reports: [r] }));
  return brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: json.length } });
}

/** What packReport wrote; a report whose lists hold a wrong value carries it in badLists. Throws StoreFormatError on bad bytes. */
export function unpackReport(bytes: Uint8Array): Report {
  let text: string;
  try {
    text = brotliDecompressSync(bytes).toString('utf8');
  } catch {
    throw new StoreFormatError('报告数据无法解压');
  }
  const [r] = decodeStore(text).reports;
  if (!r) throw new StoreFormatError('报告数据为空');
  return r;
}

/** What the stores write of a report: packed, and its terms (done where the file was read, when it can be: read-files.ts). */
export function packFor(r: Report): Packed {
  return { body: packReport(r), terms: reportTermCodes(r) };
}
