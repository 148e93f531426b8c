// Delivered exactly once, nothing lost:
// - SeenUpdates: the update ids already handled (bounded, kept across a restart), so an update
//   delivered twice (webhook retry, polling after a restart) is answered once.
// - Outbox: an answer that cannot be sent now (429 beyond the retries, 5xx, the API unreachable) is
//   kept, in order per chat, and sent when the API recovers — within a bound of count and age, each
//   message dropped with a log line. A send that failed before any byte of a response (connection
//   refused or reset, the name not found: agent.ts) is kept and sent again too. A send whose request
//   may have reached Telegram (the response began and broke off, or never came in time) is not
//   repeated: Telegram has no idempotency key for sendMessage, so repeating it is how answers were
//   sent twice.
import { GrammyError, HttpError, type Api, type RawApi } from 'grammy';
import { RESET_BEFORE_RESPONSE, STALE_CONNECTION } from './agent.js';
import type { StorageAdapter } from './state.js';
import { describe, type Log } from './log.js';

type SendOptions = NonNullable<Parameters<Api['sendMessage']>[2]>;

export interface OutgoingMessage {
  text: string;
  other: SendOptions;
}

interface Pending extends OutgoingMessage {
  chat: number;
  /** when the answer was first tried, ms since the epoch */
  at: number;
}

/** What the state storage holds, by key. */
export type StateValue = unknown;

export const STATE_KEYS = { seen: 'seen-updates', outbox: 'outbox', inbox: 'webhook-inbox' } as const;

export class SeenUpdates {
  private readonly ids: number[];
  private readonly set: Set<number>;

  private constructor(
    private readonly storage: StorageAdapter<StateValue>,
    ids: number[],
    private readonly max: number,
  ) {
    this.ids = ids.slice(-max);
    this.set = new Set(this.ids);
  }

  static async open(storage: StorageAdapter<StateValue>, max = 5000): Promise<SeenUpdates> {
    const ids = await storage.read(STATE_KEYS.seen);
    return new SeenUpdates(storage, Array.isArray(ids) ? ids.filter((x: unknown): x is number => Number.isInteger(x)) : [], max);
  }

  has(id: number): boolean {
    return this.set.has(id);
  }

  private readonly inProgress = new Set<Promise<void>>();

  /** Runs the handling of an update, then marks it handled (a crash before that means it is handled again). */
  async handle(id: number, f: () => Promise<void>): Promise<void> {
    const p = (async () => {
      await f();
      await this.add(id).catch(() => undefined); // a storage failure is logged by the storage
    })();
    this.inProgress.add(p);
    try {
      await p;
    } finally {
      this.inProgress.delete(p);
    }
  }

  /** Waits (up to `ms`) for the updates being handled to be handled and marked. */
  async idle(ms = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((r) => (timer = setTimeout(r, ms)));
    await Promise.race([Promise.allSettled([...this.inProgress]), limit]);
    clearTimeout(timer);
  }

  /** Marks an update handled; resolves once that is stored. */
  async add(id: number): Promise<void> {
    if (this.set.has(id)) return;
    this.set.add(id);
    this.ids.push(id);
    while (this.ids.length > this.max) this.set.delete(this.ids.shift()!);
    await this.storage.write(STATE_KEYS.seen, this.ids);
  }
}

export interface OutboxOptions {
  /** most messages kept (default 1000); beyond it the oldest is dropped */
  maxCount?: number;
  /** oldest a kept message may be before it is dropped (default 24 h) */
  maxAgeMs?: number;
  /** first wait before sending kept messages again; doubled to maxRetryMs (defaults 5 s and 5 min) */
  retryMs?: number;
  maxRetryMs?: number;
  log: Log;
  now?: () => number;
}

/** Errors after which the message surely did not reach Telegram and may be sent again later. */
export function retriable(e: unknown): boolean {
  if (e instanceof GrammyError) return e.error_code === 429 || e.error_code >= 500;
  if (e instanceof HttpError) return notSent(e.error);
  return false;
}

/** Network errors before any byte of a response (no connection, a reset before the response, a stale kept-alive connection). */
function notSent(e: unknown): boolean {
  const code = (e as { code?: string; errno?: string } | undefined)?.code ?? (e as { errno?: string } | undefined)?.errno;
  return code === STALE_CONNECTION || code === RESET_BEFORE_RESPONSE || code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENETDOWN';
}

/** A request that may have reached Telegram, whose answer was lost (sent at most once). */
export function uncertain(e: unknown): boolean {
  return e instanceof HttpError && !notSent(e.error);
}

export class Outbox {
  private pending: Pending[];
  private timer: NodeJS.Timeout | null = null;
  private delay: number;
  private flushing = false;
  private stopped = false;
  private readonly maxCount: number;
  private readonly maxAgeMs: number;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly now: () => number;

  private constructor(
    private readonly api: Api<RawApi>,
    private readonly storage: StorageAdapter<StateValue>,
    pending: Pending[],
    private readonly opts: OutboxOptions,
  ) {
    this.pending = pending;
    this.maxCount = Math.max(1, opts.maxCount ?? 1000);
    this.maxAgeMs = opts.maxAgeMs ?? 24 * 3600_000;
    this.retryMs = opts.retryMs ?? 5000;
    this.maxRetryMs = Math.max(this.retryMs, opts.maxRetryMs ?? 300_000);
    this.delay = this.retryMs;
    this.now = opts.now ?? Date.now;
  }

