// The PostgreSQL store: reports, facts, narrative figures and documents as tables with indexes on
// agency, year, table, row and column, and an inverted index of character bigrams (reports.terms,
// GIN) for questions that name no agency. Ingest writes one report per transaction (never the whole
// store), so ingests and bot instances on one database merge by themselves. Selected by
// DATABASE_URL (see knowledge.ts); the schema is migrated on open (migrations.ts).
import type { DocumentRef, Fact, NarrativeFigure, Report } from '../model.js';
import { emptyData } from './file.js';
import { migrate } from './migrations.js';
import { checkReport } from './schema.js';
import { connect, type ConnectOptions, type Sql } from './sql.js';
import { StoreWriteError, type Change, type KnowledgeStore, type Loaded, type ReportKey, type SourceStamp, type StoreData } from './types.js';
import { STORE_VERSION } from './version.js';

/** Distinct two-character terms of a text (CJK, letters, digits): what reports.terms holds. */
export function bigrams(text: string, into = new Set<string>()): Set<string> {
  const chars = [...text];
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i]!;
    const b = chars[i + 1]!;
    if (/[\p{L}\p{N}]/u.test(a) && /[\p{L}\p{N}]/u.test(b)) into.add(a + b);
  }
  return into;
}

/** What a report is found by when a question names no agency: what its figures count, the documents it names, its headings. */
export function reportTerms(r: Report): string[] {
  const s = new Set<string>();
  for (const f of r.figures) bigrams(f.counts, bigrams(f.sentence, s));
  for (const d of r.documents) bigrams(d.title, s);
  for (const sec of r.sections) bigrams(sec.heading, s);
  return [...s].sort();
}

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

  async load(): Promise<Loaded> {
    const q = this.sql;
    const extra = (await q.query<{ file: string }>('SELECT file FROM extra_files ORDER BY file')).map((r) => r.file);
    // written by other ingestion code: read every file again (apply clears the old reports first)
    if ((await this.storedVersion()) !== STORE_VERSION) return { data: emptyData(extra) };
    const stamps: StoreData['stamps'] = {};
    for (const s of await q.query<{ id: string; size: number; mtime_ms: number; problem: string | null }>('SELECT id, size, mtime_ms, problem FROM stamps')) {
      stamps[s.id] = s.problem === null ? { size: s.size, mtimeMs: s.mtime_ms } : { size: s.size, mtimeMs: s.mtime_ms, problem: s.problem };
    }
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
    const where = ids ? 'WHERE report_id = ANY($1::text[])' : '';
    const params = ids ? [ids] : [];
    const heads = await q.query<{ id: string; agency: string; year: number; title: string; doc: Row }>(
      `SELECT id, agency, year, title, doc FROM reports ${ids ? 'WHERE id = ANY($1::text[])' : ''} ORDER BY id`,
      params,
    );
    const byId = new Map<string, { facts: Fact[]; figures: NarrativeFigure[]; documents: DocumentRef[] }>();
    for (const h of heads) byId.set(h.id, { facts: [], figures: [], documents: [] });
    // the same row and column labels, units and sections are one object in memory
    const paths = new Map<string, string[]>();
    const path = (p: string[]) => {
      const k = p.join('\u0001');
      let v = paths.get(k);
      if (!v) paths.set(k, (v = p));
      return v;
    };
    const strings = new Map<string, string>();
    const str = (s: string) => {
      let v = strings.get(s);
      if (v === undefined) strings.set(s, (v = s));
      return v;
    };
    for (const f of await q.query<Row>(`SELECT report_id, table_id, row_path, column_path, value, unit, raw, at, how FROM facts ${where} ORDER BY report_id, n`, params)) {
      byId.get(f.report_id as string)?.facts.push({
        table: f.table_id as Fact['table'],
        row: path(f.row_path as string[]),
        column: path(f.column_path as string[]),
        value: f.value as number,
        unit: str(f.unit as string),
        raw: str(f.raw as string),
        at: f.at as Fact['at'],
        how: f.how as Fact['how'],
      });
    }
    for (const f of await q.query<Row>(`SELECT report_id, value, unit, approximate, raw, counts, sentence, section, at FROM figures ${where} ORDER BY report_id, n`, params)) {
      byId.get(f.report_id as string)?.figures.push({
        value: f.value as number,
        unit: str(f.unit as string),
        approximate: f.approximate as boolean,
        raw: f.raw as string,
        counts: f.counts as string,
        sentence: f.sentence as string,
        section: str(f.section as string),
        at: f.at as Fact['at'],
      });
    }
    for (const d of await q.query<Row>(`SELECT report_id, title, action, kind, sentence, section, at FROM documents ${where} ORDER BY report_id, n`, params)) {
      byId.get(d.report_id as string)?.documents.push({
        title: d.title as string,
        action: d.action as string | null,
        kind: d.kind as DocumentRef['kind'],
        sentence: d.sentence as string,
        section: str(d.section as string),
        at: d.at as Fact['at'],
      });
    }
    return heads.map((h) => ({ ...(h.doc as object), id: h.id, agency: h.agency, year: h.year, title: h.title, ...byId.get(h.id)! }) as Report);
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
      // one transaction per change, a few at a time (the pool's connections)
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < changes.length; i = next++) {
          const c = changes[i]!;
          await this.sql.tx((q) => applyOne(q, c));
        }
      };
      await Promise.all(Array.from({ length: Math.min(4, changes.length) }, worker));
    } catch (e) {
      throw new StoreWriteError(this.where, e instanceof Error ? e.message : String(e));
    }
  }

  async list(): Promise<ReportKey[]> {
    return this.sql.query<ReportKey>('SELECT id, agency, year FROM reports ORDER BY agency, year, id');
  }

  async get(ids: string[]): Promise<Report[]> {
    return ids.length ? this.reports(ids) : [];
  }

  /** Reports of an agency (all years, or one). */
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
    return this.sql.query<ReportKey>('SELECT id, agency, year FROM reports WHERE terms @> $1::text[] ORDER BY agency, year, id LIMIT $2', [terms, limit]);
  }

  /** One fact cell across reports: the table, row and column paths (index facts_cell). */
  async cell(table: Fact['table'], row: string[], column: string[]): Promise<{ id: string; agency: string; year: number; value: number }[]> {
    return this.sql.query(
      'SELECT r.id, r.agency, r.year, f.value FROM facts f JOIN reports r ON r.id = f.report_id WHERE f.table_id = $1 AND f.row_path = $2::text[] AND f.column_path = $3::text[] ORDER BY r.agency, r.year',
      [table, row, column],
    );
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

async function applyOne(q: Sql, c: Change): Promise<void> {
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
  await q.query('INSERT INTO reports (id, agency, year, title, sha1, doc, terms) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::text[])', [
    id,
    agency,
    year,
    title,
    r.source.sha1,
    JSON.stringify(doc),
    reportTerms(r),
  ]);
  if (facts.length)
    await q.query(
      `INSERT INTO facts (report_id, n, table_id, row_path, column_path, value, unit, raw, at, how)
       SELECT $1, e.n, e.v->>'table', ARRAY(SELECT jsonb_array_elements_text(e.v->'row')), ARRAY(SELECT jsonb_array_elements_text(e.v->'column')),
              (e.v->>'value')::double precision, e.v->>'unit', e.v->>'raw', e.v->'at', e.v->>'how'
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(v, n)`,
      [id, JSON.stringify(facts)],
    );
  if (figures.length)
    await q.query(
      `INSERT INTO figures (report_id, n, value, unit, approximate, raw, counts, sentence, section, at)
       SELECT $1, e.n, (e.v->>'value')::double precision, e.v->>'unit', (e.v->>'approximate')::boolean, e.v->>'raw', e.v->>'counts', e.v->>'sentence', e.v->>'section', e.v->'at'
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(v, n)`,
      [id, JSON.stringify(figures)],
    );
  if (documents.length)
    await q.query(
      `INSERT INTO documents (report_id, n, title, action, kind, sentence, section, at)
       SELECT $1, e.n, e.v->>'title', e.v->>'action', e.v->>'kind', e.v->>'sentence', e.v->>'section', e.v->'at'
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(v, n)`,
      [id, JSON.stringify(documents)],
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
