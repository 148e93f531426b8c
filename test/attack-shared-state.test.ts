// Attack (issue 26): the shared state taken away mid-run. Two `npm start` instances reach Redis
// (REDIS_URL) — or PostgreSQL's kv table (DATABASE_URL) — through a TCP proxy this test starts; the
// proxy then stops (connections closed, new ones refused) or hangs (nothing passes), and comes back.
// Meanwhile every question is answered at once, follow-ups go on within one instance, the web
// rate limit still holds, the outage and the recovery are each said once in the log, and once the
// state is back, a conversation begun on one instance continues on the other. The servers
// themselves are never stopped. Skipped, saying so, without REDIS_URL or DATABASE_URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createChat } from '../src/conversation/chat.js';
import { ingestIntoStore, openKnowledge } from '../src/knowledge.js';
import { openPgStore } from '../src/store/pg.js';
import { REPO, TIANJIN, TIANJIN_TEXT } from './helpers/tianjin.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { webUrlOf } from './helpers/web-start.js';

const REDIS = process.env.REDIS_URL?.trim() || undefined;
const PG = process.env.DATABASE_URL?.trim() || undefined;
if (!REDIS) console.log('attack-shared-state.test.ts: Redis skipped — REDIS_URL is not set.');
if (!PG) console.log('attack-shared-state.test.ts: PostgreSQL skipped — DATABASE_URL is not set.');

const FIGURE_Q = '天津市工信局2020年收到多少政府信息公开申请？';
const children: ChildProcess[] = [];
const tmps: string[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const t of tmps) rmSync(t, { recursive: true, force: true });
});

interface Instance {
  url: string;
  /** what the process has written to stderr so far */
  log(): string;
}

async function instance(tmp: string, name: string, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'bots', 'main.ts')], {
    cwd: REPO,
    env: {
      ...process.env,
      REDIS_URL: '',
      DATABASE_URL: '',
      WEB_PORT: '0',
      HOST: '127.0.0.1',
      GONGKAI_STORE: join(tmp, `store-${name}.json`),
      WEB_DATA_DIR: join(tmp, `data-${name}`),
      GONGKAI_DATA_DIR: join(tmp, `data-${name}`),
      WEB_RATE_LIMIT: '40',
      TELEGRAM_BOT_TOKEN: '',
      WECHATY_PUPPET: '',
      WECHAT_MP_TOKEN: '',
      WECOM_TOKEN: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return { url: await webUrlOf(child, 40_000), log: () => err };
}

async function ask(url: string, question: string, conversation: string, from = '10.0.0.1'): Promise<{ status: number; ms: number; answer: string }> {
  const t = Date.now();
  const res = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: JSON.stringify({ question, conversation }) });
  const data = (await res.json()) as { answer?: string; error?: string };
  return { status: res.status, ms: Date.now() - t, answer: data.answer ?? data.error ?? '' };
}

const count = (text: string, part: string) => text.split(part).length - 1;

const backends = [
  { name: 'Redis', url: REDIS, env: (url: string, run: string): Record<string, string> => ({ REDIS_URL: url, GONGKAI_STATE_PREFIX: `gongkai-attack-${run}:` }) },
  { name: 'PostgreSQL', url: PG, env: (url: string, run: string): Record<string, string> => ({ DATABASE_URL: url, GONGKAI_PG_SCHEMA: `attack_${run}` }) },
];

