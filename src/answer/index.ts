// The answering engine: answer(question, context) → a Reply (src/reply/types.ts): what the reply
// states, where each part was read, notes and suggestions. Every channel calls it through the
// conversation module (src/conversation) and only formats what src/render makes of it.
//
// The stages: the input is checked; the question is understood (understand.ts) and completed from
// the conversation (followup.ts); the reports it is about are chosen (agency, year; the report of
// year Y answers for Y+1's plans); the question kinds (router.ts, handlers/) answer; when none can,
// the reply says what the report does not give and what it does.
import type { Knowledge } from '../knowledge.js';
import type { Report } from '../model.js';
import { makeAsk, withOthers } from './ask.js';
import { indexOf, type KIndex } from './knowledge-index.js';
import { refusal, refusalNotes, yearsOf } from './refusal.js';
import { route } from './router.js';
import { checkText, exampleQuestions, getDefaultKnowledge, helpText, newestFirst, reportsText } from './texts.js';
import type { AnswerContext, Note, QueryState, Reply } from './types.js';
import { normalizeQuestion, understand, type Query } from './understand.js';
import { followUp } from './followup.js';
import { withoutQuotedClauses } from './content.js';
import { correctedAgency } from './agencies.js';
import { resolveAgencies } from '../agency/resolve.js';
import { glossEnglish, isEnglish } from './english.js';
import { placesInEnglish } from '../agency/english-places.js';
import { bodiesInEnglish } from '../agency/english-names.js';
import { wordsSoundingLike } from './homophones.js';
import { evidenceOf } from './evidence.js';
import { agencyGuesses, decideGuesses, guessedAgency, type Guess } from '../agency/guesses.js';
import { contentRuns, runWords } from './content.js';
import { commandOf } from '../domain/words.js';
import { isSmallTalk, smalltalk } from './handlers/smalltalk.js';
import { segments } from '../text.js';
export type { Reply, AnswerContext, Figure, Citation, Previous, QueryState } from './types.js';
export { checkText, exampleQuestions, helpText, reportsText, setDefaultKnowledge } from './texts.js';

/** Longest question read; longer input gets a polite reply (bounded work). */
export const MAX_QUESTION = 500;

const KINDS: Note = { code: 'kinds' };
const plain = (text: string, kind: Reply['kind'] = 'refusal', suggestions: string[] = [], notes: Note[] = []): Reply => ({
  kind,
  lang: 'zh',
  lines: text.split('\n'),
  figures: [],
  citations: [],
  notes,
  suggestions,
});

export function answer(question: string, context: AnswerContext = {}): Reply {
  const k = context.knowledge ?? getDefaultKnowledge() ?? { reports: [] };
  try {
    return answerIn(typeof question === 'string' ? question : String(question ?? ''), k, context);
  } catch (e) {
    if (process.env.GONGKAI_WHY) console.error(e);
    return plain('抱歉，这个问题我没能处理好。请换一种说法再问，例如：' + exampleQuestions(k).slice(0, 2).join(' / '));
  }
}

/**
 * answer() for any knowledge, the one every channel calls (through src/conversation): knowledge
 * answered on demand (a store's catalog, src/answer/catalog.ts) first fetches the reports the
 * question needs; knowledge in memory is answered at once.
 */
export async function answerFrom(question: string, context: AnswerContext = {}): Promise<Reply> {
  const k = context.knowledge ?? getDefaultKnowledge();
  if (!k?.catalog) return answer(question, context);
  let view: Knowledge;
  try {
    view = await k.catalog.knowledgeFor(typeof question === 'string' ? question : String(question ?? ''), context.previous);
  } catch (e) {
    void e;
    return plain(`知识库（${k.storeFile ?? '数据库'}）暂时无法读取，请稍后再问。`);
  }
  return answer(question, { ...context, knowledge: view });
}

