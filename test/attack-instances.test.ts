// Attack (issue 26): instances follow the store. Two `npm start` instances started as
// docs/deploy.md says (GONGKAI_SCAN=0: answering from the store, reading no folder) on an empty
// store; then one `npm run ingest` adds a report, and a staff upload on one instance adds another:
// both instances answer from each within seconds, and /healthz counts what the store holds. On
// the lowdb file store always; on PostgreSQL too when DATABASE_URL is set (its own schema).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, TIANJIN, TIANJIN_TEXT } from './helpers/tianjin.js';
import { webUrlOf } from './helpers/web-start.js';

const PG = process.env.DATABASE_URL?.trim() || undefined;
if (!PG) console.log('attack-instances.test.ts: the PostgreSQL case skipped — DATABASE_URL is not set (the file store case runs).');

const children: ChildProcess[] = [];
const tmps: string[] = [];
const schemas: string[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const t of tmps) rmSync(t, { recursive: true, force: true });
  if (PG && schemas.length) {
    const { connect } = await import('../src/store/sql.js');
    const sql = await connect(PG);
    for (const s of schemas) await sql.exec(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
    await sql.close();
  }
});

const GXJ_Q = '天津市工信局2020年收到多少政府信息公开申请？';
const KJJ_Q = '天津市科技局2020年收到多少政府信息公开申请？';

function start(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'bots', 'main.ts')], {
    cwd: REPO,
    env: { ...process.env, REDIS_URL: '', DATABASE_URL: '', GONGKAI_STORE: '', TELEGRAM_BOT_TOKEN: '', WECHATY_PUPPET: '', WECHAT_MP_TOKEN: '', WECOM_TOKEN: '', WEB_PORT: '0', HOST: '127.0.0.1', GONGKAI_SCAN: '0', WEB_STAFF_TOKEN: 'staff', WEB_RATE_LIMIT: '10000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return webUrlOf(child, 40_000);
}

function ingest(env: Record<string, string>, file: string): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src', 'cli', 'ingest.ts'), file], {
    cwd: REPO,
    env: { ...process.env, REDIS_URL: '', DATABASE_URL: '', GONGKAI_STORE: '', ...env },
    stdio: 'ignore',
  });
  children.push(child);
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

const ask = async (url: string, question: string) =>
  ((await (await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) })).json()) as { answer: string }).answer;
const health = async (url: string) => ((await (await fetch(`${url}/healthz`)).json()) as { reports: number }).reports;

/** Milliseconds until every instance answers the question with the figure. */
async function seenBy(urls: string[], question: string, since: number): Promise<number> {
  for (;;) {
    const answers = await Promise.all(urls.map((u) => ask(u, question)));
    if (answers.every((a) => a.includes('23件'))) return Date.now() - since;
    if (Date.now() - since > 10_000) throw new Error(`not answered within 10 s: ${answers.join(' | ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const stores = [
  { name: 'the lowdb file store', skip: false, env: (tmp: string): Record<string, string> => ({ GONGKAI_STORE: join(tmp, 'store.json') }) },
  {
    name: 'PostgreSQL (DATABASE_URL)',
    skip: !PG,
    env: (): Record<string, string> => {
      const schema = `attack_inst_${process.pid}_${Date.now() % 100000}`;
      schemas.push(schema);
      return { DATABASE_URL: PG!, GONGKAI_PG_SCHEMA: schema };
    },
  },
];

for (const s of stores) {
  describe.skipIf(s.skip)(`two instances and one ingest: ${s.name}`, () => {
    it('a report ingested, and one uploaded on one instance, are answered by both within 10 s; /healthz counts the store', async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'gongkai-attack-inst-'));
      tmps.push(tmp);
      const knowledge = join(tmp, 'knowledge');
      mkdirSync(knowledge);
      const env = { ...s.env(tmp), KNOWLEDGE_DIR: knowledge };
      const [a, b] = await Promise.all([start({ ...env, WEB_DATA_DIR: join(tmp, 'a') }), start({ ...env, WEB_DATA_DIR: join(tmp, 'b') })]);
      expect(await health(a)).toBe(0);
      expect(await ask(b, GXJ_Q)).toContain('知识库中还没有任何报告');
      // one ingest, from outside either instance
      const t0 = Date.now();
      expect(await ingest(env, TIANJIN)).toBe(0);
      const ingested = await seenBy([a, b], GXJ_Q, t0);
      expect(ingested).toBeLessThan(10_000);
      expect([await health(a), await health(b)]).toEqual([1, 1]);
      // a staff upload added on A: answered on B too
      const t1 = Date.now();
      const up = await fetch(`${a}/api/check?name=kjj-2020.txt&add=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'x-staff-token': 'staff' },
        body: TIANJIN_TEXT.replaceAll('天津市工业和信息化局', '天津市科学技术局'),
      });
      expect(((await up.json()) as { added: string }).added).toBe('已加入知识库');
      expect(await seenBy([a, b], KJJ_Q, t1)).toBeLessThan(10_000);
      expect([await health(a), await health(b)]).toEqual([2, 2]);
    }, 90_000);
  });
}
