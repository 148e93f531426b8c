// Issue 17, the store: two ingests at once lose nothing; a hand-edited or damaged store is
// validated on open and rebuilt; dangling symlinks and loops are named and skipped; a read-only or
// full disk still answers from memory, says so once and leaves no temporary file. Real processes,
// a real store file, real symlinks, and (as root) real read-only and full tmpfs mounts.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { answer } from '../src/answer/index.js';
import { ingestIntoStore, openKnowledge, type Knowledge } from '../src/knowledge.js';
import { openStore } from '../src/store.js';
import { editCatalog, editReport, type Catalog } from './helpers/store-disk.js';
import { REPO, TIANJIN, TIANJIN_TEXT } from './helpers/tianjin.js';

const root = mkdtempSync(join(tmpdir(), 'gongkai-safety-'));
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) {
    try {
      execFileSync('umount', [m], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
  }
  rmSync(root, { recursive: true, force: true });
});

let n = 0;
let base: string;
let dir: string;
let store: string;
beforeEach(() => {
  base = join(root, String(n++));
  dir = join(base, 'knowledge');
  store = join(base, 'data', 'store.json');
  mkdirSync(dir, { recursive: true });
  copyFileSync(TIANJIN, join(dir, 'tianjin-gxj-2020.txt'));
});

const QUESTION = '天津市工信局2020年收到多少政府信息公开申请?';
const answers23 = (k: Knowledge) => expect(answer(QUESTION, { knowledge: k }).figures[0]?.value).toBe(23);

async function open(opts: { dir?: string; store?: string } = {}) {
  const log: string[] = [];
  const k = await openKnowledge({ dir: opts.dir ?? dir, store: opts.store ?? store, log: (l) => log.push(l) });
  return { k, log };
}

/** `count` distinct copies of the Tianjin report (one more line each) in a new folder. */
function copies(folder: string, count: number, tag: string): string[] {
  mkdirSync(folder, { recursive: true });
  return Array.from({ length: count }, (_, i) => {
    const f = join(folder, `${tag}-${i}.txt`);
    writeFileSync(f, `${TIANJIN_TEXT}\n${tag} ${i}\n`);
    return f;
  });
}

function runIngest(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['scripts/launch.mjs', 'src/cli/ingest', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => ok({ code, out }));
  });
}

describe('two ingests at once', () => {
  it('two ingest processes on one store: both exit 0 and every report of both is in the store after', async () => {
    const a = copies(join(base, 'in-a'), 25, 'a');
    const b = copies(join(base, 'in-b'), 25, 'b');
    for (let round = 0; round < 2; round++) {
      rmSync(join(base, 'data'), { recursive: true, force: true });
      const [ra, rb] = await Promise.all([runIngest([join(base, 'in-a'), '--store', store, '--knowledge', dir]), runIngest([join(base, 'in-b'), '--store', store, '--knowledge', dir])]);
      expect(ra.code, ra.out).toBe(0);
      expect(rb.code, rb.out).toBe(0);
      const { db, corrupt } = await openStore(store);
      expect(corrupt).toBeUndefined();
      expect(db.data.reports.map((r) => r.id).sort()).toEqual([...a, ...b].sort());
      expect(existsSync(`${store}.lock`)).toBe(false);
    }
  });

  it('a process that finds the store locked by another live process says it is waiting, then writes', async () => {
    const f = copies(join(base, 'in'), 1, 'w');
    mkdirSync(join(base, 'data'), { recursive: true });
    const holder = spawn('sleep', ['30']);
    writeFileSync(`${store}.lock`, String(holder.pid));
    const log: string[] = [];
    // the lock is let go once the process has said it waits (however long reading the file took first)
    const released = new Promise<void>((ok) => {
      const t0 = Date.now();
      const poll = setInterval(() => {
        if (!log.some((l) => /等待/.test(l)) && Date.now() - t0 < 20_000) return;
        clearInterval(poll);
        rmSync(`${store}.lock`, { force: true });
        ok();
      }, 50);
    });
    try {
      const { results } = await ingestIntoStore(f, { store, dir, log: (l) => log.push(l) });
      await released;
      expect(results.map((r) => Boolean(r.report))).toEqual([true]);
      expect(log.filter((l) => /等待/.test(l))).toEqual([expect.stringContaining(`进程 ${holder.pid}`)]);
      const { db } = await openStore(store);
      expect(db.data.reports.map((r) => r.id)).toEqual(f);
    } finally {
      holder.kill();
    }
  });
});

