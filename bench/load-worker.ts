// A thread of `bench/pg.ts load`: makes its share of the national corpus (every `of`-th report,
// from `index`) from its own copy of the pool, packs each report as the reading threads of an
// ingest do (packFor), and sends them to the writer a chunk at a time — the report's key, packed
// bytes and manifest entry — waiting for the writer's credit so that memory stays bounded.
import { parentPort, workerData } from 'node:worker_threads';
import type { Report } from '../src/model.js';
import { packFor } from '../src/store/codec.js';
import { national, pool } from './national.js';

const { n, dir, of, index } = workerData as { n: number; dir: string; of: number; index: number };
let credit = 2;
let wake: (() => void) | undefined;
parentPort!.on('message', () => {
  credit++;
  wake?.();
});
const pooled = await pool();
let chunk: unknown[] = [];
const send = async () => {
  while (credit <= 0) await new Promise<void>((r) => (wake = r));
  credit--;
  parentPort!.postMessage({ chunk });
  chunk = [];
};
for (const { i, report, entry } of national(n, dir, pooled, undefined, (i) => i % of === index)) {
  const { id, agency, year } = report;
  chunk.push({ i, report: { id, agency, year } as Report, bytes: report.source.bytes, entry, packed: packFor(report) });
  if (chunk.length >= 250) await send();
}
if (chunk.length) await send();
parentPort!.postMessage({ done: true });
