// The knowledge the bot answers from: the reports of a folder (the bundled knowledge/ by default),
// kept in a lowdb store so that a restart does not read every report again.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUrl, ingestUrl } from './ingest/fetch.js';
import { REPORT_EXTENSIONS, unsupportedReason } from './ingest/index.js';
import { reasonOf } from './ingest/limits.js';
import { ingestFileLimited } from './ingest/worker.js';
import type { Report } from './model.js';
import { openStore, writeStore } from './store.js';

export interface Problem {
  file: string;
  reason: string;
}

export interface Knowledge {
  reports: Report[];
  /** files that could not be read, with why */
  problems?: Problem[];
  /** where the store lives, when there is one */
  storeFile?: string;
}

export interface OpenOptions {
  /** folder of report files; default: KNOWLEDGE_DIR or the bundled knowledge/ */
  dir?: string;
  /** store file; default: GONGKAI_STORE or data/store-<folder hash>.json */
  store?: string;
  /** called for each file read, and for a store that had to be rebuilt */
  log?: (line: string) => void;
}

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const BUNDLED_DIR = join(ROOT, 'knowledge');

export function defaultStoreFile(dir: string): string {
  const h = createHash('sha1').update(resolve(dir)).digest('hex').slice(0, 10);
  return join(ROOT, 'data', `store-${h}.json`);
}

/**
 * Report files under a path (a file, or a folder searched recursively), sorted. Files in a folder
 * that are not of a report format are added to `skipped` when given.
 */
export function reportFiles(path: string, skipped?: string[]): string[] {
  const st = statSync(path);
  if (st.isFile()) return [resolve(path)];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (REPORT_EXTENSIONS.includes(extname(e.name).toLowerCase())) out.push(resolve(p));
      else skipped?.push(resolve(p));
    }
  };
  walk(path);
  skipped?.sort();
  return out.sort();
}

/**
 * Opens the knowledge of a folder: reports already in the store are reused when their file is
 * unchanged; new or changed files are ingested; reports whose file is gone are dropped.
 */
export async function openKnowledge(opts: OpenOptions = {}): Promise<Knowledge> {
  const dir = resolve(opts.dir ?? process.env.KNOWLEDGE_DIR ?? BUNDLED_DIR);
  const storeFile = resolve(opts.store ?? process.env.GONGKAI_STORE ?? defaultStoreFile(dir));
  const log = opts.log ?? (() => {});
  const { db, corrupt } = await openStore(storeFile);
  if (corrupt) log(`知识库文件 ${storeFile} ${corrupt}，正在从 ${dir} 重建。`);
  let files: string[];
  try {
    files = reportFiles(dir);
  } catch {
    throw new Error(`知识文件夹不存在或无法读取：${dir}`);
  }
  const data = db.data;
  // reports added with `npm run ingest` from elsewhere stay while their file exists
  for (const f of data.extra) if (!files.includes(f) && !isUrl(f) && existsSync(f)) files.push(f);
  const byId = new Map(data.reports.map((r) => [r.id, r]));
  const problems: Problem[] = [];
  // reports read from a web address stay as read (`npm run ingest -- URL` again to refresh)
  const reports: Report[] = data.extra.filter(isUrl).flatMap((u) => byId.get(u) ?? []);
  let changed = Boolean(corrupt);
  for (const file of files) {
    const st = statSync(file);
    const stamp = data.stamps[file];
    const known = byId.get(file);
    if (stamp && stamp.size === st.size && stamp.mtimeMs === st.mtimeMs) {
      if (known) {
        reports.push(known);
        continue;
      }
      if (stamp.problem) {
        problems.push({ file, reason: stamp.problem });
        continue;
      }
    }
    changed = true;
    try {
      const r = await ingestFileLimited(file, file);
      reports.push(r);
      data.stamps[file] = { size: st.size, mtimeMs: st.mtimeMs };
      log(`已读取 ${file}`);
    } catch (e) {
      const reason = reasonOf(e);
      data.stamps[file] = { size: st.size, mtimeMs: st.mtimeMs, problem: reason };
      problems.push({ file, reason });
      log(`无法读取 ${file}：${reason}`);
    }
  }
  if (changed || data.reports.length !== reports.length) {
    data.reports = reports;
    const present = new Set([...files, ...data.extra.filter(isUrl)]);
    for (const id of Object.keys(data.stamps)) if (!present.has(id)) delete data.stamps[id];
    await writeStore(db, storeFile);
  }
  return { reports: dedupe(reports), problems, storeFile };
}

/** The same file saved twice (same bytes) is one report. */
function dedupe(reports: Report[]): Report[] {
  const seen = new Set<string>();
  return reports.filter((r) => !seen.has(r.source.sha1) && seen.add(r.source.sha1));
}

/** Knowledge from reports already in memory (tests, benchmarks). */
export function knowledgeOf(reports: Report[]): Knowledge {
  return { reports };
}

export interface IngestResult {
  file: string;
  report?: Report;
  problem?: string;
}

