// The Telegram bot's small durable state (update ids already handled, updates received by the
// webhook and not yet handled, answers waiting to be sent), behind grammY's StorageAdapter
// interface ({ read, write, delete }) so that another store (Redis …) can replace the file.
// FileStorage keeps every key in one JSON file, written atomically (temporary file + rename); writes
// that arrive while one is under way are committed together by the next one.
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StorageAdapter } from 'grammy';

export type { StorageAdapter };

/** Storage kept in process memory only (tests; a bot built without a state file). */
export class MemoryStorage<T> implements StorageAdapter<T> {
  private readonly map = new Map<string, string>();
  read(key: string): T | undefined {
    const v = this.map.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  write(key: string, value: T): void {
    this.map.set(key, JSON.stringify(value));
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

export class FileStorage<T> implements StorageAdapter<T> {
  private data: Record<string, T> | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  /** `log` hears of a damaged file (set aside, started afresh) and of failed writes. */
  constructor(
    readonly file: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  private load(): Record<string, T> {
    if (this.data) return this.data;
    let text: string | null = null;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`state file ${this.file} cannot be read (${(e as NodeJS.ErrnoException).code}); starting without it`);
    }
    this.data = {};
    if (text !== null) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        this.data = parsed as Record<string, T>;
      } catch {
        const aside = `${this.file}.damaged-${Date.now()}`;
        try {
          renameSync(this.file, aside);
        } catch {
          // left in place; overwritten by the next write
        }
        this.log(`state file ${this.file} is damaged; set aside as ${aside}, starting afresh`);
      }
    }
    return this.data;
  }

  read(key: string): T | undefined {
    const v = this.load()[key];
    return v === undefined ? undefined : structuredClone(v);
  }

  /** Resolves once the value is on disk (rejects when the disk refuses it). The value is serialised
   * when the write is made, so it is not copied here (the webhook queue writes often). */
  write(key: string, value: T): Promise<void> {
    this.load()[key] = value;
    return this.commit();
  }

  delete(key: string): Promise<void> {
    delete this.load()[key];
    return this.commit();
  }

  /** Waits for every write so far to reach the disk. */
  async flush(): Promise<void> {
    await (this.queued ?? this.running);
  }

  private commit(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) {
      this.running = this.writeNow().finally(() => (this.running = null));
      return this.running;
    }
    const after = this.running.catch(() => undefined);
    this.queued = after.then(() => {
      this.queued = null;
      this.running = this.writeNow().finally(() => (this.running = null));
      return this.running;
    });
    return this.queued;
  }

  private async writeNow(): Promise<void> {
    const text = JSON.stringify(this.data ?? {});
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      await writeFile(tmp, text);
      await rename(tmp, this.file);
    } catch (e) {
      this.log(`state file ${this.file} could not be written (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      throw e;
    }
  }
}
