// The answering engine: answer(question, context) → the reply a user sees, the figures it states
// and where they come from. Every channel calls this and only formats what comes back.
import type { Knowledge } from '../knowledge.js';
import type { Report } from '../model.js';
import { compareAnswers } from './comparison.js';
import { bestNarrative, mayMention, narrativeAnswer } from './narrative.js';
import { tableFigure, whichTable } from './figures.js';
import { indexOf, type KIndex } from './kindex.js';
import { enumeratedNoun, enumeration, policyList } from './lists.js';
import { overview } from './overview.js';
import { datePassage, fee, handlingPassage, problemsPassage } from './passages.js';
import { knownList, refusal, refusalNotes, yearsOf } from './refusal.js';
import type { AnswerContext, Note, QueryState, Reply } from './types.js';
import { noteText } from '../render/notes.js';
import { normalizeQuestion, understand, type Query } from './understand.js';
import { agencyAliases } from './agencies.js';
import { synonymsOf } from './dictionary.js';
export type { Reply, AnswerContext, Figure, Citation, Previous, QueryState } from './types.js';

/** Longest question read; longer input gets a polite reply (bounded work). */
export const MAX_QUESTION = 500;

let defaultKnowledge: Knowledge | undefined;
/** The knowledge answer() uses when the context gives none (set by the CLI, console and bots). */
export function setDefaultKnowledge(k: Knowledge): void {
  defaultKnowledge = k;
}

const KINDS: Note = { code: 'kinds' };
const plain = (text: string, kind: Reply['kind'] = 'refusal', suggestions: string[] = [], notes: Note[] = []): Reply => ({ kind, lang: 'zh', lines: text.split('\n'), figures: [], citations: [], notes, suggestions });

export function answer(question: string, context: AnswerContext = {}): Reply {
  const k = context.knowledge ?? defaultKnowledge ?? { reports: [] };
  try {
    return answerIn(typeof question === 'string' ? question : String(question ?? ''), k, context);
  } catch (e) {
    void e;
    return plain('抱歉，这个问题我没能处理好。请换一种说法再问，例如：' + exampleQuestions(k).slice(0, 2).join(' / '));
  }
}

function answerIn(question: string, k: Knowledge, context: AnswerContext): Reply {
  const raw = question.trim();
  if (!raw) return plain(`请输入您的问题。\n例如：${exampleQuestions(k).slice(0, 3).join(' / ')}`, 'help', exampleQuestions(k), [KINDS]);
  if (raw.length > MAX_QUESTION)
    return plain(`您的问题太长了（${raw.length}个字符）。请用一两句话提问（${MAX_QUESTION}字以内），例如：${exampleQuestions(k)[0] ?? ''}`, 'refusal', exampleQuestions(k));
  const { text } = normalizeQuestion(raw);
  if (!/[\u4e00-\u9fffA-Za-z0-9]/.test(text))
    return plain(`没有看懂您的问题（没有文字内容）。\n例如：${exampleQuestions(k).slice(0, 2).join(' / ')}`, 'help', exampleQuestions(k), [KINDS]);
  if (/^(\/?help|\/?start|帮助|你能做什么|能做什么|怎么用|使用说明|你好|您好|hi|hello)$/i.test(text)) return plain(helpText(k), 'help', exampleQuestions(k));
  if (/^\/?reports$/.test(text)) return plain(reportsText(k), 'reports');
  if (/^\/?check$/.test(text)) return plain(checkText(k), 'check');
  if (!k.reports.length) return plain('知识库中还没有任何报告，请先把年度报告文件放进知识文件夹。');
  const ix = indexOf(k);
  let q = understand(raw, ix);
  q = followUp(q, ix, context);
  const reply = route(q, ix, k);
  return { ...reply, query: queryState(q) };
}

/** The understood question as plain data, for the conversation to keep. */
function queryState(q: Query): QueryState {
  return {
    agency: q.agencyReports?.[0]?.agency ?? null,
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
  };
}

