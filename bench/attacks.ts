// The figures of issue 26's "Done when", measured on real `npm start` processes:
//   npx tsx bench/attacks.ts [uploads] [state] [proxy] [instances]     (all four when none is named)
// - uploads: 3 zip bombs (2 .docx, 1 .xlsx, about 1 MB each) and 6 PDFs of 299 heavy pages uploaded
//   at once; /healthz and /api/ask timed every 100 ms meanwhile; the server's peak RSS (VmHWM);
// - state: Redis (REDIS_URL) made unreachable through a TCP proxy — stopped, then hung — under two
//   instances: each question's time, and from its return until a conversation is shared again;
// - proxy: behind a reverse proxy appending X-Forwarded-For, a client rotating a spoofed one sends
//   100 questions; 200 staff-token guesses;
// - instances: two instances (GONGKAI_SCAN=0) and one `npm run ingest`, on the file store and on
//   PostgreSQL (DATABASE_URL): until both answer from the new report.
// Writes bench/out/attacks.json. Never stops the machine's Redis or PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docxBomb, heavyPdf, xlsxBomb } from '../test/helpers/bombs.js';
import { TcpProxy } from '../test/helpers/tcp-proxy.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const Q = '天津市工信局2020年收到多少政府信息公开申请？';
const children: ChildProcess[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'gongkai-attacks-'));
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

const quiet = { REDIS_URL: '', DATABASE_URL: '', GONGKAI_STORE: '', TELEGRAM_BOT_TOKEN: '', WECHATY_PUPPET: '', WECHAT_MP_TOKEN: '', WECOM_TOKEN: '', WEB_PORT: '0', HOST: '127.0.0.1' };

interface Server {
  url: string;
  pid: number;
  log(): string;
}

async function server(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'bots', 'main.ts')], { cwd: REPO, env: { ...process.env, ...quiet, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let err = '';
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no start: ${err}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /网页与接口已启动：(http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    child.once('exit', (code) => rej(new Error(`exited ${code}: ${err}`)));
  });
  return { url, pid: child.pid!, log: () => err };
}

/** Resident memory of a process, MB: now (VmRSS) and its peak (VmHWM). Linux. */
function rss(pid: number): { now: number; peak: number } {
  const s = existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(s)?.[1] ?? NaN) / 1024;
  return { now: Math.round(kb('VmRSS')), peak: Math.round(kb('VmHWM')) };
}

async function ask(url: string, question = Q, conversation?: string, headers: Record<string, string> = {}) {
  const t = performance.now();
  const res = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ question, conversation }) });
  const data = (await res.json()) as { answer?: string; error?: string };
  return { status: res.status, ms: performance.now() - t, answer: data.answer ?? data.error ?? '' };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};
const summary = (xs: number[]) => ({ n: xs.length, p50: pct(xs, 50), p99: pct(xs, 99), max: Math.round(Math.max(...xs) * 10) / 10 });

