// The answer stage's context: the knowledge and the conversation's previous turn.
import type { Knowledge } from '../knowledge.js';
import type { QueryState, Reply } from '../reply/types.js';
export type { Reply, Figure, Citation, Note, Choice, QueryState } from '../reply/types.js';

/** The previous turn of a conversation, for follow-ups such as '那2021年呢'. */
export interface Previous {
  question: string;
  query?: QueryState;
  reply: Reply;
}

export interface AnswerContext {
  /** the knowledge to answer from; default: the bundled knowledge (see knowledge.ts) */
  knowledge?: Knowledge;
  previous?: Previous;
  /**
   * the conversation's last turn when it was refused (after `previous`): a turn that only names
   * another agency or year (那天津市工信局呢) asks that question again; nothing else is taken from it
   */
  refused?: Previous;
}
