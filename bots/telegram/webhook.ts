// Webhook mode: an HTTP server that answers Telegram at once and hands the update to a queue, as
// grammY's deployment guide advises (no onTimeout race: Telegram never waits on an answer being
// computed, and never delivers an update again because it waited too long). The queue is stored
// before Telegram gets its 200, so an update received is handled even across a crash or restart;
// an update delivered twice is answered once (SeenUpdates). Bodies are limited in size; the
// secret token is compared in constant time.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bot } from 'grammy';
import type { Ctx } from './bot.js';
import type { Update } from 'grammy/types';
import { STATE_KEYS, type SeenUpdates, type StateValue } from './delivery.js';
import type { StorageAdapter } from './state.js';
import { describe, type Log } from './log.js';

/** Largest request body accepted (Telegram's updates are a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface WebhookServerOptions {
  bot: Bot<Ctx>;
  path: string;
  secret: string;
  port: number;
  host: string;
  storage: StorageAdapter<StateValue>;
  seen: SeenUpdates;
  log: Log;
  /** updates held before Telegram is told to come back later (503); default 10,000 */
  maxQueued?: number;
  /** updates handled at once (in order within each chat); default 64 */
  concurrency?: number;
  maxBodyBytes?: number;
}

export interface WebhookServer {
  port: number;
  stop(): Promise<void>;
}

export async function startWebhookServer(o: WebhookServerOptions): Promise<WebhookServer> {
  const queue = await UpdateQueue.open(o.bot, o.storage, o.seen, o.log, o.maxQueued ?? 10_000, o.concurrency ?? 64);
  const maxBody = o.maxBodyBytes ?? MAX_BODY_BYTES;
  const secret = Buffer.from(o.secret);

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      o.log(`webhook request failed: ${describe(e)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reqPath = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && reqPath === '/healthz') return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    if (reqPath !== o.path) return refuse(req, res, 404);
    if (req.method !== 'POST') return refuse(req, res, 405, { Allow: 'POST' });
    const given = Buffer.from(String(req.headers['x-telegram-bot-api-secret-token'] ?? ''));
    if (given.length !== secret.length || !timingSafeEqual(given, secret)) return refuse(req, res, 401);
    if (Number(req.headers['content-length'] ?? 0) > maxBody) return refuse(req, res, 413);
    const body = await readBody(req, maxBody);
    if (body === null) return refuse(req, res, 413);
    let update: Update;
    try {
      update = JSON.parse(body.toString('utf8')) as Update;
    } catch {
      return void res.writeHead(400).end();
    }
    if (!update || typeof update !== 'object' || !Number.isInteger(update.update_id)) return void res.writeHead(400).end();
    const outcome = await queue.accept(update);
    if (outcome === 'full') return void res.writeHead(503, { 'Retry-After': '5' }).end();
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return {
    port: (server.address() as AddressInfo).port,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await queue.stop();
    },
  };
}

/** Answers and closes the connection without reading the body. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, Connection: 'close' }).end();
  res.once('finish', () => req.destroy());
}

/** The body, or null as soon as it passes `max` bytes (the rest is not read). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    const onData = (c: Buffer) => {
      n += c.length;
      if (n > max) {
        req.off('data', onData);
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Updates received and not yet handled, stored; handled in arrival order (per chat, by sequentialize). */
class UpdateQueue {
  private waiting: Update[];
  private readonly inFlight: Update[] = [];
  private readonly running = new Set<number>();
  private readonly idle: (() => void)[] = [];
  private stopped = false;

  private constructor(
    private readonly bot: Bot<Ctx>,
    private readonly storage: StorageAdapter<StateValue>,
    private readonly seen: SeenUpdates,
    private readonly log: Log,
    private readonly max: number,
    private readonly concurrency: number,
    kept: Update[],
  ) {
    this.waiting = kept;
  }

  static async open(bot: Bot<Ctx>, storage: StorageAdapter<StateValue>, seen: SeenUpdates, log: Log, max: number, concurrency: number): Promise<UpdateQueue> {
    const kept = await storage.read(STATE_KEYS.inbox);
    const updates = (Array.isArray(kept) ? kept : []).filter((u): u is Update => !!u && Number.isInteger((u as Update).update_id));
    const q = new UpdateQueue(bot, storage, seen, log, max, concurrency, updates);
    if (updates.length) {
      log(`webhook: ${updates.length} update(s) received before the restart and not yet handled; handling them`);
      q.pump();
    }
    return q;
  }

  async accept(update: Update): Promise<'queued' | 'duplicate' | 'full'> {
    const id = update.update_id;
    if (this.seen.has(id) || this.running.has(id) || this.waiting.some((u) => u.update_id === id)) {
      this.log(`update ${id} delivered again; skipped`);
      return 'duplicate';
    }
    if (this.waiting.length + this.running.size >= this.max) return 'full';
    this.waiting.push(update);
    await this.save(); // stored before Telegram is told it arrived
    this.pump();
    return 'queued';
  }

  /** Stores the updates being handled and waiting (handled ones leave it). */
  private save(): Promise<void> {
    return Promise.resolve(this.storage.write(STATE_KEYS.inbox, [...this.inFlight, ...this.waiting]));
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.concurrency && this.waiting.length) {
      const u = this.waiting.shift()!;
      this.running.add(u.update_id);
      this.inFlight.push(u);
      this.bot
        .handleUpdate(u)
        .catch((e: unknown) => this.log(`update ${u.update_id} failed: ${describe(e)}`))
        .then(async () => {
          this.running.delete(u.update_id);
          this.inFlight.splice(this.inFlight.indexOf(u), 1);
          await this.seen.add(u.update_id).catch(() => undefined);
          await this.save().catch((e: unknown) => this.log(`webhook queue could not be stored: ${describe(e)}`));
          if (this.running.size === 0) for (const f of this.idle.splice(0)) f();
          this.pump();
        });
    }
  }

  /** Stops taking updates from the queue and waits (up to 10 s) for those being handled. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.running.size === 0) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 10_000);
      t.unref();
      this.idle.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}
