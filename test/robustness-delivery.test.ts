// Robustness (issue 17): Telegram answers delivered exactly once. A real grammY bot (startTelegram)
// against the fake Bot API on 127.0.0.1 that fails sends on demand (outages of 500s and 429s, a lost
// response), restarts on the same state file, and the webhook under duplicates, big bodies and slow
// answers. The real answer() on the bundled knowledge, except where a test needs a slow engine.
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTelegram, type StartOptions, type TelegramHandle } from '../bots/telegram/start.js';
import { STALE_IDLE_MS } from '../bots/telegram/agent.js';
import { createChat, type Chat } from '../src/conversation/chat.js';
import { scriptedChat } from './helpers/chat.js';
import { wordsOnly } from '../src/reply/types.js';
import { openKnowledge, type Knowledge } from '../src/knowledge.js';
import { CUT, DROPPED, FakeBotApi, LOST, parseTelegramHtml, tempStateFile, type FakeChat, type FakeUser } from './helpers/fake-bot-api.js';

const FIGURE_Q = '天津市工信局2020年收到多少政府信息公开申请?';
const POLICY_Q = '天津市工信局2020年出台了哪些政策?';
const PERMIT_Q = '行政许可处理决定多少件';
const SERVER_ERROR = { error_code: 500, description: 'Internal Server Error' };

let knowledge: Knowledge;
let nextUser = 70_000;
function user(): FakeUser {
  const id = nextUser++;
  return { id, is_bot: false, first_name: `U${id}` };
}
const dm = (u: FakeUser): FakeChat => ({ id: u.id, type: 'private', first_name: u.first_name });
function visible(html: string): string {
  const p = parseTelegramHtml(html);
  if ('error' in p) throw new Error(p.error);
  return p.text;
}

// every bot and fake a test starts is stopped after it
const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop().catch(() => undefined);
});

async function fakeApi(): Promise<FakeBotApi> {
  const fake = await FakeBotApi.start();
  running.push({ stop: () => fake.close() });
  return fake;
}

async function start(fake: FakeBotApi, state: string, logs: string[], env: Record<string, string> = {}, options: StartOptions = {}): Promise<TelegramHandle> {
  const bot = await startTelegram(
    knowledge,
    { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_RATE_LIMIT: '100/60', TELEGRAM_STATE_FILE: state, ...env },
    { log: (l) => logs.push(l), outbox: { retryMs: 100, maxRetryMs: 400 }, ...options },
  );
  running.push(bot);
  return bot;
}

/** Waits (polling) until `check` holds: log lines come without an API call to re-check on. */
async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Failed sendMessage calls to a chat so far. */
const failed = (fake: FakeBotApi, chat: number) => fake.calls.filter((c) => c.method === 'sendMessage' && c.error && c.params.chat_id === chat).length;

beforeAll(async () => {
  knowledge = await openKnowledge();
});