function answerIn(question: string, k: Knowledge, context: AnswerContext): Reply {
  const raw = question.trim();
  if (!raw) return plain(`请输入您的问题。\n例如：${exampleQuestions(k).slice(0, 3).join(' / ')}`, 'help', exampleQuestions(k), [KINDS]);
  if (raw.length > MAX_QUESTION)
    return plain(`您的问题太长了（${raw.length}个字符）。请用一两句话提问（${MAX_QUESTION}字以内），例如：${exampleQuestions(k)[0] ?? ''}`, 'refusal', exampleQuestions(k));
  const { text } = normalizeQuestion(raw);
  if (!/[\u4e00-\u9fffA-Za-z0-9]/.test(text)) return plain(`没有看懂您的问题（没有文字内容）。\n例如：${exampleQuestions(k).slice(0, 2).join(' / ')}`, 'help', exampleQuestions(k), [KINDS]);
  const command = commandOf(raw);
  if (command === 'help') return plain(helpText(k), 'help', exampleQuestions(k));
  if (command === 'reports') return plain(reportsText(k), 'reports');
  if (command === 'check') return plain(checkText(k), 'check');
  // a conversation starts afresh in the conversation module (src/conversation); a single answer has none to forget
  if (command === 'new') return plain('已开始新对话：之前的问题不再作为上下文。请提问。', 'smalltalk');
  if (!k.reports.length) return plain(k.catalog?.size ? `知识库（${k.storeFile ?? '数据库'}）暂时无法读取，请稍后再问。` : '知识库中还没有任何报告，请先把年度报告文件放进知识文件夹。');
  const ix = indexOf(k);
  // an English question is read through the glossary, and answered in English
  const english = isEnglish(raw);
  let asked = english ? glossEnglish(bodiesInEnglish(placesInEnglish(raw, ix), ix)) : raw;
  let q = understandAll(asked, ix);
  // a name no loaded agency answers to, one typo away from one: answered, asked back or refused (src/agency/guesses.ts)
  const guess = english || q.agencyReports || !q.unknownAgency ? null : decideGuesses(agencyGuesses(q, ix));
  if (guess?.kind === 'ask') return { ...askAgency(guess.options, asked, ix), query: queryState(q) };
  // input-method typos: words typed with the right pinyin and the wrong characters
  const typos = english ? [] : soundingLike(q, ix, guess?.kind === 'answer' ? guess.best : null);
  if (typos.length) {
    for (const t of typos) asked = asked.split(t.typed).join(t.meant);
    q = understandAll(asked, ix);
  }
  if (english) q = { ...q, english: true };
  q = { ...q, namesOwn: Boolean(q.agencyReports || q.years.length || q.unknownAgency) };
  // small talk is answered in any state of the conversation, never read as a follow-up
  const small = isSmallTalk(q) && !/呢[?？]?$/.test(q.text) ? smalltalk.answer(makeAsk(q, ix, k, [], false)) : null;
  if (small) return { ...small, handler: 'smalltalk', lang: english ? 'en' : 'zh' };
  q = followUp(q, ix, context.previous, context.refused);
  const answered = answerQuery(q, ix, k, context, asked);
  let reply = answered.reply;
  // the conversation keeps the years answered (the 2020 report for 2021's plans), not the words' years
  q = { ...q, years: answered.years };
  if (typos.length) reply = { ...reply, notes: [{ code: 'typo', p: { meant: typos.map((t) => t.meant) } }, ...reply.notes] };
  if (q.subUnit && q.agencyReports) reply = { ...reply, notes: [{ code: 'sub-unit', p: { unit: q.subUnit, agency: correctedAgency(q.agencyReports[0]!.agency) } }, ...reply.notes] };
  // a reply about the previous turn's figure (是个人还是企业) may keep the conversation's reading as it was
  return { ...reply, lang: english ? 'en' : reply.lang, query: reply.query ?? queryState(q) };
}

/**
 * A clause that states a figure ('复议是3件，那诉讼呢'; '受理了3119件申请，其中…') is context, not
 * the question: the slots are read from the other clauses, the agency and year from all of it.
 */
