// Ingest in worker threads: a folder of real report files (text, HTML, broken tables, bad files)
// read by two threads gives exactly what one thread gives, every file once; and openKnowledge of
// a folder that large uses the threads.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKnowledge } from '../src/knowledge.js';
import { FileStore } from '../src/store.js';
import { packFor, unpackReport } from '../src/store/codec.js';
import type { Change } from '../src/store/types.js';
import { readFiles, threadsFor, type ReadResult } from '../src/read-files.js';
import { writeBadFolder } from './helpers/bad.js';
import { TIANJIN, TIANJIN_TEXT } from './helpers/tianjin.js';

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-threads-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function folder(): string[] {
  const files = Object.values(writeBadFolder(join(tmp, 'in'))).filter((f) => !f.endsWith('.png'));
  for (let i = 0; i < 6; i++) {
    const f = join(tmp, 'in', `copy-${i}.txt`);
    writeFileSync(f, `${TIANJIN_TEXT}\n${i}\n`);
    files.push(f);
  }
  copyFileSync(TIANJIN, join(tmp, 'in', 'tianjin.txt'));
  files.push(join(tmp, 'in', 'tianjin.txt'));
  return files.sort();
}

async function readAll(files: string[], threads: number) {
  const out: ReadResult[] = new Array(files.length);
  let calls = 0;
  const r = await readFiles(
    files,
    (i, res) => {
      out[i] = res;
      calls++;
    },
    { threads },
  );
  return { out, calls, threads: r.threads };
}

describe('reading report files in worker threads', () => {
  it('two threads read exactly what one thread reads, each file once', async () => {
    const files = folder();
    expect(files.length).toBeGreaterThanOrEqual(12);
    const one = await readAll(files, 0);
    const two = await readAll(files, 2);
    expect(two.threads).toBe(2);
    expect(two.calls).toBe(files.length);
    expect(two.out).toEqual(one.out);
    expect(one.out.filter((r) => 'report' in r).length).toBeGreaterThanOrEqual(9);
    expect(one.out.filter((r) => 'problem' in r).length).toBeGreaterThanOrEqual(3);
  });

  it('threads: one per core for many files, none for a handful or when asked for one', () => {
    expect(threadsFor(3, { GONGKAI_INGEST_THREADS: '4' })).toBe(0);
    expect(threadsFor(100, { GONGKAI_INGEST_THREADS: '4' })).toBe(4);
    expect(threadsFor(100, { GONGKAI_INGEST_THREADS: '1' })).toBe(0);
    expect(threadsFor(12, { GONGKAI_INGEST_THREADS: '8' })).toBe(3);
  });

  it('openKnowledge of a large folder reads it in threads and stores every report', async () => {
    const dir = join(tmp, 'knowledge');
    mkdirSync(dir);
    // ten reports of ten agencies (copies of one report would answer as one: store/distinct.ts)
    for (let i = 0; i < 10; i++) writeFileSync(join(dir, `r${i}.txt`), TIANJIN_TEXT.replaceAll('天津市工业和信息化局', `样本机关${i}`));
    const prev = process.env.GONGKAI_INGEST_THREADS;
    process.env.GONGKAI_INGEST_THREADS = '2';
    try {
      const log: string[] = [];
      const k = await openKnowledge({ dir, store: join(tmp, 'store.json'), log: (l) => log.push(l) });
      expect(k.reports).toHaveLength(10);
      expect(k.reports.map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, i) => join(dir, `r${i}.txt`)).sort());
      expect(log.filter((l) => l.startsWith('已读取'))).toHaveLength(10);
      expect(log).toContain('用 2 个线程读取了 10 个文件。');
    } finally {
      if (prev === undefined) delete process.env.GONGKAI_INGEST_THREADS;
      else process.env.GONGKAI_INGEST_THREADS = prev;
    }
  });

  it('the threads read and pack: each report comes back packed as the stores write it, slim when asked', async () => {
    const files = folder();
    const one = await readAll(files, 0);
    const slim: ReadResult[] = new Array(files.length);
    await readFiles(files, (i, r) => void (slim[i] = r), { threads: 2, pack: true, slim: true });
    for (let i = 0; i < files.length; i++) {
      const whole = one.out[i]!;
      const got = slim[i]!;
      if (!('report' in whole)) {
        expect(got).toEqual(whole);
        continue;
      }
      // packed in a thread (the main thread's own reading never packs): the key and the bytes only
      if (!('report' in got) || !got.packed) throw new Error(`${files[i]} not packed by a reading thread`);
      expect(got.report).toEqual({ id: whole.report.id, agency: whole.report.agency, year: whole.report.year });
      expect(unpackReport(got.packed.body)).toEqual(unpackReport(packFor(whole.report).body));
      expect(got.packed.terms).toEqual(packFor(whole.report).terms);
    }
  });

  it('an ingest answered on demand holds a batch as keys and packed bytes, never whole reports, and answers the same', async () => {
    const dir = join(tmp, 'slim');
    mkdirSync(dir);
    for (let i = 0; i < 12; i++) writeFileSync(join(dir, `r${i}.txt`), TIANJIN_TEXT.replaceAll('天津市工业和信息化局', `样本机关${i}`));
    const batches: Change[][] = [];
    class Watched extends FileStore {
      override async apply(changes: Change[]) {
        batches.push(changes);
        return super.apply(changes);
      }
    }
    const store = new Watched(join(tmp, 'slim-store.json'));
    const k = await openKnowledge({ dir, store, onDemand: true });
    const puts = batches.flat().filter((c): c is Extract<Change, { kind: 'put' }> => c.kind === 'put');
    expect(puts).toHaveLength(12);
    for (const c of puts) {
      expect(Object.keys(c.report).sort()).toEqual(['agency', 'id', 'year']);
      expect(c.packed!.body.length).toBeLessThan(20_000);
    }
    // what the store holds is what reading the file in this thread gives, packed and unpacked
    const [stored] = await store.get([join(dir, 'r3.txt')]);
    const read = (await readAll([join(dir, 'r3.txt')], 0)).out[0]!;
    if (!('report' in read)) throw new Error('not read');
    expect(stored).toEqual(unpackReport(packFor(read.report).body));
    expect(k.catalog?.size).toBe(12);
  });
});
