// The evidence of a report for questions no table cell answers: every clause of its narrative with
// its character bigrams, and the enumerations the clauses hold (items and the noun they belong to).
// Built once per report (WeakMap) on first use; a question is matched against it by bigrams
// weighted by rarity (idf over the report's clauses), and candidates are scored by how much of the
// question's content they cover.
import type { NarrativeFigure, Report } from '../model.js';
import { bigrams, normalizeText } from '../text.js';
import { flowText } from './passages.js';

export interface Clause {
  /** the clause as printed (spaces inside Chinese text removed) */
  text: string;
  /** the whole sentence the clause stands in */
  sentence: string;
  section: string;
  sectionIndex: number;
  grams: Set<string>;
  /** the bigrams outside the titles the clause cites (《关于做好…信息处理费…的通知》 names a document, says nothing of the agency) */
  own: Set<string>;
  /** the enumeration the clause holds, if any */
  list: string[] | null;
}

export interface Evidence {
  clauses: Clause[];
  /** numbers the narrative states without a counter the reader takes (粉丝数54373, 用户突破550万) */
  extra: NarrativeFigure[];
  /** bigram → number of clauses holding it */
  df: Map<string, number>;
  /** all the narrative, for "does the report mention it at all" */
  text: string;
}

const cache = new WeakMap<Report, Evidence>();

/** The titles a clause cites (《关于…的通知》). */
const TITLE = /《[^《》]*》/g;

/** A clause's text with the titles it cites left out (each part apart). */
export function ownParts(text: string): string[] {
  return text.includes('《') ? text.split(TITLE) : [text];
}

/** A clause's bigrams with the titles it cites left out. */
function ownBigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const part of ownParts(text)) for (const g of bigrams(part)) out.add(g);
  return out;
}

export { bigrams };

/** Sentences of a section: split at 。！？ and line ends; long sentences are cut into clauses at ；. */
function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const m of flowText(text).matchAll(/[^。！？!?\n]+[。！？!?]?/g)) {
    const s = m[0].replace(/\s+/g, (w, i: number, all: string) => (/[\u4e00-\u9fff，。、；：“”]/.test(all[i - 1] ?? '') ? '' : ' ')).trim();
    if (s.length >= 4) out.push(s);
  }
  return out;
}

/** A sentence, cut at ；into clauses when long, and a very long clause into runs of comma parts. */
function clausesOf(sentence: string): string[] {
  if (sentence.length <= 120) return [sentence];
  const out: string[] = [];
  for (const part of sentence.split(/(?<=[；;])/).map((x) => x.trim()).filter((x) => x.length >= 4)) {
    if (part.length <= 200) {
      out.push(part);
      continue;
    }
    let run = '';
    for (const piece of part.split(/(?<=[，,])/)) {
      if (run && run.length + piece.length > 120) {
        out.push(run);
        run = '';
      }
      run += piece;
    }
    if (run) out.push(run);
  }
  return out.length ? out : [sentence];
}

/** A clause with runs of digits that no counter follows (640020470二、…) is a flattened table, not narrative. */
function isNarrative(text: string): boolean {
  const bare = [...text.matchAll(/\d{5,}(?![\d.]*\s*[件条次人个项万亿元%篇场期名家份批户])/g)].length;
  return bare < 2 && !/\d{12,}/.test(text);
}

export function evidenceOf(r: Report): Evidence {
  let ev = cache.get(r);
  if (ev) return ev;
  const clauses: Clause[] = [];
  for (const sec of r.sections) {
    if (!sec.text.trim()) continue;
    for (const sentence of sentencesOf(sec.text)) {
      for (const text of clausesOf(sentence)) {
        if (!isNarrative(text)) continue;
        clauses.push({ text, sentence, section: sec.canonical || sec.heading, sectionIndex: sec.index, grams: bigrams(text), own: ownBigrams(text), list: enumerationIn(text) });
      }
    }
  }
  const df = new Map<string, number>();
  for (const c of clauses) for (const g of c.grams) df.set(g, (df.get(g) ?? 0) + 1);
  ev = { clauses, df, extra: extraFigures(r, clauses), text: clauses.map((c) => c.text).join('\n') };
  cache.set(r, ev);
  return ev;
}

/** Rarer bigrams weigh more; one the report never holds (a typo, or a pair across two words) weighs little. */
export function idf(ev: Evidence, g: string): number {
  const df = ev.df.get(g);
  return df ? Math.log(1 + ev.clauses.length / df) : 0.3;
}

export interface ClauseHit {
  clause: Clause;
  /** the share of the question's weighted content bigrams the clause holds, 0..1 */
  coverage: number;
  score: number;
}

const HEADING = /^[（(][一二三四五六七八九十]+[)）]|^[一二三四五六七八九十]+、/;

