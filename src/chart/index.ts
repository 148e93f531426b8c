// Charts of report figures, drawn offline: ECharts renders the SVG on the server (no DOM), resvg
// turns it into a PNG with the Noto Sans SC font kept in vendor/ (./font.ts), so Chinese labels
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
import { chartAlt, type ChartSpec } from './spec.js';
import { FONT_FAMILY, FONT_FILE } from './font.js';
export * from './spec.js';
export { FONT_FAMILY, FONT_FILE };

export interface Chart {
  png: Buffer;
  svg: string;
  /** the chart in words: what is drawn and every value, then the sources */
  alt: string;
}

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

export function renderChart(spec: ChartSpec): Chart {
  const svg = chartSvg(spec);
  return { svg, png: svgToPng(svg), alt: chartAlt(spec) };
}

