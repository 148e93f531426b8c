// The WeChat bot on a real Wechaty driven by wechaty-puppet-mock's Mocker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanStatus, WechatyBuilder, log as wechatyLog, types } from 'wechaty';
import type { Wechaty, payloads } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';

import { helpText, reportsText } from '../src/answer/index.js';
import { openKnowledge, type Knowledge } from '../src/knowledge.js';
import { attachHandlers, startsWithMention, stripMentions, TOO_FAST, type Logger, type Outcome } from '../bots/wechat/bot.js';
import { scriptedChat } from './helpers/chat.js';
import { wordsOnly } from '../src/reply/types.js';
import { formatAnswer, NON_TEXT_REPLY, splitMessage, WECHAT_MESSAGE_LIMIT } from '../bots/wechat/format.js';
import { parseRateLimit, redacting, startWechat, wechatyOptionsFromEnv } from '../bots/wechat/start.js';

wechatyLog.level('silent');

type ContactMock = ReturnType<mock.Mocker['createContact']>;
type RoomMock = ReturnType<mock.Mocker['createRoom']>;
type MessagePayload = payloads.Message;
/** What a test message is made of: who, where, when, which type. */
type MessageFields = Omit<Partial<payloads.MessageBase & payloads.MessageRoom & payloads.MessageTo>, 'id'> & {
  talkerId: string;
  timestamp: number;
  type: types.Message;
};
/** A message the bot sent (the mock puppet records it synchronously when the bot says it). */
interface Sent {
  to: string;
  text: string;
}

const WAIT_MS = 10_000;

