// "具体是哪几个", "都是因为哪些理由", "第三项具体怎么做", "复议结果怎么样": what stands behind the
// previous reply of the conversation — the items of its enumeration, the rows of a group it summed,
// the outcomes of a reconsideration or lawsuit figure, one item of a list it gave.
import type { Report } from '../../model.js';
import type { Fact } from '../../facts/types.js';
import type { Citation, Reply } from '../../reply/types.js';
import { GROUP4_ROWS, RESULT_COLUMNS_4, rows3 } from '../../template.js';
import type { Ask, Handler } from '../ask.js';
import { enumerationIn, evidenceOf } from '../evidence.js';
import { fmt, sectionOf, trimText } from '../reply-parts.js';
import { factOf } from '../knowledge-index.js';
import { factsOf } from '../../facts/index.js';
import { parseChineseNumeral } from '../../text.js';
import { WORDS } from '../question-kinds.js';

const ASKS_DETAILS = WORDS.details;
const GROUPS = ['不予公开', '无法提供', '不予处理', '其他处理'];

function previousReport(a: Ask): Report | undefined {
  const title = a.previous?.reply.citations[0]?.report;
  return title ? a.ix.reports.find((r) => r.title === title) : undefined;
}

function ordinal(text: string): number | null {
  const m = /第([一二三四五六七八九十\d]+)[项个条点]/.exec(text);
  if (!m) return null;
  const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : parseChineseNumeral(m[1]!);
  return Number.isFinite(n) && n >= 1 ? n : null;
}

/** A list; `about`, the figure its items break down (不予公开 by its reasons), is a follow-up's context (几件). */
function listReply(r: Report, lines: string[], items: string[], about: Fact | undefined, citations: Citation[]): Reply {
  return { kind: 'list', lang: 'zh', lines, items, figures: [], citations, sourcesShown: 1, notes: [], suggestions: [], ...(about ? { fact: { report: r.id, id: about.id } } : {}) };
}

/** A column of table 三 as facts key it (总计 when none is asked; legal: the five columns of 法人或其他组织). */
const columnKey = (col: string[] | 'legal' | undefined) => (!col ? '总计' : col === 'legal' ? 'legal' : col.join('›'));

/** The rows of a group of table 三 (不予公开 …), with their printed values. */
function groupRows(r: Report, key: string, col: string[] | 'legal' | undefined): Reply | null {
  const version = r.versions['三'] ?? '2019';
  const column = columnKey(col);
  const items = rows3(version).filter((x) => x.group === key);
  const parts: string[] = [];
  const facts = factsOf(r);
  for (const it of items) {
    const c = facts.find((f) => f.key === `三|${it.key}|${column}`);
    if (c && c.value !== 0) parts.push(`${it.path[it.path.length - 1]!.replace(/^\d+\./, '')}${fmt(c.value)}${c.unit || '件'}`);
  }
  const total = facts.find((f) => f.key === `三|${key}|${column}`);
  // none of the group: no reason to give, and that is the answer
  if (!parts.length) return total?.value === 0 ? listReply(r, [`${r.agency}${r.year}年${column === '总计' ? '' : `「${columnName(col)}」的申请中`}「${key}」的为0件，没有按理由分的数字。`], [], total, [{ report: r.title, section: sectionOf(3), quote: `三、本年度办理结果 · ${key} · ${columnName(col)} = 0` }]) : null;
  return listReply(r, [`${r.agency}${r.year}年「${key}」的申请按理由分：${parts.join('；')}（其余为0）。`], parts, total, [
    { report: r.title, section: sectionOf(3), quote: `三、本年度办理结果 · ${key}` },
  ]);
}

/** A column of table 三 as the reply names it. */
const columnName = (col: string[] | 'legal' | undefined) => (!col ? '全部' : col === 'legal' ? '法人或其他组织' : col[col.length - 1]!);

