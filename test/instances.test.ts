// Two bot instances (two `npm start` processes with the web server, the 公众号 callback and a
// Telegram webhook) on one shared state (Redis, or PostgreSQL): a conversation begun on one
// continues on the other, and an update or a message delivered to both is answered once. Runs when
// REDIS_URL or DATABASE_URL is set (CI sets them when the machine has the servers); skipped, saying
// so, when not.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signature } from '../bots/wechat-mp/crypto.js';
import { readXml, writeXml } from '../bots/wechat-mp/xml.js';
import { FakeBotApi } from './helpers/fake-bot-api.js';
import { REPO } from './helpers/tianjin.js';
import { stderrMatch, webUrlOf } from './helpers/web-start.js';

const shared = process.env.REDIS_URL?.trim() || process.env.DATABASE_URL?.trim();
if (!shared) console.log('instances.test.ts: skipped — neither REDIS_URL nor DATABASE_URL is set (two instances need a shared state).');

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

const MP_TOKEN = 'instancesToken42';
// update ids and MsgIds of this run (what the instances took is kept a day in the shared state)
const RUN = Date.now() % 1_000_000_000;
const WEBHOOK_SECRET = 'instances_secret';
let fake: FakeBotApi;
beforeAll(async () => {
  if (shared) fake = await FakeBotApi.start();
});
afterAll(async () => {
  await fake?.close();
});

interface Instance {
  web: string;
  /** the Telegram webhook's address */
  hook: string;
}

async function instance(tmp: string, name: string): Promise<Instance> {
  // what npm start runs
  const child = spawn(process.execPath, [join(REPO, 'scripts', 'launch.mjs'), 'bots/main'], {
    cwd: REPO,
    // the knowledge from a file store of the test's own; the conversations in the shared state, under a prefix of this run
    env: {
      ...process.env,
      WEB_PORT: '0',
      HOST: '127.0.0.1',
      GONGKAI_STORE: join(tmp, `store-${name}.json`),
      WEB_DATA_DIR: join(tmp, `data-${name}`),
      GONGKAI_DATA_DIR: join(tmp, `data-${name}`),
      GONGKAI_STATE_PREFIX: `gongkai-test-${process.pid}-${tmp.slice(-6)}:`,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: `https://bot.example.test/tg`,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      TELEGRAM_STATE_FILE: join(tmp, `telegram-${name}.json`),
      PORT: '0',
      // 3 questions a minute per user, counted in Redis across the instances (with Redis)
      TELEGRAM_RATE_LIMIT: '3/60',
      // 6 questions a minute per web client, counted in the shared state across the instances
      WEB_RATE_LIMIT: '6',
      WECHATY_PUPPET: '',
      WECHAT_MP_TOKEN: MP_TOKEN,
      WECOM_TOKEN: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const [web, port] = await Promise.all([webUrlOf(child, 40_000), stderrMatch(child, /Telegram 机器人已启动（webhook，端口 (\d+)）/, 40_000)]);
  return { web, hook: `http://127.0.0.1:${port[1]}/tg` };
}

const ask = async (url: string, question: string, conversation: string) =>
  (await (await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question, conversation }) })).json()) as { answer: string; figures: { value: number }[] };

