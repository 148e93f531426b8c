// Characters that look alike (形近字: 天/夭, 己/已, 未/末): domain/lookalikes.json, groups of
// characters any two of which a reader or an OCR engine may take for each other. A name one
// look-alike character away from another may be that other name misprinted or mistyped.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FILE = fileURLToPath(new URL('../../domain/lookalikes.json', import.meta.url));

let partners: Map<string, Set<string>> | null = null;

function load(): Map<string, Set<string>> {
  const data = JSON.parse(readFileSync(FILE, 'utf8')) as { groups?: unknown };
  if (!Array.isArray(data.groups)) throw new Error(`${FILE}: "groups" must be a list of strings of characters`);
  const m = new Map<string, Set<string>>();
  data.groups.forEach((g, i) => {
    if (typeof g !== 'string' || [...g].length < 2) throw new Error(`${FILE}: groups[${i}] must be a string of two or more characters`);
    for (const a of g) for (const b of g) if (a !== b) (m.get(a) ?? m.set(a, new Set()).get(a)!).add(b);
  });
  return m;
}

/** The characters that look like c (none: an empty set). */
export function lookalikesOf(c: string): ReadonlySet<string> {
  partners ??= load();
  return partners.get(c) ?? EMPTY;
}
const EMPTY: ReadonlySet<string> = new Set();

/** Do two characters look alike (by the table)? */
export function looksLike(a: string, b: string): boolean {
  return a !== b && lookalikesOf(a).has(b);
}

/**
 * Where two names of one length differ in exactly one character, and those two look alike: its
 * index; else -1 (equal names, two differences, or a difference that does not look alike).
 */
export function lookalikeAt(a: string, b: string): number {
  if (a.length !== b.length || a === b) return -1;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (at >= 0) return -1;
    at = i;
  }
  return looksLike(a[at]!, b[at]!) ? at : -1;
}
