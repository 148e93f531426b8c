// Word lists from the domain data in the forms the readers and the engine use them: units per place
// they are read (domain/units.json), the verbs for documents (verbs.json), the command words
// (commands.json).
import { normalizeText, toSimplified } from '../text.js';
import type { Intent } from '../answer/dictionary.js';
import { DOMAIN, type Command, type UnitUse } from './load.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Longest first, so that an alternation takes 万元 before 元 and 个工作日 before 个. */
const longestFirst = (ws: string[]) => [...ws].sort((a, b) => b.length - a.length);

const unitLists = new Map<UnitUse, string[]>();
/** The units read in one place (cell, decoded, header, narrative, approx, asked), longest first. */
export function unitsFor(use: UnitUse): string[] {
  let list = unitLists.get(use);
  if (!list) {
    list = longestFirst(DOMAIN.units.filter((u) => u.in.includes(use)).map((u) => u.unit));
    unitLists.set(use, list);
  }
  return list;
}

/** The same units as a regular-expression alternation (万元|亿元|元|…), for building patterns. */
export function unitPattern(use: UnitUse): string {
  return unitsFor(use).map(escape).join('|');
}

/** Every verb a report uses for what was done to a document, in order of preference. */
export const DOCUMENT_VERBS: string[] = DOMAIN.verbs.map((v) => v.verb);

/** The verbs that make or change a document (a policy title with one of them is a policy made). */
export const MAKING_VERBS: Set<string> = new Set(DOMAIN.verbs.filter((v) => v.making).map((v) => v.verb));

/** The verbs a question may ask by (牵头制定了哪些政策), longest first. */
export const ASKED_VERBS: string[] = longestFirst(DOMAIN.verbs.filter((v) => v.asked).map((v) => v.verb));

const COMMAND_OF = new Map<string, Command>();
for (const [command, words] of Object.entries(DOMAIN.commands) as [Command, string[]][]) for (const w of words) COMMAND_OF.set(toSimplified(w), command);

/**
 * The command a message is, when it is only a command word (帮助, /help, 幫助, help!, ／reports),
 * else null.
 */
export function commandOf(text: string): Command | null {
  const k = toSimplified(normalizeText(text))
    .trim()
    .replace(/^\//, '')
    .replace(/[?？!！。.\s]+$/, '')
    .toLowerCase();
  return COMMAND_OF.get(k) ?? null;
}

/** The words of domain/vocabulary.json that carry an intent, in the file's order (fee → 信息处理费, 处理费). */
export function intentWords(intent: Intent): string[] {
  return DOMAIN.vocabulary.flatMap((s) => s.entries.filter((e) => e.slots.some((x) => x.kind === 'intent' && x.intent === intent)).flatMap((e) => e.words));
}
