// The question read without deciding: every word of the vocabulary it holds (overlapping ones too),
// the clauses it is made of and which of them ask, its content as character bigrams (each with
// where it stands), the unit, counter and measure it asks in, and the numbers it states itself (never
// its answer). Nothing here chooses an answer: src/rank scores every fact against this reading.
import type { UnitClass } from '../domain/load.js';
import type { Measure } from '../facts/types.js';
import { unitInfo } from '../facts/units.js';
import type { Slot } from '../answer/dictionary.js';
import { LEXICON as TERMS, MAX_WORD as MAX_TERM } from './lexicon.js';
import { unitPattern } from '../domain/words.js';
import { CHINESE_NUMERAL, parseNumber } from '../text.js';

/** A word of the vocabulary found in the question, with the slots it fills. */
export interface Mention {
  word: string;
  start: number;
  end: number;
  slots: Slot[];
  /** found with a one-character typo */
  fuzzy?: boolean;
}

export type ClauseRole = 'ask' | 'statement' | 'other';

export interface Clause {
  start: number;
  end: number;
  role: ClauseRole;
}

/** A content bigram of the question and where it stands. */
export interface Gram {
  g: string;
  at: number;
  clause: number;
}

export interface Asked {
  /** the counter asked (件, 条, 场 …), when the question names one */
  counter: string | null;
  kin: string | null;
  /** the class of quantity asked: money (多少钱), rate (答复率, 百分之几), time (几天), count */
  unitClass: UnitClass | null;
  /** a change (比上年增减), a share (占比) or a running total (累计) asked; null: a level or not said */
  measure: Measure | null;
  /** 增加 / 减少 asked */
  direction: 1 | -1 | null;
}

export interface Reading {
  /** the normalised question with agency names, years and stated numbers blanked ('|') */
  text: string;
  /** where the thing asked is named: the words right before the asking word (服务号发了几条: 服务号发), or right after it (多少篇原创文章) */
  head: [number, number] | null;
  clauses: Clause[];
  mentions: Mention[];
  grams: Gram[];
  asked: Asked;
  /** numbers the question states itself: never its answer */
  quoted: Set<number>;
}

const ASK_WORDS = /多少|几|是否|有没有|吗|呢|哪|什么|啥|怎么|如何|how|what|[?？]/;
const COUNTER = new RegExp(`(?:多少|几)(?:个)?(${unitPattern('asked')})`);
const NUMERAL = `\\d+(?:\\.\\d+)?|[${CHINESE_NUMERAL}]+`;
/** a number the question states with its counter (1700多条, 复议是3件, 五个); 近千条 too */
const STATED = new RegExp(`(?:近|约|超过|超|逾)?(${NUMERAL})(?:余|多)?(?:${unitPattern('asked')}|%|万元|元)`, 'g');
const YEARS = /(?:19|20)\d{2}\s*年?度?|[零〇一二三四五六七八九]{4}年|去年|今年|前年|上一年度|上年度|本年度/g;
const RATE = /率|百分之|百分比|比例|比重|占比|几成|%/;
const SHARE_OF = /占.{0,12}(总数|总量|多少|几)/;
const MONEY = /多少钱|金额|钱数|经费|费用|资金|预算|(?:多少|几)(?:万)?元/;
const TIME = /(?:多少|几)(?:个)?(?:工作日|天|日)|多长时间|多久/;
const CHANGE = /增减|增加了?多少|减少了?多少|增长|下降|变化|变动|[比较](?:上一?年|去年|往年|前一年|上年度?|同期|\d{4}年)|同比|环比|多了多少|少了多少|增幅|降幅/;
const CUMULATIVE = /累计|截至|截止|历年|至今/;
const COMPARED = /[比较](?:上一?年度?|去年|往年|前一年)|(?:跟|和|与|同)(?:上一?年度?|去年|往年|前一年)(?:相)?比/g;

/** Every vocabulary word in the text (overlapping ones too), skipping blanked characters. */
export function mentionsIn(text: string): Mention[] {
  const out: Mention[] = [];
  for (let i = 0; i < text.length; i++) {
    for (let L = Math.min(MAX_TERM, text.length - i); L >= 1; L--) {
      const w = text.slice(i, i + L);
      if (w.includes('|')) continue;
      const slots = TERMS.get(w);
      if (slots) out.push({ word: w, start: i, end: i + L, slots });
    }
  }
  return out;
}

