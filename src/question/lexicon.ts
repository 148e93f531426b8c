// The words a question may name the template's rows, columns and measures by: the vocabulary
// (domain/vocabulary.json) and the paraphrase families (domain/paraphrases.json), each word with
// every meaning it is given (the strongest weight where two entries give the same meaning).
import type { Slot } from '../answer/dictionary.js';
import { DOMAIN } from '../domain/load.js';

const slotId = (s: Slot) => JSON.stringify({ ...s, weight: undefined });

function build(): Map<string, Slot[]> {
  const out = new Map<string, Slot[]>();
  const add = (word: string, slot: Slot) => {
    const list = out.get(word) ?? [];
    const same = list.findIndex((x) => slotId(x) === slotId(slot));
    if (same < 0) list.push(slot);
    else if ('weight' in slot && 'weight' in list[same]! && slot.weight > (list[same] as { weight: number }).weight) list[same] = slot;
    out.set(word, list);
  };
  // a counter asked (多少项, 几件) names no column: the reading takes it as the counter asked
  const counter = (w: string) => /^(多少|几)/.test(w);
  for (const section of DOMAIN.vocabulary) for (const e of section.entries) for (const w of e.words) if (!counter(w)) for (const s of e.slots) add(w, s);
  for (const f of DOMAIN.paraphrases) for (const w of [...f.v, ...f.n]) add(w.replace(/的$/, ''), f.slot);
  // 的 inside a phrase is optional (法人或其他组织中的其他, 法人或其他组织中其他): each word is met without it too
  for (const [w, slots] of [...out]) {
    const bare = w.replace(/的/g, '');
    if (bare !== w && bare.length >= 3) for (const s of slots) add(bare, s);
  }
  return out;
}

/** word → its meanings */
export const LEXICON: Map<string, Slot[]> = build();
export const MAX_WORD = Math.max(...[...LEXICON.keys()].map((k) => k.length));
