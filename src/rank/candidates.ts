// The facts worth scoring for a question: those sharing a word (a bigram of their phrase, lead or
// context) or a slot (a row or column the question's vocabulary names) with it. A fact sharing
// nothing is no candidate (rank() would drop it anyway); the index makes finding them cheap.
//
// The same index says, for each of the question's words, where each candidate holds it (its phrase,
// lead, context, or a sibling figure's phrase): one pass over the index instead of a lookup per word
// per fact, so scoring a report's few hundred facts costs little more than reading their features.
import type { Fact } from '../facts/types.js';
import type { Reading } from '../question/read.js';
import { CONTEXT, gramsOf, LEAD, OWN, SIBLING, slotKeys } from './features.js';

/** A word in these places makes a fact a candidate (a sibling's word alone does not). */
const SHARED = OWN | LEAD | CONTEXT;

interface Postings {
  /** positions in the report's list of facts, ascending */
  at: number[];
  /** where the fact at the same index holds the bigram */
  bits: number[];
}

interface Index {
  byGram: Map<string, Postings>;
  bySlot: Map<string, number[]>;
}

const cache = new WeakMap<Fact[], Index>();

function indexOf(facts: Fact[]): Index {
  let ix = cache.get(facts);
  if (ix) return ix;
  ix = { byGram: new Map(), bySlot: new Map() };
  const byGram = ix.byGram;
  const post = (g: string, i: number, bit: number) => {
    const p = byGram.get(g);
    if (!p) byGram.set(g, { at: [i], bits: [bit] });
    else if (p.at[p.at.length - 1] === i) p.bits[p.bits.length - 1]! |= bit;
    else {
      p.at.push(i);
      p.bits.push(bit);
    }
  };
  const slot = (k: string, i: number) => {
    const list = ix!.bySlot.get(k);
    if (!list) ix!.bySlot.set(k, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  facts.forEach((f, i) => {
    const g = gramsOf(f);
    for (const x of g.own) post(x, i, OWN);
    for (const x of g.lead) post(x, i, LEAD);
    for (const x of g.context) post(x, i, CONTEXT);
    for (const x of g.siblings) post(x, i, SIBLING);
    if (f.slots) {
      const { table, row, group, column } = f.slots;
      slot(`${table}:row:${row}`, i);
      if (group) slot(`${table}:group:${group}`, i);
      slot(`${table}:col:${column}`, i);
    }
  });
  cache.set(facts, ix);
  return ix;
}

/** A candidate, and where it holds each of the words asked about (one byte per word, in the order given). */
export interface Candidate {
  fact: Fact;
  holds: Uint8Array;
}

/**
 * The facts that share a word or a slot with the question, from lists of facts (one list a report's,
 * as factsOf() keeps it: each list is indexed once), in their order — each with where it holds each
 * of `words` (OWN, LEAD, CONTEXT, SIBLING bits).
 */
export function candidates(lists: Fact[][], reading: Reading, words: readonly string[] = []): Candidate[] {
  const out: Candidate[] = [];
  const n = words.length;
  for (const facts of lists) {
    const ix = indexOf(facts);
    const hit = new Uint8Array(facts.length);
    for (const x of reading.grams) {
      const p = ix.byGram.get(x.g);
      if (p) for (let j = 0; j < p.at.length; j++) if (p.bits[j]! & SHARED) hit[p.at[j]!] = 1;
    }
    for (const m of reading.mentions) for (const s of m.slots) for (const k of slotKeys(s)) for (const i of ix.bySlot.get(k) ?? []) hit[i] = 1;
    const holds = new Uint8Array(facts.length * n);
    for (let d = 0; d < n; d++) {
      const p = ix.byGram.get(words[d]!);
      if (p) for (let j = 0; j < p.at.length; j++) holds[p.at[j]! * n + d] = p.bits[j]!;
    }
    for (let i = 0; i < facts.length; i++) if (hit[i]) out.push({ fact: facts[i]!, holds: holds.subarray(i * n, (i + 1) * n) });
  }
  return out;
}

/** Does a figure of these lists print the bigram in its own phrase? */
export function printedIn(lists: Fact[][], g: string): boolean {
  for (const facts of lists) {
    const p = indexOf(facts).byGram.get(g);
    if (p) for (const b of p.bits) if (b & OWN) return true;
  }
  return false;
}
