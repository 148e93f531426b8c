// A figure the narrative states (发布原创文章105篇), found by what it counts.
import { type Handler, withOthers } from '../ask.js';
import { bestFigure } from '../figure-match.js';
import { narrativeAnswer } from '../narrative.js';
import { headRun } from '../content.js';

export const narrative: Handler = {
  name: 'narrative',
  match(a) {
    if (a.type !== 'figure') return 0;
    // '那企业呢': a word of the template's tables (企业 is a column) is asked of the table, never of a sentence
    const head = headRun(a.q);
    const structural = a.q.matches.some((m) => m.word === head && m.slots.some((s) => s.kind !== 'intent'));
    return structural ? 0 : 0.6;
  },
  answer(a) {
    const hit = bestFigure(a, a.agencyNamed ? a.reports : a.reports.slice(0, 40));
    if (!hit) return null;
    return withOthers(narrativeAnswer(hit.r, { f: hit.f, score: hit.score }), hit.r, a.reports);
  },
};
