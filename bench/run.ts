// npm run bench [-- --quick] [--n 1,100] [--pg 10000,100000]
// For N = 1, 100, 1000, 5000 generated reports (--quick: 1 and 100): ingest throughput through
// openKnowledge building the store, cold start (spawn → first answer, store built), answer latency
// p50/p95/p99 over the fixed question set, answers per second on one core, peak RSS of each
// process doing the work, and the store's size on disk.
// Then the PostgreSQL store (bench/pg.ts) for the --pg sizes (default 10000,100000; --quick: none):
// ingest/s, a bot instance's cold start, p50/p99 of questions with and without an agency, RSS,
// store size, and the same facts through a plain Map and MiniSearch, as ratios. A size whose ingest
// would take longer than --pg-budget-min (default 10) at the rate measured so far is not run,
// unless --pg-reuse finds it ingested by an earlier run (its ingest figures are kept in
// bench/out/pg-ingest-N.json).
// DATABASE_URL selects the server (else PGlite in bench/out/pglite-N).
// Prints tables; writes bench/out/results.json (git-ignored).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli } from '../src/cli/args.js';
import { corpus } from './generate.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '..');
const OUT = join(HERE, 'out');

const { values } = parseCli('用法：npm run bench [-- [--quick] [--n 1,100,1000] [--serve-ms 3000] [--pg 10000,100000] [--pg-budget-min 10] [--pg-reuse] [--out FILE]]', {
  quick: { type: 'boolean', default: false },
  n: { type: 'string' },
  'serve-ms': { type: 'string' },
  pg: { type: 'string' },
  'pg-budget-min': { type: 'string' },
  // a schema ingested by an earlier run (bench/out/pg-ingest-N.json says how fast) is measured again without ingesting it again
  'pg-reuse': { type: 'boolean', default: false },
  // reports made from a pool and written straight into the store (bench/national.ts), not read from files; always above 100,000
  'pg-load': { type: 'boolean', default: false },
  out: { type: 'string' },
});
const pgSizes = values.pg !== undefined ? values.pg.split(',').filter(Boolean).map(Number) : values.quick || values.n ? [] : [10000, 100000];
const pgBudgetMs = Number(values['pg-budget-min'] ?? 10) * 60_000;
const sizes = values.n !== undefined ? values.n.split(',').filter(Boolean).map(Number) : values.quick ? [1, 100] : [1, 100, 1000, 5000];
const serveMs = Number(values['serve-ms'] ?? (values.quick ? 1500 : 3000));
const COLD_RUNS = values.quick ? 3 : 5;
const MODES = ['demand', 'memory'] as const;

/** The store's size on disk: its file, and the folder of its reports when it has one. */
function storeBytes(store: string): number {
  let bytes = existsSync(store) ? statSync(store).size : 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else bytes += statSync(join(d, e.name)).size;
    }
  };
  if (existsSync(`${store}.d`)) walk(`${store}.d`);
  return bytes;
}

// one core for the answering process, when taskset is there
const pin = existsSync('/usr/bin/taskset') ? ['/usr/bin/taskset', '-c', '0'] : [];

interface Spawned {
  json: Record<string, unknown>;
  /** ms from spawn to the first line on stdout */
  firstLineMs: number;
}

/**
 * Spawns a command in the repository, optionally writing `stdin`; resolves with what it printed and
 * the ms from spawn to its first line on stdout, rejects (with its stderr) when it exits non-zero.
 */
function spawnTimed(cmd: string[], env: Record<string, string>, stdin?: string): Promise<{ out: string; firstLineMs: number }> {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const child = spawn(cmd[0]!, cmd.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let firstLineMs = NaN;
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (Number.isNaN(firstLineMs) && out.includes('\n')) firstLineMs = performance.now() - t0;
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok({ out, firstLineMs }) : fail(new Error(`${cmd.slice(1).join(' ')}: exit ${code}\n${err.slice(-2000)}\n${out.slice(-500)}`))));
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

/** A bench script through tsx: its last line of output as JSON. */
async function run(args: string[], env: Record<string, string> = {}, pinned = false): Promise<Spawned> {
  const { out, firstLineMs } = await spawnTimed([...(pinned ? pin : []), process.execPath, '--import', 'tsx', ...args], env);
  const line = out.trim().split('\n').pop() ?? '';
  try {
    return { json: JSON.parse(line) as Record<string, unknown>, firstLineMs };
  } catch (e) {
    throw new Error(`${args.join(' ')}: ${String(e)}\n${out.slice(-500)}`);
  }
}

