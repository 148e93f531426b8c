// The PostgreSQL schema, as numbered migrations. They run on start (openPgStore), in one
// transaction under an advisory lock, so that instances starting together migrate once. Append
// new migrations at the end; never change one that has shipped.
import { appendRows } from './pg-postings.js';
import type { Sql } from './sql.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** what SQL alone cannot do, after `sql`, in the same transaction */
  run?: (q: Sql) => Promise<void>;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'reports, facts, figures, documents, stamps',
    sql: `
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE stamps (id text PRIMARY KEY, size double precision NOT NULL, mtime_ms double precision NOT NULL, problem text);
CREATE TABLE extra_files (file text PRIMARY KEY);
CREATE TABLE reports (
  rid serial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  agency text NOT NULL CHECK (agency <> ''),
  year integer NOT NULL,
  title text NOT NULL,
  sha1 text NOT NULL,
  -- the report without its facts, figures and documents (sections, versions, unread, findings, source)
  doc jsonb NOT NULL CHECK (jsonb_typeof(doc) = 'object'),
  -- distinct character bigrams of what its figures count, the documents it names and its headings:
  -- the inverted index for questions naming no agency
  terms text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX reports_agency_year ON reports (agency, year);
CREATE INDEX reports_year ON reports (year);
CREATE INDEX reports_sha1 ON reports (sha1);
CREATE INDEX reports_terms ON reports USING gin (terms);
-- the template's cells: a few hundred distinct (table, row, column), shared by every report
CREATE TABLE labels (
  id serial PRIMARY KEY,
  table_id text NOT NULL CHECK (table_id IN ('二', '三', '四')),
  row_path text[] NOT NULL,
  column_path text[] NOT NULL,
  UNIQUE (table_id, row_path, column_path)
);
CREATE INDEX labels_column ON labels (column_path);
CREATE TABLE facts (
  rid integer NOT NULL REFERENCES reports (rid) ON DELETE CASCADE,
  n integer NOT NULL,
  year integer NOT NULL,
  label integer NOT NULL REFERENCES labels (id),
  value double precision NOT NULL,
  unit text NOT NULL,
  raw text NOT NULL,
  line integer,
  page integer,
  how text NOT NULL CHECK (how IN ('cell', 'decoded', 'placed', 'narrative')),
  PRIMARY KEY (rid, n)
);
-- one cell across reports (all agencies' 本年新收 总计 in 2021, the largest first)
CREATE INDEX facts_cell ON facts (label, year, value);
CREATE TABLE figures (
  rid integer NOT NULL REFERENCES reports (rid) ON DELETE CASCADE,
  n integer NOT NULL,
  value double precision NOT NULL,
  unit text NOT NULL,
  approximate boolean NOT NULL,
  raw text NOT NULL,
  counts text NOT NULL,
  sentence text NOT NULL,
  section text NOT NULL,
  line integer,
  page integer,
  PRIMARY KEY (rid, n)
);
CREATE INDEX figures_counts ON figures (counts);
CREATE TABLE documents (
  rid integer NOT NULL REFERENCES reports (rid) ON DELETE CASCADE,
  n integer NOT NULL,
  title text NOT NULL,
  action text,
  kind text NOT NULL CHECK (kind IN ('policy', 'law', 'media', 'other')),
  sentence text NOT NULL,
  section text NOT NULL,
  line integer,
  page integer,
  PRIMARY KEY (rid, n)
);
CREATE INDEX documents_title ON documents (title);
`,
  },
  {
    version: 2,
    name: 'key-value store for sessions and deduplication',
    sql: `
CREATE TABLE kv (key text PRIMARY KEY, value jsonb NOT NULL, expires_at timestamptz);
CREATE INDEX kv_expires ON kv (expires_at) WHERE expires_at IS NOT NULL;
`,
  },
  {
    version: 3,
    name: 'one compact row per report: the packed report and its terms as integers',
    // a tenth of the size of version 1 (62 KB a report): every report is read again from its file
    sql: `
DROP TABLE facts, figures, documents, labels, reports CASCADE;
DELETE FROM stamps;
DELETE FROM meta WHERE key = 'version';
CREATE TABLE reports (
  rid integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  agency text NOT NULL CHECK (agency <> ''),
  year smallint NOT NULL,
  -- the whole report, packed (store/codec.ts packReport: the file store's format, deflated)
  body bytea NOT NULL,
  -- the distinct character bigrams of what its figures count and say, the documents it names and
  -- its headings, each as an integer (store/terms.ts termCode): the inverted index (GIN) for
  -- questions naming no agency
  terms integer[] NOT NULL DEFAULT '{}'
);
ALTER TABLE reports ALTER COLUMN body SET STORAGE EXTERNAL;
CREATE INDEX reports_agency_year ON reports (agency, year);
CREATE INDEX reports_terms ON reports USING gin (terms);
`,
  },
  {
    version: 4,
    name: 'the terms out of the report rows: postings appended per write (about a byte a posting)',
    // reports.terms (an integer[] of 810 terms a report, 3.2 KB, and its GIN index, 2 KB) becomes
    // rows of pg-postings.ts; the reports stored are kept, their terms moved (a VACUUM FULL of
    // reports afterwards gives the dropped column's space back to the system)
    sql: `
CREATE TABLE postings (
  term integer NOT NULL,
  -- the row numbers (reports.rid) of the reports holding the term, ascending (pg-postings.ts encodeRids)
  rids bytea NOT NULL
);
CREATE INDEX postings_term ON postings (term);
`,
    async run(q) {
      for (let after = 0; ; ) {
        const rows = await q.query<{ rid: number; terms: number[] }>('SELECT rid, terms FROM reports WHERE rid > $1 ORDER BY rid LIMIT 2000', [after]);
        if (!rows.length) break;
        await appendRows(q, rows.map((r) => ({ rid: r.rid, codes: r.terms })));
        after = rows[rows.length - 1]!.rid;
      }
      await q.exec('DROP INDEX IF EXISTS reports_terms; ALTER TABLE reports DROP COLUMN terms');
    },
  },
];

/** Runs the migrations not yet applied; returns the versions it applied. */
export async function migrate(sql: Sql): Promise<number[]> {
  const applied: number[] = [];
  await sql.tx(async (q) => {
    // one migrator at a time per schema (the lock is released at commit)
    await q.query('SELECT pg_advisory_xact_lock(hashtext(current_schema()))');
    await q.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await q.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await q.exec(m.sql);
      await m.run?.(q);
      await q.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
  });
  return applied;
}
