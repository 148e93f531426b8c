// One store test suite, run on both stores: the lowdb file and PostgreSQL (a real server when
// DATABASE_URL is set, else PGlite). Real report files, real ingestion, a real file or database.
import { createServer } from 'node:http';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answer } from '../src/answer/index.js';
import { ingestFile } from '../src/ingest/index.js';
import { ingestIntoStore, listStore, openKnowledge, REMOVED, removeFromStore } from '../src/knowledge.js';
import { FileStore, ReportCache, type KnowledgeStore } from '../src/store.js';
import { migrate } from '../src/store/migrations.js';
import { packReport, unpackReport } from '../src/store/codec.js';
import type { Report } from '../src/model.js';
import { PgStore } from '../src/store/pg.js';
import { ARTICLE } from './helpers/bad.js';
import { PG_KIND, testPg, type TestPg } from './helpers/pg.js';
import { TIANJIN, TIANJIN_TEXT } from './helpers/tianjin.js';

const root = mkdtempSync(join(tmpdir(), 'gongkai-contract-'));
let pg: TestPg;
beforeAll(async () => {
  pg = await testPg();
}, 60_000);
afterAll(async () => {
  await pg?.close();
  rmSync(root, { recursive: true, force: true });
});

interface Backend {
  name: string;
  /** a store object over the same stored data (as a new process would open it) */
  store(): KnowledgeStore;
  /** changes a stored report's title behind the store's back */
  setTitle(id: string, title: string): Promise<void>;
  /** damages a stored report: its published date becomes a number */
  damage(id: string): Promise<void>;
  /** marks the store as written by other ingestion code */
  oldVersion(): Promise<void>;
}

/** Changes a report stored in PostgreSQL behind the store's back: unpacked, changed, packed again. */
async function repack(id: string, change: (r: Report) => Report): Promise<void> {
  const [row] = await pg.sql.query<{ body: Uint8Array }>('SELECT body FROM reports WHERE id = $1', [id]);
  await pg.sql.query('UPDATE reports SET body = $2 WHERE id = $1', [id, packReport(change(unpackReport(row!.body)))]);
}

/** Changes a report of the file store behind its back: its file (named in the catalog) unpacked, changed, packed again. */
function repackFile(id: string, change: (r: Report) => Report): void {
  const d = JSON.parse(readFileSync(file, 'utf8')) as { reports: [string, string, number, number][] };
  const at = join(`${file}.d`, 'reports', `${d.reports.find((e) => e[0] === id)![3]}.br`);
  writeFileSync(at, packReport(change(unpackReport(readFileSync(at)))));
}

let n = 0;
let base: string;
let dir: string;
let report: string;
let article: string;
let file: string;

const backends: Backend[] = [
  {
    name: 'lowdb file',
    store: () => new FileStore(file),
    setTitle: async (id, title) => repackFile(id, (r) => ({ ...r, title })),
    damage: async (id) => repackFile(id, (r) => ({ ...r, published: 20210127 as unknown as string })),
    async oldVersion() {
      const d = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
      d.version = 'older-code';
      writeFileSync(file, JSON.stringify(d));
    },
  },
  {
    name: PG_KIND,
    store: () => pg.store(),
    setTitle: (id, title) => repack(id, (r) => ({ ...r, title })),
    damage: (id) => repack(id, (r) => ({ ...r, published: 20210127 as unknown as string })),
    oldVersion: async () => void (await pg.sql.query("UPDATE meta SET value = 'older-code' WHERE key = 'version'")),
  },
];