async function uploads(queue?: string) {
  const [d1, d2, x1, pdf] = await Promise.all([docxBomb(300), docxBomb(300), xlsxBomb(300), heavyPdf(299, 20_000)]);
  const s = await server({ GONGKAI_STORE: join(tmp, `up-${queue ?? 'default'}.json`), WEB_DATA_DIR: join(tmp, 'up-data'), WEB_RATE_LIMIT: '100000', WEB_UPLOAD_RATE_LIMIT: '1000', ...(queue ? { WEB_UPLOAD_QUEUE: queue } : {}) });
  const before = rss(s.pid);
  const files: [string, Uint8Array][] = [['a.docx', d1], ['b.docx', d2], ['c.xlsx', x1], ...Array.from({ length: 6 }, (_, i): [string, Uint8Array] => [`heavy-${i}.pdf`, pdf])];
  const t0 = performance.now();
  const results = Promise.all(
    files.map(async ([name, body]) => {
      const res = await fetch(`${s.url}/api/check?name=${name}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body });
      const data = (await res.json()) as { error?: string };
      return { name, bytes: body.length, status: res.status, retryAfter: res.headers.get('retry-after'), s: Math.round(performance.now() - t0) / 1000, error: data.error?.slice(0, 60) };
    }),
  );
  let done = false;
  void results.finally(() => (done = true));
  const healthz: number[] = [];
  const asks: number[] = [];
  let peakNow = 0;
  while (!done) {
    let t = performance.now();
    await fetch(`${s.url}/healthz`).then((r) => r.json());
    healthz.push(performance.now() - t);
    t = performance.now();
    const a = await ask(s.url);
    if (!a.answer.includes('23件')) throw new Error(`wrong answer during uploads: ${a.answer}`);
    asks.push(a.ms);
    peakNow = Math.max(peakNow, rss(s.pid).now);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { queue: queue ?? 'default (4)', files: await results, rssBeforeMB: before.now, rssPeakMB: rss(s.pid).peak, rssSampledMaxMB: peakNow, healthzMs: summary(healthz), askMs: summary(asks), seconds: Math.round(performance.now() - t0) / 1000 };
}

async function state() {
  const url = process.env.REDIS_URL?.trim();
  if (!url) return { skipped: 'REDIS_URL not set' };
  const target = new URL(url);
  const proxy = await TcpProxy.start(target.hostname, Number(target.port || 6379));
  const env = { REDIS_URL: TcpProxy.via(url, proxy), GONGKAI_STATE_PREFIX: `gongkai-attacks-${process.pid}:`, WEB_RATE_LIMIT: '100000' };
  const [a, b] = await Promise.all([server({ ...env, GONGKAI_STORE: join(tmp, 'sa.json'), WEB_DATA_DIR: join(tmp, 'sa') }), server({ ...env, GONGKAI_STORE: join(tmp, 'sb.json'), WEB_DATA_DIR: join(tmp, 'sb') })]);
  const out: Record<string, unknown> = {};
  for (const mode of ['stop', 'hang'] as const) {
    if (mode === 'stop') await proxy.stop();
    else proxy.hang();
    const times: number[] = [];
    let followUps = 0;
    for (let i = 0; i < 20; i++) {
      const id = `m-${mode}-${i}-${Date.now()}`;
      const x = i % 2 ? b : a;
      const first = await ask(x.url, Q, id);
      const follow = await ask(x.url, '那企业呢', id);
      times.push(first.ms, follow.ms);
      if (follow.answer.includes('商业企业3件')) followUps++;
    }
    await proxy.resume();
    const back = performance.now();
    let shared = -1;
    for (let k = 0; k < 200; k++) {
      const id = `back-${mode}-${k}-${Date.now()}`;
      await ask(a.url, Q, id);
      if ((await ask(b.url, '那企业呢', id)).answer.includes('商业企业3件')) {
        shared = Math.round(performance.now() - back);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    out[mode] = { questionMs: summary(times), followUpsKept: `${followUps}/20`, sharedAgainAfterMs: shared };
  }
  await proxy.close();
  return out;
}

/** A reverse proxy appending the address it saw to X-Forwarded-For (nginx: $proxy_add_x_forwarded_for). */
async function reverseProxy(target: string): Promise<string> {
  const t = new URL(target);
  const srv = createServer((req, res) => {
    const xff = req.headers['x-forwarded-for'];
    const seen = req.socket.remoteAddress ?? '';
    const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': xff ? `${xff}, ${seen}` : seen } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  srv.unref();
  return `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
}

async function proxyLimits() {
  const s = await server({ GONGKAI_STORE: join(tmp, 'px.json'), WEB_DATA_DIR: join(tmp, 'px'), WEB_TRUST_PROXY: '1', WEB_STAFF_TOKEN: 'the-right-token' });
  const front = await reverseProxy(s.url);
  const t0 = performance.now();
  const statuses: number[] = [];
  for (let i = 0; i < 100; i++) statuses.push((await ask(front, Q, undefined, { 'x-forwarded-for': `${(i * 37) % 223}.${i % 250}.${(i * 7) % 249}.1` })).status);
  const spoofed = { sent: 100, answered: statuses.filter((x) => x === 200).length, refused429: statuses.filter((x) => x === 429).length, seconds: Math.round(performance.now() - t0) / 1000 };
  // the staff token, on a server of its own (the client above has used its minute): with the default
  // limit (an upload costs 5 of 30), and with the limit lifted (only the failed guesses limited)
  const tokenGuesses: Record<string, unknown> = {};
  for (const [name, limit] of [['defaultRateLimit', '30'], ['rateLimitLifted', '100000']] as const) {
    const t = await server({ GONGKAI_STORE: join(tmp, `tk-${name}.json`), WEB_DATA_DIR: join(tmp, `tk-${name}`), WEB_TRUST_PROXY: '1', WEB_STAFF_TOKEN: 'the-right-token', WEB_RATE_LIMIT: limit });
    const via = await reverseProxy(t.url);
    const guesses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${via}/api/check?name=r.txt`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-staff-token': `guess-${i}` }, body: 'x' });
      guesses.push(res.status);
    }
    const count = (c: number) => guesses.filter((x) => x === c).length;
    tokenGuesses[name] = { sent: 200, refused403: count(403), limited429: count(429), first429At: guesses.indexOf(429) + 1 };
  }
  return { spoofedXForwardedFor: spoofed, tokenGuesses };
}

async function instances() {
  const out: Record<string, unknown> = {};
  const stores: [string, (dir: string) => Record<string, string>][] = [['file', (dir) => ({ GONGKAI_STORE: join(dir, 'store.json') })]];
  if (process.env.DATABASE_URL?.trim()) stores.push(['postgres', () => ({ DATABASE_URL: process.env.DATABASE_URL!.trim(), GONGKAI_PG_SCHEMA: `attacks_${process.pid}` })]);
  for (const [name, envOf] of stores) {
    const dir = join(tmp, `inst-${name}`);
    mkdirSync(join(dir, 'knowledge'), { recursive: true });
    const env = { ...envOf(dir), KNOWLEDGE_DIR: join(dir, 'knowledge'), GONGKAI_SCAN: '0', WEB_RATE_LIMIT: '100000' };
    const [a, b] = await Promise.all([server({ ...env, WEB_DATA_DIR: join(dir, 'a') }), server({ ...env, WEB_DATA_DIR: join(dir, 'b') })]);
    const before = await Promise.all([a, b].map(async (x) => ((await (await fetch(`${x.url}/healthz`)).json()) as { reports: number }).reports));
    const t0 = performance.now();
    const ingest = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src', 'cli', 'ingest.ts'), join(REPO, 'knowledge', 'tianjin-gxj-2020.txt')], { cwd: REPO, env: { ...process.env, ...quiet, ...env }, stdio: 'ignore' });
    children.push(ingest);
    let ingestDone = 0;
    void new Promise((r) => ingest.once('exit', r)).then(() => (ingestDone = performance.now()));
    const seen: Record<string, number> = {};
    while (Object.keys(seen).length < 2 && performance.now() - t0 < 30_000) {
      for (const [k, x] of [['a', a], ['b', b]] as const) if (!(k in seen) && (await ask(x.url)).answer.includes('23件')) seen[k] = performance.now();
      await new Promise((r) => setTimeout(r, 50));
    }
    const after = await Promise.all([a, b].map(async (x) => ((await (await fetch(`${x.url}/healthz`)).json()) as { reports: number }).reports));
    const last = Math.max(...Object.values(seen));
    out[name] = { healthzBefore: before, healthzAfter: after, ingestProcessMs: Math.round(ingestDone - t0), bothAnswerMsFromIngestStart: Math.round(last - t0), bothAnswerMsAfterIngestExit: Math.round(last - ingestDone) };
    if (name === 'postgres') {
      const { connect } = await import('../src/store/sql.js');
      const sql = await connect(process.env.DATABASE_URL!.trim());
      await sql.exec(`DROP SCHEMA IF EXISTS attacks_${process.pid} CASCADE`).catch(() => undefined);
      await sql.close();
    }
  }
  return out;
}

const wanted = process.argv.slice(2);
const all = !wanted.length;
const results: Record<string, unknown> = { node: process.version, at: new Date().toISOString() };
if (all || wanted.includes('uploads')) results.uploads = await uploads();
if (wanted.includes('uploads-all')) results.uploadsAllRead = await uploads('9');
if (all || wanted.includes('state')) results.redisOutage = await state();
if (all || wanted.includes('proxy')) results.proxy = await proxyLimits();
if (all || wanted.includes('instances')) results.instances = await instances();
mkdirSync(join(REPO, 'bench', 'out'), { recursive: true });
writeFileSync(join(REPO, 'bench', 'out', 'attacks.json'), JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, null, 2));
process.exit(0);
