// Waiting for a started bot process (`bots/main.ts`) to say where it listens.
import type { ChildProcess } from 'node:child_process';

/**
 * The first match of `re` in what the process writes to stderr (collected from now on); rejects,
 * with its stderr, when it exits first or says nothing in time.
 */
export function stderrMatch(child: ChildProcess, re: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  let err = '';
  return new Promise<RegExpExecArray>((resolveMatch, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${re}; stderr: ${err}`)), timeoutMs);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = re.exec(err);
      if (m) {
        clearTimeout(timer);
        resolveMatch(m);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}; stderr: ${err}`)));
  });
}

/** The base URL from the process's start line on stderr. */
export async function webUrlOf(child: ChildProcess, timeoutMs: number): Promise<string> {
  return (await stderrMatch(child, /网页与接口已启动：(http:\/\/127\.0\.0\.1:\d+)\//, timeoutMs))[1]!;
}
