// A yes/no question answered from the report's facts in the right direction. Whether something
// happened at all (有上年结转过来的吗, 有没有被申请行政复议) is the figure that counts it, read by the
// figure ranker: 0 is 没有, more is 有, shown with the figure and its source. Without a figure, a
// clause answers only when it names what was asked, and a negation counts where it stands: before
// the first word of the question in its part of the sentence (未发生…行政复议 → 没有; 关停未进行规范管理
// 的政务新媒体 → 有). Unsure: the clause is quoted without 是/否 (the passage kind).
import type { Reply } from '../../reply/types.js';
import { type Ask, type Handler, withOthers } from '../ask.js';
import { figure, readingOf } from './figure.js';
import { factsOf } from '../../facts/index.js';
import { rank } from '../../rank/model.js';
import { FEATURES } from '../../rank/features.js';
import { findClause } from './evidence-search.js';
import { fmt, trimText } from '../reply-parts.js';
import { WORDS } from '../question-kinds.js';
import { contentRuns, headRun, runWords } from '../content.js';

const COL_UNASKED = FEATURES.indexOf('colUnasked');
const GENERIC = /^(政府|信息|公开|政府信息|申请|工作|情况|有没有|是否)$/;
const DIRECTIONAL = /(?<=[\u4e00-\u9fff])(?:过来|过去|进来|出来|下来|上来|回来)(?=的|$)/g;
const NEGATED = new RegExp(`(?:${WORDS.negation.source})`);
/** Asks whether something happened or exists (有没有, 有无, 有…吗, …过吗), not whether a value is so. */
const EXISTS = /有没有|有无|是否有|[有被].{0,30}[吗么嘛][?？]?$|[了过][吗吧么][?？]?$|没有[?？]?$|^(?:were|was|is|are)(?:there|any)|^(?:did|does|do|has|have|had)\w*any/;
/** Asked with 有 (有没有, 有…吗): answered 有/没有; otherwise (是否, …了吗) 是/否. */
const WITH_HAS = /有没有|有无|有.{0,30}[吗么嘛][?？]?$|^(?:那|那么)?(?:还)?有|没有[?？]?$/;
const yesWord = (text: string, no: boolean) => (WITH_HAS.test(text) ? (no ? '没有' : '有') : no ? '否' : '是');

/** The words that make a question yes/no, taken out to ask for the figure itself. */
const ASKING = /有没有|有无|是否|是不是|[吗吧么嘛呢][?？]?$|[?？]$/g;

/** The figure that counts what the question asks whether it happened: the figure kind's answer, or null. */
function fromFact(a: Ask): Reply | null {
  if (!EXISTS.test(a.q.text) || /\d/.test(a.q.text.replace(/(?:19|20)\d{2}年?度?/g, ''))) return null;
  const bare = a.q.text.replace(ASKING, '').replace(/^(那|那么)?(还)?有/, '').replace(/[的了过]+$/, '');
  // a directional complement (结转过来, 接下来) adds nothing to what is counted
  const texts = [...new Set([bare, bare.replace(DIRECTIONAL, '')])].map((t) => `${t}多少`);
  let r: Reply | null = null;
  let asked: Ask = a;
  for (const text of texts) if ((r = figure.answer((asked = { ...a, q: { ...a.q, text }, type: 'figure', raw: text })))?.kind === 'figure') break;
  const f = r?.figures[0];
  // a table's figure (a narrative number counts what its own sentence says, not whether the thing asked happened)
  if (!r || r.kind !== 'figure' || !f || r.computation || !r.fact || r.fact.id.startsWith('n:')) return null;
  // of its row, the reading a question naming no column means, or the column the question names (结果纠正)
  const report = a.ix.reports.find((x) => x.id === r!.fact!.report);
  const fact = report && factsOf(report).find((x) => x.id === r!.fact!.id);
  if (!fact || rank([[fact]], { reading: readingOf(asked), years: a.q.years }).ranked[0]?.features[COL_UNASKED]) return null;
  // the cell's row and column in words (上年结转政府信息公开申请数量; 行政复议结果纠正), without numbering or 总计
  const what = f.label.split(' · ').map((x) => x.replace(/^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|^\d+\./, '')).filter((x) => x !== '总计').join('');
  const line = `${yesWord(a.q.text, f.value === 0)}（${what}${fmt(f.value)}${f.unit}）。`;
  // the report's own words, where a clause of the same report says the same (未被复议审查机关纠错)
  const said = clauseOf(a);
  const agrees = said && said.neg !== null && said.neg === (f.value === 0) && said.r.title === r.citations[0]?.report;
  const words = agrees ? [`报告中写道：“${trimText(said.c.text, 300)}”`] : [];
  const cited = agrees ? [{ report: said.r.title, section: said.c.section, quote: said.c.text }] : [];
  return { ...r, kind: 'yesno', lines: [line, ...r.lines, ...words], citations: [...r.citations, ...cited] };
}