function understandAll(raw: string, ix: KIndex): Query {
  const whole = understand(raw, ix);
  const asked = questionPart(raw);
  // the rest of the input (the story, the figure it states) is the question's context
  const q = asked === raw ? whole : { ...understand(asked, ix), agencyReports: whole.agencyReports, agencyWord: whole.agencyWord, agencies: whole.agencies, unknownAgency: whole.unknownAgency, years: whole.years, relativeYear: whole.relativeYear, context: whole };
  return refine(q, ix, raw);
}

/**
 * The part of the input that asks: in a story with the question inside, the sentences that ask
 * (多少, 几, 吗, 哪些, ？); and without the clauses that state a figure ('受理了3119件申请，其中…').
 */
function questionPart(raw: string): string {
  let t = raw;
  const sentences = t.split(/(?<=[。！？!?])/).map((s) => s.trim()).filter(Boolean);
  if (sentences.length > 1 && t.length > 40) {
    // the sentences that end in a question mark, when some do; else those with a question word (几 of 前几年 is none)
    const marked = sentences.filter((s) => /[？?]$/.test(s));
    const asking = marked.length ? marked : sentences.filter((s) => /[？?]|多少|(?<![前这那好])几(?!年)|吗|哪些|哪几|什么|怎么|是否|有没有/.test(s));
    if (asking.length && asking.length < sentences.length) t = asking.join('');
  }
  return withoutQuotedClauses(t) ?? t;
}

/** Corrections across the whole question that no single term decides (the agency's: src/agency/resolve.ts). */
function refine(q: Query, ix: KIndex, raw: string): Query {
  const out: Query = resolveAgencies(q, ix, raw);
  // 直接起诉 and 复议后起诉 both named: the lawsuits of both groups
  if (/直接起诉|未经复议/.test(q.text) && /复议后/.test(q.text)) out.group4 = 'suit';
  // a share asked in words: 差评占评价总数多少
  if (/占.{0,12}(总数|总量|比例|比重|多少|几成)/.test(q.text) && !q.askedUnit) {
    out.askedUnit = '%';
    out.intents = new Set([...q.intents, 'rate']);
  }
  // a typo match stands only for the template's rows and columns, never for an intent ('做了什么' is not '讲了什么')
  const fuzzyOnly = q.matches.filter((m) => m.fuzzy && m.slots.every((s) => s.kind === 'intent'));
  if (fuzzyOnly.length) {
    const kept = q.matches.filter((m) => !fuzzyOnly.includes(m));
    out.matches = kept;
    out.intents = new Set([...out.intents].filter((i) => kept.some((m) => m.slots.some((s) => s.kind === 'intent' && s.intent === i)) || i === 'rate' || i === 'list' || i === 'compare'));
  }
  return out;
}

/** The agency's name as guessed (a sound-alike or look-alike of a loaded one), and the words of a question that sound like ones the report holds (政付 → 政府). */
function soundingLike(q: Query, ix: KIndex, guess: Guess | null): { typed: string; meant: string }[] {
  const out: { typed: string; meant: string }[] = [];
  let agency = q.agencyReports;
  if (guess) {
    out.push({ typed: guess.typed, meant: guess.meant });
    agency = ix.aliases.get(guess.meant) ?? [...ix.agencies].find(([a]) => a.includes(guess.meant))?.[1] ?? null;
  }
  // no agency named: the knowledge's only one, when it holds one
  if (!agency?.length && ix.agencies.size === 1) agency = [...ix.agencies.values()][0]!;
  if (!agency?.length) return out;
  const year = q.years[0];
  const r = newestFirst(agency).find((x) => !year || x.year === year) ?? agency[0]!;
  // the question's words, and its characters the segmenter leaves single two or more in a row (受里, 事向: a
  // typo is no word), in the question without the agency's names and the years
  const bare = q.agencies.reduce((t, a) => t.split(a.word).join('|'), q.agencyWord ? q.text.split(q.agencyWord).join('|') : q.text).replace(/(?:19|20)\d{2}年?度?|(?:多少|几)[个件项次条篇场期名家份人天]?/g, '|');
  const runs = bare.match(/[\u4e00-\u9fff]{2,}/g) ?? [];
  const words = [...new Set([...contentRuns(q).flatMap(runWords), ...runs.flatMap(singles)])].filter((w) => w.length >= 2 && !(guess && w.includes(guess.typed)));
  const printed = evidenceOf(r).text;
  // a character of a longer word the report prints as the question writes it is no typo (表里依申请公开: 依 is of 依申请)
  const found = [...out, ...wordsSoundingLike(words, r).filter((t) => !spansPrintedWord(bare, t, printed))];
  return found.filter((t, i) => found.findIndex((x) => x.typed === t.typed) === i);
}

