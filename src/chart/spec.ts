// Chart specs from report figures — what to draw, with its sources and a text alternative — built
// without the drawing libraries, so that the answering engine can say what chart to draw at no
// start-up cost; src/chart/index.ts draws a spec (ECharts SSR, resvg) when it is sent.
import type { Fact, Report, TableId } from '../model.js';
import { findingsAt, sameAgency } from '../check.js';
import { pathKey } from '../template.js';

export interface ChartSeries {
  name: string;
  /** one per category; null where the figure is not known (drawn as a gap) */
  values: (number | null)[];
}

export interface ChartSpec {
  kind: 'bar' | 'line';
  title: string;
  subtitle?: string;
  /** the x axis: years (2019年 …) or agencies */
  categories: string[];
  /** the x axis name (年份, 机关) */
  categoryLabel?: string;
  series: ChartSeries[];
  /** the unit of the values (件) */
  unit: string;
  /** listed under the chart, one line each */
  sources: string[];
  width?: number;
  height?: number;
}


function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
}

export function chartAlt(spec: ChartSpec): string {
  const lines = [`${spec.kind === 'bar' ? '柱状图' : '折线图'}：${spec.title}${spec.subtitle ? `（${spec.subtitle}）` : ''}，单位：${spec.unit || '—'}。`];
  for (const s of spec.series) {
    const vals = spec.categories.map((c, i) => `${c} ${s.values[i] === null ? '未读取' : fmt(s.values[i]!)}`);
    lines.push(`${spec.series.length > 1 ? `${s.name}：` : ''}${vals.join('，')}。`);
  }
  if (spec.sources.length) lines.push(`来源：${spec.sources.join('；')}`);
  return lines.join('\n');
}

// ---------- specs from reports ----------

/** A canonical cell, or a sum of cells the template defines (行政诉讼 = its two groups). */
export interface Pick {
  label: string;
  parts: { table: TableId; row: string[]; column: string[] }[];
}

const cell = (table: TableId, row: string[], column: string[]) => ({ table, row, column });
const R3 = '三、本年度办理结果';

/** The figures people ask to see as a chart. */
export const PICKS = {
  requests: { label: '本年新收政府信息公开申请', parts: [cell('三', ['一、本年新收政府信息公开申请数量'], ['总计'])] },
  handled: { label: '本年度办理结果总计', parts: [cell('三', [R3, '（七）总计'], ['总计'])] },
  disclosed: { label: '予以公开', parts: [cell('三', [R3, '（一）予以公开'], ['总计'])] },
  carried: { label: '结转下年度继续办理', parts: [cell('三', ['四、结转下年度继续办理'], ['总计'])] },
  reviews: { label: '行政复议', parts: [cell('四', ['行政复议'], ['总计'])] },
  lawsuits: { label: '行政诉讼', parts: [cell('四', ['行政诉讼', '未经复议直接起诉'], ['总计']), cell('四', ['行政诉讼', '复议后起诉'], ['总计'])] },
  lawsuitsDirect: { label: '未经复议直接起诉', parts: [cell('四', ['行政诉讼', '未经复议直接起诉'], ['总计'])] },
  lawsuitsAfterReview: { label: '复议后起诉', parts: [cell('四', ['行政诉讼', '复议后起诉'], ['总计'])] },
} satisfies Record<string, Pick>;

/** A pick of one canonical cell. */
export function pickCell(table: TableId, row: string[], column: string[], label = row.at(-1)!): Pick {
  return { label, parts: [cell(table, row, column)] };
}

function valueOf(r: Report, p: Pick): { value: number | null; unit: string; facts: Fact[] } {
  const facts = p.parts.map((q) => r.facts.find((f) => f.table === q.table && pathKey(f.row) === pathKey(q.row) && pathKey(f.column) === pathKey(q.column)));
  if (facts.some((f) => !f)) return { value: null, unit: '', facts: [] };
  const fs = facts as Fact[];
  return { value: fs.reduce((s, f) => s + f.value, 0), unit: fs[0]!.unit, facts: fs };
}

export interface FromReportsOptions {
  /** years on the x axis (the trend of one agency), or agencies side by side */
  over: 'year' | 'agency';
  kind?: 'bar' | 'line';
  title?: string;
}

/** The spec for picks across reports. over 'year': one category a year, a series per pick (and per
 * agency when several are given); over 'agency': one category an agency, a series per pick and year —
 * or, when each agency gives one report of its own year, a series per pick, each category saying its year. */
