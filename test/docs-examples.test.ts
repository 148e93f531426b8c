// The docs' examples run against the code, so that a doc that drifts from it fails:
// - README's console session: its questions typed into `npm start` on the bundled knowledge; each
//   reply must show the figures (numbers with their units) and the source lines the example shows,
//   no more and no fewer — the wording around them may change without touching this test;
// - README's 报告自检 example: its commands run, the lines it shows found in order ("…" leaves lines out);
// - README's `ask --json` line: the keys of the JSON it prints;
// - docs/web.md: `WEB_PORT=… npm start`, its curl calls to /api/ask (the keys, figures, citations and
//   conversation shown) and /api/check (the keys it names, for each way of sending the file), and
//   the upload types it lists;
// - docs/wechat-official.md: its shell lines (signature, URL check → hello, a text message) against
//   the same server with the doc's token;
// - docs/telegram.md: the fake Bot API and `npm start` as its two terminals say, then its curl calls.
// Commands run in bash as written, with free ports for the doc's 8080 and 8081, and `npm start`,
// `npm run X --` and `npx tsx` spelled out as package.json and node_modules say (no npm process in
// between). Without bash and curl the curl examples are skipped, saying so.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../src/ingest/index.js';
import { wpsPdf } from './helpers/published.js';
import { stderrMatch } from './helpers/web-start.js';
import { REPO, TIANJIN } from './helpers/tianjin.js';

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-docs-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, 'SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

const doc = (file: string) => readFileSync(join(REPO, file), 'utf8');
/** The fenced code blocks of a Markdown text, in order. */
function codeBlocks(md: string): { lang: string; text: string }[] {
  return [...md.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }));
}
/** The first block of a doc after a heading (or any text) and holding a string. */
function blockAfter(md: string, after: string, holding = ''): string {
  const b = codeBlocks(md.slice(md.indexOf(after))).find((x) => x.text.includes(holding));
  if (!b) throw new Error(`no code block after "${after}" holding "${holding}"`);
  return b.text;
}

const scripts = (JSON.parse(doc('package.json')) as { scripts: Record<string, string> }).scripts;
/** A doc's command line as it runs here: npm start / npm run X -- / npx tsx spelled out, the doc's ports replaced. */
function runnable(cmd: string, ports: Record<string, string> = {}): string {
  let c = cmd
    .replace(/\bnpm start\b/g, scripts['start']!.replace('node scripts/', `node ${REPO}/scripts/`))
    .replace(/\bnpm run (?:--silent )?(\w+) --/g, (_, name: string) => scripts[name]!.replace('node scripts/', `node ${REPO}/scripts/`))
    .replace(/\bnpx tsx\b/g, join(REPO, 'node_modules', '.bin', 'tsx'));
  for (const [from, to] of Object.entries(ports)) c = c.replaceAll(from, to);
  return c;
}

/** The environment a doc's command runs in: no platform, database or Redis of the developer's; files in tmp. */
function env(more: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GONGKAI_STORE: join(tmp, 'store.json'), GONGKAI_DATA_DIR: join(tmp, 'data'), ...more };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_API_ROOT', 'WECHATY_PUPPET', 'WECHAT_MP_TOKEN', 'WECOM_TOKEN', 'WEB_PORT', 'KNOWLEDGE_DIR', 'NODE_OPTIONS'])
    if (!(k in more)) delete e[k];
  return e;
}

/** Runs shell lines in bash; stdout, or the failure with stderr. */
function bash(script: string, opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: opts.cwd ?? REPO, env: opts.env ?? env(), stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 || out ? resolve(out) : reject(new Error(`${script}\nexited ${code}: ${err}`))));
    // a command may exit before reading all its input: that is its answer, not a failure
    child.stdin?.on('error', () => {});
    child.stdin?.end(opts.input);
  });
}

