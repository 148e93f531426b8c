// A real Chat (createChat over the knowledge) that counts the questions it is asked and can be
// made slow, to see retries answered once and the callbacks' late-answer path.
import { createChat, type Chat } from '../../src/conversation/chat.js';
import type { Knowledge } from '../../src/knowledge.js';

export interface CountingChat extends Chat {
  asked: { conversation: string; question: string }[];
  /** each answer waits this long first (ms) */
  delayMs: number;
}

export function countingChat(knowledge: Knowledge, inner: Chat = createChat({ knowledge })): CountingChat {
  const c: CountingChat = {
    knowledge,
    asked: [],
    delayMs: 0,
    async ask(conversation, question) {
      c.asked.push({ conversation, question });
      if (c.delayMs) await new Promise((r) => setTimeout(r, c.delayMs));
      return inner.ask(conversation, question);
    },
    turn: (state, question) => inner.turn(state, question),
    last: (id) => inner.last(id),
    reset: (id) => inner.reset(id),
  };
  return c;
}
