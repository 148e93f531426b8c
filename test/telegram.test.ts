// The Telegram bot, driven end to end: a real grammY bot (started by startTelegram) talking to a
// fake Bot API server on 127.0.0.1, answering from the real answer() and the bundled knowledge.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { openKnowledge, type Knowledge } from '../src/knowledge.js';
import { passageReply, scriptedChat } from './helpers/chat.js';
import { startTelegram, type TelegramHandle } from '../bots/telegram/start.js';
import { COMMANDS, type Engine } from '../bots/telegram/bot.js';
import { answerBlocks, escapeHtml, splitPlain, toMessages, TELEGRAM_LIMIT } from '../bots/telegram/format.js';
import { decodeQuestion, encodeQuestion, questionKeyboard } from '../bots/telegram/buttons.js';
import { FakeBotApi, parseTelegramHtml, tempStateFile, type FakeChat, type FakeUser } from './helpers/fake-bot-api.js';

let nextUser = 5000;
function user(name: string): FakeUser {
  return { id: nextUser++, is_bot: false, first_name: name };
}
function dm(u: FakeUser): FakeChat {
  return { id: u.id, type: 'private', first_name: u.first_name };
}
let nextGroup = 1;
function group(): FakeChat {
  return { id: -1_000_000_000_000 - nextGroup++, type: 'supergroup', title: '测试群' };
}
/** The text a user sees (HTML parsed as Telegram does). */
function visible(html: string): string {
  const p = parseTelegramHtml(html);
  if ('error' in p) throw new Error(p.error);
  return p.text;
}

const FIGURE_Q = '天津市工信局2020年收到多少政府信息公开申请?';
const LIST_Q = '天津市工信局2020年出台了哪些政策?';
const UNANSWERABLE_Q = '今天北京天气怎么样?';

