// Shared state for bot instances: the StorageAdapter (grammY's session shape) and seenOnce, on
// memory, PostgreSQL (a real server when DATABASE_URL is set, else PGlite) and Redis (only when
// REDIS_URL is set: skipped, saying so, when not). Two state objects over one backend stand for
// two bot instances.
import { randomBytes } from 'node:crypto';
import type { StorageAdapter as GrammyStorageAdapter } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryState, pgState, redisState, type SharedState } from '../src/store/sessions.js';
import { connect } from '../src/store/sql.js';
import { PG_KIND, REAL_PG, testPg, type TestPg } from './helpers/pg.js';

const REDIS = process.env.REDIS_URL?.trim() || undefined;
if (!REDIS) console.log('skipped: REDIS_URL not set (Redis-backed sessions and deduplication tests)');

let pg: TestPg;
const opened: SharedState[] = [];
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  pg = await testPg();
}, 60_000);
afterAll(async () => {
  for (const s of opened) await s.close();
  for (const c of closers) await c();
  await pg?.close();
});

interface Backend {
  name: string;
  skip?: boolean;
  /** two instances over one backend */
  pair(): Promise<[SharedState, SharedState]>;
}

const run = randomBytes(4).toString('hex');
const backends: Backend[] = [
  {
    name: 'memory',
    pair: async () => {
      const s = memoryState();
      return [s, s];
    },
  },
  {
    name: PG_KIND,
    pair: async () => {
      const a = pgState(pg.sql, { prefix: `${run}:` });
      if (!REAL_PG) return [a, pgState(pg.sql, { prefix: `${run}:` })];
      // a second connection pool to the same schema, as another instance would have
      const other = await connect(REAL_PG, { schema: pg.sql.schema });
      closers.push(() => other.close());
      return [a, pgState(other, { prefix: `${run}:` })];
    },
  },
  {
    name: 'Redis (REDIS_URL)',
    skip: !REDIS,
    pair: async () => {
      const a = await redisState(REDIS!, { prefix: `gongkai-test:${run}:` });
      const b = await redisState(REDIS!, { prefix: `gongkai-test:${run}:` });
      opened.push(a, b);
      return [a, b];
    },
  },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
interface Conversation {
  agency: string;
  year: number;
  turns: string[];
}

describe.each(backends)('shared state: $name', (b) => {
  it.skipIf(b.skip)('a conversation written by one instance is read by the other; deleted, it is gone; namespaces are apart', async () => {
    const [one, two] = await b.pair();
    const conv = one.storage<Conversation>('conversation');
    // grammY's session middleware takes it as it is
    const asGrammy: GrammyStorageAdapter<Conversation> = two.storage<Conversation>('conversation');
    const value = { agency: '天津市工业和信息化局', year: 2020, turns: ['收到多少申请？'] };
    expect(await conv.read('chat-1')).toBeUndefined();
    await conv.write('chat-1', value);
    expect(await asGrammy.read('chat-1')).toEqual(value);
    expect(await two.storage<Conversation>('other').read('chat-1')).toBeUndefined();
    await asGrammy.write('chat-1', { ...value, turns: [...value.turns, '去年呢？'] });
    expect((await conv.read('chat-1'))!.turns).toEqual(['收到多少申请？', '去年呢？']);
    await conv.delete('chat-1');
    expect(await asGrammy.read('chat-1')).toBeUndefined();
  });

  it.skipIf(b.skip)('a value written with a TTL is gone after it', async () => {
    const [one, two] = await b.pair();
    await one.storage<string>('short', { ttlMs: 300 }).write('k', 'v');
    await one.storage<string>('long', { ttlMs: 60_000 }).write('k', 'v');
    expect(await two.storage<string>('short').read('k')).toBe('v');
    await sleep(700);
    expect(await two.storage<string>('short').read('k')).toBeUndefined();
    expect(await two.storage<string>('long').read('k')).toBe('v');
  });

  it.skipIf(b.skip)('seenOnce: one update delivered to both instances at once is taken by exactly one; again after the TTL', async () => {
    const [one, two] = await b.pair();
    const key = `update:${randomBytes(4).toString('hex')}`;
    const firsts = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).seenOnce(key, 400)));
    expect(firsts.filter(Boolean)).toHaveLength(1);
    expect(await one.seenOnce(key, 400)).toBe(false);
    expect(await one.seenOnce(`${key}-other`, 400)).toBe(true);
    await sleep(800);
    expect(await two.seenOnce(key, 400)).toBe(true);
  });

  it.skipIf(b.skip)('count: both instances add to one counter at once; it starts again after its TTL', async () => {
    const [one, two] = await b.pair();
    const key = `rate:${randomBytes(4).toString('hex')}`;
    const totals = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).count(key, 2, 600)));
    // every total from 2 to 40 once: no addition lost, none counted twice
    expect([...totals].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => 2 * (i + 1)));
    expect(await one.count(`${key}-other`, 1, 600)).toBe(1);
    await sleep(1000);
    expect(await two.count(key, 3, 600)).toBe(3);
  });
});
