// Two bot instances (two `npm start` processes with the web server) on one shared state (Redis, or
// PostgreSQL): a conversation begun on one continues on the other. Runs when REDIS_URL or
// DATABASE_URL is set (CI sets them when the machine has the servers); skipped, saying so, when not.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from './helpers/tianjin.js';
import { webUrlOf } from './helpers/web-start.js';

const shared = process.env.REDIS_URL?.trim() || process.env.DATABASE_URL?.trim();
if (!shared) console.log('instances.test.ts: skipped — neither REDIS_URL nor DATABASE_URL is set (two instances need a shared state).');

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

async function instance(tmp: string, name: string): Promise<string> {
  const child = spawn(join(REPO, 'node_modules', '.bin', 'tsx'), [join(REPO, 'bots', 'main.ts')], {
    cwd: REPO,
    // the knowledge from a file store of the test's own; the conversations in the shared state, under a prefix of this run
    env: { ...process.env, WEB_PORT: '0', HOST: '127.0.0.1', GONGKAI_STORE: join(tmp, `store-${name}.json`), WEB_DATA_DIR: join(tmp, `data-${name}`), GONGKAI_DATA_DIR: join(tmp, `data-${name}`), REDIS_PREFIX: `gongkai-test-${process.pid}:`, TELEGRAM_BOT_TOKEN: '', WECHATY_PUPPET: '', WECHAT_MP_TOKEN: '', WECOM_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return webUrlOf(child, 40_000);
}

const ask = async (url: string, question: string, conversation: string) =>
  (await (await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question, conversation }) })).json()) as { answer: string; figures: { value: number }[] };

describe.skipIf(!shared)('two bot instances on one shared state', () => {
  it('a conversation begun on one instance continues on the other', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gongkai-instances-'));
    const [a, b] = await Promise.all([instance(tmp, 'a'), instance(tmp, 'b')]);
    const id = `two-${process.pid}-${Date.now()}`;
    expect((await ask(a, '天津市工信局2020年收到多少政府信息公开申请？', id)).figures[0]!.value).toBe(23);
    const follow = await ask(b, '那企业呢', id);
    expect(follow.figures[0]!.value).toBe(3);
    expect(follow.answer).toContain('商业企业3件');
  }, 90_000);
});