/**
 * The product's own cold start: `npm run --silent ask -- --json` as a user runs it (scripts/launch.mjs:
 * the compiled dist/, built before the runs), spawn → the first answer's line; its figure.
 */
async function askCold(question: string, args: string[], env: Record<string, string>): Promise<{ ms: number; figure: number | null }> {
  const { out, firstLineMs } = await spawnTimed([process.execPath, join(ROOT, 'scripts', 'launch.mjs'), 'src/cli/ask', '--json', ...args], env, question + '\n');
  const a = JSON.parse(out.split('\n')[0]!) as { figures: { value: number }[] };
  return { ms: firstLineMs, figure: a.figures[0]?.value ?? null };
}
let built = false;
/** dist/ built from the sources as they are, once per run (else the launcher would run them through tsx). */
function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  built = true;
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const num = (x: unknown) => Number(x);

export interface Row {
  n: number;
  mode: string;
  ingestPerSecond: number;
  ingestMs: number;
  coldStartMs: number;
  coldStartSteps: Record<string, number>;
  /** `npm run ask` as a user runs it (compiled dist/): spawn → first answer */
  coldStartCompiledMs: number;
  coldStartCompiledCorrect: boolean;
  p50: number;
  p95: number;
  p99: number;
  answersPerSecond: number;
  figuresCorrect: string;
  peakRssMB: { ingest: number; coldStart: number; serve: number };
  storeMB: number;
  serve: Record<string, unknown>;
}

function machine() {
  const model = cpus()[0]?.model ?? (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? '?');
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync('nproc').toString().trim();
  } catch {
    /* no nproc */
  }
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    /* not a checkout */
  }
  return { cpu: model.trim(), nproc: Number(nproc), node: process.version, commit, date: new Date().toISOString(), loadAverage: loadavg().map((x) => +x.toFixed(2)) };
}

const rows: Row[] = [];
const info = machine();
console.log(`gongkai-bot benchmark — ${info.cpu}, ${info.nproc} cores, Node ${info.node}, load average ${info.loadAverage.join(' ')}`);
for (const n of sizes) {
  const t = performance.now();
  const { dir, manifest } = corpus(n);
  const genMs = performance.now() - t;
  const store = join(OUT, `store-${n}.json`);
  process.stdout.write(`N=${n}: corpus ready (${(genMs / 1000).toFixed(1)} s); ingest…`);
  // the workers ingest and answer with the compiled dist/, as npm run ingest / start run it
  buildOnce();
  const ingest = await run(['bench/worker.ts', 'ingest', dir, store]);
  const q = manifest.reports[Math.floor(manifest.reports.length / 2)]!;
  const question = `${q.agency}${q.year}年收到多少政府信息公开申请？`;
  // both ways of answering: reports fetched from the store as questions need them, and every report loaded
  for (const mode of MODES) {
    process.stdout.write(` ${mode}: cold start…`);
    const colds: Spawned[] = [];
    for (let i = 0; i < COLD_RUNS; i++) colds.push(await run(['bench/first-answer.ts', dir, store, question, mode]));
    const coldOk = colds.every((c) => c.json.figure === q.received);
    const cold = colds.map((c) => c.firstLineMs);
    const mid = colds[cold.indexOf(median(cold))]!;
    buildOnce();
    const compiled: { ms: number; figure: number | null }[] = [];
    const env = { GONGKAI_STORE: store, DATABASE_URL: '', REDIS_URL: '', GONGKAI_ON_DEMAND: mode === 'demand' ? '1' : '0' };
    for (let i = 0; i < COLD_RUNS; i++) compiled.push(await askCold(question, ['--knowledge', dir], env));
    process.stdout.write(' answers…');
    const serve = await run(['bench/worker.ts', 'serve', dir, store, mode], { BENCH_SERVE_MS: String(serveMs) }, true);
    const s = serve.json;
    rows.push({
      n,
      mode,
      ingestPerSecond: num(ingest.json.perSecond),
      ingestMs: num(ingest.json.ms),
      coldStartMs: median(cold),
      coldStartSteps: { ...(mid.json.ms as Record<string, number>), correct: coldOk ? 1 : 0 },
      coldStartCompiledMs: median(compiled.map((c) => c.ms)),
      coldStartCompiledCorrect: compiled.every((c) => c.figure === q.received),
      p50: num(s.p50),
      p95: num(s.p95),
      p99: num(s.p99),
      answersPerSecond: num(s.answersPerSecond),
      figuresCorrect: String(s.figuresCorrect),
      peakRssMB: { ingest: num(ingest.json.maxRssMB), coldStart: Math.max(...colds.map((c) => num(c.json.maxRssMB))), serve: num(s.maxRssMB) },
      storeMB: storeBytes(store) / 1024 / 1024,
      serve: s,
    });
  }
  process.stdout.write(' done\n');
}

