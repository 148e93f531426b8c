// Tests read replies as a user does: answer() then render(), with the rendered text beside the Reply.
import { answer, type AnswerContext } from '../../src/answer/index.js';
import { render } from '../../src/render/render.js';
import type { Reply } from '../../src/reply/types.js';

export type Said = Reply & { text: string };

export function say(question: string, context: AnswerContext = {}): Said {
  const r = answer(question, context);
  return { ...r, text: render(r).text };
}

/** The previous turn for a follow-up, as the conversation module keeps it. */
export function turn(question: string, reply: Reply) {
  return { question, query: reply.query, reply };
}
