// The 企业微信 (WeCom) application callback (接收消息服务器配置): the same shape as the 公众号's,
// always encrypted, with the CorpID as the receiver id. GET is the URL check (msg_signature over
// the encrypted echostr, which is decrypted and echoed); POST carries an encrypted XML message,
// answered with an encrypted passive reply, or with an empty 200 when the answer goes through the
// application message API (cgi-bin/gettoken + cgi-bin/message/send). Conversations are kept per
// user ('wecom:' + UserID).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendText } from '../web/http.js';
import { PlatformApi } from '../wechat-mp/api.js';
import { createCore, staleTimestamp, type Callback, type CallbackOptions } from '../wechat-mp/core.js';
import { MsgCrypt } from '../wechat-mp/crypto.js';
import { readXml, sealedReply, textReply } from '../wechat-mp/xml.js';

type Env = Record<string, string | undefined>;

export interface WecomConfig {
  token: string;
  aesKey: string;
  corpId: string;
  secret?: string;
  agentId?: string;
  apiRoot: string;
  path: string;
}

/** The WeCom settings from the environment, or null when WECOM_TOKEN is not set. Throws on an unusable setting. */
export function wecomConfigFromEnv(env: Env): WecomConfig | null {
  const token = env.WECOM_TOKEN?.trim();
  if (!token) return null;
  const aesKey = env.WECOM_AES_KEY?.trim();
  const corpId = env.WECOM_CORP_ID?.trim();
  if (!aesKey || !corpId) throw new Error('WECOM_TOKEN is set: WECOM_AES_KEY and WECOM_CORP_ID are needed too');
  if (!/^[A-Za-z0-9]{43}$/.test(aesKey)) throw new Error('WECOM_AES_KEY must be the 43-character EncodingAESKey');
  const secret = env.WECOM_SECRET?.trim() || undefined;
  const agentId = env.WECOM_AGENT_ID?.trim() || undefined;
  if (secret && !agentId) throw new Error('WECOM_SECRET is set but WECOM_AGENT_ID is not: sending messages needs both');
  if (agentId && !/^\d+$/.test(agentId)) throw new Error('WECOM_AGENT_ID must be the application\'s numeric AgentId');
  return {
    token,
    aesKey,
    corpId,
    secret,
    agentId,
    apiRoot: env.WECOM_API_ROOT?.trim() || 'https://qyapi.weixin.qq.com',
    path: env.WECOM_PATH?.trim() || '/wecom',
  };
}

export type WecomOptions = CallbackOptions;

export type WecomCallback = Callback;

const MAX_BODY = 64 * 1024;

export function createWecomCallback(cfg: WecomConfig, o: WecomOptions): WecomCallback {
  const log = o.log ?? (() => {});
  const now = o.now ?? Date.now;
  const crypt = new MsgCrypt(cfg.token, cfg.aesKey, cfg.corpId);
  const api =
    cfg.secret && cfg.agentId
      ? new PlatformApi({
          root: cfg.apiRoot,
          tokenPath: `/cgi-bin/gettoken?corpid=${encodeURIComponent(cfg.corpId)}&corpsecret=${encodeURIComponent(cfg.secret)}`,
          sendPath: '/cgi-bin/message/send',
          body: (to, text) => ({ touser: to, msgtype: 'text', agentid: Number(cfg.agentId), text: { content: text } }),
        })
      : undefined;
  const core = createCore({
    chat: o.chat,
    prefix: 'wecom:',
    seen: o.seen,
    claim: o.claim,
    send: api ? (to, text) => api.sendText(to, text) : undefined,
    deadlineMs: o.deadlineMs,
    log,
    now,
    onOutcome: o.onOutcome,
  });
  const maxAge = o.maxAgeSec ?? 300;

  function open(enc: string): string | null {
    try {
      return crypt.decrypt(enc);
    } catch (e) {
      log(`cannot decrypt: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const q = url.searchParams;
    const timestamp = q.get('timestamp') ?? '';
    const nonce = q.get('nonce') ?? '';
    const sig = q.get('msg_signature');
    if (req.method === 'GET') {
      const echo = q.get('echostr') ?? '';
      if (!crypt.verify(sig, timestamp, nonce, echo)) return sendText(res, 403, 'invalid msg_signature');
      const plain = open(echo);
      return plain === null ? sendText(res, 400, 'cannot decrypt') : sendText(res, 200, plain);
    }
    if (req.method !== 'POST') return sendText(res, 405, 'method not allowed');
    if (staleTimestamp(timestamp, now(), maxAge)) return sendText(res, 403, 'stale timestamp');
    const outer = readXml((await readBody(req, MAX_BODY)).toString('utf8'));
    const enc = outer?.Encrypt;
    if (!enc) return sendText(res, 400, 'not a message');
    if (!crypt.verify(sig, timestamp, nonce, enc)) return sendText(res, 403, 'invalid msg_signature');
    const plain = open(enc);
    const msg = plain === null ? null : readXml(plain);
    if (!msg?.FromUserName || !msg.ToUserName || !msg.MsgType) return sendText(res, 400, 'not a message');
    const text = await core.handle({
      from: msg.FromUserName,
      msgType: msg.MsgType,
      content: msg.Content,
      msgId: msg.MsgId,
      event: msg.Event,
      createTime: msg.CreateTime,
    });
    if (text === null) return sendText(res, 200, '');
    const created = Math.floor(now() / 1000);
    sendText(res, 200, sealedReply(crypt, textReply({ FromUserName: msg.FromUserName, ToUserName: msg.ToUserName }, text, created), nonce, created), 'application/xml; charset=utf-8');
  }

  return { handle, core };
}