describe('a hand-edited or damaged store is validated on open', () => {
  async function edited(edit: (d: Catalog) => void) {
    await open();
    editCatalog(store, edit);
    return open();
  }
  async function reportEdited(edit: (r: Record<string, unknown>) => void) {
    await open();
    editReport(store, edit);
    return open();
  }
  const rebuiltFine = async (k: Knowledge, log: string[], what: RegExp) => {
    expect(log[0]).toMatch(what);
    expect(log).toContain(`已读取 ${join(dir, 'tianjin-gxj-2020.txt')}`);
    expect(k.reports.map((r) => r.agency)).toEqual(['天津市工业和信息化局']);
    answers23(k);
    // rebuilt on disk: the next open says nothing and reads nothing
    const again = await open();
    expect(again.log).toEqual([]);
    answers23(again.k);
  };

  it('stamps: null → reported, rebuilt from the report files', async () => {
    const { k, log } = await edited((d) => (d.stamps = null as unknown as Catalog['stamps']));
    await rebuiltFine(k, log, /知识库文件 .* 内容不是知识库格式.*stamps.*正在从 .* 重建/);
  });

  it('a report with source: null, agency: 12345 or a null fact value → that report is named and read again', async () => {
    for (const edit of [
      (r: Record<string, unknown>) => (r.source = null),
      (r: Record<string, unknown>) => (r.agency = 12345),
      (r: Record<string, unknown>) => (r.facts = [{ table: '三', row: ['x'], column: ['总计'], value: null, unit: '件', raw: '', at: {}, how: 'cell' }]),
      (r: Record<string, unknown>) => (r.sections = 'nonsense'),
    ]) {
      const { k, log } = await reportEdited(edit);
      await rebuiltFine(k, log, /知识库文件 .* 中的报告 .*tianjin-gxj-2020\.txt 内容无效（.+），重新读取/);
    }
  });
});

describe('symlinks in the knowledge folder', () => {
  it('a dangling symlink, a symlink to itself and a folder loop are named and skipped; the rest is read', async () => {
    symlinkSync(join(base, 'nowhere.txt'), join(dir, 'gone.txt'));
    symlinkSync(join(dir, 'self.txt'), join(dir, 'self.txt'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync(dir, join(dir, 'sub', 'up'));
    const { k, log } = await open();
    expect(k.reports.map((r) => r.agency)).toEqual(['天津市工业和信息化局']);
    const named = Object.fromEntries((k.problems ?? []).map((p) => [p.file, p.reason]));
    expect(named[join(dir, 'gone.txt')]).toMatch(/符号链接指向不存在的文件/);
    expect(named[join(dir, 'self.txt')]).toMatch(/符号链接循环/);
    expect(named[join(dir, 'sub', 'up')]).toMatch(/符号链接循环/);
    expect(log.some((l) => l.includes('gone.txt'))).toBe(true);
    answers23(k);

    // npm run ingest on the same folder names them too and reads the report
    const { results } = await ingestIntoStore([dir], { store, dir });
    const byFile = Object.fromEntries(results.map((r) => [r.file, r]));
    expect(byFile[join(dir, 'tianjin-gxj-2020.txt')]!.report).toBeDefined();
    expect(byFile[join(dir, 'gone.txt')]!.problem).toMatch(/符号链接指向不存在的文件/);
    expect(byFile[join(dir, 'self.txt')]!.problem).toMatch(/符号链接循环/);
  });

  it('a symlink to a report file elsewhere is read', async () => {
    const other = join(base, 'other');
    mkdirSync(other);
    copyFileSync(TIANJIN, join(other, 'real.txt'));
    rmSync(join(dir, 'tianjin-gxj-2020.txt'));
    symlinkSync(join(other, 'real.txt'), join(dir, 'link.txt'));
    const { k } = await open();
    expect(k.problems).toEqual([]);
    answers23(k);
  });
});

/** A tmpfs mounted under the test folder (root only); undefined when mounting is not possible here. */
function tmpfs(where: string, options: string): string | undefined {
  mkdirSync(where, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', where], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  mounts.push(where);
  return where;
}
const isRoot = process.getuid?.() === 0;

describe('a store that cannot be written', () => {
  it('read-only: answers from memory, says once that the store could not be written', async () => {
    const ro = join(base, 'ro');
    if (isRoot) {
      if (!tmpfs(ro, 'size=1m,ro')) return console.warn('skipped: cannot mount a read-only tmpfs here (needs root and mount)');
    } else {
      mkdirSync(ro);
      chmodSync(ro, 0o555);
    }
    const roStore = join(ro, 'data', 'store.json');
    const { k, log } = await open({ store: roStore });
    answers23(k);
    expect(log.filter((l) => /无法写入/.test(l))).toEqual([expect.stringMatching(new RegExp(`知识库 ${roStore} 无法写入（.+），本次从内存中的 1 份报告回答`))]);
    expect(k.unsaved).toBeDefined();
    // npm run ingest says so too, and still reports what it read
    const { results, unsaved } = await ingestIntoStore([join(dir, 'tianjin-gxj-2020.txt')], { store: roStore, dir });
    expect(results[0]!.report).toBeDefined();
    expect(unsaved).toMatch(/.+/);
  });

  it('full disk: answers from memory, says so once, and leaves no temporary or lock file', async () => {
    const full = tmpfs(join(base, 'full'), 'size=16k');
    if (!full) return console.warn('skipped: cannot mount a small tmpfs here (needs root and mount) to fill');
    const fullStore = join(full, 'store.json');
    const { k, log } = await open({ store: fullStore });
    answers23(k);
    expect(log.filter((l) => /无法写入/.test(l))).toHaveLength(1);
    expect(readdirSync(full)).toEqual([]);
    // the same from the second open (nothing was saved: the report is read again, the message once again)
    const again = await open({ store: fullStore });
    answers23(again.k);
    expect(again.log.filter((l) => /无法写入/.test(l))).toHaveLength(1);
    expect(readdirSync(full)).toEqual([]);
  });
});
