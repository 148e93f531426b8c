// Computed answers, always shown as computed: a share (自然人申请占比 = 20 ÷ 23), a sum of what the
// question names (行政复议和行政诉讼加起来; 人大代表建议和政协提案一共), a ranking across the reports
// of the knowledge. Every operand is a printed figure, cited.
import type { Report } from '../../model.js';
import type { Citation, Reply } from '../../reply/types.js';
import { type Ask, type Handler, withOthers } from '../ask.js';
import { bestFigure } from '../figure-match.js';
import { tableFigure } from '../figures.js';
import { fmt } from '../reply-parts.js';
import { contentRuns } from '../content.js';
import type { Query } from '../understand.js';
import { tableOf } from './table.js';
import { refusal } from '../refusal.js';
import { wordsOnly } from '../../reply/types.js';
import { WORDS } from '../question-kinds.js';

const SUM = WORDS.sum;
const SHARE = WORDS.share;
const RANK = WORDS.rank;

function computedReply(r: Report, lines: string[], value: number, unit: string, label: string, formula: string, operands: { label: string; value: number; unit: string; cite: Citation }[]): Reply {
  return {
    kind: 'computed',
    lang: 'zh',
    lines,
    figures: [{ value, unit, label: `${label}（计算值）` }],
    computation: { formula, operands: operands.map((o) => ({ label: o.label, value: o.value, unit: o.unit, report: o.cite.report })) },
    citations: operands.map((o) => o.cite),
    notes: [],
    suggestions: [],
  };
}

/** 行政复议 and 行政诉讼 both named, with a word of adding. */
function bothGroups(q: Query): boolean {
  return /复议/.test(q.text.replace(/复议后起诉|复议后提起|经复议/g, '')) && /诉讼|起诉|官司/.test(q.text) && SUM.test(q.text);
}

function sumOfGroups(a: Ask): Reply | null {
  const r = a.reports[0]!;
  const review = tableFigure({ ...a.q, group4: 'review' }, r, '四');
  const suit = tableFigure({ ...a.q, group4: 'suit' }, r, '四');
  if (!('ok' in review) || !('ok' in suit)) return null;
  const fr = review.ok.figures[0]!;
  const fs = suit.ok.figures[0]!;
  const v = fr.value + fs.value;
  const u = fr.unit || '件';
  const col = a.q.col4 ? `「${a.q.col4}」` : '';
  const lines = [`${r.agency}${r.year}年政府信息公开行政复议和行政诉讼${col}合计${fmt(v)}${u}（计算：行政复议${fmt(fr.value)}${u} + 行政诉讼${fmt(fs.value)}${u} = ${fmt(v)}${u}）。`];
  return withOthers(
    computedReply(r, lines, v, u, `行政复议与行政诉讼${a.q.col4 ?? '总计'}之和`, `${fmt(fr.value)} + ${fmt(fs.value)} = ${fmt(v)}`, [
      { label: fr.label, value: fr.value, unit: u, cite: review.ok.citations[0]! },
      { label: fs.label, value: fs.value, unit: u, cite: suit.ok.citations[0]! },
    ]),
    r,
    a.reports,
  );
}