// ---------- table ----------

const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const header = ['N', 'mode', 'ingest/s', 'cold start', 'cold start (npm run ask)', 'p50 ms', 'p95 ms', 'p99 ms', 'answers/s', 'RSS ingest', 'RSS serve', 'store', 'figures ok'];
const table = [
  header,
  ...rows.map((r) => [
    String(r.n),
    r.mode,
    f(r.ingestPerSecond, 0),
    `${f(r.coldStartMs, 0)} ms`,
    `${f(r.coldStartCompiledMs, 0)} ms${r.coldStartCompiledCorrect ? '' : ' (wrong figure)'}`,
    f(r.p50, 2),
    f(r.p95, 2),
    f(r.p99, 2),
    f(r.answersPerSecond, 0),
    `${f(r.peakRssMB.ingest, 0)} MB`,
    `${f(r.peakRssMB.serve, 0)} MB`,
    `${f(r.storeMB, 1)} MB`,
    r.figuresCorrect,
  ]),
];
const widths = header.map((_, i) => Math.max(...table.map((row) => [...row[i]!].length)));
const markdown = [
  `| ${header.join(' | ')} |`,
  `|${header.map((h, i) => (i === 0 ? '---:' : '---:')).join('|')}|`,
  ...table.slice(1).map((row) => `| ${row.join(' | ')} |`),
].join('\n');
console.log();
for (const row of table) console.log(row.map((c, i) => c.padStart(widths[i]!)).join('  '));
const engines = [...new Set(rows.map((r) => String(r.serve.engine ?? 'src')))];
if (rows.length) console.log(`answered by: ${engines.map((e) => (e === 'dist' ? 'the compiled dist/ (as npm start runs it)' : 'the sources through tsx (dist/ was not current)')).join(', ')}`);

// ---------- targets (at 1000) and growth (1000 → 5000) ----------

const at = (n: number) => rows.find((r) => r.n === n && r.mode === 'memory');
const checks: { what: string; ok: boolean; value: string }[] = [];
const r1k = at(1000);
if (r1k) {
  const peak = Math.max(r1k.peakRssMB.ingest, r1k.peakRssMB.serve, r1k.peakRssMB.coldStart);
  checks.push(
    { what: 'p99 ≤ 5 ms', ok: r1k.p99 <= 5, value: `${f(r1k.p99, 2)} ms` },
    { what: 'p50 ≤ 1 ms', ok: r1k.p50 <= 1, value: `${f(r1k.p50, 2)} ms` },
    { what: 'cold start ≤ 1 s (through tsx, steps timed)', ok: r1k.coldStartMs <= 1000, value: `${f(r1k.coldStartMs, 0)} ms` },
    { what: 'cold start ≤ 1 s (npm run ask, compiled, as users start it)', ok: r1k.coldStartCompiledMs <= 1000 && r1k.coldStartCompiledCorrect, value: `${f(r1k.coldStartCompiledMs, 0)} ms` },
    { what: 'ingest ≥ 200 reports/s', ok: r1k.ingestPerSecond >= 200, value: `${f(r1k.ingestPerSecond, 0)}/s` },
    { what: 'peak RSS ≤ 300 MB', ok: peak <= 300, value: `${f(peak, 0)} MB` },
  );
}
const r5k = at(5000);
if (r1k && r5k) {
  // ×5 reports: at most linear is at most ×5, for sizes, memory and times alike (20% slack for noise).
  // Answer latency should ideally stay flat (an index narrows every question): its growth is shown too.
  const g = (a: number, b: number) => b / a;
  const growth: [string, number][] = [
    ['store size', g(r1k.storeMB, r5k.storeMB)],
    ['serve RSS', g(r1k.peakRssMB.serve, r5k.peakRssMB.serve)],
    ['ingest RSS', g(r1k.peakRssMB.ingest, r5k.peakRssMB.ingest)],
    ['cold start', g(r1k.coldStartMs, r5k.coldStartMs)],
    ['ingest time', g(r1k.ingestMs, r5k.ingestMs)],
    ['p50', g(r1k.p50, r5k.p50)],
    ['p95', g(r1k.p95, r5k.p95)],
    ['p99', g(r1k.p99, r5k.p99)],
  ];
  for (const [what, x] of growth) checks.push({ what: `1000→5000 reports (×5): ${what} ×${f(x, 2)}`, ok: x <= 5 * 1.2, value: `×${f(x, 2)}` });
}
if (checks.length) {
  console.log();
  for (const c of checks) console.log(`${c.ok ? '✓' : '✗'} ${c.what}${c.what.includes('×') ? '' : `: ${c.value}`}`);
}
// ---------- the PostgreSQL store ----------