  /** The outbox kept in the storage; messages kept before a restart are sent again. */
  static async open(api: Api<RawApi>, storage: StorageAdapter<StateValue>, opts: OutboxOptions): Promise<Outbox> {
    const kept = await storage.read(STATE_KEYS.outbox);
    const pending = (Array.isArray(kept) ? kept : []).filter(
      (p): p is Pending => !!p && typeof p === 'object' && typeof (p as Pending).chat === 'number' && typeof (p as Pending).text === 'string',
    );
    const box = new Outbox(api, storage, pending, opts);
    if (pending.length) {
      opts.log(`outbox: ${pending.length} message(s) kept from before; sending them`);
      box.schedule(0);
    }
    return box;
  }

  /** Messages waiting, optionally for one chat. */
  size(chat?: number): number {
    return chat === undefined ? this.pending.length : this.pending.filter((p) => p.chat === chat).length;
  }

  /**
   * Sends messages to a chat in order. Behind messages already kept for the chat, they are kept too;
   * when one cannot be sent now, it and the rest are kept. Other errors (403, 400) are thrown.
   */
  async send(chat: number, messages: OutgoingMessage[]): Promise<void> {
    if (this.size(chat) > 0) return this.keep(chat, messages, 'behind earlier ones');
    for (const [i, m] of messages.entries()) {
      try {
        await this.sendNow(chat, m);
      } catch (e) {
        if (retriable(e)) return this.keep(chat, messages.slice(i), describe(e));
        if (uncertain(e)) {
          this.opts.log(`sendMessage to chat ${chat}: ${describe(e)}; it may have arrived, so it is not sent again`);
          continue;
        }
        throw e;
      }
    }
  }

  /** One send; a stale kept-alive connection (the request surely never arrived) is retried at once. */
  private async sendNow(chat: number, m: OutgoingMessage): Promise<void> {
    try {
      await this.api.sendMessage(chat, m.text, m.other);
    } catch (e) {
      if (!(e instanceof HttpError) || (e.error as { code?: string } | undefined)?.code !== STALE_CONNECTION) throw e;
      await this.api.sendMessage(chat, m.text, m.other);
    }
  }

  private async keep(chat: number, messages: OutgoingMessage[], why: string): Promise<void> {
    const at = this.now();
    for (const m of messages) this.pending.push({ chat, at, text: m.text, other: m.other });
    this.opts.log(`outbox: kept ${messages.length} message(s) for chat ${chat} (${why}); ${this.pending.length} waiting`);
    this.trim();
    await this.save();
    this.schedule(this.delay);
  }

  /** Drops messages over the age and count bounds, each with a log line. */
  private trim(): void {
    const now = this.now();
    const keep: Pending[] = [];
    for (const p of this.pending) {
      if (now - p.at > this.maxAgeMs) this.opts.log(`outbox: dropped a message for chat ${p.chat} kept for ${Math.round((now - p.at) / 1000)} s (over ${Math.round(this.maxAgeMs / 1000)} s)`);
      else keep.push(p);
    }
    while (keep.length > this.maxCount) {
      const p = keep.shift()!;
      this.opts.log(`outbox: dropped the oldest message, for chat ${p.chat} (over ${this.maxCount} waiting)`);
    }
    this.pending = keep;
  }

  private async save(): Promise<void> {
    try {
      await this.storage.write(STATE_KEYS.outbox, this.pending);
    } catch (e) {
      this.opts.log(`outbox: could not be stored (${describe(e)}); kept in memory`);
    }
  }

  private schedule(ms: number): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
    this.timer.unref();
  }

  /** Sends what is kept, chat by chat in order; on a failure the chat waits for the next round. */
  async flush(): Promise<void> {
    if (this.flushing || this.stopped) return;
    this.flushing = true;
    let failed = false;
    let retryAfter = 0;
    try {
      this.trim();
      const blocked = new Set<number>();
      for (;;) {
        const next = this.pending.find((p) => !blocked.has(p.chat));
        if (!next || this.stopped) break;
        try {
          await this.sendNow(next.chat, next);
        } catch (e) {
          if (retriable(e)) {
            failed = true;
            blocked.add(next.chat);
            if (e instanceof GrammyError) retryAfter = Math.max(retryAfter, (e.parameters?.retry_after ?? 0) * 1000);
            continue;
          }
          this.opts.log(`outbox: a message for chat ${next.chat} ${uncertain(e) ? 'may have arrived' : 'was refused'} (${describe(e)}); not sent again`);
        }
        this.pending.splice(this.pending.indexOf(next), 1);
        await this.save();
      }
    } finally {
      this.flushing = false;
    }
    if (this.pending.length) {
      this.delay = failed ? Math.min(this.maxRetryMs, this.delay * 2) : this.retryMs;
      this.schedule(Math.max(this.delay, retryAfter));
    } else this.delay = this.retryMs;
  }

  /** Stops sending (the kept messages stay stored for the next start). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