describe('answers that cannot be sent now are kept and sent later', () => {
  it('through an outage of 500s: every answer once, in order per chat, when the API recovers', async () => {
    const fake = await fakeApi();
    const logs: string[] = [];
    await start(fake, tempStateFile(), logs);
    await fake.waitFor(() => fake.calls.some((c) => c.method === 'getUpdates'), 'polling');
    fake.outage('sendMessage', SERVER_ERROR);
    const [a, b] = [user(), user()];
    fake.say(dm(a), a, FIGURE_Q);
    fake.say(dm(b), b, POLICY_Q);
    await fake.waitFor(() => failed(fake, a.id) >= 2 && failed(fake, b.id) >= 2, 'sends failing and retried');
    fake.say(dm(a), a, PERMIT_Q); // asked during the outage: behind the first answer
    await until(() => logs.some((l) => /kept 1 message\(s\) for chat \d+ \(behind earlier ones\)/.test(l)), 'the third answer kept');
    expect(fake.sent(a.id)).toHaveLength(0);
    fake.recover('sendMessage');
    const toA = await fake.waitForSent(a.id, 2);
    const toB = await fake.waitForSent(b.id, 1);
    expect(toA.map((m) => visible(m.text))).toEqual([expect.stringContaining('23件'), expect.stringContaining('644')]);
    expect(visible(toB[0].text)).toContain('《');
    // nothing more: a new question is answered, and it is the only other message
    fake.say(dm(a), a, '/reports');
    expect(await fake.waitForSent(a.id, 3)).toHaveLength(3);
    expect(fake.sent(b.id)).toHaveLength(1);
    expect(logs.some((l) => l.includes('outbox: kept 1 message(s) for chat') && l.includes('500'))).toBe(true);
  });

  it('429s beyond the retries: kept and sent once', async () => {
    const fake = await fakeApi();
    const logs: string[] = [];
    await start(fake, tempStateFile(), logs);
    const a = user();
    const tooMany = { error_code: 429, description: 'Too Many Requests: retry after 0', retry_after: 0 };
    fake.failNext('sendMessage', tooMany, tooMany, tooMany, tooMany, tooMany);
    fake.say(dm(a), a, FIGURE_Q);
    const [reply] = await fake.waitForSent(a.id, 1);
    expect(visible(reply.text)).toContain('23件');
    expect(failed(fake, a.id)).toBe(5);
    expect(logs.some((l) => l.includes('outbox: kept') && l.includes('429'))).toBe(true);
    fake.say(dm(a), a, '/help');
    expect(await fake.waitForSent(a.id, 2)).toHaveLength(2);
  });

  it('kept across a restart: the next start sends them', async () => {
    const fake = await fakeApi();
    const state = tempStateFile();
    const logs: string[] = [];
    const first = await start(fake, state, logs);
    fake.outage('sendMessage', SERVER_ERROR);
    const a = user();
    fake.say(dm(a), a, FIGURE_Q);
    fake.say(dm(a), a, PERMIT_Q);
    await until(() => logs.filter((l) => l.includes(`for chat ${a.id}`)).length >= 2, 'both answers kept');
    await first.stop();
    fake.recover('sendMessage');
    await start(fake, state, logs);
    const sent = await fake.waitForSent(a.id, 2);
    expect(sent.map((m) => visible(m.text))).toEqual([expect.stringContaining('23件'), expect.stringContaining('644')]);
    expect(logs.some((l) => l.includes('kept from before'))).toBe(true);
    fake.say(dm(a), a, '/reports');
    expect(await fake.waitForSent(a.id, 3)).toHaveLength(3);
  });

  it('within a bound of count: over it the oldest is dropped, with a log line', async () => {
    const fake = await fakeApi();
    const logs: string[] = [];
    await start(fake, tempStateFile(), logs, { TELEGRAM_OUTBOX_MAX: '2' });
    fake.outage('sendMessage', SERVER_ERROR);
    const a = user();
    for (const q of [FIGURE_Q, POLICY_Q, PERMIT_Q]) fake.say(dm(a), a, q);
    await until(() => logs.some((l) => l.includes('dropped the oldest message')), 'the oldest dropped');
    fake.recover('sendMessage');
    const sent = await fake.waitForSent(a.id, 2);
    expect(sent.map((m) => visible(m.text))).toEqual([expect.stringContaining('《'), expect.stringContaining('644')]);
    fake.say(dm(a), a, '/reports');
    expect(await fake.waitForSent(a.id, 3)).toHaveLength(3);
  });

  it('within a bound of age: a message kept too long is dropped, with a log line', async () => {
    const fake = await fakeApi();
    const logs: string[] = [];
    let now = Date.now();
    await start(fake, tempStateFile(), logs, { TELEGRAM_OUTBOX_MAX_AGE: '3600' }, { outbox: { retryMs: 100, maxRetryMs: 400, now: () => now } });
    fake.outage('sendMessage', SERVER_ERROR);
    const a = user();
    fake.say(dm(a), a, FIGURE_Q);
    await until(() => logs.some((l) => l.includes(`kept 1 message(s) for chat ${a.id}`)), 'kept');
    now += 2 * 3600_000;
    await until(() => logs.some((l) => /dropped a message for chat \d+ kept for 72\d\d s \(over 3600 s\)/.test(l)), 'dropped for its age');
    fake.recover('sendMessage');
    fake.say(dm(a), a, PERMIT_Q);
    const sent = await fake.waitForSent(a.id, 1);
    expect(visible(sent[0].text)).toContain('644');
    expect(sent).toHaveLength(1);
  });
});

