// Computed answers, always shown as computed: a share (自然人申请占比 = 20 ÷ 23), a sum of what the
// question names (行政复议和行政诉讼加起来; 人大代表建议和政协提案一共; …总量是多少？新收的加上上年结转的), a difference of two rows
// (行政许可比行政处罚多多少), a ranking across the reports of the knowledge. Every operand is a fact
// the ranker chose with confidence for its own part of the question (never a guess), cited.
import type { Report } from '../../model.js';
import type { Citation, Reply } from '../../reply/types.js';
import type { Fact } from '../../facts/types.js';
import { factsOf } from '../../facts/index.js';
import { mentionsIn, readQuestion } from '../../question/read.js';
import { rank, ranker } from '../../rank/model.js';
import { decide } from '../../rank/decide.js';
import { type Ask, type Handler, withOthers } from '../ask.js';
import { fmt } from '../reply-parts.js';
import { factLabel } from '../fact-reply.js';
import { refusal } from '../refusal.js';
import { wordsOnly } from '../../reply/types.js';
import { WORDS } from '../question-kinds.js';
import { splitAgency } from '../agencies.js';

const SUM = WORDS.sum;
const SHARE = WORDS.share;
const RANK = WORDS.rank;
const ADDING = /加起来|合计|一共|总共|共计|总计|共有|之和|总和|加在一起|都算|合起来/;
const LIST_MARK = /、|和|及|与|以及|加上|加/;

interface Operand {
  fact: Fact;
  label: string;
}

/** The words the question names its agencies by (a list is never split inside one: 工业和信息化局). */
const namesOf = (a: Ask) => [...new Set([...a.q.agencies.map((x) => x.word), a.q.agencyWord ?? ''].filter(Boolean))];

/** The fact a question (or a part of it) asks, when the ranker is sure of it; else null. */
export function chosenFact(a: Ask, text: string, reports: Report[]): Fact | null {
  const reading = readQuestion(text, namesOf(a), [], { english: a.q.english });
  const d = decide(rank(reports.map((r) => factsOf(r)), { reading, years: a.q.years }), ranker().thresholds);
  return d.kind === 'answer' ? d.best.fact : null;
}

function computedReply(lines: string[], value: number, unit: string, label: string, formula: string, operands: Operand[]): Reply {
  return {
    kind: 'computed',
    lang: 'zh',
    lines,
    figures: [{ value, unit, label: `${label}（计算值）` }],
    computation: { formula, operands: operands.map((o) => ({ label: o.label, value: o.fact.value, unit: o.fact.unit, report: o.fact.report.title })) },
    citations: operands.map((o): Citation => o.fact.citation),
    notes: [],
    suggestions: [],
  };
}

/** The items of a list (A、B和C), never split inside a word of the vocabulary (法人和其他组织 is one). */
export function listParts(segment: string, names: string[]): string[] {
  const words = [...mentionsIn(segment), ...spansOf(segment, names)];
  const inside = (i: number) => words.some((m) => m.start < i && m.end > i);
  const parts: string[] = [];
  let from = 0;
  for (const m of segment.matchAll(new RegExp(LIST_MARK.source, 'g'))) {
    const at = m.index ?? 0;
    if (inside(at)) continue;
    // a mark never takes the first character of a word (加上年结转: 加 + 上年结转)
    let len = m[0].length;
    while (len > 1 && words.some((w) => w.start > at && w.start < at + len)) len--;
    parts.push(segment.slice(from, at));
    from = at + len;
  }
  parts.push(segment.slice(from));
  return parts.map((x) => x.trim()).filter((x) => /[\u4e00-\u9fff]{2}/.test(x));
}

/**
 * The parts a question adds up, each as the question asking for it alone: 'A和B一共多少' → 'A一共多少',
 * 'B一共多少' (the list just before the word of adding, back to a clause mark), or null.
 */