/** Polls until the predicate holds; fails after WAIT_MS. */
async function until(what: string, predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (...a: unknown[]) => lines.push(`${level} ${a.map(String).join(' ')}`);
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

/** A Wechaty on a mock puppet, logged in as `botUser`, recording everything the bot says. */
class Harness {
  readonly mocker = new mock.Mocker();
  readonly puppet = new PuppetMock({ mocker: this.mocker });
  readonly bot: Wechaty = WechatyBuilder.build({ puppet: this.puppet });
  readonly log = captureLogger();
  readonly outcomes = new Map<string, Outcome>();
  /** messages sent by the bot, in order */
  get sent(): Sent[] {
    return [...this.mocker.cacheMessagePayload.values()]
      .filter((p) => p.talkerId === this.botUser.id)
      .map((p) => ({ to: ('roomId' in p && p.roomId) || ('listenerId' in p && p.listenerId) || '', text: p.text ?? '' }));
  }
  botUser!: ContactMock;
  private detach?: () => void;

  constructor(
    private readonly knowledge: Knowledge,
    private readonly opts: { limit?: number; reply?: (q: string) => string; rateLimit?: { limit: number; timeFrameMs: number } } = {},
    private readonly chat = opts.reply ? scriptedChat((q) => wordsOnly('passage', [opts.reply!(q)]), knowledge) : undefined,
  ) {}

  async start(botName: string): Promise<void> {
    this.detach = attachHandlers(this.bot, this.knowledge, {
      startedAt: new Date(),
      log: this.log,
      limit: this.opts.limit,
      chat: this.chat,
      rateLimit: this.opts.rateLimit,
      onHandled: (id, outcome) => this.outcomes.set(id, outcome),
    });
    await this.bot.start();
    this.botUser = this.mocker.createContact({ name: botName });
    const loggedIn = new Promise<void>((resolve) => this.bot.once('login', () => resolve()));
    this.mocker.login(this.botUser);
    await loggedIn;
  }

  async stop(): Promise<void> {
    this.detach?.();
    await this.bot.stop();
  }

  /** Replies sent to a contact (private) or into a room. */
  repliesTo(conversation: ContactMock | RoomMock): string[] {
    return this.sent.filter((s) => s.to === conversation.id).map((s) => s.text);
  }

  /** Sends a message as `talker` and waits until the bot has handled it. */
  async say(talker: ContactMock, text: string, to: ContactMock | RoomMock, mentions: ContactMock[] = []): Promise<Outcome> {
    const before = new Set(this.mocker.cacheMessagePayload.keys());
    talker.say(text, mentions).to(to);
    const id = [...this.mocker.cacheMessagePayload.keys()].find((k) => !before.has(k))!;
    return this.outcome(id);
  }

  /** Delivers a hand-made message (other types, old timestamps) and waits until it is handled. */
  async inject(payload: MessageFields): Promise<Outcome> {
    const id = `inject-${Math.random().toString(36).slice(2)}`;
    this.mocker.MessageMock.create({ ...payload, id } as MessagePayload);
    this.puppet.emit('message', { messageId: id });
    return this.outcome(id);
  }

  async outcome(id: string): Promise<Outcome> {
    await until(`message ${id} to be handled`, () => this.outcomes.has(id));
    return this.outcomes.get(id)!;
  }
}

const QUESTION = '天津市工信局2020年收到多少政府信息公开申请?';

let knowledge: Knowledge;
let h: Harness;
let asker: ContactMock;
let other: ContactMock;
let room: RoomMock;

beforeAll(async () => {
  knowledge = await openKnowledge();
  h = new Harness(knowledge);
  await h.start('公开助手');
  asker = h.mocker.createContact({ name: '张三' });
  other = h.mocker.createContact({ name: '李四' });
  room = h.mocker.createRoom({ topic: '政务公开交流群', memberIdList: [h.botUser.id, asker.id, other.id] });
});

afterAll(async () => {
  await h?.stop();
});

describe('WeChat bot on wechaty-puppet-mock: private chats', () => {
  it('answers a question with the figure and its source on its own line', async () => {
    expect(await h.say(asker, QUESTION, h.botUser)).toBe('answered');
    const replies = h.repliesTo(asker);
    expect(replies.length).toBeGreaterThan(0);
    const reply = replies.join('\n');
    expect(reply).toMatch(/23/);
    expect(reply).toMatch(/(^|\n)来源：/);
    expect(reply).not.toMatch(/<[a-z/][^>]*>/i); // plain text, no HTML
  });

  it('answers the help keyword with the help text', async () => {
    const before = h.repliesTo(other).length;
    expect(await h.say(other, '帮助', h.botUser)).toBe('answered');
    expect(h.repliesTo(other).slice(before).join('\n')).toBe(splitMessage(helpText(knowledge)).join('\n'));
    expect(await h.say(other, 'help', h.botUser)).toBe('answered');
    expect(await h.say(other, '报告', h.botUser)).toBe('answered');
    expect(h.repliesTo(other).at(-1)).toBe(splitMessage(reportsText(knowledge)).at(-1));
  });

  it('never answers its own messages (no loop)', async () => {
    const sentBefore = h.sent.length;
    expect(await h.say(h.botUser, QUESTION, asker)).toBe('self');
    expect(await h.say(h.botUser, '帮助', room)).toBe('self');
    // only the two messages the bot itself "typed"; the replies it sends are handled as 'self' too
    expect(h.sent.length).toBe(sentBefore + 2);
    const self = [...h.outcomes.values()].filter((o) => o === 'self').length;
    expect(self).toBeGreaterThanOrEqual(2);
  });

  it('ignores messages sent before it started', async () => {
    const before = h.sent.length;
    const outcome = await h.inject({
      talkerId: asker.id,
      listenerId: h.botUser.id,
      timestamp: Date.now() - 3_600_000,
      type: types.Message.Text,
      text: QUESTION,
    });
    expect(outcome).toBe('old');
    expect(h.sent.length).toBe(before);
  });

  it('ignores official accounts', async () => {
    const official = h.mocker.createContact({ name: '某公众号', type: types.Contact.Official });
    expect(await h.say(official, '帮助', h.botUser)).toBe('official-or-system');
    expect(h.repliesTo(official)).toEqual([]);
  });

  it('answers an image with one short line, and ignores non-text it cannot use', async () => {
    const before = h.repliesTo(asker).length;
    const outcome = await h.inject({
      talkerId: asker.id,
      listenerId: h.botUser.id,
      timestamp: Date.now(),
      type: types.Message.Image,
    });
    expect(outcome).toBe('non-text-reply');
    expect(h.repliesTo(asker).slice(before)).toEqual([NON_TEXT_REPLY]);
    expect(NON_TEXT_REPLY.length).toBeLessThan(80);

    const red = await h.inject({ talkerId: asker.id, listenerId: h.botUser.id, timestamp: Date.now(), type: types.Message.RedEnvelope });
    expect(red).toBe('ignored-type');
    expect(h.repliesTo(asker).length).toBe(before + 1);
  });
});

describe('WeChat bot on wechaty-puppet-mock: group chats', () => {
  it('stays quiet when not @mentioned', async () => {
    const before = h.sent.length;
    expect(await h.say(asker, QUESTION, room)).toBe('not-mentioned');
    expect(await h.say(asker, '帮助', room)).toBe('not-mentioned');
    // an image in a group gets no "text only" line either
    const img = await h.inject({ talkerId: asker.id, roomId: room.id, mentionIdList: [], timestamp: Date.now(), type: types.Message.Image });
    expect(img).toBe('ignored-type');
    expect(h.sent.length).toBe(before);
  });

  it('answers when @mentioned (mention list), and mentions the asker', async () => {
    const before = h.repliesTo(room).length;
    expect(await h.say(asker, '@公开助手\u2005帮助', room, [h.botUser])).toBe('answered');
    const replies = h.repliesTo(room).slice(before);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies[0]!.startsWith('@张三')).toBe(true);
    expect(replies.join('\n')).toContain(splitMessage(helpText(knowledge))[0]!);
  });

  it("answers a leading '@' + the bot's name even when the puppet gives no mention list", async () => {
    const before = h.repliesTo(room).length;
    expect(await h.say(other, '@公开助手 报告', room)).toBe('answered');
    const replies = h.repliesTo(room).slice(before);
    expect(replies[0]!.startsWith('@李四')).toBe(true);
    expect(replies.join('\n')).toContain(splitMessage(reportsText(knowledge))[0]!);
  });

  it('answers a cited question asked with a mention', async () => {
    const before = h.repliesTo(room).length;
    expect(await h.say(asker, `@公开助手\u2005${QUESTION}`, room, [h.botUser])).toBe('answered');
    const reply = h.repliesTo(room).slice(before).join('\n');
    expect(reply.startsWith('@张三')).toBe(true);
    expect(reply).toMatch(/23/);
    expect(reply).toMatch(/(^|\n)来源：/);
  });
});

