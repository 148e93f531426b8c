// The embedded store, the default: a catalog and a file per report, so that it opens in the time
// of its catalog whatever the number of reports.
//   STORE            the catalog (JSON): the stamps of the files read, the files added from
//                    elsewhere, and for each report its id, agency, year and number
//   STORE.d/reports  one file per report, <number>.br: the report packed (codec.ts packReport)
//   STORE.d/terms    the inverted index of the reports' terms (postings.ts)
// Reports are read as questions need them (through the report cache of answering on demand), or
// all of them for a knowledge answered from memory. A store of the older format (the whole
// knowledge in one JSON file, format 2, see codec.ts) is still read, and written in this format
// at its next change.
//
// Changes are merged under a lock file that covers the whole read-merge-write: the catalog is read
// again under the lock (unless this process wrote it last) and the changes applied to what it
// holds now, so that two ingests at once lose nothing. A change writes the new reports' files,
// appends their terms, then replaces the catalog atomically (lowdb: temp file + rename), then deletes the
// files of the reports it replaced or removed: a crash at any point leaves the last catalog and
// every file it names. A write that fails (read-only or full disk) says why.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { Report } from '../model.js';
import { badLists, checkedLists, decodeStore, encodeStore, packFor, StoreFormatError, unpackReport } from './codec.js';
import { withFileLock } from './lock.js';
import { checkReport, checkShape } from './schema.js';
import { reasonOf } from '../ingest/limits.js';
import { outcomes, StoreWriteError, type Change, type KnowledgeStore, type Loaded, type ReportKey, type StoreData } from './types.js';
import { STORE_VERSION } from './version.js';
import { bigrams, reportTerms, termCode } from './terms.js';
import { appendPostings, Postings } from './postings.js';

const termCache = new WeakMap<Report, Set<string>>();

export const emptyData = (extra: string[] = []): StoreData => ({ version: STORE_VERSION, stamps: {}, reports: [], extra });

/** Reads and checks a store file. Never throws for bad content: a bad store is `corrupt`, a bad report `invalid`. */
async function readLegacy(file: string): Promise<Loaded> {
  const db = new Low<StoreData | null>(new DataFile<StoreData | null>(file, { parse: decodeStore, stringify: (d) => encodeStore(d!) }), null);
  try {
    await db.read();
  } catch (e) {
    const corrupt =
      e instanceof SyntaxError
        ? '文件已损坏或被截断（JSON 无法解析）'
        : e instanceof StoreFormatError
          ? `内容不是知识库格式（${e.message}）`
          : `无法读取（${reasonOf(e, true)}）`;
    return { data: emptyData(), corrupt };
  }
  const d = db.data as unknown;
  if (d === null) {
    // no file, or an empty one
    return existsSync(file) && statSync(file).size > 0 ? { data: emptyData(), corrupt: '内容不是知识库格式' } : { data: emptyData() };
  }
  const bad = checkShape(d);
  if (bad) {
    const extra = (d as { extra?: unknown }).extra;
    return { data: emptyData(Array.isArray(extra) ? extra.filter((x) => typeof x === 'string') : []), corrupt: `内容不是知识库格式（${bad}）` };
  }
  const data = d as StoreData;
  // written by another version of the ingestion code: read every file again, keep the list of added files
  if (data.version !== STORE_VERSION) return { data: emptyData(data.extra) };
  return { data, ...validReports(data) };
}

/** Leaves out the reports that fail the schema (and their stamps, so that their files are read again). */
export function validReports(data: StoreData): { invalid?: { id: string; why: string }[] } {
  const invalid: { id: string; why: string }[] = [];
  const ok: Report[] = [];
  for (const r of data.reports) {
    const why = badLists.get(r) ?? checkReport(r, checkedLists.has(r));
    if (!why) ok.push(r);
    else {
      const id = typeof (r as { id?: unknown })?.id === 'string' ? r.id : '?';
      invalid.push({ id, why });
      delete data.stamps[id];
    }
  }
  if (!invalid.length) return {};
  data.reports = ok;
  return { invalid };
}

