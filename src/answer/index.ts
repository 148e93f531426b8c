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
import { quotedPhrases, withoutQuotedClauses } from './content.js';
import { placeAt, within } from './places.js';
import { correctedAgency, splitAgency } from './agencies.js';
import { normalizeText, toSimplified } from '../text.js';
import { glossEnglish, isEnglish } from './english.js';
import { agencySoundingLike, wordsSoundingLike } from './homophones.js';
import { contentRuns, runWords } from './content.js';
import { commandOf } from '../domain/words.js';
import { isSmallTalk, smalltalk } from './handlers/smalltalk.js';
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
  let asked = english ? glossEnglish(raw) : raw;
  let q = understandAll(asked, ix);
  // input-method typos: words typed with the right pinyin and the wrong characters
  const typos = english ? [] : soundingLike(asked, q, ix);
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
  return { ...reply, lang: english ? 'en' : reply.lang, query: queryState(q) };
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

/** Corrections across the whole question that no single term decides. */
function refine(q: Query, ix: KIndex, raw: string): Query {
  const out: Query = { ...q };
  // a name in quotes (“上海发布”, “上海科技”) is an account or a column, not the agency 上海
  const quoted = quotedPhrases(raw);
  if (quoted.length && q.agencies.length) {
    const outside = quoted.reduce((t, p) => t.split(p).join('|'), toSimplified(normalizeText(raw)));
    const kept = q.agencies.filter((a) => outside.includes(a.word));
    if (kept.length < q.agencies.length) {
      out.agencies = kept;
      const best = [...kept].sort((x, y) => y.word.length - x.word.length)[0];
      out.agencyReports = best?.reports ?? null;
      out.agencyWord = best?.word ?? null;
    }
  }
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
  // one agency named twice, in full and by a name others answer to as well (兰州市城关区人民政府…城关区): one agency, not a comparison
  if (out.agencies.length >= 2) {
    const agenciesOf = (x: { reports: Report[] }) => new Set(x.reports.map((r) => r.agency));
    const single = out.agencies.filter((x) => agenciesOf(x).size === 1).map((x) => [...agenciesOf(x)][0]!);
    // of the agencies the shorter name stands for, those of another place the question does not name (保定市城关区) do not count;
    // a body printed two ways (洪泽区人民政府 beside 淮安市洪泽区人民政府) does, and two names of it stay a comparison of its years
    const placeOk = (a: string, word: string) => placesBeyond(a, word).every((p) => out.text.includes(barePlace(p)));
    const same = (x: { word: string; reports: Report[] }) => [...agenciesOf(x)].filter((a) => placeOk(a, x.word)).every((a) => single.includes(a));
    const kept = out.agencies.filter((x) => agenciesOf(x).size === 1 || !same(x));
    if (kept.length < out.agencies.length) {
      const dropped = out.agencies.filter((x) => !kept.includes(x));
      out.agencies = kept;
      const best = [...kept].sort((x, y) => y.word.length - x.word.length)[0]!;
      out.agencyReports = best.reports;
      out.agencyWord = best.word;
      // the second naming is no word of the question: taken out where it stands apart from the full name
      const parts = out.text.split(best.word);
      out.text = parts.map((p) => dropped.reduce((t, x) => t.split(x.word).join(''), p)).join(best.word);
    }
  }
  // '淮安市…市政府办': a place named with its own name wins over another agency's generic short form (市政府办)
  if (out.agencies.length >= 2) {
    const specific = out.agencies.filter((a) => !/^[市区县省](?!场)/.test(a.word));
    if (specific.length === 1) {
      out.agencies = specific;
      out.agencyReports = specific[0]!.reports;
      out.agencyWord = specific[0]!.word;
    }
  }
  // a name several agencies answer to (铁东: 兰州市's and 保定市's 铁东区) after a place the question names
  // (保定市铁东): the agencies of another place go; those whose name adds no place stay (洪泽区人民政府
  // beside 淮安市洪泽区人民政府 is one body printed two ways)
  if (out.agencyWord && out.agencyReports) {
    const names = [...new Set(out.agencyReports.map((r) => r.agency))];
    if (names.length > 1) {
      const word = out.agencyWord;
      const outside = (a: string) => placesBeyond(a, word);
      const named = (a: string) => outside(a).every((p) => barePlace(p).length >= 2 && out.text.includes(barePlace(p)));
      const confirmed = names.filter((a) => outside(a).length && named(a));
      if (confirmed.length) {
        const kept = new Set(names.filter((a) => !outside(a).length || named(a)));
        if (kept.size < names.length) {
          // the place named before the word is part of the agency's name, not a word of the question
          const at = out.text.indexOf(word);
          const starts = confirmed.flatMap(outside).map((p) => out.text.lastIndexOf(barePlace(p), at)).filter((i) => i >= 0 && i < at);
          const whole = starts.length ? out.text.slice(Math.min(...starts), at + word.length) : word;
          out.agencyReports = out.agencyReports.filter((r) => kept.has(r.agency));
          out.agencies = out.agencies.map((x) => (x.word === word ? { word: whole, reports: x.reports.filter((r) => kept.has(r.agency)) } : x));
          out.agencyWord = whole;
        }
      }
    }
  }
  // after the agency's name: a place within it (淮安市清江浦区: another body), or a sub-unit (天津市工信局规划处: the agency's own office)
  if (out.agencyWord && out.agencyReports) {
    const at = out.text.indexOf(out.agencyWord);
    const after = at >= 0 ? out.text.slice(at + out.agencyWord.length) : '';
    const place = placeAt(after);
    const own = splitAgency(out.agencyReports[0]!.agency).places;
    if (place && !own.some((p) => p.includes(place.name) || place.name.includes(p)) && own.some((p) => within(place.name, p))) {
      const body = /^[\u4e00-\u9fff]{0,10}?(人民政府|政府|委员会|局|委|厅|办公室|办)/.exec(after.slice(place.name.length))?.[0] ?? '';
      return { ...out, agencyReports: null, agencyWord: null, agencies: [], unknownAgency: `${out.agencyWord}${after.slice(0, place.name.length)}${body}` };
    }
    const unit = /^([\u4e00-\u9fff]{1,6}?(?:处|科|室|中心|支队|大队|站))(?=\d|的|有|在|收|办|受|共|全|$)/.exec(after);
    if (unit && !/^(收到|受理|办理|申请|的|有|在|是)/.test(unit[1]!)) {
      out.text = out.text.replace(out.agencyWord + unit[1], out.agencyWord);
      out.subUnit = unit[1];
    }
  }
  void ix;
  return out;
}

