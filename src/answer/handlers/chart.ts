// "平潭2019到2025年申请数量趋势", "洪泽区两年行政诉讼对比": a chart of the figure asked across the
// agency's reports. The reply carries the chart's spec and its text alternative; the conversation
// module draws the PNG (src/chart, loaded only then) for the channels that show images.
import { chartAlt, chartFromReports, PICKS, pickCell, type Pick } from '../../chart/spec.js';
import type { Handler } from '../ask.js';
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

export const chart: Handler = {
  name: 'chart',
  match(a) {
    const q = a.q;
    const twoYears = WORDS.overYears.test(q.text) && WORDS.changes.test(q.text);
    return a.agencyNamed && (WORDS.chart.test(q.text) || twoYears) ? 0.95 : 0;
  },
  answer(a) {
    const all = a.q.agencyReports ?? a.reports;
    const ys = a.q.years;
    const from = ys.length >= 2 ? Math.min(...ys) : -Infinity;
    const to = ys.length >= 2 ? Math.max(...ys) : Infinity;
    const reports = all.filter((r) => r.year >= from && r.year <= to);
    const years = new Set(reports.map((r) => r.year));
    if (years.size < 2) return null;
    const spec = chartFromReports(reports, [pickOf(a.q)], { over: 'year' });
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
  },
};
