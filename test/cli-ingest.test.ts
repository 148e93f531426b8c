// The command, spawned as a user runs it:
// `npm run ingest -- PATH… --store FILE` (scripts/launch.mjs src/cli/ingest), on good, changed and bad files,
// and on ../shared/corpus when that folder is present.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBadFolder } from './helpers/bad.js';
import { runCli } from './helpers/cli.js';
import { readCatalog } from './helpers/store-disk.js';
import { REPO, TIANJIN, tianjinWith } from './helpers/tianjin.js';

interface Run {
  code: number;
  out: string;
}

async function run(script: string, args: string[]): Promise<Run> {
  const r = await runCli(`src/cli/${script.replace(/\.ts$/, '')}`, args);
  return { code: r.code, out: r.out + r.err };
}

/** The block of output about one file: from its ✓/✗ line to the next blank line. */
function block(out: string, file: string): string {
  const i = out.search(new RegExp(`^[✓✗] ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  if (i < 0) return '';
  const end = out.indexOf('\n\n', i);
  return out.slice(i, end < 0 ? undefined : end);
}

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CORPUS = join(REPO, '..', 'shared', 'corpus');
const present = existsSync(CORPUS);
const corpusStore = join(tmp, 'corpus-store', 'knowledge.json');
// the corpus run is the slowest (PDFs): started at once, it runs beside the other commands
let corpusRun: Promise<Run> | undefined;
beforeAll(() => {
  if (present) corpusRun = run('ingest.ts', ['../shared/corpus', '--store', corpusStore]);
});

// `npm run check` is tested in test/check-cli.test.ts.

describe.concurrent('npm run ingest -- PATH… --store FILE', () => {
  it('ingests the good files of a folder, names each bad one with its problem, and writes a whole store', async () => {
    const files = writeBadFolder(join(tmp, 'in'));
    const missing = join(tmp, 'missing.txt');
    const store = join(tmp, 'store', 'knowledge.json');
    const r = await run('ingest.ts', [join(tmp, 'in'), missing, '--store', store, '--knowledge', join(tmp, 'knowledge')]);
    expect(r.code, r.out).toBe(0);
    expect(block(r.out, files.good!)).toContain('天津市工业和信息化局 2020年（text）');
    expect(block(r.out, files.page!)).toContain('天津市工业和信息化局 2020年（html）');
    expect(block(r.out, files.page!)).toContain('表格数字：表二 22 个，表三 161 个，表四 15 个');
    const broken = block(r.out, files.broken!);
    expect(broken).toContain('未能读取（4 处，未作猜测）');
    expect(broken).toContain('表三 三、本年度办理结果 › （三）不予公开 › 4.保护第三方合法权益：应有7个数值，读到4个');
    expect(broken).toContain('表二 第二十条第（五）项 › 行政许可：应有3个数值，读到2个');
    expect(block(r.out, files.empty!)).toContain('无法读取：文件是空的');
    expect(block(r.out, files.blank!)).toContain('无法读取：文件是空的');
    expect(block(r.out, files.article!)).toContain('无法读取：找不到报告标题');
    expect(block(r.out, files.random!)).toContain('二进制文件');
    expect(block(r.out, files.pngHtml!)).toContain('二进制文件');
    expect(block(r.out, files.png!)).toContain('这是图片（.png），不是报告文件：扫描件请合成为 PDF 后再读取');
    expect(block(r.out, missing)).toContain('无法读取：路径不存在或无法读取');
    expect(r.out).toContain(`共 10 个文件：读取 3 个，未能读取 7 个。知识库：${store}`);
    const disk = readCatalog(store);
    expect(disk.reports.map((x) => x[0]).sort()).toEqual([files.broken!, files.good!, files.page!].sort());
    expect(readdirSync(join(tmp, 'store'))).toEqual(['knowledge.json', 'knowledge.json.d']);
  });

  it('exits 1 when nothing could be read, 2 with no path', async () => {
    const store = join(tmp, 'store-none', 'knowledge.json');
    const [none, usage] = await Promise.all([run('ingest.ts', [join(tmp, 'nowhere'), '--store', store]), run('ingest.ts', [])]);
    expect(none.code).toBe(1);
    expect(none.out).toContain(`✗ ${join(tmp, 'nowhere')}\n  无法读取：路径不存在或无法读取`);
    expect(usage.code).toBe(2);
    expect(usage.out).toContain('用法');
  });
});

describe.skipIf(present)('npm run ingest -- ../shared/corpus', () => {
  it('skipped: ../shared/corpus not present', () => {
    expect(present).toBe(false);
  });
});

describe.skipIf(!present)('npm run ingest -- ../shared/corpus', () => {
  it('ingests what it supports and names every other file with a reason (exit 0)', async () => {
    const store = corpusStore;
    const r = await corpusRun!;
    expect(r.code, r.out).toBe(0);
    const names = readdirSync(CORPUS).filter((f) => !f.startsWith('.'));
    expect(names.length).toBeGreaterThan(0);
    let read = 0;
    for (const name of names) {
      const b = block(r.out, join(CORPUS, name));
      expect(b, `${name} is not in the output:\n${r.out}`).not.toBe('');
      if (b.startsWith('✓')) {
        read++;
        expect(b).toMatch(/\d{4}年（(text|html|markdown|pdf|flattened|docx|xlsx)[），]/);
        expect(b).toMatch(/报告自检：/);
      } else expect(b).toMatch(/无法读取：\S+/);
    }
    // the formats this issue supports are read: the text, HTML and Markdown reports
    for (const name of ['tianjin-gxj-2020.txt', 'shanghai-bangongting-2019.html', 'shanghai-kewei-2024.md'])
      if (names.includes(name)) expect(block(r.out, join(CORPUS, name))).toMatch(/^✓/);
    expect(block(r.out, join(CORPUS, 'shanghai-bangongting-2019.html'))).toContain('上海市人民政府办公厅 2019年（html）');
    expect(block(r.out, join(CORPUS, 'shanghai-kewei-2024.md'))).toContain('未能读取');
    expect(r.out).toContain(`共 ${names.length} 个文件：读取 ${read} 个，未能读取 ${names.length - read} 个。`);
    expect(readCatalog(store).reports).toHaveLength(read);
  });
});

describe('npm run ingest -- --list / --remove / URL', () => {
  it('lists every report with file, agency, year, cells read and check status; removes one; reads a web address', async () => {
    const { createServer } = await import('node:http');
    const { tianjinDocx } = await import('./helpers/office.js');
    const { openKnowledge } = await import('../src/knowledge.js');
    const docx = await tianjinDocx();
    const server = createServer((req, res) => {
      if (req.url === '/report.docx') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(docx);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/report.docx`;
    try {
      const dir = join(tmp, 'managed');
      const files = writeBadFolder(dir);
      const store = join(tmp, 'store-managed', 'knowledge.json');
      const opts = ['--store', store, '--knowledge', dir];
      const added = await run('ingest.ts', [files.good!, files.broken!, url, ...opts]);
      expect(added.code, added.out).toBe(0);
      expect(block(added.out, url)).toContain(`来源网址：${url}`);
      const list = await run('ingest.ts', ['--list', ...opts]);
      expect(list.code, list.out).toBe(0);
      // the Tianjin report has no section 六: the same review as npm run check
      expect(list.out).toContain(`✓ ${files.good}\n  天津市工业和信息化局 2020年（text）：表格数字 198 个，未读 0 处，正文数字 22 个；自检 不一致 1 处`);
      expect(list.out).toContain(`✓ ${url}\n  天津市工业和信息化局 2020年（docx）：表格数字 198 个，未读 0 处`);
      expect(list.out).toMatch(new RegExp(`✓ ${files.broken!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n  天津市工业和信息化局 2020年（text）：表格数字 1\\d\\d 个，未读 4 处`));
      expect(list.out).toContain('共 3 份报告');
      // the bot's knowledge keeps the report read from the address (not fetched again); the same
      // report as the folder's, it is named as a copy of one of them (store/distinct.ts)
      const opened = await openKnowledge({ dir, store });
      const { listStore } = await import('../src/knowledge.js');
      expect((await listStore({ dir, store })).entries.find((x) => x.id === url)?.report?.source).toMatchObject({ url, format: 'docx' });
      expect(opened.problems).toContainEqual(expect.objectContaining({ file: url, duplicateOf: expect.any(String) }));

      const removed = await run('ingest.ts', ['--remove', files.broken!, '--remove', url, ...opts]);
      expect(removed.code, removed.out).toBe(0);
      expect(removed.out).toContain(`已移除 ${files.broken}`);
      expect(removed.out).toContain(`已移除 ${url}`);
      const none = await run('ingest.ts', ['--remove', join(dir, 'nope.txt'), ...opts]);
      expect(none.code).toBe(1);
      expect(none.out).toContain('知识库中没有');
      const after = await run('ingest.ts', ['--list', ...opts]);
      expect(after.out).not.toContain(`✓ ${files.broken}`);
      expect(after.out).not.toContain(url);
      expect(after.out).toContain(`✗ ${files.broken}\n  未读取：已用 npm run ingest -- --remove 移除`);
      // the removed file of the knowledge folder stays out when the bot opens the folder …
      const k = await openKnowledge({ dir, store });
      expect(k.reports.map((r) => r.id)).not.toContain(files.broken);
      // (tianjin.txt and tianjin-page.html are one report: one of them answers, the other is named)
      expect(k.reports.map((r) => r.id).filter((id) => id === files.good || id === files.page)).toHaveLength(1);
      // … and comes back when ingested again
      await run('ingest.ts', [files.broken!, ...opts]);
      expect((await run('ingest.ts', ['--list', ...opts])).out).toContain(`✓ ${files.broken}`);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