describe('WeChat bot on wechaty-puppet-mock: errors', () => {
  it('logs a puppet error event and keeps answering', async () => {
    const errorsBefore = h.log.lines.filter((l) => l.startsWith('error')).length;
    expect(() => h.puppet.emit('error', { data: 'mock puppet failure' })).not.toThrow();
    await until('the error to be logged', () => h.log.lines.filter((l) => l.startsWith('error')).length > errorsBefore);
    expect(h.log.lines.at(-1)).toContain('mock puppet failure');
    // a puppet repeating itself is logged once, not flooding the log
    const lines = h.log.lines.length;
    for (let i = 0; i < 5; i++) h.puppet.emit('error', { data: 'mock puppet failure' });
    expect(h.log.lines.length).toBe(lines);

    const before = h.repliesTo(asker).length;
    expect(await h.say(asker, '帮助', h.botUser)).toBe('answered');
    expect(h.repliesTo(asker).length).toBeGreaterThan(before);
    expect(h.bot.isLoggedIn).toBe(true);
  });

  it('logs an error thrown while answering, and answers the next message', async () => {
    const flaky = new Harness(knowledge, {
      reply: (q) => {
        if (q === 'boom') throw new Error('answer failed');
        return `echo ${q}`;
      },
    });
    try {
      await flaky.start('测试机器人');
      const u = flaky.mocker.createContact({ name: '王五' });
      expect(await flaky.say(u, 'boom', flaky.botUser)).toBe('error');
      expect(flaky.log.lines.some((l) => l.startsWith('error') && l.includes('answer failed'))).toBe(true);
      expect(await flaky.say(u, 'hi', flaky.botUser)).toBe('answered');
      expect(flaky.repliesTo(u)).toEqual(['echo hi']);
    } finally {
      await flaky.stop();
    }
  });
});

