// Start the Telegram bot from the environment: long polling by default, webhook mode when
// TELEGRAM_WEBHOOK_URL is set. See docs/telegram.md.
import { createHash } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import type { Bot } from 'grammy';
import { run } from '@grammyjs/runner';
import { dataDir, type Knowledge } from '../../src/knowledge.js';
import type { Chat } from '../../src/conversation/chat.js';
import { ALLOWED_UPDATES, COMMANDS, createTelegramBot, type Ctx, type Engine, type Session } from './bot.js';
import { Outbox, SeenUpdates, type OutboxOptions, type StateValue } from './delivery.js';
import { describe, safeLog, type Log } from './log.js';
import { FileStorage, type StorageAdapter } from './state.js';
import { startWebhookServer } from './webhook.js';

export interface TelegramHandle {
  mode: 'polling' | 'webhook';
  /** webhook mode: the local address and port the HTTP server listens on */
  host?: string;
  port?: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: Log;
  /** replaces the core answer functions (tests only) */
  engine?: Engine;
  /** the answering (default: one over the knowledge) */
  chat?: Chat;
  /** where grammY's sessions keep the conversations (default: in memory; npm start passes a file) */
  sessions?: StorageAdapter<Session>;
  /** where the update ids handled, the webhook queue and the outbox are kept (default: TELEGRAM_STATE_FILE) */
  storage?: StorageAdapter<StateValue>;
  /** several instances: see TelegramBotOptions.claim */
  claim?: (updateId: number) => Promise<boolean>;
  /** several instances: see TelegramBotOptions.rateLimitCount */
  rateLimitCount?: (key: string, n: number, ttlMs: number) => Promise<number>;
  /** outbox timing (tests) */
  outbox?: Partial<Pick<OutboxOptions, 'retryMs' | 'maxRetryMs' | 'now'>>;
}

type Env = Record<string, string | undefined>;

export async function startTelegram(knowledge: Knowledge, env: Env = process.env, options: StartOptions = {}): Promise<TelegramHandle> {
  const token = env.TELEGRAM_BOT_TOKEN?.trim();
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set (create a bot with @BotFather, see docs/telegram.md)');
  const log = safeLog(options.log ?? ((line) => console.log(`[telegram] ${line}`)), [token]);
  const apiRoot = env.TELEGRAM_API_ROOT?.trim().replace(/\/+$/, '') || undefined;
  const storage = options.storage ?? new FileStorage<StateValue>(stateFile(env, token), log);
  const seen = await SeenUpdates.open(storage);
  let outbox: Outbox | undefined;
  const bot = createTelegramBot(knowledge, { token, apiRoot, log, engine: options.engine, chat: options.chat, storage: options.sessions, rateLimit: parseRateLimit(env.TELEGRAM_RATE_LIMIT), seen, outbox: () => outbox, claim: options.claim, rateLimitCount: options.rateLimitCount });

  // getMe: checks the token and learns the bot's username (needed to notice mentions in groups).
  try {
    await bot.init();
  } catch (e) {
    throw new Error(`Telegram bot could not start: ${safe(describe(e), token)}`);
  }
  await bot.api.setMyCommands(COMMANDS).catch((e) => log(`setMyCommands: ${describe(e)}`));
  // messages kept in the outbox before a restart are sent again from here
  const box = await Outbox.open(bot.api, storage, {
    log,
    maxCount: positive(env.TELEGRAM_OUTBOX_MAX),
    maxAgeMs: seconds(env.TELEGRAM_OUTBOX_MAX_AGE),
    ...options.outbox,
  });
  outbox = box;

  const webhookUrl = env.TELEGRAM_WEBHOOK_URL?.trim();
  const handle = webhookUrl ? await startWebhook(bot, webhookUrl, token, env, log, storage, seen) : await startPolling(bot, log);
  return {
    ...handle,
    async stop() {
      await handle.stop();
      await seen.idle();
      box.stop();
      if (storage instanceof FileStorage) await storage.flush().catch(() => undefined);
    },
  };
}

/** TELEGRAM_STATE_FILE, or telegram-<bot id>.json in GONGKAI_DATA_DIR (data/) — one file per bot. */
function stateFile(env: Env, token: string): string {
  const f = env.TELEGRAM_STATE_FILE?.trim();
  if (f) return isAbsolute(f) ? f : resolve(f);
  return join(dataDir(env), `telegram-${token.split(':')[0]?.replace(/\D/g, '') || 'bot'}.json`);
}

function positive(v: string | undefined): number | undefined {
  const n = Number(v);
  return v && Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
}

function seconds(v: string | undefined): number | undefined {
  const n = positive(v);
  return n === undefined ? undefined : n * 1000;
}

async function startPolling(bot: Bot<Ctx>, log: Log): Promise<TelegramHandle> {
  // getUpdates fails while a webhook is registered.
  await bot.api.deleteWebhook().catch((e) => log(`deleteWebhook: ${describe(e)}`));
  // The runner's own error logging prints whole error objects (which may hold request URLs with the
  // token), so it is silenced and getUpdates failures are logged here, redacted.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (e) {
      if (method === 'getUpdates' && !signal?.aborted) log(`getUpdates: ${describe(e)}`);
      throw e;
    }
  });
  const handle = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES }, silent: true } });
  handle.task()?.catch((e) => log(`polling stopped: ${describe(e)}`));
  log(`@${bot.botInfo.username}: long polling`);
  return {
    mode: 'polling',
    async stop() {
      if (handle.isRunning()) await handle.stop();
    },
  };
}

async function startWebhook(bot: Bot<Ctx>, url: string, token: string, env: Env, log: Log, storage: StorageAdapter<StateValue>, seen: SeenUpdates): Promise<TelegramHandle> {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    throw new Error('TELEGRAM_WEBHOOK_URL is not a valid URL');
  }
  const secret = env.TELEGRAM_WEBHOOK_SECRET?.trim() || deriveSecret(token);
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw new Error('TELEGRAM_WEBHOOK_SECRET may only contain A-Z, a-z, 0-9, _ and - (1 to 256 characters)');

  // Telegram gets its 200 as soon as the update is stored in the queue; the answer follows (webhook.ts).
  // HOST: the address to listen on; 127.0.0.1 (behind a reverse proxy that terminates TLS) unless set.
  const host = env.HOST?.trim() || '127.0.0.1';
  const server = await startWebhookServer({ bot, path, secret, port: Number(env.PORT ?? 8080), host, storage, seen, log });

  try {
    await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
  } catch (e) {
    await server.stop();
    throw new Error(`setWebhook failed: ${safe(describe(e), token)}`);
  }
  log(`@${bot.botInfo.username}: webhook registered, listening on ${host}:${server.port}`);
  return {
    mode: 'webhook',
    host,
    port: server.port,
    // The webhook stays registered: other instances may still be serving it.
    stop: () => server.stop(),
  };
}

/** A secret every instance with the same token derives alike, so no extra setting is required. */
function deriveSecret(token: string): string {
  return createHash('sha256').update(`gongkai-bot webhook ${token}`).digest('hex');
}

/** 'N/S': at most N messages per S seconds per user. */
function parseRateLimit(value: string | undefined): { limit: number; timeFrameMs: number } | undefined {
  const m = value?.trim().match(/^(\d+)\s*\/\s*(\d+(?:\.\d+)?)$/);
  if (!m) return undefined;
  return { limit: Math.max(1, Number(m[1])), timeFrameMs: Math.max(1, Number(m[2])) * 1000 };
}

function safe(line: string, token: string): string {
  return line.split(token).join('***');
}
