// Agencies as an English question names them: a loaded agency's body (公安局, 财政金融局, 交通与建设局)
// in English, made by rule from the English of its words and of its organ (domain/glossary-en.json
// "bodyWords") — Public Security Bureau, Bureau of Public Security, Transport and Construction Bureau,
// Finance Bureau for 财政金融局 — and written back in Chinese before the question is read, so the
// Chinese names and their short forms resolve it as they resolve a Chinese question. A name two
// loaded bodies share in English is left out (neither is guessed); the place is written in Chinese by
// english-places.ts.
import { splitAgency } from '../answer/agencies.js';
import { bodyWords } from '../answer/english.js';
import type { KIndex } from '../answer/knowledge-index.js';

/** Most English names made for one body (its words' renderings multiply). */
const MOST_NAMES = 64;

/** A stem cut into the glossary's words, the longest first at each point; null where a part has none. */
function wordsOf(stem: string, words: Map<string, string[]>): string[] | null {
  const out: string[] = [];
  for (let i = 0; i < stem.length; ) {
    let n = Math.min(8, stem.length - i);
    while (n > 0 && !words.has(stem.slice(i, i + n))) n--;
    if (!n) return null;
    out.push(stem.slice(i, i + n));
    i += n;
  }
  return out;
}

/** Every way of joining one rendering of each of the lists, up to a number. */
function combine(lists: string[][], join: string, most: number): string[] {
  let out = [''];
  for (const l of lists) {
    out = out.flatMap((a) => l.map((b) => (a ? `${a}${join}${b}` : b))).slice(0, most);
  }
  return out;
}

/** The English names of a body, lower case: its words then its organ, and the organ "of" its words. */
export function englishNamesOf(body: string): string[] {
  const { words, organs } = bodyWords();
  const organ = organs.find(([zh]) => body.endsWith(zh) && body.length > zh.length);
  if (!organ) return [];
  const stem = body.slice(0, body.length - organ[0].length);
  // coordinated parts (交通与建设) in English joined by "and"; a part's words one after another
  const parts = stem.split(/[和与及]/).filter(Boolean);
  const cut = parts.map((p) => wordsOf(p, words));
  if (cut.some((c) => !c)) return [];
  const partNames = cut.map((c) => combine(c!.map((w) => words.get(w)!), ' ', MOST_NAMES));
  const stems = new Set(combine(partNames, ' and ', MOST_NAMES));
  // two words rendered alike are said once (财政金融: finance, not finance finance)
  for (const s of [...stems]) stems.add(s.replace(/\b(\w+) \1\b/g, '$1'));
  const out = new Set<string>();
  for (const s of stems) for (const o of organ[1]) out.add(`${s} ${o}`.toLowerCase()).add(`${o} of ${s}`.toLowerCase());
  return [...out];
}

const cache = new WeakMap<KIndex, [RegExp, string][]>();
/** The loaded bodies' English names, longest first, each to its body in Chinese; names two bodies share are left out. */
function namesOf(ix: KIndex): [RegExp, string][] {
  let m = cache.get(ix);
  if (m) return m;
  const to = new Map<string, Set<string>>();
  const bodies = new Set<string>();
  for (const name of ix.agencies.keys()) bodies.add(splitAgency(name).body);
  for (const body of bodies) if (body) for (const en of englishNamesOf(body)) to.set(en, (to.get(en) ?? new Set()).add(body));
  m = [...to]
    .filter(([, bodies]) => bodies.size === 1)
    .sort((a, b) => b[0].length - a[0].length)
    .map(([en, bodies]): [RegExp, string] => [new RegExp(`\\b(?:the\\s+)?${en.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+').replace(/'/g, "['’]?")}\\b`, 'gi'), [...bodies][0]!]);
  cache.set(ix, m);
  return m;
}

/** The question with the loaded bodies it names in English written in Chinese. */
export function bodiesInEnglish(text: string, ix: KIndex): string {
  // every name ends in an organ word or has one before "of"
  const { organs } = bodyWords();
  const lower = text.toLowerCase();
  if (!organs.some(([, en]) => en.some((o) => lower.includes(o)))) return text;
  let t = text;
  const bodies: string[] = [];
  for (const [re, body] of namesOf(ix))
    if (re.test(t)) {
      t = t.replace(re, body);
      bodies.push(body);
    }
  // English puts the place after the body (the Bureau of Finance of Pingtan): Chinese before it
  for (const body of bodies) t = t.replace(new RegExp(`${body}\\s*,?\\s+(?:of|in)\\s+(?:the\\s+)?([\\u4e00-\\u9fff]+)`, 'g'), `$1${body}`);
  return t;
}
