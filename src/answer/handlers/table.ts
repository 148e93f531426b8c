// A table cell (tables 二, 三, 四) with the template's arithmetic — only when the question asks about
// what the cell counts: every content word of the question is a term the cell's labels stand for.
import type { Report } from '../../model.js';
import type { Reply } from '../../reply/types.js';
import { type Ask, type Handler, withOthers } from '../ask.js';
import { tableFigure, whichTable } from '../figures.js';
import { bestNarrative, narrativeAnswer } from '../narrative.js';
import { synonymsOf } from '../dictionary.js';
import type { Query } from '../understand.js';
import { wordsOnly } from '../../reply/types.js';

/** Table 三 counts requests for government information: a weak word (收到, 信访) needs that context. */
function aboutRequests(q: Query): boolean {
  if (/申请|信息公开|依申请/.test(q.text) || (q.context && /申请|信息公开|依申请/.test(q.context.text))) return true;
  // a word of two characters (信访, 保密) names other things too; a longer one (查不到, 不予公开) does not
  const w = q.slotWords.row3 ?? '';
  return w.length >= 3;
}

/** Tables 三 and 四 count requests and cases (件): a question asking 多少条/篇/场 asks about something else. */
const COUNTED_IN_JIAN = /^(件|份|项|个|起|宗|次|人次)$/;

export function tableOf(a: Ask): '二' | '三' | '四' | null {
  const q = a.q;
  if (q.intents.has('rate') || q.intents.has('fee') || q.askedUnit === '%') return null;
  const t = whichTable(q);
  if (t === '三' && !aboutRequests(q)) return null;
  if ((t === '三' || t === '四') && q.askedUnit && !COUNTED_IN_JIAN.test(q.askedUnit)) return null;
  return t;
}

export const table: Handler = {
  name: 'table',
  match(a) {
    if (a.type !== 'figure' && !a.q.intents.has('quantity')) return 0;
    if (!tableOf(a)) return 0;
    return a.uncovered.length ? 0 : 0.8;
  },
  answer(a) {
    const t = tableOf(a)!;
    const agencies = new Set(a.reports.map((r) => r.agency));
    if (!a.agencyNamed && agencies.size > 1) return perAgency(a, t);
    const single = a.agencyNamed || a.reports.length === 1;
    let firstProblem: string | null = null;
    for (const r of a.reports) {
      const res = tableFigure(a.q, r, t);
      if ('ok' in res) {
        const v = res.ok.figures[0]?.value;
        if (v !== undefined && a.quoted.has(v) && a.quoted.size === 1 && t === '三' && a.q.row3?.key === '本年新收政府信息公开申请数量') return null;
        return withOthers(res.ok, r, a.reports);
      }
      if ('notHeld' in res && res.fallbackNarrative) {
        const hit = bestNarrative(a.q, r, { strictWords: strictWords(a.q, t) });
        if (hit) return withOthers(narrativeAnswer(r, hit, [{ code: 'narrative-not-table', p: { why: res.notHeld } }]), r, a.reports);
      }
      firstProblem ??= 'notHeld' in res ? res.notHeld : res.unread;
      if (single) break;
    }
    return wordsOnly('refusal', [firstProblem ?? ''], [{ code: 'kinds' }]);
  },
};

/** No agency named and several in the knowledge: one line for each (up to five), or the agencies to choose from. */
function perAgency(a: Ask, t: '二' | '三' | '四'): Reply {
  const byAgency = new Map<string, Report>();
  for (const r of a.reports) if (!byAgency.has(r.agency)) byAgency.set(r.agency, r);
  const reports = [...byAgency.values()];
  // each choice asks the question again of one agency: without the year, and without the name several agencies answer to (城关区)
  const rest = stripYear(a.q.agencyWord ? a.q.text.split(a.q.agencyWord).join('') : a.q.text);
  const choices = reports.slice(0, 9).map((r) => ({ label: `${r.agency}${r.year}年`, question: `${r.agency}${r.year}年${rest}` }));
  // a store answered on demand: the agencies fetched are a few of the store's, offered as examples
  const whole = a.ix.catalog;
  if (whole && whole.byAgency.size > reports.length) {
    const line = a.q.agencyWord
      ? `知识库中不止一个机关的名称是「${a.q.agencyWord}」，您问的是哪一个？例如：`
      : `问题没有说明是哪个机关，知识库中有${whole.byAgency.size}个机关的报告。请说出机关名称，例如：`;
    return { kind: 'choice', lang: 'zh', lines: [line], figures: [], citations: [], notes: [], suggestions: [], choices };
  }
  if (reports.length > 5) {
    return { kind: 'choice', lang: 'zh', lines: [`知识库中有${reports.length}个机关的报告，您问的是哪一个？`], figures: [], citations: [], notes: [], suggestions: [], choices };
  }
  const lines = [`问题没有说明是哪个机关。知识库中${reports.length}个机关的报告分别是：`];
  const citations = [];
  for (const r of reports) {
    const res = tableFigure(a.q, r, t);
    if ('ok' in res) {
      lines.push(`· ${res.ok.lines.join('')}`);
      citations.push(...res.ok.citations.slice(0, 1));
    } else lines.push(`· ${r.agency}${r.year}年：报告中没有这个数字。`);
  }
  return { kind: 'choice', lang: 'zh', lines, figures: [], citations, sourcesShown: 5, notes: [], suggestions: [], choices };
}

function stripYear(text: string): string {
  return text.replace(/(?:19|20)\d{2}年度?|去年|今年|前年/g, '');
}

/** The words that name the table row (and the measure, in table 二): a narrative figure standing in for a cell must be about them. */
function strictWords(q: Query, table: '二' | '三' | '四'): string[][] {
  const groups: string[][] = [];
  const add = (words: (string | undefined)[]) => {
    const w = words.filter((x): x is string => Boolean(x));
    if (w.length) groups.push(w);
  };
  if (table === '三' && q.row3) add([q.slotWords.row3, ...synonymsOf('row3', q.row3.key)]);
  if (table === '四' && q.group4) add([q.slotWords.group4, ...synonymsOf('group4', q.group4)]);
  if (table === '二' && q.row2) {
    add([q.slotWords.row2, ...synonymsOf('row2', q.row2.row)]);
    if (q.measure2 && q.slotWords.measure2) add([q.slotWords.measure2, ...synonymsOf('measure2', q.measure2)]);
  }
  return groups;
}