for (const backend of backends) {
  describe.skipIf(!backend.url)(`the shared state (${backend.name}) taken away mid-run`, () => {
    let proxy: TcpProxy;
    let a: Instance;
    let b: Instance;
    const run = `${process.pid}_${Date.now() % 100000}`;
    const word = `共享状态（${backend.name}）`;

    it('two instances share conversations through the proxy', async () => {
      const target = new URL(backend.url!);
      proxy = await TcpProxy.start(target.hostname, Number(target.port || (backend.name === 'Redis' ? 6379 : 5432)));
      const tmp = mkdtempSync(join(tmpdir(), 'gongkai-attack-state-'));
      tmps.push(tmp);
      // the instances' web rate limit counted per client across both; each client its own X-Forwarded-For
      const env = { ...backend.env(TcpProxy.via(backend.url!, proxy), run), WEB_TRUST_PROXY: '1' };
      [a, b] = await Promise.all([instance(tmp, 'a', env), instance(tmp, 'b', env)]);
      expect((await ask(a.url, FIGURE_Q, `before-${run}`)).answer).toContain('23件');
      expect((await ask(b.url, '那企业呢', `before-${run}`)).answer).toContain('商业企业3件');
    }, 90_000);

    for (const outage of ['stop', 'hang'] as const) {
      it(`${outage === 'stop' ? 'stopped (connections closed, new ones refused)' : 'hung (nothing passes)'}: every question answered at once, follow-ups kept within an instance, said once`, async () => {
        if (outage === 'stop') await proxy.stop();
        else proxy.hang();
        const slow: number[] = [];
        for (let i = 0; i < 6; i++) {
          const id = `${outage}-${i}-${run}`;
          const first = await ask(i % 2 ? b.url : a.url, FIGURE_Q, id, `10.1.${i}.1`);
          const follow = await ask(i % 2 ? b.url : a.url, '那企业呢', id, `10.1.${i}.1`);
          expect(first.answer).toContain('23件');
          expect(follow.answer).toContain('商业企业3件');
          slow.push(first.ms, follow.ms);
        }
        // answered at once (the issue measured 45 s a question): the first call waits for the timeout at most
        expect(Math.max(...slow)).toBeLessThan(2000);
        // the web limit holds meanwhile, per instance: 40 a minute per client
        const statuses: number[] = [];
        for (let i = 0; i < 42; i++) statuses.push((await ask(a.url, FIGURE_Q, `limit-${outage}-${run}`, `10.2.${outage === 'stop' ? 1 : 2}.1`)).status);
        expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
        for (const x of [a, b]) expect(count(x.log(), `${word}不可用`)).toBe(outage === 'stop' ? 1 : 2);
        // back: within 5 s, a conversation begun on one instance continues on the other
        await proxy.resume();
        const back = Date.now();
        for (let k = 0; ; k++) {
          const id = `back-${outage}-${k}-${run}`;
          await ask(a.url, FIGURE_Q, id, '10.3.0.1');
          if ((await ask(b.url, '那企业呢', id, '10.3.0.1')).answer.includes('商业企业3件')) break;
          expect(Date.now() - back).toBeLessThan(5000);
          await new Promise((r) => setTimeout(r, 100));
        }
        for (const x of [a, b]) {
          await expect.poll(() => count(x.log(), `${word}已恢复`), { timeout: 5000 }).toBe(outage === 'stop' ? 1 : 2);
          // in words, without the server's address
          for (const line of x.log().split('\n').filter((l) => l.includes(word))) expect(line).not.toMatch(/ECONNREFUSED|\d+\.\d+\.\d+\.\d+|:\d{4}|postgres:|redis:/);
        }
      }, 60_000);
    }

    afterAll(async () => {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      await proxy?.close();
      if (backend.name === 'PostgreSQL') {
        const { connect } = await import('../src/store/sql.js');
        const sql = await connect(backend.url!);
        await sql.exec(`DROP SCHEMA IF EXISTS attack_${run} CASCADE`).catch(() => undefined);
        await sql.close();
      }
    });
  });
}

describe.skipIf(!PG)('the knowledge database taken away mid-run (DATABASE_URL)', () => {
  const schema = `attack_store_${process.pid}_${Date.now() % 100000}`;
  let proxy: TcpProxy | undefined;
  afterAll(async () => {
    await proxy?.close();
    const { connect } = await import('../src/store/sql.js');
    const sql = await connect(PG!);
    await sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await sql.close();
  });

  it('an instance answering on demand answers from the reports it holds, says 知识库暂时无法读取 in words for the others, and reconnects', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gongkai-attack-store-'));
    tmps.push(tmp);
    const dir = join(tmp, 'knowledge');
    mkdirSync(dir);
    copyFileSync(TIANJIN, join(dir, 'gxj-2020.txt'));
    writeFileSync(join(dir, 'kjj-2020.txt'), TIANJIN_TEXT.replaceAll('天津市工业和信息化局', '天津市科学技术局'));
    const direct = await openPgStore(PG!, { schema });
    await ingestIntoStore([dir], { dir, store: direct });
    await direct.close();
    const target = new URL(PG!);
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    const logs: string[] = [];
    const knowledge = await openKnowledge({ dir, store: await openPgStore(TcpProxy.via(PG!, proxy), { schema }), scan: false, log: (l) => logs.push(l) });
    const chat = createChat({ knowledge });
    const GXJ = '天津市工信局2020年收到多少政府信息公开申请？';
    const KJJ = '天津市科技局2020年收到多少政府信息公开申请？';
    expect((await chat.ask('c1', GXJ)).rendered.text).toContain('23件');
    await proxy.stop();
    for (let i = 0; i < 3; i++) {
      const t = Date.now();
      const reply = (await chat.ask(`c2-${i}`, KJJ)).rendered.text;
      expect(reply).toContain('知识库（数据库）暂时无法读取，请稍后再问');
      expect(reply).not.toMatch(/postgres|127\.0\.0\.1|:\d{4}|ECONN/);
      expect(Date.now() - t).toBeLessThan(4000);
      // what this instance holds goes on being answered
      expect((await chat.ask(`c3-${i}`, GXJ)).rendered.text).toContain('23件');
    }
    expect(logs.filter((l) => l.includes('知识库数据库不可用'))).toHaveLength(1);
    await proxy.resume();
    const back = Date.now();
    for (;;) {
      if ((await chat.ask('c4', KJJ)).rendered.text.includes('23件')) break;
      expect(Date.now() - back).toBeLessThan(5000);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(logs.filter((l) => l.includes('知识库数据库已恢复'))).toHaveLength(1);
    await knowledge.store?.close();
  }, 60_000);
});
