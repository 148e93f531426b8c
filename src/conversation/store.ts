// Where conversations are kept: one small interface of the shape of grammY's StorageAdapter
// (read/write/delete by key), so the same state lives in memory, in a file, or in Redis/PostgreSQL
// through an adapter, and every channel keeps its conversations the same way.
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, rmSync } from 'node:fs';
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
 * A JSON file of key → value, kept in memory and written atomically (temporary file, then rename)
 * after each change, so a restart keeps what was written. Bounded like MemoryStore. A file that
 * cannot be read is started afresh (conversations are not precious); one that cannot be written is
 * said once on stderr and the store goes on in memory.
 */
export class FileStore<T> implements StateStore<T> {
  private readonly mem: MemoryStore<T>;
  private warned = false;
  constructor(
    readonly file: string,
    max = 10_000,
  ) {
    this.mem = new MemoryStore<T>(max);
    if (existsSync(file)) {
      try {
        const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
        if (data && typeof data === 'object' && !Array.isArray(data)) for (const [k, v] of Object.entries(data)) this.mem.write(k, v as T);
      } catch {
        // unreadable: start afresh
      }
    }
  }
  read(key: string): T | undefined {
    return this.mem.read(key);
  }
  write(key: string, value: T): void {
    this.mem.write(key, value);
    this.flush();
  }
  delete(key: string): void {
    this.mem.delete(key);
    this.flush();
  }
  private flush(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const obj: Record<string, T> = {};
      for (const [k, v] of (this.mem as unknown as { map: Map<string, T> }).map) obj[k] = v;
      writeFileSync(tmp, JSON.stringify(obj));
      renameSync(tmp, this.file);
    } catch (e) {
      rmSync(tmp, { force: true });
      if (!this.warned) process.stderr.write(`对话记录无法写入 ${this.file}（${(e as NodeJS.ErrnoException).code ?? '写入失败'}），本次运行中对话只保存在内存里。\n`);
      this.warned = true;
    }
  }
}