const pgRows: Record<string, unknown>[] = [];
const pgSkipped: string[] = [];
let rate = NaN; // reports/s of the last PostgreSQL ingest
for (const n of pgSizes) {
  const kept = join(OUT, `pg-ingest-${n}.json`);
  const reuse = values['pg-reuse'] && existsSync(kept) ? (JSON.parse(readFileSync(kept, 'utf8')) as Record<string, unknown>) : undefined;
  if (!reuse && Number.isFinite(rate) && n / rate > pgBudgetMs / 1000) {
    const why = `N=${n} (PostgreSQL) not run: at the ${f(rate, 0)} reports/s measured, ingest would take ${f(n / rate / 60, 0)} min (budget ${pgBudgetMs / 60_000} min)`;
    pgSkipped.push(why);
    console.log(why);
    continue;
  }
  const t = performance.now();
  const env = { DATABASE_URL: process.env.DATABASE_URL?.trim() || `pglite:${join(OUT, `pglite-${n}`)}` };
  const schema = `bench_${n}`;
  // above 100,000 (or --pg-load): no files, the reports written straight into the store
  const loaded = values['pg-load'] || n > 100_000;
  const dir = loaded ? join(OUT, `national-${n}`) : corpus(n).dir;
  process.stdout.write(`N=${n} (PostgreSQL${loaded ? ', loaded' : ''}): corpus ready (${((performance.now() - t) / 1000).toFixed(1)} s); ingest…`);
  const ingest = reuse ? { json: reuse, firstLineMs: NaN } : await run(loaded ? ['bench/pg.ts', 'load', String(n), dir, schema] : ['bench/pg.ts', 'ingest', dir, schema], env);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { reports: { agency: string; year: number; received: number }[] };
  if (!reuse) writeFileSync(kept, JSON.stringify({ ...ingest.json, at: new Date().toISOString() }) + '\n');
  rate = num(ingest.json.perSecond);
  process.stdout.write(' cold start…');
  const q = manifest.reports[Math.floor(manifest.reports.length / 2)]!;
  const question = `${q.agency}${q.year}年收到多少政府信息公开申请？`;
  const colds: Spawned[] = [];
  for (let i = 0; i < 3; i++) colds.push(await run(['bench/pg.ts', 'first', dir, schema, question], env));
  const cold = colds.map((c) => c.firstLineMs);
  // the product's own start over the database, as a bot instance beside an ingest worker (GONGKAI_SCAN=0: on demand)
  buildOnce();
  const compiled: { ms: number; figure: number | null }[] = [];
  for (let i = 0; i < 3; i++) compiled.push(await askCold(question, [], { ...env, GONGKAI_PG_SCHEMA: schema, GONGKAI_SCAN: '0', GONGKAI_STORE: '', REDIS_URL: '' }));
  process.stdout.write(' answers…');
  const serve = await run(['bench/pg.ts', 'serve', dir, schema], { ...env, BENCH_SERVE_MS: String(serveMs) }, true);
  process.stdout.write(' done\n');
  const mid = colds[cold.indexOf(median(cold))]!;
  pgRows.push({
    n,
    loaded,
    database: env.DATABASE_URL.startsWith('pglite:') ? 'PGlite' : 'PostgreSQL',
    ingest: ingest.json,
    coldStartMs: median(cold),
    coldStartSteps: mid.json.ms,
    coldStartCorrect: colds.every((c) => c.json.figure === q.received),
    coldStartRssMB: Math.max(...colds.map((c) => num(c.json.maxRssMB))),
    coldStartCompiledMs: median(compiled.map((c) => c.ms)),
    coldStartCompiledCorrect: compiled.every((c) => c.figure === q.received),
    serve: serve.json,
  });
}
let pgMarkdown = '';
if (pgRows.length) {
  type K = { p50: number; p99: number };
  const head = ['N', 'db', 'ingest/s', 'writes/s', 'cold start', 'cold start (npm run ask)', 'with agency p50/p99 ms', 'no agency (engine) p50/p99', 'no agency (store): by words p50/p99', 'RSS bot', 'store', 'KB a report', 'figures ok', 'p50 ÷ Map p50', 'MiniSearch p50 ÷ p50'];
  const body = pgRows.map((r) => {
    const s = r.serve as Record<string, unknown>;
    const k = s.byKind as Record<string, K>;
    const pp = (x: K | undefined) => (x ? `${f(x.p50, 2)} / ${f(x.p99, 2)}` : '—');
    const ratios = s.ratios as Record<string, number>;
    return [
      String(r.n),
      `${String(r.database)}${r.loaded ? ' (loaded)' : ''}`,
      f(num((r.ingest as Record<string, unknown>).perSecond), 0),
      f(num((r.ingest as Record<string, unknown>).reports) / (num((r.ingest as Record<string, unknown>).writeMs) / 1000), 0),
      `${f(num(r.coldStartMs), 0)} ms`,
      `${f(num(r.coldStartCompiledMs), 0)} ms${r.coldStartCompiledCorrect ? '' : ' (wrong figure)'}`,
      pp(k['with agency']),
      pp(k['no agency (engine): words, ranking, small talk']),
      pp(k['no agency (store): reports by words']),
      `${f(num(s.rssServeMB), 0)} MB`,
      `${f(num((r.ingest as Record<string, unknown>).storeMB), 0)} MB`,
      f(num((r.ingest as Record<string, unknown>).bytesPerReport) / 1024, 1),
      String(s.figuresCorrect),
      `×${f(ratios['p50 with agency / Map p50']!, 0)}`,
      `×${f(1 / ratios['p50 with agency / MiniSearch p50']!, 0)}`,
    ];
  });
  pgMarkdown = [`| ${head.join(' | ')} |`, `|${head.map(() => '---:').join('|')}|`, ...body.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  console.log('\n' + pgMarkdown);
}
for (const why of pgSkipped) console.log(why);

// the bench fails loudly when an answer is wrong: a figure missed, or a cold start's figure wrong
const failures = [
  ...rows.flatMap((r) => {
    const [ok, all] = r.figuresCorrect.split('/').map(Number);
    return [
      ...(ok !== all ? [`N=${r.n} ${r.mode}: figures ${r.figuresCorrect} (${((r.serve.wrong as string[] | undefined) ?? []).join('; ')})`] : []),
      ...(!r.coldStartSteps.correct || !r.coldStartCompiledCorrect ? [`N=${r.n} ${r.mode}: the cold start's answer has the wrong figure`] : []),
    ];
  }),
  ...pgRows.flatMap((r) => {
    const s = r.serve as Record<string, unknown>;
    const [ok, all] = String(s.figuresCorrect).split('/').map(Number);
    return [...(ok !== all ? [`N=${String(r.n)} PostgreSQL: figures ${String(s.figuresCorrect)}`] : []), ...(!r.coldStartCorrect || !r.coldStartCompiledCorrect ? [`N=${String(r.n)} PostgreSQL: the cold start's answer has the wrong figure`] : [])];
  }),
];
for (const why of failures) console.error(`✗ ${why}`);
if (failures.length) process.exitCode = 1;

const results = { machine: info, failures, quick: values.quick, serveMs, coldRuns: COLD_RUNS, rows, checks, markdown, postgres: { rows: pgRows, skipped: pgSkipped, markdown: pgMarkdown } };
const resultsFile = resolve(values.out ?? join(OUT, 'results.json'));
mkdirSync(dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
console.log(`\n${resultsFile} written${values.quick ? ' (quick run)' : ''}.`);
