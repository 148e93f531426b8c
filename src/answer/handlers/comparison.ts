// The same figure in two reports: two years of one agency, or two agencies. "比…多/少" gives the
// difference (and the growth) with both printed operands; "各/分别" gives each figure.
import type { Report } from '../../model.js';
import type { Reply } from '../../reply/types.js';
import type { Ask, Handler } from '../ask.js';
import { compareAnswers } from '../comparison.js';
import { refusal } from '../refusal.js';
import { route } from '../router.js';
import { factsOf } from '../../facts/index.js';
import { factReply } from '../fact-reply.js';

function newestOf(rs: Report[], year?: number): Report | undefined {
  return (year ? rs.filter((r) => r.year === year) : rs)[0];
}

function pairOf(a: Ask): [Report, Report] | Reply | null {
  const q = a.q;
  if (q.agencies.length >= 2) {
    const ys = q.years;
    const ra = newestOf(q.agencies[0]!.reports, ys[0]);
    const rb = newestOf(q.agencies[1]!.reports, ys.length >= 2 ? ys[1] : ys[0]);
    return ra && rb ? [ra, rb] : null;
  }
  if (q.years.length >= 2) {
    const ra = newestOf(a.reports, q.years[0]);
    const rb = newestOf(a.reports, q.years[1]);
    return ra && rb ? [ra, rb] : null;
  }
  const y = q.years[0];
  if (!y) return null;
  const ra = newestOf(a.reports, y);
  if (!ra) return null;
  // the year before, of the agency as it was named (洪泽区: its reports under either name it is printed with)
  const rb = [...(a.q.agencyReports ?? []), ...(a.ix.agencies.get(ra.agency) ?? [])].find((r) => r.year === y - 1);
  if (!rb) return refusal(`知识库中没有${ra.agency}${y - 1}年的报告，无法与${y}年比较。`, a.ix);
  return [ra, rb];
}

/** The comparison's own words: what is left is what the question names to compare (empty: the previous turn's figure). */
const COMPARING = /[比较与和跟同]|相比|上一?年度?|去年|前一年|\d{4}年度?|增加|减少|增长|下降|降低|提高|变化|多了|少了|多|少|了|多少|几|是|呢|吗|[?？,，]/g;

/** The previous turn's figure (the same template cell) in each report: 比上一年增加了多少 after a figure. */
function previousIn(a: Ask, pair: Report[]): Reply[] | null {
  const at = a.previous?.reply.fact;
  if (!at || a.q.text.replace(a.q.agencyWord ?? '', '').replace(COMPARING, '').trim()) return null;
  const r = a.ix.reports.find((x) => x.id === at.report);
  const f = r && factsOf(r).find((x) => x.id === at.id);
  if (!f?.slots) return null;
  const replies = pair.map((x) => factsOf(x).find((g) => g.key === f.key)).map((g) => (g ? factReply(g) : null));
  return replies.every(Boolean) ? (replies as Reply[]) : null;
}

/** The figure one report gives for the question (through the same handlers, for that report alone). */
function figureIn(a: Ask, r: Report): Reply | null {
  const one: Ask = { ...a, reports: [r], agencyNamed: true };
  const reply = route(one, ['comparison']);
  return reply && reply.figures.length ? reply : null;
}

export const comparison: Handler = {
  name: 'comparison',
  match(a) {
    const q = a.q;
    if (a.type !== 'figure' && !/各|分别/.test(q.text)) return 0;
    if (q.years.length >= 2 || q.agencies.length >= 2) return 0.92;
    if (q.intents.has('compare') && q.years.length === 1) return 0.9;
    return 0;
  },
  answer(a) {
    const pair = pairOf(a);
    if (!pair) return null;
    // no report of the other year: a change the report prints itself (比上年减少12.3%) may still answer
    if (!Array.isArray(pair)) return route(a, ['comparison', 'computed']) ?? pair;
    const [ra, rb] = pair;
    const before = previousIn(a, pair);
    const fa = before?.[0] ?? figureIn(a, ra);
    const fb = before?.[1] ?? figureIn(a, rb);
    if (!fa || !fb) return null;
    if (/各|分别|都是多少/.test(a.q.text) && !/比|相比|增长|减少|多了|少了|变化/.test(a.q.text)) {
      return {
        kind: 'comparison',
        lang: 'zh',
        lines: [...fa.lines, ...fb.lines],
        figures: [...fa.figures.slice(0, 1), ...fb.figures.slice(0, 1)],
        citations: [...fa.citations.slice(0, 1), ...fb.citations.slice(0, 1)],
        notes: [...fa.notes, ...fb.notes].filter((n) => n.code !== 'others'),
        suggestions: [],
      };
    }
    // 哪个多: the one that answers comes first (哪个少: the smaller)
    const fewer = /少|低/.test(a.q.text.replace(/多少/g, ''));
    const swap = /哪[个一家]|谁/.test(a.q.text) && (fewer ? fa.figures[0]!.value > fb.figures[0]!.value : fa.figures[0]!.value < fb.figures[0]!.value);
    return swap ? compareAnswers({ r: rb, ans: fb }, { r: ra, ans: fa }) : compareAnswers({ r: ra, ans: fa }, { r: rb, ans: fb });
  },
};
