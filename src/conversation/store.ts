// Where conversations are kept: one small interface of the shape of grammY's StorageAdapter
// (read/write/delete by key), so the same state lives in memory, in a file, or in Redis/PostgreSQL
// through an adapter, and every channel keeps its conversations the same way.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface StateStore<T> {
  read(key: string): Promise<T | undefined> | T | undefined;
  write(key: string, value: T): Promise<void> | void;
  delete(key: string): Promise<void> | void;
}

/** In process memory, bounded (oldest dropped first). */
export class MemoryStore<T> implements StateStore<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly max = 10_000) {}
  read(key: string): T | undefined {
    return this.map.get(key);
  }
  write(key: string, value: T): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

/**
 * A file of key → value records, one JSON line each (`[key, value]`, or `[key]` for a deletion),
 * appended at each change — a question costs one short append, whatever the number of
 * conversations — and read back last-record-wins, so a restart keeps what was written. When the
 * file holds four times as many records as live keys (and at least 1,000), it is compacted:
 * rewritten atomically (temporary file, then rename) with one record a key. Bounded like
 * MemoryStore. A torn last line (a crash mid-append) is skipped; a file that cannot be read is
 * started afresh (conversations are not precious); one that cannot be written is said once on
 * stderr and the store goes on in memory. A file of the older format (one JSON object) is read
 * and rewritten as records at the first change.
 */
export class FileStore<T> implements StateStore<T> {
  private readonly mem: MemoryStore<T>;
  private warned = false;
  /** records in the file, live or not */
  private records = 0;
  /** the file ends with a whole line (not torn by a crash) */
  private clean = true;
  constructor(
    readonly file: string,
    private readonly max = 10_000,
  ) {
    this.mem = new MemoryStore<T>(max);
    if (existsSync(file)) {
      try {
        const text = readFileSync(file, 'utf8');
        this.records = this.read0(text);
        this.clean = !text || text.endsWith('\n');
      } catch {
        // unreadable: start afresh
        this.records = Infinity;
      }
    }
  }
  /** Loads the file's text; returns how many records it holds (Infinity for the older format: rewrite it). */
  private read0(text: string): number {
    if (text.startsWith('{')) {
      const data = JSON.parse(text) as unknown;
      if (data && typeof data === 'object' && !Array.isArray(data)) for (const [k, v] of Object.entries(data)) this.mem.write(k, v as T);
      return Infinity;
    }
    let n = 0;
    for (const line of text.split('\n')) {
      if (!line) continue;
      n++;
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch {
        continue; // torn by a crash
      }
      if (!Array.isArray(rec) || typeof rec[0] !== 'string') continue;
      if (rec.length > 1) this.mem.write(rec[0], rec[1] as T);
      else this.mem.delete(rec[0]);
    }
    return n;
  }
  read(key: string): T | undefined {
    return this.mem.read(key);
  }
  write(key: string, value: T): void {
    this.mem.write(key, value);
    this.append(JSON.stringify([key, value]));
  }
  delete(key: string): void {
    this.mem.delete(key);
    this.append(JSON.stringify([key]));
  }
  private append(line: string): void {
    const live = (this.mem as unknown as { map: Map<string, T> }).map.size;
    if (this.records >= Math.max(1000, Math.min(this.max, live) * 4)) return this.compact();
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      // a line on its own, also after a torn one
      appendFileSync(this.file, (this.clean ? '' : '\n') + line + '\n');
      this.clean = true;
      this.records++;
    } catch (e) {
      this.failed(e);
    }
  }
  /** The file rewritten with one record a live key. */
  private compact(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const lines: string[] = [];
      for (const [k, v] of (this.mem as unknown as { map: Map<string, T> }).map) lines.push(JSON.stringify([k, v]));
      writeFileSync(tmp, lines.length ? lines.join('\n') + '\n' : '');
      renameSync(tmp, this.file);
      this.records = lines.length;
      this.clean = true;
    } catch (e) {
      rmSync(tmp, { force: true });
      this.failed(e);
    }
  }
  private failed(e: unknown): void {
    if (!this.warned) process.stderr.write(`对话记录无法写入 ${this.file}（${(e as NodeJS.ErrnoException).code ?? '写入失败'}），本次运行中对话只保存在内存里。\n`);
    this.warned = true;
  }
}
