// One decision for every question with readings to choose among (the facts a figure question may
// ask for, the agencies a name may stand for): answer when the best reading is probable enough and
// clear of the best reading of another value; ask back when a few readings share most of the
// probability; else refuse, with the nearest reading as evidence. The thresholds are chosen by
// training (domain/ranker.json for facts, domain/agency-scores.json for agencies) so that no
// held-out question is answered wrongly.
import type { Ranked, Ranking, Thresholds } from './model.js';

export type Decision =
  | { kind: 'answer'; best: Ranked; confidence: number; margin: number }
  | { kind: 'ask'; options: Ranked[] }
  | { kind: 'refuse'; nearest: Ranked | null };

/** A reading with its probability and the value it stands for (readings of one value are one answer). */
export interface Reading<T> {
  item: T;
  p: number;
  value: string | number;
}

export type Choice<T> =
  | { kind: 'answer'; best: T; confidence: number; margin: number }
  | { kind: 'ask'; options: T[] }
  | { kind: 'refuse'; nearest: T | null };

/**
 * The decision over readings, best first. The confidence of an answer is the probability of its
 * value (every reading of it together: a cell and the sentence that repeats it are one figure); its
 * margin is that less the probability of the best other value.
 */
export function choose<T>(readings: Reading<T>[], t: Thresholds): Choice<T> {
  const best = readings[0];
  if (!best) return { kind: 'refuse', nearest: null };
  const mass = new Map<string | number, number>();
  for (const x of readings) mass.set(x.value, (mass.get(x.value) ?? 0) + x.p);
  const confidence = mass.get(best.value)!;
  let rival = 0;
  for (const [v, p] of mass) if (v !== best.value) rival = Math.max(rival, p);
  const margin = confidence - rival;
  if (confidence >= t.answer && margin >= t.margin) return { kind: 'answer', best: best.item, confidence, margin };
  // the readings worth offering: the best of each value, while each is probable enough
  const options: Reading<T>[] = [];
  for (const x of readings) {
    if (x.p < t.option || options.length === 3) break;
    if (options.some((o) => o.value === x.value)) continue;
    options.push(x);
  }
  const offered = options.reduce((s, o) => s + mass.get(o.value)!, 0);
  if (options.length >= 2 && offered >= t.ask) return { kind: 'ask', options: options.map((o) => o.item) };
  return { kind: 'refuse', nearest: best.item };
}

/** The decision over a figure question's ranked facts (a fact's value is its figure). */
export function decide(r: Ranking, t: Thresholds): Decision {
  return choose(r.ranked.map((x) => ({ item: x, p: x.p, value: x.fact.value })), t);
}