/**
 * Is a character the correction would change part of three or more characters around it, reaching
 * out of the typed word, that the report prints as the question writes them?
 */
function spansPrintedWord(text: string, t: { typed: string; meant: string }, printed: string): boolean {
  const { typed, meant } = t;
  for (let at = text.indexOf(typed); at >= 0; at = text.indexOf(typed, at + 1)) {
    const end = at + typed.length;
    for (let i = 0; i < typed.length; i++) {
      if (typed[i] === meant[i]) continue;
      const c = at + i;
      for (let a = Math.max(0, c - 5); a <= c; a++)
        for (let b = Math.max(a + 3, c + 1); b <= Math.min(text.length, c + 6); b++) {
          if (a >= at && b <= end) continue;
          const w = text.slice(a, b);
          if (!w.includes('|') && printed.includes(w)) return true;
        }
    }
  }
  return false;
}

/** Asking back between agencies a name may stand for (您问的是X（报告原文印作“Y”）吗？). */
function askAgency(options: Guess[], asked: string, ix: KIndex): Reply {
  const label = (g: Guess) => `${guessedAgency(g, ix) ?? g.meant}${g.kind === 'shape-title' ? `（报告原文印作“${g.meant}”）` : ''}`;
  const choices = options.map((g) => ({ label: label(g), question: asked.split(g.typed).join(g.meant) }));
  const line = options.length === 1 ? `您问的是${choices[0]!.label}吗？` : `您问的是哪一个？${choices.map((c) => c.label).join('，还是')}？`;
  return { kind: 'choice', lang: 'zh', lines: [line], figures: [], citations: [], notes: [], suggestions: [], choices };
}

/** Runs of two or more characters the segmenter leaves single (统一受里平台 → 受里). */
function singles(run: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const s of segments(run)) {
    if (s.segment.length === 1 && /[\u4e00-\u9fff]/.test(s.segment)) cur += s.segment;
    else {
      if (cur.length >= 2) out.push(cur);
      cur = '';
    }
  }
  if (cur.length >= 2) out.push(cur);
  return out;
}

/** The understood question as plain data, for the conversation to keep. */
function queryState(q: Query): QueryState {
  return {
    agency: q.agencyReports?.[0]?.agency ?? null,
    agencyWord: q.agencyWord,
    unknownAgency: q.unknownAgency,
    years: q.years,
    row3: q.row3?.key,
    col3: q.col3,
    row2: q.row2?.row,
    measure2: q.measure2,
    group4: q.group4,
    col4: q.col4,
    intents: [...q.intents],
    focus: q.focus,
    text: q.text,
    context: q.context ? (q.context.context?.text ?? q.context.text) : undefined,
  };
}

const PLANS = /打算|计划|下一步|将要|要抓|抓好|今后|明年|安排|结转|继续办理|改进/;