/**
 * How requests were handled: the results of table 三 (本年度办理结果) that are not 0 — of a column
 * (企业那几件是怎么处理的) or of all requests — each with its group (无法提供 · 本机关不掌握相关政府信息).
 */
function results(r: Report, col: string[] | 'legal' | undefined): Reply | null {
  const version = r.versions['三'] ?? '2019';
  const facts = factsOf(r);
  const column = columnKey(col);
  const parts: string[] = [];
  for (const it of rows3(version)) {
    if (it.path[0] !== '三、本年度办理结果' || it.key === '总计') continue;
    const c = facts.find((f) => f.key === `三|${it.key}|${column}`);
    if (!c || c.value === 0) continue;
    const name = it.path.slice(1).map((x) => x.replace(/^（[一二三四五六七八九十]+）|^\d+\./, ''));
    parts.push(`${name.join('（')}${name.length > 1 ? '）' : ''}${fmt(c.value)}${c.unit || '件'}`);
  }
  if (!parts.length) return null;
  return listReply(r, [`${r.agency}${r.year}年「${columnName(col)}」的申请办理结果：${parts.join('；')}（其余为0）。`], parts, facts.find((f) => f.key === `三|总计|${column}`), [
    { report: r.title, section: sectionOf(3), quote: `三、本年度办理结果 · ${columnName(col)}` },
  ]);
}

/** The outcomes of a reconsideration or lawsuit figure (table 四). */
function outcomes(r: Report, group: string): Reply | null {
  const groups = GROUP4_ROWS[group as keyof typeof GROUP4_ROWS] ?? GROUP4_ROWS.suit;
  const parts: string[] = [];
  for (const col of RESULT_COLUMNS_4.filter((c) => c !== '总计')) {
    let v = 0;
    for (const g of groups) {
      const f = factOf(r, '四', g, [col]);
      if (!f) return null;
      v += f.value;
    }
    parts.push(`${col}${fmt(v)}件`);
  }
  const name = group === 'review' ? '行政复议' : '行政诉讼';
  return listReply(r, [`${r.agency}${r.year}年政府信息公开${name}的结果：${parts.join('，')}。`], parts, undefined, [{ report: r.title, section: sectionOf(4), quote: `${name} · 结果维持/结果纠正/其他结果/尚未审结` }]);
}

const NUMERALS = '一二三四五六七八九十';

/** Item n of the previous list: the clause that holds it (一是…三是…: by its own number), and the one after (how it is done). */
function itemN(r: Report, items: string[], n: number, section: string): Reply | null {
  const clauses = evidenceOf(r).clauses;
  const mark = `${NUMERALS[n - 1] ?? ''}是`;
  let i = clauses.findIndex((c) => c.section === section && c.text.includes(mark));
  let item = items[n - 1];
  if (i >= 0) item = /是([^；;。，,]+)/.exec(clauses[i]!.text.slice(clauses[i]!.text.indexOf(mark)))?.[1] ?? item;
  if (!item) return null;
  const key = item.replace(/\s+/g, '').slice(0, 10);
  if (i < 0) i = clauses.findIndex((c) => c.text.replace(/\s+/g, '').includes(key));
  if (i < 0) return null;
  const here = clauses[i]!;
  const next = clauses[i + 1] && clauses[i + 1]!.section === here.section ? clauses[i + 1]! : null;
  // from the item's own mark to the next item's
  const from = here.text.indexOf(mark) >= 0 ? here.text.slice(here.text.indexOf(mark)) : here.text;
  const nextMark = `${NUMERALS[n] ?? '@'}是`;
  const joined = from + (next && !from.includes(nextMark) ? next.text : '');
  const quote = trimText(joined.includes(nextMark) ? joined.slice(0, joined.indexOf(nextMark)) : joined, 400);
  // the list's items stay with the reply: 第三条呢 next asks another item of the same list
  return { kind: 'passage', lang: 'zh', lines: [`第${n}项是“${item}”。报告中写道：`, `“${quote}”`], items, figures: [], citations: [{ report: r.title, section: here.section, quote: here.text }], sourcesShown: 1, notes: [], suggestions: [] };
}

