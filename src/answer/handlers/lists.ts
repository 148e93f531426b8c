// "哪些…": the enumeration in the report whose context matches the question, with every item.
import { type Handler, withOthers } from '../ask.js';
import { findClause } from './evidence-search.js';
import { sectionOf } from '../reply-parts.js';

export const lists: Handler = {
  name: 'list',
  match: (a) => (a.type === 'list' ? 0.7 : 0),
  answer(a) {
    const found = findClause(a, (c) => c.list !== null && c.list.length >= 2);
    if (!found) return null;
    const { r, hit } = found;
    // the clause that answers best names one thing, no enumeration (新增什么制度 → 新增信息审核发布报备制度): the passage answers
    const any = findClause(a);
    if (any && any.r === r && any.hit.clause.list === null && any.hit.score >= hit.score + 0.05 && any.hit.coverage > hit.coverage) return null;
    const c = hit.clause;
    const items = c.list!;
    return withOthers(
      {
        kind: 'list',
        lang: 'zh',
        lines: [`${r.agency}${r.year}年报告中写道：`, `“${c.text}”`, `列举的是：${items.join('；')}。`],
        items,
        figures: [],
        citations: [{ report: r.title, section: c.section || sectionOf(1), quote: c.text }],
        sourcesShown: 1,
        notes: [],
        suggestions: [],
      },
      r,
      a.reports,
    );
  },
};