describe('long replies', () => {
  const sentence = '本机关严格按照条例规定办理政府信息公开申请，依法保障人民群众的知情权。';
  const long = Array.from({ length: 12 }, (_, i) => `${i + 1}. ${sentence}`).join('\n') + '\n来源：某某局2020年政府信息公开工作年度报告';

  it('are split at sentence boundaries under the limit', () => {
    const pieces = splitMessage(long, 100);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(Array.from(p).length).toBeLessThanOrEqual(100);
      expect(p).toMatch(/[。！？；\n]$|来源：.*$/); // each piece ends at a sentence end (or is the tail)
    }
    expect(pieces.join('\n')).toBe(long);
  });

  it('cut a sentence longer than the limit after a comma, or hard', () => {
    const noStops = '甲'.repeat(250);
    expect(splitMessage(noStops, 100).map((p) => p.length)).toEqual([100, 100, 50]);
    const commas = `${'乙'.repeat(60)}，${'丙'.repeat(60)}`;
    expect(splitMessage(commas, 100)).toEqual([`${'乙'.repeat(60)}，`, '丙'.repeat(60)]);
    expect(splitMessage('短', 100)).toEqual(['短']);
    expect(splitMessage('  ', 100)).toEqual([]);
    expect(splitMessage('😀'.repeat(5), 2)).toEqual(['😀😀', '😀😀', '😀']); // code points, not UTF-16 units
    expect(WECHAT_MESSAGE_LIMIT).toBe(1500);
  });

  it('are sent as several messages in order, in a private chat and in a group (mention first only)', async () => {
    const lh = new Harness(knowledge, { limit: 100, reply: () => long });
    try {
      await lh.start('长文机器人');
      const u = lh.mocker.createContact({ name: '赵六' });
      const r = lh.mocker.createRoom({ topic: '长文群', memberIdList: [lh.botUser.id, u.id] });

      expect(await lh.say(u, '随便问问', lh.botUser)).toBe('answered');
      await until('all pieces', () => lh.repliesTo(u).length === splitMessage(long, 100).length);
      const pieces = lh.repliesTo(u);
      expect(pieces.length).toBeGreaterThan(1);
      for (const p of pieces) expect(Array.from(p).length).toBeLessThanOrEqual(100);
      expect(pieces.join('\n')).toBe(long);

      expect(await lh.say(u, '@长文机器人\u2005随便问问', r, [lh.botUser])).toBe('answered');
      const inRoom = lh.repliesTo(r);
      expect(inRoom.length).toBeGreaterThan(1);
      expect(inRoom[0]!.startsWith('@赵六')).toBe(true);
      expect(inRoom.slice(1).every((p) => !p.startsWith('@'))).toBe(true);
      for (const p of inRoom) expect(Array.from(p).length).toBeLessThanOrEqual(100);
    } finally {
      await lh.stop();
    }
  });
});