/**
 * The items the previous figure counts: the enumeration right before its number in the sentence it
 * was read from (设置A、B、C等16个专栏 → A, B, C), else the enumeration of that sentence.
 */
function itemsOfFigure(r: Report, sentence: string, figure: { value: number; unit: string }): Reply | null {
  const s = sentence.replace(/\s+/g, '');
  const at = s.indexOf(`${figure.value}${figure.unit}`);
  let items: string[] | null = null;
  if (at > 0) {
    const lead = s.slice(0, at).split(/[，,；;：:。]/).pop()!.replace(/等$/, '');
    const parts = lead.split(/、|和|及/).map((x) => x.replace(/^(设置|开设|包括|围绕|组织召开了?|召开了?|推出|开展)/, '').replace(/^["“]|["”]$/g, '')).filter((x) => x.length >= 2);
    if (parts.length >= 2) items = parts;
    else {
      const quoted = [...lead.matchAll(/["“]([^"”]{2,60})["”]/g)].map((m) => m[1]!);
      if (quoted.length >= 2) items = quoted;
    }
  }
  items ??= enumerationIn(s);
  if (!items || items.length < 2) return null;
  return listReply(r, [`${r.agency}${r.year}年报告中点名的是：${items.join('；')}。`, `原文：“${s}”`], items, undefined, [{ report: r.title, section: '', quote: s }]);
}

/** Words that ask why a group of requests was answered so (不予公开的理由, 拒绝公开是什么原因). */
const ASKS_REASON = /理由|原因|为什么|为何|因为什么/;
/** Words that ask how requests were handled (企业那几件是怎么处理的, 是如何被处理的, 办理结果如何). */
const ASKS_HANDLED = /(?:怎么|如何|怎样)[^，。？?！!]{0,40}?(?:处理|办理|答复|办)|(?:处理|办理|答复)(?:结果|情况)|结果(?:怎么样|如何|是什么)/;

/** Asks a count (一共几件, 多少), not of requests pointed back to (那几件, 这些). */
const asksCount = (text: string) => /(?<![那这哪])(?:几|多少)/.test(text);

/** A question about requests (table 三) asking how they were handled, naming no row of its own (and no count: 几件 is a figure). */
function asksHandled(a: Ask): boolean {
  const q = a.q;
  return ASKS_HANDLED.test(q.text) && !asksCount(q.text) && !q.group4 && !q.row2 && (!q.row3 || q.row3.key === '总计' || q.row3.key === '本年新收政府信息公开申请数量');
}

/** A question asking why a group of requests was answered so (不予公开的理由), not how many (各种理由加起来一共几件). */
const asksReason = (a: Ask) => Boolean(a.q.row3 && GROUPS.includes(a.q.row3.key) && ASKS_REASON.test(a.q.text) && !asksCount(a.q.text));

/** The applicant columns of table 三 the question's words name (个人, 企业 …), as facts key them. */
const columnsNamed = (a: Ask): string[] => [...new Set(a.q.matches.flatMap((m) => m.slots.flatMap((x) => (x.kind === 'col3' ? [columnKey(x.column)] : []))))];

/**
 * 是个人申请的还是企业申请的: which of the applicant columns named holds the previous figure's
 * requests — that row in each column named, from table 三.
 */
function whichColumn(a: Ask, r: Report): Reply | null {
  const at = a.previous?.reply.fact;
  const facts = factsOf(r);
  const prev = at && at.report === r.id ? facts.find((f) => f.id === at.id) : undefined;
  if (!prev?.slots || prev.slots.table !== '三') return null;
  const columns = columnsNamed(a);
  if (columns.length < 2) return null;
  const parts: string[] = [];
  for (const c of columns) {
    const f = facts.find((x) => x.key === `三|${prev.slots!.row}|${c}`);
    if (!f) return null;
    parts.push(`${c === 'legal' ? '法人或其他组织' : c.split('›').pop()}${fmt(f.value)}${f.unit || '件'}`);
  }
  const row = prev.slots.row;
  // about the previous figure: the conversation's reading and figure stay what they were
  const reply = listReply(r, [`${r.agency}${r.year}年「${row}」的申请：${parts.join('，')}。`], parts, prev, [{ report: r.title, section: sectionOf(3), quote: `三、本年度办理结果 · ${row}` }]);
  return a.previous?.query ? { ...reply, query: a.previous.query } : reply;
}

/** Asked directly, not as a follow-up: the rows of a group (不予公开的理由有哪些), the outcomes of 复议/诉讼 (结果怎么样). */
function asked(a: Ask): Reply | null {
  const q = a.q;
  const r = a.reports[0];
  if (!r) return null;
  // the reasons of a group, and how a column's requests were handled: asked alone or in a conversation
  if (asksReason(a)) return groupRows(r, q.row3!.key, q.col3 ?? a.previous?.query?.col3);
  if (asksHandled(a) && (q.col3 || a.previous?.query?.col3)) return results(r, q.col3 ?? a.previous?.query?.col3);
  if (!a.agencyNamed) return null;
  if (q.row3 && GROUPS.includes(q.row3.key) && a.type === 'list') return groupRows(r, q.row3.key, undefined);
  if (q.group4 && !q.col4 && /结果(怎么样|如何|是什么|有哪些)|结果呢/.test(q.text)) return outcomes(r, q.group4);
  return null;
}

export const details: Handler = {
  name: 'details',
  match(a) {
    const q = a.q;
    // the report is known: named, the conversation's, or the only one loaded
    const known = a.reports.length > 0 && (a.agencyNamed || Boolean(a.previous) || a.reports.length === 1);
    if (known && (asksReason(a) || (asksHandled(a) && (q.col3 || a.previous?.query?.col3)))) return 0.93;
    if ((q.row3 && GROUPS.includes(q.row3.key) && a.type === 'list') || (q.group4 && !q.col4 && /结果(怎么样|如何|是什么|有哪些)|结果呢/.test(q.text))) return a.agencyNamed ? 0.93 : 0;
    const p = a.previous;
    // which of two applicant columns the previous figure's requests came from (是个人申请的还是企业申请的)
    if (p?.reply.fact && /还是/.test(q.text) && columnsNamed(a).length >= 2) return 0.93;
    // a follow-up of its own: no agency or year of its own, hardly any words of its own
    if (!p || a.q.text.length > 24 || !ASKS_DETAILS.test(a.q.text) || a.q.namesOwn) return 0;
    if (a.q.agencyReports && !a.agencyNamed) return 0;
    return 0.93;
  },
  answer(a) {
    const direct = asked(a);
    if (direct) return direct;
    const p = a.previous;
    if (!p) return null;
    const r = previousReport(a);
    if (!r) return null;
    if (/还是/.test(a.q.text)) {
      const which = whichColumn(a, r);
      if (which) return which;
    }
    const n = ordinal(a.q.text);
    if (n && p.reply.items?.length) return itemN(r, p.reply.items, n, p.reply.citations[0]?.section ?? '');
    const st = p.query;
    if (st?.row3 && GROUPS.includes(st.row3) && (!a.q.row3 || a.q.row3.key === st.row3)) return groupRows(r, st.row3, st.col3);
    if (st?.group4 && /结果|怎么样|如何/.test(a.q.text) && !a.q.col4) return outcomes(r, st.group4);
    const quote = p.reply.citations[0]?.quote;
    const f = p.reply.figures[0];
    if (p.reply.kind === 'figure' && quote && f && /具体|哪几|哪些|分别|都是/.test(a.q.text)) return itemsOfFigure(r, quote, f);
    return null;
  },
};
