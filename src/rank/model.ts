// The learned ranker: a linear score per fact (weights × features), turned into calibrated
// probabilities over the candidates and "none of them" (a softmax with a temperature fitted on a
// calibration split). Every number comes from domain/ranker.json, which `npm run train` writes from
// the generated corpus; nothing here is tuned by hand.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Fact } from '../facts/types.js';
import type { Reading } from '../question/read.js';
import { candidates, printedIn, type Candidate } from './candidates.js';
import { admissible, FEATURES, featuresOf, holdsOf, prepare, type Asking, type Prepared, type Vector } from './features.js';

/** What domain/ranker.json holds. */
export interface RankerData {
  about: string;
  features: string[];
  weights: number[];
  /** the score of "no fact answers" */
  none: number;
  /** divides every score before the softmax (calibration) */
  temperature: number;
  thresholds: Thresholds;
  /** how much each content bigram and character weighs (how often it is content rather than filler) */
  content: { prior: number; grams: Record<string, number>; chars: Record<string, number> };
  /** the corpus it was trained on and the operating point measured on its held-out families */
  corpus: Record<string, unknown>;
  measured: Record<string, unknown>;
}

/** When to answer, ask back or refuse (src/rank/decide.ts). */
export interface Thresholds {
  /** least probability of the best fact to answer */
  answer: number;
  /** least lead of the best fact over the best fact of another value */
  margin: number;
  /** least probability of an option offered when asking back */
  option: number;
  /** least probability of the options together, to ask back rather than refuse */
  ask: number;
}

export interface Ranked {
  fact: Fact;
  score: number;
  /** calibrated probability that this fact is the answer */
  p: number;
  features: Vector;
}

export interface Ranking {
  ranked: Ranked[];
  /** the probability that no fact answers */
  none: number;
}

const FILE = fileURLToPath(new URL('../../domain/ranker.json', import.meta.url));

let loaded: RankerData | null = null;
/** domain/ranker.json, read once (a model written for other features is refused, saying so). */
export function ranker(): RankerData {
  if (loaded) return loaded;
  const d = JSON.parse(readFileSync(FILE, 'utf8')) as RankerData;
  if (d.features.join() !== FEATURES.join()) throw new Error(`domain/ranker.json was trained for other features (${d.features.length}, the code has ${FEATURES.length}): run npm run corpus && npm run train`);
  loaded = d;
  return d;
}

/** Replaces the model (training, and tests of decide()). */
export function useRanker(d: RankerData): void {
  loaded = d;
}

/**
 * The weight of a content bigram: learned where the corpus has it; else from its characters — the
 * least of them (a pair with a filler character is filler: 谢啦), but the larger where the reports
 * asked about print the pair in a figure's own phrase (好评 of 好评数: a word of the domain is not made
 * filler by the 好 of 你好; `printed` is asked only then) — or, with a character never seen, the mean
 * with the prior.
 */
export function contentWeight(c: RankerData['content'], g: string, printed: boolean | (() => boolean) = false): number {
  const w = c.grams[g];
  if (w !== undefined) return w;
  const a = c.chars[g[0]!];
  const b = c.chars[g[1]!];
  if (a !== undefined && b !== undefined) return (typeof printed === 'function' ? printed() : printed) ? Math.max(a, b) : Math.min(a, b);
  return ((a ?? c.prior) + (b ?? c.prior)) / 2;
}

/** contentWeight() of the model in use. */
export function weigh(g: string, d: RankerData = ranker(), printed: boolean | (() => boolean) = false): number {
  return contentWeight(d.content, g, printed);
}

export function dot(w: ArrayLike<number>, x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += w[i]! * x[i]!;
  return s;
}

const AT = (name: (typeof FEATURES)[number]) => FEATURES.indexOf(name);
const RELATED = (['explainedOwn', 'explainedLead', 'explainedContext', 'rowAgree', 'colAgree', 'prevNear'] as const).map(AT);
/** A fact the question shares nothing with (no word, no slot, no place beside the previous answer) is no candidate at all. */
export function related(x: Vector): boolean {
  return RELATED.some((i) => x[i]! > 0);
}

/** A scored fact; its features are worked out again only when asked for (rank() scores in one reused vector). */
class RankedFact implements Ranked {
  p = 0;
  #features: Vector | null = null;
  constructor(
    readonly fact: Fact,
    readonly score: number,
    private readonly prep: Prepared,
  ) {}
  get features(): Vector {
    return (this.#features ??= featuresOf(this.fact, this.prep));
  }
}

/**
 * The facts to score: those sharing a word or a slot with the question (candidates.ts) — and, in a
 * follow-up, the figures printed in the previous answer's passage: it is the conversation's context
 * (来了多少人 after 邀请12家企业机构 asks of the 22名企业代表和专家参会 beside it); and the figure a
 * list reply broke down without stating it.
 */
export function candidatesFor(lists: Fact[][], q: Omit<Asking, 'weigh'>, prep: Prepared): Candidate[] {
  const out = candidates(lists, q.reading, prep.words);
  const p = q.previous?.fact;
  // the figure a list broke down, not yet stated (几件 after the reasons of 不予公开)
  if (p && q.previous?.unstated && !out.some((c) => c.fact === p) && lists.some((facts) => facts.includes(p))) out.push({ fact: p, holds: holdsOf(p, prep) });
  if (p && !p.slots) {
    const have = new Set(out.map((c) => c.fact));
    for (const facts of lists)
      if (facts.includes(p)) for (const f of facts) if (!f.slots && !have.has(f) && f.citation.quote === p.citation.quote) out.push({ fact: f, holds: holdsOf(f, prep) });
  }
  return out;
}

/** Every admissible fact of the lists (one a report's) scored for the question, best first, with calibrated probabilities. */
export function rank(lists: Fact[][], q: Omit<Asking, 'weigh'>, d: RankerData = ranker()): Ranking {
  const prep = prepare({ ...q, weigh: (g) => weigh(g, d, () => printedIn(lists, g)) });
  const out: Ranked[] = [];
  // one vector reused for every candidate: a fact's features are worked out again only when asked for
  const scratch = new Float64Array(FEATURES.length);
  for (const { fact: f, holds } of candidatesFor(lists, q, prep)) {
    if (!admissible(f, q.reading)) continue;
    featuresOf(f, prep, scratch, holds);
    if (!related(scratch) && !(q.previous?.unstated && f === q.previous.fact)) continue;
    out.push(new RankedFact(f, dot(d.weights, scratch), prep));
  }
  const T = d.temperature || 1;
  let max = d.none / T;
  for (const r of out) max = Math.max(max, r.score / T);
  let sum = Math.exp(d.none / T - max);
  for (const r of out) sum += Math.exp(r.score / T - max);
  for (const r of out) r.p = Math.exp(r.score / T - max) / sum;
  out.sort((a, b) => b.score - a.score);
  return { ranked: out, none: Math.exp(d.none / T - max) / sum };
}

/** The reading of a question as the features see it (for the corpus and the tests). */
export type { Reading };