describe.skipIf(!shared)('two bot instances on one shared state', () => {
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gongkai-instances-'));
    [a, b] = await Promise.all([instance(tmp, 'a'), instance(tmp, 'b')]);
  }, 60_000);

  it('a conversation begun on one instance continues on the other', async () => {
    const id = `two-${process.pid}-${Date.now()}`;
    expect((await ask(a.web, '天津市工信局2020年收到多少政府信息公开申请？', id)).figures[0]!.value).toBe(23);
    const follow = await ask(b.web, '那企业呢', id);
    expect(follow.figures[0]!.value).toBe(3);
    expect(follow.answer).toContain('商业企业3件');
  }, 90_000);

  it('a Telegram update delivered to both instances is answered once', async () => {
    const chat = { id: 4242, type: 'private' as const, first_name: 'Li' };
    const from = { id: 4242, is_bot: false, first_name: 'Li' };
    const update = { update_id: RUN * 10 + 1, message: fake.textMessage(chat, from, '天津市工信局2020年行政复议有多少件？') };
    const post = (hook: string) =>
      fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: JSON.stringify(update) });
    const [ra, rb] = await Promise.all([post(a.hook), post(b.hook)]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    await fake.waitForSent(chat.id, 1);
    // a second update to one of them: answered (its reply is the second message), so the first was not answered twice meanwhile
    const next = { update_id: RUN * 10 + 2, message: fake.textMessage(chat, from, '天津市工信局2020年行政诉讼有多少件？') };
    await fetch(b.hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: JSON.stringify(next) });
    const sent = await fake.waitForSent(chat.id, 2);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.sent(chat.id)).toHaveLength(2);
    expect(String(sent[0]!.text)).toContain('行政复议');
    expect(String(sent[1]!.text)).toContain('行政诉讼');
  }, 60_000);

  it('the web page\'s per-client limit is counted across the instances', async () => {
    const statuses: number[] = [];
    // the counter is per minute: not started in a minute's last seconds
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 8000) await new Promise((r) => setTimeout(r, left + 100));
    // the conversation test above asked 2 from this client (127.0.0.1) this minute, unless the minute turned since
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${[a, b][i % 2]!.web}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '天津市工信局2020年收到多少政府信息公开申请？' }) });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // each instance alone would allow 6 (8 asked, 4 each): together at most 6 in one minute, the rest refused
    const allowed = statuses.filter((s) => s === 200).length;
    expect(allowed).toBeLessThanOrEqual(6);
    expect(statuses.filter((s) => s === 429).length).toBe(8 - allowed);
    expect(statuses.slice(-2)).toEqual([429, 429]);
  }, 60_000);

  it('the Telegram rate limit is counted across the instances', async () => {
    const chat = { id: 5151, type: 'private' as const, first_name: 'Wang' };
    const from = { id: 5151, is_bot: false, first_name: 'Wang' };
    for (let i = 0; i < 4; i++) {
      const update = { update_id: RUN * 10 + 5 + i, message: fake.textMessage(chat, from, `天津市工信局2020年收到多少政府信息公开申请？${'？'.repeat(i)}`) };
      await fetch([a, b][i % 2]!.hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: JSON.stringify(update) });
      await fake.waitForSent(chat.id, i + 1);
    }
    const texts = fake.sent(chat.id).map((m) => String(m.text));
    // three answered (two by one instance, one by the other), the fourth told to slow down
    expect(texts.slice(0, 3).every((t) => t.includes('23'))).toBe(true);
    expect(texts[3]).toBe('您发得有点快，请稍等片刻再提问。');
  }, 60_000);

  it('a 公众号 message delivered to both instances (a retry that reached the other) is answered once', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '12345';
    const q = new URLSearchParams({ signature: signature(MP_TOKEN, timestamp, nonce), timestamp, nonce, openid: 'o-two' });
    const xml = writeXml({ ToUserName: 'gh_instances', FromUserName: 'o-two', CreateTime: Number(timestamp), MsgType: 'text', Content: '天津市工信局2020年收到多少政府信息公开申请？', MsgId: `71${String(RUN).padStart(17, '0')}` });
    const post = async (base: string) => (await fetch(`${base}/wechat/mp?${q}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml })).text();
    const replies = await Promise.all([post(a.web), post(b.web)]);
    const answered = replies.filter((r) => r !== 'success');
    expect(answered).toHaveLength(1);
    expect(readXml(answered[0]!)!.Content).toContain('23');
    expect(replies.filter((r) => r === 'success')).toHaveLength(1);
  }, 60_000);
});
