// The knowledge the bot answers from: the reports of a folder (the bundled knowledge/ by default),
// kept in a store so that a restart does not read every report again — the lowdb file by default,
// PostgreSQL when DATABASE_URL is set (see store.ts).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUrl, ingestUrl } from './ingest/fetch.js';
import { REPORT_EXTENSIONS, unsupportedReason } from './ingest/index.js';
import { reasonOf } from './ingest/limits.js';
import type { Catalog } from './answer/catalog.js';
import type { Report } from './model.js';
import { readFiles } from './read-files.js';
import { FileStore, StoreWriteError, type Change, type KnowledgeStore, type SourceStamp } from './store.js';
import { distinctReports } from './store/distinct.js';
import { unpackReport } from './store/codec.js';
import type { Packed } from './store/types.js';

export interface Problem {
  file: string;
  reason: string;
  /** set when the file was read, but is another copy of this report (read better), which answers */
  duplicateOf?: string;
}

export interface Knowledge {
  reports: Report[];
  /** files that could not be read, with why */
  problems?: Problem[];
  /** where the store lives, when there is one (a file, or the database without its password) */
  storeFile?: string;
  /** the store the reports came from, open (for fetching reports by id, listing agencies) */
  store?: KnowledgeStore;
  /** set when the store could not be written: the reports are answered from memory, why is here */
  unsaved?: string;
  /**
   * set for a store answered on demand (src/answer/catalog.ts): every stored report's key, and the
   * reports fetched as questions need them. `reports` then holds only the reports of one question.
   */
  catalog?: Catalog;
}

/** How many reports the knowledge holds (all of the store's when it is answered on demand). */
export const reportCount = (k: Knowledge): number => k.catalog?.size ?? k.reports.length;

export interface OpenOptions {
  /** folder of report files; default: KNOWLEDGE_DIR or the bundled knowledge/ */
  dir?: string;
  /** store file (or an open store); default: GONGKAI_STORE, else PostgreSQL when DATABASE_URL is set, else data/store-<folder hash>.json */
  store?: string | KnowledgeStore;
  /** PostgreSQL URL; default: DATABASE_URL (used when no store file is given) */
  database?: string;
  /** false: answer from what the store holds, without reading the folder (bot instances beside one ingest worker); default: GONGKAI_SCAN !== '0' */
  scan?: boolean;
  /** called for each file read, and for a store that had to be rebuilt */
  log?: (line: string) => void;
  /**
   * answer from the store on demand (src/answer/catalog.ts: the agency index loaded, reports fetched
   * as questions need them) instead of holding every report; default: GONGKAI_ON_DEMAND ('1' or
   * '0'), else on for PostgreSQL without a folder scan and for more than IN_MEMORY_MAX reports
   */
  onDemand?: boolean;
  /** ingestIntoStore: false leaves the reports out of the results (a large folder, in bounded memory) */
  keepReports?: boolean;
  /** ingestIntoStore: a report's summary, kept in its result (with keepReports: false, in place of the report) */
  summarize?: (r: Report) => string;
  /** ingestIntoStore: reports written per batch of this many (default 200 into a database, 500 into the file store) */
  batch?: number;
}

// the repository (also when running the compiled dist/src/knowledge.js)
const HERE = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const ROOT = HERE.endsWith(`${sep}dist`) ? resolve(HERE, '..') : HERE;
export const BUNDLED_DIR = join(ROOT, 'knowledge');

/**
 * The folder npm start keeps its state files in (conversations, Telegram's sessions and delivery
 * state, the callbacks' MsgIds, the WeChat login): GONGKAI_DATA_DIR, else data/ of the repository.
 */
export function dataDir(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.GONGKAI_DATA_DIR?.trim() || join(ROOT, 'data'));
}

export function defaultStoreFile(dir: string): string {
  const h = createHash('sha1').update(resolve(dir)).digest('hex').slice(0, 10);
  return join(ROOT, 'data', `store-${h}.json`);
}

/** Reports written to the store at a time while a folder is read. */
export const INGEST_BATCH = 500;

/** Above this many reports the knowledge is answered on demand unless told otherwise (GONGKAI_ON_DEMAND=0). */
export const IN_MEMORY_MAX = 2000;

function onDemandOf(opts: OpenOptions): boolean | undefined {
  if (opts.onDemand !== undefined) return opts.onDemand;
  const env = process.env.GONGKAI_ON_DEMAND?.trim();
  return env === '1' ? true : env === '0' ? false : undefined;
}

