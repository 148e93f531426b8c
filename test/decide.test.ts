// decide() at its margins: answer when the figure is probable enough and clear of every other figure,
// ask back between the few readings that share the probability, refuse otherwise — with facts made
// by hand, so that each boundary is met exactly.
import { describe, expect, it } from 'vitest';
import { decide } from '../src/rank/decide.js';
import type { Ranked, Thresholds } from '../src/rank/model.js';
import type { Fact } from '../src/facts/types.js';

const fact = (id: string, value: number): Fact =>
  ({ id, key: id, source: 'narrative', value, unit: '件', unitClass: 'count', kin: 'piece', measure: 'level', approximate: false, raw: String(value), phrase: id, lead: '', context: '', siblings: [], section: '', report: {} as never, cells: [], citation: { report: '', section: '', quote: id } }) as Fact;

const ranked = (...xs: [string, number, number][]): { ranked: Ranked[]; none: number } => {
  const r = xs.map(([id, value, p]) => ({ fact: fact(id, value), score: Math.log(p), p, features: new Float64Array(0) }));
  return { ranked: r, none: Math.max(0, 1 - r.reduce((s, x) => s + x.p, 0)) };
};

const T: Thresholds = { answer: 0.8, margin: 0.3, option: 0.15, ask: 0.6 };

describe('decide()', () => {
  it('answers when the best figure reaches the threshold and its margin', () => {
    const d = decide(ranked(['a', 23, 0.8], ['b', 5, 0.1]), T);
    expect(d.kind).toBe('answer');
    expect(d.kind === 'answer' && d.best.fact.id).toBe('a');
    expect(d.kind === 'answer' && d.confidence).toBeCloseTo(0.8);
  });

  it('does not answer just below the threshold', () => {
    expect(decide(ranked(['a', 23, 0.79], ['b', 5, 0.02]), T).kind).not.toBe('answer');
  });

  it('does not answer when another figure is within the margin', () => {
    const t = { ...T, answer: 0.5 };
    expect(decide(ranked(['a', 23, 0.6], ['b', 5, 0.31]), t).kind).not.toBe('answer');
    expect(decide(ranked(['a', 23, 0.6], ['b', 5, 0.29]), t).kind).toBe('answer');
  });

  it('counts facts of the same value as one figure (a cell and the sentence that repeats it)', () => {
    const d = decide(ranked(['cell', 23, 0.5], ['sentence', 23, 0.35], ['other', 7, 0.05]), T);
    expect(d.kind).toBe('answer');
    expect(d.kind === 'answer' && d.confidence).toBeCloseTo(0.85);
  });

  it('asks back between two readings that share the probability, each offered once', () => {
    const d = decide(ranked(['a', 3, 0.45], ['b', 4, 0.4], ['a2', 3, 0.05], ['c', 9, 0.05]), T);
    expect(d.kind).toBe('ask');
    expect(d.kind === 'ask' && d.options.map((o) => o.fact.id)).toEqual(['a', 'b']);
  });

  it('refuses when nothing is probable, naming the nearest fact', () => {
    const d = decide(ranked(['a', 3, 0.2], ['b', 4, 0.1]), T);
    expect(d.kind).toBe('refuse');
    expect(d.kind === 'refuse' && d.nearest?.fact.id).toBe('a');
  });

  it('refuses when no fact is a candidate', () => {
    expect(decide({ ranked: [], none: 1 }, T)).toEqual({ kind: 'refuse', nearest: null });
  });
});
