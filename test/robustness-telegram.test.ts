// Robustness (issue 6): the Telegram adapter under a burst of 2,000 updates from 200 chats, through
// the fake Bot API server (test/helpers/fake-bot-api.ts) and the real answer() on the bundled
// knowledge: every update answered exactly once, and in order within each chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegram, type TelegramHandle } from '../bots/telegram/start.js';
import { openKnowledge } from '../src/knowledge.js';
import { FakeBotApi, parseTelegramHtml, tempStateFile, type FakeChat, type FakeUser } from './helpers/fake-bot-api.js';

const CHATS = 200;
const PER_CHAT = 10;
const QUESTIONS: [string, RegExp][] = [
  ['天津市工信局2020年收到多少政府信息公开申请?', /23/],
  ['天津市工信局2020年出台了哪些政策?', /《/],
  ['存在哪些主要问题？', /./],
  ['今天北京天气怎么样?', /./],
  ['行政许可处理决定多少件', /644/],
];

function visible(html: string): string {
  const p = parseTelegramHtml(html);
  if ('error' in p) throw new Error(p.error);
  return p.text;
}

describe('Telegram: a burst of 2,000 updates from 200 chats', () => {
  let fake: FakeBotApi;
  let bot: TelegramHandle;
  const logs: string[] = [];

  beforeAll(async () => {
    const knowledge = await openKnowledge();
    fake = await FakeBotApi.start();
    // the per-user rate limit is not under test here: high enough for 5 messages a user
    bot = await startTelegram(knowledge, { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_RATE_LIMIT: '1000/60', TELEGRAM_STATE_FILE: tempStateFile() }, { log: (l) => logs.push(l) });
    await fake.waitFor(() => fake.calls.some((c) => c.method === 'getUpdates'), 'getUpdates');
  });

  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  it('answers every update exactly once, in order within each chat', async () => {
    // 200 group chats, two members each, every message addressed to the bot (so every reply quotes it)
    const chats: { chat: FakeChat; users: FakeUser[] }[] = Array.from({ length: CHATS }, (_, i) => ({
      chat: { id: -1_000_000_000_000 - 500 - i, type: 'supergroup' as const, title: `群${i}` },
      users: [0, 1].map((u) => ({ id: 900_000 + i * 2 + u, is_bot: false, first_name: `U${i}-${u}` })),
    }));
    const asked = new Map<number, { chat: number; question: number }>();
    const order = new Map<number, number[]>(); // chat → message ids in the order sent
    // the burst: interleaved across chats, all queued before the bot has answered any
    for (let k = 0; k < PER_CHAT; k++)
      for (const [i, { chat, users }] of chats.entries()) {
        const question = (i + k) % QUESTIONS.length;
        const m = fake.say(chat, users[k % 2]!, `@${fake.me.username} ${QUESTIONS[question]![0]}`);
        asked.set(m.message_id, { chat: chat.id, question });
        order.set(chat.id, [...(order.get(chat.id) ?? []), m.message_id]);
      }
    expect(asked.size).toBe(CHATS * PER_CHAT);

    const replies = () => fake.calls.filter((c) => c.method === 'sendMessage' && !c.error && c.params.reply_parameters && asked.has(c.params.reply_parameters.message_id));
    await fake.waitFor(() => replies().length >= CHATS * PER_CHAT, `${CHATS * PER_CHAT} replies`, 100_000);
    // one more update after the burst, answered too: anything the bot fetched twice would have come by now
    const late: FakeChat = { id: -1_000_000_000_000 - 499, type: 'supergroup', title: '晚到' };
    const sentinel = fake.say(late, chats[0]!.users[0]!, `@${fake.me.username} ${QUESTIONS[0]![0]}`);
    await fake.waitFor(() => fake.sent(late.id).some((m) => m.reply_parameters?.message_id === sentinel.message_id), 'the reply after the burst', 30_000);

    const all = replies();
    expect(all).toHaveLength(CHATS * PER_CHAT);
    const count = new Map<number, number>();
    const answeredOrder = new Map<number, number[]>();
    for (const { params } of all) {
      const id = params.reply_parameters.message_id as number;
      count.set(id, (count.get(id) ?? 0) + 1);
      const q = asked.get(id);
      expect(q, `a reply to message ${id}, which no one sent`).toBeDefined();
      expect(params.chat_id).toBe(q!.chat);
      expect(visible(params.text)).toMatch(QUESTIONS[q!.question]![1]);
      answeredOrder.set(params.chat_id, [...(answeredOrder.get(params.chat_id) ?? []), id]);
    }
    expect([...asked.keys()].filter((id) => count.get(id) !== 1)).toEqual([]);
    for (const [chat, ids] of order) expect(answeredOrder.get(chat), `chat ${chat}`).toEqual(ids);
    expect(fake.calls.filter((c) => c.error)).toEqual([]);
    // nothing was kept back, sent uncertainly or skipped as a duplicate
    expect(logs.filter((l) => /outbox|may have arrived|delivered again/.test(l))).toEqual([]);
    // and nothing else was quoted: every reply is to a message of the burst or to the one after it
    const quoted = fake.calls.filter((c) => c.method === 'sendMessage' && c.params.reply_parameters).map((c) => c.params.reply_parameters.message_id);
    expect(quoted.filter((id) => !asked.has(id) && id !== sentinel.message_id)).toEqual([]);
  }, 150_000);
});
