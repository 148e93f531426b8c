// PostgreSQL's inverted index as postings appended per write (src/store/pg-postings.ts) and
// migration 4, which moves a version-3 store's terms (an integer[] per report, GIN) into them: real
// reports ingested, a real database (DATABASE_URL, else PGlite). Words find the reports that hold
// them, before and after the upgrade alike; a report replaced or removed is found no more.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { packReport } from '../src/store/codec.js';
import { migrate, MIGRATIONS } from '../src/store/migrations.js';
import { decodeRids, decodeRuns, encodeRids } from '../src/store/pg-postings.js';
import { PgStore } from '../src/store/pg.js';
import { connect, type Sql } from '../src/store/sql.js';
import { reportTermCodes } from '../src/store/terms.js';
import { STORE_VERSION } from '../src/store/version.js';
import { PG_KIND, REAL_PG } from './helpers/pg.js';
import { reportWith, STAMP, wordsThroughChanges } from './helpers/words.js';


const opened: { sql: Sql; schema: string }[] = [];
async function schema(): Promise<Sql> {
  const name = `test_postings_${process.pid}_${randomBytes(3).toString('hex')}`;
  const sql = await connect(REAL_PG ?? 'pglite:memory', { schema: name });
  opened.push({ sql, schema: name });
  return sql;
}
afterAll(async () => {
  for (const { sql, schema: name } of opened) {
    if (REAL_PG) await sql.exec(`DROP SCHEMA ${name} CASCADE`).catch(() => {});
    await sql.close();
  }
});

describe(`PostgreSQL postings (${PG_KIND})`, () => {
  it('row numbers survive their encoding: gaps, runs, large numbers; a run of a batch takes a few bytes', () => {
    for (const rids of [[], [1], [5, 6, 7, 8, 20, 21, 1_000_000, 2 ** 31 - 1], [3, 4, 9, 10, 11, 12, 13, 200, 201]]) expect(decodeRids(encodeRids(rids))).toEqual(rids);
    const batch = Array.from({ length: 500 }, (_, i) => 100_000 + i);
    expect(decodeRids(encodeRids(batch))).toEqual(batch);
    expect(encodeRids(batch).length).toBeLessThanOrEqual(6);
    // read as runs of consecutive numbers (what lookups intersect)
    expect(decodeRuns(encodeRids(batch))).toEqual([100_000, 100_499]);
    expect(decodeRuns(encodeRids([3, 4, 9, 10, 11, 12, 13, 200]))).toEqual([3, 4, 9, 13, 200, 200]);
  });

  it('words find the reports that hold them; a report replaced or removed is found no more', async () => {
    const sql = await schema();
    await migrate(sql);
    const store = new PgStore(sql);
    await wordsThroughChanges(store, { removed: async () => expect((await store.mentioning('政府信息公开')).map((k) => k.id)).toEqual(['/r/kjj.txt']) });
  });

  it('migration 4 upgrades a version-3 store: its reports kept, their terms moved into postings, found as before', async () => {
    const sql = await schema();
    // a store as version 3 left it: migrations 1–3, reports written as its PgStore wrote them
    await sql.exec('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    for (const m of MIGRATIONS.filter((m) => m.version <= 3)) {
      await sql.exec(m.sql);
      await sql.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    const reports = [
      await reportWith('天津市科学技术局', '全年组织科普讲座48场。', '/r/kjj.txt'),
      await reportWith('天津市审计局', '全年开展审计培训12场。', '/r/sjj.txt'),
      await reportWith('天津市民政局', '全年开展养老服务培训7场。', '/r/mzj.txt'),
    ];
    for (const r of reports)
      await sql.query('INSERT INTO reports (id, agency, year, body, terms) VALUES ($1, $2, $3, $4, $5::integer[])', [r.id, r.agency, r.year, packReport(r), `{${reportTermCodes(r).join(',')}}`]);
    await sql.query('INSERT INTO stamps (id, size, mtime_ms) SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[])', [reports.map((r) => r.id), reports.map(() => 1), reports.map(() => 1)]);
    await sql.query("INSERT INTO meta (key, value) VALUES ('version', $1)", [STORE_VERSION]);

    expect(await migrate(sql)).toEqual([4]);
    const columns = await sql.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'reports'");
    expect(columns.map((c) => c.column_name)).not.toContain('terms');
    const store = new PgStore(sql);
    // every report kept, whole, with its stamp: nothing to read again
    expect((await store.get(reports.map((r) => r.id))).map((r) => r.id)).toEqual(['/r/kjj.txt', '/r/mzj.txt', '/r/sjj.txt']);
    expect(await store.get(['/r/sjj.txt'])).toEqual([reports[1]].map((r) => JSON.parse(JSON.stringify(r))));
    expect(Object.keys((await store.load({ reports: false })).data.stamps).sort()).toEqual(['/r/kjj.txt', '/r/mzj.txt', '/r/sjj.txt']);
    // found by their words as before
    expect((await store.mentioning('科普讲座')).map((k) => k.id)).toEqual(['/r/kjj.txt']);
    expect((await store.mentioning('养老服务')).map((k) => k.id)).toEqual(['/r/mzj.txt']);
    expect((await store.mentioning('政府信息公开')).map((k) => k.id).sort()).toEqual(['/r/kjj.txt', '/r/mzj.txt', '/r/sjj.txt']);
    // and written to as a new store: a new report found beside the moved ones
    await store.apply([{ kind: 'put', report: await reportWith('天津市水务局', '全年开展节水宣传9场。', '/r/swj.txt'), stamp: STAMP }]);
    expect((await store.mentioning('节水宣传')).map((k) => k.id)).toEqual(['/r/swj.txt']);
    expect((await store.mentioning('政府信息公开')).length).toBe(4);
    // migrating again does nothing
    expect(await migrate(sql)).toEqual([]);
  });
});