/** A place without its unit (兰州市 → 兰州), as a question may name it. */
const barePlace = (p: string) => p.replace(/(省|市|区|县|州)$/, '');
/** The places of an agency's name that a word naming it leaves out (兰州市 of 兰州市铁东区人民政府, named 铁东). */
const placesBeyond = (agency: string, word: string) => splitAgency(agency).places.filter((p) => !word.includes(barePlace(p)));

/** The agency and the words of a question that sound like ones the knowledge holds (洪责区 → 洪泽区, 政付 → 政府). */
function soundingLike(text: string, q: Query, ix: KIndex): { typed: string; meant: string }[] {
  const out: { typed: string; meant: string }[] = [];
  let agency = q.agencyReports;
  if (q.unknownAgency && !agency) {
    const a = agencySoundingLike(q.unknownAgency, ix);
    if (!a) return [];
    out.push(a);
    agency = ix.aliases.get(a.meant) ?? null;
  }
  if (!agency?.length) return out;
  const year = q.years[0];
  const r = newestFirst(agency).find((x) => !year || x.year === year) ?? agency[0]!;
  // the question's words, and its characters the segmenter leaves single two or more in a row (受里, 事向: a
  // typo is no word), in the question without the agency's names and the years
  const bare = q.agencies.reduce((t, a) => t.split(a.word).join('|'), q.agencyWord ? q.text.split(q.agencyWord).join('|') : q.text).replace(/(?:19|20)\d{2}年?度?|(?:多少|几)[个件项次条篇场期名家份人天]?/g, '|');
  const runs = bare.match(/[\u4e00-\u9fff]{2,}/g) ?? [];
  const words = [...new Set([...contentRuns(q).flatMap(runWords), ...runs.flatMap(singles)])].filter((w) => w.length >= 2);
  const found = [...out, ...wordsSoundingLike(words, r)];
  return found.filter((t, i) => found.findIndex((x) => x.typed === t.typed) === i);
}

let segmenter: Intl.Segmenter | null = null;
/** Runs of two or more characters the segmenter leaves single (统一受里平台 → 受里). */
function singles(run: string): string[] {
  const seg = (segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' }));
  const out: string[] = [];
  let cur = '';
  for (const s of seg.segment(run)) {
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
    return { reply: refusal(`知识库中没有「${q.unknownAgency}」的政府信息公开工作年度报告，所以无法回答这个问题。`, ix, exampleQuestions(k)), years: years0 };
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
