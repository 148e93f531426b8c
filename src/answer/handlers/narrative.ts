// A figure the narrative states (发布原创文章105篇), found by what it counts.
import { type Handler, withOthers } from '../ask.js';
import { bestFigure } from '../figure-match.js';
import { narrativeAnswer } from '../narrative.js';

export const narrative: Handler = {
  name: 'narrative',
  match: (a) => (a.type === 'figure' ? 0.6 : 0),
  answer(a) {
    const hit = bestFigure(a, a.agencyNamed ? a.reports : a.reports.slice(0, 40));
    if (!hit) return null;
    return withOthers(narrativeAnswer(hit.r, { f: hit.f, score: hit.score }), hit.r, a.reports);
  },
};