describe('format', () => {
  it('escapes the three HTML characters', () => {
    expect(escapeHtml('<b>x</b> & "y"')).toBe('&lt;b&gt;x&lt;/b&gt; &amp; "y"');
  });

  it('splits at line breaks and sentence ends, never inside an entity or a surrogate pair', () => {
    const text = '第一段。'.repeat(30) + '\n' + '&<>'.repeat(40) + '😀'.repeat(40);
    for (const piece of splitPlain(text, 64)) {
      expect(escapeHtml(piece).length).toBeLessThanOrEqual(64);
      expect(piece).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    expect(splitPlain('第一句。第二句。', 16)).toEqual(['第一句。第二句。']);
    expect(splitPlain('甲'.repeat(10) + '。' + '乙'.repeat(10), 16)).toEqual(['甲'.repeat(10) + '。', '乙'.repeat(10)]);
  });

  it('renders any text as valid Telegram HTML messages under the limit, losing nothing', () => {
    const chars = fc.constantFrom('&', '<', '>', '。', '\n', ' ', 'a', '中', '😀', '"', ';');
    fc.assert(
      fc.property(fc.array(fc.oneof(chars, fc.string({ unit: 'grapheme' })), { maxLength: 300 }).map((a) => a.join('')), (text) => {
        const limit = 48;
        const messages = toMessages([{ text }, { text: '来源：<报告>', tag: 'i' }], limit);
        let seen = '';
        for (const m of messages) {
          expect(m.length).toBeLessThanOrEqual(limit);
          seen += visible(m);
        }
        const squash = (s: string) => s.replace(/\s+/g, '');
        expect(squash(seen)).toBe(squash(text + '来源：<报告>'));
      }),
      { numRuns: 300 },
    );
  });

  it("shows the core's source lines as they are, in italics, and each note as its own block", () => {
    const blocks = answerBlocks({ text: '', body: '答案。', notes: ['（注一）'], sources: ['来源：某局2020年报告 · 三、收到和处理政府信息公开申请情况 · 总计 = 23'], suggestions: [], choices: [] });
    expect(blocks).toEqual([
      { text: '答案。' },
      { text: '（注一）', sep: '\n' },
      { text: '来源：某局2020年报告 · 三、收到和处理政府信息公开申请情况 · 总计 = 23', tag: 'i' },
    ]);
  });

  it('puts short questions in callback_data and resolves long ones from the keyboard', () => {
    const long = '天津市工业和信息化局2020年行政复议和行政诉讼的结果分别是什么？';
    expect(Buffer.byteLength(`q:${long}`)).toBeGreaterThan(64);
    const kb = questionKeyboard(['出台了哪些政策?', long])!;
    expect(kb.inline_keyboard[0][0].callback_data).toBe('q:出台了哪些政策?');
    expect(kb.inline_keyboard[1][0].callback_data).toBe('k:1');
    for (const [b] of kb.inline_keyboard) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    expect(decodeQuestion('q:出台了哪些政策?')).toBe('出台了哪些政策?');
    expect(decodeQuestion('k:1', kb)).toBe(long);
    expect(decodeQuestion('k:1')).toBeUndefined();
    expect(encodeQuestion('a'.repeat(62), 0)).toBe('q:' + 'a'.repeat(62));
  });
});

describe('Telegram bot (long polling against a fake Bot API)', () => {
  let fake: FakeBotApi;
  let bot: TelegramHandle;
  let knowledge: Knowledge;
  const logs: string[] = [];
  const state = tempStateFile();
  const env = () => ({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_RATE_LIMIT: '8/3600', TELEGRAM_STATE_FILE: state });
  const starter = user('Start');
  let startMessage: { chat: number; id: number; data: string; question: string } | undefined;

  beforeAll(async () => {
    knowledge = await openKnowledge();
    fake = await FakeBotApi.start();
    bot = await startTelegram(knowledge, env(), { log: (l) => logs.push(l) });
  });

  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  it('starts: getMe, Chinese commands registered, webhook cleared, long polling', async () => {
    expect(bot.mode).toBe('polling');
    const methods = fake.calls.map((c) => c.method);
    expect(methods).toContain('getMe');
    expect(methods).toContain('deleteWebhook');
    expect(fake.commands.map((c: { command: string }) => c.command)).toEqual(COMMANDS.map((c) => c.command));
    for (const c of fake.commands) expect(c.description).toMatch(/[\u4e00-\u9fff]/);
    await fake.waitFor(() => fake.calls.some((c) => c.method === 'getUpdates'), 'getUpdates');
  });

  it('/start: a greeting and three example questions as buttons', async () => {
    fake.say(dm(starter), starter, '/start');
    const [reply] = await fake.waitForSent(starter.id, 1);
    expect(reply.parse_mode).toBe('HTML');
    expect(visible(reply.text)).toContain('你好');
    const buttons = reply.reply_markup.inline_keyboard.flat();
    expect(buttons).toHaveLength(3);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    const sent = [...fake.messages.values()].find((m) => m.chat.id === starter.id)!;
    startMessage = { chat: starter.id, id: sent.message_id, data: buttons[0].callback_data, question: buttons[0].text };
  });

  it('/start names the agencies and years it knows', async () => {
    const [reply] = fake.sent(starter.id);
    expect(reply, 'the /start test runs first').toBeDefined();
    expect(visible(reply.text)).toContain('天津市工业和信息化局');
    expect(visible(reply.text)).toContain('2020');
  });

  it('a button asks its question (callback query answered)', async () => {
    expect(startMessage).toBeDefined();
    const cq = fake.press(starter, startMessage!.chat, startMessage!.id, startMessage!.data);
    const sent = await fake.waitForSent(starter.id, 2);
    expect(fake.calls.some((c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === cq.id)).toBe(true);
    expect(visible(sent[1].text)).toContain(`问：${startMessage!.question}`);
  });

  it('a figure question: the figure and a source line', async () => {
    const u = user('Figure');
    fake.say(dm(u), u, FIGURE_Q);
    const [reply] = await fake.waitForSent(u.id, 1);
    const text = visible(reply.text);
    expect(text).toContain('23');
    expect(text).toMatch(/\n来源：.*天津市工业和信息化局/);
    expect(text.match(/来源：/g)).toHaveLength(1); // the core's own source line, shown once

    fake.say(dm(u), u, '/source');
    const sent = await fake.waitForSent(u.id, 2);
    const source = visible(sent[1].text);
    expect(source).toContain('天津市工业和信息化局');
    expect(source).toContain('23');
  });

  it('a list question: the documents, with a source', async () => {
    const u = user('List');
    fake.say(dm(u), u, LIST_Q);
    const [reply] = await fake.waitForSent(u.id, 1);
    const text = visible(reply.text);
    expect(text).toContain('《');
    expect(text).toContain('智能制造');
    expect(text).toContain('来源：');
  });

  it('a question it cannot answer: a reply, and no source', async () => {
    const u = user('Weather');
    fake.say(dm(u), u, UNANSWERABLE_Q);
    const [reply] = await fake.waitForSent(u.id, 1);
    const text = visible(reply.text);
    expect(text.trim().length).toBeGreaterThan(0);
    expect(text).not.toContain('来源：');
  });

  it('/source before any question says so', async () => {
    const u = user('NoSource');
    fake.say(dm(u), u, '/source');
    const [reply] = await fake.waitForSent(u.id, 1);
    expect(visible(reply.text)).toContain('还没有回答过问题');
  });

  it('/help, /reports and /check reply', async () => {
    const u = user('Commands');
    for (const cmd of ['/help', '/reports', '/check']) fake.say(dm(u), u, cmd);
    const sent = await fake.waitForSent(u.id, 3);
    for (const m of sent) expect(visible(m.text).trim()).not.toBe('');
  });

  it('markup in a question is escaped', async () => {
    const u = user('Markup');
    const q = '<b>粗体</b> & <script>alert(1)</script> 收到多少申请?';
    fake.say(dm(u), u, q);
    const [reply] = await fake.waitForSent(u.id, 1);
    expect(fake.calls.filter((c) => c.params?.chat_id === u.id && c.error)).toEqual([]);
    expect(reply.text).not.toContain('<b>粗体');
    expect(reply.text).not.toContain('<script>');
    if (visible(reply.text).includes('粗体')) expect(reply.text).toContain('&lt;b&gt;粗体&lt;/b&gt;');
  });

  it('groups: quiet without a mention, answers when mentioned, replied to, or given a command', async () => {
    const g = group();
    const a = user('GroupA');
    const b = user('GroupB');
    fake.say(g, a, FIGURE_Q);
    fake.say(g, a, '/help@some_other_bot');
    fake.send(g, a, { sticker: { file_id: 's1', file_unique_id: 'u1', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } });
    const mention = fake.say(g, b, `@${fake.me.username} ${FIGURE_Q}`);
    // one chat is handled in order, so when the mention is answered the three before it are done
    const sent = await fake.waitForSent(g.id, 1);
    expect(sent).toHaveLength(1);
    expect(sent[0].reply_parameters?.message_id).toBe(mention.message_id);

    const botMsg = [...fake.messages.values()].find((m) => m.chat.id === g.id)!;
    fake.say(g, a, '那2021年呢', { reply_to_message: botMsg });
    fake.say(g, a, `/help@${fake.me.username}`);
    const after = await fake.waitForSent(g.id, 3);
    expect(after).toHaveLength(3);
  });

  it('a sticker gets one friendly line', async () => {
    const u = user('Sticker');
    fake.send(dm(u), u, { sticker: { file_id: 's2', file_unique_id: 'u2', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } });
    fake.send(dm(u), u, { photo: [{ file_id: 'p', file_unique_id: 'pu', width: 10, height: 10 }] });
    const sent = await fake.waitForSent(u.id, 2);
    expect(visible(sent[0].text)).toContain('文字');
    expect(sent).toHaveLength(2);
  });

  it('a 429 is retried after retry_after and the reply delivered once', async () => {
    const u = user('Flooded');
    fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 });
    fake.say(dm(u), u, UNANSWERABLE_Q);
    await fake.waitForSent(u.id, 1);
    fake.say(dm(u), u, '/help');
    const sent = await fake.waitForSent(u.id, 2);
    const attempts = fake.calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === u.id);
    expect(attempts.map((c) => c.error ?? 200)).toEqual([429, 200, 200]);
    expect(sent).toHaveLength(2);
    expect(sent[0].text).toBe(attempts[0].params.text);
  });

  it('a user who blocked the bot is logged, not fatal', async () => {
    const u = user('Blocker');
    fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    fake.say(dm(u), u, UNANSWERABLE_Q);
    fake.say(dm(u), u, '/help');
    const sent = await fake.waitForSent(u.id, 1);
    expect(sent).toHaveLength(1);
    await vi.waitFor(() => expect(logs.some((l) => l.includes('blocked or removed'))).toBe(true));
  });

  it('a flood from one user gets one polite message, others are still answered', async () => {
    const g = group();
    const a = user('Spammer');
    const b = user('Calm');
    for (let i = 0; i < 10; i++) fake.say(g, a, `/help@${fake.me.username}`);
    const last = fake.say(g, b, `/help@${fake.me.username}`);
    const sent = await fake.waitFor(() => {
      const s = fake.sent(g.id);
      return s.some((m) => m.reply_parameters?.message_id === last.message_id) ? s : undefined;
    }, 'the calm user answered');
    const polite = sent.filter((m) => visible(m.text).includes('稍等'));
    expect(polite).toHaveLength(1);
    expect(sent).toHaveLength(8 + 1 + 1);
  });

  it('buttons still work after a restart', async () => {
    expect(startMessage).toBeDefined();
    await bot.stop();
    bot = await startTelegram(knowledge, env(), { log: (l) => logs.push(l) });
    const before = fake.sent(starter.id).length;
    fake.press(starter, startMessage!.chat, startMessage!.id, startMessage!.data);
    const sent = await fake.waitForSent(starter.id, before + 1);
    expect(visible(sent[before].text)).toContain(`问：${startMessage!.question}`);
  });

  it('never logs the token', () => {
    for (const l of logs) expect(l).not.toContain(fake.token);
  });
});