function route(q: Query, ix: KIndex, k: Knowledge): Reply {
  if (q.intents.has('check') && !q.row3 && !q.row2) return plain(checkText(k), 'check');
  if (q.intents.has('reports') && !q.row3 && !q.row2 && !q.group4) return plain(reportsText(k), 'reports');

  // ---- which reports
  if (q.unknownAgency && !q.agencyReports) {
    return refusal(`知识库中没有「${q.unknownAgency}」的政府信息公开工作年度报告，所以无法回答这个问题。`, ix);
  }
  const base = q.agencyReports ?? ix.reports;
  const agencyName = q.agencyReports ? q.agencyReports[0]!.agency : null;
  if (q.years.length) {
    const missing = q.years.filter((y) => !base.some((r) => r.year === y));
    if (missing.length) {
      const who = agencyName ?? '';
      const have = yearsOf(base);
      return refusal(
        `知识库中没有${who}${missing.join('、')}年的政府信息公开工作年度报告${who ? `（只有${have.join('、')}年的）` : ''}，所以无法回答。`,
        ix,
      );
    }
  }
  // comparisons: two years, or two agencies
  if (q.years.length >= 2 || q.agencies.length >= 2 || (q.intents.has('compare') && q.years.length === 1)) {
    const c = comparison(q, ix, base);
    if (c) return c;
  }
  const candidates = q.years.length ? base.filter((r) => r.year === q.years[0]) : base;
  return answerFor(q, candidates, ix);
}

/** '那2021年呢', '那自然人呢': fill what the question leaves out from the previous question. */
function followUp(q: Query, ix: KIndex, context: AnswerContext): Query {
  const prev = context.previous?.question;
  if (!prev || q.text.length > 30) return q;
  const structural = q.row3 || q.row2 || q.group4 || q.col3 || q.col4 || q.measure2;
  const topical = [...q.intents].some((i) => !['quantity', 'list'].includes(i));
  const p = understand(prev, ix);
  if (!structural && !topical) {
    if (!q.years.length && !q.agencyReports && q.words.length > 1) return q;
    return { ...p, agencyReports: q.agencyReports ?? p.agencyReports, agencyWord: q.agencyWord ?? p.agencyWord, agencies: q.agencies.length ? q.agencies : p.agencies, years: q.years.length ? q.years : p.years, unknownAgency: q.unknownAgency };
  }
  if (/^(那|那么|还有)/.test(q.text) && (q.col3 || q.col4 || q.measure2) && !q.row3 && !q.row2 && !q.group4) {
    return { ...p, col3: q.col3 ?? p.col3, col4: q.col4 ?? p.col4, measure2: q.measure2 ?? p.measure2, agencyReports: q.agencyReports ?? p.agencyReports, agencyWord: q.agencyWord ?? p.agencyWord, years: q.years.length ? q.years : p.years };
  }
  return q;
}

// Sorting every report with localeCompare on each question was most of the time of a question
// that names no agency (6 ms of 7.5 at 1000 reports): the order of a list is kept while it is unchanged.
const sortedCache = new WeakMap<Report[], { n: number; sorted: Report[] }>();
function newestFirst(rs: Report[]): Report[] {
  const hit = sortedCache.get(rs);
  if (hit && hit.n === rs.length) return hit.sorted.slice();
  const sorted = [...rs].sort((a, b) => b.year - a.year || a.agency.localeCompare(b.agency));
  sortedCache.set(rs, { n: rs.length, sorted });
  return sorted.slice();
}

function withOthers(a: Reply, chosen: Report, candidates: Report[]): Reply {
  const rest = candidates.filter((r) => r !== chosen);
  if (!rest.length) return a;
  const note: Note = { code: 'others', p: { chosen: `${chosen.agency}${chosen.year}年`, others: rest.slice(0, 5).map((r) => `${r.agency}${r.year}年`), more: rest.length > 5 ? rest.length : 0 } };
  return { ...a, notes: [...a.notes, note] };
}

