// Robustness (issue 6): a store file that is truncated or corrupt at start-up gives a clear message
// and is rebuilt from the knowledge folder — never a crash, never an empty bot. A real store file
// on disk, in a temp folder with a copy of the bundled report.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { say as answer } from './helpers/say.js';
import { openKnowledge } from '../src/knowledge.js';
import { decodeStore, encodeStore, openStore } from '../src/store.js';
import { readCatalog } from './helpers/store-disk.js';
import { TIANJIN } from './helpers/tianjin.js';

const root = mkdtempSync(join(tmpdir(), 'gongkai-corrupt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
let dir: string;
let store: string;
beforeEach(async () => {
  const base = join(root, String(n++));
  dir = join(base, 'knowledge');
  store = join(base, 'data', 'store.json');
  mkdirSync(dir, { recursive: true });
  copyFileSync(TIANJIN, join(dir, 'tianjin-gxj-2020.txt'));
  await openKnowledge({ dir, store }); // a real store on disk
});

async function reopen() {
  const log: string[] = [];
  const k = await openKnowledge({ dir, store, log: (l) => log.push(l) });
  return { k, log };
}

/** The bot after a restart: the report is there and answers. */
async function expectRebuilt(log: string[], k: Awaited<ReturnType<typeof reopen>>['k'], why: RegExp) {
  expect(log[0]).toMatch(new RegExp(`知识库文件 .*store\\.json .*${why.source}.*正在从 .*knowledge 重建`));
  expect(log.some((l) => l.startsWith('已读取 '))).toBe(true);
  expect(k.reports.map((r) => r.agency)).toEqual(['天津市工业和信息化局']);
  expect(answer('天津市工信局2020年收到多少政府信息公开申请?', { knowledge: k }).figures[0]?.value).toBe(23);
  // and the file on disk is whole again: the next start reads it without a word
  const again = await reopen();
  expect(again.log).toEqual([]);
  expect(again.k.reports).toHaveLength(1);
}

describe('a damaged store file at start-up', () => {
  it('truncated (at several places): clear message, rebuilt from the folder', async () => {
    const whole = readFileSync(store);
    for (const keep of [0, 1, 100, Math.floor(whole.length / 2), whole.length - 1]) {
      writeFileSync(store, whole.subarray(0, keep));
      const { k, log } = await reopen();
      await expectRebuilt(log, k, /文件已损坏或被截断/);
    }
  });

  it('garbage bytes, other JSON, or a store of the older format whose packed records point nowhere: clear message, rebuilt', async () => {
    // the older format: the whole knowledge in the one file
    const good = encodeStore((await openStore(store)).db.data);
    const broken = [
      Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81]).toString('latin1'),
      '{"hello": "world"}',
      '[]',
      'null',
      good.replace(/"packed":\[\d+/, '"packed":[999999999'),
      good.replace(/"values":\[/, '"values":0,"x":['),
    ];
    for (const text of broken) {
      writeFileSync(store, text);
      const { k, log } = await reopen();
      await expectRebuilt(log, k, /(文件已损坏或被截断|内容不是知识库格式)/);
    }
  });

  it("a report's file truncated or gone: that report is named and read again", async () => {
    // the report's file now (read again, a report gets a new one)
    const fileNow = () => join(`${store}.d`, 'reports', `${readCatalog(store).reports[0]![3]}.br`);
    for (const damage of [(f: string) => writeFileSync(f, readFileSync(f).subarray(0, 100)), (f: string) => rmSync(f)]) {
      damage(fileNow());
      const { k, log } = await reopen();
      expect(log[0]).toMatch(/知识库文件 .*store\.json 中的报告 .*内容无效（.+），重新读取/);
      expect(k.reports.map((r) => r.agency)).toEqual(['天津市工业和信息化局']);
      expect((await reopen()).log).toEqual([]);
    }
  });

  it('a stale lock file left by a killed process does not block the rebuild', async () => {
    writeFileSync(store, '{"truncat');
    writeFileSync(`${store}.lock`, '999999999');
    const { k, log } = await reopen();
    await expectRebuilt(log, k, /文件已损坏或被截断/);
  });
});

describe('the compact store format', () => {
  it('round-trips a report exactly, and reads a store of the plain format', async () => {
    const { db } = await openStore(store);
    const data = db.data;
    const back = decodeStore(encodeStore(data));
    expect(back.reports).toEqual(data.reports);
    expect(back.stamps).toEqual(data.stamps);
    const plain = decodeStore(JSON.stringify(data));
    expect(plain.reports).toEqual(data.reports);
  });
});
