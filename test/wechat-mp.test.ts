// The 微信公众号 callback, driven as WeChat drives it: requests signed (and, in safe mode, encrypted)
// the way the 公众平台 does, over real HTTP to the web server on 127.0.0.1, with a fake platform API
// for the 客服消息 path. The crypto is checked against the published sample code's vectors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mpConfigFromEnv } from '../bots/wechat-mp/callback.js';
import { splitBytes, welcomeText } from '../bots/wechat-mp/core.js';
import { MsgCrypt, signature } from '../bots/wechat-mp/crypto.js';
import { readXml, writeXml } from '../bots/wechat-mp/xml.js';
import { NON_TEXT_REPLY } from '../bots/wechat/format.js';
import { startWeb, type WebHandle } from '../bots/web/server.js';
import { MemoryStore } from '../src/conversation/store.js';
import { openKnowledge, type Knowledge } from '../src/knowledge.js';
import { countingChat, type CountingChat } from './helpers/counting-chat.js';
import { FakeWechatApi } from './helpers/fake-wechat-api.js';
import { passageReply, scriptedChat } from './helpers/chat.js';
import { REPO } from './helpers/tianjin.js';

const FIGURE_Q = '天津市工信局2020年收到多少政府信息公开申请?';
const TOKEN = 'gongkaiToken2026';
const APPID = 'wx1234567890abcdef';
const SECRET = 'mp-secret-value';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const ACCOUNT = 'gh_0123456789ab';

