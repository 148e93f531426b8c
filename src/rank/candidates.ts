// The facts worth scoring for a question: those sharing a word (a bigram of their phrase, lead or
// context) or a slot (a row or column the question's vocabulary names) with it. A fact sharing
// nothing is no candidate (rank() would drop it anyway); the index makes finding them cheap.
import type { Fact } from '../facts/types.js';
import type { Reading } from '../question/read.js';
import { gramsOf, slotKeys } from './features.js';

interface Index {
  byGram: Map<string, Fact[]>;
  bySlot: Map<string, Fact[]>;
}

const cache = new WeakMap<Fact[], Index>();

function indexOf(facts: Fact[]): Index {
  let ix = cache.get(facts);
  if (ix) return ix;
  ix = { byGram: new Map(), bySlot: new Map() };
  const add = (m: Map<string, Fact[]>, k: string, f: Fact) => {
    const list = m.get(k);
    if (list) {
      if (list[list.length - 1] !== f) list.push(f);
    } else m.set(k, [f]);
  };
  for (const f of facts) {
    const g = gramsOf(f);
    for (const set of [g.own, g.lead, g.context]) for (const x of set) add(ix.byGram, x, f);
    if (f.slots) {
      const { table, row, group, column } = f.slots;
      add(ix.bySlot, `${table}:row:${row}`, f);
      if (group) add(ix.bySlot, `${table}:group:${group}`, f);
      add(ix.bySlot, `${table}:col:${column}`, f);
    }
  }
  cache.set(facts, ix);
  return ix;
}

/**
 * The facts that share a word or a slot with the question, from lists of facts (one list a report's,
 * as factsOf() keeps it: each list is indexed once), in their order.
 */
export function candidates(lists: Fact[][], reading: Reading): Fact[] {
  const out: Fact[] = [];
  for (const facts of lists) {
    const ix = indexOf(facts);
    const hit = new Set<Fact>();
    for (const x of reading.grams) for (const f of ix.byGram.get(x.g) ?? []) hit.add(f);
    for (const m of reading.mentions) for (const s of m.slots) for (const k of slotKeys(s)) for (const f of ix.bySlot.get(k) ?? []) hit.add(f);
    for (const f of facts) if (hit.has(f)) out.push(f);
  }
  return out;
}
