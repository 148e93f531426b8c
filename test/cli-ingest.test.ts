// The command, spawned as a user runs it:
// `npm run ingest -- PATH… --store FILE` (tsx src/cli/ingest.ts), on good, changed and bad files,
// and on ../shared/corpus when that folder is present.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBadFolder } from './helpers/bad.js';
import { REPO, TIANJIN, tianjinWith } from './helpers/tianjin.js';

const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

interface Run {
  code: number;
  out: string;
}

function run(script: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [join(REPO, 'src', 'cli', script), ...args], { cwd: REPO, encoding: 'utf8', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, out: stdout + stderr });
    });
  });
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
    expect(block(r.out, files.png!)).toContain('不是支持的报告格式');
    expect(block(r.out, missing)).toContain('无法读取：路径不存在或无法读取');
    expect(r.out).toContain(`共 10 个文件：读取 3 个，未能读取 7 个。知识库：${store}`);
    const disk = JSON.parse(readFileSync(store, 'utf8')) as { reports: { id: string }[] };
    expect(disk.reports.map((x) => x.id).sort()).toEqual([files.broken!, files.good!, files.page!].sort());
    expect(readdirSync(join(tmp, 'store'))).toEqual(['knowledge.json']);
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
        expect(b).toMatch(/\d{4}年（(text|html|markdown|pdf|flattened)）/);
        expect(b).toMatch(/报告自检：/);
      } else expect(b).toMatch(/无法读取：\S+/);
    }
    // the formats this issue supports are read: the text, HTML and Markdown reports
    for (const name of ['tianjin-gxj-2020.txt', 'shanghai-bangongting-2019.html', 'shanghai-kewei-2024.md'])
      if (names.includes(name)) expect(block(r.out, join(CORPUS, name))).toMatch(/^✓/);
    expect(block(r.out, join(CORPUS, 'shanghai-bangongting-2019.html'))).toContain('上海市人民政府办公厅 2019年（html）');
    expect(block(r.out, join(CORPUS, 'shanghai-kewei-2024.md'))).toContain('未能读取');
    expect(r.out).toContain(`共 ${names.length} 个文件：读取 ${read} 个，未能读取 ${names.length - read} 个。`);
    const disk = JSON.parse(readFileSync(store, 'utf8')) as { reports: unknown[] };
    expect(disk.reports).toHaveLength(read);
  });
});