export function chartFromReports(reports: Report[], picks: Pick[], opts: FromReportsOptions): ChartSpec {
  if (!reports.length) throw new Error('没有报告可画');
  if (!picks.length) throw new Error('没有要画的数字');
  const sorted = [...reports].sort((a, b) => a.year - b.year || a.agency.localeCompare(b.agency));
  // one name per agency: 洪泽区人民政府 and 淮安市洪泽区人民政府 are one (the longer name is kept)
  const nameOf = new Map<Report, string>();
  const names: string[] = [];
  for (const r of sorted) {
    const i = names.findIndex((n) => sameAgency(n, r.agency));
    if (i < 0) names.push(r.agency);
    else if (r.agency.length > names[i]!.length) names[i] = r.agency;
  }
  for (const r of sorted) nameOf.set(r, names.find((n) => sameAgency(n, r.agency))!);
  const agencies = names;
  const years = [...new Set(sorted.map((r) => r.year))];
  // one report an agency, of different years: the agencies side by side, each with its year
  const oneEach = opts.over === 'agency' && years.length > 1 && agencies.every((a) => sorted.filter((r) => nameOf.get(r) === a).length === 1);
  const find = (agency: string, year: number) => sorted.find((r) => nameOf.get(r) === agency && (oneEach || r.year === year));
  const [cats, groups] = opts.over === 'year' ? [years.map((y) => `${y}年`), agencies] : oneEach ? [agencies.map((a) => `${a}（${find(a, 0)!.year}年）`), ['']] : [agencies, years.map(String)];
  const series: ChartSeries[] = [];
  let unit = '';
  const used = new Map<Report, Set<string>>();
  const broken = new Map<string, string>();
  for (const g of groups)
    for (const p of picks) {
      const values = (opts.over === 'year' ? years : agencies).map((c) => {
        const r = opts.over === 'year' ? find(g, c as number) : find(c as string, Number(g));
        if (!r) return null;
        const v = valueOf(r, p);
        if (v.value !== null) {
          unit ||= v.unit;
          used.set(r, (used.get(r) ?? new Set()).add(p.label));
          for (const f of v.facts) for (const x of findingsAt(r, f.table, f.row, f.column)) broken.set(x.id, `${r.title}：${x.message}`);
        }
        return v.value;
      });
      const name = opts.over === 'year' ? (groups.length > 1 ? (picks.length > 1 ? `${g} ${p.label}` : g) : p.label) : oneEach ? p.label : picks.length > 1 ? `${g}年 ${p.label}` : `${g}年`;
      series.push({ name, values });
    }
  const what = picks.map((p) => p.label).join('、');
  const place = agencies.length === 1 ? agencies[0]! : `${agencies.length}个机关`;
  const span = years.length > 1 ? `${years[0]}—${years.at(-1)}年` : `${years[0]}年`;
  // first what the figures are (the template's cells), then the reports they were taken from
  const sources = [
    `数字：${picks.map((p) => `${p.label} = ${p.parts.map((q) => `表${q.table} ${pathKey(q.row)} · ${pathKey(q.column)}`).join(' + ')}`).join('；')}`,
    ...sorted.map((r) => {
      const labels = used.get(r);
      if (!labels) return `${r.title}（未读取到这些数字）`;
      return labels.size === picks.length ? r.title : `${r.title}（只有${picks.filter((p) => labels.has(p.label)).map((p) => p.label).join('、')}）`;
    }),
  ];
  for (const b of broken.values()) sources.push(`注意，报告自身的数字在此不相符：${b}`);
  return {
    kind: opts.kind ?? (opts.over === 'year' && years.length > 2 && picks.length === 1 ? 'line' : 'bar'),
    title: opts.title ?? `${place}${span}${what}`,
    categories: cats,
    categoryLabel: opts.over === 'year' ? '年份' : '机关',
    series,
    unit,
    sources,
  };
}

/** The trend of picks in the reports of one agency, over the years from..to (all when not given). */
export function trendOf(reports: Report[], agency: string, picks: Pick[], span: { from?: number; to?: number; kind?: 'bar' | 'line'; title?: string } = {}): ChartSpec | null {
  const mine = reports.filter((r) => sameAgency(r.agency, agency) && r.year >= (span.from ?? -Infinity) && r.year <= (span.to ?? Infinity));
  if (!mine.length) return null;
  // one report a year: the newest file wins when a year was loaded twice
  const byYear = new Map<number, Report>();
  for (const r of mine) byYear.set(r.year, r);
  return chartFromReports([...byYear.values()], picks, { over: 'year', kind: span.kind, title: span.title });
}