describe.each(backends)('the knowledge store: $name', (b) => {
  beforeEach(async () => {
    base = join(root, String(n++));
    dir = join(base, 'knowledge');
    file = join(base, 'data', 'store.json');
    mkdirSync(dir, { recursive: true });
    report = join(dir, 'tianjin-gxj-2020.txt');
    article = join(dir, 'article.txt');
    copyFileSync(TIANJIN, report);
    writeFileSync(article, ARTICLE);
    await pg.reset();
  });

  async function open() {
    const log: string[] = [];
    const k = await openKnowledge({ dir, store: b.store(), log: (l) => log.push(l) });
    return { k, log };
  }

  it('first open reads the folder and stores the report exactly as ingested, and why the other file is no report', async () => {
    const { k, log } = await open();
    expect(log).toEqual([`无法读取 ${article}：${k.problems![0]!.reason}`, `已读取 ${report}`]);
    expect(k.problems).toEqual([{ file: article, reason: expect.stringMatching(/找不到报告标题/) }]);
    const { data, corrupt, invalid } = await b.store().load();
    expect(corrupt).toBeUndefined();
    expect(invalid).toBeUndefined();
    expect(data.reports).toEqual([await ingestFile(report, report)]);
    expect(data.stamps[article]!.problem).toMatch(/找不到报告标题/);
    expect(await b.store().list()).toEqual([{ id: report, agency: '天津市工业和信息化局', year: 2020 }]);
    expect((await b.store().get([report, 'nope']))[0]!.facts).toHaveLength(198);
  });

  it('a second open reuses the stored report while the file is unchanged, and answers from it', async () => {
    await open();
    await b.setTitle(report, '（来自知识库）');
    const { k, log } = await open();
    expect(log).toEqual([]);
    expect(k.reports.map((r) => r.title)).toEqual(['（来自知识库）']);
    expect(k.problems).toEqual([{ file: article, reason: expect.stringMatching(/找不到报告标题/) }]);
    expect(answer('天津市工信局2020年收到多少政府信息公开申请?', { knowledge: k }).figures[0]?.value).toBe(23);
  });

  it('re-ingests a changed file and drops the report of a file that is gone', async () => {
    await open();
    await b.setTitle(report, '（旧的）');
    appendFileSync(report, '\n');
    const { k, log } = await open();
    expect(log).toEqual([`已读取 ${report}`]);
    expect(k.reports.map((r) => r.title)).toEqual(['天津市工业和信息化局2020年政府信息公开工作年度报告']);
    rmSync(report);
    expect((await open()).k.reports).toEqual([]);
    const { data } = await b.store().load();
    expect(data.reports).toEqual([]);
    expect(Object.keys(data.stamps)).toEqual([article]);
  });

  it('a damaged stored report is named and read again from its file', async () => {
    await open();
    await b.damage(report);
    const { k, log } = await open();
    expect(log).toEqual([expect.stringMatching(/中的报告 .*tianjin-gxj-2020\.txt 内容无效（published：.+），重新读取/), `已读取 ${report}`]);
    expect(k.reports[0]!.published).toBe('2021-01-27');
    expect((await open()).log).toEqual([]);
  });

  it('a store written by other ingestion code is read again from the files', async () => {
    await open();
    await b.setTitle(report, '（旧代码读的）');
    await b.oldVersion();
    const { k, log } = await open();
    expect(log).toContain(`已读取 ${report}`);
    expect(k.reports[0]!.title).toBe('天津市工业和信息化局2020年政府信息公开工作年度报告');
    expect((await open()).log).toEqual([]);
  });

  it('--list and --remove: a removed file of the folder stays out while unchanged and is read again once changed', async () => {
    await open();
    const listed = await listStore({ dir, store: b.store() });
    expect(listed.entries.map((e) => [e.id, e.report?.agency ?? e.problem])).toEqual([
      [article, expect.stringMatching(/找不到报告标题/)],
      [report, '天津市工业和信息化局'],
    ]);
    expect(await removeFromStore(join(dir, 'nothing.txt'), { dir, store: b.store() })).toMatchObject({ removed: [] });
    expect((await removeFromStore(report, { dir, store: b.store() })).removed).toEqual([report]);
    const after = await open();
    expect(after.log).toEqual([]);
    expect(after.k.reports).toEqual([]);
    expect(after.k.problems).toContainEqual({ file: report, reason: REMOVED });
    expect((await listStore({ dir, store: b.store() })).entries.find((e) => e.id === report)).toEqual({ id: report, problem: REMOVED });
    appendFileSync(report, '\n');
    const changed = await open();
    expect(changed.log).toEqual([`已读取 ${report}`]);
    expect(changed.k.reports.map((r) => r.id)).toEqual([report]);
  });

  it('a report read from a web address is kept in the store, answered from without fetching it again, and can be removed', async () => {
    let fetched = 0;
    const server = createServer((_req, res) => {
      fetched++;
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(TIANJIN_TEXT);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/tianjin.txt`;
    rmSync(report);
    try {
      const { results } = await ingestIntoStore([url], { dir, store: b.store() });
      expect(results).toEqual([{ file: url, report: expect.objectContaining({ id: url, agency: '天津市工业和信息化局' }) }]);
    } finally {
      server.close();
    }
    expect(fetched).toBe(1);
    const { k } = await open();
    expect(k.reports.map((r) => r.id)).toEqual([url]);
    expect(answer('天津市工信局2020年收到多少政府信息公开申请?', { knowledge: k }).figures[0]?.value).toBe(23);
    expect((await open()).k.reports.map((r) => r.id)).toEqual([url]);
    expect(fetched).toBe(1);
    expect((await listStore({ dir, store: b.store() })).entries.map((e) => e.id)).toContain(url);
    expect((await removeFromStore(url, { dir, store: b.store() })).removed).toEqual([url]);
    expect((await open()).k.reports).toEqual([]);
    const { data } = await b.store().load();
    expect(data.extra).toEqual([]);
    expect(data.stamps[url]).toBeUndefined();
  });

  it('a report cache over the store: the agency index once, the reports of an agency fetched on first use, the least recently used dropped', async () => {
    const other = join(dir, 'kejiju-2020.txt');
    writeFileSync(other, TIANJIN_TEXT.replaceAll('天津市工业和信息化局', '天津市科学技术局'));
    const { k } = await open();
    expect(k.reports.map((r) => r.agency).sort()).toEqual(['天津市工业和信息化局', '天津市科学技术局']);
    const cache = new ReportCache(b.store(), 1);
    const index = await cache.agencies();
    expect([...index.keys()].sort()).toEqual(['天津市工业和信息化局', '天津市科学技术局']);
    expect(index.get('天津市科学技术局')).toEqual([{ id: other, agency: '天津市科学技术局', year: 2020 }]);
    const gxj = await cache.reportsOf('天津市工业和信息化局');
    expect(gxj).toEqual(k.reports.filter((r) => r.agency === '天津市工业和信息化局'));
    expect(await cache.reportsOf('天津市工业和信息化局')).toBe(gxj);
    expect(cache.fetches).toBe(1);
    // three at once for the other agency: one fetch; it pushes the first out (max 1)
    const three = await Promise.all([1, 2, 3].map(() => cache.reportsOf('天津市科学技术局')));
    expect(three[0]!.map((r) => r.id)).toEqual([other]);
    expect(three[1]).toBe(three[0]);
    expect(cache.fetches).toBe(2);
    expect(await cache.reportsOf('天津市工业和信息化局')).toEqual(gxj);
    expect(cache.fetches).toBe(3);
    expect(await cache.reportsOf('火星市宇宙局')).toEqual([]);
  });

  it('two ingests at once into one store: every report of both is there after', async () => {
    const make = (tag: string) => {
      const folder = join(base, `in-${tag}`);
      mkdirSync(folder);
      return Array.from({ length: 6 }, (_, i) => {
        const f = join(folder, `${tag}${i}.txt`);
        // a report of an agency of its own (copies of one report would answer as one: store/distinct.ts)
        writeFileSync(f, TIANJIN_TEXT.replaceAll('天津市工业和信息化局', `样本机关${tag}${i}`));
        return f;
      });
    };
    const a = make('a');
    const c = make('c');
    const [ra, rc] = await Promise.all([ingestIntoStore([join(base, 'in-a')], { dir, store: b.store() }), ingestIntoStore([join(base, 'in-c')], { dir, store: b.store() })]);
    expect([...ra.results, ...rc.results].every((r) => r.report)).toBe(true);
    const { data } = await b.store().load();
    expect(data.reports.map((r) => r.id).sort()).toEqual([...a, ...c].sort());
    expect(data.extra.sort()).toEqual([...a, ...c].sort());
    // and the knowledge folder's own open keeps them (added from outside the folder)
    const { k } = await open();
    expect(k.reports.map((r) => r.id).sort()).toEqual([...a, ...c, report].sort());
  });
});

describe(`the PostgreSQL store (${PG_KIND})`, () => {
  beforeEach(() => pg.reset());

  it('migrations are versioned and run once: a second run applies nothing', async () => {
    expect(await migrate(pg.sql)).toEqual([]);
    const rows = await pg.sql.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4]);
  });

  it('finds reports by agency and year, and by the words of their figures', async () => {
    const dir2 = join(root, 'pg-queries');
    mkdirSync(dir2, { recursive: true });
    copyFileSync(TIANJIN, join(dir2, 'tianjin.txt'));
    const store = pg.store();
    await openKnowledge({ dir: dir2, store });
    expect((await store.reportsOf('天津市工业和信息化局', 2020)).map((r) => r.year)).toEqual([2020]);
    expect(await store.reportsOf('天津市工业和信息化局', 2019)).toEqual([]);
    const r = (await store.get([join(dir2, 'tianjin.txt')]))[0]!;
    const counted = r.figures[0]!.counts;
    expect((await store.mentioning(counted)).map((k) => k.agency)).toEqual(['天津市工业和信息化局']);
    expect(await store.mentioning('量子计算机')).toEqual([]);
  });

  it('a large folder streams into the database in batches, the reports not kept: every report stored, results in order', async () => {
    const folder = join(root, 'pg-stream');
    mkdirSync(folder, { recursive: true });
    const files = Array.from({ length: 5 }, (_, i) => {
      const f = join(folder, `r${i}.txt`);
      writeFileSync(f, `${TIANJIN_TEXT}\n${i}\n`);
      return f;
    });
    writeFileSync(join(folder, 'z-article.txt'), ARTICLE);
    const store = pg.store();
    const { results } = await ingestIntoStore([folder], { dir: folder, store, keepReports: false, batch: 2 });
    expect(results.map((r) => [r.file, r.report, r.problem === undefined])).toEqual([...files.map((f) => [f, undefined, true]), [join(folder, 'z-article.txt'), undefined, false]]);
    expect((await store.list()).map((k) => k.id).sort()).toEqual(files); // list() is in no particular order
    const { data } = await store.load();
    expect(data.stamps[join(folder, 'z-article.txt')]!.problem).toMatch(/找不到报告标题/);
  });

  it('a database that refuses writes: the knowledge is answered from memory, said once', async () => {
    const dir3 = join(root, 'pg-readonly');
    mkdirSync(dir3, { recursive: true });
    copyFileSync(TIANJIN, join(dir3, 'tianjin.txt'));
    // a read-only role's view of the store: writes fail in the database itself
    await pg.sql.exec(`CREATE OR REPLACE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'read-only replica'; END $$;
      CREATE TRIGGER refuse_writes BEFORE INSERT ON reports FOR EACH ROW EXECUTE FUNCTION refuse();`);
    try {
      const log: string[] = [];
      const k = await openKnowledge({ dir: dir3, store: new PgStore(pg.sql), log: (l) => log.push(l) });
      expect(k.unsaved).toMatch(/read-only replica/);
      expect(log.filter((l) => /无法写入/.test(l))).toHaveLength(1);
      expect(answer('天津市工信局2020年收到多少政府信息公开申请?', { knowledge: k }).figures[0]?.value).toBe(23);
    } finally {
      await pg.sql.exec('DROP TRIGGER refuse_writes ON reports');
    }
  });
});
