// Charts of report figures, drawn offline: ECharts renders the SVG on the server (no DOM), resvg
// turns it into a PNG with the Noto Sans SC font shipped in an npm package, so Chinese labels
// render on a bare machine with no system fonts.
//
// API (for the answering engine and the channels):
//   renderChart(spec) → { png, svg, alt }   a bar or line chart of series over years or over
//                                           agencies, with title, axis names, units, and the
//                                           sources listed under the chart; alt is the text
//                                           alternative (always send it with the image)
//   chartFromReports(reports, picks, opts) → ChartSpec   the spec for one or more canonical cells
//                                           (PICKS has the common ones) across reports: the trend
//                                           of one agency over the years, or agencies side by side
//   trendOf(reports, agency, picks, {from, to}) → ChartSpec | null   the reports of one agency (by
//                                           name, 洪泽区人民政府 = 淮安市洪泽区人民政府) over a span
//                                           of years; null when none of them is loaded
// Import this module lazily (await import) where cold start matters: ECharts is large.
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { createRequire } from 'node:module';
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

export interface Chart {
  png: Buffer;
  svg: string;
  /** the chart in words: what is drawn and every value, then the sources */
  alt: string;
}

const require = createRequire(import.meta.url);
/** The CJK font every label is drawn with (Noto Sans SC, full character set, OFL). */
export const FONT_FILE = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
export const FONT_FAMILY = 'Noto Sans SC';

const LINE_HEIGHT = 18;

/** Splits a source line so it fits the width (CJK characters ~12 px at 12 px size). */
function wrap(line: string, width: number): string[] {
  const max = Math.max(20, Math.floor((width - 40) / 12));
  const out: string[] = [];
  let cur = '';
  let w = 0;
  for (const ch of line) {
    const cw = /[\u0000-\u00ff]/.test(ch) ? 0.55 : 1;
    // a line does not start with a closing punctuation mark: it stays on the line before
    if (w + cw > max && !/[，。、；：）」》,.;:)]/.test(ch)) {
      out.push(cur);
      cur = '';
      w = 0;
    }
    cur += ch;
    w += cw;
  }
  if (cur) out.push(cur);
  return out;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
}

export function validateSpec(spec: ChartSpec): string | null {
  if (!spec.categories.length) return '图表没有横轴类别';
  if (!spec.series.length) return '图表没有数据系列';
  for (const s of spec.series) if (s.values.length !== spec.categories.length) return `数据系列「${s.name}」的个数与横轴类别数不一致`;
  if (spec.series.every((s) => s.values.every((v) => v === null))) return '没有任何可画的数字';
  for (const s of spec.series) for (const v of s.values) if (v !== null && !Number.isFinite(v)) return `数据系列「${s.name}」有不是数字的值`;
  return null;
}

/** The SVG of the chart (ECharts server-side rendering). */
export function chartSvg(spec: ChartSpec): string {
  const problem = validateSpec(spec);
  if (problem) throw new Error(problem);
  const width = spec.width ?? 800;
  const sourceLines = ['来源：', ...spec.sources.flatMap((s) => wrap(`· ${s}`, width))];
  const height = (spec.height ?? 480) + sourceLines.length * LINE_HEIGHT;
  const legend = spec.series.length > 1;
  const top = 70 + (spec.subtitle ? 18 : 0) + (legend ? 28 : 0);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY },
    title: { text: spec.title, subtext: spec.subtitle, left: 'center', top: 12, textStyle: { fontSize: 18, fontFamily: FONT_FAMILY }, subtextStyle: { fontFamily: FONT_FAMILY } },
    legend: legend ? { top: top - 30, textStyle: { fontFamily: FONT_FAMILY } } : undefined,
    grid: { left: 70, right: 40, top, bottom: 50 + sourceLines.length * LINE_HEIGHT },
    xAxis: {
      type: 'category',
      data: spec.categories,
      name: spec.categoryLabel,
      nameLocation: 'middle',
      nameGap: 28,
      axisLabel: { interval: 0, fontFamily: FONT_FAMILY },
    },
    // headroom above the highest bar for its value label
    yAxis: { type: 'value', name: `单位：${spec.unit || '—'}`, max: (v: { max: number }) => (v.max <= 0 ? 1 : Math.ceil(v.max * 1.15)), minInterval: spec.series.every((s) => s.values.every((v) => v === null || Number.isInteger(v))) ? 1 : 0, axisLabel: { fontFamily: FONT_FAMILY } },
    series: spec.series.map((s) => ({
      type: spec.kind,
      name: s.name,
      data: s.values,
      barMaxWidth: 60,
      connectNulls: false,
      label: { show: true, position: 'top', fontFamily: FONT_FAMILY, formatter: (p: { value: number | null }) => (p.value === null ? '' : fmt(p.value)) },
    })),
    graphic: sourceLines.map((text, i) => ({
      type: 'text',
      left: 20,
      top: height - 16 - (sourceLines.length - i) * LINE_HEIGHT,
      style: { text, fontSize: 12, fill: '#555555', fontFamily: FONT_FAMILY },
    })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** SVG → PNG with the bundled font only (no system fonts: the same result on every machine). */
export function svgToPng(svg: string, fontFiles: string[] = [FONT_FILE]): Buffer {
  const r = new Resvg(svg, {
    background: '#ffffff',
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  return r.render().asPng();
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

export function renderChart(spec: ChartSpec): Chart {
  const svg = chartSvg(spec);
  return { svg, png: svgToPng(svg), alt: chartAlt(spec) };
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
 * agency when several are given); over 'agency': one category an agency, a series per pick and year. */
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
  const find = (agency: string, year: number) => sorted.find((r) => nameOf.get(r) === agency && r.year === year);
  const [cats, groups] = opts.over === 'year' ? [years.map((y) => `${y}年`), agencies] : [agencies, years.map(String)];
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
      const name = opts.over === 'year' ? (groups.length > 1 ? (picks.length > 1 ? `${g} ${p.label}` : g) : p.label) : picks.length > 1 ? `${g}年 ${p.label}` : `${g}年`;
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
