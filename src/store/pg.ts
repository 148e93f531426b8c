// The PostgreSQL store: one row a report — its id, agency and year (indexed) and the report packed
// (store/codec.ts packReport, about 8 KB) — and the inverted index of questions that name no
// agency, the reports' terms as postings appended per write (pg-postings.ts). Changes are written a batch per transaction (ingest
// hands them over a few hundred at a time), so that ingests and bot instances on one database merge
// by themselves and a killed ingest loses only the batch in flight. Selected by DATABASE_URL (see
// knowledge.ts); the schema is migrated on open (migrations.ts).
import type { Report } from '../model.js';
import { packFor, unpackReport } from './codec.js';
import { appendRows, lookupRows } from './pg-postings.js';
import { emptyData } from './file.js';
import { migrate } from './migrations.js';
import { checkReport } from './schema.js';
import { connect, type ConnectOptions, type Sql } from './sql.js';
import { outcomes, StoreWriteError, type Change, type KnowledgeStore, type Loaded, type ReportKey, type StoreData } from './types.js';
import { STORE_VERSION } from './version.js';
import { bigrams, termCode } from './terms.js';

export { bigrams, reportTerms } from './terms.js';

export class PgStore implements KnowledgeStore {
  readonly kind = 'postgres' as const;
  readonly where: string;
  private versionChecked = false;

  constructor(readonly sql: Sql) {
    this.where = sql.where;
  }

  private async storedVersion(q: Sql = this.sql): Promise<string | undefined> {
    const rows = await q.query<{ value: string }>("SELECT value FROM meta WHERE key = 'version'");
    return rows[0]?.value;
  }

  async load(opts: { reports?: boolean } = {}): Promise<Loaded> {
    const q = this.sql;
    const extra = (await q.query<{ file: string }>('SELECT file FROM extra_files ORDER BY file')).map((r) => r.file);
    // written by other ingestion code: read every file again (apply clears the old reports first)
    if ((await this.storedVersion()) !== STORE_VERSION) return { data: emptyData(extra) };
    const stamps: StoreData['stamps'] = {};
    for (const s of await q.query<{ id: string; size: number; mtime_ms: number; problem: string | null }>('SELECT id, size, mtime_ms, problem FROM stamps')) {
      stamps[s.id] = s.problem === null ? { size: s.size, mtimeMs: s.mtime_ms } : { size: s.size, mtimeMs: s.mtime_ms, problem: s.problem };
    }
    if (opts.reports === false) return { data: { version: STORE_VERSION, stamps, extra, reports: [] } };
    const invalid: { id: string; why: string }[] = [];
    const ok: Report[] = [];
    for (const row of await q.query<{ id: string; body: Uint8Array }>('SELECT id, body FROM reports ORDER BY id')) {
      const r = this.decode(row);
      const why = 'why' in r ? r.why : checkReport(r, true);
      if (why) {
        invalid.push({ id: row.id, why });
        delete stamps[row.id]; // read again
      } else ok.push(r as Report);
    }
    return { data: { version: STORE_VERSION, stamps, extra, reports: ok }, ...(invalid.length ? { invalid } : {}) };
  }

