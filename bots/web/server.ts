// The HTTP server (node:http): the chat page at /, POST /api/ask, GET /api/reports, POST
// /api/check (a staff upload: the report's 报告自检, added to the knowledge only when asked;
// upload.ts), GET /healthz, and — when configured — the 公众号 callback (/wechat/mp) and the WeCom
// callback (/wecom). Bodies are bounded, requests rate-limited per client (the address the trusted
// proxies saw), CORS only for the origins named, and /api/* POSTs take only JSON (or the upload's
// own types), so another site's page cannot make its visitors' browsers post here.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleQuestions } from '../../src/answer/index.js';
import { reviewAll } from '../../src/check.js';
import { createChat, type Chat, type ConversationState } from '../../src/conversation/chat.js';
import { FileStore, type StateStore } from '../../src/conversation/store.js';
import { BUNDLED_DIR, dataDir, reportCount, type Knowledge } from '../../src/knowledge.js';
import { askJson } from '../../src/render/render.js';
import { createMpCallback, mpConfigFromEnv } from '../wechat-mp/callback.js';
import { createWecomCallback, wecomConfigFromEnv } from '../wecom/callback.js';
import { clientAddress, formatBytes, HttpError, mediaType, readBody, sendJson, sendText } from './http.js';
import { RateLimiter } from './ratelimit.js';
import { createUploads, UPLOAD_EXTENSIONS, uploadLimits } from './upload.js';

type Env = Record<string, string | undefined>;
export type Log = (line: string) => void;

export interface WebConfig {
  port: number;
  host: string;
  /** origins allowed to call the API from other pages ('*' for any); empty: same origin only */
  corsOrigins: string[];
  /** requests a minute per client to /api/ask (uploads cost 5) */
  rateLimit: number;
  /** proxies in front of the server whose X-Forwarded-For entries are trusted (0: none; see clientAddress) */
  trustProxy: number;
  /** largest upload, bytes */
  uploadMax: number;
  /** uploads read or waiting at once; more get 429 */
  uploadQueue: number;
  /** uploads an hour per client when there is no staff token */
  uploadRateLimit: number;
  /** the worker's limits for reading an upload */
  uploadLimits: { memoryMb: number; timeoutMs: number };
  /** when set, uploads need it (header X-Staff-Token), and it allows adding to the knowledge */
  staffToken?: string;
  /** the Content-Security-Policy frame-ancestors value (which sites may embed the page); default any */
  frameAncestors?: string;
  /** where conversations and MsgIds are kept */
  dataDir: string;
  /** where uploaded reports added to the knowledge are saved */
  knowledgeDir: string;
}

function int(v: string | undefined, def: number, name: string): number {
  if (v === undefined || v.trim() === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${v}"`);
  return n;
}

export function webConfigFromEnv(env: Env): WebConfig {
  const port = int(env.WEB_PORT, 8080, 'WEB_PORT');
  if (port > 65535) throw new Error(`WEB_PORT must be a port number (0–65535), got ${port}`);
  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    corsOrigins: (env.WEB_CORS_ORIGINS ?? '').split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean),
    rateLimit: int(env.WEB_RATE_LIMIT, 30, 'WEB_RATE_LIMIT'),
    trustProxy: trustedHops(env.WEB_TRUST_PROXY),
    uploadMax: int(env.WEB_UPLOAD_MAX_MB, 20, 'WEB_UPLOAD_MAX_MB') * 1024 * 1024,
    uploadQueue: Math.max(1, int(env.WEB_UPLOAD_QUEUE, 4, 'WEB_UPLOAD_QUEUE')),
    uploadRateLimit: int(env.WEB_UPLOAD_RATE_LIMIT, 10, 'WEB_UPLOAD_RATE_LIMIT'),
    uploadLimits: uploadLimits(env),
    staffToken: env.WEB_STAFF_TOKEN?.trim() || undefined,
    frameAncestors: env.WEB_FRAME_ANCESTORS?.trim() || undefined,
    dataDir: env.WEB_DATA_DIR?.trim() ? resolve(env.WEB_DATA_DIR.trim()) : dataDir(env),
    knowledgeDir: resolve(env.KNOWLEDGE_DIR?.trim() || BUNDLED_DIR),
  };
}

