// One measurement in its own process, so that memory figures do not accumulate between runs.
//   node --import tsx bench/worker.ts ingest DIR STORE      builds the store from nothing
//   node --import tsx bench/worker.ts serve DIR STORE MODE  answers the question set (store built); MODE: demand (reports
//                                                           fetched as questions need them) or memory (every report loaded)
// Prints one JSON line.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Manifest } from './generate.js';
import { questionSet } from './questions.js';
import { distIsCurrent } from '../scripts/dist-current.mjs';

// the engine as users run it: the compiled dist/ when it is current (npm start, ask and the bots run
// it; the bench builds it before answering), else the sources through tsx — each line says which
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const engine = process.env.BENCH_ENGINE !== 'src' && distIsCurrent(ROOT) ? 'dist' : 'src';
const from = engine === 'dist' ? '../dist/src' : '../src';
const { answerFrom } = (await import(`${from}/answer/index.js`)) as typeof import('../src/answer/index.js');
const { openKnowledge, reportCount } = (await import(`${from}/knowledge.js`)) as typeof import('../src/knowledge.js');

const [mode, dir, store, how = 'memory'] = process.argv.slice(2) as [string, string, string, string?];
const onDemand = how === 'demand';
const maxRssMB = () => process.resourceUsage().maxRSS / 1024;

if (mode === 'ingest') {
  rmSync(store, { force: true });
  rmSync(`${store}.lock`, { force: true });
  rmSync(`${store}.d`, { recursive: true, force: true });
  const t = performance.now();
  const k = await openKnowledge({ dir, store });
  const ms = performance.now() - t;
  console.log(JSON.stringify({ reports: reportCount(k), problems: k.problems?.length ?? 0, ms, perSecond: reportCount(k) / (ms / 1000), maxRssMB: maxRssMB() }));
} else if (mode === 'serve') {
  const budgetMs = Number(process.env.BENCH_SERVE_MS ?? 3000);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const questions = questionSet(manifest);
  const k = await openKnowledge({ dir, store, onDemand });
  const answer = (text: string) => answerFrom(text, { knowledge: k });
  // first pass: indexes are built, code is compiled; also where correctness is counted
  let expected = 0;
  let correct = 0;
  const wrong: string[] = [];
  const kinds: Record<string, number> = {};
  for (const q of questions) {
    const a = await answer(q.text);
    kinds[a.kind] = (kinds[a.kind] ?? 0) + 1;
    if (q.expect !== undefined) {
      expected++;
      if (a.figures[0]?.value === q.expect) correct++;
      else if (wrong.length < 5) wrong.push(`${q.text} → ${a.figures[0]?.value ?? a.kind} (want ${q.expect})`);
    }
  }
  for (let i = 0; i < 2; i++) for (const q of questions) await answer(q.text);
  // measured rounds: the whole set in order, again and again, until the budget is spent
  const times: number[] = [];
  const byKind: Record<string, number[]> = {};
  const started = performance.now();
  let busy = 0;
  while (performance.now() - started < budgetMs || times.length < questions.length) {
    for (const q of questions) {
      const t0 = process.hrtime.bigint();
      await answer(q.text);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      times.push(ms);
      (byKind[q.kind] ??= []).push(ms);
      busy += ms;
    }
  }
  const pct = (xs: number[], p: number) => {
    const s = xs.slice().sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  };
  const kindP99 = Object.fromEntries(Object.entries(byKind).map(([kind, xs]) => [kind, { p50: pct(xs, 50), p99: pct(xs, 99) }]));
  console.log(
    JSON.stringify({
      reports: k.catalog?.size ?? k.reports.length,
      mode: onDemand ? 'demand' : 'memory',
      engine,
      questions: questions.length,
      answers: times.length,
      p50: pct(times, 50),
      p95: pct(times, 95),
      p99: pct(times, 99),
      max: Math.max(...times),
      answersPerSecond: times.length / (busy / 1000),
      figuresCorrect: `${correct}/${expected}`,
      wrong,
      kinds,
      byKind: kindP99,
      maxRssMB: maxRssMB(),
      heapMB: process.memoryUsage().heapUsed / 1e6,
    }),
  );
} else {
  console.error('usage: worker.ts ingest|serve DIR STORE');
  process.exit(2);
}