  private decode(row: { id: string; body: Uint8Array }): Report | { why: string } {
    try {
      return unpackReport(row.body);
    } catch (e) {
      return { why: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Reports, whole, with the given ids, sorted by id (a row that does not decode is left out). */
  private async reports(ids: string[]): Promise<Report[]> {
    const rows = await this.sql.query<{ id: string; body: Uint8Array }>('SELECT id, body FROM reports WHERE id = ANY($1::text[]) ORDER BY id', [ids]);
    const out: Report[] = [];
    for (const row of rows) {
      const r = this.decode(row);
      if (!('why' in r)) out.push(r);
    }
    return out;
  }

  /** Stored reports of other ingestion code are dropped once, before the first change. */
  private async checkVersion(): Promise<void> {
    if (this.versionChecked) return;
    await this.sql.tx(async (q) => {
      await q.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':version'))");
      if ((await this.storedVersion(q)) !== STORE_VERSION) {
        await q.query('DELETE FROM reports');
        await q.query('DELETE FROM postings');
        await q.query('DELETE FROM stamps');
        await q.query("INSERT INTO meta (key, value) VALUES ('version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [STORE_VERSION]);
      }
    });
    this.versionChecked = true;
  }

  /** The changes in one transaction: a batch of reports written with one statement per table. */
  async apply(changes: Change[]): Promise<void> {
    if (!changes.length) return;
    try {
      await this.checkVersion();
      const { byId, extra } = outcomes(changes);
      const ids = [...byId.keys()];
      // packed where the files were read (read-files.ts), else here, before the transaction, so that it holds its locks only while writing
      const puts = [...byId.values()].flatMap((o) => (o.put ? [{ r: o.put, packed: o.packed ?? packFor(o.put) }] : []));
      const stamped = [...byId].filter(([, o]) => o.stamp);
      const removed = [...byId].filter(([, o]) => o.removed).map(([id]) => id);
      await this.sql.tx(async (q) => {
        // changes to one report, one after another (two ingests of one file at once), locked in one order
        await q.query('SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(i) AS h FROM unnest($1::text[]) i ORDER BY 1) x', [ids]);
        // the postings of a report replaced or removed stay, and find no report
        await q.query('DELETE FROM reports WHERE id = ANY($1::text[])', [ids]);
        if (removed.length) {
          await q.query('DELETE FROM stamps WHERE id = ANY($1::text[])', [removed]);
          await q.query('DELETE FROM extra_files WHERE file = ANY($1::text[])', [removed]);
        }
        if (puts.length) {
          const rows = await q.query<{ rid: number; id: string }>(
            `INSERT INTO reports (id, agency, year, body)
             SELECT * FROM unnest($1::text[], $2::text[], $3::smallint[], $4::bytea[]) RETURNING rid, id`,
            [puts.map((p) => p.r.id), puts.map((p) => p.r.agency), puts.map((p) => p.r.year), puts.map((p) => p.packed.body)],
          );
          const codes = new Map(puts.map((p) => [p.r.id, p.packed.terms]));
          await appendRows(q, rows.map((row) => ({ rid: row.rid, codes: codes.get(row.id)! })));
        }
        if (stamped.length)
          await q.query(
            `INSERT INTO stamps (id, size, mtime_ms, problem) SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[], $4::text[])
             ON CONFLICT (id) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, problem = excluded.problem`,
            [stamped.map(([id]) => id), stamped.map(([, o]) => o.stamp!.size), stamped.map(([, o]) => o.stamp!.mtimeMs), stamped.map(([, o]) => o.stamp!.problem ?? null)],
          );
        if (extra.size) await q.query('INSERT INTO extra_files (file) SELECT * FROM unnest($1::text[]) ON CONFLICT DO NOTHING', [[...extra]]);
      });
    } catch (e) {
      throw new StoreWriteError(this.where, e instanceof Error ? e.message : String(e));
    }
  }

  async list(): Promise<ReportKey[]> {
    return this.sql.query<ReportKey>('SELECT id, agency, year FROM reports');
  }

  async get(ids: string[]): Promise<Report[]> {
    return ids.length ? this.reports(ids) : [];
  }

  /** Reports of an agency (all years, or one), sorted by id (index reports_agency_year). */
  async reportsOf(agency: string, year?: number): Promise<Report[]> {
    const rows = await this.sql.query<{ id: string }>(
      year === undefined ? 'SELECT id FROM reports WHERE agency = $1' : 'SELECT id FROM reports WHERE agency = $1 AND year = $2',
      year === undefined ? [agency] : [agency, year],
    );
    return this.get(rows.map((r) => r.id));
  }

  /** Reports whose figures, documents or headings hold every two-character term of the words (candidates: check the text). */
  async mentioning(words: string, limit = 1000): Promise<ReportKey[]> {
    const terms = [...bigrams(words)].map(termCode);
    if (!terms.length) return [];
    // the first `limit` live reports of the rows holding every term (a rid replaced or removed finds
    // none): their numbers taken a few times `limit` at a time
    const out: ReportKey[] = [];
    for (let want = 4 * limit, from = 0; out.length < limit; want *= 4) {
      const rids = (await lookupRows(this.sql, terms, want)).slice(from);
      if (!rids.length) break;
      out.push(...(await this.sql.query<ReportKey>('SELECT id, agency, year FROM reports WHERE rid = ANY($1::integer[]) ORDER BY rid LIMIT $2', [rids, limit - out.length])));
      from += rids.length;
    }
    return out;
  }

  /**
   * What the store holds, as a fingerprint: the number of reports and the newest row's number (a
   * report put gets a new row, a report removed lowers the count), read from the indexes, so that
   * bot instances can poll it every few seconds — also on a read replica, where LISTEN would hear
   * nothing of the primary's writes.
   */
  async version(): Promise<string> {
    const [row] = await this.sql.query<{ v: string }>("SELECT count(*) || '/' || coalesce(max(rid), 0) AS v FROM reports");
    return row!.v;
  }

  /** Resolves when the database answers. */
  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.sql.close();
  }
}

/** Connects, migrates, and returns the store. */
export async function openPgStore(url: string, opts: ConnectOptions = {}): Promise<PgStore> {
  const sql = await connect(url, opts);
  try {
    await migrate(sql);
  } catch (e) {
    await sql.close().catch(() => {});
    throw new Error(`数据库 ${sql.where} 无法迁移到当前表结构：${e instanceof Error ? e.message : String(e)}`);
  }
  return new PgStore(sql);
}
