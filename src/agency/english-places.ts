// Places as an English question writes them: the pinyin of a place, in one word or several, any
// case, with or without apostrophes (Huai'an, Hong Ze, PINGTAN), stands for the place as Chinese
// writes it — a loaded agency's place as its name prints it (平潭综合实验区), any other place of the
// gazetteer by its full name (Tianjin → 天津市: a place no loaded agency is of is read as in Chinese,
// so the question is refused for it, never answered for another agency). Spellings
// are made by pinyin-pro, not listed; two places spelled alike are left out (neither is guessed),
// unless one of them is loaded.
import { splitAgency, withoutPlaceUnit } from '../answer/agencies.js';
import type { KIndex } from '../answer/knowledge-index.js';
import { gazetteer } from '../answer/places.js';
import { syllables } from '../pinyin.js';

/** Most words an English place name is written in (Wu Lu Mu Qi). */
const MOST_WORDS = 4;

/**
 * spelling → what to write for it, for places: the place (its name without its unit where several
 * places of one name share the spelling: 淮安市 and 淮安区 are both 淮安); a spelling places of
 * different names share is left out.
 */
function bySpelling(places: Iterable<string>, write: (place: string, core: string) => string): Map<string, string> {
  const all = new Map<string, { to: Set<string>; cores: Set<string> }>();
  for (const place of places) {
    // what its English name spells: the place without its unit (淮安市 → 淮安, 平潭综合实验区 → 平潭)
    const core = withoutPlaceUnit(place);
    if (core.length < 2 || !/^[\u4e00-\u9fff]+$/.test(core)) continue;
    const key = syllables(core).join('');
    const x = all.get(key) ?? { to: new Set<string>(), cores: new Set<string>() };
    x.to.add(write(place, core));
    x.cores.add(core);
    all.set(key, x);
  }
  const m = new Map<string, string>();
  for (const [key, { to, cores }] of all) if (cores.size === 1) m.set(key, to.size === 1 ? [...to][0]! : [...cores][0]!);
  return m;
}

let national: Map<string, string> | null = null;
/** The gazetteer's places by spelling, each to its full name (天津 and 天津市 are one place). */
function nationalPlaces(): Map<string, string> {
  national ??= bySpelling(new Set([...gazetteer().values()].map((p) => p.name)), (place) => place);
  return national;
}

const cache = new WeakMap<KIndex, Map<string, string>>();
/** spelling (letters only, lower case) → the place: the loaded agencies' places, then the gazetteer's. */
function placesBySpelling(ix?: KIndex): Map<string, string> {
  if (!ix) return nationalPlaces();
  let m = cache.get(ix);
  if (m) return m;
  const loaded = bySpelling([...ix.agencies.keys()].flatMap((name) => splitAgency(name).places), (place) => place);
  m = new Map([...nationalPlaces(), ...loaded]);
  cache.set(ix, m);
  return m;
}

/** The question with the places it spells written in Chinese (the longest spelling first; without the knowledge, the gazetteer's alone). */
export function placesInEnglish(text: string, ix?: KIndex): string {
  const places = placesBySpelling(ix);
  if (!places.size) return text;
  const words = [...text.matchAll(/[A-Za-z]+(?:['’][A-Za-z]+)?/g)];
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < words.length; i++) {
    for (let n = Math.min(MOST_WORDS, words.length - i); n >= 1; n--) {
      const span = words.slice(i, i + n);
      // the words of one name stand apart only by spaces or a hyphen
      if (span.some((w, j) => j > 0 && !/^[\s-]*$/.test(text.slice(span[j - 1]!.index! + span[j - 1]![0].length, w.index)))) continue;
      const key = span.map((w) => w[0]).join('').toLowerCase().replace(/['’]/g, '');
      const place = places.get(key);
      if (!place) continue;
      out.push(text.slice(from, span[0]!.index), place);
      from = span[n - 1]!.index! + span[n - 1]![0].length;
      i += n - 1;
      break;
    }
  }
  out.push(text.slice(from));
  return out.join('');
}