/**
 * Whether a clause says no to what was asked, in the part of the sentence (between commas) that holds
 * the question's words: a negation before the first of them (未发生…行政复议), or one after them that
 * reaches the next with no 的 between (该行政复议件未被…纠错) — a negation followed by 的 only describes the
 * word after it (关停未进行规范管理的政务新媒体 is a yes). Null when the clause holds none of them.
 */
export function negatedIn(clause: string, words: string[]): boolean | null {
  let found: boolean | null = null;
  const at = (part: string, from: number) => Math.min(...words.map((w) => part.indexOf(w, from)).filter((i) => i >= 0));
  for (const part of clause.split(/[，,；;。：:]/)) {
    const first = at(part, 0);
    if (!Number.isFinite(first)) continue;
    if (NEGATED.test(part.slice(0, first))) return true;
    for (const m of part.slice(first).matchAll(new RegExp(NEGATED.source, 'g'))) {
      const from = first + (m.index ?? 0) + m[0].length;
      const next = at(part, from);
      if (Number.isFinite(next) && !part.slice(from, next).includes('的')) return true;
    }
    found = false;
  }
  return found;
}

/** The clause that answers, and whether it says no to what was asked (null: it does not name it). */
function clauseOf(a: Ask) {
  const found = findClause(a);
  if (!found) return null;
  const c = found.hit.clause;
  // what was asked: the words of its head (政策解读 of 是否开展了政策解读), all of them in the clause
  const head = runWords(headRun(a.q)).filter((w) => w.length >= 2 && !GENERIC.test(w));
  const names = head.length > 0 && head.every((w) => c.text.includes(w));
  // the negation is read before the first of the question's words, as pairs of characters (关停 of
  // 关停政务新媒体: a segmenter leaves single characters of words it does not know)
  const words = [...new Set(contentRuns(a.q).flatMap((run) => [...run.matchAll(/(?=([\u4e00-\u9fff]{2}))/g)].map((m) => m[1]!)))].filter((w) => !GENERIC.test(w));
  return { r: found.r, c, neg: names ? negatedIn(c.text, words) : null };
}

/** The clause that answers, with 有/没有 (是/否) first only when it names what was asked. */
function fromClause(a: Ask): Reply | null {
  const found = clauseOf(a);
  if (!found) return null;
  const { r, c, neg } = found;
  const verdict = neg === null ? '' : `${yesWord(a.q.text, neg)}。`;
  return withOthers(
    {
      kind: verdict ? 'yesno' : 'passage',
      lang: 'zh',
      lines: [`${verdict}${r.agency}${r.year}年报告中写道：`, `“${trimText(c.text, 300)}”`],
      figures: [],
      citations: [{ report: r.title, section: c.section, quote: c.text }],
      sourcesShown: 1,
      notes: [],
      suggestions: [],
    },
    r,
    a.reports,
  );
}

export const yesno: Handler = {
  name: 'yesno',
  match: (a) => (a.type === 'yesno' ? 0.7 : 0),
  answer: (a) => fromFact(a) ?? fromClause(a),
};