/** WEB_TRUST_PROXY: '1' or 'true' (one proxy), a number of proxies, or off. */
function trustedHops(v: string | undefined): number {
  const t = v?.trim().toLowerCase() ?? '';
  if (t === '' || t === 'false' || t === 'off') return 0;
  if (t === 'true' || t === 'on') return 1;
  return int(t, 0, 'WEB_TRUST_PROXY');
}

export interface WebHandle {
  url: string;
  port: number;
  server: Server;
  /** what the server serves: 'web', 'wechat-mp', 'wecom' */
  channels: string[];
  /** resolves when answers sent after the callbacks replied are all sent */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface WebOptions {
  chat?: Chat;
  /** the conversations (default: a FileStore under dataDir) */
  store?: StateStore<ConversationState>;
  /** the MsgIds seen by the callbacks (default: FileStores under dataDir) */
  seen?: StateStore<number>;
  /** several instances: a counter shared by every instance (SharedState.count), so that the per-client limit holds across them */
  count?: (key: string, n: number, ttlMs: number) => Promise<number>;
  /** several instances: true when this instance is the first to take a callback's message (key 'mp:…' or 'wecom:…', shared by every instance) */
  claim?: (key: string) => Promise<boolean>;
  log?: Log;
  /** deadline of the callbacks' passive replies (default 4 s) */
  deadlineMs?: number;
  now?: () => number;
}

const PUBLIC = fileURLToPath(new URL('./public/', import.meta.url));
const ASSETS: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/chat.js': 'chat.js',
  '/chat.css': 'chat.css',
  '/embed.js': 'embed.js',
};
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
const ASK_MAX = 16 * 1024;
/** conversations kept in the default FileStore (about 0.8 KB each) */
const CONVERSATIONS_KEPT = 2000;
const QUESTION_MAX = 500;
const CONVERSATION = /^[A-Za-z0-9_-]{1,64}$/;

