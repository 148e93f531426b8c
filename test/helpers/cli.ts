// The command-line tools spawned as `npm run …` runs them: node scripts/launch.mjs ENTRY, which runs
// the compiled dist/ when it is current (as after an install) and the TypeScript through tsx when a
// source was edited since the build.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './tianjin.js';

export interface CliRun {
  /** the exit status (-1 when killed by a signal) */
  code: number;
  out: string;
  err: string;
}

/** Runs ENTRY (src/cli/check, bench/run …) with arguments, standard input and extra environment, in the repository. */
export function runCli(entry: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [join(REPO, 'scripts', 'launch.mjs'), entry, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, ...opts.env }, maxBuffer: 16 << 20 }, (e, stdout, stderr) =>
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, out: stdout, err: stderr }),
    );
    // a tool may exit before reading its input (a usage error): that is its answer, not a failure
    child.stdin?.on('error', () => {});
    child.stdin?.end(opts.input ?? '');
  });
}