describe('sent once', () => {
  it('a send whose response began and broke off (it reached Telegram) is not sent again', async () => {
    const fake = await fakeApi();
    const logs: string[] = [];
    await start(fake, tempStateFile(), logs);
    const a = user();
    fake.say(dm(a), a, '/reports'); // the cut one goes over a connection just used (kept alive)
    await fake.waitForSent(a.id, 1);
    fake.failNext('sendMessage', CUT);
    fake.say(dm(a), a, FIGURE_Q);
    await until(() => logs.some((l) => l.includes('it may have arrived, so it is not sent again')), 'the lost response logged');
    fake.say(dm(a), a, PERMIT_Q); // answered after anything the first could still cause in this chat
    const sent = await fake.waitForSent(a.id, 3);
    expect(sent.slice(1).map((m) => visible(m.text))).toEqual([expect.stringContaining('23件'), expect.stringContaining('644')]);
    expect(fake.calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === a.id)).toHaveLength(3);
  });

  it('connections reset before any byte of a response, for seconds on end (issue 26): every answer kept and sent once the resets stop', async () => {
    const fake = await fakeApi();
    const logs: string[] = [];
    await start(fake, tempStateFile(), logs);
    await fake.waitFor(() => fake.calls.some((c) => c.method === 'getUpdates'), 'polling');
    fake.outage('sendMessage', DROPPED);
    const users = Array.from({ length: 10 }, user);
    for (const u of users) fake.say(dm(u), u, FIGURE_Q);
    await until(() => users.every((u) => failed(fake, u.id) > 0), 'every send reset');
    await new Promise((r) => setTimeout(r, 1500)); // resets go on: retried from the outbox, reset again
    expect(logs.filter((l) => l.includes('it may have arrived'))).toEqual([]);
    fake.recover('sendMessage');
    for (const u of users) {
      const sent = await fake.waitForSent(u.id, 1);
      expect(sent).toHaveLength(1);
      expect(visible(sent[0].text)).toContain('23件');
    }
  });

  it('a response lost with not one byte back is taken as not arrived and sent again (the price of the rule above: it may arrive twice)', async () => {
    const fake = await fakeApi();
    const logs: string[] = [];
    await start(fake, tempStateFile(), logs);
    const a = user();
    fake.failNext('sendMessage', LOST);
    fake.say(dm(a), a, FIGURE_Q);
    const sent = await fake.waitForSent(a.id, 2);
    expect(sent.map((m) => visible(m.text))).toEqual([expect.stringContaining('23件'), expect.stringContaining('23件')]);
    expect(logs.some((l) => l.includes(`kept 1 message(s) for chat ${a.id}`))).toBe(true);
  });

  it('a kept-alive connection closed as the send came (the request never arrived) is sent again, once', async () => {
    const fake = await fakeApi();
    const logs: string[] = [];
    await start(fake, tempStateFile(), logs);
    const a = user();
    fake.say(dm(a), a, '/reports'); // a connection to keep alive and reuse
    await fake.waitForSent(a.id, 1);
    await new Promise((r) => setTimeout(r, STALE_IDLE_MS + 200)); // idle long enough for a server to close it
    fake.failNext('sendMessage', DROPPED);
    fake.say(dm(a), a, FIGURE_Q);
    const sent = await fake.waitForSent(a.id, 2);
    expect(visible(sent[1].text)).toContain('23件');
    fake.say(dm(a), a, PERMIT_Q);
    expect((await fake.waitForSent(a.id, 3)).map((m) => visible(m.text))).toEqual([expect.any(String), expect.stringContaining('23件'), expect.stringContaining('644')]);
    expect(fake.calls.filter((c) => c.method === 'sendMessage' && c.error === -1)).toHaveLength(1);
  });

  it('polling: an update delivered again after a restart is answered once', async () => {
    const fake = await fakeApi();
    const state = tempStateFile();
    const logs: string[] = [];
    const first = await start(fake, state, logs);
    const a = user();
    const update = fake.pushUpdate({ message: fake.textMessage(dm(a), a, FIGURE_Q) });
    await fake.waitForSent(a.id, 1);
    await first.stop();
    fake.redeliver(update); // Telegram had not been told the update arrived
    await start(fake, state, logs);
    fake.say(dm(a), a, PERMIT_Q);
    const sent = await fake.waitForSent(a.id, 2);
    expect(sent.map((s) => visible(s.text))).toEqual([expect.stringContaining('23件'), expect.stringContaining('644')]);
    expect(logs).toContain(`update ${update.update_id} delivered again; skipped`);
  });
});

