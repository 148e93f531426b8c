// State shared by bot instances: conversations and Telegram sessions (a key-value StorageAdapter,
// the shape grammY's session middleware takes), and `seenOnce`, the deduplication of updates and
// message ids (true for the first caller only, across every instance, until the TTL passes).
//
//   REDIS_URL set     → Redis (ioredis): GET / SET … PX / DEL, and SET NX PX for seenOnce
//   DATABASE_URL set  → PostgreSQL: the kv table (migration 2), expired rows swept as it goes
//   neither           → this process's memory (one instance; lost on restart)
import type { Sql } from './sql.js';

/** The StorageAdapter shape of grammY's session middleware (grammy's own type accepts it). */
export interface StorageAdapter<T> {
  read(key: string): Promise<T | undefined>;
  write(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface StorageOptions {
  /** values expire this long after their last write (default: never) */
  ttlMs?: number;
}

export interface SharedState {
  readonly kind: 'redis' | 'postgres' | 'memory';
  /** a key-value store under a name of its own (e.g. 'conversation', 'telegram-session') */
  storage<T>(namespace: string, opts?: StorageOptions): StorageAdapter<T>;
  /** true the first time a key is seen (by any instance sharing this state) within ttlMs; false after */
  seenOnce(key: string, ttlMs: number): Promise<boolean>;
  /** adds `n` to a counter that lives `ttlMs` from its first use (by any instance); returns its total (rate limits across instances) */
  count(key: string, n: number, ttlMs: number): Promise<number>;
  /** the Redis client (ioredis), for the libraries that take one (grammY's rate limiter), and what this state's keys begin with */
  readonly redis?: import('ioredis').Redis;
  readonly prefix?: string;
  close(): Promise<void>;
}

const positive = (ms: number | undefined) => (ms !== undefined && Number.isFinite(ms) && ms > 0 ? Math.ceil(ms) : undefined);

// ---------- memory ----------

export function memoryState(now: () => number = Date.now): SharedState {
  const map = new Map<string, { value: unknown; expires?: number }>();
  const live = (k: string) => {
    const e = map.get(k);
    if (e && e.expires !== undefined && e.expires <= now()) {
      map.delete(k);
      return undefined;
    }
    return e;
  };
  let writes = 0;
  const sweep = () => {
    if (++writes % 1000) return;
    for (const k of map.keys()) live(k);
  };
  return {
    kind: 'memory',
    storage<T>(ns: string, opts: StorageOptions = {}): StorageAdapter<T> {
      const ttl = positive(opts.ttlMs);
      return {
        read: async (key) => structuredClone(live(`${ns}:${key}`)?.value as T | undefined),
        write: async (key, value) => {
          sweep();
          map.set(`${ns}:${key}`, { value: structuredClone(value), expires: ttl && now() + ttl });
        },
        delete: async (key) => void map.delete(`${ns}:${key}`),
      };
    },
    async seenOnce(key, ttlMs) {
      const k = `seen:${key}`;
      if (live(k)) return false;
      sweep();
      map.set(k, { value: 1, expires: now() + (positive(ttlMs) ?? 1) });
      return true;
    },
    async count(key, n, ttlMs) {
      const k = `count:${key}`;
      const e = live(k);
      if (e) return (e.value = (e.value as number) + n) as number;
      sweep();
      map.set(k, { value: n, expires: now() + (positive(ttlMs) ?? 1) });
      return n;
    },
    close: async () => map.clear(),
  };
}

// ---------- Redis ----------

export interface RedisOptions {
  /** put before every key, so that several bots (or test runs) share one Redis */
  prefix?: string;
}

export async function redisState(url: string, opts: RedisOptions = {}): Promise<SharedState> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  redis.on('error', () => {}); // reconnects by itself; a failed command rejects with the reason
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    throw new Error(`无法连接 Redis ${redactRedis(url)}：${e instanceof Error ? e.message : String(e)}`);
  }
  const p = opts.prefix ?? 'gongkai:';
  return {
    kind: 'redis',
    redis,
    prefix: p,
    storage<T>(ns: string, o: StorageOptions = {}): StorageAdapter<T> {
      const ttl = positive(o.ttlMs);
      return {
        async read(key) {
          const s = await redis.get(`${p}${ns}:${key}`);
          return s === null ? undefined : (JSON.parse(s) as T);
        },
        async write(key, value) {
          const s = JSON.stringify(value);
          if (ttl) await redis.set(`${p}${ns}:${key}`, s, 'PX', ttl);
          else await redis.set(`${p}${ns}:${key}`, s);
        },
        delete: async (key) => void (await redis.del(`${p}${ns}:${key}`)),
      };
    },
    async seenOnce(key, ttlMs) {
      return (await redis.set(`${p}seen:${key}`, '1', 'PX', positive(ttlMs) ?? 1, 'NX')) === 'OK';
    },
    async count(key, n, ttlMs) {
      const k = `${p}count:${key}`;
      // the counter is made with its expiry first (SET NX PX), so that it never lives without one
      const [, total] = (await redis.multi().set(k, '0', 'PX', positive(ttlMs) ?? 1, 'NX').incrby(k, n).exec()) ?? [];
      if (!total || total[0]) throw total?.[0] ?? new Error('Redis MULTI aborted');
      return Number(total[1]);
    },
    close: async () => void (await redis.quit().catch(() => redis.disconnect())),
  };
}

