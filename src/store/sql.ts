// One small interface over the two PostgreSQL clients the project uses: `pg` (a real server, given
// by a postgres:// URL) and PGlite (PostgreSQL compiled to WebAssembly, in this process: a
// `pglite:` URL, used by the tests when DATABASE_URL is unset). Each connection uses one schema,
// so that test runs and deployments can share a database without sharing tables.
import pg from 'pg';

export interface Sql {
  /** rows of one statement, with $1… parameters */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** several statements, no parameters (migrations) */
  exec(text: string): Promise<void>;
  /** runs fn in one transaction: committed when it returns, rolled back when it throws */
  tx<R>(fn: (q: Sql) => Promise<R>): Promise<R>;
  close(): Promise<void>;
  /** the database without its password, for messages */
  readonly where: string;
  readonly schema: string;
}

export interface ConnectOptions {
  /** the schema to create and use (default: public) */
  schema?: string;
  /** connections in the pool (pg only); default 4 */
  max?: number;
  /** longest wait for a new connection, ms (pg only); default 10 s */
  connectTimeoutMs?: number;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The URL without its password. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

export async function connect(url: string, opts: ConnectOptions = {}): Promise<Sql> {
  const schema = opts.schema?.trim() || 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`数据库 schema 名称无效：${schema}（只用小写字母、数字和下划线）`);
  if (url.startsWith('pglite:')) return connectPglite(url, schema);
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`DATABASE_URL 不是 PostgreSQL 地址（postgres://… 或 pglite:…）：${redact(url)}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 4,
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    // a server gone without closing the connections is noticed by TCP keep-alive, not only by the next query
    keepAlive: true,
    options: `-c search_path=${schema}`,
  });
  pool.on('error', () => {}); // an idle connection dropped by the server: the next query reconnects
  const where = redact(url) + (schema === 'public' ? '' : `（schema ${schema}）`);
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`).catch((e: { code?: string }) => {
      // two processes starting together: the other created it between the check and the insert
      if (e.code !== '23505' && e.code !== '42P06') throw e;
    });
  } catch (e) {
    await pool.end().catch(() => {});
    throw new Error(`无法连接数据库 ${where}：${e instanceof Error ? e.message : String(e)}`);
  }
  const over = (c: pg.Pool | pg.PoolClient): Omit<Sql, 'tx' | 'close'> => ({
    where,
    schema,
    query: async <T>(text: string, params?: unknown[]) => (await c.query(text, params)).rows as T[],
    exec: async (text: string) => void (await c.query(text)),
  });
  const sql: Sql = {
    ...over(pool),
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const inner: Sql = { ...over(client), tx: (f) => f(inner), close: async () => {} };
        const r = await fn(inner);
        await client.query('COMMIT');
        return r;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  return sql;
}

async function connectPglite(url: string, schema: string): Promise<Sql> {
  let PGlite;
  try {
    ({ PGlite } = await import('@electric-sql/pglite'));
  } catch {
    throw new Error('pglite: 地址需要 @electric-sql/pglite（开发依赖；npm install 时装上）');
  }
  const path = url.slice('pglite:'.length).replace(/^\/\//, '');
  const db = await PGlite.create(path && path !== 'memory' ? path : undefined);
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}; SET search_path TO ${quoteIdent(schema)}`);
  const where = `pglite:${path || 'memory'}` + (schema === 'public' ? '' : `（schema ${schema}）`);
  type Q = { query: typeof db.query; exec: typeof db.exec };
  const over = (c: Q): Omit<Sql, 'tx' | 'close'> => ({
    where,
    schema,
    query: async <T>(text: string, params?: unknown[]) => (await c.query<T>(text, params)).rows,
    exec: async (text: string) => void (await c.exec(text)),
  });
  // PGlite is one connection: transactions run one after another
  let queue: Promise<unknown> = Promise.resolve();
  const sql: Sql = {
    ...over(db),
    tx(fn) {
      const run = queue.then(() =>
        db.transaction(async (t) => {
          const inner: Sql = { ...over(t as unknown as Q), tx: (f) => f(inner), close: async () => {} };
          return fn(inner);
        }),
      );
      queue = run.catch(() => {});
      return run;
    },
    close: () => db.close(),
  };
  return sql;
}
