// One conversation module for every channel: a conversation's state (its last question, what was
// understood and the reply) kept behind a StateStore, keyed by the channel's conversation id, with
// a 30-minute idle expiry. Channels call chat.ask(id, text) and format the Rendered it returns.
import { answerFrom, type Previous } from '../answer/index.js';
import { reportCount, type Knowledge } from '../knowledge.js';
import { commandOf } from '../domain/words.js';
import { isEnglish } from '../answer/english.js';
import { wordsOnly } from '../reply/types.js';
import type { Reply } from '../reply/types.js';
import { render, type Rendered } from '../render/render.js';
import { MemoryStore, type StateStore } from './store.js';

export interface ConversationState {
  /** the last turn that answered (what a follow-up leans on) */
  previous?: Previous;
  /** the last turn, when it was refused or asked back: its choices, and its question for a turn that only names another agency or year */
  pending?: Previous;
  /** the knowledge the conversation was held over (a conversation over other knowledge starts afresh) */
  knowledge?: string;
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
  /** the conversation's last turn that answered (for /source), if it has not expired */
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

/**
 * What names the knowledge a conversation is held over: the agencies and years it holds (of its
 * catalog, when answered on demand) — not where they are stored, so that instances sharing
 * conversations over the same reports in stores of their own resume each other's. A conversation
 * saved over other knowledge is not resumed.
 */
export function knowledgeKey(k: Knowledge): string {
  const names = [...new Set((k.catalog?.keys ?? k.reports).map((r) => `${r.agency}${r.year}`))].sort();
  let h = 0;
  for (const c of names.join('|')) h = (Math.imul(h, 31) + c.codePointAt(0)!) | 0;
  return `reports:${reportCount(k)}:${(h >>> 0).toString(36)}`;
}

/** The reply to 新对话 / /new: the conversation starts afresh. */
function freshStart(question: string): Reply {
  return isEnglish(question)
    ? { ...wordsOnly('smalltalk', ['A new conversation has started: the earlier questions are no longer used. Ask your question.']), lang: 'en' }
    : wordsOnly('smalltalk', ['已开始新对话：之前的问题不再作为上下文。请提问。']);
}

/** A reply that answered nothing: a refusal, or a question asked back (choices and no figure). */
const answeredNothing = (r: Reply) => r.kind === 'refusal' || (r.kind === 'choice' && (!r.citations.length || r.sourcesShown === 0));

export function createChat(opts: ChatOptions): Chat {
  const store = opts.store ?? new MemoryStore<ConversationState>();
  const idle = opts.idleMs ?? IDLE_MS;
  const now = opts.now ?? Date.now;
  const key = knowledgeKey(opts.knowledge);
  return {
    knowledge: opts.knowledge,
    async turn(state, question) {
      const t = now();
      // a conversation idle too long, or held over other knowledge, starts afresh
      const live = state && t - state.updated <= idle && (state.knowledge === undefined || state.knowledge === key) ? state : undefined;
      if (commandOf(question) === 'new') {
        const reply = freshStart(question);
        return { turn: { reply, rendered: render(reply), question }, state: { knowledge: key, updated: t } };
      }
      let asked = question;
      // a reply '2' picks the second of the choices offered
      const pick = /^\s*(\d{1,2})\s*$/.exec(question);
      const choices = (live?.pending ?? live?.previous)?.reply.choices;
      if (pick && choices?.length) {
        const c = choices[Number(pick[1]) - 1];
        if (c) asked = c.question;
      }
      const reply = await withImage(await answerFrom(asked, { knowledge: opts.knowledge, previous: live?.previous, refused: live?.pending }));
      // a turn that answered nothing (refused, or asked back) changes nothing the conversation leans
      // on: a follow-up goes on from the last turn that answered; the turn is kept apart, for its
      // choices and for a turn that only names another agency or year
      const turnState: Previous = { question: asked, query: reply.query, reply: storable(reply) };
      const next: ConversationState = answeredNothing(reply)
        ? { previous: live?.previous, pending: turnState, knowledge: key, updated: t }
        : { previous: { ...turnState, query: reply.query ?? live?.previous?.query }, knowledge: key, updated: t };
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
      // the last turn that answered (a refused turn has no source to show)
      return state && now() - state.updated <= idle ? (state.previous ?? state.pending) : undefined;
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
