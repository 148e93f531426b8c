// Issue 12: conversations — follow-ups keep the conversation's agency, year and topic; another
// column, another year, a part, another topic; never another agency silently; a choice picked by its
// number; 30 idle minutes; kept in a file across a restart — through the conversation module, the
// console, Telegram (a real grammY bot on the fake Bot API) and WeChat (the mock puppet).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WechatyBuilder } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { startConsole } from '../bots/console/console.js';
import { startTelegram } from '../bots/telegram/start.js';
import { attachHandlers } from '../bots/wechat/bot.js';
import type { Session } from '../bots/telegram/bot.js';
import { createChat, type ConversationState } from '../src/conversation/chat.js';
import { FileStore } from '../src/conversation/store.js';
import { ingestFile } from '../src/ingest/index.js';
import type { Knowledge } from '../src/knowledge.js';
import { FakeBotApi, parseTelegramHtml, tempStateFile, type FakeUser } from './helpers/fake-bot-api.js';
import { TIANJIN } from './helpers/tianjin.js';

let one: Knowledge; // 天津市工信局 2019 and 2020
let two: Knowledge; // and 天津市科学技术局 2020
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-conv-'));
  const text = readFileSync(TIANJIN, 'utf8');
  const write = (name: string, t: string) => {
    const f = join(dir, name);
    writeFileSync(f, t);
    return ingestFile(f);
  };
  const y2020 = await ingestFile(TIANJIN);
  const y2019 = await write(
    'tianjin-2019.txt',
    text
      .replace('2020年政府信息公开工作年度报告', '2019年政府信息公开工作年度报告')
      .replace('一、本年新收政府信息公开申请数量 | 20 | 3 | 0 | 0 | 0 | 0 | 23 |', '一、本年新收政府信息公开申请数量 | 12 | 5 | 0 | 0 | 0 | 0 | 17 |')
      .replace('2021年1月27日', '2020年1月20日'),
  );
  const kjj = await write('kjj-2020.txt', text.replace(/天津市工业和信息化局/g, '天津市科学技术局').replace('一、本年新收政府信息公开申请数量 | 20 | 3 | 0 | 0 | 0 | 0 | 23 |', '一、本年新收政府信息公开申请数量 | 30 | 3 | 0 | 0 | 0 | 0 | 33 |'));
  one = { reports: [y2020, y2019] };
  two = { reports: [y2020, y2019, kjj] };
});

const Q = '天津市工信局2020年收到多少政府信息公开申请？';

