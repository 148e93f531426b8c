// What a question asks about, beyond its agency and year: its content bigrams (what evidence must
// cover), what kind of answer it wants (a figure, a list, yes/no, a passage), the numbers it quotes
// and which of its words a table cell's labels leave uncovered (the numbers a question states are
// read by src/question).
import type { Query } from './understand.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bigrams } from './evidence.js';
import { ASKED_VERBS } from '../domain/words.js';
import { segments } from '../text.js';
import { mentionsIn } from '../question/read.js';

const WORDS_FILE = fileURLToPath(new URL('../../domain/question-words.json', import.meta.url));
/** domain/question-words.json, checked once. */
const QUESTION_WORDS = ((): { filler: string[]; generic: string[] } => {
  const d = JSON.parse(readFileSync(WORDS_FILE, 'utf8')) as Record<string, unknown>;
  for (const k of ['filler', 'generic']) {
    const v = d[k];
    if (!Array.isArray(v) || !v.every((w) => typeof w === 'string' && w.length > 0)) throw new Error(`${WORDS_FILE}: "${k}" must be a list of words`);
  }
  return d as { filler: string[]; generic: string[] };
})();

export type AskType = 'figure' | 'list' | 'yesno' | 'passage';

/** Words of asking and of filler (whole words, after segmentation): never what a question is about. */
const STOP = new Set(QUESTION_WORDS.filler);

function words(run: string): string[] {
  return segments(run).map((s) => s.segment);
}

/** 收没收, 开没开, 用不用: a verb asked whether done. */
const A_NOT_A = /([\u4e00-\u9fff])[没不]\1/;

/** The verb of an A-not-A question (收 of 收没收信息处理费), or null. */
export function aNotAVerb(text: string): string | null {
  return A_NOT_A.exec(text)?.[1] ?? null;
}

/** The words that make a yes/no ask (有没有, 是否, 收没收); they name nothing. */
const YESNO_WORDS = new RegExp(`有没有|是不是|是否|有无|能不能|会不会|${A_NOT_A.source}`, 'g');

function blank(t: string, q: Query, terms: boolean): string {
  for (const a of q.agencies) t = t.split(a.word).join('|');
  if (q.agencyWord) t = t.split(q.agencyWord).join('|');
  t = t.replace(/(?:19|20)\d{2}\s*年?度?|[零〇一二三四五六七八九]{4}年|去年|今年|前年|上一年|上年度|本年度/g, '|');
  t = t.replace(YESNO_WORDS, '|');
  t = t.replace(/\d+(\.\d+)?%?/g, '|').replace(/百分之[几多少]*|百分比|多少个百分点|几个百分点/g, '|');
  if (terms) {
    const ws = q.matches.filter((m) => m.start >= 0).map((m) => m.word).sort((a, b) => b.length - a.length);
    for (const w of ws) t = t.split(w).join('|');
  }
  return t;
}

