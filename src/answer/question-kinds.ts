// The words that tell which kind of question is asked (domain/question-kinds.json), as patterns,
// loaded and checked once: a list is the alternation of its entries (words, or regular-expression
// patterns); a malformed entry stops the start naming the list and the entry.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FILE = fileURLToPath(new URL('../../domain/question-kinds.json', import.meta.url));
const LISTS = ['plans', 'problems', 'onlyAboutSectionFive', 'chart', 'overYears', 'changes', 'sum', 'share', 'rank', 'fewest', 'details', 'negation'] as const;
type ListName = (typeof LISTS)[number];

function pattern(name: string, entries: unknown, flags = 'i'): RegExp {
  if (!Array.isArray(entries) || !entries.length) throw new Error(`${FILE}: "${name}" must be a non-empty list of words or patterns`);
  entries.forEach((e, i) => {
    if (typeof e !== 'string' || !e) throw new Error(`${FILE}: ${name}[${i}] must be a non-empty string`);
    try {
      new RegExp(e);
    } catch {
      throw new Error(`${FILE}: ${name}[${i}] is not a valid pattern: ${e}`);
    }
  });
  return new RegExp((entries as string[]).join('|'), flags);
}

function load() {
  const d = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
  const words = Object.fromEntries(LISTS.map((n) => [n, pattern(n, d[n])])) as Record<ListName, RegExp>;
  if (!Array.isArray(d.smalltalk)) throw new Error(`${FILE}: "smalltalk" must be a list of {words, reply}`);
  const smalltalk = (d.smalltalk as { words?: unknown; reply?: unknown }[]).map((s, i) => {
    if (typeof s?.reply !== 'string' || !s.reply) throw new Error(`${FILE}: smalltalk[${i}].reply must be a non-empty string`);
    return { re: pattern(`smalltalk[${i}].words`, s.words), reply: s.reply };
  });
  return { words, smalltalk };
}

const K = load();

/** The pattern of a kind's words. */
export const WORDS: Record<ListName, RegExp> = K.words;
/** Small talk: its words and the reply. */
export const SMALLTALK: { re: RegExp; reply: string }[] = K.smalltalk;

/** The words of 'onlyAboutSectionFive' as a pattern of whole runs of them. */
export const ONLY_ABOUT_FIVE = new RegExp(`^(?:${WORDS.onlyAboutSectionFive.source})+$`);
