// The PostgreSQL store at national scale, one measurement per process (memory never accumulates):
//   node --import tsx bench/pg.ts ingest DIR SCHEMA       empties SCHEMA, ingests DIR (reading threads, a batch of reports per transaction)
//   node --import tsx bench/pg.ts load N DIR SCHEMA       empties SCHEMA, writes N reports made from a pool (bench/national.ts) straight
//                                                         into it, a batch per transaction, and DIR/manifest.json
//   node --import tsx bench/pg.ts first DIR SCHEMA "问题"  a bot instance's cold start: connect, agency index, one answer
//   node --import tsx bench/pg.ts serve DIR SCHEMA        question latencies by kind, and the Map and MiniSearch references
// DATABASE_URL selects the server (else PGlite in memory: ingest and serve in one process, see run.ts).
// Prints one JSON line. bench/run.ts runs these for --pg sizes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import MiniSearch from 'minisearch';
import { catalogKnowledge } from '../src/answer/catalog.js';
import { answerFrom } from '../src/answer/index.js';
import { ingestIntoStore } from '../src/knowledge.js';
import { openPgStore, type PgStore } from '../src/store/pg.js';
import { GENERATOR_VERSION, type Manifest, type ManifestEntry } from './generate.js';
import type { Change, Packed } from '../src/store/types.js';
import type { Report } from '../src/model.js';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { questionSet } from './questions.js';

const tStart = performance.now();
const maxRssMB = () => process.resourceUsage().maxRSS / 1024;
const url = process.env.DATABASE_URL?.trim() || 'pglite:memory';

export async function storeSize(store: PgStore): Promise<number> {
  const rows = await store.sql.query<{ bytes: string }>(
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::text AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'`,
  );
  return Number(rows[0]!.bytes) / 1024 / 1024;
}

/** The store's writes timed: the time spent in apply (packing and the transactions), the readers' time left out. */
function timedWrites(s: PgStore): { ms: number } {
  const spent = { ms: 0 };
  const apply = s.apply.bind(s);
  s.apply = async (changes: Change[]) => {
    const t = performance.now();
    try {
      await apply(changes);
    } finally {
      spent.ms += performance.now() - t;
    }
  };
  return spent;
}

export async function ingest(dir: string, schema: string, store?: PgStore) {
  const s = store ?? (await openPgStore(url, { schema }));
  await s.sql.exec('TRUNCATE reports, postings, stamps, extra_files, meta CASCADE');
  const writes = timedWrites(s);
  const t = performance.now();
  const { results } = await ingestIntoStore([dir], { dir, store: s, keepReports: false, batch: 500 });
  const ms = performance.now() - t;
  await s.sql.exec('ANALYZE'); // what autovacuum does after a large load; the planner needs it to use the indexes
  const reports = results.filter((r) => !r.problem).length;
  const storeMB = await storeSize(s);
  const out = { reports, problems: results.length - reports, ms, perSecond: reports / (ms / 1000), writeMs: writes.ms, writesPerSecond: reports / (writes.ms / 1000), storeMB, bytesPerReport: (storeMB * 1024 * 1024) / reports, maxRssMB: maxRssMB() };
  if (!store) await s.close();
  return out;
}

/**
 * N reports straight into the store (bench/national.ts): one thread per core makes its share of
 * the reports from its own copy of the pool (read by the real reader) and packs them, as the
 * reading threads of an ingest do; this thread only writes them through the store's apply, a batch
 * of 1,000 per transaction. The manifest (for the questions and the references) beside.
 */
