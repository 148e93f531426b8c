// Year-on-year: what changed between two reports of one agency (a → b, usually last year → this year).
//
// API (for `npm run compare` and the answering engine):
//   compareReports(a, b) → Comparison
//     cells      table cells whose value changed, keyed by the template's canonical labels; cells zero
//                (or absent) in both are skipped; sorted by the size of the change, largest first
//     figures    narrative figures aligned by what they count (新闻发布会 10场 → 12场): the same unit
//                and the most similar words; changed ones only, largest change first
//     documents  documents named in 《》 in b and not in a (policies and other titles; laws and media left out)
//     unmatched  cells printed in only one of the two (a template change: 2019 ↔ 2021 columns)
//   describeComparison(c, n) → Chinese text: the n largest changes (a row by its 总计 when that changed),
//                and how many more there are
import type { DocumentRef, Fact, Location, NarrativeFigure, Report, TableId } from '../model.js';
import { sameAgency } from '../check/across.js';
import { pathKey } from '../template.js';
import { similarity } from '../text.js';

export interface ReportRef {
  id: string;
  agency: string;
  year: number;
  title: string;
}

export interface CellChange {
  table: TableId;
  row: string[];
  column: string[];
  /** e.g. 表三 · 一、本年新收政府信息公开申请数量 · 总计 */
  label: string;
  unit: string;
  from: number;
  to: number;
  change: number;
  /** to / from, or null when from is 0 */
  ratio: number | null;
  at: { a: Location; b: Location };
}

export interface FigureChange {
  /** what it counts, as the reports word it (新闻发布会) */
  counts: string;
  unit: string;
  from: number;
  to: number;
  change: number;
  approximate: boolean;
  sentence: { a: string; b: string };
  section: { a: string; b: string };
}

export interface Comparison {
  a: ReportRef;
  b: ReportRef;
  /** false when the two reports name different agencies (compared all the same) */
  sameAgency: boolean;
  cells: CellChange[];
  figures: FigureChange[];
  documents: DocumentRef[];
  unmatched: { table: TableId; label: string; in: 'a' | 'b'; value: number; unit: string }[];
}

const ref = (r: Report): ReportRef => ({ id: r.id, agency: r.agency, year: r.year, title: r.title });
const cellKey = (f: Fact) => `${f.table}|${pathKey(f.row)}|${pathKey(f.column)}`;

export function cellLabel(table: TableId, row: string[], column: string[]): string {
  return `表${table} · ${pathKey(row)} · ${pathKey(column)}`;
}

/** The words of what a figure counts, without the year, the agency's "we" and the "in all". */
export function countsKey(counts: string): string {
  return counts
    .replace(/\d{4}年度?/g, '')
    .replace(/^(全年|本年度?|今年|上年|去年|共计|共|累计|其中|总计|合计|我局|我委|我办|我区|我市|我县|全区|全市|全县|本机关|年内|组织|开展|召开|举办|发布|达到?|为)+/, '')
    .replace(/(共|达|为|累计)$/, '')
    .replace(/\s+/g, '');
}

/** Figures of a and b paired by what they count: the same unit and the most similar words (bigram
 * similarity at least 0.6, best pairs first). Words stated twice in one report (结果维持 under both
 * 行政复议 and 行政诉讼) are ambiguous and left out. */
function alignFigures(a: NarrativeFigure[], b: NarrativeFigure[]): FigureChange[] {
  const usable = (fs: NarrativeFigure[]) => {
    const n = new Map<string, number>();
    for (const f of fs) n.set(`${countsKey(f.counts)}|${f.unit}`, (n.get(`${countsKey(f.counts)}|${f.unit}`) ?? 0) + 1);
    return fs.filter((f) => countsKey(f.counts).length >= 2 && f.unit !== '%' && n.get(`${countsKey(f.counts)}|${f.unit}`) === 1);
  };
  const [ua, ub] = [usable(a), usable(b)];
  const pairs: { x: NarrativeFigure; y: NarrativeFigure; score: number }[] = [];
  for (const x of ua)
    for (const y of ub) {
      if (x.unit !== y.unit) continue;
      const score = similarity(countsKey(x.counts), countsKey(y.counts));
      if (score >= 0.6) pairs.push({ x, y, score });
    }
  pairs.sort((p, q) => q.score - p.score);
  const [usedA, usedB] = [new Set<NarrativeFigure>(), new Set<NarrativeFigure>()];
  const out: FigureChange[] = [];
  for (const { x, y } of pairs) {
    if (usedA.has(x) || usedB.has(y)) continue;
    usedA.add(x);
    usedB.add(y);
    if (x.value === y.value) continue;
    out.push({
      counts: countsKey(y.counts),
      unit: y.unit,
      from: x.value,
      to: y.value,
      change: round(y.value - x.value),
      approximate: x.approximate || y.approximate,
      sentence: { a: x.sentence, b: y.sentence },
      section: { a: x.section, b: y.section },
    });
  }
  return out.sort((p, q) => Math.abs(q.change) - Math.abs(p.change));
}

