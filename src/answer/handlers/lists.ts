// "哪些…": the enumeration in the report whose context matches the question, with every item.
import { type Handler, withOthers } from '../ask.js';
import { findClause } from './evidence-search.js';
import { sectionOf } from '../format.js';

export const lists: Handler = {
  name: 'list',
  match: (a) => (a.type === 'list' ? 0.7 : 0),
  answer(a) {
    const found = findClause(a, (c) => c.list !== null && c.list.length >= 2);
    if (!found) return null;
    const { r, hit } = found;
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
