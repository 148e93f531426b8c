// Training the ranker on the generated corpus (src/corpus/generate.ts): how much each content bigram
// weighs (how often it is content rather than filler), the weights of the features (a softmax over
// each question's candidate facts and "none", fitted on the train split), the temperature that
// calibrates the probabilities and the thresholds of decide() (fitted on the calibration split so
// that no calibration or negative question states a wrong figure), then the operating point measured
// on the validation split — held-out frame families, word families, facts and reports.
import type { Example, Split } from '../corpus/generate.js';
import { factsOf } from '../facts/index.js';
import { normalizeQuestion } from '../answer/understand.js';
import { readQuestion } from '../question/read.js';
import { admissible, FEATURES, featuresOf, prepare } from './features.js';
import { decide } from './decide.js';
import { printedIn } from './candidates.js';
import { candidatesFor, contentWeight, dot, related, type RankerData, type Ranked, type Thresholds } from './model.js';

/** An unseen bigram weighs half a content word until the corpus says more. */
const PRIOR = 0.5;
/** How many sightings a learned weight needs before it stops leaning to the prior. */
const SMOOTH = 2;

/** The weight of every bigram and character of the train split: the share of its sightings inside a content piece. */
export function contentWeights(examples: Example[]): RankerData['content'] {
  const grams = new Map<string, [number, number]>();
  const chars = new Map<string, [number, number]>();
  const see = (m: Map<string, [number, number]>, k: string, content: boolean) => {
    const c = m.get(k) ?? [0, 0];
    c[0] += content ? 1 : 0;
    c[1] += 1;
    m.set(k, c);
  };
  for (const e of examples) {
    if (e.split !== 'train') continue;
    const text = normalizeQuestion(e.pieces.map((p) => p.text).join('')).text;
    // the pieces as normalised: the role of each character
    const roles: string[] = [];
    for (const p of e.pieces) for (const ch of normalizeQuestion(p.text).text) roles.push(p.role);
    if (roles.length !== text.length) continue;
    for (let i = 0; i < text.length; i++) {
      if (roles[i] === 'agency' || roles[i] === 'year' || !/[\p{L}\p{N}]/u.test(text[i]!)) continue;
      see(chars, text[i]!, roles[i] === 'content');
      if (i + 1 < text.length && /[\p{L}\p{N}]/u.test(text[i + 1]!) && roles[i + 1] !== 'agency' && roles[i + 1] !== 'year')
        // a pair across two pieces is no word of either: filler
        see(grams, text.slice(i, i + 2), roles[i] === 'content' && roles[i + 1] === 'content' && samePiece(e, i));
    }
  }
  const weigh = (m: Map<string, [number, number]>) => Object.fromEntries([...m].map(([k, [c, n]]) => [k, Math.round(((c + SMOOTH * PRIOR) / (n + SMOOTH)) * 1000) / 1000]));
  return { prior: PRIOR, grams: weigh(grams), chars: weigh(chars) };
}

/** Do characters i and i+1 of the normalised question stand in the same piece? */
function samePiece(e: Example, i: number): boolean {
  let at = 0;
  for (const p of e.pieces) {
    const n = normalizeQuestion(p.text).text.length;
    if (i >= at && i + 1 < at + n) return true;
    at += n;
  }
  return false;
}

/** One question's candidates as the features see them. */
export interface Case {
  example: Example;
  facts: Ranked['fact'][];
  vectors: Float64Array[];
  /** the index of the target among the candidates; -1: none answers (or the target is no candidate) */
  gold: number;
}

export function casesOf(examples: Example[], content: RankerData['content']): Case[] {
  return examples.map((e) => {
    const reading = readQuestion(normalizeQuestion(e.question).text, e.agencyWord ? [e.agencyWord] : []);
    const facts: Ranked['fact'][] = [];
    const vectors: Float64Array[] = [];
    const previous = e.previous ? { fact: e.previous.fact, grams: new Set(readQuestion(normalizeQuestion(e.previous.question).text).grams.map((g) => g.g)) } : undefined;
    const facts0 = [factsOf(e.report)];
    const asking = { reading, years: [e.report.year], previous };
    const prep = prepare({ ...asking, weigh: (g) => contentWeight(content, g, () => printedIn(facts0, g)) });
    for (const { fact: f, holds } of candidatesFor(facts0, asking, prep)) {
      if (!admissible(f, reading)) continue;
      const v = featuresOf(f, prep, undefined, holds);
      if (!related(v)) continue;
      facts.push(f);
      vectors.push(v);
    }
    return { example: e, facts, vectors, gold: e.target ? facts.indexOf(e.target) : -1 };
  });
}

