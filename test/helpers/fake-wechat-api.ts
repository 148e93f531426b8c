// A fake WeChat / WeCom platform API on 127.0.0.1: the token endpoints (公众号 cgi-bin/token,
// WeCom cgi-bin/gettoken) and the send endpoints (客服消息 cgi-bin/message/custom/send, WeCom
// cgi-bin/message/send). It checks the credentials and the access token as the platform does and
// records every message sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Sent {
  path: string;
  token: string;
  body: { touser: string; msgtype: string; agentid?: number; text: { content: string } };
}

export class FakeWechatApi {
  readonly sent: Sent[] = [];
  tokenRequests = 0;
  /** the next send answers 40001 (token expired) this many times */
  expireNext = 0;
  private server?: Server;
  private issued = new Set<string>();
  url = '';

  constructor(
    /** appid → secret (公众号) or corpid → corpsecret (WeCom) */
    private readonly credentials: Record<string, string>,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (o: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(o));
      };
      if (req.method === 'GET' && (url.pathname === '/cgi-bin/token' || url.pathname === '/cgi-bin/gettoken')) {
        this.tokenRequests++;
        const id = url.searchParams.get('appid') ?? url.searchParams.get('corpid') ?? '';
        const secret = url.searchParams.get('secret') ?? url.searchParams.get('corpsecret') ?? '';
        if (url.pathname === '/cgi-bin/token' && url.searchParams.get('grant_type') !== 'client_credential') return json({ errcode: 40002, errmsg: 'invalid grant_type' });
        if (this.credentials[id] !== secret) return json({ errcode: 40125, errmsg: 'invalid appsecret' });
        const token = `token-${this.tokenRequests}`;
        this.issued.add(token);
        return json({ access_token: token, expires_in: 7200 });
      }
      if (req.method === 'POST' && (url.pathname === '/cgi-bin/message/custom/send' || url.pathname === '/cgi-bin/message/send')) {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const token = url.searchParams.get('access_token') ?? '';
          if (!this.issued.has(token)) return json({ errcode: 40001, errmsg: 'invalid credential' });
          if (this.expireNext > 0) {
            this.expireNext--;
            this.issued.delete(token);
            return json({ errcode: 42001, errmsg: 'access_token expired' });
          }
          let body: Sent['body'];
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Sent['body'];
          } catch {
            return json({ errcode: 47001, errmsg: 'data format error' });
          }
          if (Buffer.byteLength(body.text?.content ?? '', 'utf8') > 2048) return json({ errcode: 45002, errmsg: 'content size out of limit' });
          this.sent.push({ path: url.pathname, token, body });
          return json({ errcode: 0, errmsg: 'ok' });
        });
        return;
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Waits (polling, bounded) until `n` messages have been sent. */
  async waitForSent(n: number, ms = 10_000): Promise<Sent[]> {
    const until = Date.now() + ms;
    while (this.sent.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return this.sent;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
