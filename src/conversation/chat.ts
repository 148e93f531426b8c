// One conversation module for every channel: a conversation's state (its last question, what was
// understood and the reply) kept behind a StateStore, keyed by the channel's conversation id, with
// a 30-minute idle expiry. Channels call chat.ask(id, text) and format the Rendered it returns.
import { answerFrom, type Previous } from '../answer/index.js';
import type { Knowledge } from '../knowledge.js';
import type { Reply } from '../reply/types.js';
import { render, type Rendered } from '../render/render.js';
import { MemoryStore, type StateStore } from './store.js';

export interface ConversationState {
  previous?: Previous;
  /** epoch ms of the last turn */
  updated: number;
}

export interface ChatOptions {
  knowledge: Knowledge;
  /** where conversations are kept; default: in memory */
  store?: StateStore<ConversationState>;
  /** a conversation idle this long starts afresh; default 30 minutes */
  idleMs?: number;
  now?: () => number;
}

export interface Turn {
  reply: Reply;
  rendered: Rendered;
  /** the question answered: a picked choice ('2') is replaced by the question it stands for */
  question: string;
}

export const IDLE_MS = 30 * 60 * 1000;

export interface Chat {
  readonly knowledge: Knowledge;
  ask(conversation: string, question: string): Promise<Turn>;
  /**
   * One turn on a state the channel keeps itself (grammY's session, for one): the reply and the
   * conversation's next state. ask() is this with the chat's own store.
   */
  turn(state: ConversationState | undefined, question: string): Promise<{ turn: Turn; state: ConversationState }>;
  /** the conversation's last turn (for /source), if it has not expired */
  last(conversation: string): Promise<Previous | undefined>;
  /** forget a conversation */
  reset(conversation: string): Promise<void>;
}

/** A reply kept in the state without its image (state stays small and JSON). */
function storable(r: Reply): Reply {
  const { image, chart, ...rest } = r;
  void image;
  void chart;
  return rest;
}

export function createChat(opts: ChatOptions): Chat {
  const store = opts.store ?? new MemoryStore<ConversationState>();
  const idle = opts.idleMs ?? IDLE_MS;
  const now = opts.now ?? Date.now;
  return {
    knowledge: opts.knowledge,
    async turn(state, question) {
      const t = now();
      const live = state && t - state.updated <= idle ? state : undefined;
      let asked = question;
      // a reply '2' picks the second of the choices offered
      const pick = /^\s*(\d{1,2})\s*$/.exec(question);
      const choices = live?.previous?.reply.choices;
      if (pick && choices?.length) {
        const c = choices[Number(pick[1]) - 1];
        if (c) asked = c.question;
      }
      const reply = await withImage(await answerFrom(asked, { knowledge: opts.knowledge, previous: live?.previous }));
      // a turn that answered nothing (refused) changes nothing the conversation leans on: a follow-up
      // goes on from the last turn that answered
      const next: ConversationState =
        reply.kind === 'refusal' && live?.previous
          ? { previous: live.previous, updated: t }
          : { previous: { question: asked, query: reply.query ?? live?.previous?.query, reply: storable(reply) }, updated: t };
      return { turn: { reply, rendered: render(reply), question: asked }, state: next };
    },
    async ask(conversation, question) {
      let state: ConversationState | undefined;
      try {
        state = await store.read(conversation);
      } catch {
        state = undefined;
      }
      const { turn, state: next } = await this.turn(state, question);
      try {
        await store.write(conversation, next);
      } catch {
        // a store that cannot be written loses the follow-up, never the answer
      }
      return turn;
    },
    async last(conversation) {
      const state = await Promise.resolve(store.read(conversation)).catch(() => undefined);
      return state && now() - state.updated <= idle ? state.previous : undefined;
    },
    async reset(conversation) {
      await store.delete(conversation);
    },
  };
}

/** A chart reply gets its PNG drawn here (the drawing libraries are loaded the first time only). */
async function withImage(reply: Reply): Promise<Reply> {
  if (!reply.chart || reply.image) return reply;
  try {
    const { renderChart } = await import('../chart/index.js');
    const c = renderChart(reply.chart);
    return { ...reply, image: { png: c.png, alt: c.alt } };
  } catch {
    return reply; // the text alternative is in the reply's lines
  }
}