describe('long replies (a scripted chat, same real bot)', () => {
  const longSuggestion = '天津市工业和信息化局2020年因政府信息公开工作被申请行政复议的结果如何？';
  const paragraph = '本年度<重点>工作 & 成效：' + '依申请公开办理及时，答复规范。'.repeat(12);
  const longText = Array.from({ length: 60 }, (_, i) => `${i + 1}. ${paragraph}`).join('\n');
  const asked: string[] = [];
  const chat = scriptedChat((question) => {
    if (question === 'boom') throw new Error('engine failure');
    asked.push(question);
    return passageReply(longText, ['出台了哪些政策?', longSuggestion]);
  });
  const stub: Engine = {
    helpText: () => '帮助',
    reportsText: () => '报告',
    checkText: () => '自检',
    exampleQuestions: () => ['例一', '例二', '例三'],
  };
  let fake: FakeBotApi;
  let bot: TelegramHandle;

  beforeAll(async () => {
    fake = await FakeBotApi.start();
    bot = await startTelegram({ reports: [] }, { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_STATE_FILE: tempStateFile() }, { log: () => undefined, engine: stub, chat });
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  it('a reply over 4096 characters is split, in order, source and buttons on the last part', async () => {
    expect(longText.length).toBeGreaterThan(2 * TELEGRAM_LIMIT);
    const u = user('Long');
    fake.say(dm(u), u, '总体情况');
    await fake.waitFor(() => asked.length === 1, 'the question');
    await fake.waitFor(() => fake.sent(u.id).some((m) => m.reply_markup), 'the last part');
    const sent = fake.sent(u.id);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const m of sent) expect(visible(m.text).length).toBeLessThanOrEqual(TELEGRAM_LIMIT);
    const texts = sent.map((m) => visible(m.text));
    expect(texts.join('\n').replace(/\n+来源：.*$/, '')).toBe(longText);
    expect(texts.at(-1)).toContain('来源：某局2020年政府信息公开工作年度报告 · 一、总体情况');
    expect(sent.slice(0, -1).every((m) => !m.reply_markup)).toBe(true);
    expect(fake.calls.filter((c) => c.error)).toEqual([]);
  });

  it('a button whose question is over 64 bytes asks the whole question', async () => {
    const u = [...fake.sent()].at(-1)!.chat_id as number;
    const msg = [...fake.messages.values()].filter((m) => m.chat.id === u && m.reply_markup).at(-1)!;
    const button = msg.reply_markup.inline_keyboard[1][0];
    expect(button.callback_data).toBe('k:1');
    const before = fake.sent(u).length;
    fake.press({ id: u, is_bot: false, first_name: 'Long' }, u, msg.message_id, button.callback_data);
    await fake.waitFor(() => asked.length === 2, 'the second question');
    expect(asked[1]).toBe(longSuggestion);
    const sent = await fake.waitFor(() => (fake.sent(u).some((m, i) => i >= before && m.reply_markup) ? fake.sent(u) : undefined), 'the answer');
    expect(visible(sent[before].text)).toContain(`问：${longSuggestion}`);
  });

  it('/source gives the full citation of the last answer', async () => {
    const u = user('Source');
    fake.say(dm(u), u, '总体情况');
    fake.say(dm(u), u, '/source');
    const sent = await fake.waitFor(() => {
      const s = fake.sent(u.id);
      return s.length > 0 && visible(s.at(-1).text).includes('出处') ? s : undefined;
    }, '/source');
    const html = sent.at(-1).text as string;
    expect(html).toContain('<blockquote>全年共办理依申请公开23件</blockquote>');
    expect(visible(html)).toContain('某局2020年政府信息公开工作年度报告');
    expect(visible(html)).toContain('一、总体情况');
  });

  it('an engine failure gets an apology and the bot carries on', async () => {
    const u = user('Boom');
    fake.say(dm(u), u, 'boom');
    fake.say(dm(u), u, '/help');
    const sent = await fake.waitForSent(u.id, 2);
    expect(visible(sent[0].text)).toContain('出错');
    expect(visible(sent[1].text)).toBe('帮助');
  });
});

describe('webhook mode', () => {
  let fake: FakeBotApi;
  let bot: TelegramHandle;
  const logs: string[] = [];
  const secret = 'test_Secret-42';
  let hook: string;

  beforeAll(async () => {
    fake = await FakeBotApi.start();
    const knowledge = await openKnowledge();
    bot = await startTelegram(
      knowledge,
      {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        // a URL with the token in it, as people often choose: it must not be logged
        TELEGRAM_WEBHOOK_URL: `https://bot.example.test/telegram/${fake.token}`,
        TELEGRAM_WEBHOOK_SECRET: secret,
        TELEGRAM_STATE_FILE: tempStateFile(),
        PORT: '0',
      },
      { log: (l) => logs.push(l) },
    );
    hook = `http://127.0.0.1:${bot.port}/telegram/${fake.token}`;
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });

  function post(update: unknown, token?: string): Promise<Response> {
    return fetch(hook, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token !== undefined ? { 'X-Telegram-Bot-Api-Secret-Token': token } : {}) },
      body: JSON.stringify(update),
    });
  }

  it('registers the webhook with the secret token', () => {
    expect(bot.mode).toBe('webhook');
    expect(fake.webhook).toEqual({ url: `https://bot.example.test/telegram/${fake.token}`, secret_token: secret });
    expect(fake.commands).toHaveLength(COMMANDS.length);
  });

  it('rejects a request with a wrong or missing secret', async () => {
    const u = user('Intruder');
    const update = { update_id: 1, message: fake.textMessage(dm(u), u, UNANSWERABLE_Q) };
    expect((await post(update, 'wrong')).status).toBe(401);
    expect((await post(update)).status).toBe(401);
    expect(fake.sent(u.id)).toHaveLength(0);
  });

  it('answers a request with the right secret', async () => {
    const u = user('Hooked');
    const res = await post({ update_id: 2, message: fake.textMessage(dm(u), u, UNANSWERABLE_Q) }, secret);
    expect(res.status).toBe(200);
    // Telegram gets its 200 once the update is queued; the answer follows
    expect(await fake.waitForSent(u.id, 1)).toHaveLength(1);
  });

  it('answers a figure question with a source', async () => {
    const u = user('HookedFigure');
    await post({ update_id: 3, message: fake.textMessage(dm(u), u, FIGURE_Q) }, secret);
    const [reply] = await fake.waitForSent(u.id, 1);
    expect(visible(reply.text)).toContain('23');
    expect(visible(reply.text)).toContain('来源：');
  });

  it('serves a health check and 404 elsewhere; never logs the token', async () => {
    expect((await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${bot.port}/other`, { method: 'POST' })).status).toBe(404);
    expect(logs.length).toBeGreaterThan(0);
    for (const l of logs) expect(l).not.toContain(fake.token);
  });
});
