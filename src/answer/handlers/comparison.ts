// The same figure in two reports: two years of one agency, or two agencies. "比…多/少" gives the
// difference (and the growth) with both printed operands; "各/分别" gives each figure.
import type { Report } from '../../model.js';
import type { Reply } from '../../reply/types.js';
import type { Ask, Handler } from '../ask.js';
import { compareAnswers } from '../comparison.js';
import { refusal } from '../refusal.js';
import { route } from '../router.js';

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
  const rb = a.ix.agencies.get(ra.agency)?.find((r) => r.year === y - 1);
  if (!rb) return refusal(`知识库中没有${ra.agency}${y - 1}年的报告，无法与${y}年比较。`, a.ix);
  return [ra, rb];
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
    if (!Array.isArray(pair)) return pair;
    const [ra, rb] = pair;
    const fa = figureIn(a, ra);
    const fb = figureIn(a, rb);
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
    return compareAnswers({ r: ra, ans: fa }, { r: rb, ans: fb });
  },
};