const titleKey = (t: string) => t.replace(/[\s〈〉<>“”"]/g, '');

export function compareReports(a: Report, b: Report): Comparison {
  const fa = new Map(a.facts.map((f) => [cellKey(f), f]));
  const fb = new Map(b.facts.map((f) => [cellKey(f), f]));
  const cells: CellChange[] = [];
  const unmatched: Comparison['unmatched'] = [];
  for (const [k, y] of fb) {
    const x = fa.get(k);
    if (!x) {
      if (y.value !== 0) unmatched.push({ table: y.table, label: cellLabel(y.table, y.row, y.column), in: 'b', value: y.value, unit: y.unit });
      continue;
    }
    if (x.value === y.value) continue; // also skips zero in both
    cells.push({
      table: y.table,
      row: y.row,
      column: y.column,
      label: cellLabel(y.table, y.row, y.column),
      unit: y.unit || x.unit,
      from: x.value,
      to: y.value,
      change: round(y.value - x.value),
      ratio: x.value === 0 ? null : y.value / x.value,
      at: { a: x.at, b: y.at },
    });
  }
  for (const [k, x] of fa) if (!fb.has(k) && x.value !== 0) unmatched.push({ table: x.table, label: cellLabel(x.table, x.row, x.column), in: 'a', value: x.value, unit: x.unit });
  cells.sort((p, q) => Math.abs(q.change) - Math.abs(p.change) || (q.ratio ?? Infinity) - (p.ratio ?? Infinity));
  const before = new Set(a.documents.map((d) => titleKey(d.title)));
  const seen = new Set<string>();
  const documents = b.documents.filter((d) => {
    const k = titleKey(d.title);
    if (d.kind === 'law' || d.kind === 'media' || before.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return {
    a: ref(a),
    b: ref(b),
    sameAgency: sameAgency(a.agency, b.agency),
    cells,
    figures: alignFigures(a.figures, b.figures),
    documents,
    unmatched,
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const signed = (x: number) => (x > 0 ? `增加${fmt(x)}` : `减少${fmt(-x)}`);
function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(round(x));
}

/** The n largest changes in words, then how many more there are (for a chat reply or the CLI). */
export function describeComparison(c: Comparison, n = 5): string {
  const lines: string[] = [];
  lines.push(`${c.b.agency}${c.b.year}年与${c.a.year}年相比${c.sameAgency ? '' : `（注意：${c.a.year}年的报告是${c.a.agency}的）`}：`);
  if (!c.cells.length && !c.figures.length && !c.documents.length) {
    lines.push('表格数字、正文数字都没有变化，也没有新提到的文件。');
    return lines.join('\n');
  }
  if (c.cells.length) {
    // a row whose 总计 changed is told by its 总计; its columns are in the full list
    const totals = new Set(c.cells.filter((x) => x.column[0] === '总计').map((x) => `${x.table}|${pathKey(x.row)}`));
    const headline = c.cells.filter((x) => x.column[0] === '总计' || !totals.has(`${x.table}|${pathKey(x.row)}`));
    lines.push(`表格中有${c.cells.length}个数字变了，变化最大的${Math.min(n, headline.length)}个${headline.length < c.cells.length ? '（按总计列）' : ''}：`);
    headline.slice(0, n).forEach((x, i) => lines.push(`${i + 1}. ${x.label}：${fmt(x.from)} → ${fmt(x.to)}${x.unit}（${signed(x.change)}${x.unit}）`));
    if (c.cells.length > Math.min(n, headline.length)) lines.push(`……另有${c.cells.length - Math.min(n, headline.length)}个表格数字有变化。`);
  }
  if (c.figures.length) {
    lines.push(`正文数字有${c.figures.length}处变化${c.figures.length > n ? `，前${n}处` : ''}：`);
    for (const f of c.figures.slice(0, n)) lines.push(`· ${f.counts}：${fmt(f.from)}${f.unit} → ${fmt(f.to)}${f.unit}${f.approximate ? '（约数）' : ''}`);
  }
  if (c.documents.length) {
    lines.push(`${c.b.year}年报告新提到的文件${c.documents.length}个${c.documents.length > n ? `，前${n}个` : ''}：`);
    for (const d of c.documents.slice(0, n)) lines.push(`· 《${d.title}》${d.action ? `（${d.action}）` : ''}`);
  }
  if (c.unmatched.length) lines.push(`另有${c.unmatched.length}个数字只在其中一年的表格里（两年所用的表格版本不同），未作比较。`);
  lines.push(`来源：${c.a.title}；${c.b.title}`);
  return lines.join('\n');
}
