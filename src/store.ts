// The knowledge base on disk: one lowdb JSON file, written atomically (temp file + rename, by
// lowdb's steno writer) under a lock file so that two processes never write it at once.
// Uses lowdb's Low + JSONFile directly: JSONFilePreset would keep data in memory under NODE_ENV=test.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Report } from './model.js';

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
  const db = new Low<StoreData>(new JSONFile<StoreData>(file), empty());
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
    corrupt = e instanceof SyntaxError ? '文件已损坏或被截断（JSON 无法解析）' : String(e);
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