describe('follow-ups in one conversation', () => {
  it('another column, another year (the previous year of the conversation), a part, another topic', async () => {
    const chat = createChat({ knowledge: one });
    expect((await chat.ask('c', Q)).reply.figures[0]!.value).toBe(23);
    expect((await chat.ask('c', '那企业呢')).reply.figures[0]!.value).toBe(3);
    expect((await chat.ask('c', '那上一年呢')).reply.figures[0]!.value).toBe(5); // 2019, 企业
    const other = await chat.ask('c', '那2018年呢');
    expect(other.reply.figures).toEqual([]);
    expect(other.rendered.text).toMatch(/2019、2020年/); // the years it has
    const c2 = createChat({ knowledge: one });
    await c2.ask('d', Q);
    expect((await c2.ask('d', '其中予以公开的有几件？')).reply.figures[0]!.value).toBe(1);
    expect((await c2.ask('d', '那行政复议呢？')).reply.figures[0]!.label).toMatch(/行政复议/);
  });

  it('after the details of a figure, another row of the same table is a figure again', async () => {
    const chat = createChat({ knowledge: one });
    await chat.ask('c', '天津市工信局2020年不予公开的申请有多少件？');
    const why = await chat.ask('c', '具体是哪些理由？');
    expect(why.reply.kind).toBe('list');
    expect(why.rendered.text).toContain('保护第三方合法权益1件');
    const next = await chat.ask('c', '那无法提供的呢？');
    expect(next.reply.kind).toBe('figure');
    expect(next.reply.figures[0]!.label).toMatch(/无法提供/);
  });

  it('never switches agency: the conversation keeps its agency while others are loaded', async () => {
    const chat = createChat({ knowledge: two });
    await chat.ask('c', Q);
    const t = await chat.ask('c', '那行政诉讼呢？');
    expect(t.reply.citations[0]!.report).toContain('天津市工业和信息化局');
    expect(t.rendered.text).not.toContain('科学技术局2020年政府信息公开行政诉讼');
  });

  it('a turn naming a body the knowledge lacks is refused, not answered for the conversation', async () => {
    const chat = createChat({ knowledge: one });
    await chat.ask('c', Q);
    const t = await chat.ask('c', '那天津市教委呢？');
    expect(t.reply.figures).toEqual([]);
    expect(t.rendered.text).toContain('天津市教委');
  });

  it('no agency named among several: one line each and the agencies as choices; "2" picks the second', async () => {
    const chat = createChat({ knowledge: two });
    const t = await chat.ask('c', '2020年收到多少政府信息公开申请？');
    expect(t.reply.kind).toBe('choice');
    expect(t.rendered.text).toMatch(/1\. 天津市工业和信息化局2020年\n2\. 天津市科学技术局2020年/);
    const picked = await chat.ask('c', '2');
    expect(picked.question).toContain('天津市科学技术局2020年');
    expect(picked.reply.figures[0]!.value).toBe(33);
  });

  it('a conversation idle for 30 minutes starts afresh', async () => {
    let now = 0;
    const chat = createChat({ knowledge: one, now: () => now });
    await chat.ask('c', Q);
    now = 31 * 60 * 1000;
    const t = await chat.ask('c', '那企业呢');
    expect(t.reply.query?.years ?? []).toEqual([]);
  });

  it('kept in a file: a restart between two turns keeps the conversation', async () => {
    const file = join(dir, 'conversations.json');
    await createChat({ knowledge: one, store: new FileStore<ConversationState>(file) }).ask('c', Q);
    const after = createChat({ knowledge: one, store: new FileStore<ConversationState>(file) });
    expect((await after.ask('c', '那企业呢')).reply.figures[0]!.value).toBe(3);
  });
});

