// Reports fetched from a store on demand, the most recently used agencies kept: what a bot
// instance over a national store holds instead of every report. The agency index (`agencies()`)
// is loaded once; an agency's reports are fetched on first use and kept until `max` other agencies
// have been used since. Concurrent requests for one agency share one fetch.
import type { Report } from '../model.js';
import type { KnowledgeStore, ReportKey } from './types.js';

export class ReportCache {
  private readonly byAgency = new Map<string, Promise<Report[]>>();
  private readonly byId = new Map<string, Promise<Report | undefined>>();
  private index?: Promise<Map<string, ReportKey[]>>;
  /** fetches from the store (for tests and the bench: how often the cache missed) */
  fetches = 0;

  constructor(
    readonly store: KnowledgeStore,
    readonly max = 500,
  ) {}

  /** Every stored agency with the ids and years of its reports (loaded once; `refresh()` to reload). */
  agencies(): Promise<Map<string, ReportKey[]>> {
    this.index ??= this.store.list().then((keys) => {
      const m = new Map<string, ReportKey[]>();
      for (const k of keys) (m.get(k.agency) ?? m.set(k.agency, []).get(k.agency)!).push(k);
      return m;
    });
    return this.index;
  }

  /** The reports of an agency (all years), from the cache or the store. */
  reportsOf(agency: string): Promise<Report[]> {
    const hit = this.byAgency.get(agency);
    if (hit) {
      // most recently used last
      this.byAgency.delete(agency);
      this.byAgency.set(agency, hit);
      return hit;
    }
    this.fetches++;
    const p = this.store.reportsOf(agency);
    this.byAgency.set(agency, p);
    p.catch(() => this.byAgency.get(agency) === p && this.byAgency.delete(agency)); // a failed fetch is tried again next time
    while (this.byAgency.size > this.max) this.byAgency.delete(this.byAgency.keys().next().value!);
    return p;
  }

  /**
   * Reports by id, from the cache or the store: the missing ones in one fetch (unknown ids are left
   * out). The most recently used `maxReports` are kept.
   */
  async get(ids: string[], maxReports = this.max * 4): Promise<Report[]> {
    const missing = ids.filter((id) => !this.byId.has(id));
    if (missing.length) {
      this.fetches++;
      const p = this.store.get(missing).then((rs) => new Map(rs.map((r) => [r.id, r])));
      for (const id of missing) {
        const one = p.then((m) => m.get(id));
        this.byId.set(id, one);
        one.catch(() => this.byId.get(id) === one && this.byId.delete(id));
      }
    }
    const out: Report[] = [];
    for (const id of ids) {
      const hit = this.byId.get(id)!;
      this.byId.delete(id);
      this.byId.set(id, hit);
      const r = await hit;
      if (r) out.push(r);
    }
    while (this.byId.size > maxReports) this.byId.delete(this.byId.keys().next().value!);
    return out;
  }

  /** Forgets everything (after an ingest changed the store). */
  refresh(): void {
    this.byId.clear();
    this.byAgency.clear();
    this.index = undefined;
  }
}