function partQuestions(text: string, names: string[] = []): { parts: string[]; questions: string[] } | null {
  for (const m of text.matchAll(new RegExp(ADDING.source, 'g'))) {
    const at = m.index ?? 0;
    // the list before the word of adding: back to a clause mark; or, in brackets after the question (…（直接起诉和复议后起诉合计）)
    const before = text.slice(0, at);
    const start = Math.max(...['，', ',', '。', '？', '?', '(', '（', '：', ':'].map((c) => before.lastIndexOf(c))) + 1;
    const span = before.slice(start);
    // the first item begins after the last 的, year or agency word before the first list mark (主合办的人大代表建议和政协提案)
    const mark = firstMark(span, names);
    if (mark < 0) continue;
    // (an item may end in 的 itself: 废止的和宣布失效的)
    const lead = span.slice(0, mark).replace(/的$/, '');
    const year = /\d{4}年度?/g;
    let cut = lead.lastIndexOf('的');
    for (const y of lead.matchAll(year)) cut = Math.max(cut, (y.index ?? 0) + y[0].length - 1);
    const from = start + cut + 1;
    let parts = listParts(text.slice(from, at).replace(/^(其中|包括|把|将)/, ''), names);
    if (parts.length < 2 || parts.some((p) => p.length > 15) || conditions(parts)) continue;
    // a head noun after the last item is every item's (自然人和商业企业的申请: 自然人的申请, 商业企业的申请)
    const last = /^(.+?)的(.+)$/.exec(parts.at(-1)!);
    const head = last && parts.slice(0, -1).every((p) => !p.includes('的')) ? `的${last[2]}` : '';
    if (head) parts = [...parts.slice(0, -1), last![1]!];
    const inBrackets = /[(（]$/.test(text.slice(0, start));
    // each part asked alone, without the word of adding
    const questions = parts.map((p) => (inBrackets ? `${text.slice(0, start - 1)}（${p}）` : `${text.slice(0, from)}${p}${head}${text.slice(at + m[0].length)}`));
    return { parts, questions };
  }
  return afterQuestion(text, names);
}

/**
 * The parts of a clause that adds after the question (…申请总量是多少？新收的加上上年结转的): each part
 * asked with the words the question names its figure by (after its last 的), or null.
 */
function afterQuestion(text: string, names: string[]): { parts: string[]; questions: string[] } | null {
  const clauses = text.split(/[，,。？?；;！!]/).filter(Boolean);
  const asking = clauses.find((c) => /多少|几/.test(c));
  const adding = clauses.find((c) => c !== asking && /加上/.test(c));
  if (!asking || !adding) return null;
  const parts = listParts(adding, names);
  if (parts.length < 2 || parts.some((p) => p.length > 15) || conditions(parts)) return null;
  const head = asking.slice(asking.lastIndexOf('的') + 1);
  return { parts, questions: parts.map((p) => `${p.replace(/的$/, '')}的${head}`) };
}

const ROW_KINDS = new Set(['row3', 'row2', 'group4']);
const COL_KINDS = new Set(['col3', 'measure2', 'direction', 'col4']);
/**
 * Parts that name different dimensions of the template (个人申请、因…被拒的: a column and a row) are
 * conditions of one figure, not things to add: each names rows only or columns only, and not the same.
 */
function conditions(parts: string[]): boolean {
  const dims = parts.map((p) => {
    // (a weak word of a slot, 申请 alone, names no dimension)
    const kinds = mentionsIn(p).flatMap((m) => m.slots.filter((s) => !('weight' in s) || s.weight >= 1).map((s) => s.kind));
    const row = kinds.some((k) => ROW_KINDS.has(k));
    const col = kinds.some((k) => COL_KINDS.has(k));
    return row === col ? null : row ? 'row' : 'col';
  });
  return dims.every((d) => d !== null) && new Set(dims).size > 1;
}

/** Where the words stand in a text. */
function spansOf(text: string, words: string[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const w of words) for (let at = text.indexOf(w); at >= 0 && w; at = text.indexOf(w, at + 1)) out.push({ start: at, end: at + w.length });
  return out;
}

/** Where the first list mark stands (outside any word of the vocabulary or the agency's names), or -1. */
function firstMark(span: string, names: string[]): number {
  const words = [...mentionsIn(span), ...spansOf(span, names)];
  for (const m of span.matchAll(new RegExp(LIST_MARK.source, 'g'))) {
    const at = m.index ?? 0;
    if (!words.some((w) => w.start < at && w.end > at)) return at;
  }
  return -1;
}

/** Things named with 和/及/、 and a word of adding: each part's fact, summed — every part found, distinct, of one unit; or none. */
function sumOfParts(a: Ask): Reply | null {
  const split = partQuestions(a.q.text, namesOf(a));
  if (!split) return null;
  const r = a.reports[0]!;
  const facts = split.questions.map((q) => chosenFact(a, q, [r]));
  if (facts.some((f) => !f)) return null;
  const fs = facts as Fact[];
  if (new Set(fs.map((f) => f.id)).size !== fs.length || fs.some((f) => f.kin !== fs[0]!.kin || f.unitClass !== fs[0]!.unitClass)) return null;
  // parts that contain each other (行政诉讼 and one of its groups) are not added
  if (fs.some((f) => fs.some((g) => g !== f && g.cells.length > 1 && f.cells.length && f.cells.every((c) => g.cells.includes(c))))) return null;
  const v = Math.round(fs.reduce((s, f) => s + f.value, 0) * 1e6) / 1e6;
  const u = fs[0]!.unit;
  const operands = fs.map((f, i) => ({ fact: f, label: split.parts[i] ?? factLabel(f) }));
  const lines = [
    `${r.agency}${r.year}年${split.parts.join('、')}合计${fmt(v)}${u}（计算：${operands.map((o) => `${o.label}${fmt(o.fact.value)}${o.fact.unit}`).join(' + ')} = ${fmt(v)}${u}）。`,
    ...[...new Set(fs.filter((f) => !f.slots).map((f) => f.citation.quote))].map((q) => `报告原文：“${q}”`),
  ];
  return withOthers(computedReply(lines, v, u, `${split.parts.join('、')}之和`, `${fs.map((f) => fmt(f.value)).join(' + ')} = ${fmt(v)}`, operands), r, a.reports);
}

/** The share of a part in its whole: the part the question names (a column of table 三), its row's 总计. */
function share(a: Ask): Reply | null {
  const r = a.reports[0]!;
  const asked = a.q.text.replace(new RegExp(SHARE.source, 'g'), '').replace(/占(了)?/g, '').replace(/[?？]/g, '');
  const part = chosenFact(a, `${asked}多少件`, [r]);
  if (!part?.slots || part.slots.table !== '三' || part.slots.column === '总计') return null;
  const whole = factsOf(r).find((f) => f.key === `三|${part.slots!.row}|总计`);
  if (!whole || !whole.value) return null;
  const pct = Math.round((part.value / whole.value) * 1000) / 10;
  const col = factLabel(part).split(' · ').pop();
  const lines = [`${r.agency}${r.year}年${col}占${pct}%（计算：${col}${fmt(part.value)}${part.unit} ÷ 总计${fmt(whole.value)}${whole.unit} = ${pct}%）。`];
  return withOthers(
    computedReply(lines, pct, '%', `${factLabel(part)}占总计的比例`, `${fmt(part.value)} ÷ ${fmt(whole.value)} = ${pct}%`, [
      { fact: part, label: factLabel(part) },
      { fact: whole, label: factLabel(whole) },
    ]),
    r,
    a.reports,
  );
}

/** 哪个机关收到的申请最多: the chosen figure in each agency's newest report, ranked. */
function ranking(a: Ask): Reply | null {
  const newest = new Map<string, Report>();
  // 哪个区: the agencies of that kind only (a district's government, not a city's or a bureau)
  const kind = /哪[个一](区|县|市)/.exec(a.q.text)?.[1];
  const ofKind = (r: Report) => {
    if (!kind) return true;
    const { places, body } = splitAgency(r.agency);
    return places.at(-1)?.endsWith(kind) === true && /^((人民)?政府(办公厅|办公室)?)?$/.test(body);
  };
  // one body printed two ways (洪泽区人民政府, 淮安市洪泽区人民政府) is one agency: its newest report
  const sameBody = (x: string, y: string) => x.endsWith(y) || y.endsWith(x);
  for (const r of a.reports) if (ofKind(r) && ![...newest.values()].some((n) => sameBody(n.agency, r.agency) && n.year >= r.year)) {
    for (const [name, n] of newest) if (sameBody(name, r.agency)) newest.delete(name);
    newest.set(r.agency, r);
  }
  // a store answered on demand holds more agencies than were fetched: ranking those fetched would name a wrong 最多
  const whole = a.ix.catalog;
  if (whole && !a.q.agencies.length && whole.byAgency.size > newest.size) {
    return refusal(
      `知识库中有${whole.byAgency.size}个机关的${whole.size}份报告；在所有机关之间排名要逐一比较全部报告，这里不给出排名，以免说错。可以说出要比较的几个机关，例如“${[...whole.byAgency.keys()].slice(0, 2).join('和')}哪个收到的申请多？”`,
      a.ix,
    );
  }
  if (newest.size < 2) return null;
  const asked = a.q.text.replace(new RegExp(RANK.source, 'g'), '');
  // the figure asked: the template cell the ranker chooses in one report, then the same cell in each
  const key = [...newest.values()].map((r) => chosenFact(a, asked, [r])).find((f) => f?.slots)?.key;
  if (!key) return null;
  const rows = [...newest.values()].flatMap((r) => factsOf(r).filter((f) => f.key === key).slice(0, 1));
  if (rows.length < 2) return null;
  const least = WORDS.fewest.test(a.q.text);
  rows.sort((x, y) => (least ? x.value - y.value : y.value - x.value));
  const top = rows[0]!;
  const label = factLabel(top);
  const lines = [
    `在${whole ? '所问的' : '知识库的'}${rows.length}个${kind ? `${kind}（${kind === '区' ? '区政府' : kind === '县' ? '县政府' : '市政府'}）` : '机关'}中，${top.report.agency}${top.report.year}年的「${label}」${least ? '最少' : '最多'}，为${fmt(top.value)}${top.unit}。排序（各机关最新一年的报告）：`,
    ...rows.map((x, i) => `${i + 1}. ${x.report.agency}${x.report.year}年：${fmt(x.value)}${x.unit}`),
  ];
  return {
    kind: 'computed',
    lang: 'zh',
    lines,
    figures: [{ value: top.value, unit: top.unit, label: `${label}（${top.report.agency}${top.report.year}年，排序第一）` }],
    computation: { formula: `排序：${rows.map((x) => fmt(x.value)).join(least ? ' ≤ ' : ' ≥ ')}`, operands: rows.map((x) => ({ label: factLabel(x), value: x.value, unit: x.unit, report: x.report.title })) },
    citations: rows.map((x) => x.citation),
    notes: [],
    suggestions: [],
  };
}

const DIFFERENCE = /比(.{1,20}?)(多|少|高|低)(了)?(多少|几)|和(.{1,20}?)(相差|差)(多少|几)|(相差|差距)(多少|几)/;

/** 行政许可比行政处罚多多少: each side's fact in one report, and their difference, shown with both. */
function difference(a: Ask): Reply | null {
  const m = DIFFERENCE.exec(a.q.text);
  if (!m) return null;
  const at = m.index ?? 0;
  const other = (m[1] ?? m[5] ?? '').trim();
  const first = a.q.text.slice(0, at);
  if (!/[\u4e00-\u9fff]{2}/.test(other) || !/[\u4e00-\u9fff]{2}/.test(first)) return null;
  const r = a.reports[0]!;
  const x = chosenFact(a, `${first}多少`, [r]);
  const y = chosenFact(a, `${first.replace(/[\u4e00-\u9fff]+$/, '')}${other}多少`, [r]) ?? chosenFact(a, `${other}多少`, [r]);
  if (!x || !y || x === y || x.kin !== y.kin) return null;
  const d = Math.round((x.value - y.value) * 1e6) / 1e6;
  const how = d >= 0 ? `多${fmt(d)}${x.unit}` : `少${fmt(-d)}${x.unit}`;
  const lx = factLabel(x);
  const ly = factLabel(y);
  const lines = [`${r.agency}${r.year}年「${lx}」比「${ly}」${how}（计算：${fmt(x.value)}${x.unit} − ${fmt(y.value)}${y.unit} = ${fmt(d)}${x.unit}）。`];
  return withOthers(computedReply(lines, Math.abs(d), x.unit, `${lx}与${ly}之差`, `${fmt(x.value)} − ${fmt(y.value)} = ${fmt(d)}`, [{ fact: x, label: lx }, { fact: y, label: ly }]), r, a.reports);
}

export const computed: Handler = {
  name: 'computed',
  match(a) {
    const t = a.q.text;
    if (a.agencyNamed && DIFFERENCE.test(t) && !/[比较](上一?年|去年|往年|前一年|上年度?|\d{4}年)/.test(t)) return 0.95;
    if (SHARE.test(t) && a.q.col3) return 0.9;
    if (!a.agencyNamed && RANK.test(t)) return 0.9;
    if (a.type === 'figure' && SUM.test(t) && partQuestions(t, namesOf(a))) return 0.85;
    return 0;
  },
  answer(a) {
    const t = a.q.text;
    if (a.agencyNamed && DIFFERENCE.test(t) && !/[比较](上一?年|去年|往年|前一年|上年度?|\d{4}年)/.test(t)) {
      return difference(a) ?? wordsOnly('refusal', ['两项数字没能在同一份报告中都找到，无法相减；可以分别问这两项。'], [{ code: 'kinds' }]);
    }
    if (SHARE.test(t) && a.q.col3) return share(a);
    if (!a.agencyNamed && RANK.test(t)) {
      const r = ranking(a);
      if (r) return r;
    }
    // a sum asked of parts not all found: no part alone is the answer — unless one figure of the report
    // prints the parts together as its own words (发布户籍管理政策及工作动态28条): then they name that figure
    const split = partQuestions(t, namesOf(a));
    if (!split) return null;
    const sum = sumOfParts(a);
    if (sum) return sum;
    // (a part ends in the words the figure prints: its last three characters)
    const r = a.reports[0];
    if (r && factsOf(r).some((f) => !f.slots && split.parts.every((part) => f.phrase.includes(part.slice(-3))))) return null;
    return wordsOnly('refusal', [`问题要把${split.parts.map((p) => `「${p}」`).join('、')}加起来，但没能在${a.reports[0]!.agency}${a.reports[0]!.year}年报告中都确定地找到，所以不给出合计数；可以分别问每一项。`], [{ code: 'kinds' }]);
  },
};
