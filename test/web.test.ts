// The web server driven over real HTTP on 127.0.0.1: POST /api/ask (the ask --json object plus
// suggestions, follow-ups within a conversation), GET /api/reports, /healthz, the upload check,
// bounded bodies, the per-client rate limit, CORS, and the page and embed script it serves.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb, webConfigFromEnv, type WebHandle } from '../bots/web/server.js';
import { openKnowledge, type Knowledge } from '../src/knowledge.js';
import { FileStore } from '../src/conversation/store.js';
import { MISPRINTED } from './helpers/misprinted.js';
import { REPO, TIANJIN } from './helpers/tianjin.js';
import { reviewReport } from '../src/check.js';
import { webUrlOf } from './helpers/web-start.js';

const FIGURE_Q = '天津市工信局2020年收到多少政府信息公开申请?';
/** the upload's body is the file */
const FILE = { 'content-type': 'application/octet-stream' };
let tmp: string;
let knowledge: Knowledge;
let web: WebHandle;


beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gongkai-web-'));
  knowledge = await openKnowledge({ dir: join(REPO, 'knowledge'), store: join(tmp, 'store.json') });
  web = await startWeb(knowledge, { WEB_PORT: '0', WEB_DATA_DIR: join(tmp, 'data'), WEB_RATE_LIMIT: '1000', KNOWLEDGE_DIR: join(tmp, 'kn') }, { log: () => {} });
});
afterAll(async () => {
  await web?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function ask(body: unknown, base = web.url, headers: Record<string, string> = {}): Promise<{ status: number; data: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, data: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

describe('POST /api/ask', () => {
  it('answers with the ask --json object, the source lines and suggestions', async () => {
    const { status, data } = await ask({ question: FIGURE_Q, conversation: 'one' });
    expect(status).toBe(200);
    expect(data.question).toBe(FIGURE_Q);
    expect(data.answer).toMatch(/23件/);
    expect(data.answer).toMatch(/来源：天津市工业和信息化局2020年政府信息公开工作年度报告/);
    expect(data.figures).toEqual([expect.objectContaining({ value: 23, unit: '件' })]);
    expect((data.citations as unknown[]).length).toBeGreaterThan(0);
    expect(Array.isArray(data.suggestions)).toBe(true);
    expect((data.sources as string[])[0]).toMatch(/^来源：/);
    expect(data.conversation).toBe('one');
  });

  it('keeps a conversation: a follow-up is read against the question before it, and only in that conversation', async () => {
    await ask({ question: FIGURE_Q, conversation: 'two' });
    const follow = await ask({ question: '那企业呢', conversation: 'two' });
    expect(follow.data.answer).toMatch(/商业企业3件/);
    const other = await ask({ question: '那企业呢', conversation: 'three' });
    expect(other.data.answer).not.toMatch(/商业企业3件/);
  });

  it('keeps conversations in a file under the data folder, namespaced web:', async () => {
    await ask({ question: FIGURE_Q, conversation: 'filed' });
    const store = new FileStore<unknown>(join(tmp, 'data', 'conversations.json'));
    expect(store.read('web:filed')).toBeDefined();
    expect(store.read('filed')).toBeUndefined();
  });

  it('without a conversation id answers and gives one', async () => {
    const { status, data } = await ask({ question: FIGURE_Q });
    expect(status).toBe(200);
    expect(typeof data.conversation).toBe('string');
  });

  it('says in Chinese what is wrong with a bad request', async () => {
    for (const [body, re] of [
      ['{not json', /JSON/],
      [{ conversation: 'x' }, /请输入问题/],
      [{ question: '   ' }, /请输入问题/],
      [{ question: '问'.repeat(501) }, /问题太长/],
      [{ question: FIGURE_Q, conversation: '../../etc' }, /对话编号/],
      [[1, 2], /请输入问题/],
    ] as const) {
      const { status, data } = await ask(body);
      expect(status).toBe(400);
      expect(data.error).toMatch(re);
    }
    const get = await fetch(`${web.url}/api/ask`);
    expect(get.status).toBe(405);
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await fetch(`${web.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'x'.repeat(20_000) }) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/过大/);
  });
});

describe('when answering fails', () => {
  it('says so in Chinese with 500, without the error text, and goes on answering', async () => {
    let fail = true;
    const inner = (await import('../src/conversation/chat.js')).createChat({ knowledge });
    const chat = {
      ...inner,
      ask: async (c: string, q: string) => {
        if (fail) throw new Error('internal detail at /src/x.ts:1');
        return inner.ask(c, q);
      },
    };
    const s = await startWeb(knowledge, { WEB_PORT: '0', WEB_DATA_DIR: join(tmp, 'data-fail') }, { chat, log: () => {} });
    try {
      const r = await ask({ question: FIGURE_Q }, s.url);
      expect(r.status).toBe(500);
      expect(r.data.error).toBe('服务器内部错误，请稍后再试');
      expect(JSON.stringify(r.data)).not.toContain('internal detail');
      fail = false;
      expect((await ask({ question: FIGURE_Q }, s.url)).data.answer).toMatch(/23件/);
    } finally {
      await s.stop();
    }
  });
});

describe('GET /api/reports, /healthz, /api/info', () => {
  it('lists the reports of the knowledge', async () => {
    const data = (await (await fetch(`${web.url}/api/reports`)).json()) as { count: number; reports: { agency: string; year: number; facts: number }[] };
    expect(data.count).toBe(knowledge.reports.length);
    expect(data.reports[0]).toMatchObject({ agency: '天津市工业和信息化局', year: 2020 });
    expect(data.reports[0]!.facts).toBeGreaterThan(50);
  });

  it('says it is healthy and what it serves', async () => {
    const res = await fetch(`${web.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, reports: 1, channels: ['web'] });
  });

  it('gives example questions for the first screen', async () => {
    const info = (await (await fetch(`${web.url}/api/info`)).json()) as { examples: string[] };
    expect(info.examples.length).toBeGreaterThan(2);
  });

  it('answers an unknown path with 404 in Chinese', async () => {
    const res = await fetch(`${web.url}/nothing-here`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('没有这个页面');
  });
});

describe('the page', () => {
  it('serves the chat page, its script and the embed script', async () => {
    const page = await fetch(`${web.url}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain('name="viewport"');
    expect(page.headers.get('x-frame-options')).toBeNull(); // embeddable in an <iframe>
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const js = await fetch(`${web.url}/chat.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toContain('api/ask');
    const embed = await fetch(`${web.url}/embed.js`);
    expect(await embed.text()).toContain('iframe');
  });
});

describe('POST /api/check (报告自检 of an uploaded file)', () => {
  it('shows what was read and each failed identity with table, row, column, expected and printed, without adding the report', async () => {
    const res = await fetch(`${web.url}/api/check?name=${encodeURIComponent('天津 工信局.txt')}`, { method: 'POST', body: MISPRINTED, headers: FILE });
    expect(res.status).toBe(200);
    const { check, added } = (await res.json()) as { check: { agency: string; tables: Record<string, number>; findings: { table: string; row: string; column: string; expected: number; printed: number }[]; unread: unknown[] }; added?: string };
    expect(check.agency).toBe('天津市工业和信息化局');
    expect(check.tables['三']).toBeGreaterThan(50);
    const row = check.findings.find((f) => f.row === '一、本年新收政府信息公开申请数量');
    expect(row).toMatchObject({ table: '表三', column: '总计', expected: 23, printed: 24 });
    expect(Array.isArray(check.unread)).toBe(true);
    expect(added).toBeUndefined();
    expect(knowledge.reports.length).toBe(1);
  });

  it('the seed report: the upload, the report list, the chat\'s 报告自检 and npm run check\'s review give the same findings (its missing 六)', async () => {
    const { check } = (await (await fetch(`${web.url}/api/check?name=tianjin.txt`, { method: 'POST', body: readFileSync(TIANJIN), headers: FILE })).json()) as { check: { findings: { id: string; severity: string; message: string }[] } };
    const seed = knowledge.reports[0]!;
    const review = reviewReport(seed, { others: knowledge.reports });
    expect(review.map((f) => f.id)).toEqual([expect.stringMatching(/^sec-missing-/)]);
    expect(check.findings.map((f) => [f.id, f.severity])).toEqual(review.map((f) => [f.id, '不一致']));
    const list = (await (await fetch(`${web.url}/api/reports`)).json()) as { reports: { findings: number }[] };
    expect(list.reports[0]!.findings).toBe(1);
    const chat = await ask({ question: '/check', conversation: 'check' });
    expect(String(chat.data.answer)).toContain(`[不一致] ${review[0]!.message}`);
  });

  it('says why a file cannot be read', async () => {
    const empty = await fetch(`${web.url}/api/check?name=a.txt`, { method: 'POST', body: '', headers: FILE });
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { error: string }).error).toMatch(/文件是空的/);
    const docx = await fetch(`${web.url}/api/check?name=a.exe`, { method: 'POST', body: 'MZ', headers: FILE });
    expect(docx.status).toBe(415);
    expect(((await docx.json()) as { error: string }).error).toMatch(/不支持的文件类型/);
  });

  it('adds to the knowledge only with the staff token, and only when asked', async () => {
    const kdir = join(tmp, 'kn2');
    const staff = await startWeb(knowledge, { WEB_PORT: '0', WEB_DATA_DIR: join(tmp, 'data2'), WEB_STAFF_TOKEN: 'secret-token', KNOWLEDGE_DIR: kdir }, { log: () => {} });
    try {
      const noToken = await fetch(`${staff.url}/api/check?name=r.txt`, { method: 'POST', body: MISPRINTED, headers: FILE });
      expect(noToken.status).toBe(403);
      const checked = await fetch(`${staff.url}/api/check?name=r.txt`, { method: 'POST', body: MISPRINTED, headers: { ...FILE, 'x-staff-token': 'secret-token' } });
      expect(checked.status).toBe(200);
      expect(knowledge.reports.length).toBe(1);
      const added = await fetch(`${staff.url}/api/check?name=r.txt&add=1`, { method: 'POST', body: MISPRINTED, headers: { ...FILE, 'x-staff-token': 'secret-token' } });
      expect(((await added.json()) as { added: string }).added).toBe('已加入知识库');
      expect(knowledge.reports.length).toBe(2);
      expect(readdirSync(join(kdir, 'uploads'))).toHaveLength(1);
      const again = await fetch(`${staff.url}/api/check?name=r.txt&add=1`, { method: 'POST', body: MISPRINTED, headers: { ...FILE, 'x-staff-token': 'secret-token' } });
      expect(((await again.json()) as { added: string }).added).toBe('知识库中已有这份报告');
    } finally {
      knowledge.reports.splice(1);
      await staff.stop();
    }
  });

  it('without a staff token set on the server, adding is refused', async () => {
    const res = await fetch(`${web.url}/api/check?name=r.txt&add=1`, { method: 'POST', body: MISPRINTED, headers: FILE });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/WEB_STAFF_TOKEN/);
  });
});

describe('limits and CORS', () => {
  it('limits requests per client and says when to come back', async () => {
    const s = await startWeb(knowledge, { WEB_PORT: '0', WEB_DATA_DIR: join(tmp, 'data3'), WEB_RATE_LIMIT: '3' }, { log: () => {} });
    try {
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof ask>> | undefined;
      for (let i = 0; i < 5; i++) {
        last = await ask({ question: FIGURE_Q, conversation: 'rl' }, s.url);
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(last!.data.error).toMatch(/提问太频繁/);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await s.stop();
    }
  });

  it('sends CORS headers only to the origins configured, and answers the preflight', async () => {
    const s = await startWeb(knowledge, { WEB_PORT: '0', WEB_DATA_DIR: join(tmp, 'data4'), WEB_CORS_ORIGINS: 'https://www.example.gov.cn' }, { log: () => {} });
    try {
      const ok = await ask({ question: FIGURE_Q }, s.url, { origin: 'https://www.example.gov.cn' });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://www.example.gov.cn');
      const other = await ask({ question: FIGURE_Q }, s.url, { origin: 'https://evil.example.com' });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const pre = await fetch(`${s.url}/api/ask`, { method: 'OPTIONS', headers: { origin: 'https://www.example.gov.cn', 'access-control-request-method': 'POST' } });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    } finally {
      await s.stop();
    }
    const none = await ask({ question: FIGURE_Q }, web.url, { origin: 'https://www.example.gov.cn' });
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 200 questions sent at once, each in its own conversation, none lost', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => ask({ question: i % 2 ? FIGURE_Q : '行政复议有多少件?', conversation: `load-${i}` })));
    expect(results.map((r) => r.status).every((s) => s === 200)).toBe(true);
    expect(results.filter((r, i) => i % 2 && /23件/.test(String(r.data.answer)))).toHaveLength(100);
    expect(new Set(results.map((r) => r.data.conversation)).size).toBe(200);
  });

  it('reads its settings from the environment and refuses bad ones in words', () => {
    expect(webConfigFromEnv({})).toMatchObject({ port: 8080, host: '127.0.0.1', corsOrigins: [], rateLimit: 30 });
    expect(() => webConfigFromEnv({ WEB_PORT: 'eighty' })).toThrow(/WEB_PORT/);
    expect(() => webConfigFromEnv({ WEB_PORT: '70000' })).toThrow(/WEB_PORT/);
  });

  it('says so when the port is taken', async () => {
    await expect(startWeb(knowledge, { WEB_PORT: String(web.port), WEB_DATA_DIR: join(tmp, 'data5') }, { log: () => {} })).rejects.toThrow(/已被占用/);
  });
});

describe('npm start with WEB_PORT', () => {
  it('starts the web server beside nothing else, says where, and stops on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    // what npm start runs
    const child = spawn(process.execPath, [join(REPO, 'scripts', 'launch.mjs'), 'bots/main'], {
      cwd: REPO,
      env: { ...process.env, WEB_PORT: '0', HOST: '127.0.0.1', GONGKAI_STORE: join(tmp, 'start-store.json'), WEB_DATA_DIR: join(tmp, 'start-data'), GONGKAI_DATA_DIR: join(tmp, 'start-data'), TELEGRAM_BOT_TOKEN: '', WECHATY_PUPPET: '', WECHAT_MP_TOKEN: '', WECOM_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await webUrlOf(child, 25_000);
      expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ ok: true, channels: ['web'] });
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
