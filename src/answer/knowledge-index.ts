// Indexes over a Knowledge, built lazily once per Knowledge object (WeakMap): agency aliases,
// years, and each report's facts by (table, row path, column path). Answering never scans all reports.
import type { Knowledge } from '../knowledge.js';
import type { Catalog } from './catalog.js';
import type { Fact, Report, TableId } from '../model.js';
import { agencyAliases, barePlace, correctedAgency, splitAgency } from './agencies.js';
import { agencyIdentity } from '../agency/identity.js';

export interface KIndex {
  reports: Report[];
  /** alias → reports of that agency (all years) */
  aliases: Map<string, Report[]>;
  maxAlias: number;
  /** an agency as printed → the reports of that agency under every name it is printed with (all years) */
  agencies: Map<string, Report[]>;
  /** each agency once, by the name it is shown with (its newest report's), with all its reports */
  shown: Map<string, Report[]>;
  /** a place named alone for the one agency of it that is loaded (天津 with only 天津市工业和信息化局) */
  placeOnly: Set<string>;
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
  const groups = new Map<string, { names: Set<string>; reports: Report[] }>();
  let newestYear = 0;
  for (const r of k.reports) {
    newestYear = Math.max(newestYear, r.year);
    const id = agencyIdentity(r.agency);
    const g = groups.get(id) ?? groups.set(id, { names: new Set(), reports: [] }).get(id)!;
    g.names.add(r.agency);
    g.reports.push(r);
  }
  const agencies = new Map<string, Report[]>();
  const shown = new Map<string, Report[]>();
  const placeCount = new Map<string, Report[][]>();
  for (const { names, reports } of groups.values()) {
    const newest = reports.reduce((a, b) => (b.year > a.year ? b : a));
    shown.set(newest.agency, reports);
    const forms = new Set<string>();
    for (const name of names) {
      agencies.set(name, reports);
      for (const a of agencyAliases(name)) forms.add(a);
      // the agency's own place, full and bare (天津市, 天津): its name when no other loaded agency is of that place
      const place = splitAgency(correctedAgency(name)).places.at(-1);
      if (place) for (const p of new Set([place, barePlace(place)])) if (p.length >= 2) placeCount.set(p, [...(placeCount.get(p) ?? []).filter((x) => x !== reports), reports]);
    }
    for (const a of forms) {
      // added to in place: a name many agencies answer to (城关区) must not copy its list at each of them
      const prev = aliases.get(a);
      if (prev) prev.push(...reports);
      else aliases.set(a, [...reports]);
    }
  }
  const placeOnly = new Set<string>();
  for (const [p, owners] of placeCount) {
    if (owners.length !== 1 || aliases.has(p)) continue;
    aliases.set(p, [...owners[0]!]);
    placeOnly.add(p);
  }
  let maxAlias = 0;
  for (const a of aliases.keys()) maxAlias = Math.max(maxAlias, a.length);
  const index: KIndex = { reports: k.reports, aliases, maxAlias, agencies, shown, placeOnly, newestYear: k.catalog?.newestYear ?? newestYear, catalog: k.catalog };
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
