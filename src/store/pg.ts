// The PostgreSQL store: reports, facts, narrative figures and documents as tables with indexes on
// agency, year, table, row and column, and an inverted index of character bigrams (reports.terms,
// GIN) for questions that name no agency. Ingest writes one report per transaction (never the whole
// store), so ingests and bot instances on one database merge by themselves. Selected by
// DATABASE_URL (see knowledge.ts); the schema is migrated on open (migrations.ts).
import type { DocumentRef, Fact, Location, NarrativeFigure, Report } from '../model.js';
import { emptyData } from './file.js';
import { migrate } from './migrations.js';
import { checkReport } from './schema.js';
import { connect, type ConnectOptions, type Sql } from './sql.js';
import { StoreWriteError, type Change, type KnowledgeStore, type Loaded, type ReportKey, type SourceStamp, type StoreData } from './types.js';
import { STORE_VERSION } from './version.js';
import { bigrams, reportTerms } from './terms.js';

export { bigrams, reportTerms } from './terms.js';

type Row = Record<string, unknown>;

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
    const reports = await this.reports();
    const invalid: { id: string; why: string }[] = [];
    const ok: Report[] = [];
    for (const r of reports) {
      const why = checkReport(r, true);
      if (why) {
        invalid.push({ id: r.id, why });
        delete stamps[r.id]; // read again
      } else ok.push(r);
    }
    return { data: { version: STORE_VERSION, stamps, extra, reports: ok }, ...(invalid.length ? { invalid } : {}) };
  }

  /** Reports, whole, with the given ids (all when ids is undefined), sorted by id. */
  private async reports(ids?: string[]): Promise<Report[]> {
    const q = this.sql;
    const heads = await q.query<{ rid: number; id: string; agency: string; year: number; title: string; doc: Row }>(
      `SELECT rid, id, agency, year, title, doc FROM reports ${ids ? 'WHERE id = ANY($1::text[])' : ''} ORDER BY id`,
      ids ? [ids] : [],
    );
    if (!heads.length) return [];
    const byRid = new Map<number, { facts: Fact[]; figures: NarrativeFigure[]; documents: DocumentRef[] }>();
    for (const h of heads) byRid.set(h.rid, { facts: [], figures: [], documents: [] });
    const where = ids ? 'WHERE rid = ANY($1::int[])' : '';
    const params = ids ? [heads.map((h) => h.rid)] : [];
    let labels = await this.labelsById();
    const strings = new Map<string, string>();
    const str = (s: string) => {
      let v = strings.get(s);
      if (v === undefined) strings.set(s, (v = s));
      return v;
    };
    const at = (line: number | null, page: number | null): Location => (line === null ? (page === null ? {} : { page }) : page === null ? { line } : { line, page });
    const factRows = await q.query<Row>(`SELECT rid, label, value, unit, raw, line, page, how FROM facts ${where} ORDER BY rid, n`, params);
    if (factRows.some((f) => !labels.has(f.label as number))) {
      // cells added by another process since this one read them
      this.labels = undefined;
      labels = await this.labelsById();
    }
    for (const f of factRows) {
      const l = labels.get(f.label as number)!;
      byRid.get(f.rid as number)?.facts.push({
        table: l.table,
        row: l.row,
        column: l.column,
        value: f.value as number,
        unit: str(f.unit as string),
        raw: str(f.raw as string),
        at: at(f.line as number | null, f.page as number | null),
        how: f.how as Fact['how'],
      });
    }
    for (const f of await q.query<Row>(`SELECT rid, value, unit, approximate, raw, counts, sentence, section, line, page FROM figures ${where} ORDER BY rid, n`, params)) {
      byRid.get(f.rid as number)?.figures.push({
        value: f.value as number,
        unit: str(f.unit as string),
        approximate: f.approximate as boolean,
        raw: f.raw as string,
        counts: f.counts as string,
        sentence: f.sentence as string,
        section: str(f.section as string),
        at: at(f.line as number | null, f.page as number | null),
      });
    }
    for (const d of await q.query<Row>(`SELECT rid, title, action, kind, sentence, section, line, page FROM documents ${where} ORDER BY rid, n`, params)) {
      byRid.get(d.rid as number)?.documents.push({
        title: d.title as string,
        action: d.action as string | null,
        kind: d.kind as DocumentRef['kind'],
        sentence: d.sentence as string,
        section: str(d.section as string),
        at: at(d.line as number | null, d.page as number | null),
      });
    }
    return heads.map((h) => ({ ...(h.doc as object), id: h.id, agency: h.agency, year: h.year, title: h.title, ...byRid.get(h.rid)! }) as Report);
  }

  /** The template cells (labels table), kept: a few hundred rows that change only when a new cell appears. */
  private labels?: { byId: Map<number, { table: Fact['table']; row: string[]; column: string[] }>; byKey: Map<string, number> };
  private async labelsById() {
    if (!this.labels) {
      const byId = new Map<number, { table: Fact['table']; row: string[]; column: string[] }>();
      const byKey = new Map<string, number>();
      for (const l of await this.sql.query<{ id: number; table_id: Fact['table']; row_path: string[]; column_path: string[] }>('SELECT id, table_id, row_path, column_path FROM labels')) {
        byId.set(l.id, { table: l.table_id, row: l.row_path, column: l.column_path });
        byKey.set(labelKey(l.table_id, l.row_path, l.column_path), l.id);
      }
      this.labels = { byId, byKey };
    }
    return this.labels.byId;
  }

  /** Ids of the labels of these facts, adding the new ones (in a transaction of their own). */
  async labelIds(facts: Fact[]): Promise<number[]> {
    const q = this.sql;
    await this.labelsById();
    const { byId, byKey } = this.labels!;
    const missing = new Map<string, Fact>();
    for (const f of facts) {
      const k = labelKey(f.table, f.row, f.column);
      if (!byKey.has(k)) missing.set(k, f);
    }
    if (missing.size) {
      const list = [...missing.values()];
      const rows = await q.query<{ id: number; table_id: Fact['table']; row_path: string[]; column_path: string[] }>(
        `INSERT INTO labels (table_id, row_path, column_path)
         SELECT t, ARRAY(SELECT jsonb_array_elements_text(r)), ARRAY(SELECT jsonb_array_elements_text(c)) FROM unnest($1::text[], $2::jsonb[], $3::jsonb[]) AS x(t, r, c)
         ON CONFLICT (table_id, row_path, column_path) DO UPDATE SET table_id = excluded.table_id
         RETURNING id, table_id, row_path, column_path`,
        [list.map((f) => f.table), list.map((f) => JSON.stringify(f.row)), list.map((f) => JSON.stringify(f.column))],
      );
      for (const l of rows) {
        byId.set(l.id, { table: l.table_id, row: l.row_path, column: l.column_path });
        byKey.set(labelKey(l.table_id, l.row_path, l.column_path), l.id);
      }
    }
    return facts.map((f) => byKey.get(labelKey(f.table, f.row, f.column))!);
  }

  /** Stored reports of other ingestion code are dropped once, before the first change. */
  private async checkVersion(): Promise<void> {
    if (this.versionChecked) return;
    await this.sql.tx(async (q) => {
      await q.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':version'))");
      if ((await this.storedVersion(q)) !== STORE_VERSION) {
        await q.query('DELETE FROM reports');
        await q.query('DELETE FROM stamps');
        await q.query("INSERT INTO meta (key, value) VALUES ('version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [STORE_VERSION]);
      }
    });
    this.versionChecked = true;
  }

  async apply(changes: Change[]): Promise<void> {
    try {
      await this.checkVersion();
      // one transaction per change, a few reports at a time (the pool's connections); the changes to
      // one report in the order given (--remove is a 'remove' then a 'problem' for the same id)
      const byId = new Map<string, Change[]>();
      for (const c of changes) {
        const id = c.kind === 'put' ? c.report.id : c.kind === 'extra' ? `extra:${c.file}` : c.id;
        (byId.get(id) ?? byId.set(id, []).get(id)!).push(c);
      }
      const queues = [...byId.values()];
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < queues.length; i = next++) {
          for (const c of queues[i]!) {
            // the report's cells first, committed on their own (shared by every report, never deleted)
            const labels = c.kind === 'put' && c.report.facts.length ? await this.labelIds(c.report.facts) : [];
            await this.sql.tx((q) => applyOne(q, c, labels));
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(4, queues.length) }, worker));
    } catch (e) {
      this.labels = undefined;
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
    const terms = [...bigrams(words)];
    if (!terms.length) return [];
    // the first `limit` found (not sorted: sorting would visit every match of a common word), always
    // through the GIN index: with a small LIMIT the planner would scan the table instead, unpacking
    // every report's terms (2.6 s at 100,000 reports for a word none holds, against 20 ms)
    return this.sql.tx(async (q) => {
      await q.exec('SET LOCAL enable_seqscan = off');
      return q.query<ReportKey>('SELECT id, agency, year FROM reports WHERE terms @> $1::text[] LIMIT $2', [terms, limit]);
    });
  }

  /** One fact cell across reports: the table, row and column paths (index facts_cell). */
  async cell(table: Fact['table'], row: string[], column: string[]): Promise<{ id: string; agency: string; year: number; value: number }[]> {
    return this.sql.query(
      `SELECT r.id, r.agency, r.year, f.value FROM facts f JOIN reports r ON r.rid = f.rid
       WHERE f.label = (SELECT id FROM labels WHERE table_id = $1 AND row_path = $2::text[] AND column_path = $3::text[]) ORDER BY r.agency, r.year`,
      [table, row, column],
    );
  }

  /** The reports with the largest value of one cell in one year (index facts_cell). */
  async top(table: Fact['table'], row: string[], column: string[], year: number, limit = 10): Promise<{ id: string; agency: string; year: number; value: number }[]> {
    return this.sql.query(
      `SELECT r.id, r.agency, r.year, f.value FROM (
         SELECT rid, value FROM facts WHERE label = (SELECT id FROM labels WHERE table_id = $1 AND row_path = $2::text[] AND column_path = $3::text[]) AND year = $4
         ORDER BY value DESC LIMIT $5
       ) f JOIN reports r ON r.rid = f.rid ORDER BY f.value DESC, r.agency`,
      [table, row, column, year, limit],
    );
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

async function upsertStamp(q: Sql, id: string, s: SourceStamp): Promise<void> {
  await q.query(
    'INSERT INTO stamps (id, size, mtime_ms, problem) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, problem = excluded.problem',
    [id, s.size, s.mtimeMs, s.problem ?? null],
  );
}

const labelKey = (table: string, row: string[], column: string[]) => `${table}\u0002${row.join('\u0001')}\u0002${column.join('\u0001')}`;
const lines = (xs: { at: Location }[]) => xs.map((x) => x.at?.line ?? null);
const pages = (xs: { at: Location }[]) => xs.map((x) => x.at?.page ?? null);
const ords = (n: number) => Array.from({ length: n }, (_, i) => i);

async function applyOne(q: Sql, c: Change, labels: number[]): Promise<void> {
  if (c.kind === 'extra') {
    await q.query('INSERT INTO extra_files (file) VALUES ($1) ON CONFLICT DO NOTHING', [c.file]);
    return;
  }
  const id = c.kind === 'put' ? c.report.id : c.id;
  // changes to one report, one after another (two ingests of one file at once)
  await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [id]);
  if (c.kind === 'remove') {
    await q.query('DELETE FROM reports WHERE id = $1', [id]);
    await q.query('DELETE FROM stamps WHERE id = $1', [id]);
    await q.query('DELETE FROM extra_files WHERE file = $1', [id]);
    return;
  }
  if (c.kind === 'problem') {
    await q.query('DELETE FROM reports WHERE id = $1', [id]);
    await upsertStamp(q, id, c.stamp);
    return;
  }
  const r = c.report;
  const { facts, figures, documents, id: _id, agency, year, title, ...doc } = r;
  void _id;
  await q.query('DELETE FROM reports WHERE id = $1', [id]);
  const [{ rid }] = (await q.query<{ rid: number }>(
    'INSERT INTO reports (id, agency, year, title, sha1, doc, terms) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::text[]) RETURNING rid',
    [id, agency, year, title, r.source.sha1, JSON.stringify(doc), reportTerms(r)],
  )) as [{ rid: number }];
  if (facts.length) {
    await q.query(
      `INSERT INTO facts (rid, year, n, label, value, unit, raw, line, page, how)
       SELECT $1, $2, * FROM unnest($3::int[], $4::int[], $5::float8[], $6::text[], $7::text[], $8::int[], $9::int[], $10::text[])`,
      [rid, year, ords(facts.length), labels, facts.map((f) => f.value), facts.map((f) => f.unit), facts.map((f) => f.raw), lines(facts), pages(facts), facts.map((f) => f.how)],
    );
  }
  if (figures.length)
    await q.query(
      `INSERT INTO figures (rid, n, value, unit, approximate, raw, counts, sentence, section, line, page)
       SELECT $1, * FROM unnest($2::int[], $3::float8[], $4::text[], $5::boolean[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::int[])`,
      [
        rid,
        ords(figures.length),
        figures.map((f) => f.value),
        figures.map((f) => f.unit),
        figures.map((f) => f.approximate),
        figures.map((f) => f.raw),
        figures.map((f) => f.counts),
        figures.map((f) => f.sentence),
        figures.map((f) => f.section),
        lines(figures),
        pages(figures),
      ],
    );
  if (documents.length)
    await q.query(
      `INSERT INTO documents (rid, n, title, action, kind, sentence, section, line, page)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[])`,
      [
        rid,
        ords(documents.length),
        documents.map((d) => d.title),
        documents.map((d) => d.action),
        documents.map((d) => d.kind),
        documents.map((d) => d.sentence),
        documents.map((d) => d.section),
        lines(documents),
        pages(documents),
      ],
    );
  await upsertStamp(q, id, c.stamp);
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