/** Clauses ranked by how much of the question's content bigrams they hold (rarer bigrams weigh more). */
export function rankClauses(ev: Evidence, content: string[], opts: { filter?: (c: Clause) => boolean; core?: string[]; phrases?: string[] } = {}): ClauseHit[] {
  if (!content.length) return [];
  const weights = content.map((g) => idf(ev, g));
  const total = weights.reduce((a, b) => a + b, 0);
  const core = opts.core?.length ? opts.core : null;
  const hits: ClauseHit[] = [];
  ev.clauses.forEach((clause, at) => {
    if (opts.filter && !opts.filter(clause)) return;
    // the clause before, in the same section, often names the topic (a heading, a lead sentence)
    const before = at > 0 && ev.clauses[at - 1]!.section === clause.section ? ev.clauses[at - 1]!.grams : null;
    let got = 0;
    let withBefore = 0;
    for (let i = 0; i < content.length; i++) {
      // words met only inside a title the clause cites count half
      if (clause.grams.has(content[i]!)) got += clause.own.has(content[i]!) ? weights[i]! : weights[i]! / 2;
      else if (before?.has(content[i]!)) withBefore += weights[i]!;
    }
    if (got === 0) return;
    if (core && !core.some((g) => clause.grams.has(g) || bigrams(clause.sentence).has(g))) return;
    if (opts.phrases?.length && !opts.phrases.every((p) => clause.sentence.includes(p))) return;
    // ...but a heading takes nothing from the clause above it, and a clause must hold a part of its own
    const lent = withBefore && got >= total / 4 && !HEADING.test(clause.text) ? withBefore : 0;
    const coverage = Math.max(got / total, ((got + lent) / total) * 0.9);
    // shorter clauses that cover as much are more specific; the preamble says what every report says
    const score = coverage - Math.min(0.2, clause.text.length / 1500) - (clause.sectionIndex === 0 ? 0.15 : 0);
    hits.push({ clause, coverage, score });
  });
  return hits.sort((a, b) => b.score - a.score);
}

// ---------------------------------------------------------------- enumerations

const LEAD = /^(主要|分别|包括|包含|涵盖|涉及|如|即|是|有|以|对|在|将|把|重点|聚焦|围绕|通过|利用|依托|开设|设置|设立|推出|开展|建立|健全|完善|加强|做好|推进|采用|运用|从|就|等)+/;
const TAIL = /(等(?:[\d一二三四五六七八九十两]+[个项类种家条批期场次])?[\u4e00-\u9fff]{0,8})$/;

function cleanItem(s: string): string {
  return s
    .replace(/^[“"'‘《]+|[”"'’》]+$/g, '')
    .replace(LEAD, '')
    .replace(/[。；;，,：:]$/, '')
    .trim();
}

/**
 * The items a clause enumerates, or null: “A”“B”“C” in quotes; A、B、C (with 和/及 before the last);
 * 一是…二是…; (A、B、C) in brackets. Items of 2 to 40 characters, at least two of them.
 */
export function enumerationIn(clause: string): string[] | null {
  const t = normalizeText(clause);
  // 一是…；二是…
  const ordinal = [...t.matchAll(/[一二三四五六七八九十]是([^；;。]+)/g)].map((m) => cleanItem(m[1]!));
  if (ordinal.length >= 2) return ordinal.filter((x) => x.length >= 2);
  // (A、B、C)
  const paren = /[（(]([^（）()]{4,200})[）)]/.exec(t);
  if (paren && /、/.test(paren[1]!)) {
    const items = paren[1]!.split(/、|和|及/).map(cleanItem).filter((x) => x.length >= 2 && x.length <= 40);
    if (items.length >= 2) return items;
  }
  // “A”“B”“C” / “A”、“B”
  const quoted = [...t.matchAll(/"([^"]{2,40})"/g)].map((m) => m[1]!.trim());
  if (quoted.length >= 2) return quoted;
  // A、B、C: the longest run of 、-separated parts
  if (/、/.test(t)) {
    const runs = t.split(/[，,：:；;。]/).filter((p) => p.includes('、'));
    let best: string[] = [];
    for (const run of runs) {
      const parts = run.split('、');
      const last = parts.pop()!;
      const [lastItem, ...more] = last.split(/和|及|以及|与/);
      const tailItems = [lastItem!, ...more].map((x) => x.replace(TAIL, ''));
      const items = [...parts, ...tailItems].map(cleanItem).filter((x) => x.length >= 2 && x.length <= 40);
      if (items.length > best.length) best = items;
    }
    if (best.length >= 2) return best;
  }
  return null;
}

const BARE = /([\u4e00-\u9fff]{1,10}?(?:数|量|人数|用户|粉丝))(?:为|达|达到|超过|突破|约|已达|已突破)?(\d+(?:\.\d+)?)(万|亿)?(?![\d.%万亿件个项次人条篇场期名家份元])/g;
const TEN_THOUSANDS = /([\u4e00-\u9fff]{1,10}?)(?:为|达|达到|超过|突破|约|已达|已突破)(\d+(?:\.\d+)?)(万|亿)(?![元次人件个项条篇场])/g;

/** Figures the narrative states with no counter after the number, or in 万/亿 alone. */
function extraFigures(r: Report, clauses: Clause[]): NarrativeFigure[] {
  const known = new Set(r.figures.map((f) => `${f.raw}|${f.value}`));
  const out: NarrativeFigure[] = [];
  const seen = new Set<string>();
  for (const c of clauses) {
    for (const re of [BARE, TEN_THOUSANDS]) {
      for (const m of c.text.matchAll(re)) {
        const raw = m[2]! + (m[3] ?? '');
        const value = Number(m[2]);
        if (!Number.isFinite(value) || m[2]!.replace('.', '').length > 8 || known.has(`${raw}|${value}`) || /^(19|20)\d{2}$/.test(m[2]!)) continue;
        const key = `${c.text}|${raw}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ value, unit: m[3] ?? '', approximate: /超过|突破|约/.test(m[0]), raw, counts: m[1]!, sentence: c.text, section: c.section, at: {} });
      }
    }
  }
  return out;
}
