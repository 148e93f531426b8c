// Reading one report file under limits of time and memory: the ingest runs in a worker thread with
// V8 resourceLimits and a timeout; a file that exceeds either is refused naming the limit, and the
// worker is replaced, so one bad file never stalls or crashes the bot's start, `npm run ingest`,
// a staff upload or a report fetched from a web address. Every file a user hands over is read
// this way. The cheap limits (pages, decoded size, nesting, zip entries) are checked inside the
// readers (limits.ts, zip-limits.ts).
import { Worker } from 'node:worker_threads';
import { NotAReportError, type Report } from '../model.js';
import { DEFAULT_LIMITS, ingestLimits, limitMessages, reasonOf, setIngestLimits, type IngestLimits } from './limits.js';
import type { Job, Source } from './worker-entry.js';

type Reply = { ready: true } | { job: number; report?: Report; reason?: string };

/** Limits from the environment (GONGKAI_INGEST_TIMEOUT_S, GONGKAI_INGEST_MEMORY_MB), else the defaults. */
export function envLimits(env: Record<string, string | undefined> = process.env): Partial<IngestLimits> {
  const out: Partial<IngestLimits> = {};
  const t = Number(env.GONGKAI_INGEST_TIMEOUT_S);
  if (t > 0) out.timeoutMs = t * 1000;
  const m = Number(env.GONGKAI_INGEST_MEMORY_MB);
  if (m > 0) out.memoryMb = m;
  return out;
}

let warned = false;

async function inThisThread(source: Source, id: string, l: IngestLimits): Promise<Report> {
  const { ingestFile, ingestBytes } = await import('./index.js');
  const before = ingestLimits();
  setIngestLimits(l);
  try {
    return 'bytes' in source ? await ingestBytes(source.file, Buffer.from(source.bytes), id, { name: source.name, url: source.url }) : await ingestFile(source.file, id);
  } catch (e) {
    throw new NotAReportError(source.file, reasonOf(e));
  } finally {
    setIngestLimits(before);
  }
}

/**
 * One worker thread reading files one at a time under the limits. The process has one for the
 * knowledge folder and `npm run ingest` (ingestFileLimited); the web server has its own for
 * uploads, with its own limits.
 */
export class LimitedReader {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextJob = 1;
  private workerMemory = 0;
  /** a worker being ended: the next is started once it is gone (never two heaps at once) */
  private ending: Promise<unknown> = Promise.resolve();
  /** files being read or waiting */
  waiting = 0;

  constructor(private readonly limits: Partial<IngestLimits> = {}) {}

  /**
   * Reads a file (a path, or bytes with the name that tells their format) in the worker. Throws
   * NotAReportError with the reason in words: the reader's own, or the limit that was hit.
   */
  read(source: Source, id = source.file, limits: Partial<IngestLimits> = {}): Promise<Report> {
    const l: IngestLimits = { ...DEFAULT_LIMITS, ...envLimits(), ...this.limits, ...limits };
    this.waiting++;
    const run = this.queue.then(() => this.runJob(source, id, l));
    this.queue = run.catch(() => undefined);
    return run.finally(() => this.waiting--);
  }

  private spawn(memoryMb: number): Worker {
    // compiled (dist/): the entry itself; TypeScript: a boot file that registers tsx first
    const entry = import.meta.url.endsWith('.js') ? './worker-entry.js' : './worker-boot.mjs';
    const w = new Worker(new URL(entry, import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(32, Math.max(8, memoryMb / 8)) },
      stdout: false,
      stderr: false,
    });
    w.unref();
    this.workerMemory = memoryMb;
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: Reply) => {
        if ('ready' in m) {
          w.off('message', onMessage);
          w.off('error', reject);
          resolve();
        }
      };
      w.on('message', onMessage);
      w.once('error', reject);
    });
    this.ready.catch(() => undefined);
    return w;
  }

  private discard(w: Worker): void {
    if (this.worker === w) {
      this.worker = null;
      this.ready = null;
    }
    this.ending = w.terminate().catch(() => undefined);
  }

  private async runJob(source: Source, id: string, l: IngestLimits): Promise<Report> {
    if (this.worker && this.workerMemory !== l.memoryMb) this.discard(this.worker);
    if (!this.worker) {
      await this.ending;
      this.worker = this.spawn(l.memoryMb);
    }
    const w = this.worker;
    w.ref(); // keep the process alive while a file is being read
    try {
      try {
        await this.ready;
      } catch (e) {
        // no worker thread on this platform: read in this thread, with the readers' own limits
        // (pages, decoded size, nesting) but without the time and memory limits
        this.discard(w);
        if (!warned) process.stderr.write(`ingest worker could not start (${e instanceof Error ? e.message : String(e)}); reading files without time and memory limits\n`);
        warned = true;
        return await inThisThread(source, id, l);
      }
      return await new Promise<Report>((resolve, reject) => {
        const job = this.nextJob++;
        const cleanup = () => {
          clearTimeout(timer);
          w.off('message', onMessage);
          w.off('error', onError);
          w.off('exit', onExit);
        };
        const fail = (reason: string) => {
          cleanup();
          this.discard(w);
          reject(new NotAReportError(source.file, reason));
        };
        const timer = setTimeout(() => fail(limitMessages.time(l.timeoutMs)), l.timeoutMs);
        const onMessage = (m: Reply) => {
          if ('ready' in m || m.job !== job) return;
          cleanup();
          if (m.report) resolve(m.report);
          else reject(new NotAReportError(source.file, m.reason ?? '未能读取'));
        };
        const onError = (e: Error & { code?: string }) =>
          fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? limitMessages.memory(l.memoryMb) : '读取时出错（读取进程意外中止），未读取');
        const onExit = () => fail('读取时出错（读取进程意外退出），未读取');
        w.on('message', onMessage);
        w.on('error', onError);
        w.on('exit', onExit);
        w.postMessage({ job, source, id, limits: l } satisfies Job);
      });
    } finally {
      if (this.worker === w) w.unref();
    }
  }

  /** Ends the worker (a process exits without it: the worker does not hold it open). */
  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    await w?.terminate().catch(() => undefined);
  }
}

const shared = new LimitedReader();

/** Reads a report file in the process's worker under the limits (files are read one at a time). */
export function ingestFileLimited(file: string, id = file, limits: Partial<IngestLimits> = {}): Promise<Report> {
  return shared.read({ file }, id, limits);
}

/** Reads report bytes (an upload, a page fetched) in the process's worker under the limits. */
export function ingestBytesLimited(file: string, bytes: Uint8Array, id = file, opts: { name?: string; url?: string } = {}): Promise<Report> {
  return shared.read({ file, bytes, ...opts }, id);
}

/** Ends the process's worker (tests; a process exits without it, the worker does not hold it open). */
export async function stopIngestWorker(): Promise<void> {
  await shared.stop();
}
