// Attack (issue 26): the web server's limits hold behind a proxy and against other sites. A
// reverse proxy started here appends the address it saw to X-Forwarded-For, as nginx's
// $proxy_add_x_forwarded_for does; a client rotating a spoofed X-Forwarded-For through it still
// gets 30 answers a minute. Staff-token guesses meet 429. /api/* POSTs take JSON only (the upload:
// the file as application/octet-stream, or a multipart form from this site), so a form on another
// site cannot make its visitors' browsers post here.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddress } from '../bots/web/http.js';
import { startWeb, webConfigFromEnv, type WebHandle } from '../bots/web/server.js';
import { openKnowledge, type Knowledge } from '../src/knowledge.js';
import { MISPRINTED } from './helpers/misprinted.js';
import { REPO } from './helpers/tianjin.js';

const FIGURE_Q = '天津市工信局2020年收到多少政府信息公开申请?';
let tmp: string;
let knowledge: Knowledge;
const servers: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gongkai-attack-web-'));
  knowledge = await openKnowledge({ dir: join(REPO, 'knowledge'), store: join(tmp, 'store.json') });
});
afterAll(async () => {
  for (const s of servers) await s.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function web(env: Record<string, string>, now?: () => number): Promise<WebHandle> {
  const w = await startWeb(knowledge, { WEB_PORT: '0', WEB_DATA_DIR: join(tmp, `data-${servers.length}`), KNOWLEDGE_DIR: join(tmp, 'kn'), ...env }, { log: () => {}, now });
  servers.push(w);
  return w;
}

/** A reverse proxy in front of `target`, appending the address it saw to X-Forwarded-For (nginx: $proxy_add_x_forwarded_for). */
async function reverseProxy(target: string): Promise<string> {
  const t = new URL(target);
  const server: Server = createServer((req, res) => {
    const seen = req.socket.remoteAddress ?? '';
    const xff = req.headers['x-forwarded-for'];
    const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': xff ? `${xff}, ${seen}` : seen } }, (r: IncomingMessage) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  servers.push({ stop: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const ask = (base: string, headers: Record<string, string> = {}, body = JSON.stringify({ question: FIGURE_Q })) =>
  fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const spoof = (i: number) => `${(i * 37) % 223}.${(i * 11) % 251}.${i % 250}.${(i * 7) % 249}`;

describe('behind a trusted proxy', () => {
  it('a client rotating a spoofed X-Forwarded-For gets 30 answers a minute, the rest 429 with Retry-After', async () => {
    const t0 = Date.now();
    const w = await web({ WEB_TRUST_PROXY: '1', WEB_RATE_LIMIT: '30' }, () => t0); // one instant: no refill while it runs
    const proxy = await reverseProxy(w.url);
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await ask(proxy, { 'x-forwarded-for': spoof(i) });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(70);
  });

  it('takes the address the trusted proxies appended: the last hop, or as many hops as configured (Express trust proxy)', () => {
    const req = (xff: string | string[] | undefined, socket = '10.0.0.1') => ({ socket: { remoteAddress: socket }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as unknown as IncomingMessage;
    expect(clientAddress(req('6.6.6.6, 1.2.3.4'), 0)).toBe('10.0.0.1');
    expect(clientAddress(req('6.6.6.6, 1.2.3.4'), 1)).toBe('1.2.3.4');
    expect(clientAddress(req('6.6.6.6, 1.2.3.4, 10.0.0.9'), 2)).toBe('1.2.3.4');
    expect(clientAddress(req(['6.6.6.6', '1.2.3.4']), 1)).toBe('1.2.3.4');
    expect(clientAddress(req(undefined), 1)).toBe('10.0.0.1');
    expect(clientAddress(req('1.2.3.4'), 5)).toBe('1.2.3.4');
    expect(webConfigFromEnv({ WEB_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(webConfigFromEnv({ WEB_TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(webConfigFromEnv({ WEB_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(webConfigFromEnv({}).trustProxy).toBe(0);
    expect(() => webConfigFromEnv({ WEB_TRUST_PROXY: 'yes please' })).toThrow(/WEB_TRUST_PROXY/);
  });

  it('without WEB_TRUST_PROXY, X-Forwarded-For is not looked at', async () => {
    const t0 = Date.now();
    const w = await web({ WEB_RATE_LIMIT: '5' }, () => t0);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await ask(w.url, { 'x-forwarded-for': spoof(i) })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
  });
});

const upload = (base: string, headers: Record<string, string>, body: string = MISPRINTED) => fetch(`${base}/api/check?name=r.txt`, { method: 'POST', headers, body });

describe('the staff token', () => {
  it('200 guesses meet 429: the token is checked after the rate limit', async () => {
    const w = await web({ WEB_STAFF_TOKEN: 'right-token' });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await upload(w.url, { 'content-type': 'application/octet-stream', 'x-staff-token': `guess-${i}` })).status);
    // an upload costs 5 of the 30 a minute
    expect(statuses.slice(0, 6)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(statuses.slice(6).every((s) => s === 429)).toBe(true);
  });

  it('failed guesses are limited per client even where the rate limit is high: 10, then 429 for that client, right token or not', async () => {
    const w = await web({ WEB_STAFF_TOKEN: 'right-token', WEB_RATE_LIMIT: '100000', WEB_TRUST_PROXY: '1' });
    const guess = (i: number, from: string) => upload(w.url, { 'content-type': 'application/octet-stream', 'x-staff-token': `guess-${i}`, 'x-forwarded-for': from });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await guess(i, '7.7.7.7')).status);
    expect(statuses.filter((s) => s === 403)).toHaveLength(10);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    const locked = await upload(w.url, { 'content-type': 'application/octet-stream', 'x-staff-token': 'right-token', 'x-forwarded-for': '7.7.7.7' });
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: string }).error).toMatch(/口令错误次数过多/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // another client with the right token is not held up
    expect((await upload(w.url, { 'content-type': 'application/octet-stream', 'x-staff-token': 'right-token', 'x-forwarded-for': '8.8.8.8' })).status).toBe(200);
  });

  it('without a staff token on the server, anyone may upload, under a stricter limit of its own (WEB_UPLOAD_RATE_LIMIT an hour)', async () => {
    const w = await web({ WEB_UPLOAD_RATE_LIMIT: '3', WEB_RATE_LIMIT: '1000' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await upload(w.url, { 'content-type': 'application/octet-stream' })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await ask(w.url)).status).toBe(200);
  });
});

describe('posts from other sites', () => {
  let w: WebHandle;
  beforeAll(async () => {
    w = await web({ WEB_RATE_LIMIT: '1000', WEB_UPLOAD_RATE_LIMIT: '1000' });
  });

  it('/api/ask takes only application/json: the types a form on another site can send without a preflight are refused', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await ask(w.url, { 'content-type': type });
      expect(res.status).toBe(415);
      expect(((await res.json()) as { error: string }).error).toMatch(/application\/json/);
    }
    const none = await fetch(`${w.url}/api/ask`, { method: 'POST', body: new Blob([JSON.stringify({ question: FIGURE_Q })]) });
    expect(none.status).toBe(415);
    expect((await ask(w.url, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it('/api/check takes the file as application/octet-stream, or a multipart form from this site only', async () => {
    expect((await upload(w.url, { 'content-type': 'text/plain' })).status).toBe(415);
    const form = () => {
      const f = new FormData();
      f.set('file', new Blob([MISPRINTED]), '天津 工信局.txt');
      return f;
    };
    // from another site (a browser says so in Origin and Sec-Fetch-Site)
    const cross = await fetch(`${w.url}/api/check`, { method: 'POST', headers: { origin: 'https://evil.example.com' }, body: form() });
    expect(cross.status).toBe(403);
    expect(((await cross.json()) as { error: string }).error).toMatch(/本站页面/);
    expect((await fetch(`${w.url}/api/check`, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' }, body: form() })).status).toBe(403);
    // from this site's own page, and from a script (no Origin)
    const own = await fetch(`${w.url}/api/check`, { method: 'POST', headers: { origin: w.url, 'sec-fetch-site': 'same-origin' }, body: form() });
    expect(own.status).toBe(200);
    const { file, check } = (await own.json()) as { file: string; check: { agency: string } };
    expect(file).toBe('天津_工信局.txt');
    expect(check.agency).toBe('天津市工业和信息化局');
    expect((await fetch(`${w.url}/api/check`, { method: 'POST', body: form() })).status).toBe(200);
    // the raw file
    expect((await upload(w.url, { 'content-type': 'application/octet-stream' })).status).toBe(200);
  });
});