async function onDemand(store: KnowledgeStore, base: Omit<Knowledge, 'reports' | 'catalog'>, log: (line: string) => void): Promise<Knowledge> {
  const { catalogKnowledge } = await import('./answer/catalog.js');
  // a database: every read timed out quickly, and none tried while it is out of reach (store/guarded.ts);
  // its address is never given to replies (they say 数据库)
  if (store.kind === 'postgres') {
    const { guardedStore } = await import('./store/guarded.js');
    return catalogKnowledge(guardedStore(store, log), base);
  }
  return catalogKnowledge(store, base);
}

/** The store for these options: an open one as given, a file, or PostgreSQL. */
export async function storeFor(opts: OpenOptions, dir: string): Promise<KnowledgeStore> {
  if (opts.store && typeof opts.store === 'object') return opts.store;
  const file = opts.store ?? process.env.GONGKAI_STORE;
  const url = opts.database ?? process.env.DATABASE_URL;
  if (!file && url?.trim()) {
    const { openPgStore } = await import('./store/pg.js');
    return openPgStore(url.trim(), { schema: process.env.GONGKAI_PG_SCHEMA });
  }
  return new FileStore(resolve(file ?? defaultStoreFile(dir)), opts.log);
}

/**
 * Report files under a path (a file, or a folder searched recursively), sorted. Files in a folder
 * that are not of a report format are added to `skipped` when given; entries that cannot be
 * followed (a dangling symlink, a symlink loop, an unreadable folder) to `broken`, with why.
 */
export function reportFiles(path: string, skipped?: string[], broken?: Problem[]): string[] {
  const st = statSync(path);
  if (st.isFile()) return [resolve(path)];
  const out: string[] = [];
  const walked = new Set<string>();
  const walk = (d: string, real: string) => {
    walked.add(real);
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      broken?.push({ file: resolve(d), reason: `无法读取文件夹（${reasonOf(e, true)}），已跳过` });
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      let target = join(real, e.name);
      if (e.isSymbolicLink()) {
        try {
          const t = statSync(p);
          isDir = t.isDirectory();
          isFile = t.isFile();
          target = realpathSync(p);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          const reason = code === 'ELOOP' ? '符号链接循环（链接最终指回自身），已跳过' : code === 'ENOENT' ? '符号链接指向不存在的文件，已跳过' : `符号链接无法读取（${reasonOf(err, true)}），已跳过`;
          broken?.push({ file: resolve(p), reason });
          continue;
        }
        if (isDir && (real === target || real.startsWith(target + sep))) {
          broken?.push({ file: resolve(p), reason: '符号链接循环（指向它所在的文件夹或上级文件夹），已跳过' });
          continue;
        }
      }
      if (isDir) {
        if (walked.has(target)) broken?.push({ file: resolve(p), reason: '符号链接指向已读过的文件夹，已跳过' });
        else walk(p, target);
      } else if (isFile && REPORT_EXTENSIONS.includes(extname(e.name).toLowerCase())) out.push(resolve(p));
      else if (isFile) skipped?.push(resolve(p));
    }
  };
  walk(path, realpathSync(path));
  skipped?.sort();
  return out.sort();
}

function stampOf(file: string): SourceStamp | string {
  try {
    const st = statSync(file);
    return { size: st.size, mtimeMs: st.mtimeMs };
  } catch (e) {
    return `文件无法读取（${reasonOf(e, true)}）`;
  }
}

/** Applies the changes; a store that cannot be written is said once and the knowledge kept in memory. */
async function save(store: KnowledgeStore, changes: Change[], log: (line: string) => void, count: number): Promise<string | undefined> {
  if (!changes.length) return undefined;
  try {
    await store.apply(changes);
    return undefined;
  } catch (e) {
    if (!(e instanceof StoreWriteError)) throw e;
    log(`知识库 ${store.where} 无法写入（${e.reason}），本次从内存中的 ${count} 份报告回答；未保存的改动下次启动时重新读取。`);
    return e.reason;
  }
}

/**
 * Opens the knowledge of a folder: reports already in the store are reused when their file is
 * unchanged; new or changed files are ingested; reports whose file is gone are dropped.
 */
