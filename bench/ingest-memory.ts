// Where an ingest's memory goes: `node --import tsx bench/ingest-memory.ts DIR STORE` builds a
// file store from DIR as the bench's ingest does (openKnowledge, the store emptied first) and
// samples this process every 250 ms: RSS (every thread), the main thread's V8 heap, and what is
// outside it (external buffers, the reading threads' heaps, code). Prints the peaks and the
// samples at each tenth of the run as one JSON line.
import { rmSync } from 'node:fs';
import { openKnowledge, reportCount } from '../src/knowledge.js';

const [dir, store] = process.argv.slice(2) as [string, string];
rmSync(store, { force: true });
rmSync(`${store}.lock`, { force: true });
rmSync(`${store}.d`, { recursive: true, force: true });
const MB = (x: number) => Math.round(x / 1024 / 1024);
const samples: { s: number; rss: number; heapUsed: number; heapTotal: number; external: number; rest: number }[] = [];
const t0 = performance.now();
const timer = setInterval(() => {
  const m = process.memoryUsage();
  samples.push({ s: Math.round((performance.now() - t0) / 100) / 10, rss: MB(m.rss), heapUsed: MB(m.heapUsed), heapTotal: MB(m.heapTotal), external: MB(m.external), rest: MB(m.rss - m.heapTotal - m.external) });
}, 250);
const k = await openKnowledge({ dir, store });
clearInterval(timer);
const ms = performance.now() - t0;
const peak = (key: keyof (typeof samples)[number]) => Math.max(...samples.map((x) => x[key]));
const tenth = samples.filter((_, i) => i % Math.max(1, Math.floor(samples.length / 10)) === 0);
console.log(
  JSON.stringify({
    reports: reportCount(k),
    perSecond: Math.round(reportCount(k) / (ms / 1000)),
    maxRssMB: MB(process.resourceUsage().maxRSS * 1024),
    peaks: { rss: peak('rss'), heapUsed: peak('heapUsed'), heapTotal: peak('heapTotal'), external: peak('external'), rest: peak('rest') },
    samples: tenth,
  }),
);
process.exit(0);
