// "怎么处理的", "有没有…", "…吗": the clause of the report that answers, quoted and trimmed to it,
// with 是/否 first for a yes/no question where the clause says so. Never a table figure.
import { type Handler, withOthers } from '../ask.js';
import { findClause } from './evidence-search.js';
import { trimText } from '../reply-parts.js';
import { unitAround } from '../passages.js';
import { WORDS } from '../question-kinds.js';
import { headRun, runWords } from '../content.js';

const NEGATION = WORDS.negation;
const NEGATED = new RegExp(`(?:${NEGATION.source})`);

/**
 * Whether the clause says no to what is asked: a negation right before a word of the question
 * (未收取, 没有关停, 无收取信息处理费), not anywhere in it (先后关停未进行规范管理的政务新媒体2个 is a yes).
 * Null when the clause holds none of the words.
 */
function negatedAt(clause: string, words: string[]): boolean | null {
  let found = false;
  for (const w of words) {
    for (let i = clause.indexOf(w); i >= 0; i = clause.indexOf(w, i + 1)) {
      found = true;
      if (NEGATED.test(clause.slice(Math.max(0, i - 3), i))) return true;
    }
  }
  return found ? false : null;
}

export const passage: Handler = {
  name: 'passage',
  match: (a) => (a.type === 'passage' || a.type === 'yesno' ? 0.65 : a.type === 'list' ? 0.4 : a.type === 'figure' ? 0.1 : 0),
  answer(a) {
    // a figure asked that no figure answers: the clause about it, when it covers the question nearly whole (未收取信息处理费)
    const found = findClause(a, undefined, a.type === 'figure' ? 0.75 : undefined);
    if (!found) return null;
    const { r, hit, more } = found;
    const c = hit.clause;
    // a second clause of the same sentence or the next one, when it covers nearly as much
    const extra = more.find((m) => m.clause.sentence !== c.sentence && m.coverage >= hit.coverage * 0.9 && m.coverage >= 0.6);
    // a passage asked (怎么做的) is quoted as the whole unit it stands in (its subsection, its item)
    const unit = a.type === 'passage' ? unitAround(r, c.sectionIndex, c.text, c.sentence) : '';
    const whole = unit.length > c.text.length && (!extra || unit.includes(extra.clause.text.slice(0, 12)));
    const quote = whole ? unit : trimText(c.text, 300) + (extra ? trimText(extra.clause.text, 200) : '');
    const lines: string[] = [];
    if (a.type === 'figure') {
      lines.push(`${r.agency}${r.year}年报告没有给出这个数字。报告中相关的原文是：`);
    } else if (a.type === 'yesno') {
      const neg = negatedAt(c.text, runWords(headRun(a.q)).filter((w) => w.length >= 2)) ?? NEGATION.test(c.text);
      lines.push(`${neg ? '否' : '是'}。${r.agency}${r.year}年报告中写道：`);
    } else lines.push(`${r.agency}${r.year}年报告中写道：`);
    lines.push(`“${quote}”`);
    return withOthers(
      {
        kind: a.type === 'yesno' ? 'yesno' : 'passage',
        lang: 'zh',
        lines,
        figures: [],
        citations: [{ report: r.title, section: c.section, quote: c.text }, ...(extra ? [{ report: r.title, section: extra.clause.section, quote: extra.clause.text }] : [])],
        sourcesShown: 1,
        notes: [],
        suggestions: [],
      },
      r,
      a.reports,
    );
  },
};