export async function openKnowledge(opts: OpenOptions = {}): Promise<Knowledge> {
  const dir = resolve(opts.dir ?? process.env.KNOWLEDGE_DIR ?? BUNDLED_DIR);
  const log = opts.log ?? (() => {});
  const store = await storeFor(opts, dir);
  const scan = !(opts.scan === false || (opts.scan === undefined && process.env.GONGKAI_SCAN === '0'));
  const wanted = onDemandOf(opts);
  // a bot instance beside one ingest worker: the agency index only, reports fetched as questions need them
  if (!scan && (wanted ?? store.kind === 'postgres')) return onDemand(store, { problems: [] }, log);
  const what = store.kind === 'file' ? '知识库文件' : '知识库';
  // the catalog first: a large store answered on demand is scanned against its stamps and ids, its reports never loaded
  const stored = wanted !== false ? await store.list() : null;
  const light = Boolean(stored && (wanted || stored.length > IN_MEMORY_MAX));
  const { data, corrupt, invalid } = await store.load(light ? { reports: false } : undefined);
  if (corrupt) log(`${what} ${store.where} ${corrupt}，正在从 ${dir} 重建。`);
  for (const i of invalid ?? []) log(`${what} ${store.where} 中的报告 ${i.id} 内容无效（${i.why}），重新读取。`);
  if (!scan) {
    if (light) return onDemand(store, { problems: [] }, log);
    const problems: Problem[] = [];
    return { reports: distinctReports(data.reports, problems), problems, storeFile: store.where, store };
  }
  const problems: Problem[] = [];
  let files: string[];
  try {
    files = reportFiles(dir, undefined, problems);
  } catch {
    throw new Error(`知识文件夹不存在或无法读取：${dir}`);
  }
  for (const p of problems) log(`跳过 ${p.file}：${p.reason}`);
  // reports added with `npm run ingest` from elsewhere stay while their file exists
  const listed = new Set(files);
  for (const f of data.extra) if (!listed.has(f) && !isUrl(f) && existsSync(f)) (files.push(f), listed.add(f));
  // light: the stored ids stand for their reports (which are not loaded; the knowledge is answered on demand)
  const byId = light ? new Map(stored!.map((k) => [k.id, { id: k.id } as Report])) : new Map(data.reports.map((r) => [r.id, r]));
  // reports read from a web address stay as read (`npm run ingest -- URL` again to refresh)
  const reports: Report[] = [];
  /** the stored reports reused as they are */
  const reused: Report[] = [];
  for (const u of data.extra.filter(isUrl)) {
    listed.add(u);
    const known = byId.get(u);
    if (known) (reports.push(known), reused.push(known));
  }
  const changes: Change[] = [];
  const todo: { file: string; stamp: SourceStamp }[] = [];
  for (const file of files) {
    const st = stampOf(file);
    if (typeof st === 'string') {
      problems.push({ file, reason: st });
      log(`无法读取 ${file}：${st}`);
      continue;
    }
    const stamp = data.stamps[file];
    const known = byId.get(file);
    if (stamp && stamp.size === st.size && stamp.mtimeMs === st.mtimeMs) {
      if (known) {
        reports.push(known);
        reused.push(known);
        continue;
      }
      if (stamp.problem) {
        problems.push({ file, reason: stamp.problem });
        continue;
      }
    }
    todo.push({ file, stamp: st });
  }
  // the reports are written as they are read, a batch at a time (a kill loses at most the batch in
  // flight); a knowledge that will be answered on demand lets each batch go once it is written,
  // so that memory stays flat whatever the folder's size
  const demand = light || (wanted ?? reports.length + todo.length > IN_MEMORY_MAX);
  let unsaved: string | undefined;
  // this batch's reports: where they are in `reports`, and, for one read slim (its id, agency and
  // year beside the packed bytes), those bytes, unpacked again should the batch not be written
  let batch: { at: number; packed?: Packed }[] = [];
  const unpacked = (r: Report, packed?: Packed) => (packed && !r.facts ? unpackReport(packed.body) : r);
  const flush = async () => {
    if (unsaved || !changes.length) return;
    unsaved = await save(store, changes.splice(0), log, reports.length);
    if (unsaved) for (const b of batch) reports[b.at] = unpacked(reports[b.at]!, b.packed);
    else if (demand) for (const b of batch) reports[b.at] = { id: reports[b.at]!.id } as Report;
    batch = [];
  };
  // the reading threads pack each report as the store writes it; a knowledge answered on demand
  // gets back only its key beside those bytes (a batch waiting to be written holds a few KB a report)
  const read = await readFiles(
    todo.map((t) => t.file),
    async (i, r) => {
      const { file, stamp } = todo[i]!;
      if ('report' in r) {
        if (unsaved) reports.push(unpacked(r.report, r.packed)); // the store cannot be written: answered from memory
        else {
          batch.push({ at: reports.push(r.report) - 1, ...(r.packed && !r.report.facts ? { packed: r.packed } : {}) });
          changes.push({ kind: 'put', report: r.report, stamp, ...(r.packed ? { packed: r.packed } : {}) });
        }
        log(`已读取 ${file}`);
      } else {
        changes.push({ kind: 'problem', id: file, stamp: { ...stamp, problem: r.problem } });
        problems.push({ file, reason: r.problem });
        log(`无法读取 ${file}：${r.problem}`);
      }
      if (changes.length >= INGEST_BATCH) await flush();
    },
    { pack: true, slim: demand },
  );
  if (read.threads) log(`用 ${read.threads} 个线程读取了 ${todo.length} 个文件。`);
  // reports and stamps of files that are gone
  const gone = new Set<string>();
  for (const id of [...Object.keys(data.stamps), ...byId.keys()]) if (!listed.has(id)) gone.add(id);
  for (const id of gone) changes.push({ kind: 'remove', id });
  if (corrupt || invalid?.length) {
    // the store is rebuilt: what is reused from it is written again too
    for (const r of reused) if (r.facts && data.stamps[r.id]) changes.push({ kind: 'put', report: r, stamp: data.stamps[r.id]! });
  }
  await flush();
  // a store that was written answers on demand when asked to, or when it is large; else from memory
  if (light || (!unsaved && (wanted ?? reports.length > IN_MEMORY_MAX))) return { ...(await onDemand(store, { problems }, log)), ...(unsaved ? { unsaved } : {}) };
  // not written (or not all of it): what was let go is read back from the store
  const letGo = reports.filter((r) => !r.facts).map((r) => r.id);
  if (letGo.length) {
    const back = new Map((await store.get(letGo)).map((r) => [r.id, r]));
    for (let i = 0; i < reports.length; i++) if (!reports[i]!.facts) reports[i] = back.get(reports[i]!.id) ?? reports[i]!;
  }
  const whole = reports.filter((r) => r.facts);
  whole.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { reports: distinctReports(whole, problems), problems, storeFile: store.where, store, unsaved };
}