describe('formatting and mentions', () => {
  it('formats the rendered reply: the answer, its notes, the source lines, then suggestions', () => {
    const text = formatAnswer({
      text: '',
      body: '天津市工业和信息化局2020年本年新收政府信息公开申请23件。',
      notes: ['（以上是天津市工业和信息化局2020年报告的内容；知识库中还有某局2020年报告，如需请注明机关和年份。）'],
      sources: ['来源：天津市工业和信息化局2020年政府信息公开工作年度报告 · 三、收到和处理政府信息公开申请情况 · 一、本年新收政府信息公开申请数量 · 总计 = 23'],
      suggestions: ['那2021年呢？'],
      choices: [],
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('天津市工业和信息化局2020年本年新收政府信息公开申请23件。');
    expect(lines[1]).toMatch(/^（以上是/);
    expect(lines[2]).toBe('来源：天津市工业和信息化局2020年政府信息公开工作年度报告 · 三、收到和处理政府信息公开申请情况 · 一、本年新收政府信息公开申请数量 · 总计 = 23');
    expect(lines.slice(3)).toEqual(['还可以问：', '· 那2021年呢？']);
  });

  it('offers choices as a numbered list', () => {
    const text = formatAnswer({ text: '', body: '您问的是哪个机关？', notes: [], sources: [], suggestions: [], choices: [{ label: '甲局', question: '甲局收到多少申请' }, { label: '乙局', question: '乙局收到多少申请' }] });
    expect(text.split('\n')).toEqual(['您问的是哪个机关？', '请回复序号选择：', '1. 甲局', '2. 乙局']);
  });

  it('recognises and strips mentions', () => {
    expect(startsWithMention('@公开助手 报告', ['公开助手'])).toBe(true);
    expect(startsWithMention('＠公开助手报告', ['公开助手'])).toBe(true);
    expect(startsWithMention('报告 @公开助手', ['公开助手'])).toBe(false);
    expect(startsWithMention('@张三 报告', ['公开助手'])).toBe(false);
    expect(stripMentions('@公开助手\u2005天津市工信局2020年收到多少申请', ['公开助手'])).toBe('天津市工信局2020年收到多少申请');
    expect(stripMentions('天津市工信局收到多少申请 @公开助手', ['公开助手'])).toBe('天津市工信局收到多少申请');
    expect(stripMentions('@群里的别名\u2005帮助', ['公开助手'])).toBe('帮助');
  });
});

describe('startWechat', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-wechat-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the QR code and its URL, logs in, answers, and rebuilds after a logout it does not recover from', async () => {
    const log = captureLogger();
    const printed: string[] = [];
    const mockers: InstanceType<typeof mock.Mocker>[] = [];
    const handle = await startWechat(
      knowledge,
      { WECHATY_PUPPET: 'wechaty-puppet-mock', WECHATY_NAME: join(dir, 'bot') },
      {
        log,
        print: (t) => printed.push(t),
        build: () => {
          const m = new mock.Mocker();
          mockers.push(m);
          return WechatyBuilder.build({ puppet: new PuppetMock({ mocker: m }) });
        },
        baseDelayMs: 10,
        reloginGraceMs: 50,
      },
    );
    try {
      await until('Wechaty to start', () => log.lines.some((l) => l.includes('waiting for login')));
      const m = mockers[0]!;
      m.scan('https://login.weixin.qq.com/l/abc123', ScanStatus.Waiting);
      await until('the QR code', () => printed.some((p) => p.includes('https://login.weixin.qq.com/l/abc123')));
      expect(printed.some((p) => p.includes('https://wechaty.js.org/qrcode/'))).toBe(true);
      expect(printed.some((p) => /[▀▄█]/.test(p))).toBe(true); // the QR code drawn in the terminal

      const me = m.createContact({ name: '公开助手' });
      m.login(me);
      await until('login', () => log.lines.some((l) => l.includes('logged in as 公开助手')));

      const u = m.createContact({ name: '孙七' });
      const got: string[] = [];
      const sayBefore = m.cacheMessagePayload.size;
      u.say('帮助').to(me);
      const collect = () => {
        got.length = 0;
        for (const p of [...m.cacheMessagePayload.values()].slice(sayBefore)) if (p.talkerId === me.id) got.push(p.text ?? '');
      };
      const expected = splitMessage(helpText(knowledge));
      await until('the reply', () => (collect(), got.length >= expected.length));
      expect(got).toEqual(expected);

      await m.puppet.logout('kicked out');
      await until('a new Wechaty after the logout', () => mockers.length >= 2);
      expect(log.lines.some((l) => l.startsWith('warn') && l.includes('logged out'))).toBe(true);
      await until('the new Wechaty to start', () => log.lines.filter((l) => l.includes('waiting for login')).length >= 2);
    } finally {
      await handle.stop();
    }
  });

  it('never throws when the puppet cannot be loaded, retries with backoff, and stops', async () => {
    const log = captureLogger();
    const handle = await startWechat(
      knowledge,
      { WECHATY_PUPPET: 'wechaty-puppet-does-not-exist', WECHATY_NAME: join(dir, 'missing') },
      { log, baseDelayMs: 10, maxDelayMs: 40 },
    );
    await until('two failed starts', () => log.lines.filter((l) => l.includes('starting the WeChat bot failed')).length >= 2);
    const retries = log.lines.filter((l) => l.includes('restarting the WeChat bot in'));
    expect(retries.length).toBeGreaterThanOrEqual(2);
    await handle.stop();
    const after = log.lines.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(log.lines.length).toBe(after); // no retry after stop()
  });

  it('passes the puppet name and token through, and never logs the token', () => {
    const o = wechatyOptionsFromEnv({
      WECHATY_PUPPET: 'wechaty-puppet-service',
      WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_secret_token_123',
      WECHATY_NAME: join(dir, 'svc'),
    });
    expect(o).toMatchObject({ puppet: 'wechaty-puppet-service', name: join(dir, 'svc'), puppetOptions: { token: 'puppet_secret_token_123' } });
    expect(wechatyOptionsFromEnv({ WECHATY_PUPPET: 'wechaty-puppet-wechat4u', WECHATY_NAME: join(dir, 'w') })).not.toHaveProperty('puppetOptions');
    const log = captureLogger();
    redacting(log, ['puppet_secret_token_123']).error('connect failed for puppet_secret_token_123@endpoint');
    expect(log.lines).toEqual(['error connect failed for ***@endpoint']);
  });

  it('does nothing without WECHATY_PUPPET', async () => {
    const log = captureLogger();
    const handle = await startWechat(knowledge, {}, { log });
    expect(log.lines.join('\n')).toContain('WECHATY_PUPPET is not set');
    await handle.stop();
  });
});