export async function load(n: number, dir: string, schema: string) {
  const s = await openPgStore(url, { schema, max: 3 });
  await s.sql.exec('TRUNCATE reports, postings, stamps, extra_files, meta CASCADE');
  const writes = timedWrites(s);
  const entries: ManifestEntry[] = new Array(n);
  const tPool = performance.now();
  let t = NaN; // from the first chunk: the threads' pools read
  const of = Math.max(1, availableParallelism());
  let batch: Change[] = [];
  let credits: Worker[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  const write = () => {
    const some = batch;
    const owed = credits;
    batch = [];
    credits = [];
    inFlight = inFlight.then(async () => {
      await s.apply(some);
      for (const w of owed) w.postMessage(1);
    });
  };
  type Item = { i: number; report: Report; bytes: number; entry: ManifestEntry; packed: Packed };
  await Promise.all(
    Array.from({ length: of }, (_, index) => {
      const w = new Worker(new URL('./load-worker-boot.mjs', import.meta.url), { workerData: { n, dir, of, index } });
      return new Promise<void>((done, fail) => {
        w.on('error', fail);
        w.on('message', (m: { chunk?: Item[]; done?: true }) => {
          if (m.done) return void w.terminate().then(() => done());
          if (Number.isNaN(t)) t = performance.now();
          for (const it of m.chunk!) {
            entries[it.i] = it.entry;
            batch.push({ kind: 'put', report: it.report, stamp: { size: it.bytes, mtimeMs: 0 }, packed: it.packed });
          }
          credits.push(w);
          if (batch.length >= 1000) write();
        });
      });
    }),
  );
  write();
  await inFlight;
  const ms = performance.now() - t;
  const poolMs = t - tPool;
  await s.sql.exec('ANALYZE');
  mkdirSync(dir, { recursive: true });
  const manifest: Manifest = { version: GENERATOR_VERSION, n, seed: 0, reports: entries };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  const storeMB = await storeSize(s);
  await s.close();
  return { reports: n, problems: 0, threads: of, poolMs, ms, perSecond: n / (ms / 1000), writeMs: writes.ms, storeMB, bytesPerReport: (storeMB * 1024 * 1024) / n, maxRssMB: maxRssMB() };
}

/**
 * A bot instance as `npm start` opens one over PostgreSQL (GONGKAI_SCAN=0): the catalog (id, agency
 * and year of every report) loaded, reports fetched as questions need them through the LRU cache of
 * 800 reports, every question answered by the engine (src/answer/catalog.ts, answerFrom).
 */
async function instance(schema: string) {
  const store = await openPgStore(url, { schema });
  const knowledge = await catalogKnowledge(store, {}, { cacheReports: 800 });
  const catalog = knowledge.catalog!;
  const ask = (text: string) => answerFrom(text, { knowledge });
  return { store, catalog, ask, cache: catalog.cache };
}

const received = { table: '三' as const, row: ['一、本年新收政府信息公开申请数量'], column: ['总计'] };
const pct = (xs: number[], p: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
const stats = (xs: number[]) => ({ n: xs.length, p50: pct(xs, 50), p99: pct(xs, 99), max: xs.reduce((a, b) => Math.max(a, b), 0) });
async function timed<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const t = process.hrtime.bigint();
  const r = await fn();
  return [Number(process.hrtime.bigint() - t) / 1e6, r];
}

/** CJK bigrams and ASCII words: the tokenizer a developer would give MiniSearch for Chinese. */
const tokenize = (s: string) => {
  const out: string[] = [];
  for (const run of s.match(/[\p{Script=Han}]+|[A-Za-z0-9]+/gu) ?? []) {
    if (/^[A-Za-z0-9]+$/.test(run)) out.push(run.toLowerCase());
    else if (run.length === 1) out.push(run);
    else for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
};

const FIGURES: [keyof ManifestEntry, string][] = [
  ['received', '收到政府信息公开申请 本年新收政府信息公开申请数量 总计'],
  ['handled', '办结政府信息公开申请 本年度办理结果 总计'],
  ['reviews', '行政复议 总计'],
  ['persons', '自然人 提出申请 本年新收'],
  ['refused', '不予公开 总计'],
  ['licences', '行政许可 处理决定数量'],
];

export async function serve(dir: string, schema: string, budgetMs: number) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const questions = questionSet(manifest);
  const tOpen = performance.now();
  const bot = await instance(schema);
  const openMs = performance.now() - tOpen;
  const rssAfterOpen = process.memoryUsage().rss / 1024 / 1024;

  // questions without an agency: one cell across every report of a year, and reports found by the words of their figures
  const years = [...new Set(manifest.reports.map((r) => r.year))].sort();
  const picked = questions.length ? manifest.reports.filter((_, i) => i % Math.max(1, Math.floor(manifest.reports.length / 8)) === 0).slice(0, 8) : [];
  const sample = await bot.store.get(picked.map((e) => resolve(dir, e.file)));
  const phrases = [...new Set(sample.flatMap((r) => r.figures.map((f) => f.counts).filter((c) => c.length >= 4)))].slice(0, 8);

  // ---- correctness and the first (uncached) pass ----
  let expected = 0;
  let correct = 0;
  const wrong: string[] = [];
  const firstPass: number[] = [];
  for (const q of questions) {
    const [ms, a] = await timed(() => bot.ask(q.text));
    firstPass.push(ms);
    if (q.expect !== undefined) {
      expected++;
      if (a.figures[0]?.value === q.expect) correct++;
      else if (wrong.length < 10) wrong.push(`${q.text} → ${a.figures[0]?.value ?? a.kind} (want ${q.expect})`);
    }
  }

  // ---- measured rounds ----
  // questions naming no agency, through the engine: the words of a figure (the store's inverted index, then the reports found), and a ranking (refused: it would need every report)
  const unnamed = [...phrases.map((p) => `${p}是多少？`), '哪个机关收到的政府信息公开申请最多？', '今天天气怎么样？'];
  const unnamedFirst: number[] = [];
  for (const q of unnamed) unnamedFirst.push((await timed(() => bot.ask(q)))[0]);
  const byKind: Record<string, number[]> = { 'with agency': [], 'no agency (engine): words, ranking, small talk': [], 'no agency (store): reports by words': [] };
  const started = performance.now();
  while (performance.now() - started < budgetMs) {
    for (const q of questions) byKind['with agency']!.push((await timed(() => bot.ask(q.text)))[0]);
    for (const q of unnamed) byKind['no agency (engine): words, ranking, small talk']!.push((await timed(() => bot.ask(q)))[0]);
    for (const p of phrases) byKind['no agency (store): reports by words']!.push((await timed(() => bot.store.mentioning(p, 20)))[0]);
  }
  const rssServe = process.memoryUsage().rss / 1024 / 1024;

  // ---- reference 1: a plain Map of the exact key (the floor) ----
  const tMap = performance.now();
  const map = new Map<string, number>();
  for (const e of manifest.reports) for (const [k] of FIGURES) map.set(`${e.agency}|${e.year}|${k}`, e[k] as number);
  const mapBuildMs = performance.now() - tMap;
  const figureQs = picked.flatMap((e) => FIGURES.map(([k]) => ({ key: `${e.agency}|${e.year}|${k}`, expect: e[k] as number })));
  const mapTimes: number[] = [];
  let mapOk = 0;
  const mapStarted = performance.now();
  while (performance.now() - mapStarted < Math.min(500, budgetMs)) {
    for (const q of figureQs) {
      const t = process.hrtime.bigint();
      const v = map.get(q.key);
      mapTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (mapTimes.length <= figureQs.length && v === q.expect) mapOk++;
    }
  }

  // ---- reference 2: MiniSearch over the asked facts' labels, and over the figures' words ----
  const tMs = performance.now();
  const facts = new MiniSearch<{ id: number; text: string; value: number }>({ fields: ['text'], storeFields: ['value'], tokenize, processTerm: (t) => t });
  // at most 100,000 reports' facts (with the questions' own): at 100,000 its index takes 3 GB
  const indexed = manifest.reports.length > 100_000 ? [...new Set([...manifest.reports.slice(0, 100_000), ...picked])] : manifest.reports;
  let id = 0;
  for (const e of indexed) {
    const docs = FIGURES.map(([k, label]) => ({ id: id++, text: `${e.agency} ${e.year}年 ${label}`, value: e[k] as number }));
    facts.addAll(docs);
  }
  const msBuildMs = performance.now() - tMs;
  const figureTexts = questions.filter((q) => q.kind === 'figure' && q.expect !== undefined);
  const msTimes: number[] = [];
  let msOk = 0;
  const msStarted = performance.now();
  let round = 0;
  while (performance.now() - msStarted < Math.min(budgetMs, 3000) || round === 0) {
    for (const q of figureQs.length ? figureTexts : []) {
      const t = process.hrtime.bigint();
      const hit = facts.search(q.text, { combineWith: 'OR' })[0];
      msTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (round === 0 && hit?.value === q.expect) msOk++;
    }
    round++;
  }
  const ours = [...byKind['with agency']!];
  return {
    reports: manifest.reports.length,
    agencies: bot.catalog.byAgency.size,
    openMs,
    rssAfterOpenMB: rssAfterOpen,
    /** the bot instance after the measured rounds, before the references were built in this process */
    rssServeMB: rssServe,
    /** peak of the whole process, the references (Map, MiniSearch) included */
    maxRssMB: maxRssMB(),
    figuresCorrect: `${correct}/${expected}`,
    wrong,
    firstPass: stats(firstPass),
    unnamedFirstPass: stats(unnamedFirst),
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, xs]) => [k, stats(xs)])),
    map: { ...stats(mapTimes), buildMs: mapBuildMs, correct: `${mapOk}/${figureQs.length}` },
    minisearch: { ...stats(msTimes), buildMs: msBuildMs, docs: id, reportsIndexed: indexed.length, correct: `${msOk}/${figureTexts.length}` },
    ratios: {
      'p50 with agency / Map p50': pct(ours, 50) / pct(mapTimes, 50),
      'p50 with agency / MiniSearch p50': pct(ours, 50) / pct(msTimes, 50),
      'p99 with agency / MiniSearch p99': pct(ours, 99) / pct(msTimes, 99),
    },
  };
}

export async function first(schema: string, question: string) {
  const tImported = performance.now();
  const bot = await instance(schema);
  const tOpened = performance.now();
  const a = await bot.ask(question);
  const tAnswered = performance.now();
  return {
    figure: a.figures[0]?.value ?? null,
    agencies: bot.catalog.byAgency.size,
    ms: { loaderAndBoot: tStart, imports: tImported - tStart, open: tOpened - tImported, firstAnswer: tAnswered - tOpened, total: tAnswered },
    maxRssMB: maxRssMB(),
  };
}

const [mode, dir, schema, question] = process.argv.slice(2) as [string, string, string, string?];
if (import.meta.url.endsWith(process.argv[1]!.split('/').pop()!)) {
  let out: unknown;
  if (mode === 'ingest') out = await ingest(dir, schema);
  else if (mode === 'load') out = await load(Number(dir), schema, question!);
  else if (mode === 'serve') out = await serve(dir, schema, Number(process.env.BENCH_SERVE_MS ?? 3000));
  else if (mode === 'first') out = await first(schema, question ?? '');
  else {
    console.error('usage: pg.ts ingest|serve|first DIR SCHEMA ["问题"] | load N DIR SCHEMA');
    process.exit(2);
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}