describe('the same conversation through every channel', () => {
  it('console, with a restart between two turns', async () => {
    const store = join(dir, 'console.json');
    const run = async (lines: string[]) => {
      const input = new PassThrough();
      const output = new PassThrough();
      let out = '';
      output.on('data', (c) => (out += String(c)));
      const done = startConsole(one, { input, output, store: new FileStore<ConversationState>(store) });
      for (const l of lines) input.write(l + '\n');
      input.end();
      await done;
      return out;
    };
    expect(await run([Q, '那企业呢'])).toContain('商业企业3件');
    const second = await run(['那上一年呢', '具体是哪几个？']);
    expect(second).toMatch(/2019年新收政府信息公开申请中，商业企业5件/);
  });

  describe('Telegram (grammY sessions in a file adapter)', () => {
    let fake: FakeBotApi;
    beforeAll(async () => {
      fake = await FakeBotApi.start();
    });
    afterAll(async () => {
      await fake?.close();
    });
    const visible = (html: string) => {
      const p = parseTelegramHtml(html);
      if ('error' in p) throw new Error(p.error);
      return p.text;
    };

    it('asks, follows up with another column, restarts, follows up with another year', async () => {
      const sessions = join(dir, 'telegram-sessions.json');
      const state = tempStateFile();
      const env = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_STATE_FILE: state };
      const u: FakeUser = { id: 7100, is_bot: false, first_name: 'Conv' };
      const dm = { id: u.id, type: 'private' as const, first_name: u.first_name };
      let bot = await startTelegram(one, env, { log: () => undefined, sessions: new FileStore<Session>(sessions) });
      fake.say(dm, u, Q);
      fake.say(dm, u, '那企业呢');
      const sent = await fake.waitForSent(u.id, 2);
      expect(visible(sent[1].text)).toContain('商业企业3件');
      await bot.stop();
      bot = await startTelegram(one, env, { log: () => undefined, sessions: new FileStore<Session>(sessions) });
      fake.say(dm, u, '那上一年呢');
      const after = await fake.waitForSent(u.id, 3);
      expect(visible(after[2].text)).toContain('商业企业5件');
      await bot.stop();
    });

    it('/new starts afresh: 那上一年呢 after it is no follow-up of the earlier question (and before it, it is)', async () => {
      const env = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_STATE_FILE: tempStateFile() };
      const u: FakeUser = { id: 7101, is_bot: false, first_name: 'New' };
      const dm = { id: u.id, type: 'private' as const, first_name: u.first_name };
      const bot = await startTelegram(one, env, { log: () => undefined, sessions: new FileStore<Session>(join(dir, 'telegram-new.json')) });
      fake.say(dm, u, Q);
      fake.say(dm, u, '那上一年呢');
      const before = await fake.waitForSent(u.id, 2);
      expect(visible(before[1].text)).toMatch(/2019年/);
      fake.say(dm, u, '/new');
      fake.say(dm, u, '那上一年呢');
      const after = await fake.waitForSent(u.id, 4);
      expect(visible(after[2].text)).toContain('已开始新对话');
      expect(visible(after[3].text)).not.toMatch(/2019年新收/);
      await bot.stop();
    });
  });

  it('WeChat (mock puppet): per contact, the same follow-ups', async () => {
    const mocker = new mock.Mocker();
    const puppet = new PuppetMock({ mocker });
    const wechaty = WechatyBuilder.build({ puppet });
    const chat = createChat({ knowledge: one, store: new FileStore<ConversationState>(join(dir, 'wechat.json')) });
    const detach = attachHandlers(wechaty, one, { startedAt: new Date(Date.now() - 5000), chat, log: { info() {}, warn() {}, error() {} } });
    await wechaty.start();
    const me = mocker.createContact({ name: '年报助手' });
    const loggedIn = new Promise<void>((r) => wechaty.once('login', () => r()));
    mocker.login(me);
    await loggedIn;
    const asker = mocker.createContact({ name: '张三' });
    const replies = () => [...mocker.cacheMessagePayload.values()].filter((p) => p.talkerId === me.id && 'listenerId' in p && p.listenerId === asker.id).map((p) => p.text ?? '');
    const until = async (n: number) => {
      for (let i = 0; i < 200 && replies().length < n; i++) await new Promise((r) => setTimeout(r, 25));
      return replies();
    };
    asker.say(Q).to(me);
    await until(1);
    asker.say('那企业呢').to(me);
    expect((await until(2))[1]).toContain('商业企业3件');
    asker.say('那上一年呢').to(me);
    expect((await until(3))[2]).toContain('商业企业5件');
    detach();
    await wechaty.stop();
  });
});

describe('Telegram shows the core\'s source line as it is and each note apart (two reports loaded)', () => {
  it('the italic block is exactly the citation; the note about the other report is not in it', async () => {
    const fake = await FakeBotApi.start();
    try {
      const bot = await startTelegram(one, { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_STATE_FILE: tempStateFile() }, { log: () => undefined });
      const u: FakeUser = { id: 7200, is_bot: false, first_name: 'Two' };
      // no year: the newest report answers, and the reply notes the other one
      fake.say({ id: u.id, type: 'private', first_name: 'Two' }, u, '天津市工信局收到多少政府信息公开申请？');
      const [m] = await fake.waitForSent(u.id, 1);
      const html = m.text as string;
      const italic = [...html.matchAll(/<i>([\s\S]*?)<\/i>/g)].map((x) => x[1]);
      expect(italic).toEqual(['来源：天津市工业和信息化局2020年政府信息公开工作年度报告 · 三、收到和处理政府信息公开申请情况 · 一、本年新收政府信息公开申请数量 · 总计 = 23']);
      const text = visible(html);
      expect(text).toMatch(/（以上是天津市工业和信息化局2020年报告的内容；知识库中还有天津市工业和信息化局2019年报告/);
      expect(text.indexOf('（以上是')).toBeLessThan(text.indexOf('来源：'));
      await bot.stop();
    } finally {
      await fake.close();
    }
  });
});

function visible(html: string): string {
  const p = parseTelegramHtml(html);
  if ('error' in p) throw new Error(p.error);
  return p.text;
}
