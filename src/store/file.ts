// The lowdb store: one JSON file (see codec.ts), the embedded default for a few thousand reports.
// Uses lowdb's Low + DataFile directly: JSONFilePreset would keep data in memory under NODE_ENV=test.
//
// Changes are merged under a lock file that covers the whole read-merge-write: the file is read
// again under the lock (unless this process wrote it last) and the changes applied to what it holds
// now, so that two ingests at once lose nothing. Writes are atomic (lowdb's steno: temp file +
// rename); a write that fails (read-only or full disk) removes its temp file and says why.
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { Report } from '../model.js';
import { badLists, checkedLists, decodeStore, encodeStore, StoreFormatError } from './codec.js';
import { withFileLock } from './lock.js';
import { checkReport, checkShape } from './schema.js';
import { reasonOf } from '../ingest/limits.js';
import { merge, StoreWriteError, type Change, type KnowledgeStore, type Loaded, type ReportKey, type StoreData } from './types.js';
import { STORE_VERSION } from './version.js';
import { bigrams, reportTerms } from './terms.js';

const termCache = new WeakMap<Report, Set<string>>();

export const emptyData = (extra: string[] = []): StoreData => ({ version: STORE_VERSION, stamps: {}, reports: [], extra });

/** Reads and checks a store file. Never throws for bad content: a bad store is `corrupt`, a bad report `invalid`. */
export async function readStoreFile(file: string): Promise<Loaded> {
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

export class FileStore implements KnowledgeStore {
  readonly kind = 'file' as const;
  /** what this process last read or wrote, with the file's stat then: reused while the file is unchanged */
  private last?: { data: StoreData; mtimeMs: number; size: number };

  constructor(
    readonly where: string,
    private readonly log?: (line: string) => void,
  ) {}

  private stat(): { mtimeMs: number; size: number } | undefined {
    try {
      const s = statSync(this.where);
      return { mtimeMs: s.mtimeMs, size: s.size };
    } catch {
      return undefined;
    }
  }

  async load(): Promise<Loaded> {
    const st = this.stat();
    const loaded = await readStoreFile(this.where);
    if (st && !loaded.corrupt && !loaded.invalid) this.last = { data: loaded.data, ...st };
    return loaded;
  }

  async apply(changes: Change[]): Promise<void> {
    const file = this.where;
    const temp = join(dirname(file), `.${basename(file)}.tmp`);
    try {
      mkdirSync(dirname(file), { recursive: true });
      await withFileLock(
        file,
        async () => {
          rmSync(temp, { force: true }); // left by a writer that was killed
          const st = this.stat();
          const current = this.last && st && st.mtimeMs === this.last.mtimeMs && st.size === this.last.size ? this.last.data : (await readStoreFile(file)).data;
          const next = merge(current, changes);
          const db = new Low<StoreData>(new DataFile<StoreData>(file, { parse: decodeStore, stringify: encodeStore }), next);
          try {
            await db.write();
          } catch (e) {
            rmSync(temp, { force: true });
            throw e;
          }
          const after = this.stat();
          this.last = after ? { data: next, ...after } : undefined;
        },
        this.log,
      );
    } catch (e) {
      this.last = undefined;
      throw new StoreWriteError(file, reasonOf(e, true));
    }
  }

  /** What the file holds now: what this process last read or wrote while the file is unchanged, else read again. */
  private async current(): Promise<StoreData> {
    const st = this.stat();
    if (this.last && st && st.mtimeMs === this.last.mtimeMs && st.size === this.last.size) return this.last.data;
    return (await this.load()).data;
  }

  /** The file's size and modification time (another process's write changes them). */
  async version(): Promise<string> {
    const st = this.stat();
    return st ? `${st.size}/${st.mtimeMs}` : 'none';
  }

  async list(): Promise<ReportKey[]> {
    const data = await this.current();
    return data.reports.map((r) => ({ id: r.id, agency: r.agency, year: r.year }));
  }

  async get(ids: string[]): Promise<Report[]> {
    const data = await this.current();
    const want = new Set(ids);
    return data.reports.filter((r) => want.has(r.id));
  }

  async reportsOf(agency: string, year?: number): Promise<Report[]> {
    const data = await this.current();
    return data.reports.filter((r) => r.agency === agency && (year === undefined || r.year === year)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Reports whose figures, documents or headings hold every two-character term of the words (a scan: the file store is for a few thousand reports). */
  async mentioning(words: string, limit = 1000): Promise<ReportKey[]> {
    const want = [...bigrams(words)];
    if (!want.length) return [];
    const data = await this.current();
    const out: ReportKey[] = [];
    for (const r of data.reports) {
      let terms = termCache.get(r);
      if (!terms) termCache.set(r, (terms = new Set(reportTerms(r))));
      if (want.every((t) => terms.has(t))) out.push({ id: r.id, agency: r.agency, year: r.year });
      if (out.length >= limit) break;
    }
    return out;
  }

  async close(): Promise<void> {
    this.last = undefined;
  }
}
