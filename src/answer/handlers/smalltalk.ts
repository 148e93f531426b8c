// Thanks, greetings, who the bot is, abuse and suspicion: a short polite reply that says what can be
// asked (words and replies in domain/question-kinds.json). Never a figure.
import type { Handler } from '../ask.js';
import type { Query } from '../understand.js';
import { wordsOnly } from '../../reply/types.js';
import { SMALLTALK } from '../question-kinds.js';



function which(text: string): string | null {
  for (const { re, reply } of SMALLTALK) if (re.test(text)) return reply;
  return null;
}

/** Is the question small talk (thanks, greetings, who the bot is), asking nothing of a report? */
export function isSmallTalk(q: Query): boolean {
  if (q.row3 || q.row2 || q.group4 || q.col3 || q.col4 || q.measure2 || q.intents.has('quantity') || q.intents.has('list')) return false;
  return which(q.text) !== null;
}

export const smalltalk: Handler = {
  name: 'smalltalk',
  match: (a) => (isSmallTalk(a.q) ? 0.97 : 0),
  answer: (a) => wordsOnly('smalltalk', [which(a.q.text)!], [{ code: 'kinds' }]),
};
