// The knowledge store of a bot instance answering on demand (PostgreSQL), behind a circuit
// (circuit.ts): each read the answering makes (list, get, reportsOf, mentioning) is timed out, and
// while the database is out of reach they fail at once, so that a question gets 知识库暂时无法读取
// in words at once — the reports already in the instance's cache still answer — instead of
// waiting for connection timeouts. It reconnects by itself (pg's pool connects again on the next
// query); writes (ingest, an upload added) pass through unchanged.
import { Circuit } from './circuit.js';
import type { KnowledgeStore } from './types.js';

/** Longest wait for one read while answering, and for the whole list of reports (the catalog). */
export const STORE_TIMEOUT_MS = { read: 3000, list: 15_000 };

export interface GuardedStore extends KnowledgeStore {
  readonly circuit: Circuit;
}

export function guardedStore(store: KnowledgeStore & { ping?(): Promise<void> }, log: (line: string) => void): GuardedStore {
  const circuit = new Circuit({
    name: '知识库数据库',
    timeoutMs: STORE_TIMEOUT_MS.read,
    probe: () => (store.ping ? store.ping() : store.list()),
    meanwhile: '只能回答本实例已缓存的报告',
    log,
  });
  return {
    kind: store.kind,
    where: store.where,
    circuit,
    load: (opts) => store.load(opts),
    apply: (changes) => store.apply(changes),
    list: () => circuit.run(() => store.list(), STORE_TIMEOUT_MS.list),
    get: (ids) => circuit.run(() => store.get(ids)),
    reportsOf: (agency, year) => circuit.run(() => store.reportsOf(agency, year)),
    mentioning: (words, limit) => circuit.run(() => store.mentioning(words, limit)),
    version: () => circuit.run(() => store.version()),
    async close() {
      circuit.stop();
      await store.close();
    },
  };
}
