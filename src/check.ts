// 报告自检: what a careful reviewer checks in a report before it is published. Reports what does
// not add up and where; never "fixes" the report. The checks are grouped in src/check/:
//   identities.ts  the template's arithmetic of tables 三 and 四 (error)
//   narrative.ts   the narrative against the tables (warning)
//   cells.ts       a table's own cells: whole, not negative, numbers not placeholders
//   sections.ts    the six sections, their numbering, 五 not empty, 六 on fees
//   across.ts      the same agency's previous year; a city against its districts (hint)
//   render.ts      the findings as text, JSON and a printable HTML page
//
// API (for the ingest, the CLI and the answering engine):
//   checkReport(r)              the figure checks stored with the report at ingest (identities of
//                               三 and 四, table 三 restated in the narrative)
//   reviewReport(r, {others})   the full review: everything above plus the rest; `others` are the
//                               other loaded reports (previous year, districts)
//   checkStatus(r)              the failed identities, and which cells they involve: an answer
//                               built on such a cell can say the report's own figures do not add up
//   findingsAt(r, table, row, column)  the failed identities that involve one cell
import type { Finding, Report, TableId } from './model.js';
import { acrossFindings, type AcrossOptions } from './check/across.js';
import { cellFindings } from './check/cells.js';
import { SEVERITY_ORDER } from './check/finding.js';
import { identityFindings } from './check/identities.js';
import { moreNarrativeFindings, narrativeFindings } from './check/narrative.js';
import { sectionFindings } from './check/sections.js';
import { COLUMNS_3, GROUPS_4, pathKey, RESULT_COLUMNS_4, rows3 } from './template.js';

export { previousReport, sameAgency, type AcrossOptions } from './check/across.js';

/** The figure checks stored with the report at ingest: identities of 三 and 四, table 三 in the narrative. */
export function checkReport(r: Report): Finding[] {
  return [...identityFindings(r), ...narrativeFindings(r)];
}

export interface ReviewOptions extends AcrossOptions {
  /** the other reports loaded (the same agency's previous year, a city's districts) */
  others?: Report[];
}

/** The full 报告自检: errors first, then warnings, then hints; in the report's order within each. */
export function reviewReport(r: Report, opts: ReviewOptions = {}): Finding[] {
  const all = [
    ...checkReport(r),
    ...moreNarrativeFindings(r),
    ...cellFindings(r),
    ...sectionFindings(r),
    ...acrossFindings(r, opts.others ?? [], opts),
  ];
  const seen = new Set<string>();
  const unique = all.filter((f) => !seen.has(f.id) && seen.add(f.id));
  return unique
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

export interface CheckStatus {
  /** true when every identity of tables 三 and 四 holds (as far as the cells were read) */
  ok: boolean;
  /** the failed identities */
  failed: Finding[];
  /** narrative figures that disagree with table 三 */
  narrative: Finding[];
  /** true when rows of table 三 or 四 were left unread: the identities involving them were not checked */
  partial: boolean;
}

const statusCache = new WeakMap<Report, CheckStatus>();

/** The report's own check (worked out once per report object; answers ask it for every figure). */
export function checkStatus(r: Report): CheckStatus {
  let s = statusCache.get(r);
  if (!s) statusCache.set(r, (s = computeStatus(r)));
  return s;
}

function computeStatus(r: Report): CheckStatus {
  const all = checkReport(r);
  const failed = all.filter((f) => f.kind === 'identity');
  const partial = r.unread.some((u) => u.table === '三' || u.table === '四');
  return { ok: failed.length === 0, failed, narrative: all.filter((f) => f.kind === 'narrative'), partial };
}

/** The cells an identity finding adds up (its parts and its total). */
function cellsOf(r: Report, f: Finding): { table: TableId; row: string[]; column: string[] }[] {
  const code = f.id.slice(0, f.id.lastIndexOf('-'));
  const v = r.versions['三'] ?? '2019';
  if (code === 't3-balance')
    return [['一、本年新收政府信息公开申请数量'], ['二、上年结转政府信息公开申请数量'], ['三、本年度办理结果', '（七）总计'], ['四、结转下年度继续办理']].map((row) => ({ table: '三', row, column: f.column }));
  if (code === 't3-results') return rows3(v).filter((x) => x.path[0] === '三、本年度办理结果').map((x) => ({ table: '三', row: x.path, column: f.column }));
  if (code === 't3-row') return COLUMNS_3.map((column) => ({ table: '三', row: f.row, column }));
  if (code === 't4-group') return GROUPS_4.filter((g) => pathKey(g) === pathKey(f.row)).flatMap((row) => RESULT_COLUMNS_4.map((c) => ({ table: '四' as const, row, column: [c] })));
  return [];
}

/** The failed identities that involve one cell (e.g. the cell an answer is about to state). */
export function findingsAt(r: Report, table: TableId, row: string[], column: string[]): Finding[] {
  const failed = checkStatus(r).failed;
  if (!failed.length) return [];
  const key = `${table}|${pathKey(row)}|${pathKey(column)}`;
  return failed.filter((f) => cellsOf(r, f).some((c) => `${c.table}|${pathKey(c.row)}|${pathKey(c.column)}` === key));
}
