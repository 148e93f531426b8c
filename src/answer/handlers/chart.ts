// "平潭2019到2025年申请数量趋势", "洪泽区两年行政诉讼对比": a chart of the figure asked across the
// agency's reports; "画一下天津工信局和上海科委收到申请数的柱状图": the agencies named side by side. The reply carries the chart's spec and its text alternative; the conversation
// module draws the PNG (src/chart, loaded only then) for the channels that show images.
import { chartAlt, chartFromReports, PICKS, pickCell, type ChartSpec, type Pick } from '../../chart/spec.js';
import { sameAgency } from '../../check.js';
import type { Reply } from '../../reply/types.js';
import type { Ask, Handler } from '../ask.js';
import type { Report } from '../../model.js';
import { chosenFact, listParts } from './computed.js';
import { factLabel } from '../fact-reply.js';
import { mentionsIn } from '../../question/read.js';
import { understand } from '../understand.js';
import type { Query } from '../understand.js';
import { WORDS } from '../question-kinds.js';


function pickOf(q: Query): Pick {
  if (q.group4 === 'review') return PICKS.reviews;
  if (q.group4 === 'suit') return PICKS.lawsuits;
  if (q.group4 === 'direct') return PICKS.lawsuitsDirect;
  if (q.group4 === 'after') return PICKS.lawsuitsAfterReview;
  const col = q.col3 && q.col3 !== 'legal' ? q.col3 : ['总计'];
  switch (q.row3?.key) {
    case '办理总计':
      return col[0] === '总计' ? PICKS.handled : pickCell('三', ['三、本年度办理结果', '（七）总计'], col, '本年度办理结果总计');
    case '予以公开':
      return PICKS.disclosed;
    case '结转下年度继续办理':
      return PICKS.carried;
    default:
      return col[0] === '总计' ? PICKS.requests : pickCell('三', ['一、本年新收政府信息公开申请数量'], col, `本年新收政府信息公开申请 · ${col.at(-1)}`);
  }
}

/** Asked to draw (画一下, 画个, 画出). */
const DRAW = /画(?:一下|一个|个|一张|张|出|成)/;

/** The words that ask for a chart or a trend, which name no figure. */
const DRAWING = new RegExp(`${WORDS.chart.source}|${WORDS.overYears.source}|${WORDS.changes.source}|画(?:一下|一个|个|一张|张|出|成)?|(?:的)?(?:变化|情况|数量|数)(?=$|[?？]|图)|图`, 'g');

/**
 * What to draw: each thing the question names (申请和行政复议: two series) as the template cell the
 * ranker chooses for it in the newest report; else the slots the question fills.
 */
function picksOf(a: Ask, newest: Report): Pick[] {
  const names = [...new Set([...a.q.agencies.map((x) => x.word), a.q.agencyWord ?? ''].filter(Boolean))];
  const rest = names.reduce((t, n) => t.split(n).join(''), a.q.text).replace(/(?:19|20)\d{2}年?度?|[到至—-]/g, '').replace(DRAWING, '');
  const parts = listParts(rest, names);
  const picks: Pick[] = [];
  for (const part of parts.length ? parts : [rest]) {
    const f = /[\u4e00-\u9fff]{2}/.test(part) ? chosenFact(a, `${part}多少`, [newest]) : null;
    if (!f?.slots || !f.cells.length) {
      // a part the ranker is not sure of alone, in the template's words (申请): the cell those words fill
      if (parts.length > 1 && mentionsIn(part).length) picks.push(pickOf(understand(part, a.ix)));
      continue;
    }
    const label = factLabel(f).replace(/ · 总计$/, '').replace(/^[一二三四]、|^（.）/, '');
    picks.push({ label, parts: f.cells.map((c) => ({ table: c.table, row: c.row, column: c.column })) });
  }
  const distinct = picks.filter((p, i) => picks.findIndex((x) => x.label === p.label) === i);
  return distinct.length ? distinct : [pickOf(a.q)];
}

/** The agencies a chart sets side by side: two or more named, each by its report of the year asked, else its newest. */
function agenciesCompared(a: Ask): Report[] | null {
  const out: Report[] = [];
  for (const n of a.q.agencies) {
    const r = n.reports.filter((x) => !a.q.years.length || a.q.years.includes(x.year)).sort((x, y) => y.year - x.year)[0];
    if (r && !out.some((o) => sameAgency(o.agency, r.agency))) out.push(r);
  }
  return out.length >= 2 ? out : null;
}

/** A chart's reply: its text alternative, the reports it was drawn from, the spec. */
function chartReply(spec: ChartSpec, reports: Report[]): Reply {
  const alt = chartAlt(spec);
  return {
    kind: 'chart',
    lang: 'zh',
    lines: alt.split('\n').filter((l) => !l.startsWith('来源：')),
    figures: [],
    citations: reports.map((r) => ({ report: r.title, section: '', quote: '' })),
    sourcesShown: 5,
    notes: [],
    suggestions: [],
    chart: spec,
  };
}

export const chart: Handler = {
  name: 'chart',
  match(a) {
    const q = a.q;
    const twoYears = WORDS.overYears.test(q.text) && WORDS.changes.test(q.text);
    // an agency named, under any of the names it is printed with (洪泽区: two names, one body)
    return (a.agencyNamed || q.agencyReports) && (WORDS.chart.test(q.text) || DRAW.test(q.text) || twoYears) ? 0.95 : 0;
  },
  answer(a) {
    // two agencies or more named: side by side, one bar each
    const across = agenciesCompared(a);
    if (across) return chartReply(chartFromReports(across, picksOf(a, across[0]!), { over: 'agency' }), across);
    const all = a.q.agencyReports ?? a.reports;
    const ys = a.q.years;
    const from = ys.length >= 2 ? Math.min(...ys) : -Infinity;
    const to = ys.length >= 2 ? Math.max(...ys) : Infinity;
    const reports = all.filter((r) => r.year >= from && r.year <= to);
    const years = new Set(reports.map((r) => r.year));
    if (years.size < 2) return null;
    return chartReply(chartFromReports(reports, picksOf(a, reports[0]!), { over: 'year' }), reports);
  },
};
