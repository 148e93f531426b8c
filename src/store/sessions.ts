// State shared by bot instances: conversations and Telegram sessions (a key-value StorageAdapter,
// the shape grammY's session middleware takes), and `seenOnce`, the deduplication of updates and
// message ids (true for the first caller only, across every instance, until the TTL passes).
//
//   REDIS_URL set     → Redis (ioredis): GET / SET … PX / DEL, and SET NX PX for seenOnce
//   DATABASE_URL set  → PostgreSQL: the kv table (migration 2), expired rows swept as it goes
//   neither           → this process's memory (one instance; lost on restart)
//
// openSharedState wraps Redis and PostgreSQL in a circuit (resilientState, circuit.ts): every call
// has a short timeout, and while the server is out of reach the instance goes on from its own
// memory — conversations and deduplication degrade to this instance, said once in the log — and
// reconnects by itself.
import { Circuit, Unavailable } from './circuit.js';
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
  /** the Redis client (ioredis), and what this state's keys begin with */
  readonly redis?: import('ioredis').Redis;
  readonly prefix?: string;
  /** resolves when the server answers (the circuit's probe) */
  ping(): Promise<void>;
  /** resilientState: true while the server is out of reach and this instance's memory stands in */
  readonly degraded?: boolean;
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
    ping: async () => undefined,
    close: async () => map.clear(),
  };
}

// ---------- Redis ----------

export interface RedisOptions {
  /** put before every key, so that several bots (or test runs) share one Redis */
  prefix?: string;
  /** longest wait for a command (default 500 ms) */
  timeoutMs?: number;
  /** true: a Redis out of reach at start is not an error — the client goes on trying to connect */
  lazy?: boolean;
}

export async function redisState(url: string, opts: RedisOptions = {}): Promise<SharedState> {
  const { Redis } = await import('ioredis');
  const timeoutMs = opts.timeoutMs ?? SHARED_TIMEOUT_MS;
  // no offline queue: a command while the connection is down fails at once instead of waiting for
  // it; a command on a connection that stopped answering fails after the timeout; reconnecting is
  // tried every second at most, so that a Redis back is used again within seconds
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(1000, timeoutMs * 4),
    retryStrategy: (times) => Math.min(100 * times, 1000),
  });
  redis.on('error', () => {}); // reconnects by itself; a failed command rejects with the reason
  try {
    await redis.connect();
  } catch (e) {
    if (!opts.lazy) {
      redis.disconnect();
      throw new Error(`无法连接 Redis ${redactRedis(url)}：${e instanceof Error ? e.message : String(e)}`);
    }
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
    ping: async () => void (await redis.ping()),
    close: async () => {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
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
    ping: async () => void (await sql.query('SELECT 1')),
    close: async () => {
      if (opts.closeSql) await sql.close();
    },
  };
}

/** Longest wait for one call to the shared state, ms: a question must not wait for a server that is gone. */
export const SHARED_TIMEOUT_MS = 500;

export interface ResilientOptions {
  log: (line: string) => void;
  /** longest wait for one call (default SHARED_TIMEOUT_MS) */
  timeoutMs?: number;
  /** how often a state out of reach is tried again (default 1 s) */
  retryMs?: number;
  /** the state is known to be out of reach already (it could not connect at start) */
  down?: boolean;
}

/**
 * Shared state that never holds a question up: each call to `primary` (Redis, PostgreSQL) is timed
 * out after a short wait, and while it is out of reach (circuit.ts) the calls go to this instance's
 * memory — what is written meanwhile stays readable here after the state is back, until it is
 * written again there. The probe reconnects by itself.
 */
export function resilientState(primary: SharedState, opts: ResilientOptions): SharedState {
  const local = memoryState();
  const name = primary.kind === 'redis' ? 'Redis' : 'PostgreSQL';
  const circuit = new Circuit({
    name: `共享状态（${name}）`,
    timeoutMs: opts.timeoutMs ?? SHARED_TIMEOUT_MS,
    retryMs: opts.retryMs,
    probe: () => primary.ping(),
    meanwhile: '对话、去重和限流暂时只在本实例内',
    log: opts.log,
  });
  if (opts.down) circuit.trip(new Error('not connected'));
  /** the call on the shared state, or — out of reach — on this instance's memory */
  async function either<T>(shared: () => Promise<T>, mine: () => Promise<T>): Promise<T> {
    try {
      return await circuit.run(shared);
    } catch (e) {
      if (e instanceof Unavailable) return mine();
      throw e;
    }
  }
  return {
    kind: primary.kind,
    redis: primary.redis,
    prefix: primary.prefix,
    get degraded() {
      return circuit.open;
    },
    storage<T>(ns: string, o: StorageOptions = {}): StorageAdapter<T> {
      const there = primary.storage<T>(ns, o);
      const here = local.storage<T>(ns, o);
      return {
        read: (key) => either(async () => (await there.read(key)) ?? (await here.read(key)), () => here.read(key)),
        write: (key, value) => either(() => there.write(key, value), () => here.write(key, value)),
        delete: async (key) => {
          await here.delete(key);
          await either(() => there.delete(key), async () => undefined);
        },
      };
    },
    seenOnce: (key, ttlMs) => either(() => primary.seenOnce(key, ttlMs), () => local.seenOnce(key, ttlMs)),
    count: (key, n, ttlMs) => either(() => primary.count(key, n, ttlMs), () => local.count(key, n, ttlMs)),
    ping: () => primary.ping(),
    async close() {
      circuit.stop();
      await local.close();
      await primary.close();
    },
  };
}

/**
 * The shared state the environment asks for: REDIS_URL, else DATABASE_URL, else memory. With a log,
 * Redis and PostgreSQL come inside resilientState (a Redis out of reach at start is connected to
 * when it comes); without one, as they are (tests of the backends themselves).
 */
export async function openSharedState(env: NodeJS.ProcessEnv = process.env, opts: { log?: (line: string) => void } = {}): Promise<SharedState> {
  // put before every key (several bots, or test runs, on one Redis or database); REDIS_PREFIX is its older name
  const prefix = env.GONGKAI_STATE_PREFIX?.trim() || env.REDIS_PREFIX?.trim() || undefined;
  const redis = env.REDIS_URL?.trim();
  if (redis) {
    if (!opts.log) return redisState(redis, { prefix });
    const state = await redisState(redis, { prefix, lazy: true });
    return resilientState(state, { log: opts.log, down: state.redis?.status !== 'ready' });
  }
  const db = env.DATABASE_URL?.trim();
  if (db) {
    const { connect } = await import('./sql.js');
    const { migrate } = await import('./migrations.js');
    const sql = await connect(db, { schema: env.GONGKAI_PG_SCHEMA, max: 2, connectTimeoutMs: 2000 });
    await migrate(sql);
    const state = pgState(sql, { closeSql: true, prefix });
    return opts.log ? resilientState(state, { log: opts.log }) : state;
  }
  return memoryState();
}
