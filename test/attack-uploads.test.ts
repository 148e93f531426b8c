// Attack (issue 26): hostile files through the staff upload (POST /api/check) of a real `npm start`
// process — Word and Excel zip bombs and small PDFs of many heavy pages, all at once — are each
// refused naming the limit they hit, while /healthz and /api/ask go on answering; the process's
// peak memory stays bounded (Linux: VmHWM). And the upload queue is bounded: past it, 429 with
// Retry-After before the body is read.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb } from '../bots/web/server.js';
import { openKnowledge } from '../src/knowledge.js';
import { ingestBytes } from '../src/ingest/index.js';
import { docxBomb, heavyPdf, lyingDocx, xlsxBomb, zip } from './helpers/bombs.js';
import { tianjinDocx } from './helpers/office.js';
import { REPO } from './helpers/tianjin.js';
import { webUrlOf } from './helpers/web-start.js';

const FIGURE_Q = '天津市工信局2020年收到多少政府信息公开申请?';
const FILE = { 'content-type': 'application/octet-stream' };
let tmp: string;
let child: ChildProcess | undefined;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gongkai-attack-up-'));
});
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

const upload = (url: string, name: string, body: Uint8Array) => fetch(`${url}/api/check?name=${name}`, { method: 'POST', headers: FILE, body });

/** Peak resident memory of a process, MB (Linux), or undefined. */
function peakRss(pid: number): number | undefined {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return undefined;
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
  return m ? Number(m[1]) / 1024 : undefined;
}

describe('hostile uploads to a running server', () => {
  it('zip bombs and heavy PDFs uploaded at once are refused naming the limit, while /healthz and /api/ask answer', async () => {
    const [docx, docx2, xlsx, lying, pdf] = await Promise.all([docxBomb(300), docxBomb(300), xlsxBomb(300), lyingDocx(300), heavyPdf(299, 20_000)]);
    expect(docx.length).toBeLessThan(1.5 * 1024 * 1024);
    expect(pdf.length).toBeLessThan(20 * 1024);
    child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'bots', 'main.ts')], {
      cwd: REPO,
      env: {
        ...process.env,
        WEB_PORT: '0',
        HOST: '127.0.0.1',
        GONGKAI_STORE: join(tmp, 'store.json'),
        WEB_DATA_DIR: join(tmp, 'data'),
        GONGKAI_DATA_DIR: join(tmp, 'data'),
        WEB_RATE_LIMIT: '10000',
        WEB_UPLOAD_RATE_LIMIT: '1000',
        WEB_UPLOAD_QUEUE: '20',
        // each heavy PDF is stopped by the time limit: 3 s here, so that the test is short
        GONGKAI_INGEST_TIMEOUT_S: '3',
        REDIS_URL: '',
        DATABASE_URL: '',
        TELEGRAM_BOT_TOKEN: '',
        WECHATY_PUPPET: '',
        WECHAT_MP_TOKEN: '',
        WECOM_TOKEN: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await webUrlOf(child, 40_000);
    const uploads = Promise.all([
      upload(url, 'a.docx', docx),
      upload(url, 'b.docx', docx2),
      upload(url, 'c.xlsx', xlsx),
      upload(url, 'd.docx', lying),
      ...Array.from({ length: 3 }, (_, i) => upload(url, `heavy-${i}.pdf`, pdf)),
    ]).then(async (rs) => Promise.all(rs.map(async (r) => ({ status: r.status, error: ((await r.json()) as { error?: string }).error ?? '' }))));
    let done = false;
    void uploads.finally(() => (done = true));
    // meanwhile: the health check and a question, one after the other, until every upload is answered
    const slowest = { healthz: 0, ask: 0 };
    let rounds = 0;
    while (!done) {
      let t = Date.now();
      const h = await fetch(`${url}/healthz`);
      expect(h.status).toBe(200);
      slowest.healthz = Math.max(slowest.healthz, Date.now() - t);
      t = Date.now();
      const a = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: FIGURE_Q }) });
      expect(((await a.json()) as { answer: string }).answer).toContain('23件');
      slowest.ask = Math.max(slowest.ask, Date.now() - t);
      rounds++;
      await new Promise((r) => setTimeout(r, 100));
    }
    const results = await uploads;
    expect(results.slice(0, 3)).toEqual([
      { status: 422, error: expect.stringContaining('Word 文件解压后的内容超过上限（128MB），可能是压缩炸弹') },
      { status: 422, error: expect.stringContaining('Word 文件解压后的内容超过上限（128MB），可能是压缩炸弹') },
      { status: 422, error: expect.stringContaining('Excel 文件解压后的内容超过上限（128MB），可能是压缩炸弹') },
    ]);
    expect(results[3]).toEqual({ status: 422, error: expect.stringContaining('解压后的大小与声明不符') });
    for (const r of results.slice(4)) expect(r).toEqual({ status: 422, error: expect.stringContaining('读取时间超过上限（3 秒）') });
    // answered all along (three heavy PDFs take 9 s or more, one after the other), never held up by them
    expect(rounds).toBeGreaterThan(10);
    expect(slowest.healthz).toBeLessThan(3000);
    expect(slowest.ask).toBeLessThan(3000);
    const peak = peakRss(child.pid!);
    if (peak !== undefined) expect(peak).toBeLessThan(600);
    // and it still reads a real report afterwards
    const ok = await upload(url, 'tianjin.txt', readFileSync(join(REPO, 'knowledge', 'tianjin-gxj-2020.txt')));
    expect(ok.status).toBe(200);
  }, 120_000);
});

