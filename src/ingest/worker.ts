// Reading one report file under limits of time and memory: the ingest runs in a worker thread with
// V8 resourceLimits and a timeout; a file that exceeds either is refused naming the limit, and the
// worker is replaced, so one bad file never stalls or crashes the bot's start or `npm run ingest`.
// The cheap limits (pages, decoded size, nesting) are checked inside the readers (limits.ts).
import { Worker } from 'node:worker_threads';
import { NotAReportError, type Report } from '../model.js';
import { DEFAULT_LIMITS, ingestLimits, limitMessages, reasonOf, setIngestLimits, type IngestLimits } from './limits.js';
import type { Job } from './worker-entry.js';

type Reply = { ready: true } | { job: number; report?: Report; reason?: string };

let worker: Worker | null = null;
let ready: Promise<void> | null = null;
let queue: Promise<unknown> = Promise.resolve();
let nextJob = 1;
let workerMemory = 0;
let warned = false;

async function inThisThread(file: string, id: string, l: IngestLimits): Promise<Report> {
  const { ingestFile } = await import('./index.js');
  const before = ingestLimits();
  setIngestLimits(l);
  try {
    return await ingestFile(file, id);
  } catch (e) {
    throw new NotAReportError(file, reasonOf(e));
  } finally {
    setIngestLimits(before);
  }
}

/** Limits from the environment (GONGKAI_INGEST_TIMEOUT_S, GONGKAI_INGEST_MEMORY_MB), else the defaults. */
export function envLimits(env: Record<string, string | undefined> = process.env): Partial<IngestLimits> {
  const out: Partial<IngestLimits> = {};
  const t = Number(env.GONGKAI_INGEST_TIMEOUT_S);
  if (t > 0) out.timeoutMs = t * 1000;
  const m = Number(env.GONGKAI_INGEST_MEMORY_MB);
  if (m > 0) out.memoryMb = m;
  return out;
}

function spawn(memoryMb: number): Worker {
  // compiled (dist/): the entry itself; TypeScript: a boot file that registers tsx first
  const entry = import.meta.url.endsWith('.js') ? './worker-entry.js' : './worker-boot.mjs';
  const w = new Worker(new URL(entry, import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, memoryMb / 8)) },
    stdout: false,
    stderr: false,
  });
  w.unref();
  workerMemory = memoryMb;
  ready = new Promise<void>((resolve, reject) => {
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
  ready.catch(() => undefined);
  return w;
}

function discard(w: Worker): void {
  if (worker === w) {
    worker = null;
    ready = null;
  }
  void w.terminate().catch(() => undefined);
}

/**
 * Reads a report file in the worker under the limits. Throws NotAReportError with the reason in
 * words: the reader's own, or the limit of time or memory that was hit. Files are read one at a time.
 */
export function ingestFileLimited(file: string, id = file, limits: Partial<IngestLimits> = {}): Promise<Report> {
  const l: IngestLimits = { ...DEFAULT_LIMITS, ...envLimits(), ...limits };
  const run = queue.then(() => runJob(file, id, l));
  queue = run.catch(() => undefined);
  return run;
}

async function runJob(file: string, id: string, l: IngestLimits): Promise<Report> {
  if (worker && workerMemory !== l.memoryMb) discard(worker);
  if (!worker) worker = spawn(l.memoryMb);
  const w = worker;
  w.ref(); // keep the process alive while a file is being read
  try {
    try {
      await ready;
    } catch (e) {
      // no worker thread on this platform: read in this thread, with the readers' own limits
      // (pages, decoded size, nesting) but without the time and memory limits
      discard(w);
      if (!warned) process.stderr.write(`ingest worker could not start (${e instanceof Error ? e.message : String(e)}); reading files without time and memory limits\n`);
      warned = true;
      return await inThisThread(file, id, l);
    }
    return await new Promise<Report>((resolve, reject) => {
      const job = nextJob++;
      const cleanup = () => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
      };
      const fail = (reason: string) => {
        cleanup();
        discard(w);
        reject(new NotAReportError(file, reason));
      };
      const timer = setTimeout(() => fail(limitMessages.time(l.timeoutMs)), l.timeoutMs);
      const onMessage = (m: Reply) => {
        if ('ready' in m || m.job !== job) return;
        cleanup();
        if (m.report) resolve(m.report);
        else reject(new NotAReportError(file, m.reason ?? '未能读取'));
      };
      const onError = (e: Error & { code?: string }) =>
        fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? limitMessages.memory(l.memoryMb) : '读取时出错（读取进程意外中止），未读取');
      const onExit = () => fail('读取时出错（读取进程意外退出），未读取');
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ job, file, id, limits: l } satisfies Job);
    });
  } finally {
    if (worker === w) w.unref();
  }
}

/** Ends the worker (tests; a process exits without it, the worker does not hold it open). */
export async function stopIngestWorker(): Promise<void> {
  if (worker) {
    const w = worker;
    worker = null;
    ready = null;
    await w.terminate().catch(() => undefined);
  }
}