/** 几 in a time said, not asked (前几年, 这几天, 几年前): no asking word. */
const SOME_TIME = /(?:前|近|这|那|过去|最近)几(?:年|天|个月|月|周|次)|几(?:年|天|个月)(?:前|来|以前)/g;

/**
 * The clauses of a question: at clause marks; each asks, states a figure, or does neither. A
 * parenthesis is an aside (…一共几件（各种理由加起来）): it asks nothing.
 */
function clausesOf(text: string, stated: [number, number][]): Clause[] {
  const out: Clause[] = [];
  let start = 0;
  let aside = false;
  const flush = (end: number) => {
    if (end > start) {
      const t = text.slice(start, end);
      const states = stated.some(([a, b]) => a >= start && b <= end);
      const asks = !aside && ASK_WORDS.test(t.replace(/\|/g, '').replace(SOME_TIME, ''));
      out.push({ start, end, role: asks ? 'ask' : states ? 'statement' : 'other' });
    }
    start = end + 1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/[（(]/.test(c)) {
      flush(i);
      aside = true;
    } else if (/[）)]/.test(c)) {
      flush(i);
      aside = false;
    } else if (/[，,。；;：:！!？?]/.test(c)) flush(i);
  }
  flush(text.length);
  // a question with no asking word asks in all its clauses that state nothing (行政许可 处理决定数量)
  if (!out.some((c) => c.role === 'ask')) for (const c of out) if (c.role === 'other') c.role = 'ask';
  return out;
}

/** What the question asks in: counter, class of quantity, measure and direction. */
function askedOf(text: string, mentions: Mention[]): Asked {
  const m = COUNTER.exec(text);
  const counter = m ? m[1]! : null;
  let unitClass: UnitClass | null = counter ? unitInfo(counter).unitClass : null;
  // 占…多少 with no counter asks a share (差评占评价总数多少); 占了多少件 a count
  if (RATE.test(text) || (!counter && SHARE_OF.test(text))) unitClass = 'rate';
  // a counter asked says the class (资金管理类有多少条 is a count); money words ask money only without one
  else if ((!counter || unitClass === 'money') && MONEY.test(text)) unitClass = 'money';
  else if (TIME.test(text)) unitClass = 'time';
  const measure: Measure | null = unitClass === 'rate' ? (CHANGE.test(text) ? 'change' : 'share') : CHANGE.test(text) ? 'change' : CUMULATIVE.test(text) ? 'cumulative' : null;
  let direction: 1 | -1 | null = null;
  for (const x of mentions) for (const s of x.slots) if (s.kind === 'direction') direction ??= s.sign;
  return { counter, kin: counter ? unitInfo(counter).kin : null, unitClass, measure, direction };
}

/**
 * Reads a normalised question: `names` are the words naming its agencies (blanked, as are years and
 * the numbers it states); `fuzzy` are vocabulary words the question was found to hold with a typo.
 */
