// 报告自检: what a careful reviewer checks in a report before it is published. Reports what does
// not add up and where; never "fixes" the report. The checks are grouped in src/check/:
//   identities.ts  the template's arithmetic of tables 三 and 四 (error)
//   grid.ts        the identities as equations: what a blank cell stands for
//   tables.ts      tables 三 and 四 as a reviewer reads them: failed identities, blank cells, digits
//                  no reading makes add up, a missing 表三; one defect down a column, one finding
//   statements.ts  the narrative read as statements (received, handled, carried over, reviews …)
//   narrative.ts   the narrative against the tables (warning)
//   within.ts      the narrative against itself: wholes and parts, shares, counted lists (warning)
//   cells.ts       a table's own cells: whole, not negative, numbers not placeholders
//   sections.ts    the six sections, their numbering, 五 not empty, 六 on fees
//   across.ts      the same agency's previous year (上年结转 against it: warning; the rest hints); a city against its districts
//   render.ts      the findings as text, JSON and a printable HTML page
//
// API (for the ingest, the CLI, the channels and the answering engine):
//   checkReport(r)              the figure checks (tables 三 and 四, table 三 restated in the narrative)
//   checkReport(r) is what ingest stores in report.findings (as the check was then: what is shown is
//   always reviewed afresh, so a change of the check does not rebuild a store).
//   reviewReport(r, {others})   the full review: everything above plus the rest; `others` are the
//                               other loaded reports (previous year, districts)
//   reviewAll(reports)          the full review of each report with the others as its context: what
//                               the chat's 报告自检 and the web page's report list show
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
import { tableFindings } from './check/tables.js';
import { withinFindings } from './check/within.js';
import { COLUMNS_3, GROUPS_4, pathKey, RESULT_COLUMNS_4, rows3 } from './template.js';

export { previousReport, sameAgency, type AcrossOptions } from './check/across.js';

/** The figure checks: tables 三 and 四 (identities, blank cells, digits no reading fits, a missing 表三), table 三 in the narrative. */
export function checkReport(r: Report): Finding[] {
  return [...tableFindings(r), ...narrativeFindings(r)];
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
    ...withinFindings(r),
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

/**
 * The full review of each report with the others loaded beside it as its context (the same
 * agency's other years, a city's districts): what `npm run check` gives for the same files, for the
 * chat's 报告自检 and the web page's report list. Each report is compared only with the reports
 * that can matter to it (same agency name ending; a city with the reports of its year).
 */
export function reviewAll(reports: Report[], opts: AcrossOptions = {}): Map<Report, Finding[]> {
  const tail = (r: Report) => r.agency.replace(/\s+/g, '').slice(-4);
  const byTail = new Map<string, Report[]>();
  const byYear = new Map<number, Report[]>();
  for (const r of reports) {
    byTail.set(tail(r), [...(byTail.get(tail(r)) ?? []), r]);
    byYear.set(r.year, [...(byYear.get(r.year) ?? []), r]);
  }
  const out = new Map<Report, Finding[]>();
  for (const r of reports) {
    const city = /^.{2,8}?市(人民政府)?$/.test(r.agency.replace(/\s+/g, ''));
    const others = [...new Set([...(byTail.get(tail(r)) ?? []), ...(city ? (byYear.get(r.year) ?? []) : [])])].filter((o) => o !== r);
    out.set(r, reviewReport(r, { ...opts, others }));
  }
  return out;
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
  // each failed identity on its own (as the cells are read, blanks as 0): answers name the ones their cells are in
  const failed = identityFindings(r);
  const partial = r.unread.some((u) => u.table === '三' || u.table === '四');
  return { ok: failed.length === 0, failed, narrative: narrativeFindings(r), partial };
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