describe('the upload queue', () => {
  it('takes a few uploads at a time; the rest get 429 with Retry-After, before their body is read', async () => {
    const knowledge = await openKnowledge({ dir: join(REPO, 'knowledge'), store: join(tmp, 'queue-store.json') });
    const web = await startWeb(knowledge, { WEB_PORT: '0', WEB_DATA_DIR: join(tmp, 'queue-data'), WEB_RATE_LIMIT: '1000', WEB_UPLOAD_RATE_LIMIT: '1000', WEB_UPLOAD_QUEUE: '1', GONGKAI_INGEST_TIMEOUT_S: '2' }, { log: () => {} });
    try {
      const pdf = await heavyPdf(299, 20_000);
      const first = upload(web.url, 'heavy.pdf', pdf);
      await new Promise((r) => setTimeout(r, 500)); // the first is being read
      const second = await upload(web.url, 'tianjin.txt', readFileSync(join(REPO, 'knowledge', 'tianjin-gxj-2020.txt')));
      expect(second.status).toBe(429);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await second.json()) as { error: string }).error).toMatch(/正在读取的上传较多/);
      expect((await first).status).toBe(422);
      const third = await upload(web.url, 'tianjin.txt', readFileSync(join(REPO, 'knowledge', 'tianjin-gxj-2020.txt')));
      expect(third.status).toBe(200);
    } finally {
      await web.stop();
    }
  }, 60_000);
});

describe("a Word or Excel file's sizes, checked before the parser sees it", () => {
  const reason = (p: Promise<unknown>) => p.then(() => '', (e: { reason?: string }) => e.reason ?? String(e));

  it('a bomb declaring its size is refused on what it declares; one hiding it, once it inflates past what it declared', async () => {
    expect(await reason(ingestBytes('a.docx', await docxBomb(300)))).toMatch(/^Word 文件解压后的内容超过上限（128MB），可能是压缩炸弹/);
    expect(await reason(ingestBytes('a.docx', await lyingDocx(300)))).toMatch(/「word\/document\.xml」解压后的大小与声明不符/);
  });

  it('an archive of too many entries, or not a zip at all, is refused in words; a real one is read', async () => {
    const many = await zip(Array.from({ length: 10_001 }, (_, i) => ({ name: `word/p${i}.xml`, head: '' })));
    expect(await reason(ingestBytes('many.docx', many))).toMatch(/条目过多（10001 个，上限 10000 个）/);
    expect(await reason(ingestBytes('cut.xlsx', Buffer.from('PK\x03\x04xl/ and nothing more')))).toMatch(/Excel 文件已损坏或无法解析/);
    expect((await ingestBytes('tianjin.docx', await tianjinDocx())).facts.length).toBe(198);
  });
});
