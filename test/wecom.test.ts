// The 企业微信 application callback, driven as WeCom drives it: the URL check and messages signed
// and encrypted with the CorpID, over real HTTP on 127.0.0.1, with a fake WeCom API (gettoken,
// message/send) for answers that take too long. The crypto is checked against the published
// WeCom sample's vectors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wecomConfigFromEnv } from '../bots/wecom/callback.js';
import { MsgCrypt } from '../bots/wechat-mp/crypto.js';
import { readXml, writeXml } from '../bots/wechat-mp/xml.js';
import { startWeb, type WebHandle } from '../bots/web/server.js';
import { openKnowledge, type Knowledge } from '../src/knowledge.js';
import { countingChat, type CountingChat } from './helpers/counting-chat.js';
import { FakeWechatApi } from './helpers/fake-wechat-api.js';
import { REPO } from './helpers/tianjin.js';

const FIGURE_Q = '天津市工信局2020年收到多少政府信息公开申请?';
// the published sample's settings (WXBizMsgCrypt Sample.py)
const TOKEN = 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo';
const AES_KEY = '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt';
const CORP_ID = 'ww1436e0e65a779aee';
const SECRET = 'wecom-app-secret';
const AGENT_ID = '1000002';

let tmp: string;
let knowledge: Knowledge;
let api: FakeWechatApi;
let web: WebHandle;
let chat: CountingChat;
const crypt = new MsgCrypt(TOKEN, AES_KEY, CORP_ID);

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gongkai-wecom-'));
  knowledge = await openKnowledge({ dir: join(REPO, 'knowledge'), store: join(tmp, 'store.json') });
  api = await new FakeWechatApi({ [CORP_ID]: SECRET }).start();
  chat = countingChat(knowledge);
  web = await startWeb(
    knowledge,
    { WEB_PORT: '0', WEB_DATA_DIR: join(tmp, 'data'), WECOM_TOKEN: TOKEN, WECOM_AES_KEY: AES_KEY, WECOM_CORP_ID: CORP_ID, WECOM_SECRET: SECRET, WECOM_AGENT_ID: AGENT_ID, WECOM_API_ROOT: api.url },
    { chat, log: () => {}, deadlineMs: 300 },
  );
});
afterAll(async () => {
  await web?.stop();
  await api?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('crypto against the published WeCom sample', () => {
  it('verifies the sample URL check and decrypts its echostr', () => {
    const echo = 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==';
    expect(crypt.verify('012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb', '1476416373', '47744683', echo)).toBe(true);
    expect(crypt.decrypt(echo)).toBe('1288432023552776189');
  });

  it('verifies and decrypts the sample message', () => {
    const enc =
      'Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+';
    expect(crypt.verify('0c3914025cb4b4d68103f6bfc8db550f79dcf48e', '1476422779', '1597212914', enc)).toBe(true);
    expect(readXml(crypt.decrypt(enc))).toMatchObject({ FromUserName: 'ChenJiaShun', MsgType: 'text', Content: '你好', MsgId: '1456453720', AgentID: '1000002' });
  });
});

describe('settings', () => {
  it('reads the environment and says what is missing', () => {
    expect(wecomConfigFromEnv({})).toBeNull();
    expect(() => wecomConfigFromEnv({ WECOM_TOKEN: TOKEN })).toThrow(/WECOM_AES_KEY and WECOM_CORP_ID/);
    expect(() => wecomConfigFromEnv({ WECOM_TOKEN: TOKEN, WECOM_AES_KEY: AES_KEY, WECOM_CORP_ID: CORP_ID, WECOM_SECRET: 's' })).toThrow(/WECOM_AGENT_ID/);
    expect(wecomConfigFromEnv({ WECOM_TOKEN: TOKEN, WECOM_AES_KEY: AES_KEY, WECOM_CORP_ID: CORP_ID })).toMatchObject({ path: '/wecom', apiRoot: 'https://qyapi.weixin.qq.com' });
  });
});

function query(encrypt: string, opts: { bad?: boolean; timestamp?: string } = {}): URLSearchParams {
  const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  return new URLSearchParams({ msg_signature: crypt.sign(timestamp, nonce, opts.bad ? encrypt + 'x' : encrypt), timestamp, nonce });
}

let nextId = 1;
/** Posts a text message from a user as WeCom does. */
async function say(user: string, content: string, opts: { bad?: boolean; msgId?: string; timestamp?: string } = {}): Promise<{ status: number; text: string }> {
  const inner = writeXml({ ToUserName: CORP_ID, FromUserName: user, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: content, MsgId: opts.msgId ?? String(7_400_000_000 + nextId++), AgentID: Number(AGENT_ID) });
  const enc = crypt.encrypt(inner);
  const body = writeXml({ ToUserName: CORP_ID, Encrypt: enc, AgentID: AGENT_ID });
  const res = await fetch(`${web.url}/wecom?${query(enc, opts)}`, { method: 'POST', body });
  return { status: res.status, text: await res.text() };
}

function opened(p: { status: number; text: string }, user: string): string {
  expect(p.status).toBe(200);
  const outer = readXml(p.text)!;
  expect(crypt.verify(outer.MsgSignature, outer.TimeStamp!, outer.Nonce!, outer.Encrypt!)).toBe(true);
  const inner = readXml(crypt.decrypt(outer.Encrypt!))!;
  expect(inner).toMatchObject({ ToUserName: user, FromUserName: CORP_ID, MsgType: 'text' });
  return inner.Content!;
}

describe('the callback', () => {
  it('passes the URL check by echoing the decrypted echostr, and only with the right signature', async () => {
    const echo = crypt.encrypt('8123456789012345');
    const ok = await fetch(`${web.url}/wecom?${query(echo)}&echostr=${encodeURIComponent(echo)}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('8123456789012345');
    const bad = await fetch(`${web.url}/wecom?${query(echo, { bad: true })}&echostr=${encodeURIComponent(echo)}`);
    expect(bad.status).toBe(403);
    expect(web.channels).toEqual(['web', 'wecom']);
  });

  it('answers a text message with an encrypted passive reply, per user', async () => {
    const a = opened(await say('ZhangSan', FIGURE_Q), 'ZhangSan');
    expect(a).toMatch(/23件/);
    expect(a).toMatch(/来源：/);
    expect(opened(await say('ZhangSan', '那企业呢'), 'ZhangSan')).toMatch(/商业企业3件/);
    expect(opened(await say('LiSi', '那企业呢'), 'LiSi')).not.toMatch(/商业企业3件/);
    expect(chat.asked.filter((x) => x.conversation === 'wecom:ZhangSan')).toHaveLength(2);
  });

  it('rejects a wrong signature, a stale timestamp and a message for another corp', async () => {
    const before = chat.asked.length;
    expect((await say('WangWu', FIGURE_Q, { bad: true })).status).toBe(403);
    expect((await say('WangWu', FIGURE_Q, { timestamp: String(Math.floor(Date.now() / 1000) - 3600) })).status).toBe(403);
    const other = new MsgCrypt(TOKEN, AES_KEY, 'wwOtherCorp0000000');
    const enc = other.encrypt(writeXml({ ToUserName: 'wwOtherCorp0000000', FromUserName: 'WangWu', CreateTime: 1, MsgType: 'text', Content: FIGURE_Q, MsgId: '1' }));
    const res = await fetch(`${web.url}/wecom?${query(enc)}`, { method: 'POST', body: writeXml({ ToUserName: 'x', Encrypt: enc }) });
    expect(res.status).toBe(400);
    expect(chat.asked.length).toBe(before);
  });

  it('answers a retried message once', async () => {
    const first = await say('ZhaoLiu', FIGURE_Q, { msgId: '9900000001' });
    expect(opened(first, 'ZhaoLiu')).toMatch(/23件/);
    const retry = await say('ZhaoLiu', FIGURE_Q, { msgId: '9900000001' });
    expect(retry).toEqual({ status: 200, text: '' });
    expect(chat.asked.filter((x) => x.conversation === 'wecom:ZhaoLiu')).toHaveLength(1);
  });

  it('replies at once to a slow answer and sends it through message/send', async () => {
    chat.delayMs = 1000;
    try {
      const r = await say('SlowUser', FIGURE_Q);
      expect(r).toEqual({ status: 200, text: '' });
      const sent = await api.waitForSent(1);
      await web.idle();
      const mine = sent.filter((s) => s.body.touser === 'SlowUser');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ path: '/cgi-bin/message/send', body: { msgtype: 'text', agentid: 1000002 } });
      expect(mine[0]!.body.text.content).toMatch(/23件/);
    } finally {
      chat.delayMs = 0;
    }
  });
});