const redactRedis = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

// ---------- PostgreSQL ----------

/** State in the kv table of a migrated database (see migrations.ts). */
export function pgState(sql: Sql, opts: { prefix?: string; closeSql?: boolean } = {}): SharedState {
  const p = opts.prefix ?? '';
  let writes = 0;
  const sweep = async () => {
    if (++writes % 500 === 0) await sql.query('DELETE FROM kv WHERE expires_at <= now()');
  };
  const expires = (ttl: number | undefined) => (ttl ? `now() + make_interval(secs => ${ttl / 1000})` : 'NULL');
  return {
    kind: 'postgres',
    storage<T>(ns: string, o: StorageOptions = {}): StorageAdapter<T> {
      const ttl = positive(o.ttlMs);
      return {
        async read(key) {
          const rows = await sql.query<{ value: T }>('SELECT value FROM kv WHERE key = $1 AND (expires_at IS NULL OR expires_at > now())', [`${p}${ns}:${key}`]);
          return rows[0]?.value;
        },
        async write(key, value) {
          await sweep();
          await sql.query(
            `INSERT INTO kv (key, value, expires_at) VALUES ($1, $2::jsonb, ${expires(ttl)})
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
            [`${p}${ns}:${key}`, JSON.stringify(value)],
          );
        },
        delete: async (key) => void (await sql.query('DELETE FROM kv WHERE key = $1', [`${p}${ns}:${key}`])),
      };
    },
    async seenOnce(key, ttlMs) {
      await sweep();
      // inserted, or taken over from an expired row: the first to see it; a live row: seen before
      const rows = await sql.query(
        `INSERT INTO kv (key, value, expires_at) VALUES ($1, '1'::jsonb, ${expires(positive(ttlMs) ?? 1)})
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at WHERE kv.expires_at <= now()
         RETURNING key`,
        [`${p}seen:${key}`],
      );
      return rows.length === 1;
    },
    async count(key, n, ttlMs) {
      await sweep();
      // a live counter is added to; a missing or expired one starts again at n
      const rows = await sql.query<{ total: string }>(
        `INSERT INTO kv (key, value, expires_at) VALUES ($1, to_jsonb($2::bigint), ${expires(positive(ttlMs) ?? 1)})
         ON CONFLICT (key) DO UPDATE SET
           value = CASE WHEN kv.expires_at > now() THEN to_jsonb((kv.value)::text::bigint + $2::bigint) ELSE excluded.value END,
           expires_at = CASE WHEN kv.expires_at > now() THEN kv.expires_at ELSE excluded.expires_at END
         RETURNING value::text AS total`,
        [`${p}count:${key}`, n],
      );
      return Number(rows[0]!.total);
    },
    close: async () => {
      if (opts.closeSql) await sql.close();
    },
  };
}

/** The shared state the environment asks for: REDIS_URL, else DATABASE_URL, else memory. */
export async function openSharedState(env: NodeJS.ProcessEnv = process.env): Promise<SharedState> {
  // put before every key (several bots, or test runs, on one Redis or database); REDIS_PREFIX is its older name
  const prefix = env.GONGKAI_STATE_PREFIX?.trim() || env.REDIS_PREFIX?.trim() || undefined;
  const redis = env.REDIS_URL?.trim();
  if (redis) return redisState(redis, { prefix });
  const db = env.DATABASE_URL?.trim();
  if (db) {
    const { connect } = await import('./sql.js');
    const { migrate } = await import('./migrations.js');
    const sql = await connect(db, { schema: env.GONGKAI_PG_SCHEMA, max: 2 });
    await migrate(sql);
    return pgState(sql, { closeSql: true, prefix });
  }
  return memoryState();
}
