// One decision for every figure question: answer when the best fact is probable enough and clear of
// the best fact of another value; ask back when a few readings share most of the probability; else
// refuse, with the nearest fact as evidence. The thresholds are chosen by training (domain/ranker.json)
// so that no held-out question states a wrong figure.
import type { Ranked, Ranking, Thresholds } from './model.js';

export type Decision =
  | { kind: 'answer'; best: Ranked; confidence: number; margin: number }
  | { kind: 'ask'; options: Ranked[] }
  | { kind: 'refuse'; nearest: Ranked | null };

/**
 * The confidence of an answer is the probability that the figure it states is right: the best fact's
 * with every fact of the same value (a cell and the sentence that repeats it are one figure); its
 * margin is that less the probability of the best other figure.
 */
export function decide(r: Ranking, t: Thresholds): Decision {
  const best = r.ranked[0];
  if (!best) return { kind: 'refuse', nearest: null };
  const mass = new Map<number, number>();
  for (const x of r.ranked) mass.set(x.fact.value, (mass.get(x.fact.value) ?? 0) + x.p);
  const confidence = mass.get(best.fact.value)!;
  let rival = 0;
  for (const [v, p] of mass) if (v !== best.fact.value) rival = Math.max(rival, p);
  const margin = confidence - rival;
  if (confidence >= t.answer && margin >= t.margin) return { kind: 'answer', best, confidence, margin };
  // the readings worth offering: the best fact of each value, while each is probable enough
  const options: Ranked[] = [];
  for (const x of r.ranked) {
    if (x.p < t.option || options.length === 3) break;
    if (options.some((o) => o.fact.value === x.fact.value)) continue;
    options.push(x);
  }
  const offered = options.reduce((s, o) => s + mass.get(o.fact.value)!, 0);
  if (options.length >= 2 && offered >= t.ask) return { kind: 'ask', options };
  return { kind: 'refuse', nearest: best };
}
