// Waiting for a started bot process (`bots/main.ts`) to say where its web server listens.
import type { ChildProcess } from 'node:child_process';

/** The base URL from the process's start line on stderr; rejects, with its stderr, when it exits first or says nothing in time. */
export function webUrlOf(child: ChildProcess, timeoutMs: number): Promise<string> {
  let err = '';
  return new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line; stderr: ${err}`)), timeoutMs);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /网页与接口已启动：(http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}; stderr: ${err}`)));
  });
}
