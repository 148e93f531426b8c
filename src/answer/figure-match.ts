// Narrative figures matched by what they count: the noun at the number (工信动态发布原创文章105篇:
// 原创文章; 5个高频事项: 高频事项) must name the thing asked (the question's head noun), the rest
// of the question must stand in the sentence, and the unit asked must agree. Quoted numbers are
// never the answer.
import type { NarrativeFigure, Report } from '../model.js';
import { bigrams, evidenceOf } from './evidence.js';
import type { Ask } from './ask.js';
import { contentRuns, headRun, runWords } from './content.js';
import { holds } from './equivalents.js';

export interface FigureHit {
  r: Report;
  f: NarrativeFigure;
  score: number;
}

/** The words before the number back to the last clause mark (刊登政府规章、规范性文件等112件: 刊登政府规章、规范性文件等). */
function verbBefore(f: NarrativeFigure): string {
  const s = f.sentence.replace(/\s+/g, '');
  const at = s.indexOf(f.raw);
  if (at < 0) return '';
  return s.slice(0, at).split(/[,，;；。:：!！?？]/).pop()!.slice(-30);
}

/** The noun right after a number and its unit: 5个高频事项（…）→ 高频事项. */
function nounAfter(f: NarrativeFigure): string {
  const s = f.sentence.replace(/\s+/g, '');
  const at = s.indexOf(f.raw);
  if (at < 0) return '';
  let rest = s.slice(at + f.raw.length);
  if (f.unit && rest.startsWith(f.unit)) rest = rest.slice(f.unit.length);
  // up to the end of the phrase: 29项涉及群众切身利益、…的重要政策文件进行解读
  const m = /^[\u4e00-\u9fff“”"《》、]{0,40}/.exec(rest);
  return m?.[0] ?? '';
}

/** The clause holding the number. */
function clauseOf(f: NarrativeFigure): string {
  const s = f.sentence.replace(/\s+/g, '');
  const at = s.indexOf(f.raw);
  if (at < 0) return s;
  const start = Math.max(s.lastIndexOf('；', at), s.lastIndexOf('。', at), s.lastIndexOf(';', at)) + 1;
  const endRel = s.slice(at).search(/[；。;]/);
  return s.slice(start, endRel < 0 ? s.length : at + endRel + 1);
}

const UNIT_CLASS: [RegExp, string][] = [
  [/^%$/, 'rate'],
  [/元/, 'money'],
  [/^(个工作日|天|日|小时|分钟)$/, 'time'],
  [/^(件|份|项|条|篇|个|家|名|人|人次|次|场|期|批次|批|封|张|起|户|所|处|台|本|部|套|号|笔|万人次|万次)$/, 'count'],
];
function unitClass(u: string): string {
  for (const [re, c] of UNIT_CLASS) if (re.test(u)) return c;
  return 'count';
}

/** Does the figure's unit agree with what the question asks? */
export function unitAgrees(asked: string | null, wantsMoney: boolean, unit: string): boolean {
  const c = unitClass(unit);
  if (wantsMoney) return c === 'money';
  if (!asked) return true;
  const ac = unitClass(asked);
  if (ac !== c) return false;
  if (ac !== 'count') return true;
  // 几场 is not 584条, 多少项 is not 53个; a few counters do stand for each other
  const same = [/^(件|份)$/, /^(个|家|所|处)$/, /^(人|名)$/, /次/];
  if (!unit || unit === '万' || unit === '亿') return /^(人|个|名|户|次)$/.test(asked);
  return asked === unit || same.some((re) => re.test(asked) && re.test(unit));
}

function cover(grams: Set<string>, want: Set<string>): number {
  if (!want.size) return 1;
  let n = 0;
  for (const g of want) if (grams.has(g)) n++;
  return n / want.size;
}

const CHANGE_ASKED = /[比较](上一?年|去年|往年|前一年|上年度?)|同比|环比|增长|增加|减少|下降|上升|回落|提高|降低|[多少]了|增幅|降幅|涨|跌/;
const CHANGE_PRINTED = /[较比](上一?年|去年|往年|前一年|上年度?|\d{4}年)|同比|环比|增长|增加|减少|下降|上升|回落|提高|降低|提升|增幅|降幅|上涨|下跌/;

/** The best narrative figure for the question among the reports, or null when none is about what is asked. */
export function bestFigure(a: Ask, reports: Report[], opts: { head?: string; rest?: string[] } = {}): FigureHit | null {
  const runs = contentRuns(a.q);
  if (!runs.length) return null;
  const head = opts.head ?? headRun(a.q, runs);
  // the rest of the question; in a follow-up, what the previous question was about weighs too
  const rest = opts.rest ?? runs.filter((r) => r !== head);
  const topic = a.q.context ? contentRuns(a.q.context).filter((r) => r !== head) : [];
  if (!/[\u4e00-\u9fff]/.test(head)) return null;
  const headGrams = bigrams(head);
  // the head noun's last words (原创文章 of 微信公众号原创文章) must be named at the number, not only its modifiers
  const tail = runWords(head).filter((w) => w.length >= 2).slice(-2);
  const lastGram = head.length >= 2 ? head.slice(-2) : head;
  const wantsMoney = (/多少钱|金额|经费|费用|资金|预算/.test(a.q.text) || /[费款额]$/.test(head)) && a.q.askedUnit !== '%';
  const asked = a.q.askedUnit;
  // a change asked (比上一年少了百分之几) is answered by a change printed (较去年回落12.3%), a share by a share
  const asksChange = CHANGE_ASKED.test(a.q.text);
  // the question's own words the report never mentions (抖音号 in a report that names no 抖音): it has no figure for them
  const ownWords = runs.filter((r) => r !== head).flatMap(runWords).filter((w) => w.length >= 2);
  // the word right before the head (抖音号 in 抖音号有多少粉丝) says whose it is: the figure's sentence must name it
  const modifier = opts.head ? null : modifierOf(a.q.text, runs, head);
  let best: FigureHit | null = null;
  for (const r of reports) {
    const all = evidenceOf(r).text;
    if (ownWords.some((w) => !holds(all, w) && !r.title.includes(w) && !r.agency.includes(w))) continue;
    for (const f of [...r.figures, ...evidenceOf(r).extra]) {
      if (a.quoted.has(f.value)) continue;
      if (!unitAgrees(asked, wantsMoney, f.unit)) continue;
      if (!asked && !wantsMoney && unitClass(f.unit) !== 'count' && !(unitClass(f.unit) === 'rate' && a.q.intents.has('rate'))) continue;
      const { named, verb, clause, after } = infoOf(f);
      const change = unitClass(f.unit) === 'rate' && CHANGE_PRINTED.test(`${verbBefore(f)}${f.counts}`);
      if (unitClass(f.unit) === 'rate' && change !== asksChange) continue;
      // the head noun must be what the number counts (the words at the number; the verb before it counts less)
      const inNamed = named.has(lastGram) || (headGrams.size === 0 && f.counts.includes(head));
      const inVerb = verb.has(lastGram);
      if (!inNamed && !inVerb) continue;
      let h = Math.max(inNamed ? cover(named, headGrams) : 0, inVerb ? 0.9 * cover(verb, headGrams) : 0);
      // a change names its subject short (申请数量较去年回落12.3%) after the clause that names it in full (受理政府信息公开申请859件)
      const short = h < 0.3 && change && inNamed && holds(placeOf(r, f).lead, head);
      if (short) h = 0.3;
      if (h < 0.3) continue;
      const at = `${verbBefore(f)}${f.counts}${f.unit}${after}`;
      if (tail.length > 1 && !tail.every((w) => holds(at, w)) && !short) continue;
      // the rest of the question must stand in the clause (or the sentence)
      // the sentence before, in the same section, often names the subject (“上海科技”视频号 … 直播118场)
      // the rest of the question stands before the number (the subject and verb of what it counts),
      // or in the clause before; whose figure it is (the word right before the head) where it stands
      const { around, here, lead } = placeOf(r, f);
      const q = restCoverage(rest, `${lead}${f.counts}${after}`);
      if (q <= 0.5) continue;
      if (modifier && !holds(lead + f.counts + after, modifier)) continue;
      // the noun right at the number (主合办政协提案85件) is what it counts, more than a word further away
      const atNumber = f.counts.endsWith(head) || after.startsWith(head) ? 0.5 : 0;
      const onTopic = topic.length ? restCoverage(topic, `${around.prev}${here}`) : 0;
      const score = h + q + atNumber + cover(clause, headGrams) * 0.2 + onTopic * 0.5;
      if (!best || score > best.score) best = { r, f, score };
    }
  }
  return best;
}

/** The share of the question's other words (weighted by length) the sentence holds, or a word of the same group. */
export function restCoverage(rest: string[], sentence: string): number {
  let want = 0;
  let got = 0;
  for (const run of rest) {
    const ws = runWords(run);
    for (const w of ws) {
      want += w.length;
      if (holds(sentence, w)) got += w.length;
    }
  }
  return want ? got / want : 1;
}

/** The clause holding the sentence in the evidence, and the clause before it in the same section ('' when not found). */
function surroundings(r: Report, sentence: string): { prev: string; here: string; sameSentence: string } {
  const s = sentence.replace(/\s+/g, '');
  const clauses = evidenceOf(r).clauses;
  const head = s.slice(0, 20);
  const i = clauses.findIndex((c) => c.text.includes(head) || s.includes(c.text.slice(0, 20)));
  if (i < 0) return { prev: '', here: '', sameSentence: '' };
  const prev = i > 0 && clauses[i - 1]!.section === clauses[i]!.section ? clauses[i - 1]! : null;
  // the clause before in the same sentence (…粉丝数54373；直播118场…) is the same subject's
  return { prev: prev?.text ?? '', here: clauses[i]!.text, sameSentence: prev && prev.sentence === clauses[i]!.sentence ? prev.text : '' };
}

/** The last word of the content run standing right before the head in the question (only filler between), or null. */
function modifierOf(text: string, runs: string[], head: string): string | null {
  const at = text.lastIndexOf(head);
  if (at < 0) return null;
  let best: { run: string; end: number } | null = null;
  for (const run of runs) {
    if (run === head) continue;
    const i = text.lastIndexOf(run, at);
    if (i < 0 || i + run.length > at) continue;
    const end = i + run.length;
    if (!best || end > best.end) best = { run, end };
  }
  if (!best) return null;
  // only filler between the two (的, 有, 了, 多少, 几 …)
  const between = text.slice(best.end, at);
  if (!/^(的|有|了|是|共|一共|总共|多少|几|个|条|件|项|次|场|篇|期|名|家|份|人|位)*$/.test(between)) return null;
  const words = runWords(best.run).filter((w) => w.length >= 2);
  return words[words.length - 1] ?? null;
}

// What a figure counts and where it stands, worked out once per figure (answers ask it of every figure of a report).
const infoCache = new WeakMap<NarrativeFigure, { named: Set<string>; verb: Set<string>; clause: Set<string>; after: string }>();
function infoOf(f: NarrativeFigure) {
  let i = infoCache.get(f);
  if (!i) {
    const after = nounAfter(f);
    i = { named: bigrams(`${f.counts}|${after}`), verb: bigrams(verbBefore(f)), clause: bigrams(clauseOf(f)), after };
    infoCache.set(f, i);
  }
  return i;
}

const placeCache = new WeakMap<NarrativeFigure, { around: { prev: string; here: string; sameSentence: string }; here: string; lead: string }>();
function placeOf(r: Report, f: NarrativeFigure) {
  let p = placeCache.get(f);
  if (!p) {
    const around = surroundings(r, f.sentence);
    const here = around.here || f.sentence.replace(/\s+/g, '');
    const at = here.indexOf(f.raw);
    const lead = around.sameSentence + (at >= 0 ? here.slice(0, at) : f.sentence.replace(/\s+/g, ''));
    p = { around, here, lead };
    placeCache.set(f, p);
  }
  return p;
}