export function readQuestion(normalised: string, names: string[] = [], fuzzy: string[] = [], opts: { english?: boolean; stated?: string; quoted?: string[] } = {}): Reading {
  let t = normalised;
  // a name inside words the question quotes (“上海科技”视频号) is part of them, not the agency
  const kept = (at: number, n: string) => (opts.quoted ?? []).some((p) => p.includes(n) && t.indexOf(p) >= 0 && t.indexOf(p) <= at && at + n.length <= t.indexOf(p) + p.length);
  // an English question's words the glossary did not turn into Chinese say nothing the facts can explain
  if (opts.english) t = t.replace(/[A-Za-z']+/g, (w) => '|'.repeat(w.length));
  for (const n of [...names].sort((a, b) => b.length - a.length)) {
    if (!n) continue;
    for (let at = t.indexOf(n); at >= 0; at = t.indexOf(n, at + n.length)) if (!kept(at, n)) t = t.slice(0, at) + '|'.repeat(n.length) + t.slice(at + n.length);
  }
  // years, unless a word of the vocabulary holds them (上年结转, 去年转过来 name a row, not a year)
  const held = mentionsIn(t);
  t = t.replace(YEARS, (y, at: number) => (held.some((m) => m.start <= at && m.end >= at + y.length && m.end - m.start > y.length) ? y : '|'.repeat(y.length)));
  const quoted = new Set<number>();
  // numbers stated in the whole question (a clause the reading was not given: 订阅号推了1700多条我知道)
  for (const m of (opts.stated ?? '').matchAll(STATED)) {
    const v = parseNumber(m[1]!);
    if (Number.isFinite(v) && (/\d/.test(m[1]!) || /[十百千万亿]/.test(m[1]!) || (m[1]!.length === 1 && !/^[一两]$/.test(m[1]!)))) quoted.add(v);
  }
  const stated: [number, number][] = [];
  for (const m of t.matchAll(STATED)) {
    const v = parseNumber(m[1]!);
    if (!Number.isFinite(v)) continue;
    // Chinese numerals: 五个, 近千条, 十二场 (not 一一, and not 一 or 两 alone: 一件事, 两个问题)
    if (!/\d/.test(m[1]!) && ((!/[十百千万亿]/.test(m[1]!) && m[1]!.length > 1) || /^[一两]$/.test(m[1]!))) continue;
    quoted.add(v);
    stated.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  }
  // the numbers stated are blanked (their counters would read as a counter asked)
  for (const [a, b] of stated) t = t.slice(0, a) + '|'.repeat(b - a) + t.slice(b);
  // 上一年 in a comparison (比上一年, 跟上一年比) is the year compared with, not the column 上一年项目数量
  const compared = [...t.matchAll(COMPARED)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length] as const);
  const mentions = mentionsIn(t).filter((m) => !(m.slots.every((s) => s.kind === 'measure2' && s.measure === 'prev') && compared.some(([a, b]) => m.start >= a && m.end <= b)));
  for (const w of fuzzy) {
    const at = nearest(t, w);
    if (at >= 0 && !mentions.some((x) => x.word === w)) mentions.push({ word: w, start: at, end: at + w.length, slots: TERMS.get(w) ?? [], fuzzy: true });
  }
  const clauses = clausesOf(t, stated);
  // the words that say how it is asked (比上一年少了, 百分之几, 占…多少, 多少钱) are read as the measure and
  // unit asked, not as what is asked
  const how = new Uint8Array(t.length);
  for (const re of [CHANGE, COMPARED, RATE, SHARE_OF, MONEY, TIME, CUMULATIVE]) for (const m of t.matchAll(new RegExp(re.source, 'g'))) how.fill(1, m.index ?? 0, (m.index ?? 0) + m[0].length);
  const grams: Gram[] = [];
  clauses.forEach((c, ci) => {
    for (let i = c.start; i + 1 < c.end; i++) {
      const g = t.slice(i, i + 2);
      if (/^[\p{L}\p{N}]{2}$/u.test(g) && !(how[i] && how[i + 1])) grams.push({ g, at: i, clause: ci });
    }
  });
  return { text: t, head: headOf(t), clauses, mentions, grams, asked: askedOf(t, mentions), quoted };
}

const ASKING = /(?:是|有|为|达|共|一共|总共|共有|大概|大约|约|了)*(?:多少|几)/g;
const FILLER_TAIL = /(?:的|了|是|有|为|共|一共|总共|共有|都|还|又|大概|大约)+$/;

/**
 * The words that name the thing asked: up to four characters right before the last asking word
 * (服务号发了几条 → 服务号发, 点击量有多少 → 点击量), else the noun right after it (多少篇原创文章 → 原创文章).
 */
function headOf(t: string): [number, number] | null {
  const all = [...t.matchAll(ASKING)];
  const m = all[all.length - 1];
  if (!m) return null;
  const at = m.index ?? 0;
  const after = /^(?:个|件|项|次|条|篇|场|期|名|家|份|人|天|元|万元)?(?:的)?([\u4e00-\u9fff]{2,6})/.exec(t.slice(at + m[0].length));
  if (after && !/^(呢|吗|啊|呀|吧)/.test(after[1]!)) {
    const start = at + m[0].length + after[0].length - after[1]!.length;
    return [start, start + after[1]!.length];
  }
  const before = t.slice(0, at).replace(FILLER_TAIL, '');
  const run = /[\u4e00-\u9fff]{1,4}$/.exec(before);
  return run ? [run.index, run.index + run[0].length] : null;
}

/** Where a word stands in the text with at most one character different, or -1. */
function nearest(text: string, word: string): number {
  const L = word.length;
  for (let i = 0; i + L <= text.length; i++) {
    let diff = 0;
    for (let j = 0; j < L && diff <= 1; j++) if (text[i + j] !== word[j]) diff++;
    if (diff <= 1) return i;
  }
  return -1;
}