/** A report in the catalog: its key, and the number its file and its terms are under. */
interface Entry extends ReportKey {
  n: number;
}

interface Catalog {
  version: string;
  stamps: StoreData['stamps'];
  extra: string[];
  entries: Entry[];
  /** the next report number */
  next: number;
}

const FORMAT = 3;
const emptyCatalog = (extra: string[] = []): Catalog => ({ version: STORE_VERSION, stamps: {}, extra, entries: [], next: 0 });

/** What is on disk: the catalog (format 3), or a store of the older format with its reports, or why neither. */
type OnDisk = { catalog: Catalog; legacy?: undefined; corrupt?: string; stale?: boolean } | { catalog?: undefined; legacy: Loaded; corrupt?: string; stale?: boolean };

function readCatalog(file: string): OnDisk {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { catalog: emptyCatalog() };
    return { catalog: emptyCatalog(), corrupt: `无法读取（${reasonOf(e, true)}）` };
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { catalog: emptyCatalog(), corrupt: '文件已损坏或被截断（JSON 无法解析）' };
  }
  if (!raw || typeof raw !== 'object' || raw.format !== FORMAT) return { legacy: { data: emptyData() } }; // read by readLegacy
  const extra = Array.isArray(raw.extra) ? raw.extra.filter((x): x is string => typeof x === 'string') : [];
  const bad = checkShape({ version: raw.version, stamps: raw.stamps, extra: raw.extra, reports: raw.reports });
  const entries: Entry[] = [];
  let why = bad;
  for (const e of Array.isArray(raw.reports) ? raw.reports : []) {
    const [id, agency, year, n] = Array.isArray(e) ? (e as unknown[]) : [];
    if (typeof id !== 'string' || typeof agency !== 'string' || !agency || !Number.isInteger(year) || !Number.isInteger(n)) {
      why ??= `报告目录项 ${JSON.stringify(e)?.slice(0, 80)} 不完整`;
      break;
    }
    entries.push({ id, agency, year: year as number, n: n as number });
  }
  if (why || !Number.isInteger(raw.next)) return { catalog: emptyCatalog(extra), corrupt: `内容不是知识库格式（${why ?? '缺少报告编号'}）` };
  // written by another version of the ingestion code: read every file again, keep the list of added files
  if (raw.version !== STORE_VERSION) return { catalog: emptyCatalog(extra), stale: true };
  return { catalog: { version: STORE_VERSION, stamps: raw.stamps as StoreData['stamps'], extra, entries, next: raw.next as number } };
}

/** Reads and checks a store (either format), every report loaded. Never throws for bad content: a bad store is `corrupt`, a bad report `invalid`. */
export async function readStoreFile(file: string): Promise<Loaded> {
  return new FileStore(file).load();
}

export class FileStore implements KnowledgeStore {
  readonly kind = 'file' as const;
  /** what this process last read or wrote, with the catalog file's stat then: reused while the file is unchanged */
  private last?: { disk: OnDisk; mtimeMs: number; size: number; byId: Map<string, Entry>; byN: Map<number, Entry>; byAgency?: Map<string, Entry[]>; legacyById?: Map<string, Report> };
  private postings?: Postings;

  constructor(
    readonly where: string,
    private readonly log?: (line: string) => void,
  ) {}

  /** the folder of the report files and the terms */
  get folder(): string {
    return `${this.where}.d`;
  }

  private stat(): { mtimeMs: number; size: number } | undefined {
    try {
      const s = statSync(this.where);
      return { mtimeMs: s.mtimeMs, size: s.size };
    } catch {
      return undefined;
    }
  }

  /** What the store holds now: what this process last read or wrote while the catalog is unchanged, else read again. */
  private async current(): Promise<NonNullable<FileStore['last']>> {
    const st = this.stat();
    if (this.last && st && st.mtimeMs === this.last.mtimeMs && st.size === this.last.size) return this.last;
    let disk = readCatalog(this.where);
    if (disk.legacy) disk = { legacy: await readLegacy(this.where) };
    const entries = disk.catalog?.entries ?? disk.legacy!.data.reports.map((r, n) => ({ id: r.id, agency: r.agency, year: r.year, n }));
    const cur = {
      disk,
      mtimeMs: st?.mtimeMs ?? -1,
      size: st?.size ?? -1,
      byId: new Map(entries.map((e) => [e.id, e])),
      byN: new Map(entries.map((e) => [e.n, e])),
      legacyById: disk.legacy ? new Map(disk.legacy.data.reports.map((r) => [r.id, r])) : undefined,
    };
    if (st) this.last = cur;
    return cur;
  }

