// Indexes over a Knowledge, built lazily once per Knowledge object (WeakMap): agency aliases,
// years, and each report's facts by (table, row path, column path). Answering never scans all reports.
import type { Knowledge } from '../knowledge.js';
import type { Catalog } from './catalog.js';
import type { Fact, Report, TableId } from '../model.js';
import { agencyAliases } from './agencies.js';

export interface KIndex {
  reports: Report[];
  /** alias → reports of that agency (all years) */
  aliases: Map<string, Report[]>;
  maxAlias: number;
  agencies: Map<string, Report[]>;
  newestYear: number;
  /** the whole store's catalog, when the knowledge is answered on demand (reports: only those fetched) */
  catalog?: Catalog;
}

const cache = new WeakMap<Knowledge, { n: number; index: KIndex }>();

export function indexOf(k: Knowledge): KIndex {
  const hit = cache.get(k);
  // the same reports (an instance following its store replaces the array; an upload adds to it)
  if (hit && hit.n === k.reports.length && hit.index.reports === k.reports) return hit.index;
  const aliases = new Map<string, Report[]>();
  const agencies = new Map<string, Report[]>();
  let newestYear = 0;
  for (const r of k.reports) {
    newestYear = Math.max(newestYear, r.year);
    const list = agencies.get(r.agency) ?? [];
    list.push(r);
    agencies.set(r.agency, list);
  }
  for (const [agency, reports] of agencies) {
    for (const a of agencyAliases(agency)) {
      // added to in place: a name many agencies answer to (城关区) must not copy its list at each of them
      const prev = aliases.get(a);
      if (prev) prev.push(...reports);
      else aliases.set(a, [...reports]);
    }
  }
  let maxAlias = 0;
  for (const a of aliases.keys()) maxAlias = Math.max(maxAlias, a.length);
  const index: KIndex = { reports: k.reports, aliases, maxAlias, agencies, newestYear: k.catalog?.newestYear ?? newestYear, catalog: k.catalog };
  cache.set(k, { n: k.reports.length, index });
  return index;
}

const factCache = new WeakMap<Report, Map<string, Fact>>();

export const factKey = (table: TableId, row: string[], column: string[]) => `${table}|${row.join('›')}|${column.join('›')}`;

export function factOf(r: Report, table: TableId, row: string[], column: string[]): Fact | undefined {
  let m = factCache.get(r);
  if (!m) {
    m = new Map();
    for (const f of r.facts) m.set(factKey(f.table, f.row, f.column), f);
    factCache.set(r, m);
  }
  return m.get(factKey(table, row, column));
}

/** Does the report hold any fact of this row (in table t)? */
export function hasRow(r: Report, table: TableId, row: string[]): boolean {
  const key = row.join('›');
  return r.facts.some((f) => f.table === table && f.row.join('›') === key);
}
