// An exclusive lock file beside the store (`<store>.lock`, holding the writer's pid). It covers a
// whole read-merge-write of the store; a process that has to wait says so once. A lock whose
// process is gone (killed, crashed) is broken at once; one older than ten minutes too.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';

const STALE_MS = 10 * 60_000;

export async function withFileLock<T>(file: string, fn: () => Promise<T>, log?: (line: string) => void): Promise<T> {
  const lock = `${file}.lock`;
  let said = false;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        try {
          rmSync(lock, { force: true }); // created, but its pid could not be written (full disk)
        } catch {
          /* never created */
        }
        throw e;
      }
      const holder = holderOf(lock);
      if (holder.stale) {
        rmSync(lock, { force: true });
        continue;
      }
      if (!said) {
        log?.(`知识库 ${file} 正被另一个进程（进程 ${holder.pid ?? '?'}）写入，等待它写完…`);
        said = true;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    try {
      rmSync(lock, { force: true });
    } catch {
      /* a read-only folder: nothing was created there either */
    }
  }
}

function holderOf(lock: string): { pid?: number; stale: boolean } {
  let pid: number | undefined;
  let age = 0;
  try {
    pid = Number(readFileSync(lock, 'utf8')) || undefined;
    age = Date.now() - statSync(lock).mtimeMs;
  } catch {
    return { stale: false }; // released meanwhile: try again
  }
  if (age > STALE_MS) return { pid, stale: true };
  if (!pid) return { stale: age > 10_000 }; // being written, or garbage
  if (pid === process.pid) return { pid, stale: false }; // another open store of this process
  try {
    process.kill(pid, 0);
    return { pid, stale: false };
  } catch (e) {
    return { pid, stale: (e as NodeJS.ErrnoException).code === 'ESRCH' };
  }
}