function answerFor(q: Query, candidates: Report[], ix: KIndex): Reply {
  const ordered = newestFirst(candidates);
  const first = ordered[0]!;
  // date, overview, passages, lists: the newest matching report
  if (q.intents.has('date')) return withOthers(datePassage(first), first, ordered);
  const noun = q.intents.has('list') ? enumeratedNoun(q.text) : null;
  const wantsList = q.intents.has('list') && !q.intents.has('quantity');
  if (wantsList && (q.intents.has('policy') || (noun && /政策|文件|办法|规定|措施$/.test(noun) && !q.intents.has('problems')))) {
    if (!noun || /政策|文件/.test(noun) || q.intents.has('policy')) {
      for (const r of ordered) {
        const a = noun && !/政策|文件/.test(noun) ? null : policyList(q, r);
        if (a) return withOthers(a, r, ordered);
      }
    }
  }
  if (q.intents.has('problems') || (q.intents.has('plans') && !q.row2)) {
    const want = q.intents.has('plans') && !/问题/.test(q.text.replace(/针对.*?问题|存在的问题采取/, '')) ? 'plans' : q.intents.has('problems') ? 'problems' : 'plans';
    for (const r of ordered) {
      const a = problemsPassage(r, want);
      if (a) return withOthers(a, r, ordered);
    }
    return refusal(`${first.title}中没有找到“存在的主要问题及改进情况”部分。`, ix);
  }
  if (wantsList && noun) {
    for (const r of ordered) {
      const a = enumeration(q, r, noun);
      if (a) return withOthers(a, r, ordered);
    }
  }
  if (wantsList && q.intents.has('policy')) {
    return refusal(`${first.title}中没有找到制定或修订政策文件的记载。`, ix);
  }
  if (q.intents.has('handling') && !q.intents.has('quantity')) {
    const a = handlingPassage(first);
    if (a) return withOthers(a, first, ordered);
  }
  if (q.intents.has('overview') && !q.row3 && !q.row2 && !q.group4) return withOthers(overview(first), first, ordered);

  // figures
  const fig = figureFor(q, ordered);
  if (fig) return fig;
  if (wantsList && noun) return refusal(`报告中没有找到列举「${noun}」的内容。`, ix);
  const asksQuantity = q.intents.has('quantity') || q.intents.has('rate') || q.english;
  if (asksQuantity) {
    const what = q.focus ? `「${q.focus}」` : '这个数字';
    return refusal(`${first.agency}${first.year}年的报告中没有找到${what}的数字，我不会猜测或编造。`, ix);
  }
  return refusal(`抱歉，没有理解您的问题，或者年度报告中没有相关内容。`, ix, exampleQuestions({ reports: ix.reports }));
}

/** A figure for the question from the best of the candidate reports, or a refusal saying why. */
function figureFor(q: Query, ordered: Report[]): Reply | null {
  const single = ordered.length === 1 || Boolean(q.agencyReports);
  const table = q.intents.has('rate') || q.intents.has('fee') ? null : whichTable(q);
  if (table) {
    let firstProblem: string | null = null;
    for (const r of ordered) {
      const res = tableFigure(q, r, table);
      if ('ok' in res) return withOthers(res.ok, r, ordered);
      if ('notHeld' in res && res.fallbackNarrative) {
        // the template has no such cell (废止 in a 2019-format table 二): a narrative sentence that states it.
        // A cell that should be there but was not read is never replaced by a guess.
        const hit = bestNarrative(q, r, { strictWords: strictWords(q, table) });
        if (hit) return withOthers(narrativeAnswer(r, hit, [{ code: 'narrative-not-table', p: { why: res.notHeld } }]), r, ordered);
      }
      firstProblem ??= 'notHeld' in res ? res.notHeld : res.unread;
      if (single) break;
    }
    return plain(firstProblem ?? '', 'refusal', [], [KINDS]);
  }
  // narrative: the best-scoring figure among the candidates
  let best: { r: Report; hit: NonNullable<ReturnType<typeof bestNarrative>> } | null = null;
  const section = q.intents.has('fee') ? '六、其他需要报告的事项' : undefined;
  const topic = q.intents.has('fee') ? [['信息处理费', '处理费']] : undefined;
  const likely = ordered.length > 1 ? ordered.filter((r) => mayMention(q, r)).slice(0, 20) : ordered;
  for (const r of likely) {
    const hit = bestNarrative(q, r, { section, strictWords: topic });
    if (hit && (!best || hit.score > best.hit.score)) best = { r, hit };
  }
  if (best) return withOthers(narrativeAnswer(best.r, best.hit), best.r, ordered);
  if (q.intents.has('fee')) {
    const a = fee(ordered[0]!);
    if (a) return withOthers(a, ordered[0]!, ordered);
  }
  return null;
}

/**
 * The words that name the table row (and the measure, in table 二): a narrative figure standing in
 * for a table cell must be about them.
 */
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

