// The knowledge store through a real lowdb file on disk (vitest sets NODE_ENV=test, under which
// JSONFilePreset would keep data in memory: these tests check that the file is really written and
// read back, reused while the report files are unchanged, and rebuilt when it is corrupt).
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openKnowledge } from '../src/knowledge.js';
import { openStore, STORE_VERSION } from '../src/store.js';
import { ARTICLE } from './helpers/bad.js';
import { editCatalog, editReport, readDisk as readStoreDisk } from './helpers/store-disk.js';
import { TIANJIN } from './helpers/tianjin.js';

const root = mkdtempSync(join(tmpdir(), 'gongkai-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
let dir: string;
let store: string;
let report: string;
let article: string;
beforeEach(() => {
  const base = join(root, String(n++));
  dir = join(base, 'knowledge');
  store = join(base, 'data', 'store.json');
  mkdirSync(dir, { recursive: true });
  report = join(dir, 'tianjin-gxj-2020.txt');
  article = join(dir, 'article.txt');
  copyFileSync(TIANJIN, report);
  writeFileSync(article, ARTICLE);
});

const readDisk = () => readStoreDisk(store);

async function open() {
  const log: string[] = [];
  const k = await openKnowledge({ dir, store, log: (l) => log.push(l) });
  return { k, log };
}

describe('the store file on disk', () => {
  it('is written on first open, parses, and holds the reports and the unreadable files with why', async () => {
    expect(process.env.NODE_ENV).toBe('test');
    const { k, log } = await open();
    expect(k.storeFile).toBe(store);
    expect(k.reports.map((r) => r.agency)).toEqual(['天津市工业和信息化局']);
    expect(k.problems).toEqual([{ file: article, reason: expect.stringMatching(/找不到报告标题/) }]);
    expect(log).toEqual([`无法读取 ${article}：${k.problems![0]!.reason}`, `已读取 ${report}`]);
    expect(existsSync(store)).toBe(true);
    const disk = readDisk();
    expect(disk.version).toBe(STORE_VERSION);
    expect(disk.reports.map((r) => [r.id, r.agency])).toEqual([[report, '天津市工业和信息化局']]);
    expect(disk.stamps[article]!.problem).toMatch(/找不到报告标题/);
    // what openStore reads back is the report as ingested
    const { db } = await openStore(store);
    expect(db.data.reports[0]!.facts).toEqual(k.reports[0]!.facts);
    expect(db.data.reports[0]!.figures).toEqual(k.reports[0]!.figures);
    expect(db.data.reports[0]!.documents).toEqual(k.reports[0]!.documents);
  });

  it('is reused by a second open while the files are unchanged: the report comes from the store', async () => {
    await open();
    // mark the stored report: if the second open reads it from the store, the mark shows
    editReport(store, (r) => (r.title = '（来自知识库文件）'));
    const { k, log } = await open();
    expect(log).toEqual([]);
    expect(k.reports.map((r) => r.title)).toEqual(['（来自知识库文件）']);
    // the bad file is not read again either: its problem comes from the store
    expect(k.problems).toEqual([{ file: article, reason: expect.stringMatching(/找不到报告标题/) }]);
    expect(readDisk().reports[0]!.title).toBe('（来自知识库文件）');
  });

  it('re-ingests a report file whose content changed, and drops the report of a file that is gone', async () => {
    await open();
    editReport(store, (r) => (r.title = '（旧的）'));
    appendFileSync(report, '\n');
    const { k, log } = await open();
    expect(log).toEqual([`已读取 ${report}`]);
    expect(k.reports.map((r) => r.title)).toEqual(['天津市工业和信息化局2020年政府信息公开工作年度报告']);
    expect(k.reports[0]!.source.bytes).toBe(statSync(report).size);
    expect(readDisk().reports.map((r) => r.title)).toEqual(['天津市工业和信息化局2020年政府信息公开工作年度报告']);

    rmSync(report);
    const after = await open();
    expect(after.k.reports).toEqual([]);
    expect(readDisk().reports).toEqual([]);
    expect(Object.keys(readDisk().stamps)).toEqual([article]);
  });

  it('a truncated store file: a clear message naming the file, then rebuilt from the folder', async () => {
    await open();
    const text = readFileSync(store, 'utf8');
    writeFileSync(store, text.slice(0, Math.floor(text.length / 2)));
    const { k, log } = await open();
    expect(log[0]).toBe(`知识库文件 ${store} 文件已损坏或被截断（JSON 无法解析），正在从 ${dir} 重建。`);
    expect(log).toContain(`已读取 ${report}`);
    expect(k.reports.map((r) => r.agency)).toEqual(['天津市工业和信息化局']);
    expect(readDisk().reports.map((r) => r.id)).toEqual([report]);
  });

  it('a store file that is JSON but not a store (or from other ingestion code) is rebuilt', async () => {
    mkdirSync(join(store, '..'), { recursive: true });
    writeFileSync(store, '{"hello": "world"}');
    const first = await open();
    expect(first.log[0]).toMatch(/^知识库文件 .* 内容不是知识库格式/);
    expect(first.k.reports).toHaveLength(1);

    editReport(store, (r) => (r.title = '（旧代码读的）'));
    editCatalog(store, (c) => (c.version = 'older-code'));
    const second = await open();
    expect(second.log).toEqual([`无法读取 ${article}：${second.k.problems![0]!.reason}`, `已读取 ${report}`]);
    expect(second.k.reports[0]!.title).toBe('天津市工业和信息化局2020年政府信息公开工作年度报告');
    expect(readDisk().version).toBe(STORE_VERSION);
  });
});