describe('rate limit per person (issue 17: one member sent 3,000 messages and all were answered)', () => {
  it('a flood from one member: answers up to the limit, one polite line, then silence; others are still answered', async () => {
    const hr = new Harness(knowledge, { reply: (q) => `答：${q}`, rateLimit: { limit: 6, timeFrameMs: 60_000 } });
    await hr.start('限流助手');
    try {
      const flooder = hr.mocker.createContact({ name: '刷屏者' });
      const calm = hr.mocker.createContact({ name: '安静者' });
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 300; i++) outcomes.push(await hr.say(flooder, `问题${i}`, hr.botUser));
      expect(outcomes.filter((o) => o === 'answered')).toHaveLength(6);
      expect(outcomes.filter((o) => o === 'rate-limited')).toHaveLength(294);
      expect(hr.repliesTo(flooder)).toEqual([...Array.from({ length: 6 }, (_, i) => `答：问题${i}`), TOO_FAST]);
      expect(await hr.say(calm, '你好', hr.botUser)).toBe('answered');
      expect(hr.repliesTo(calm)).toEqual(['答：你好']);
    } finally {
      await hr.stop();
    }
  });

  it('the default is Telegram\'s (6 per 10 s); WECHAT_RATE_LIMIT sets it', async () => {
    const hr = new Harness(knowledge, { reply: (q) => `答：${q}` });
    await hr.start('默认助手');
    try {
      const u = hr.mocker.createContact({ name: '连发者' });
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 8; i++) outcomes.push(await hr.say(u, `问${i}`, hr.botUser));
      expect(outcomes).toEqual([...Array(6).fill('answered'), 'rate-limited', 'rate-limited']);
    } finally {
      await hr.stop();
    }
    expect(parseRateLimit('20/60')).toEqual({ limit: 20, timeFrameMs: 60_000 });
    expect(parseRateLimit('nonsense')).toBeUndefined();
  });
});
