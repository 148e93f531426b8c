// The 微信公众号 message callback (服务器配置): GET is the URL check (signature of token, timestamp,
// nonce → echostr); POST carries a message as XML, in plain mode or in safe mode (encrypt_type=aes:
// the message in <Encrypt>, msg_signature checked, AES-256-CBC with the EncodingAESKey). Replies are
// passive XML in the mode the message came in, or 'success' when the answer goes through the
// 客服消息 API (the 5-second rule, core.ts). Conversations are kept per OpenID ('mp:' + OpenID).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendText } from '../web/http.js';
import { PlatformApi } from './api.js';
import { createCore, staleTimestamp, type Callback, type CallbackOptions } from './core.js';
import { MsgCrypt, sameSignature, signature } from './crypto.js';
import { readXml, sealedReply, textReply } from './xml.js';

type Env = Record<string, string | undefined>;

export interface MpConfig {
  token: string;
  appId?: string;
  aesKey?: string;
  secret?: string;
  apiRoot: string;
  path: string;
}

/** The 公众号 settings from the environment, or null when WECHAT_MP_TOKEN is not set. Throws on an unusable setting. */
export function mpConfigFromEnv(env: Env): MpConfig | null {
  const token = env.WECHAT_MP_TOKEN?.trim();
  if (!token) return null;
  if (!/^[A-Za-z0-9]{3,32}$/.test(token)) throw new Error('WECHAT_MP_TOKEN must be 3 to 32 letters or digits (as the 公众平台 asks)');
  const aesKey = env.WECHAT_MP_AES_KEY?.trim() || undefined;
  const appId = env.WECHAT_MP_APPID?.trim() || undefined;
  const secret = env.WECHAT_MP_SECRET?.trim() || undefined;
  if (aesKey && !appId) throw new Error('WECHAT_MP_AES_KEY is set but WECHAT_MP_APPID is not: safe mode needs both');
  if (aesKey && !/^[A-Za-z0-9]{43}$/.test(aesKey)) throw new Error('WECHAT_MP_AES_KEY must be the 43-character EncodingAESKey');
  if (secret && !appId) throw new Error('WECHAT_MP_SECRET is set but WECHAT_MP_APPID is not: the 客服消息 API needs both');
  return {
    token,
    appId,
    aesKey,
    secret,
    apiRoot: env.WECHAT_API_ROOT?.trim() || 'https://api.weixin.qq.com',
    path: env.WECHAT_MP_PATH?.trim() || '/wechat/mp',
  };
}

export type MpOptions = CallbackOptions;

export type MpCallback = Callback;

const MAX_BODY = 64 * 1024;

export function createMpCallback(cfg: MpConfig, o: MpOptions): MpCallback {
  const log = o.log ?? (() => {});
  const now = o.now ?? Date.now;
  const crypt = cfg.aesKey && cfg.appId ? new MsgCrypt(cfg.token, cfg.aesKey, cfg.appId) : undefined;
  const api =
    cfg.secret && cfg.appId
      ? new PlatformApi({
          root: cfg.apiRoot,
          tokenPath: `/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(cfg.appId)}&secret=${encodeURIComponent(cfg.secret)}`,
          sendPath: '/cgi-bin/message/custom/send',
          body: (to, text) => ({ touser: to, msgtype: 'text', text: { content: text } }),
        })
      : undefined;
  const core = createCore({
    chat: o.chat,
    prefix: 'mp:',
    seen: o.seen,
    claim: o.claim,
    send: api ? (to, text) => api.sendText(to, text) : undefined,
    deadlineMs: o.deadlineMs,
    log,
    now,
    onOutcome: o.onOutcome,
  });
  const maxAge = o.maxAgeSec ?? 300;

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const q = url.searchParams;
    const timestamp = q.get('timestamp') ?? '';
    const nonce = q.get('nonce') ?? '';
    if (!sameSignature(q.get('signature'), signature(cfg.token, timestamp, nonce))) {
      sendText(res, 403, 'invalid signature');
      return;
    }
    if (req.method === 'GET') {
      sendText(res, 200, q.get('echostr') ?? '');
      return;
    }
    if (req.method !== 'POST') {
      sendText(res, 405, 'method not allowed');
      return;
    }
    if (staleTimestamp(timestamp, now(), maxAge)) {
      sendText(res, 403, 'stale timestamp');
      return;
    }
    const outer = readXml((await readBody(req, MAX_BODY)).toString('utf8'));
    if (!outer) {
      sendText(res, 400, 'not a message');
      return;
    }
    // 兼容模式 sends the message both plain and encrypted: without a key, answer the plain one
    const safe = q.get('encrypt_type') === 'aes' && !(!crypt && outer.MsgType);
    let msg = outer;
    if (safe) {
      if (!crypt) {
        log('an encrypted message arrived but WECHAT_MP_AES_KEY / WECHAT_MP_APPID are not set');
        sendText(res, 400, 'safe mode is not configured');
        return;
      }
      const enc = outer.Encrypt ?? '';
      if (!crypt.verify(q.get('msg_signature'), timestamp, nonce, enc)) {
        sendText(res, 403, 'invalid msg_signature');
        return;
      }
      let inner: Record<string, string> | null = null;
      try {
        inner = readXml(crypt.decrypt(enc));
      } catch (e) {
        log(`cannot decrypt a message: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (!inner) {
        sendText(res, 400, 'cannot decrypt');
        return;
      }
      msg = inner;
    }
    const from = msg.FromUserName;
    const to = msg.ToUserName;
    if (!from || !to || !msg.MsgType) {
      sendText(res, 400, 'not a message');
      return;
    }
    const text = await core.handle({
      from,
      msgType: msg.MsgType,
      content: msg.Content,
      msgId: msg.MsgId ?? msg.MsgID,
      event: msg.Event,
      createTime: msg.CreateTime,
      recognition: msg.Recognition,
    });
    if (text === null) {
      sendText(res, 200, 'success');
      return;
    }
    const created = Math.floor(now() / 1000);
    const reply = textReply({ FromUserName: from, ToUserName: to }, text, created);
    sendText(res, 200, safe && crypt ? sealedReply(crypt, reply, nonce, created) : reply, 'application/xml; charset=utf-8');
  }

  return { handle, core };
}