function answerQuery(q: Query, ix: KIndex, k: Knowledge, context: AnswerContext, raw: string): { reply: Reply; years: number[] } {
  const years0 = q.years;
  if (q.intents.has('check') && !q.row3 && !q.row2) return { reply: plain(checkText(k), 'check'), years: years0 };
  if (q.intents.has('reports') && !q.row3 && !q.row2 && !q.group4) return { reply: plain(reportsText(k), 'reports'), years: years0 };
  if (q.unknownAgency && !q.agencyReports) {
    return { reply: refusal(`知识库中没有「${q.unknownAgency}」的政府信息公开工作年度报告，所以无法回答这个问题。`, ix, exampleQuestions(k), q.unknownAgency), years: years0 };
  }
  const base = newestFirst(q.agencyReports ?? ix.reports);
  const agencyName = q.agencyReports ? q.agencyReports[0]!.agency : null;
  const notes: Note[] = [];
  let years = q.years;
  const paired = q.agencies.length >= 2 && years.length === q.agencies.length;
  if (years.length && !paired) {
    let missing = years.filter((y) => !base.some((r) => r.year === y));
    // 去年 asked with no year in the conversation: the newest report there is, saying which year it is
    if (missing.length === 1 && years.length === 1 && q.relativeYear && !context.previous?.query?.years.length && base.length && contentRuns(q).length) {
      years = [base[0]!.year];
      missing = [];
      notes.push({ code: 'newest', p: { year: base[0]!.year, agency: agencyName ?? '' } });
    }
    // the report for year Y holds the plans for Y+1 and the requests carried into Y+1
    const nextYear = missing.filter((y) => base.some((r) => r.year === y - 1) && PLANS.test(q.text));
    if (nextYear.length === missing.length && missing.length) {
      years = [...new Set(years.map((y) => (missing.includes(y) ? y - 1 : y)))];
      const r = base.find((x) => x.year === years[0])!;
      notes.push({ code: 'next-year', p: { asked: missing.join('、'), report: `${r.agency}${r.year}年报告` } });
      if (!q.intents.has('plans') && !/结转/.test(q.text)) q = { ...q, intents: new Set([...q.intents, 'plans']) };
    } else if (missing.length) {
      const have = yearsOf(base);
      return { reply: refusal(`知识库中没有${agencyName ?? ''}${missing.join('、')}年的政府信息公开工作年度报告${agencyName ? `（只有${have.join('、')}年的）` : ''}，所以无法回答。`, ix, exampleQuestions(k)), years: years0 };
    }
  }
  const q2: Query = { ...q, years };
  const comparing = years.length >= 2 || q.agencies.length >= 2;
  const candidates = years.length && !comparing ? base.filter((r) => r.year === years[0]) : base;
  // a name several agencies answer to (应急局, with many 应急管理局 loaded) names none of them
  const named = Boolean(q.agencyReports) && (comparing || new Set(candidates.map((r) => r.agency)).size === 1 || q.agencies.length > 1);
  const a = makeAsk(q2, ix, k, candidates, named, context.previous, raw);
  const reply = route(a) ?? notFound(a.q, candidates, ix, a.type);
  return { reply: notes.length ? { ...reply, notes: [...notes, ...reply.notes] } : reply, years };
}

/** Nothing in the report answers: say what it does not give, and what can be asked. */
function notFound(q: Query, candidates: Report[], ix: KIndex, type: string): Reply {
  const first = candidates[0]!;
  // on demand, the reports read for a question naming no agency are those its words chose (else the newest), not the whole store
  const who = candidates.length === 1 || q.agencyReports ? `${first.agency}${first.year}年的报告` : ix.catalog && ix.catalog.size > candidates.length ? `知识库共${ix.catalog.size}份报告，按问题的用词读过的${candidates.length}份` : '知识库中的报告';
  const what = q.focus ? `「${q.focus}」` : '';
  const line =
    type === 'figure'
      ? `${who}中没有给出${what || '这个'}数字，我不会猜测或编造。`
      : type === 'list'
        ? `${who}中没有找到列举${what}的内容。`
        : `${who}中没有找到相关内容${what ? `（${what}）` : ''}。`;
  const r = refusal(line, ix, exampleQuestions({ reports: ix.reports }));
  return candidates.length > 1 && q.agencyReports ? withOthers(r, first, candidates) : { ...r, notes: refusalNotes(ix) };
}