/** The things a question adds up: 'A和B一共', '（A、B、C加起来）' → [A, B, C] (as content runs), or null. */
function namedParts(a: Ask): string[] | null {
  const t = a.q.text;
  const at = [...t.matchAll(/加起来|合计|一共|总共|共计|总计|共有|之和|总和|加在一起/g)];
  const runs = contentRuns(a.q);
  const find = (part: string) => {
    const p = part.replace(/的/g, '');
    return runs.find((r) => p.endsWith(r) || r.endsWith(p) || p.includes(r)) ?? null;
  };
  for (const m of at) {
    // the list just before the word of adding, back to a clause mark
    const before = t.slice(0, m.index).split(/[(（，,。:：?？]/).pop()!;
    const parts = before.split(/、|和|及|与|以及/).map((x) => x.replace(/^[^\u4e00-\u9fff]+/, '').replace(/(?:19|20)\d{2}年度?/, '')).filter((x) => x.length >= 2);
    if (parts.length < 2) continue;
    const heads = parts.map(find);
    if (heads.every(Boolean) && new Set(heads).size === heads.length) return heads as string[];
  }
  return null;
}

/** Things named with 和/及/、 and a word of adding: narrative figures of one report, summed — every one found, or none. */
function sumOfNamed(a: Ask): Reply | null {
  const heads = namedParts(a);
  if (!heads) return null;
  const runs = contentRuns(a.q);
  const rest = runs.filter((r) => !heads.includes(r));
  const reports = a.agencyNamed ? a.reports : a.reports.slice(0, 1);
  const found = heads.map((h) => bestFigure(a, reports, { head: h, rest }));
  if (found.some((f) => !f)) return null;
  const hits = found as NonNullable<(typeof found)[number]>[];
  const r = hits[0]!.r;
  const u = hits[0]!.f.unit;
  // every part in one report, of one unit, distinct, and listed together in one sentence of it
  if (hits.some((h) => h.r !== r || h.f.unit !== u) || new Set(hits.map((h) => h.f)).size !== hits.length) return null;
  if (new Set(hits.map((h) => h.f.sentence)).size !== 1) return null;
  const v = hits.reduce((s, h) => s + h.f.value, 0);
  const cite = (f: (typeof hits)[number]['f']): Citation => ({ report: r.title, section: f.section, quote: f.sentence.replace(/\s+/g, '') });
  const sentences = [...new Set(hits.map((h) => h.f.sentence.replace(/\s+/g, '')))];
  const lines = [
    `${r.agency}${r.year}年${heads.join('、')}合计${fmt(v)}${u}（计算：${hits.map((h, i) => `${heads[i]}${fmt(h.f.value)}${u}`).join(' + ')} = ${fmt(v)}${u}）。`,
    `报告原文：${sentences.map((s) => `“${s}”`).join('')}`,
  ];
  return withOthers(
    computedReply(
      r,
      lines,
      v,
      u,
      `${heads.join('、')}之和`,
      `${hits.map((h) => fmt(h.f.value)).join(' + ')} = ${fmt(v)}`,
      hits.map((h, i) => ({ label: heads[i]!, value: h.f.value, unit: u, cite: cite(h.f) })),
    ),
    r,
    a.reports,
  );
}

/** The share of an applicant type (or of a row) in its total, from table 三. */
function share(a: Ask): Reply | null {
  const q = a.q;
  if (!q.col3 || tableOf({ ...a, q: { ...q, intents: new Set([...q.intents].filter((i) => i !== 'rate')), askedUnit: null } }) !== '三') return null;
  const r = a.reports[0]!;
  const qq: Query = { ...q, intents: new Set([...q.intents].filter((i) => i !== 'rate')), askedUnit: null };
  const part = tableFigure(qq, r, '三');
  const whole = tableFigure({ ...qq, col3: undefined }, r, '三');
  if (!('ok' in part) || !('ok' in whole)) return null;
  const p = part.ok.figures[0]!;
  const w = whole.ok.figures[0]!;
  if (!w.value) return null;
  const pct = Math.round((p.value / w.value) * 1000) / 10;
  const col = p.label.split(' · ').pop();
  const lines = [`${r.agency}${r.year}年${col}占${pct}%（计算：${col}${fmt(p.value)}${p.unit} ÷ 总计${fmt(w.value)}${w.unit} = ${pct}%）。`];
  return withOthers(
    computedReply(r, lines, pct, '%', `${p.label}占总计的比例`, `${fmt(p.value)} ÷ ${fmt(w.value)} = ${pct}%`, [
      { label: p.label, value: p.value, unit: p.unit, cite: part.ok.citations[0]! },
      { label: w.label, value: w.value, unit: w.unit, cite: whole.ok.citations[0]! },
    ]),
    r,
    a.reports,
  );
}

/** 哪个机关收到的申请最多: the table figure of each agency's newest report, ranked. */
function ranking(a: Ask): Reply | null {
  const t = tableOf({ ...a, type: 'figure' });
  if (!t) return null;
  const newest = new Map<string, Report>();
  for (const r of a.reports) if (!newest.has(r.agency)) newest.set(r.agency, r);
  // a store answered on demand holds more agencies than were fetched: ranking those fetched would name a wrong 最多
  const whole = a.ix.catalog;
  if (whole && !a.q.agencies.length && whole.byAgency.size > newest.size) {
    return refusal(
      `知识库中有${whole.byAgency.size}个机关的${whole.size}份报告；在所有机关之间排名要逐一比较全部报告，这里不给出排名，以免说错。可以说出要比较的几个机关，例如“${[...whole.byAgency.keys()].slice(0, 2).join('和')}哪个收到的申请多？”`,
      a.ix,
    );
  }
  if (newest.size < 2) return null;
  const rows: { r: Report; v: number; unit: string; cite: Citation; label: string }[] = [];
  for (const r of newest.values()) {
    const res = tableFigure(a.q, r, t);
    if ('ok' in res) rows.push({ r, v: res.ok.figures[0]!.value, unit: res.ok.figures[0]!.unit, cite: res.ok.citations[0]!, label: res.ok.figures[0]!.label });
  }
  if (rows.length < 2) return null;
  const least = WORDS.fewest.test(a.q.text);
  rows.sort((x, y) => (least ? x.v - y.v : y.v - x.v));
  const top = rows[0]!;
  const lines = [
    `在${whole ? '所问的' : '知识库的'}${rows.length}个机关中，${top.r.agency}${top.r.year}年的「${top.label}」${least ? '最少' : '最多'}，为${fmt(top.v)}${top.unit}。排序（各机关最新一年的报告）：`,
    ...rows.map((x, i) => `${i + 1}. ${x.r.agency}${x.r.year}年：${fmt(x.v)}${x.unit}`),
  ];
  return {
    kind: 'computed',
    lang: 'zh',
    lines,
    figures: [{ value: top.v, unit: top.unit, label: `${top.label}（${top.r.agency}${top.r.year}年，排序第一）` }],
    computation: { formula: `排序：${rows.map((x) => fmt(x.v)).join(' ≥ ')}`, operands: rows.map((x) => ({ label: x.label, value: x.v, unit: x.unit, report: x.r.title })) },
    citations: rows.map((x) => x.cite),
    notes: [],
    suggestions: [],
  };
}

const DIFFERENCE = /比.{1,20}?(多|少|高|低)(了)?(多少|几)|和.{1,20}?(相差|差)(多少|几)|(相差|差距)(多少|几)/;

/** The rows of one kind the question names (行政许可 and 行政处罚; 行政复议 and 行政诉讼), in order. */
function twoRows(q: Query): { kind: 'row2' | 'row3' | 'group4'; values: string[] } | null {
  for (const kind of ['row2', 'row3', 'group4'] as const) {
    const values: string[] = [];
    for (const m of [...q.matches].sort((x, y) => x.start - y.start))
      for (const s of m.slots) {
        const v = s.kind === 'row2' && kind === 'row2' ? s.row : s.kind === 'row3' && kind === 'row3' && s.weight >= 2 ? s.key : s.kind === 'group4' && kind === 'group4' ? s.group : null;
        if (v && !values.includes(v)) values.push(v);
      }
    if (values.length === 2) return { kind, values };
  }
  return null;
}

/** 行政许可比行政处罚多多少: both figures of one report, and their difference, shown with both. */
function difference(a: Ask): Reply | null {
  const rows = twoRows(a.q);
  const t = tableOf({ ...a, type: 'figure' });
  if (!rows || !t) return null;
  const r = a.reports[0]!;
  const at = (v: string): Query =>
    rows.kind === 'row2' ? { ...a.q, row2: { row: v, weight: 3 } } : rows.kind === 'row3' ? { ...a.q, row3: { key: v, weight: 3 } } : { ...a.q, group4: v as Query['group4'] };
  const table = rows.kind === 'row2' ? '二' : rows.kind === 'row3' ? '三' : '四';
  const x = tableFigure(at(rows.values[0]!), r, table);
  const y = tableFigure(at(rows.values[1]!), r, table);
  if (!('ok' in x) || !('ok' in y)) return null;
  const fx = x.ok.figures[0]!;
  const fy = y.ok.figures[0]!;
  if (fx.unit !== fy.unit) return null;
  const d = Math.round((fx.value - fy.value) * 1e6) / 1e6;
  const how = d >= 0 ? `多${fmt(d)}${fx.unit}` : `少${fmt(-d)}${fx.unit}`;
  const lines = [`${r.agency}${r.year}年「${fx.label}」比「${fy.label}」${how}（计算：${fmt(fx.value)}${fx.unit} − ${fmt(fy.value)}${fy.unit} = ${fmt(d)}${fx.unit}）。`];
  return withOthers(
    computedReply(r, lines, Math.abs(d), fx.unit, `${fx.label}与${fy.label}之差`, `${fmt(fx.value)} − ${fmt(fy.value)} = ${fmt(d)}`, [
      { label: fx.label, value: fx.value, unit: fx.unit, cite: x.ok.citations[0]! },
      { label: fy.label, value: fy.value, unit: fy.unit, cite: y.ok.citations[0]! },
    ]),
    r,
    a.reports,
  );
}

export const computed: Handler = {
  name: 'computed',
  match(a) {
    const t = a.q.text;
    if (bothGroups(a.q)) return 0.9;
    if (a.agencyNamed && DIFFERENCE.test(t) && twoRows(a.q)) return 0.95;
    if (SHARE.test(t) && a.q.col3) return 0.9;
    if (!a.agencyNamed && RANK.test(t) && tableOf({ ...a, type: 'figure' })) return 0.9;
    if (a.type === 'figure' && namedParts(a)) return 0.85;
    return 0;
  },
  answer(a) {
    const t = a.q.text;
    if (a.agencyNamed && DIFFERENCE.test(t) && twoRows(a.q)) return difference(a) ?? wordsOnly('refusal', ['两项数字没能在同一份报告中都找到，无法相减；可以分别问这两项。'], [{ code: 'kinds' }]);
    if (bothGroups(a.q)) return sumOfGroups(a);
    if (SHARE.test(t) && a.q.col3) return share(a);
    if (!a.agencyNamed && RANK.test(t)) {
      const r = ranking(a);
      if (r) return r;
    }
    return sumOfNamed(a);
  },
};
