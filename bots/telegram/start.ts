// Start the Telegram bot from the environment: long polling by default, webhook mode when
// TELEGRAM_WEBHOOK_URL is set. See docs/telegram.md.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookCallback, type Bot } from 'grammy';
import { run } from '@grammyjs/runner';
import type { Knowledge } from '../../src/knowledge.js';
import type { Chat } from '../../src/conversation/chat.js';
import { ALLOWED_UPDATES, COMMANDS, createTelegramBot, type Ctx, type Engine, type Session } from './bot.js';
import type { StorageAdapter } from 'grammy';
import { describe, safeLog, type Log } from './log.js';

export interface TelegramHandle {
  mode: 'polling' | 'webhook';
  /** webhook mode: the local port the HTTP server listens on */
  port?: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: Log;
  /** replaces the core answer functions (tests only) */
  engine?: Engine;
  /** the answering (default: one over the knowledge) */
  chat?: Chat;
  /** where grammY's sessions keep the conversations (default: in memory) */
  storage?: StorageAdapter<Session>;
}

type Env = Record<string, string | undefined>;

export async function startTelegram(knowledge: Knowledge, env: Env = process.env, options: StartOptions = {}): Promise<TelegramHandle> {
  const token = env.TELEGRAM_BOT_TOKEN?.trim();
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set (create a bot with @BotFather, see docs/telegram.md)');
  const log = safeLog(options.log ?? ((line) => console.log(`[telegram] ${line}`)), [token]);
  const apiRoot = env.TELEGRAM_API_ROOT?.trim().replace(/\/+$/, '') || undefined;
  const bot = createTelegramBot(knowledge, { token, apiRoot, log, engine: options.engine, chat: options.chat, storage: options.storage, rateLimit: parseRateLimit(env.TELEGRAM_RATE_LIMIT) });

  // getMe: checks the token and learns the bot's username (needed to notice mentions in groups).
  try {
    await bot.init();
  } catch (e) {
    throw new Error(`Telegram bot could not start: ${safe(describe(e), token)}`);
  }
  await bot.api.setMyCommands(COMMANDS).catch((e) => log(`setMyCommands: ${describe(e)}`));

  const webhookUrl = env.TELEGRAM_WEBHOOK_URL?.trim();
  return webhookUrl ? startWebhook(bot, webhookUrl, token, env, log) : startPolling(bot, log);
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

async function startWebhook(bot: Bot<Ctx>, url: string, token: string, env: Env, log: Log): Promise<TelegramHandle> {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    throw new Error('TELEGRAM_WEBHOOK_URL is not a valid URL');
  }
  const secret = env.TELEGRAM_WEBHOOK_SECRET?.trim() || deriveSecret(token);
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw new Error('TELEGRAM_WEBHOOK_SECRET may only contain A-Z, a-z, 0-9, _ and - (1 to 256 characters)');

  // 'return' on timeout: Telegram gets its 200 and does not deliver the update again while we finish it.
  const handleUpdate = webhookCallback(bot, 'http', { secretToken: secret, onTimeout: 'return', timeoutMilliseconds: 9_000 });
  const server: Server = createServer((req, res) => {
    const reqPath = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && reqPath === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    }
    if (reqPath !== path) {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    handleUpdate(req, res).catch((e: unknown) => {
      log(`webhook request failed: ${describe(e)}`);
      if (!res.headersSent) res.writeHead(400).end();
    });
  });
  const port = Number(env.PORT ?? 8080);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;

  try {
    await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
  } catch (e) {
    server.close();
    throw new Error(`setWebhook failed: ${safe(describe(e), token)}`);
  }
  log(`@${bot.botInfo.username}: webhook registered, listening on port ${actualPort}`);
  return {
    mode: 'webhook',
    port: actualPort,
    // The webhook stays registered: other instances may still be serving it.
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
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