export async function startWeb(knowledge: Knowledge, env: Env = process.env, opts: WebOptions = {}): Promise<WebHandle> {
  const cfg = webConfigFromEnv(env);
  const log = opts.log ?? ((l: string) => console.error(`[web] ${l}`));
  // FileStore appends a record a turn (compacted now and then): bounded to the conversations of the last half hour or so
  const store = opts.store ?? new FileStore<ConversationState>(join(cfg.dataDir, 'conversations.json'), CONVERSATIONS_KEPT);
  const chat = opts.chat ?? createChat({ knowledge, store });
  const limiter = new RateLimiter(cfg.rateLimit, opts.now);
  const assets = new Map<string, Buffer>();
  for (const f of new Set(Object.values(ASSETS))) assets.set(f, readFileSync(join(PUBLIC, f)));

  const mpCfg = mpConfigFromEnv(env);
  const mp = mpCfg && createMpCallback(mpCfg, { chat, claim: opts.claim && ((k) => opts.claim!(`mp:${k}`)), seen: opts.seen ?? new FileStore<number>(join(cfg.dataDir, 'wechat-mp-msgids.json'), 5000), deadlineMs: opts.deadlineMs, log: (l) => log(`公众号: ${l}`), now: opts.now });
  const wcCfg = wecomConfigFromEnv(env);
  const wecom = wcCfg && createWecomCallback(wcCfg, { chat, claim: opts.claim && ((k) => opts.claim!(`wecom:${k}`)), seen: opts.seen ?? new FileStore<number>(join(cfg.dataDir, 'wecom-msgids.json'), 5000), deadlineMs: opts.deadlineMs, log: (l) => log(`企业微信: ${l}`), now: opts.now });
  const channels = ['web', ...(mp ? ['wechat-mp'] : []), ...(wecom ? ['wecom'] : [])];

  function cors(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers.origin;
    if (!origin || !cfg.corsOrigins.length) return;
    if (cfg.corsOrigins.includes('*')) res.setHeader('access-control-allow-origin', '*');
    else if (cfg.corsOrigins.includes(origin.replace(/\/+$/, ''))) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
    }
  }

  const client = (req: IncomingMessage) => clientAddress(req, cfg.trustProxy);

  async function limited(req: IncomingMessage, res: ServerResponse, cost = 1): Promise<boolean> {
    const wait = opts.count && cfg.rateLimit > 0 ? await sharedWait(client(req), cost) : limiter.take(client(req), cost);
    if (!wait) return false;
    sendJson(res, 429, { error: `提问太频繁了，请 ${wait} 秒后再试。` }, { 'retry-after': String(wait) });
    return true;
  }

  /** Several instances: the client's requests of this minute, counted in the shared state; the seconds to wait, or 0. */
  async function sharedWait(client: string, cost: number): Promise<number> {
    const t = (opts.now ?? Date.now)();
    const minute = Math.floor(t / 60_000);
    let total: number;
    try {
      total = await opts.count!(`web-rate:${client}:${minute}`, cost, 60_000);
    } catch {
      return limiter.take(client, cost); // the shared state failed: this instance's own count
    }
    return total > cfg.rateLimit ? Math.max(1, Math.ceil(((minute + 1) * 60_000 - t) / 1000)) : 0;
  }

  async function ask(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (await limited(req, res)) return;
    if (mediaType(req) !== 'application/json') throw new HttpError(415, '请以 JSON 提问（Content-Type: application/json），应为 {"question": "问题", "conversation": "对话编号"}');
    let input: { question?: unknown; conversation?: unknown };
    try {
      input = JSON.parse((await readBody(req, ASK_MAX)).toString('utf8')) as typeof input;
    } catch (e) {
      if (e instanceof HttpError) throw e;
      throw new HttpError(400, '请求不是有效的 JSON，应为 {"question": "问题", "conversation": "对话编号"}');
    }
    if (!input || typeof input !== 'object' || typeof input.question !== 'string' || !input.question.trim()) throw new HttpError(400, '请输入问题（question）');
    const question = input.question.trim();
    if (Array.from(question).length > QUESTION_MAX) throw new HttpError(400, `问题太长了（不超过 ${QUESTION_MAX} 字），请简短一些`);
    let conversation: string;
    if (input.conversation === undefined || input.conversation === null || input.conversation === '') conversation = randomUUID();
    else if (typeof input.conversation === 'string' && CONVERSATION.test(input.conversation)) conversation = input.conversation;
    else throw new HttpError(400, '对话编号（conversation）应为 1 到 64 个字母、数字、- 或 _');
    const turn = await chat.ask(`web:${conversation}`, question);
    const r = turn.rendered;
    sendJson(res, 200, {
      ...askJson(question, turn.reply),
      suggestions: r.suggestions,
      choices: r.choices,
      body: r.body,
      notes: r.notes,
      sources: r.sources,
      ...(r.image ? { image: { src: `data:image/png;base64,${Buffer.from(r.image.png).toString('base64')}`, alt: r.image.alt } } : {}),
      conversation,
    });
  }

  function reports(res: ServerResponse): void {
    const c = knowledge.catalog;
    if (c) {
      // a store answered on demand: the reports' keys (nothing fetched for a list), the first 500 by agency
      const keys = [...c.keys].sort((a, b) => a.agency.localeCompare(b.agency, 'zh') || b.year - a.year).slice(0, 500);
      const list = keys.map((k) => ({ agency: k.agency, year: k.year, title: `${k.agency}${k.year}年政府信息公开工作年度报告` }));
      return sendJson(res, 200, { count: c.size, agencies: c.byAgency.size, reports: list, problems: (knowledge.problems ?? []).map((p) => ({ file: basename(p.file), reason: p.reason })) });
    }
    // the findings of the same review as the chat's 报告自检 and npm run check of the same files
    const reviewed = reviewAll(knowledge.reports);
    const list = [...knowledge.reports]
      .sort((a, b) => a.agency.localeCompare(b.agency, 'zh') || b.year - a.year)
      .map((r) => ({ agency: r.agency, year: r.year, title: r.title, published: r.publishedText ?? r.published, facts: r.facts.length, figures: r.figures.length, unread: r.unread.length, findings: reviewed.get(r)!.length }));
    sendJson(res, 200, { count: list.length, reports: list, problems: (knowledge.problems ?? []).map((p) => ({ file: basename(p.file), reason: p.reason })) });
  }

  const uploads = createUploads({ cfg, knowledge, log, client, limited, now: opts.now });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (mp && mpCfg && path === mpCfg.path) return mp.handle(req, res, url);
    if (wecom && wcCfg && path === wcCfg.path) return wecom.handle(req, res, url);
    res.setHeader('x-content-type-options', 'nosniff');
    if (path.startsWith('/api/')) {
      cors(req, res);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': 'content-type, x-staff-token',
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
    }
    if (path === '/healthz') return sendJson(res, 200, { ok: true, reports: reportCount(knowledge), channels });
    if (path === '/api/ask') {
      if (req.method !== 'POST') throw new HttpError(405, '请用 POST 提问');
      return ask(req, res);
    }
    if (path === '/api/reports' && req.method === 'GET') return reports(res);
    if (path === '/api/info' && req.method === 'GET')
      return sendJson(res, 200, { reports: reportCount(knowledge), examples: exampleQuestions(knowledge), staffToken: Boolean(cfg.staffToken), canAdd: Boolean(cfg.staffToken), uploadMax: formatBytes(cfg.uploadMax), extensions: UPLOAD_EXTENSIONS });
    if (path === '/api/check') {
      if (req.method !== 'POST') throw new HttpError(405, '请用 POST 上传文件');
      return uploads.handle(req, res, url);
    }
    const asset = ASSETS[path];
    if (asset && (req.method === 'GET' || req.method === 'HEAD')) {
      const headers: Record<string, string> = { 'content-type': TYPES[extname(asset)]!, 'cache-control': 'no-cache' };
      if (asset === 'index.html') {
        headers['content-security-policy'] = `default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'${cfg.frameAncestors ? `; frame-ancestors ${cfg.frameAncestors}` : ''}`;
        headers['referrer-policy'] = 'no-referrer';
      }
      if (asset === 'embed.js') headers['access-control-allow-origin'] = '*';
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : assets.get(asset));
      return;
    }
    throw new HttpError(404, '没有这个页面');
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      if (status === 500) log(`error on ${req.method} ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (res.headersSent) {
        res.end();
        return;
      }
      if (status === 413) res.setHeader('connection', 'close');
      const message = e instanceof HttpError ? e.message : '服务器内部错误，请稍后再试';
      const url = req.url ?? '';
      if ((mpCfg && url.startsWith(mpCfg.path)) || (wcCfg && url.startsWith(wcCfg.path))) sendText(res, status, message);
      else sendJson(res, status, { error: message });
    });
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new Error(e.code === 'EADDRINUSE' ? `端口 ${cfg.port} 已被占用（WEB_PORT）` : e.message)));
    server.listen(cfg.port, cfg.host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host;
  return {
    url: `http://${shown}:${port}`,
    port,
    server,
    channels,
    async idle() {
      await Promise.all([mp?.core.idle(), wecom?.core.idle()]);
    },
    async stop() {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await Promise.all([mp?.core.idle(), wecom?.core.idle(), uploads.stop()]);
    },
  };
}