/** Knowledge from reports already in memory (tests, benchmarks). */
export function knowledgeOf(reports: Report[]): Knowledge {
  return { reports };
}

export interface IngestResult {
  file: string;
  report?: Report;
  /** what OpenOptions.summarize made of the report (kept instead of it) */
  summary?: string;
  problem?: string;
}

/**
 * `npm run ingest`: reads the given files again (whatever the store holds) and puts them into the
 * store of the knowledge folder, replacing a report read before from the same file.
 */
export async function ingestIntoStore(
  paths: string[],
  opts: OpenOptions = {},
): Promise<{ results: IngestResult[]; storeFile: string; unsaved?: string }> {
  const dir = resolve(opts.dir ?? process.env.KNOWLEDGE_DIR ?? BUNDLED_DIR);
  const log = opts.log ?? (() => {});
  const store = await storeFor(opts, dir);
  const results: IngestResult[] = [];
  const changes: Change[] = [];
  const todo: { file: string; stamp: SourceStamp; at: number }[] = [];
  const keep = opts.keepReports !== false;
  for (const path of paths) {
    if (isUrl(path)) {
      try {
        const report = await ingestUrl(path);
        results.push({ file: path, ...(keep ? { report } : {}), ...(opts.summarize ? { summary: opts.summarize(report) } : {}) });
        changes.push({ kind: 'put', report, stamp: { size: report.source.bytes, mtimeMs: 0 } }, { kind: 'extra', file: path });
      } catch (e) {
        results.push({ file: path, problem: reasonOf(e) });
      }
      continue;
    }
    let files: string[];
    const skipped: string[] = [];
    const broken: Problem[] = [];
    try {
      files = reportFiles(path, skipped, broken);
    } catch {
      results.push({ file: path, problem: '路径不存在或无法读取' });
      continue;
    }
    if (!files.length && !broken.length) results.push({ file: path, problem: '文件夹中没有报告文件（.txt .html .md .pdf .docx .xlsx）' });
    for (const file of skipped) results.push({ file, problem: `${unsupportedReason(file)}，未读取` });
    for (const b of broken) results.push({ file: b.file, problem: b.reason });
    for (const file of files) {
      const st = stampOf(file);
      if (typeof st === 'string') results.push({ file, problem: st });
      else {
        todo.push({ file, stamp: st, at: results.length });
        results.push({ file });
      }
    }
  }
  // the reports are written as they come, a few hundred at a time (a kill loses at most the batch in flight)
  const batch = Math.max(1, opts.batch ?? (store.kind === 'file' ? INGEST_BATCH : 200));
  let unsaved: string | undefined;
  const flush = async () => {
    const some = changes.splice(0);
    unsaved ??= await save(store, some, log, results.filter((r) => r.report).length);
  };
  const readAll = () =>
    readFiles(
      todo.map((t) => t.file),
      async (i, r) => {
        const { file, stamp, at } = todo[i]!;
        if (changes.length >= batch && !unsaved) await flush();
        if ('report' in r) {
          results[at] = { file, ...(keep ? { report: r.report } : {}), ...(opts.summarize ? { summary: opts.summarize(r.report) } : {}) };
          changes.push({ kind: 'put', report: r.report, stamp, ...(r.packed ? { packed: r.packed } : {}) });
          if (!file.startsWith(dir + sep)) changes.push({ kind: 'extra', file });
        } else {
          // a file that no longer reads loses the report read from it before
          results[at] = { file, problem: r.problem };
          changes.push({ kind: 'problem', id: file, stamp: { ...stamp, problem: r.problem } });
        }
      },
      // packed in the reading threads; only the key comes back when neither the report nor its summary is kept
      { pack: true, slim: !keep && !opts.summarize },
    ).then(async (read) => {
      if (!unsaved) await flush();
      return read;
    });
  const read = await readAll();
  if (read.threads) log(`用 ${read.threads} 个线程读取了 ${todo.length} 个文件。`);
  if (store !== opts.store) await store.close();
  return { results, storeFile: store.where, unsaved };
}

