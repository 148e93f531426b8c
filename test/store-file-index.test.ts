// The file store's catalog, report files and inverted index (src/store/file.ts, postings.ts): real
// reports ingested into a real folder; a question's words find the reports that hold them, a report
// replaced or removed is found no more, and a line of the index torn by a crash spoils nothing else.
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore } from '../src/store/file.js';
import { readCatalog } from './helpers/store-disk.js';
import { reportWith, STAMP, wordsThroughChanges } from './helpers/words.js';

const root = mkdtempSync(join(tmpdir(), 'gongkai-file-index-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));


describe('the file store: a catalog, a file per report, an inverted index', () => {
  it('finds reports by the words of their figures through the index, and forgets replaced and removed ones', async () => {
    const file = join(root, 'a', 'store.json');
    const store = new FileStore(file);
    await wordsThroughChanges(store, {
      put: () => expect(readdirSync(join(`${file}.d`, 'reports')).sort()).toEqual(['0.br', '1.br']),
      // replaced: its old file deleted
      replaced: () => expect(readdirSync(join(`${file}.d`, 'reports')).sort()).toEqual(['1.br', '2.br']),
      // removed: by another process's store too, its file gone
      removed: async () => {
        expect(await new FileStore(file).mentioning('审计培训')).toEqual([]);
        expect(readdirSync(join(`${file}.d`, 'reports'))).toEqual(['2.br']);
        expect(readCatalog(file).reports.map((e) => e[0])).toEqual(['/r/kjj.txt']);
        expect((await new FileStore(file).get(['/r/kjj.txt']))[0]!.figures.some((f) => f.sentence.includes('航模比赛'))).toBe(true);
      },
    });
  });

  it('a line of the index torn by a crash spoils only itself', async () => {
    const file = join(root, 'b', 'store.json');
    const store = new FileStore(file);
    await store.apply([{ kind: 'put', report: await reportWith('天津市科学技术局', '全年组织科普讲座48场。', '/r/kjj.txt'), stamp: STAMP }]);
    const terms = join(`${file}.d`, 'terms');
    for (const f of readdirSync(terms)) appendFileSync(join(terms, f), '{"123":[0,');
    await store.apply([{ kind: 'put', report: await reportWith('天津市审计局', '全年开展审计培训12场。', '/r/sjj.txt'), stamp: STAMP }]);
    const fresh = new FileStore(file);
    expect((await fresh.mentioning('科普讲座')).map((k) => k.id)).toEqual(['/r/kjj.txt']);
    expect((await fresh.mentioning('审计培训')).map((k) => k.id)).toEqual(['/r/sjj.txt']);
  });

  it('a report file left by a killed writer (named in no catalog) is never taken for a report', async () => {
    const file = join(root, 'c', 'store.json');
    mkdirSync(join(`${file}.d`, 'reports'), { recursive: true });
    writeFileSync(join(`${file}.d`, 'reports', '0.br'), 'left behind');
    const store = new FileStore(file);
    expect(await store.list()).toEqual([]);
    await store.apply([{ kind: 'put', report: await reportWith('天津市科学技术局', '全年组织科普讲座48场。', '/r/kjj.txt'), stamp: STAMP }]);
    // a new store starts with an empty folder
    expect(readdirSync(join(`${file}.d`, 'reports'))).toEqual(['0.br']);
    expect((await store.get(['/r/kjj.txt']))[0]!.agency).toBe('天津市科学技术局');
  });
});
