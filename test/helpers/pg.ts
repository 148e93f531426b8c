// PostgreSQL for the tests: a real server when DATABASE_URL is set (each test file in its own
// schema, dropped after), else PGlite in this process. One connection per test file (PGlite takes a
// moment to start); `reset` empties the tables between tests.
import { randomBytes } from 'node:crypto';
import { migrate } from '../../src/store/migrations.js';
import { PgStore } from '../../src/store/pg.js';
import { connect, type Sql } from '../../src/store/sql.js';

export const REAL_PG = process.env.DATABASE_URL?.trim() || undefined;
export const PG_KIND = REAL_PG ? 'PostgreSQL (DATABASE_URL)' : 'PGlite';

export interface TestPg {
  sql: Sql;
  /** a store on this database (a new object each time, as a new process would have) */
  store(): PgStore;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function testPg(): Promise<TestPg> {
  const schema = `test_${process.pid}_${randomBytes(3).toString('hex')}`;
  const sql = await connect(REAL_PG ?? 'pglite:memory', { schema });
  await migrate(sql);
  return {
    sql,
    store: () => new PgStore(sql),
    reset: () => sql.exec('TRUNCATE reports, postings, stamps, extra_files, meta, kv CASCADE'),
    async close() {
      if (REAL_PG) await sql.exec(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
      await sql.close();
    },
  };
}