  private reportFile(n: number): string {
    return join(this.folder, 'reports', `${n}.br`);
  }

  /** A stored report, checked; or why it cannot be used. */
  private readReport(e: Entry): Report | { why: string } {
    let r: Report;
    try {
      r = unpackReport(readFileSync(this.reportFile(e.n)));
    } catch (err) {
      return { why: err instanceof StoreFormatError ? err.message : `报告文件无法读取（${reasonOf(err, true)}）` };
    }
    const why = badLists.get(r) ?? checkReport(r, checkedLists.has(r));
    if (why) return { why };
    if (r.id !== e.id) return { why: '报告文件与目录不符' };
    return r;
  }

  async load(opts: { reports?: boolean } = {}): Promise<Loaded> {
    const cur = await this.current();
    if (cur.disk.legacy) return cur.disk.legacy;
    const cat = cur.disk.catalog;
    const data: StoreData = { version: cat.version, stamps: { ...cat.stamps }, extra: [...cat.extra], reports: [] };
    const corrupt = cur.disk.corrupt ? { corrupt: cur.disk.corrupt } : {};
    if (opts.reports === false) return { data, ...corrupt };
    const invalid: { id: string; why: string }[] = [];
    for (const e of cat.entries) {
      const r = this.readReport(e);
      if ('why' in r) {
        invalid.push({ id: e.id, why: r.why });
        delete data.stamps[e.id]; // read again
      } else data.reports.push(r);
    }
    return { data, ...corrupt, ...(invalid.length ? { invalid } : {}) };
  }

