// Reads report files into reports, calling back once per file (in the order they finish) with the
// report or why it could not be read. Every file is read under the limits of ingest/worker.ts (its
// own thread, pages, size, nesting, time, memory); many files are read from worker threads, one per
// core, so that ingest time falls with cores (PDFs are the slow part); a few from this thread.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { reasonOf } from './ingest/limits.js';
import { ingestFileLimited } from './ingest/worker.js';
import type { Report } from './model.js';
import type { Packed } from './store/types.js';

/** A file read: the report (with `pack`, also packed as the stores write it), or why it could not be. */
export type ReadResult = { report: Report; packed?: Packed } | { problem: string };

export async function readOne(file: string): Promise<ReadResult> {
  try {
    return { report: await ingestFileLimited(file, file) };
  } catch (e) {
    return { problem: reasonOf(e) };
  }
}

/** Threads for this many files: GONGKAI_INGEST_THREADS, else one per core; none for a handful of files. */
export function threadsFor(files: number, env: NodeJS.ProcessEnv = process.env): number {
  const asked = env.GONGKAI_INGEST_THREADS?.trim();
  const n = asked && /^\d+$/.test(asked) ? Number(asked) : availableParallelism();
  if (n <= 1 || files < 8) return 0;
  return Math.min(n, Math.ceil(files / 4));
}

export interface ReadOptions {
  /** worker threads to use (default: threadsFor(files.length)); 0 reads in this thread */
  threads?: number;
  /** each report packed as the stores write it (store/codec.ts packFor), in the reading threads */
  pack?: boolean;
  /**
   * with pack: a report comes back as its id, agency and year only, beside what was packed (the
   * caller writes it and keeps nothing else: a batch waiting to be written holds a few KB a report)
   */
  slim?: boolean;
}

/** Reads every file; returns how many worker threads did it (0: this thread). */
export async function readFiles(files: string[], each: (index: number, result: ReadResult) => void | Promise<void>, opts: ReadOptions = {}): Promise<{ threads: number }> {
  const threads = Math.min(opts.threads ?? threadsFor(files.length), files.length);
  if (threads <= 0) {
    for (let i = 0; i < files.length; i++) await each(i, await readOne(files[i]!));
    return { threads: 0 };
  }
  let next = 0;
  const serve = (worker: Worker) =>
    new Promise<void>((done) => {
      let current = -1;
      const give = () => {
        current = next++;
        if (current >= files.length) {
          void worker.terminate();
          done();
        } else worker.postMessage({ i: current, file: files[current], pack: opts.pack, slim: opts.slim });
      };
      // the next file once this one is taken (a slow store holds the threads back, not the memory)
      worker.on('message', async (m: { i: number; r: ReadResult }) => {
        await each(m.i, m.r);
        give();
      });
      worker.once('error', async () => {
        // the thread died (out of memory, a crash in a reader): what it held is read here, the rest by the others
        worker.removeAllListeners('message');
        if (current >= 0 && current < files.length) await each(current, await readOne(files[current]!));
        done();
      });
      give();
    });
  const workers = Array.from({ length: threads }, spawnWorker);
  await Promise.all(workers.map(serve));
  // files left when every thread died
  while (next < files.length) {
    const i = next++;
    await each(i, await readOne(files[i]!));
  }
  return { threads };
}

function spawnWorker(): Worker {
  // compiled (dist/): the worker itself; TypeScript (tsx, vitest): a boot file that registers tsx first
  return new Worker(new URL(import.meta.url.endsWith('.js') ? './read-worker.js' : './read-worker-boot.mjs', import.meta.url));
}