let tmp: string;
let knowledge: Knowledge;
let api: FakeWechatApi;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gongkai-mp-'));
  knowledge = await openKnowledge({ dir: join(REPO, 'knowledge'), store: join(tmp, 'store.json') });
  api = await new FakeWechatApi({ [APPID]: SECRET }).start();
});
afterAll(async () => {
  await api?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('crypto against the published WXBizMsgCrypt samples', () => {
  it('encrypts the Java sample message to the published ciphertext', () => {
    const c = new MsgCrypt('pamtest', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'wxb11529c136998cb6');
    expect(c.encrypt('我是中文abcd123', Buffer.from('aaaabbbbccccdddd'))).toBe('jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==');
  });

  it('checks the Python sample msg_signature and decrypts its message', () => {
    const c = new MsgCrypt('spamtest', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'wx2c2769f8efd9abc2');
    const enc =
      'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';
    expect(c.verify('5d197aaffba7e9b25a30732f161a50dee96bd5fa', '1409735669', '1320562132', enc)).toBe(true);
    expect(c.verify('5d197aaffba7e9b25a30732f161a50dee96bd5fb', '1409735669', '1320562132', enc)).toBe(false);
    const msg = readXml(c.decrypt(enc));
    expect(msg).toMatchObject({ FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs', MsgType: 'text', Content: 'abcdteT', MsgId: '6054768590064713728' });
    expect(() => new MsgCrypt('spamtest', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'wxSomeoneElse').decrypt(enc)).toThrow(/receiver/);
  });

  it('round-trips any message and refuses a key of the wrong shape', () => {
    const c = new MsgCrypt(TOKEN, AES_KEY, APPID);
    // the last: plaintext of exactly two blocks, so the padding is a whole block
    for (const m of ['', 'a', '中文'.repeat(100), 'x'.repeat(64 - 20 - APPID.length)]) expect(c.decrypt(c.encrypt(m))).toBe(m);
    expect(() => new MsgCrypt(TOKEN, 'short', APPID)).toThrow(/43/);
    expect(() => c.decrypt('bm90IGJsb2Nrcw==')).toThrow();
  });
});

describe('settings', () => {
  it('reads the environment and says what is missing', () => {
    expect(mpConfigFromEnv({})).toBeNull();
    expect(mpConfigFromEnv({ WECHAT_MP_TOKEN: TOKEN })).toMatchObject({ token: TOKEN, path: '/wechat/mp', apiRoot: 'https://api.weixin.qq.com' });
    expect(() => mpConfigFromEnv({ WECHAT_MP_TOKEN: TOKEN, WECHAT_MP_AES_KEY: AES_KEY })).toThrow(/WECHAT_MP_APPID/);
    expect(() => mpConfigFromEnv({ WECHAT_MP_TOKEN: TOKEN, WECHAT_MP_APPID: APPID, WECHAT_MP_AES_KEY: 'abc' })).toThrow(/43/);
    expect(() => mpConfigFromEnv({ WECHAT_MP_TOKEN: 'x' })).toThrow(/3 to 32/);
  });
});

/** A message as the 公众平台 sends it to the callback. */
function textXml(openid: string, content: string, msgId: string): string {
  return writeXml({ ToUserName: ACCOUNT, FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: content, MsgId: msgId });
}

interface Posted {
  status: number;
  text: string;
}

/** Posts a message as the platform does: plain, or encrypted (safe mode) with msg_signature. */
async function post(base: string, xml: string, opts: { safe?: boolean; badSignature?: boolean; badMsgSignature?: boolean; timestamp?: string; crypt?: MsgCrypt } = {}): Promise<Posted> {
  const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  const q = new URLSearchParams({ signature: signature(TOKEN, timestamp, nonce), timestamp, nonce, openid: 'o' });
  if (opts.badSignature) q.set('signature', signature(TOKEN + 'x', timestamp, nonce));
  let body = xml;
  if (opts.safe) {
    const c = opts.crypt ?? new MsgCrypt(TOKEN, AES_KEY, APPID);
    const enc = c.encrypt(xml);
    body = writeXml({ ToUserName: ACCOUNT, Encrypt: enc });
    q.set('encrypt_type', 'aes');
    q.set('msg_signature', opts.badMsgSignature ? c.sign(timestamp, nonce, enc + 'x') : c.sign(timestamp, nonce, enc));
  }
  const res = await fetch(`${base}/wechat/mp?${q}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  return { status: res.status, text: await res.text() };
}

/** The text of a plain passive reply. */
function replyContent(p: Posted, openid: string): string {
  expect(p.status).toBe(200);
  const x = readXml(p.text);
  expect(x).toMatchObject({ ToUserName: openid, FromUserName: ACCOUNT, MsgType: 'text' });
  return x!.Content!;
}

let nextId = 7_000_000_000_000_000_000n;
const msgId = () => String(nextId++);

describe('plain mode', () => {
  let web: WebHandle;
  let chat: CountingChat;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = join(tmp, 'plain');
    chat = countingChat(knowledge);
    web = await startWeb(knowledge, { WEB_PORT: '0', WEB_DATA_DIR: dataDir, WECHAT_MP_TOKEN: TOKEN }, { chat, log: () => {} });
  });
  afterAll(() => web?.stop());

  it('passes the URL check with the right signature, and only with it', async () => {
    const q = new URLSearchParams({ signature: signature(TOKEN, '1700000000', '42'), timestamp: '1700000000', nonce: '42', echostr: '5838479218127813673' });
    const ok = await fetch(`${web.url}/wechat/mp?${q}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('5838479218127813673');
    q.set('signature', signature('other', '1700000000', '42'));
    const bad = await fetch(`${web.url}/wechat/mp?${q}`);
    expect(bad.status).toBe(403);
    expect(web.channels).toEqual(['web', 'wechat-mp']);
  });

  it('answers a text message with a passive XML reply: the answer and its source line', async () => {
    const content = replyContent(await post(web.url, textXml('oUserA', FIGURE_Q, msgId())), 'oUserA');
    expect(content).toMatch(/23件/);
    expect(content).toMatch(/来源：天津市工业和信息化局2020年政府信息公开工作年度报告/);
    const follow = replyContent(await post(web.url, textXml('oUserA', '那企业呢', msgId())), 'oUserA');
    expect(follow).toMatch(/商业企业3件/);
    expect(chat.asked.filter((a) => a.conversation === 'mp:oUserA')).toHaveLength(2);
    const other = replyContent(await post(web.url, textXml('oUserB', '那企业呢', msgId())), 'oUserB');
    expect(other).not.toMatch(/商业企业3件/);
  });

  it('rejects a wrong signature and a stale timestamp without answering', async () => {
    const before = chat.asked.length;
    const bad = await post(web.url, textXml('oUserC', FIGURE_Q, msgId()), { badSignature: true });
    expect(bad.status).toBe(403);
    const stale = await post(web.url, textXml('oUserC', FIGURE_Q, msgId()), { timestamp: String(Math.floor(Date.now() / 1000) - 3600) });
    expect(stale.status).toBe(403);
    const garbage = await post(web.url, 'not xml at all');
    expect(garbage.status).toBe(400);
    expect(chat.asked.length).toBe(before);
  });

  it('answers a message retried by WeChat once, also after a restart', async () => {
    const id = msgId();
    const xml = textXml('oUserD', FIGURE_Q, id);
    const first = await post(web.url, xml);
    expect(replyContent(first, 'oUserD')).toMatch(/23件/);
    const retries = await Promise.all([post(web.url, xml), post(web.url, xml)]);
    for (const r of retries) expect(r.text).toBe('success');
    expect(chat.asked.filter((a) => a.conversation === 'mp:oUserD')).toHaveLength(1);
    // a new server on the same data folder remembers the MsgId
    const chat2 = countingChat(knowledge);
    const again = await startWeb(knowledge, { WEB_PORT: '0', WEB_DATA_DIR: dataDir, WECHAT_MP_TOKEN: TOKEN }, { chat: chat2, log: () => {} });
    try {
      expect((await post(again.url, xml)).text).toBe('success');
      expect(chat2.asked).toHaveLength(0);
    } finally {
      await again.stop();
    }
  });

  it('answers 50 messages at once, each retried three times, exactly once each', async () => {
    const msgs = Array.from({ length: 50 }, (_, i) => ({ openid: `oLoad${i}`, xml: textXml(`oLoad${i}`, FIGURE_Q, msgId()) }));
    const posts = msgs.flatMap((m) => [0, 1, 2, 3].map(() => post(web.url, m.xml).then((p) => ({ m, p }))));
    const results = await Promise.all(posts);
    for (const m of msgs) {
      const mine = results.filter((r) => r.m === m);
      const answered = mine.filter((r) => r.p.text !== 'success');
      expect(answered).toHaveLength(1);
      expect(replyContent(answered[0]!.p, m.openid)).toMatch(/23件/);
      expect(chat.asked.filter((a) => a.conversation === `mp:${m.openid}`)).toHaveLength(1);
    }
  });

  it('welcomes a new follower with examples, and answers voice, images and other events briefly', async () => {
    const now = Math.floor(Date.now() / 1000);
    const sub = await post(web.url, writeXml({ ToUserName: ACCOUNT, FromUserName: 'oNew', CreateTime: now, MsgType: 'event', Event: 'subscribe' }));
    const welcome = replyContent(sub, 'oNew');
    expect(welcome).toBe(welcomeText(chat));
    expect(welcome).toMatch(/欢迎关注/);
    expect(welcome).toMatch(/收到多少政府信息公开申请/);
    const img = await post(web.url, writeXml({ ToUserName: ACCOUNT, FromUserName: 'oNew', CreateTime: now, MsgType: 'image', PicUrl: 'http://x/y.jpg', MediaId: 'm', MsgId: msgId() }));
    expect(replyContent(img, 'oNew')).toBe(NON_TEXT_REPLY);
    const voice = await post(web.url, writeXml({ ToUserName: ACCOUNT, FromUserName: 'oNew', CreateTime: now, MsgType: 'voice', MediaId: 'm', Format: 'amr', MsgId: msgId() }));
    expect(replyContent(voice, 'oNew')).toBe(NON_TEXT_REPLY);
    const recognised = await post(web.url, writeXml({ ToUserName: ACCOUNT, FromUserName: 'oNew', CreateTime: now, MsgType: 'voice', MediaId: 'm', Format: 'amr', Recognition: FIGURE_Q, MsgId: msgId() }));
    expect(replyContent(recognised, 'oNew')).toMatch(/23件/);
    const unsub = await post(web.url, writeXml({ ToUserName: ACCOUNT, FromUserName: 'oNew', CreateTime: now + 1, MsgType: 'event', Event: 'unsubscribe' }));
    expect(unsub.text).toBe('success');
    const help = replyContent(await post(web.url, textXml('oNew', '帮助', msgId())), 'oNew');
    expect(help).toMatch(/例如/);
  });

  it('answers a 兼容模式 message (plain and encrypted) from its plain part when no key is set, and refuses a safe-mode one', async () => {
    const c = new MsgCrypt(TOKEN, AES_KEY, APPID);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '77';
    const plain = textXml('oCompat', FIGURE_Q, msgId());
    const enc = c.encrypt(plain);
    const q = new URLSearchParams({ signature: signature(TOKEN, timestamp, nonce), timestamp, nonce, encrypt_type: 'aes', msg_signature: c.sign(timestamp, nonce, enc) });
    const compat = plain.replace('</xml>', `<Encrypt><![CDATA[${enc}]]></Encrypt></xml>`);
    const res = await fetch(`${web.url}/wechat/mp?${q}`, { method: 'POST', body: compat });
    expect(replyContent({ status: res.status, text: await res.text() }, 'oCompat')).toMatch(/23件/);
    const safeOnly = await fetch(`${web.url}/wechat/mp?${q}`, { method: 'POST', body: writeXml({ ToUserName: ACCOUNT, Encrypt: enc }) });
    expect(safeOnly.status).toBe(400);
  });

  it('without a secret, a slow answer is not delivered, and says so in the log', async () => {
    const lines: string[] = [];
    const slow = countingChat(knowledge);
    slow.delayMs = 400;
    const s = await startWeb(knowledge, { WEB_PORT: '0', WEB_DATA_DIR: join(tmp, 'nosecret'), WECHAT_MP_TOKEN: TOKEN }, { chat: slow, log: (l) => lines.push(l), deadlineMs: 50 });
    try {
      expect((await post(s.url, textXml('oSlow', FIGURE_Q, msgId()))).text).toBe('success');
      await s.idle();
      expect(lines.join('\n')).toMatch(/not delivered/);
    } finally {
      await s.stop();
    }
  });
});

describe('safe mode and the 客服消息 API', () => {
  let web: WebHandle;
  let chat: CountingChat;
  const crypt = new MsgCrypt(TOKEN, AES_KEY, APPID);
  beforeAll(async () => {
    chat = countingChat(knowledge);
    web = await startWeb(
      knowledge,
      { WEB_PORT: '0', WEB_DATA_DIR: join(tmp, 'safe'), WECHAT_MP_TOKEN: TOKEN, WECHAT_MP_APPID: APPID, WECHAT_MP_AES_KEY: AES_KEY, WECHAT_MP_SECRET: SECRET, WECHAT_API_ROOT: api.url },
      { chat, log: () => {}, deadlineMs: 300, seen: new MemoryStore<number>() },
    );
  });
  afterAll(() => web?.stop());

  it('decrypts an encrypted message and answers with an encrypted, signed reply', async () => {
    const p = await post(web.url, textXml('oSafe', FIGURE_Q, msgId()), { safe: true });
    expect(p.status).toBe(200);
    const outer = readXml(p.text)!;
    expect(outer.Encrypt).toBeTruthy();
    expect(crypt.verify(outer.MsgSignature, outer.TimeStamp!, outer.Nonce!, outer.Encrypt!)).toBe(true);
    const inner = readXml(crypt.decrypt(outer.Encrypt!))!;
    expect(inner).toMatchObject({ ToUserName: 'oSafe', FromUserName: ACCOUNT, MsgType: 'text' });
    expect(inner.Content).toMatch(/23件/);
    expect(inner.Content).toMatch(/来源：/);
  });

  it('rejects a wrong msg_signature and a message encrypted for another AppID', async () => {
    const before = chat.asked.length;
    expect((await post(web.url, textXml('oSafe', FIGURE_Q, msgId()), { safe: true, badMsgSignature: true })).status).toBe(403);
    const other = new MsgCrypt(TOKEN, AES_KEY, 'wxOtherAccount000');
    expect((await post(web.url, textXml('oSafe', FIGURE_Q, msgId()), { safe: true, crypt: other })).status).toBe(400);
    expect(chat.asked.length).toBe(before);
  });

  it('replies success at once to a slow answer and sends it through the 客服消息 API, once for its retries', async () => {
    chat.delayMs = 1200;
    try {
      const xml = textXml('oSlowUser', FIGURE_Q, msgId());
      const first = await post(web.url, xml, { safe: true });
      expect(first.text).toBe('success');
      // WeChat retries while the answer is still being worked out, and after it has been sent
      expect((await post(web.url, xml, { safe: true })).text).toBe('success');
      const sent = await api.waitForSent(1);
      await web.idle();
      expect((await post(web.url, xml, { safe: true })).text).toBe('success');
      const mine = sent.filter((s) => s.body.touser === 'oSlowUser');
      expect(mine).toHaveLength(1);
      expect(mine[0]!.path).toBe('/cgi-bin/message/custom/send');
      expect(mine[0]!.body.msgtype).toBe('text');
      expect(mine[0]!.body.text.content).toMatch(/23件/);
      expect(chat.asked.filter((a) => a.conversation === 'mp:oSlowUser')).toHaveLength(1);
    } finally {
      chat.delayMs = 0;
    }
  });

  it('fetches the access token once, and again when the platform says it expired', async () => {
    chat.delayMs = 600;
    try {
      const before = api.tokenRequests;
      const n = api.sent.length;
      await post(web.url, textXml('oTok1', FIGURE_Q, msgId()), { safe: true });
      await web.idle();
      await post(web.url, textXml('oTok2', FIGURE_Q, msgId()), { safe: true });
      await web.idle();
      expect(api.sent.length).toBe(n + 2);
      api.expireNext = 1;
      await post(web.url, textXml('oTok3', FIGURE_Q, msgId()), { safe: true });
      await web.idle();
      expect(api.sent.length).toBe(n + 3);
      expect(api.sent.at(-1)!.body.touser).toBe('oTok3');
      expect(api.tokenRequests - before).toBeLessThanOrEqual(2);
    } finally {
      chat.delayMs = 0;
    }
  });
});

describe('a wrong AppSecret', () => {
  it('is said in the log with the platform\'s error code, and never printed', async () => {
    const lines: string[] = [];
    const slow = countingChat(knowledge);
    slow.delayMs = 300;
    const wrong = 'not-the-secret-123';
    const s = await startWeb(
      knowledge,
      { WEB_PORT: '0', WEB_DATA_DIR: join(tmp, 'wrongsecret'), WECHAT_MP_TOKEN: TOKEN, WECHAT_MP_APPID: APPID, WECHAT_MP_SECRET: wrong, WECHAT_API_ROOT: api.url },
      { chat: slow, log: (l) => lines.push(l), deadlineMs: 50 },
    );
    try {
      expect((await post(s.url, textXml('oWrong', FIGURE_Q, msgId()))).text).toBe('success');
      await s.idle();
      expect(lines.join('\n')).toMatch(/40125/);
      expect(lines.join('\n')).not.toContain(wrong);
    } finally {
      await s.stop();
    }
  });
});

describe('long answers', () => {
  it('are split under the 2048-byte limit and sent in order through the API', async () => {
    const long = Array.from({ length: 60 }, (_, i) => `第${i + 1}条：全年共办理依申请公开政府信息事项若干件，均在法定期限内答复。`).join('');
    const chat = scriptedChat(() => passageReply(long), knowledge);
    const s = await startWeb(
      knowledge,
      { WEB_PORT: '0', WEB_DATA_DIR: join(tmp, 'long'), WECHAT_MP_TOKEN: TOKEN, WECHAT_MP_APPID: APPID, WECHAT_MP_SECRET: SECRET, WECHAT_API_ROOT: api.url },
      { chat, log: () => {} },
    );
    try {
      const n = api.sent.length;
      expect((await post(s.url, textXml('oLong', '很长的问题', msgId()))).text).toBe('success');
      await s.idle();
      const pieces = api.sent.slice(n).filter((x) => x.body.touser === 'oLong');
      expect(pieces.length).toBeGreaterThan(1);
      for (const p of pieces) expect(Buffer.byteLength(p.body.text.content, 'utf8')).toBeLessThanOrEqual(2048);
      const joined = pieces.map((p) => p.body.text.content).join('');
      expect(joined.replace(/\s/g, '')).toContain(long.replace(/\s/g, ''));
      expect(pieces.at(-1)!.body.text.content).toMatch(/来源：/);
    } finally {
      await s.stop();
    }
  });

  it('splitBytes keeps every piece under the byte limit, four-byte characters included', () => {
    const text = '😀'.repeat(1000) + '。' + '中'.repeat(1500);
    const pieces = splitBytes(text, 2000);
    for (const p of pieces) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(2000);
    expect(pieces.join('')).toBe(text);
  });
});