describe('webhook', () => {
  const secret = 'webhook_Secret-17';
  async function hook(fake: FakeBotApi, state: string, logs: string[], env: Record<string, string> = {}, options: StartOptions = {}) {
    const bot = await start(fake, state, logs, { TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/tg', TELEGRAM_WEBHOOK_SECRET: secret, PORT: '0', ...env }, options);
    const url = `http://${bot.host}:${bot.port}/tg`;
    const post = (body: unknown) =>
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { bot, url, post };
  }

  it('an update delivered twice is answered once, also after a restart', async () => {
    const fake = await fakeApi();
    const state = tempStateFile();
    const logs: string[] = [];
    const a = user();
    const u100 = { update_id: 100, message: fake.textMessage(dm(a), a, FIGURE_Q) };
    let h = await hook(fake, state, logs);
    expect((await h.post(u100)).status).toBe(200);
    await fake.waitForSent(a.id, 1);
    expect((await h.post(u100)).status).toBe(200); // Telegram delivering it again
    await h.bot.stop();
    h = await hook(fake, state, logs);
    expect((await h.post(u100)).status).toBe(200);
    expect((await h.post({ update_id: 101, message: fake.textMessage(dm(a), a, PERMIT_Q) })).status).toBe(200);
    const sent = await fake.waitForSent(a.id, 2);
    expect(sent.map((s) => visible(s.text))).toEqual([expect.stringContaining('23件'), expect.stringContaining('644')]);
    expect(logs.filter((l) => l === 'update 100 delivered again; skipped')).toHaveLength(2);
  });

  it('answers Telegram before the answer is computed (a slow answer is queued, not raced)', async () => {
    const fake = await fakeApi();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inner = createChat({ knowledge: await openKnowledge({}) });
    const slow: Chat = { ...inner, turn: (state, q) => gate.then(() => inner.turn(state, q)) };
    const h = await hook(fake, tempStateFile(), [], {}, { chat: slow });
    const a = user();
    const res = await h.post({ update_id: 7, message: fake.textMessage(dm(a), a, FIGURE_Q) });
    expect(res.status).toBe(200);
    expect(fake.sent(a.id)).toHaveLength(0); // not answered yet, and Telegram already has its 200
    release();
    const [reply] = await fake.waitForSent(a.id, 1);
    expect(visible(reply.text)).toContain('23件');
  });

  it('many updates in a row (answered later): each answered once, in order within each chat', async () => {
    const fake = await fakeApi();
    const echo = scriptedChat((q) => wordsOnly('passage', [`答：${q}`]));
    const h = await hook(fake, tempStateFile(), [], {}, { chat: echo });
    const users = [user(), user(), user()];
    let id = 1000;
    const statuses: number[] = [];
    // one after another, as Telegram posts them; each is answered 200 at once, the answers follow
    for (let k = 0; k < 15; k++) for (const u of users) statuses.push((await h.post({ update_id: id++, message: fake.textMessage(dm(u), u, `问题${k}`) })).status);
    // some delivered a second time, as Telegram does when it is unsure
    for (let i = 1000; i < id; i += 4) statuses.push((await h.post({ update_id: i, message: fake.textMessage(dm(users[0]!), users[0]!, 'dup') })).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    for (const u of users) {
      const sent = await fake.waitForSent(u.id, 15);
      expect(sent.map((m) => visible(m.text))).toEqual(Array.from({ length: 15 }, (_, k) => `答：问题${k}`));
    }
  });

  it('updates stored before a crash are handled at the next start', async () => {
    const fake = await fakeApi();
    const state = tempStateFile();
    const a = user();
    writeFileSync(state, JSON.stringify({ 'webhook-inbox': [{ update_id: 55, message: fake.textMessage(dm(a), a, FIGURE_Q) }] }));
    const logs: string[] = [];
    await hook(fake, state, logs);
    const [reply] = await fake.waitForSent(a.id, 1);
    expect(visible(reply.text)).toContain('23件');
    expect(logs.some((l) => l.includes('1 update(s) received before the restart'))).toBe(true);
  });

  it('refuses a body over 1 MB with the right secret (413), whether announced or streamed', async () => {
    const fake = await fakeApi();
    const h = await hook(fake, tempStateFile(), []);
    const big = JSON.stringify({ update_id: 9, message: { text: 'x'.repeat(2 * 1024 * 1024) } });
    expect((await h.post(big)).status).toBe(413);
    // chunked, no Content-Length: refused once 1 MB has arrived, the rest never read
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(h.url, { method: 'POST', headers: { 'X-Telegram-Bot-Api-Secret-Token': secret, 'Transfer-Encoding': 'chunked' } }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let n = 0;
      const write = () => {
        while (n < 300 && !req.destroyed) {
          n++;
          if (!req.write(chunk)) return void req.once('drain', write);
        }
        req.end();
      };
      write();
    });
    expect(status).toBe(413);
    const a = user();
    expect((await h.post({ update_id: 10, message: fake.textMessage(dm(a), a, FIGURE_Q) })).status).toBe(200);
    await fake.waitForSent(a.id, 1);
  });

  it('binds 127.0.0.1 unless HOST says otherwise', async () => {
    const fake = await fakeApi();
    const h = await hook(fake, tempStateFile(), []);
    expect(h.bot.host).toBe('127.0.0.1');
    const other = await hook(fake, tempStateFile(), [], { HOST: '127.0.0.2' });
    expect((await fetch(`http://127.0.0.2:${other.bot.port}/healthz`)).status).toBe(200);
    await expect(fetch(`http://127.0.0.1:${other.bot.port}/healthz`)).rejects.toThrow();
  });
});