  async apply(changes: Change[]): Promise<void> {
    if (!changes.length) return;
    const file = this.where;
    const temp = join(dirname(file), `.${basename(file)}.tmp`);
    try {
      mkdirSync(dirname(file), { recursive: true });
      await withFileLock(
        file,
        async () => {
          rmSync(temp, { force: true }); // left by a writer that was killed
          // what is on disk now: read again unless this process wrote it last (its stat unchanged)
          const cur = await this.current();
          let cat: Catalog;
          const carried: Change[] = [];
          if (cur.disk.catalog && !cur.disk.corrupt && !cur.disk.stale && existsSync(file)) cat = cur.disk.catalog;
          else {
            // a new store, one to rebuild, or one of the older format: its reports are written as files now
            rmSync(this.folder, { recursive: true, force: true });
            const old = cur.disk.legacy?.data;
            cat = emptyCatalog(old?.extra ?? cur.disk.catalog?.extra ?? []);
            if (old) {
              cat.stamps = { ...old.stamps };
              for (const r of old.reports) if (old.stamps[r.id]) carried.push({ kind: 'put', report: r, stamp: old.stamps[r.id]! });
            }
          }
          const { byId, extra } = outcomes([...carried, ...changes]);
          const stamps = { ...cat.stamps };
          const extras = new Set(cat.extra);
          for (const f of extra) extras.add(f);
          const gone: number[] = [];
          const added: Entry[] = [];
          const terms: { n: number; codes: number[] }[] = [];
          let next = cat.next;
          mkdirSync(join(this.folder, 'reports'), { recursive: true });
          for (const [id, o] of byId) {
            const before = cur.byId.get(id);
            if (before && cat === cur.disk.catalog) gone.push(before.n);
            if (o.removed) {
              delete stamps[id];
              extras.delete(id);
            }
            if (o.stamp) stamps[id] = o.stamp;
            if (o.put) {
              // a number no file holds yet (a crash may have left one behind)
              while (existsSync(this.reportFile(next))) next++;
              const n = next++;
              const { body, terms: codes } = o.packed ?? packFor(o.put);
              writeFileSync(this.reportFile(n), body);
              added.push({ id, agency: o.put.agency, year: o.put.year, n });
              terms.push({ n, codes });
            }
          }
          appendPostings(join(this.folder, 'terms'), terms);
          const kept = cat.entries.filter((e) => !byId.has(e.id));
          const entries = [...kept, ...added];
          // the catalog through lowdb (steno: a temporary file, then rename)
          const catalog = { format: FORMAT, version: STORE_VERSION, next, stamps, extra: [...extras], reports: entries.map((e) => [e.id, e.agency, e.year, e.n]) };
          await new Low(new DataFile(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }), catalog).write();
          for (const n of gone) rmSync(this.reportFile(n), { force: true });
          // what was written, as the next change and reads of this process see it (not parsed again: an
          // ingest writing a batch at a time would otherwise read the whole catalog back at each batch)
          const st = this.stat();
          this.last = st && {
            disk: { catalog: { version: STORE_VERSION, stamps, extra: catalog.extra, entries, next } },
            ...st,
            byId: new Map(entries.map((e) => [e.id, e])),
            byN: new Map(entries.map((e) => [e.n, e])),
          };
        },
        this.log,
      );
    } catch (e) {
      this.last = undefined;
      rmSync(temp, { force: true });
      // a store never written leaves nothing behind (a full disk: not even its folder)
      if (!existsSync(file)) rmSync(this.folder, { recursive: true, force: true });
      throw new StoreWriteError(file, reasonOf(e, true));
    }
  }

  /** The catalog file's size and modification time (another process's write changes them). */
  async version(): Promise<string> {
    const st = this.stat();
    return st ? `${st.size}/${st.mtimeMs}` : 'none';
  }

  async list(): Promise<ReportKey[]> {
    const cur = await this.current();
    return [...cur.byId.values()].map((e) => ({ id: e.id, agency: e.agency, year: e.year }));
  }

  async get(ids: string[]): Promise<Report[]> {
    const cur = await this.current();
    const out: Report[] = [];
    for (const id of new Set(ids)) {
      if (cur.legacyById) {
        const r = cur.legacyById.get(id);
        if (r) out.push(r);
        continue;
      }
      const e = cur.byId.get(id);
      const r = e && this.readReport(e);
      if (r && !('why' in r)) out.push(r);
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async reportsOf(agency: string, year?: number): Promise<Report[]> {
    const cur = await this.current();
    if (!cur.byAgency) {
      cur.byAgency = new Map();
      for (const e of cur.byId.values()) (cur.byAgency.get(e.agency) ?? cur.byAgency.set(e.agency, []).get(e.agency)!).push(e);
    }
    return this.get((cur.byAgency.get(agency) ?? []).filter((e) => year === undefined || e.year === year).map((e) => e.id));
  }

  /** Reports whose figures, documents or headings hold every two-character term of the words: the inverted index (postings.ts). */
  async mentioning(words: string, limit = 1000): Promise<ReportKey[]> {
    const want = [...bigrams(words)];
    if (!want.length) return [];
    const cur = await this.current();
    const out: ReportKey[] = [];
    if (cur.legacyById) {
      // the older format has no index: its reports are scanned
      for (const r of cur.legacyById.values()) {
        let terms = termCache.get(r);
        if (!terms) termCache.set(r, (terms = new Set(reportTerms(r))));
        if (want.every((t) => terms.has(t))) out.push({ id: r.id, agency: r.agency, year: r.year });
        if (out.length >= limit) break;
      }
      return out;
    }
    this.postings ??= new Postings(join(this.folder, 'terms'));
    for (const n of this.postings.lookup(want.map(termCode))) {
      const e = cur.byN.get(n);
      // a number whose report was replaced or removed is in no catalog entry
      if (e && cur.byId.get(e.id) === e) out.push({ id: e.id, agency: e.agency, year: e.year });
      if (out.length >= limit) break;
    }
    return out;
  }

  async close(): Promise<void> {
    this.last = undefined;
    this.postings = undefined;
  }
}
