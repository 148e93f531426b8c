// Words that name the same thing in these reports (domain/equivalents.json), loaded and checked once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FILE = fileURLToPath(new URL('../../domain/equivalents.json', import.meta.url));

function load(): Map<string, string[]> {
  const data = JSON.parse(readFileSync(FILE, 'utf8')) as { groups?: unknown };
  if (!Array.isArray(data.groups)) throw new Error(`${FILE}: "groups" must be a list of word lists`);
  const out = new Map<string, string[]>();
  data.groups.forEach((g, i) => {
    if (!Array.isArray(g) || g.length < 2 || !g.every((w) => typeof w === 'string' && w.length >= 2))
      throw new Error(`${FILE}: groups[${i}] must list at least two words of two or more characters`);
    for (const w of g as string[]) out.set(w, [...new Set([...(out.get(w) ?? []), ...(g as string[]).filter((x) => x !== w)])]);
  });
  return out;
}

const EQUIV = load();

/** The other words of the word's groups. */
export function equivalentsOf(word: string): string[] {
  return EQUIV.get(word) ?? [];
}

/** Does the text hold the word, or a word of its group? */
export function holds(text: string, word: string): boolean {
  if (text.includes(word)) return true;
  return equivalentsOf(word).some((w) => text.includes(w));
}

/** Every word of a group, longest first. */
export function equivalentHeads(): string[] {
  return [...EQUIV.keys()].sort((a, b) => b.length - a.length);
}