/** A command left running (a server), in its own process group so that all of it can be stopped. */
function background(cmd: string, e: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn('bash', ['-c', cmd], { cwd: REPO, env: e, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  return child;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The figures a reply shows: each number with its unit (23件, 87%, 16个), as a sorted list of the distinct ones. */
function figures(text: string): string[] {
  return [...new Set([...text.matchAll(/\d+(?:\.\d+)?(?:%|件|个|项|万元|元|人次|次|条|家|名|篇)/g)].map((m) => m[0]))].sort();
}
const sources = (lines: string[]) => lines.filter((l) => l.startsWith('来源：')).sort();

const hasCurl = spawnSync('bash', ['-c', 'command -v curl && command -v sha1sum'], { encoding: 'utf8' }).status === 0;

describe("README's console session", () => {
  const readme = doc('README.md');
  const session = blockAfter(readme, '## Console session');
  const [banner, ...rest] = session.trimEnd().split('\n');
  // the turns shown: each question and the lines of its reply
  const turns = rest
    .join('\n')
    .split(/^问> /m)
    .filter(Boolean)
    .map((t) => {
      const [q, ...reply] = t.trimEnd().split('\n');
      return { q: q!, reply };
    });
  const setUp = blockAfter(readme, '## Set up', 'npm start');
  let out = '';
  beforeAll(async () => {
    // the Set up section's command: `npm start` with no platform configured is the console chat
    expect(setUp).toMatch(/npm install && npm start\s+# no platform configured: a console chat on the bundled knowledge/);
    out = await bash(runnable('npm start'), { input: turns.map((t) => t.q).join('\n') + '\n', env: env({ GONGKAI_STORE: join(tmp, 'console-store.json') }) });
  }, 60_000);

  it('shows the banner and the farewell as the console prints them', () => {
    expect(out.split('\n')[0]).toBe(banner);
    expect(turns.at(-1)).toEqual({ q: '/quit', reply: ['再见。'] });
    expect(out.trimEnd().endsWith('问> 再见。')).toBe(true);
  });

  it('each question gets a reply with the figures and source lines the example shows', () => {
    // the console writes 问>  before each reply (the question itself is typed, not printed)
    const replies = out.trimEnd().split('\n').slice(1).join('\n').split(/^问> /m).filter(Boolean);
    expect(replies).toHaveLength(turns.length);
    expect(turns.length).toBeGreaterThanOrEqual(8);
    turns.forEach((t, i) => {
      const real = replies[i]!.trimEnd().split('\n');
      const shown = t.reply.filter((l) => !l.startsWith('来源：')).join('\n');
      const said = real.filter((l) => !l.startsWith('来源：')).join('\n');
      expect({ q: t.q, figures: figures(said), sources: sources(real) }).toEqual({ q: t.q, figures: figures(shown), sources: sources(t.reply) });
    });
  });
});

describe("README's 报告自检 and ask --json examples", () => {
  const readme = doc('README.md');
  it('the check example: its commands print the lines it shows, in order', async () => {
    const block = blockAfter(readme, '## 报告自检', '$ npm run check');
    const dir = join(tmp, 'check');
    mkdirSync(dir);
    symlinkSync(join(REPO, 'knowledge'), join(dir, 'knowledge'));
    const commands = block.split('\n').filter((l) => l.startsWith('$ '));
    expect(commands.length).toBeGreaterThanOrEqual(2);
    // each command's output: what follows it up to the next command
    const shown = block.split(/^\$ .*\n/m).slice(1);
    for (const [i, c] of commands.entries()) {
      const real = (await bash(runnable(c.slice(2)), { cwd: dir })).split('\n');
      // the shown lines in runs between "…" lines; each run found whole, the runs in order
      let at = 0;
      for (const run of shown[i]!.trimEnd().split(/^\s*…\n?/m).filter((r) => r.trim())) {
        const lines = run.trimEnd().split('\n');
        const same = (k: number) => lines.every((l, j) => (l.endsWith('…') ? real[k + j]?.startsWith(l.slice(0, -1)) : real[k + j] === l));
        let k = at;
        while (k < real.length && !same(k)) k++;
        expect(k < real.length, `${c}: not printed in order:\n${run}\n--- printed:\n${real.join('\n')}`).toBe(true);
        at = k + lines.length;
      }
    }
  }, 60_000);

  it('ask --json prints the keys the commands table names', async () => {
    const row = readme.split('\n').find((l) => l.includes('ask -- --json'))!;
    const shape = /`(\{"question".*?\})`/.exec(row)![1]!;
    const out = await bash(runnable('npm run --silent ask -- --json'), { input: '天津市工信局2020年收到多少政府信息公开申请?\n' });
    const a = JSON.parse(out.trim()) as Record<string, unknown> & { figures: object[]; citations: object[] };
    const keys = (s: string) => [...s.matchAll(/"(\w+)"/g)].map((m) => m[1]);
    const [top, fig, cit] = [shape.replace(/\[\{.*?\}\]/g, ''), /"figures":\[\{(.*?)\}\]/.exec(shape)![1]!, /"citations":\[\{(.*?)\}\]/.exec(shape)![1]!];
    expect(Object.keys(a).sort()).toEqual(keys(top).sort());
    expect(Object.keys(a.figures[0]!).sort()).toEqual(keys(fig).sort());
    expect(Object.keys(a.citations[0]!).sort()).toEqual(keys(cit).sort());
  }, 60_000);
});

describe.skipIf(hasCurl)('the docs’ curl examples', () => {
  it('skipped: bash, curl or sha1sum is not installed', () => {
    expect(hasCurl).toBe(false);
  });
});

describe.skipIf(!hasCurl)('docs/web.md and docs/wechat-official.md against npm start', () => {
  const web = doc('docs/web.md');
  const mp = doc('docs/wechat-official.md');
  let base = '';
  beforeAll(async () => {
    // docs/web.md's "Run it" command, on a free port, with the 公众号 token docs/wechat-official.md exports
    const run = blockAfter(web, '## Run it', 'npm start').split('\n')[0]!;
    const token = /^export WECHAT_MP_TOKEN=(\S+)/m.exec(blockAfter(mp, '', 'export WECHAT_MP_TOKEN'))![1]!;
    const child = background(runnable(run, { 'WEB_PORT=8080': 'WEB_PORT=0' }), env({ WECHAT_MP_TOKEN: token, WEB_DATA_DIR: join(tmp, 'web') }));
    base = (await stderrMatch(child, /网页与接口已启动：(http:\/\/127\.0\.0\.1:\d+)\//, 60_000))[1]!;
    writeFileSync(join(tmp, 'report.pdf'), wpsPdf(await ingestFile(TIANJIN), '天津市工业和信息化局', '2020年政府信息公开工作年度报告', []));
  }, 90_000);
  const ports = () => ({ 'http://127.0.0.1:8080': base });

  it('POST /api/ask: the answer has the keys, figures, citations and conversation shown', async () => {
    const call = blockAfter(web, '## POST /api/ask', 'curl');
    const shown = JSON.parse(codeBlocks(web.slice(web.indexOf('## POST /api/ask'))).find((b) => b.lang === 'json')!.text) as Record<string, unknown>;
    const real = JSON.parse(await bash(runnable(call, ports()))) as Record<string, unknown>;
    expect(Object.keys(real).sort()).toEqual(Object.keys(shown).sort());
    for (const k of ['question', 'figures', 'citations', 'conversation']) expect(real[k], k).toEqual(shown[k]);
    expect(figures(String(real['answer']).split('\n')[0]!)).toEqual(figures(String(shown['answer']).split('\n')[0]!));
  });

  it('POST /api/check, as the file and as a form: the answer has the keys the doc names; the upload types are those /api/info lists', async () => {
    // each curl command of the block (continued lines joined), run where report.pdf is
    const calls = blockAfter(web, '## POST /api/check', 'curl').replace(/\\\n/g, ' ').split('\n').filter((l) => l.startsWith('curl'));
    expect(calls.length).toBeGreaterThanOrEqual(1);
    const named = /The answer is `(\{[\s\S]*?\}\})`/.exec(web)![1]!.replace(/\s+/g, ' ');
    const inner = /"check": \{(.*)\}\}$/.exec(named)![1]!;
    const words = (s: string) => [...s.replace(/\{[^{}]*\}/g, '').matchAll(/([a-z]+)/g)].map((m) => m[1]!);
    for (const call of calls) {
      const real = JSON.parse(await bash(runnable(call, ports()), { cwd: tmp })) as { file: string; check: Record<string, unknown> & { findings: object[] } };
      expect(Object.keys(real).sort(), call).toEqual(['check', 'file']);
      expect(Object.keys(real.check).sort()).toEqual(words(inner.replace(/\[\{[^\]]*\]/g, '')).sort());
      expect(Object.keys(real.check['tables'] as object).sort()).toEqual(['三', '二', '四']);
      expect(Object.keys(real.check.findings[0]!).sort()).toEqual(words(/findings: \[\{(.*?)\}\]/.exec(inner)![1]!).sort());
    }
    // "Readable types: `.pdf …` (`.doc` and `.xls` get a message …)": together, what the server takes
    const [, readable, others] = /Readable types: `([^`]+)` \(([^)]*)\)/.exec(web.replace(/\s*\n\s*/g, ' '))!;
    const types = [...readable!.split(' '), ...[...others!.matchAll(/`(\.\w+)`/g)].map((m) => m[1]!)];
    const info = (await (await fetch(`${base}/api/info`)).json()) as { extensions: string[] };
    expect(info.extensions.sort()).toEqual(types.sort());
  });

  it("the 公众号 URL check echoes, and a text message is answered with the figure and its source", async () => {
    const [check, message] = codeBlocks(mp.slice(mp.indexOf('## Try it without WeChat'))).filter((b) => b.text.includes('curl'));
    const expected = /# → (\S+)/.exec(check!.text)![1]!;
    // both blocks in one shell: the message uses the signature the first computed
    const out = await bash(`${runnable(check!.text, ports())}\necho\necho ----\n${runnable(message!.text, ports())}`);
    const [echoed, reply] = out.split('\n----\n');
    expect(echoed!.trim()).toBe(expected);
    expect(reply).toMatch(/<ToUserName><!\[CDATA\[oTestUser\]\]><\/ToUserName>/);
    expect(reply).toMatch(/<MsgType><!\[CDATA\[text\]\]><\/MsgType>/);
    const content = /<Content><!\[CDATA\[([\s\S]*?)\]\]><\/Content>/.exec(reply!)![1]!;
    expect(figures(content.split('\n')[0]!)).toContain('23件');
    expect(content).toMatch(/\n来源：/);
  });
});

describe.skipIf(!hasCurl)("docs/telegram.md's fake Telegram", () => {
  it('the two terminals, then the curl calls: the bot answers the question with the figure and its source', async () => {
    const tg = doc('docs/telegram.md');
    const terminals = blockAfter(tg, '## Trying it without Telegram', 'fake-telegram.ts').replace(/\\\n/g, ' ').split('\n').filter(Boolean);
    const calls = blockAfter(tg, 'scripted:', 'curl');
    const port = String(await freePort());
    const ports = { ':8081': `:${port}` };
    // terminal 1 on a free port (FAKE_TELEGRAM_PORT; the doc's 8081 is its default), terminal 2 pointed at it
    const fake = background(runnable(terminals[0]!, ports), env({ FAKE_TELEGRAM_PORT: port }));
    await new Promise<void>((resolve, reject) => {
      let said = '';
      fake.stdout!.on('data', (d: Buffer) => ((said += d.toString()), said.includes(`127.0.0.1:${port}`) && resolve()));
      fake.once('exit', (code) => reject(new Error(`the fake Bot API exited ${code}`)));
    });
    const bot = background(runnable(terminals[1]!.replace(/#.*$/, ''), ports), env());
    await stderrMatch(bot, /Telegram 机器人已启动/, 60_000);
    const [say, sent] = calls.split('\n').filter((l) => l.startsWith('curl'));
    expect(JSON.parse(await bash(runnable(say!, ports)))).toMatchObject({ ok: true });
    let reply: { text: string } | undefined;
    for (let i = 0; i < 100 && !reply; i++) {
      reply = (JSON.parse(await bash(runnable(sent!, ports))) as { sent: { text: string }[] }).sent[0];
      if (!reply) await new Promise((r) => setTimeout(r, 100));
    }
    expect(figures(reply!.text.split('\n')[0]!)).toContain('23件');
    expect(reply!.text).toMatch(/\n来源：/);
  }, 90_000);
});