export interface StoredReport {
  id: string;
  report?: Report;
  /** why the file could not be read, or that staff removed it */
  problem?: string;
}

/** `npm run ingest -- --list`: what the store of a knowledge folder holds, report by report (either store). */
export async function listStore(opts: OpenOptions = {}): Promise<{ entries: StoredReport[]; storeFile: string }> {
  const dir = resolve(opts.dir ?? process.env.KNOWLEDGE_DIR ?? BUNDLED_DIR);
  const store = await storeFor(opts, dir);
  try {
    const { data } = await store.load();
    const entries: StoredReport[] = data.reports.map((r) => ({ id: r.id, report: r }));
    const held = new Set(entries.map((e) => e.id));
    for (const [id, st] of Object.entries(data.stamps)) if (st.problem && !held.has(id)) entries.push({ id, problem: st.problem });
    return { entries: entries.sort((a, b) => a.id.localeCompare(b.id)), storeFile: store.where };
  } finally {
    if (store !== opts.store) await store.close();
  }
}

export const REMOVED = '已用 npm run ingest -- --remove 移除（文件改动后或再次 ingest 时重新读取）';

/**
 * `npm run ingest -- --remove FILE|ID`: takes a report out of the store (either store). A file of
 * the knowledge folder stays out while it is unchanged (its stamp says it was removed); a file or
 * address added from elsewhere is forgotten. Returns the ids removed, or why the store could not
 * be written.
 */
export async function removeFromStore(target: string, opts: OpenOptions = {}): Promise<{ removed: string[]; storeFile: string; unsaved?: string }> {
  const dir = resolve(opts.dir ?? process.env.KNOWLEDGE_DIR ?? BUNDLED_DIR);
  const store = await storeFor(opts, dir);
  try {
    const { data } = await store.load();
    const want = isUrl(target) ? target : resolve(target);
    const ids = new Set(data.reports.filter((r) => r.id === target || r.id === want).map((r) => r.id));
    for (const id of Object.keys(data.stamps)) if (id === target || id === want) ids.add(id);
    const changes: Change[] = [];
    for (const id of ids) {
      const st = !isUrl(id) && id.startsWith(dir + sep) ? stampOf(id) : undefined;
      if (st && typeof st !== 'string') changes.push({ kind: 'remove', id }, { kind: 'problem', id, stamp: { ...st, problem: REMOVED } });
      else changes.push({ kind: 'remove', id });
    }
    const unsaved = await save(store, changes, opts.log ?? (() => {}), data.reports.length);
    return { removed: unsaved ? [] : [...ids], storeFile: store.where, unsaved };
  } finally {
    if (store !== opts.store) await store.close();
  }
}