/**
 * `npm run ingest`: reads the given files again (whatever the store holds) and puts them into the
 * store of the knowledge folder, replacing a report read before from the same file.
 */
export async function ingestIntoStore(paths: string[], opts: OpenOptions = {}): Promise<{ results: IngestResult[]; storeFile: string }> {
  const dir = resolve(opts.dir ?? process.env.KNOWLEDGE_DIR ?? BUNDLED_DIR);
  const storeFile = resolve(opts.store ?? process.env.GONGKAI_STORE ?? defaultStoreFile(dir));
  const { db, corrupt } = await openStore(storeFile);
  if (corrupt) opts.log?.(`知识库文件 ${storeFile} ${corrupt}，将重建。`);
  const results: IngestResult[] = [];
  const data = db.data;
  for (const path of paths) {
    if (isUrl(path)) {
      try {
        const report = await ingestUrl(path);
        data.reports = data.reports.filter((r) => r.id !== path);
        data.reports.push(report);
        data.stamps[path] = { size: report.source.bytes, mtimeMs: 0 };
        if (!data.extra.includes(path)) data.extra.push(path);
        results.push({ file: path, report });
      } catch (e) {
        results.push({ file: path, problem: reasonOf(e) });
      }
      continue;
    }
    let files: string[];
    const skipped: string[] = [];
    try {
      files = reportFiles(path, skipped);
    } catch {
      results.push({ file: path, problem: '路径不存在或无法读取' });
      continue;
    }
    if (!files.length) results.push({ file: path, problem: '文件夹中没有报告文件（.txt .html .md .pdf .docx .xlsx）' });
    for (const file of skipped) results.push({ file, problem: `${unsupportedReason(file)}，未读取` });
    for (const file of files) {
      const st = statSync(file);
      try {
        const report = await ingestFileLimited(file, file);
        data.reports = data.reports.filter((r) => r.id !== file);
        data.reports.push(report);
        data.stamps[file] = { size: st.size, mtimeMs: st.mtimeMs };
        if (!file.startsWith(dir + '/') && !data.extra.includes(file)) data.extra.push(file);
        results.push({ file, report });
      } catch (e) {
        const problem = reasonOf(e);
        // a file that no longer reads loses the report read from it before
        data.reports = data.reports.filter((r) => r.id !== file);
        data.stamps[file] = { size: st.size, mtimeMs: st.mtimeMs, problem };
        results.push({ file, problem });
      }
    }
  }
  await writeStore(db, storeFile);
  return { results, storeFile };
}

export interface StoredReport {
  id: string;
  report?: Report;
  /** why the file could not be read, or that staff removed it */
  problem?: string;
}

/** `npm run ingest -- --list`: what the store of a knowledge folder holds, report by report. */
export async function listStore(opts: OpenOptions = {}): Promise<{ entries: StoredReport[]; storeFile: string }> {
  const dir = resolve(opts.dir ?? process.env.KNOWLEDGE_DIR ?? BUNDLED_DIR);
  const storeFile = resolve(opts.store ?? process.env.GONGKAI_STORE ?? defaultStoreFile(dir));
  const { db } = await openStore(storeFile);
  const entries: StoredReport[] = db.data.reports.map((r) => ({ id: r.id, report: r }));
  for (const [id, st] of Object.entries(db.data.stamps)) if (st.problem && !entries.some((e) => e.id === id)) entries.push({ id, problem: st.problem });
  return { entries: entries.sort((a, b) => a.id.localeCompare(b.id)), storeFile };
}

export const REMOVED = '已用 npm run ingest -- --remove 移除（文件改动后或再次 ingest 时重新读取）';

/**
 * `npm run ingest -- --remove FILE|ID`: takes a report out of the store. A file of the knowledge
 * folder stays out while it is unchanged (its stamp says it was removed); a file or address added
 * from elsewhere is forgotten. Returns the ids removed.
 */
export async function removeFromStore(target: string, opts: OpenOptions = {}): Promise<{ removed: string[]; storeFile: string }> {
  const dir = resolve(opts.dir ?? process.env.KNOWLEDGE_DIR ?? BUNDLED_DIR);
  const storeFile = resolve(opts.store ?? process.env.GONGKAI_STORE ?? defaultStoreFile(dir));
  const { db } = await openStore(storeFile);
  const data = db.data;
  const want = isUrl(target) ? target : resolve(target);
  const ids = new Set(data.reports.filter((r) => r.id === target || r.id === want).map((r) => r.id));
  for (const id of Object.keys(data.stamps)) if (id === target || id === want) ids.add(id);
  for (const id of ids) {
    data.reports = data.reports.filter((r) => r.id !== id);
    data.extra = data.extra.filter((f) => f !== id);
    if (!isUrl(id) && id.startsWith(dir + '/') && existsSync(id)) {
      const st = statSync(id);
      data.stamps[id] = { size: st.size, mtimeMs: st.mtimeMs, problem: REMOVED };
    } else delete data.stamps[id];
  }
  if (ids.size) await writeStore(db, storeFile);
  return { removed: [...ids], storeFile };
}