/** Runs of content words: the question without agency, years, numbers and filler (and the matched terms, when asked). */
export function contentRuns(q: Query, withoutTerms = false): string[] {
  const runs: string[] = [];
  // an English question's words that the glossary did not turn into Chinese match nothing here
  const text = q.english ? q.text.replace(/[A-Za-z']+/g, '|') : q.text;
  for (const part of blank(text, q, withoutTerms).split(/[|，。？！?!、；：:,.()（）\s"“”'‘’《》<>]+/)) {
    let run = '';
    for (const w of words(part)) {
      const bare = w.replace(/[的了]$/, '').replace(/^(多少|几)(个|件|项|次|条|篇|场|期|名|家|份|种|类|大|关)?/, '');
      if (!bare || STOP.has(w) || STOP.has(bare) || /^\d+$/.test(w)) {
        if (run) runs.push(run);
        run = '';
      } else run += bare;
    }
    if (run) runs.push(run);
  }
  return runs.filter((r) => /[\u4e00-\u9fffA-Za-z]{2}/.test(r));
}

/** Content bigrams of the question (within runs, never across a removed word). */
export function contentGrams(q: Query): string[] {
  const out = new Set<string>();
  for (const run of contentRuns(q)) for (const g of bigrams(run)) out.add(g);
  return [...out];
}

/**
 * The thing asked about: the run right after 多少/几 (多少个政务服务事项的… counts 政务服务事项), else
 * the last content run (the head noun comes last in Chinese).
 */
export function headRun(q: Query, runs: string[] = contentRuns(q)): string {
  const m = [...q.text.matchAll(/(?:多少|几)(?:个|件|项|次|条|篇|场|期|名|家|份|批次|人次)?(?:的)?([\u4e00-\u9fff]{2,})/g)].at(-1);
  if (m) {
    const after = m[1]!;
    const run = runs.find((r) => after.startsWith(r) || (r.length >= 2 && after.startsWith(r.slice(0, 2))));
    if (run) return run;
  }
  return runs[runs.length - 1] ?? '';
}

const YESNO = new RegExp(`有没有|有无|是否|是不是|能不能|能否|可不可以|会不会|[了过][吗吧]|吗[?？]?$|[^什么多少几哪怎]吗|${A_NOT_A.source}`);
const LIST = /哪些|哪几|有什么|有啥|都有|包括什么|包含什么|什么(?:渠道|方式|形式|栏目|平台|措施|内容|领域|主题|问题|工作|制度|原则|事项|举措|功能|模块|部门)|哪[一二三四五六七八九十两\d]+[个项类种条家关方]|[一二三四五六七八九十两\d]+(?:个|项|类|种|条|大)(?:方面|主题|领域|关)/;
const FIGURE = /多少|几[件个项次场篇条份期名人家封张起天笔]|几$|几[？?]|数量|数目|how ?many|how ?much|率|占比|比例|百分之|百分比|%|金额|[数量额][?？]?$|[数量额]是|[数量额]为/i;

/** 出台了什么政策, 印发了啥文件: what documents a verb of the domain was done to is a list, as 哪些 asks it. */
const VERB_WHAT = new RegExp(`(?:${ASKED_VERBS.join('|')})(?:了|过)?(?:什么|啥|哪些)`);

/** An English question asking yes or no: it opens with an auxiliary verb (Were there any…, Did the bureau…). */
const ENGLISH_YESNO = /^(?:is|are|was|were|did|does|do|has|have|had)(?=[a-z])/;

/** What kind of answer a question wants. */
export function askType(q: Query): AskType {
  const t = q.text;
  if (FIGURE.test(t) && !/哪些|哪几/.test(t)) return 'figure';
  if (LIST.test(t) || VERB_WHAT.test(t) || q.intents.has('list')) return 'list';
  const yesno = YESNO.test(t) || (q.english && ENGLISH_YESNO.test(t));
  // a row of the template named — by the dictionary, or by a paraphrase of the lexicon (提供不了的 for 无法提供)
  const row = q.row3 || q.row2 || q.group4 || mentionsIn(t).some((m) => m.slots.some((s) => s.kind === 'row3' || s.kind === 'row2' || s.kind === 'group4'));
  if (row && !yesno && !/怎么|如何|为什么|是什么|谁|什么/.test(t)) return 'figure';
  if (yesno) return 'yesno';
  if (q.intents.has('quantity') || q.intents.has('rate')) return 'figure';
  return 'passage';
}

/** Words of the domain that a table cell stands for whatever the question says about them. */
const DOMAIN = new Set(QUESTION_WORDS.generic);

/**
 * The question's content that neither the dictionary terms it matched (the slots a table cell is
 * found by) nor the domain's generic words account for: when this is not empty, a table cell does
 * not answer the question (it asks about something the cell does not count).
 */
export function uncoveredByTerms(q: Query): string[] {
  const out: string[] = [];
  const fuzzy = q.matches.filter((m) => m.fuzzy).map((m) => m.word);
  for (let run of contentRuns(q, true)) {
    // a term matched with a typo (行政徐可 for 行政许可) covers the window it was found in
    for (const w of fuzzy) run = blankNear(run, w);
    const rest = words(run).filter((w) => !DOMAIN.has(w)).join('');
    if (/[\u4e00-\u9fffA-Za-z]{2}/.test(rest)) out.push(rest);
  }
  return out;
}

/**
 * The question without the clauses that state a figure ('复议是3件，那行政诉讼有几件' → '那行政诉讼有几件'),
 * or null when no clause does (or nothing would be left).
 */
export function withoutQuotedClauses(raw: string): string | null {
  const clauses = raw.split(/(?<=[，,；;。])/);
  if (clauses.length < 2) return null;
  const states = (c: string) => /\d+(?:\.\d+)?\s*(?:件|项|个|次|场|篇|条|份|期|名|人|家|%|万元|元)/.test(c.replace(/(?:19|20)\d{2}年/g, ''));
  const kept = clauses.filter((c) => !states(c));
  if (kept.length === clauses.length || !kept.length) return null;
  return kept.join('');
}

/** The last word of a run, a single character joined to the word before it (信息处理费 → 处理费, 听证会). */
export function lastWord(run: string): string {
  const ws = words(run).filter((w) => /[\u4e00-\u9fff]/.test(w));
  const last = ws[ws.length - 1] ?? '';
  return last.length === 1 && ws.length > 1 ? ws[ws.length - 2]! + last : last;
}

/** The words of a content run worth matching (two characters or more; a one-character run stays). */
export function runWords(run: string): string[] {
  // three or more characters the segmenter leaves single (抖/音/号: a word it does not know) are one word together
  const ws: string[] = [];
  let single = '';
  const flush = () => {
    if (single.length >= 3) ws.push(single);
    single = '';
  };
  for (const w of words(run)) {
    if (w.length === 1) single += w;
    else {
      flush();
      ws.push(w);
    }
  }
  flush();
  const long = ws.filter((w) => w.length >= 2);
  return long.length ? long : [run];
}

/** The run with any window that differs from the word in at most one character blanked. */
function blankNear(run: string, word: string): string {
  const L = word.length;
  for (let i = 0; i + L <= run.length; i++) {
    let diff = 0;
    for (let j = 0; j < L && diff <= 1; j++) if (run[i + j] !== word[j]) diff++;
    if (diff <= 1) return run.slice(0, i) + '|' + run.slice(i + L);
  }
  return run;
}

/** Phrases the question puts in quotes (“三个一”, 《问政平潭》): evidence must hold them as written. */
export function quotedPhrases(raw: string): string[] {
  const out: string[] = [];
  for (const m of raw.matchAll(/[“"「『《]([^”"」』》]{2,30})[”"」』》]/g)) out.push(m[1]!.trim());
  return out.filter((p) => /[\u4e00-\u9fff]/.test(p));
}

/** The noun a list or passage question asks for: 哪些渠道 → 渠道, 哪几关 → 关, 什么听证会 → 听证会, 什么工作原则 → 原则. */
export function askedNoun(q: Query): string | null {
  const m = /(?:哪些|哪几|哪一|哪|什么|啥)(?:个|项|种|类|条|家|大|样的|方面的?)?([\u4e00-\u9fff]{1,10})/.exec(q.text);
  if (!m) return null;
  const tail = m[1]!.split(/[的是呢有都吗]/)[0]!;
  if (!tail) return null;
  if (tail.length === 1) return tail;
  for (const w of words(tail)) if (!STOP.has(w) && w.length >= 1 && !/^(内容|东西|情况|工作|方面)$/.test(w)) return w;
  return null;
}
