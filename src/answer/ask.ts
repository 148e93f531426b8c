// What every question handler is given: the understood question, the reports it may be about
// (newest first), what kind of answer it wants, its content and the numbers it quotes.
import type { Knowledge } from '../knowledge.js';
import type { Report } from '../model.js';
import type { Reply } from '../reply/types.js';
import { askType, contentGrams, quotedPhrases, uncoveredByTerms, type AskType } from './content.js';
import type { KIndex } from './knowledge-index.js';
import type { Query } from './understand.js';
import type { Previous } from './types.js';
import { bigrams } from './evidence.js';
import { namesAnotherOnly } from './followup.js';

export interface Ask {
  q: Query;
  ix: KIndex;
  k: Knowledge;
  type: AskType;
  /** the reports the question may be about, newest first (the agency's, or all; of the year asked) */
  reports: Report[];
  /** the question names an agency (or the conversation holds one) */
  agencyNamed: boolean;
  /** content bigrams (what evidence must cover) */
  content: string[];
  /** in a follow-up, the previous question's content bigrams (they weigh for evidence, never decide it) */
  topic: string[];
  /** content a table cell's labels would not account for */
  uncovered: string[];
  /** phrases the question puts in quotes: evidence must hold them */
  phrases: string[];
  previous?: Previous;
  /** the question as asked (with the clauses that state figures, and the story around it) */
  raw: string;
}

/** A kind of question: how well it matches (0 = not at all), and its reply (null = cannot answer after all). */
export interface Handler {
  name: string;
  match(a: Ask): number;
  answer(a: Ask): Reply | null;
}

export function makeAsk(q: Query, ix: KIndex, k: Knowledge, reports: Report[], agencyNamed: boolean, previous?: Previous, raw = ''): Ask {
  const phrases = quotedPhrases(raw).filter((p) => !q.agencies.some((x) => p.includes(x.word)));
  const own = [...new Set([...contentGrams(q), ...phrases.flatMap((p) => [...bigrams(p)])])];
  const topic = q.context ? contentGrams(q.context).filter((g) => !own.includes(g)) : [];
  // a follow-up with no words of its own ('那2023年呢') is about the previous question's topic
  const content = own.length ? own : topic;
  // 'X呢' in a follow-up asks what the previous question asked (a figure, a list); '怎么…呢' asks its own
  let type = askType(q);
  if (q.context && type === 'passage' && namesAnotherOnly(q.text)) type = askType(q.context);
  return { q, ix, k, type, reports, agencyNamed, content, topic: own.length ? topic : [], uncovered: uncoveredByTerms(q), phrases, previous, raw };
}

/** Adds the 'others' note: the knowledge holds other reports the question may be about. */
export function withOthers(a: Reply, chosen: Report, candidates: Report[]): Reply {
  const rest = candidates.filter((r) => r !== chosen);
  if (!rest.length) return a;
  const others = rest.slice(0, 5).map((r) => `${r.agency}${r.year}年`);
  return { ...a, notes: [...a.notes, { code: 'others', p: { chosen: `${chosen.agency}${chosen.year}年`, others, more: rest.length > 5 ? rest.length : 0 } }] };
}
