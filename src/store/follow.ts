// An instance follows its store: a report ingested by `npm run ingest` or uploaded on another
// instance is seen here within seconds. Every `intervalMs` the store's fingerprint (version():
// PostgreSQL's count and newest row, the file's size and time) is read; when it changed, the
// knowledge is loaded again — the catalog of a store answered on demand, or the reports held in
// memory — so that every instance answers from, and counts (/healthz), what the store holds. A
// store out of reach is tried again at the next tick.
import type { Knowledge } from '../knowledge.js';
import { distinctReports } from './distinct.js';

export interface Following {
  /** reads the fingerprint now, and loads the knowledge again if it changed; true when it did */
  check(): Promise<boolean>;
  stop(): void;
}

export function followStore(k: Knowledge, opts: { log: (line: string) => void; intervalMs?: number }): Following {
  const store = k.store;
  let last: string | undefined;
  let busy = false;
  const started = store?.version().then((v) => (last = v)).catch(() => undefined);
  async function check(): Promise<boolean> {
    if (!store || busy) return false;
    busy = true;
    try {
      await started;
      const v = await store.version();
      if (v === last) return false;
      const before = k.catalog?.size ?? k.reports.length;
      if (k.catalog) await k.catalog.refresh();
      else {
        const { data } = await store.load();
        // a new array: the answering's indexes over the old one are built again
        k.reports = distinctReports(data.reports).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      }
      last = v;
      const after = k.catalog?.size ?? k.reports.length;
      opts.log(`知识库有变动，已重新载入：${before} → ${after} 份报告。`);
      return true;
    } catch {
      return false; // out of reach or being written: the next tick tries again
    } finally {
      busy = false;
    }
  }
  const timer = setInterval(() => void check(), opts.intervalMs ?? 2000);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