function comparison(q: Query, ix: KIndex, base: Report[]): Reply | null {
  let pairs: [Report | undefined, Report | undefined] = [undefined, undefined];
  if (q.agencies.length >= 2) {
    const y = q.years[0];
    const pick = (rs: Report[]) => newestFirst(y ? rs.filter((r) => r.year === y) : rs)[0];
    pairs = [pick(q.agencies[0]!.reports), pick(q.agencies[1]!.reports)];
    if (!pairs[0] || !pairs[1]) return null;
  } else if (q.years.length >= 2) {
    const byYear = (y: number) => newestFirst(base.filter((r) => r.year === y))[0];
    pairs = [byYear(q.years[0]!), byYear(q.years[1]!)];
  } else {
    const y = q.years[0]!;
    const a = newestFirst(base.filter((r) => r.year === y))[0];
    const b = a && ix.reports.find((r) => r.agency === a.agency && r.year === y - 1);
    if (!a) return null;
    if (!b) return refusal(`知识库中没有${a.agency}${y - 1}年的报告，无法与${y}年比较。`, ix);
    pairs = [a, b];
  }
  const [ra, rb] = pairs;
  if (!ra || !rb) return null;
  const fa = figureFor(q, [ra]);
  const fb = figureFor(q, [rb]);
  if (!fa || !fb) return null;
  if (!fa.figures.length || !fb.figures.length) return fa.figures.length ? fb : fa;
  return compareAnswers({ r: ra, ans: fa }, { r: rb, ans: fb });
}

// ------------------------------------------------------------------ texts for the channels

export function helpText(k?: Knowledge): string {
  const kn = k ?? defaultKnowledge ?? { reports: [] };
  const ex = exampleQuestions(kn);
  return [
    '我能回答政府信息公开工作年度报告里的问题，给出准确的数字和出处，不会编造。',
    noteText(KINDS, 'zh'),
    '例如：',
    ...ex.map((e) => `· ${e}`),
    kn.reports.length ? knownList(indexOf(kn)) : '知识库中还没有任何报告。',
    '命令：/help 帮助 · /reports 知识库中的报告 · /check 报告自检',
  ].join('\n');
}

export function reportsText(k?: Knowledge): string {
  const kn = k ?? defaultKnowledge ?? { reports: [] };
  if (!kn.reports.length) return '知识库中还没有任何报告。';
  const lines = [`知识库中共有${kn.reports.length}份报告：`];
  for (const r of newestFirst(kn.reports).sort((a, b) => a.agency.localeCompare(b.agency) || b.year - a.year)) {
    const facts = r.facts.length;
    lines.push(`· ${r.agency} ${r.year}年${r.publishedText ? `（${r.publishedText}）` : ''}：表格数字${facts}个，叙述数字${r.figures.length}个${r.unread.length ? `，${r.unread.length}处未能读出` : ''}`);
  }
  if (kn.problems?.length) {
    lines.push(`无法读取的文件${kn.problems.length}个：`);
    for (const p of kn.problems.slice(0, 20)) lines.push(`· ${p.file}：${p.reason}`);
  }
  return lines.join('\n');
}

export function checkText(k?: Knowledge): string {
  const kn = k ?? defaultKnowledge ?? { reports: [] };
  if (!kn.reports.length) return '知识库中还没有任何报告。';
  const lines = ['报告自检（按模板的勾稽关系核对表格数字，只报告，不改动）：'];
  for (const r of newestFirst(kn.reports)) {
    lines.push('');
    lines.push(`【${r.title}】`);
    if (!r.findings.length && !r.unread.length) {
      lines.push('  数字全部相符，没有发现问题。');
      continue;
    }
    for (const f of r.findings.slice(0, 30)) lines.push(`  · ${f.message}`);
    if (r.findings.length > 30) lines.push(`  · ……另有${r.findings.length - 30}处`);
    if (r.unread.length) {
      lines.push(`  未能读出的内容${r.unread.length}处：`);
      for (const u of r.unread.slice(0, 15)) lines.push(`  · ${u.what}：${u.why}${u.at?.line ? `（第${u.at.line}行）` : u.at?.page ? `（第${u.at.page}页）` : ''}`);
      if (r.unread.length > 15) lines.push(`  · ……另有${r.unread.length - 15}处`);
    }
  }
  return lines.join('\n');
}

export function exampleQuestions(k?: Knowledge): string[] {
  const kn = k ?? defaultKnowledge ?? { reports: [] };
  const r = newestFirst(kn.reports)[0];
  if (!r) return ['2020年收到多少政府信息公开申请?', '存在哪些主要问题?', '出台了哪些政策?'];
  const first = r.agency.slice(0, 2);
  const short = [r.agency, ...agencyAliases(r.agency)].filter((a) => a.startsWith(first) && a.length >= 4).sort((a, b) => a.length - b.length)[0] ?? r.agency;
  const out = [`${short}${r.year}年收到多少政府信息公开申请?`, '自然人申请了多少件?', '行政复议有多少件?', '存在哪些主要问题?'];
  if (r.documents.some((d) => d.kind === 'policy')) out.push('出台了哪些政策?');
  out.push('这份年报是哪天发布的?');
  return out;
}