/** Fits the weights and the score of "none" (softmax over each case's candidates and none), by Adam with a little L2. */
export function fit(cases: Case[], opts: { epochs?: number; rate?: number; l2?: number } = {}): { weights: number[]; none: number } {
  const n = FEATURES.length;
  const w = new Float64Array(n + 1); // the last one: none
  const m = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rate = opts.rate ?? 0.05;
  const l2 = opts.l2 ?? 3e-3;
  const used = cases.filter((c) => c.gold >= 0 || !c.example.target);
  const flat = used.map((c) => {
    const x = new Float64Array(c.vectors.length * n);
    c.vectors.forEach((vec, j) => x.set(vec, j * n));
    return { x, k: c.vectors.length, gold: c.gold };
  });
  const e = new Float64Array(Math.max(1, ...flat.map((f) => f.k)));
  for (let epoch = 1; epoch <= (opts.epochs ?? 200); epoch++) {
    const g = new Float64Array(n + 1);
    for (const { x, k, gold } of flat) {
      const none = w[n]!;
      let max = none;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += w[i]! * x[j * n + i]!;
        e[j] = s;
        if (s > max) max = s;
      }
      let sum = Math.exp(none - max);
      for (let j = 0; j < k; j++) {
        e[j] = Math.exp(e[j]! - max);
        sum += e[j]!;
      }
      for (let j = 0; j < k; j++) {
        const p = e[j]! / sum - (j === gold ? 1 : 0);
        if (p === 0) continue;
        for (let i = 0; i < n; i++) g[i] += p * x[j * n + i]!;
      }
      g[n] += Math.exp(none - max) / sum - (gold < 0 ? 1 : 0);
    }
    for (let i = 0; i <= n; i++) {
      const grad = g[i]! / flat.length + (i < n ? l2 * w[i]! : 0);
      m[i] = 0.9 * m[i]! + 0.1 * grad;
      v[i] = 0.999 * v[i]! + 0.001 * grad * grad;
      const mh = m[i]! / (1 - 0.9 ** epoch);
      const vh = v[i]! / (1 - 0.999 ** epoch);
      w[i] -= (rate * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return { weights: [...w.slice(0, n)].map((x) => Math.round(x * 1e4) / 1e4), none: Math.round(w[n]! * 1e4) / 1e4 };
}

/** A case's scores at fixed weights (computed once: calibration and the thresholds only rescale them). */
interface Scored {
  c: Case;
  scores: number[];
}

function scored(cases: Case[], weights: number[]): Scored[] {
  return cases.map((c) => ({ c, scores: c.vectors.map((x) => dot(weights, x)) }));
}

/** The probabilities of a case's candidates and of none, at a temperature, best first. */
function probabilities(s: Scored, none: number, T: number): { ranked: Ranked[]; none: number } {
  const z = s.scores.map((x) => x / T);
  const max = Math.max(none / T, ...z);
  let sum = Math.exp(none / T - max);
  for (const x of z) sum += Math.exp(x - max);
  const ranked = s.c.facts.map((fact, j) => ({ fact, score: s.scores[j]!, p: Math.exp(z[j]! - max) / sum, features: s.c.vectors[j]! }));
  ranked.sort((a, b) => b.score - a.score);
  return { ranked, none: Math.exp(none / T - max) / sum };
}

/** The temperature that makes the calibration split's probabilities honest (least negative log-likelihood). */
export function calibrate(cases: Case[], weights: number[], none: number): number {
  const ss = scored(cases, weights);
  let best = { T: 1, nll: Infinity };
  for (let T = 0.3; T <= 4; T += 0.05) {
    let nll = 0;
    for (const s of ss) {
      const z = s.scores.map((x) => x / T);
      const max = Math.max(none / T, ...z);
      let sum = Math.exp(none / T - max);
      for (const x of z) sum += Math.exp(x - max);
      const top = s.c.gold >= 0 ? z[s.c.gold]! : s.c.example.target ? -Infinity : none / T;
      nll -= Math.max(top - max - Math.log(sum), Math.log(1e-9));
    }
    if (nll < best.nll) best = { T, nll };
  }
  return Math.round(best.T * 100) / 100;
}

export interface Outcome {
  questions: number;
  answered: number;
  right: number;
  wrong: number;
  asked: number;
  refused: number;
  /** negatives: questions no fact answers */
  negatives: number;
  negativesStated: number;
}

/** What decide() does on a set of cases at given thresholds. */
export function evaluate(cases: Case[], weights: number[], none: number, T: number, t: Thresholds): Outcome {
  return tally(scored(cases, weights).map((s) => ({ s, d: decide(probabilities(s, none, T), t) })));
}

function tally(ds: { s: Scored; d: ReturnType<typeof decide> }[]): Outcome {
  const o: Outcome = { questions: 0, answered: 0, right: 0, wrong: 0, asked: 0, refused: 0, negatives: 0, negativesStated: 0 };
  for (const { s, d } of ds) {
    const target = s.c.example.target;
    o.questions++;
    if (!target) o.negatives++;
    if (d.kind === 'answer') {
      o.answered++;
      if (target && d.best.fact.value === target.value) o.right++;
      else {
        o.wrong++;
        if (!target) o.negativesStated++;
      }
    } else if (d.kind === 'ask') o.asked++;
    else o.refused++;
  }
  return o;
}

/** How many refusals one wrong figure is worth, in choosing the thresholds. */
const WRONG_COST = 20;

/**
 * The thresholds of the calibration split's best utility (right answers less WRONG_COST per wrong
 * figure), asking back at most 5% — taking, of those within one wrong figure of the best, the ones that
 * answer most rightly: a generated question can be as vague as a person's (规范性文件有多少: the
 * table's count and a sentence's are both fair readings), so one wrong figure more or less is no
 * evidence, and the real question sets are the test of no wrong figure (docs/answering.md).
 */
export function chooseThresholds(cases: Case[], weights: number[], none: number, T: number): Thresholds {
  const option = 0.15;
  // what decide() looks at, per case: the best fact's probability and value, its margin, the options offered
  const sums = scored(cases, weights).map((s) => {
    const pr = probabilities(s, none, T);
    const open = decide(pr, { answer: 2, margin: 2, option, ask: 0 });
    const best = pr.ranked[0];
    const mass = new Map<number, number>();
    for (const x of pr.ranked) mass.set(x.fact.value, (mass.get(x.fact.value) ?? 0) + x.p);
    const p = best ? mass.get(best.fact.value)! : 0;
    const rival = Math.max(0, ...[...mass].filter(([v]) => v !== best?.fact.value).map(([, q]) => q));
    const target = s.c.example.target;
    return {
      p,
      margin: p - rival,
      right: Boolean(best && target && best.fact.value === target.value),
      negative: !target,
      options: open.kind === 'ask' ? open.options.reduce((a, o) => a + mass.get(o.fact.value)!, 0) : 0,
    };
  });
  // one phrasing asked of several reports (收到多少投诉件 of every agency) is one piece of evidence:
  // each case weighs 1 / the number of cases asking the same words of the same fact
  const phrasing = (c: Case) => `${c.example.pieces.filter((x) => x.role !== 'agency' && x.role !== 'year').map((x) => x.text).join('')}|${c.example.target?.key ?? ''}|${c.example.previous?.question ?? ''}`;
  const keys = cases.map(phrasing);
  const copies = new Map<string, number>();
  for (const k of keys) copies.set(k, (copies.get(k) ?? 0) + 1);
  const weight = keys.map((k) => 1 / copies.get(k)!);
  const questions = weight.reduce((a, b) => a + b, 0);
  const all: { t: Thresholds; o: Outcome }[] = [];
  // a wrong figure costs as much as WRONG_COST refusals (it is worse than no answer); asking back is
  // kept to a few questions in a hundred
  const fits = (o: Outcome) => o.asked <= o.questions * 0.05;
  const utility = (o: Outcome) => o.right - WRONG_COST * o.wrong;
  for (let answer = 0.2; answer <= 0.99; answer += 0.01)
    for (let margin = 0; margin <= 0.6; margin += 0.05)
      for (const ask of [0.5, 0.7, 0.9]) {
        const o: Outcome = { questions, answered: 0, right: 0, wrong: 0, asked: 0, refused: 0, negatives: 0, negativesStated: 0 };
        sums.forEach((x, i) => {
          const w = weight[i]!;
          if (x.negative) o.negatives += w;
          if (x.p >= answer && x.margin >= margin) {
            o.answered += w;
            if (x.right) o.right += w;
            else {
              o.wrong += w;
              if (x.negative) o.negativesStated += w;
            }
          } else if (x.options >= ask) o.asked += w;
          else o.refused += w;
        });
        all.push({ t: { answer: round(answer), margin: round(margin), option, ask }, o });
      }
  const fitting = all.some((x) => fits(x.o)) ? all.filter((x) => fits(x.o)) : all;
  const top = Math.max(...fitting.map((x) => utility(x.o)));
  // a difference of one wrong figure on the calibration split is no evidence (a few such questions are as
  // vague as a person's): of the thresholds within it of the best, those that answer the most rightly
  const near = fitting.filter((x) => utility(x.o) > top - WRONG_COST);
  near.sort((a, b) => b.o.right - a.o.right || utility(b.o) - utility(a.o));
  return near[0]!.t;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Per split, per kind: the cases of each. */
export function bySplit(cases: Case[]): Record<Split, Case[]> {
  const out: Record<Split, Case[]> = { train: [], calibration: [], validation: [] };
  for (const c of cases) out[c.example.split].push(c);
  return out;
}
