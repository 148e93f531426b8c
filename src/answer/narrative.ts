// Narrative figures (全年共办理依申请公开23件, 工信动态发布原创文章105篇): the question's words are
// matched against what each NarrativeFigure counts and the words around it, weighted by rarity.
import type { NarrativeFigure, Report } from '../model.js';
import { figureReply, fmt, who } from './reply-parts.js';
import type { Note, Reply } from './types.js';
import type { Query } from './understand.js';

interface FigIndex {
  figs: { f: NarrativeFigure; counts: Set<string>; context: Set<string> }[];
  df: Map<string, number>;
  /** every bigram around any figure of the report (to skip reports quickly) */
  all: Set<string>;
}

const cache = new WeakMap<Report, FigIndex>();

function bigrams(s: string): Set<string> {
  const t = s.replace(/[^\u4e00-\u9fffA-Za-z]/g, '');
  const out = new Set<string>();
  for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
  return out;
}

/** The words just before and after the number in its sentence. */
function contextOf(f: NarrativeFigure): string {
  const s = f.sentence;
  const i = s.indexOf(f.raw);
  if (i < 0) return f.counts;
  return s.slice(Math.max(0, i - 24), i + f.raw.length + 12);
}

function figIndex(r: Report): FigIndex {
  let ix = cache.get(r);
  if (ix) return ix;
  const figs = r.figures.map((f) => ({ f, counts: bigrams(f.counts), context: bigrams(contextOf(f)) }));
  const df = new Map<string, number>();
  for (const x of figs) for (const g of new Set([...x.counts, ...x.context])) df.set(g, (df.get(g) ?? 0) + 1);
  ix = { figs, df, all: new Set(df.keys()) };
  cache.set(r, ix);
  return ix;
}

const GENERIC = new Set(['多少', '是多', '少个', '少件', '少篇', '少条', '少场', '少项', '少次', '一共', '共有', '全年', '年度', '报告', '年报', '情况', '工作', '哪些']);

const qCache = new WeakMap<Query, { qg: string[]; focus: string[] }>();
/** The question's bigrams, once per question. */
function grams(q: Query): { qg: string[]; focus: string[] } {
  let g = qCache.get(q);
  if (!g) {
    const qText = q.agencyWord ? q.text.replace(q.agencyWord, '') : q.text;
    g = { qg: [...bigrams(qText)].filter((x) => !GENERIC.has(x)), focus: [...bigrams(q.focus)].filter((x) => !GENERIC.has(x)) };
    qCache.set(q, g);
  }
  return g;
}

export interface NarrativeHit {
  f: NarrativeFigure;
  score: number;
}

export function bestNarrative(q: Query, r: Report, opts: { section?: string; strictWords?: string[][] } = {}): NarrativeHit | null {
  const ix = figIndex(r);
  if (!ix.figs.length) return null;
  const { qg, focus } = grams(q);
  const strict = opts.strictWords?.map((group) => group.map(bigrams));
  const N = ix.figs.length;
  let best: NarrativeHit | null = null;
  for (const x of ix.figs) {
    let score = 0;
    let countsHit = 0;
    for (const g of qg) {
      const w = Math.log(1 + N / (ix.df.get(g) ?? 1));
      if (x.counts.has(g)) {
        score += 2 * w;
        countsHit++;
      } else if (x.context.has(g)) score += w;
    }
    // the thing asked must be named where the figure stands (at least half of its bigrams)
    const focusHit = focus.length === 0 || focus.filter((g) => x.counts.has(g) || x.context.has(g)).length * 2 >= focus.length;
    for (const g of focus) if (x.counts.has(g)) score += 3 * Math.log(1 + N / (ix.df.get(g) ?? 1));
    if (!focusHit) continue;
    // every group of words (the row, the measure) must be named where the figure stands
    if (strict && !strict.every((group) => group.some((w) => covers(w, x.counts) || covers(w, x.context)))) continue;
    if (q.askedUnit) {
      if (unitMatches(q.askedUnit, x.f.unit)) score += 2;
      else score -= 4;
    }
    if (opts.section && x.f.section === opts.section) score += 2;
    if (countsHit === 0 && score < 3) continue;
    if (score < 2.5) continue;
    if (!best || score > best.score) best = { f: x.f, score };
  }
  return best;
}

/** At least half of a word's bigrams stand in what the figure counts. */
function covers(word: Set<string>, counts: Set<string>): boolean {
  if (!word.size) return false;
  let n = 0;
  for (const g of word) if (counts.has(g)) n++;
  return n * 2 >= word.size;
}

function unitMatches(asked: string, unit: string): boolean {
  if (asked === unit) return true;
  if ((asked === '元' || asked === '万元') && /元/.test(unit)) return true;
  if (asked === '个' && /^(个|家|项|名)$/.test(unit)) return true;
  if (asked === '件' && /^(件|份|项)$/.test(unit)) return true;
  if (asked === '次' && /次/.test(unit)) return true;
  return false;
}

export function narrativeAnswer(r: Report, hit: NarrativeHit, notes: Note[] = []): Reply {
  const f = hit.f;
  const unitText = f.unit === '%' ? '%' : f.unit;
  const lines = [`${who(r)}报告中写道：“${f.sentence.replace(/\s+/g, '')}”`, `即${f.counts ? `「${f.counts}」` : ''}${fmt(f.value)}${unitText}。`];
  return figureReply(
    lines,
    [{ value: f.value, unit: f.unit, label: f.counts || f.sentence.slice(0, 20) }],
    [{ report: r.title, section: f.section, quote: f.sentence.replace(/\s+/g, '') }],
    [...(f.approximate ? [{ code: 'approximate' as const, p: { raw: f.raw } }] : []), ...notes],
  );
}
