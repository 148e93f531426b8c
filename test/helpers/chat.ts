// A Chat whose replies a test chooses (for replies no report would give: very long ones, failures),
// behind the same interface every channel uses. The channel, its formatting and transport stay real.
import type { Chat } from '../../src/conversation/chat.js';
import type { Knowledge } from '../../src/knowledge.js';
import { render } from '../../src/render/render.js';
import type { Reply } from '../../src/reply/types.js';

export function scriptedChat(reply: (question: string) => Reply, knowledge: Knowledge = { reports: [] }): Chat {
  const last = new Map<string, { question: string; reply: Reply }>();
  return {
    knowledge,
    async ask(conversation, question) {
      const r = reply(question);
      last.set(conversation, { question, reply: r });
      return { reply: r, rendered: render(r), question };
    },
    async turn(_state, question) {
      const r = reply(question);
      return { turn: { reply: r, rendered: render(r), question }, state: { previous: { question, reply: r }, updated: Date.now() } };
    },
    async last(conversation) {
      return last.get(conversation);
    },
    async reset() {},
  };
}

/** A passage reply of the given text, with one citation. */
export function passageReply(text: string, suggestions: string[] = []): Reply {
  return {
    kind: 'passage',
    lang: 'zh',
    lines: [text],
    figures: [],
    citations: [{ report: '某局2020年政府信息公开工作年度报告', section: '一、总体情况', quote: '全年共办理依申请公开23件' }],
    notes: [],
    suggestions,
  };
}
