// Questions a part of the report answers as a whole: its date, an overview, the problems and
// improvements of section 五, the policies it names.
import { type Handler, withOthers } from '../ask.js';
import { policyList } from '../lists.js';
import { overview as overviewOf } from '../overview.js';
import { datePassage, handlingPassage, problemsPassage } from '../passages.js';
import { refusal } from '../refusal.js';
import { enumerationIn } from '../evidence.js';
import { ONLY_ABOUT_FIVE, WORDS } from '../question-kinds.js';


/** Content words that only say "problems" or "improvements" (domain/question-kinds.json). */
function onlyAboutFive(runs: string[]): boolean {
  return runs.every((r) => ONLY_ABOUT_FIVE.test(r));
}

export const date: Handler = {
  name: 'date',
  match: (a) => (a.q.intents.has('date') ? 0.95 : 0),
  answer: (a) => withOthers(datePassage(a.reports[0]!), a.reports[0]!, a.reports),
};

export const overview: Handler = {
  name: 'overview',
  match: (a) => (a.q.intents.has('overview') && !a.q.row3 && !a.q.row2 && !a.q.group4 ? 0.75 : 0),
  answer: (a) => withOthers(overviewOf(a.reports[0]!), a.reports[0]!, a.reports),
};

export const problems: Handler = {
  name: 'problems',
  match(a) {
    const q = a.q;
    if (!(q.intents.has('problems') || (q.intents.has('plans') && !q.row2) || WORDS.plans.test(q.text))) return 0;
    if (a.type === 'figure') return 0;
    return onlyAboutFive(a.uncovered.length ? a.uncovered : []) ? 0.85 : 0.3;
  },
  answer(a) {
    const q = a.q;
    const want = (q.intents.has('plans') || WORDS.plans.test(q.text)) && !WORDS.problems.test(q.text.replace(/针对.*?问题|存在的问题采取/, '')) ? 'plans' : q.intents.has('problems') ? 'problems' : 'plans';
    for (const r of a.reports) {
      const ans = problemsPassage(r, want);
      // 一是…二是…: the items, for a follow-up such as '第三项具体怎么做'
      const items = ans ? enumerationIn(ans.lines.slice(1).join('')) : null;
      if (ans) return withOthers(items ? { ...ans, items } : ans, r, a.reports);
    }
    return refusal(`${a.reports[0]!.title}中没有找到“存在的主要问题及改进情况”部分。`, a.ix);
  },
};

export const policies: Handler = {
  name: 'policies',
  match(a) {
    if (a.type !== 'list' && !a.q.intents.has('list')) return 0;
    if (!a.q.intents.has('policy')) return 0;
    return /政策|文件/.test(a.q.text) && a.uncovered.every((w) => /政策|文件|制定|出台|印发|修订|废止|牵头|发布|起草/.test(w)) ? 0.9 : 0.3;
  },
  answer(a) {
    for (const r of a.reports) {
      const ans = policyList(a.q, r);
      if (ans) return withOthers(ans, r, a.reports);
    }
    return null;
  },
};

export const handling: Handler = {
  name: 'handling',
  match: (a) => (a.q.intents.has('handling') && !a.q.intents.has('quantity') && a.uncovered.length === 0 ? 0.7 : 0),
  answer(a) {
    const r = a.reports[0]!;
    const ans = handlingPassage(r);
    return ans ? withOthers(ans, r, a.reports) : null;
  },
};
