// An ingest killed halfway keeps what it had written: `npm run ingest` on a generated folder of N
// reports into a new file store, killed (SIGKILL) once the store's catalog holds half of them; then
// the store is opened as the bot opens it and asked a figure of a report it kept. Prints one JSON
// line: reports in the catalog when killed, after, the ingest's peak RSS until then, and the answer.
//   npx tsx bench/kill-ingest.ts [N]      (default 50000; the corpus is bench/out/reports-N)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerFrom } from '../src/answer/index.js';
import { openKnowledge, reportCount } from '../src/knowledge.js';
import { corpus } from './generate.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const n = Number(process.argv[2] ?? 50000);
const { dir, manifest } = corpus(n);
const store = join(ROOT, 'bench', 'out', `killed-${n}.json`);
for (const f of [store, `${store}.lock`, `${store}.d`]) rmSync(f, { recursive: true, force: true });

/** Reports in the catalog now (0 while there is none, or while it is being replaced). */
function stored(): number {
  try {
    return (JSON.parse(readFileSync(store, 'utf8')) as { reports: unknown[] }).reports.length;
  } catch {
    return 0;
  }
}
const hwm = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const t0 = performance.now();
const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', dir, '--store', store, '--knowledge', dir], { cwd: ROOT, stdio: 'ignore' });
let peakMB = 0;
let atKill = 0;
await new Promise<void>((done) => {
  const tick = setInterval(() => {
    try {
      peakMB = Math.max(peakMB, hwm(child.pid!));
    } catch {
      /* exited */
    }
    const now = stored();
    if (now >= n / 2) {
      atKill = now;
      child.kill('SIGKILL');
      clearInterval(tick);
    }
  }, 200);
  child.on('exit', () => (clearInterval(tick), done()));
});
const killedAfterMs = performance.now() - t0;
// the bot's start over what was written (no folder scan: what the store holds)
const k = await openKnowledge({ dir, store, scan: false });
const after = reportCount(k);
const ids = new Set((await k.store!.list()).map((r) => r.id));
const kept = manifest.reports.filter((e) => ids.has(join(dir, e.file)));
const e = kept[Math.floor(kept.length / 2)]!;
const a = await answerFrom(`${e.agency}${e.year}年收到多少政府信息公开申请？`, { knowledge: k });
console.log(
  JSON.stringify({
    n,
    killedAfterMs,
    inCatalogAtKill: atKill,
    afterRestart: after,
    lockLeft: existsSync(`${store}.lock`),
    ingestPeakRssMB: peakMB,
    asked: `${e.agency}${e.year}`,
    figure: a.figures[0]?.value ?? null,
    expected: e.received,
    loadAverage: loadavg(),
  }),
);
process.exit(after >= atKill && a.figures[0]?.value === e.received ? 0 : 1);
