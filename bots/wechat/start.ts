// Starts the WeChat bot and keeps it running: builds a Wechaty with the puppet named
// by WECHATY_PUPPET, prints the login QR code, and rebuilds it with exponential
// backoff when starting fails, after a logout that the puppet does not recover
// from, or on a storm of errors. Never throws: a WeChat failure must not take down
// the process or the Telegram bot running beside it.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import qrcodeTerminal from 'qrcode-terminal';
import { ScanStatus, WechatyBuilder, qrcodeValueToImageUrl } from 'wechaty';
import type { Contact, ContactSelf, Wechaty, WechatyOptions } from 'wechaty';

import type { Chat } from '../../src/conversation/chat.js';
import { dataDir, type Knowledge } from '../../src/knowledge.js';
import { attachHandlers, consoleLogger, errorText, type Logger } from './bot.js';

export interface WechatHandle {
  /** Stops the bot and any pending retry. Never throws. */
  stop(): Promise<void>;
}

export interface StartWechatOptions {
  /** the conversations (default: one in memory over the knowledge) */
  chat?: Chat;
  log?: Logger;
  /** where the QR code and its URL are printed (default console.log) */
  print?: (text: string) => void;
  /** builds the Wechaty (tests pass one on wechaty-puppet-mock); default WechatyBuilder.build */
  build?: (options: WechatyOptions) => Wechaty;
  /** first retry delay; doubled at each failure up to maxDelayMs (defaults 5 s and 10 min) */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** after a logout, how long to wait for the puppet to log in again or show a new QR code before rebuilding (default 60 s) */
  reloginGraceMs?: number;
  /** a start that takes longer than this counts as failed (default 120 s) */
  startTimeoutMs?: number;
  /** this many errors within errorWindowMs while logged out rebuild the bot (defaults 10 and 60 s) */
  errorBurst?: number;
  errorWindowMs?: number;
  /** messages sent before this are not answered (default: now) */
  startedAt?: Date;
}

type Env = Record<string, string | undefined>;

/** WECHAT_RATE_LIMIT 'N/S': at most N messages answered per S seconds per person (default 6/10). */
export function parseRateLimit(value: string | undefined): { limit: number; timeFrameMs: number } | undefined {
  const m = value?.trim().match(/^(\d+)\s*\/\s*(\d+(?:\.\d+)?)$/);
  if (!m) return undefined;
  return { limit: Math.max(1, Number(m[1])), timeFrameMs: Math.max(1, Number(m[2])) * 1000 };
}

/** Wechaty options from the environment: the puppet, its token, the memory card. */
export function wechatyOptionsFromEnv(env: Env): WechatyOptions {
  const puppet = env['WECHATY_PUPPET']!.trim();
  const puppetOptions: Record<string, string> = {};
  // wechaty-puppet-service also reads these from process.env itself; passing them
  // makes `env` (which may not be process.env) authoritative.
  const token = env['WECHATY_PUPPET_SERVICE_TOKEN'] || env['WECHATY_PUPPET_PADLOCAL_TOKEN'] || env['WECHATY_TOKEN'];
  if (token) puppetOptions['token'] = token;
  const endpoint = env['WECHATY_PUPPET_SERVICE_ENDPOINT'];
  if (endpoint) puppetOptions['endpoint'] = endpoint;
  // The memory card keeps the login session (wechat4u: no new scan after a restart).
  // It holds session cookies: keep it out of git (data/ and *.memory-card.json are ignored).
  const name = env['WECHATY_NAME'] || join(dataDir(env), 'wechat');
  try {
    mkdirSync(dirname(resolve(name)), { recursive: true });
  } catch {
    // the memory card will fail to save and Wechaty will log it; the bot still runs
  }
  return {
    name,
    puppet: puppet as never,
    ...(Object.keys(puppetOptions).length > 0 ? { puppetOptions } : {}),
  };
}

/** A logger that never prints the puppet tokens (an error message might quote one). */
export function redacting(log: Logger, secrets: Array<string | undefined>): Logger {
  const keys = secrets.filter((x): x is string => !!x && x.length >= 6);
  if (keys.length === 0) return log;
  const clean = (a: unknown): unknown => {
    if (typeof a !== 'string') return a;
    let out = a;
    for (const k of keys) out = out.split(k).join('***');
    return out;
  };
  return {
    info: (...a) => log.info(...a.map(clean)),
    warn: (...a) => log.warn(...a.map(clean)),
    error: (...a) => log.error(...a.map(clean)),
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts the WeChat bot in the background and returns at once (logging in needs a
 * QR scan, which may take minutes or never happen). Never rejects.
 */
export async function startWechat(knowledge: Knowledge, env: Env = process.env, opts: StartWechatOptions = {}): Promise<WechatHandle> {
  const log = redacting(opts.log ?? consoleLogger, [env['WECHATY_PUPPET_SERVICE_TOKEN'], env['WECHATY_PUPPET_PADLOCAL_TOKEN'], env['WECHATY_TOKEN']]);
  const print = opts.print ?? ((t: string) => console.log(t));
  const puppetName = env['WECHATY_PUPPET']?.trim();
  if (!puppetName) {
    log.warn('WECHATY_PUPPET is not set: the WeChat bot is not started (e.g. WECHATY_PUPPET=wechaty-puppet-wechat4u).');
    return { stop: async () => {} };
  }

  const build = opts.build ?? ((o: WechatyOptions) => WechatyBuilder.build(o));
  const baseDelay = opts.baseDelayMs ?? 5_000;
  const maxDelay = opts.maxDelayMs ?? 600_000;
  const reloginGrace = opts.reloginGraceMs ?? 60_000;
  const startTimeout = opts.startTimeoutMs ?? 120_000;
  const errorBurst = opts.errorBurst ?? 10;
  const errorWindow = opts.errorWindowMs ?? 60_000;
  const startedAt = opts.startedAt ?? new Date();

  let stopped = false;
  let failures = 0;
  let generation = 0;
  let current: { bot: Wechaty; detach: () => void } | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let reloginTimer: ReturnType<typeof setTimeout> | undefined;
  let cycling: Promise<void> = Promise.resolve();

  function clearRelogin(): void {
    if (reloginTimer) clearTimeout(reloginTimer);
    reloginTimer = undefined;
  }

  /** Rebuilds the bot after a delay that doubles with each failure. Once per failure. */
  function scheduleRestart(gen: number, reason: string): void {
    if (stopped || gen !== generation || retryTimer) return;
    clearRelogin();
    const delay = Math.min(maxDelay, baseDelay * 2 ** failures);
    failures++;
    log.warn(`${reason}; restarting the WeChat bot in ${Math.round(delay / 1000)} s (attempt ${failures + 1})`);
    // Stop the failing bot now (wechat4u, for one, retries in a tight loop by itself), rebuild later.
    cycling = cycling.then(teardown).catch((e: unknown) => log.error('WeChat bot supervisor error:', errorText(e)));
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      runCycle();
    }, delay);
  }

  async function teardown(): Promise<void> {
    const c = current;
    current = undefined;
    if (!c) return;
    c.detach();
    quietWechat4uStop(c.bot);
    try {
      await withTimeout(c.bot.stop(), 10_000, 'stopping Wechaty');
    } catch (e) {
      log.warn('stopping the old Wechaty failed:', errorText(e));
    }
  }

  async function cycle(): Promise<void> {
    await teardown();
    if (stopped) return;
    const gen = ++generation;
    let bot: Wechaty;
    try {
      bot = build(wechatyOptionsFromEnv(env));
    } catch (e) {
      log.error('cannot build Wechaty:', errorText(e));
      scheduleRestart(gen, 'building Wechaty failed');
      return;
    }
    // Keep an 'error' listener for the bot's whole life (even after detach): an
    // EventEmitter 'error' without listeners throws.
    const errorTimes: number[] = [];
    /** Events of a bot that has been torn down (or before stop()) are ignored. */
    const live = (): boolean => !stopped && gen === generation && current?.bot === bot;
    bot.on('error', () => {
      if (!live()) return;
      const now = Date.now();
      errorTimes.push(now);
      while (errorTimes.length > 0 && errorTimes[0]! < now - errorWindow) errorTimes.shift();
      if (errorTimes.length >= errorBurst && !bot.isLoggedIn) {
        errorTimes.length = 0;
        scheduleRestart(gen, `${errorBurst} errors within ${Math.round(errorWindow / 1000)} s while logged out`);
      }
    });
    const detach = attachHandlers(bot, knowledge, { startedAt, log, chat: opts.chat, rateLimit: parseRateLimit(env['WECHAT_RATE_LIMIT']) });
    current = { bot, detach };

    bot.on('scan', (qrcode: string, status: ScanStatus) => {
      if (!live()) return;
      clearRelogin();
      if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
        if (!qrcode) return;
        qrcodeTerminal.generate(qrcode, { small: true }, (art) => print(art));
        print(`请用微信扫码登录 (scan with WeChat to log in): ${qrcodeValueToImageUrl(qrcode)}\n${qrcode}`);
      } else {
        log.info(`scan status: ${ScanStatus[status] ?? status}`);
      }
    });
    bot.on('login', (user: ContactSelf) => {
      if (!live()) return;
      clearRelogin();
      failures = 0;
      log.info(`logged in as ${safeName(user)}`);
    });
    bot.on('logout', (user: Contact, reason?: string) => {
      if (!live()) return;
      log.warn(`logged out (${safeName(user)}${reason ? `: ${reason}` : ''})`);
      // Many puppets (wechat4u) show a new QR code by themselves; rebuild only if nothing happens.
      clearRelogin();
      reloginTimer = setTimeout(() => {
        reloginTimer = undefined;
        if (live() && !bot.isLoggedIn) scheduleRestart(gen, 'no new login after the logout');
      }, reloginGrace);
    });
    bot.on('stop', () => {
      if (!live()) return;
      scheduleRestart(gen, 'Wechaty stopped unexpectedly');
    });

    try {
      log.info(`starting the WeChat bot with ${puppetName}`);
      await withTimeout(bot.start(), startTimeout, 'starting Wechaty');
      log.info('WeChat bot started; waiting for login');
    } catch (e) {
      log.error('starting the WeChat bot failed:', errorText(e));
      scheduleRestart(gen, 'start failed');
    }
  }

  function runCycle(): void {
    cycling = cycling.then(cycle).catch((e: unknown) => log.error('WeChat bot supervisor error:', errorText(e)));
  }
  runCycle();

  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      clearRelogin();
      try {
        await teardown(); // also interrupts a start in progress
        await withTimeout(cycling, 15_000, 'the pending start');
        await teardown();
      } catch (e) {
        log.warn('stopping the WeChat bot:', errorText(e));
      }
    },
  };
}

function safeName(c: Contact | undefined): string {
  try {
    return c?.name() || 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * wechaty-puppet-wechat4u 1.14 bug: stopping the puppet makes wechat4u emit
 * 'logout', whose handler then calls start() on the client the puppet has just
 * discarded (a TypeError that wechat4u's global handler logs as uncaughtException).
 * The bot is being thrown away, so drop that handler first. A no-op for other puppets.
 */
function quietWechat4uStop(bot: Wechaty): void {
  try {
    const client = (bot.puppet as unknown as { wechat4u?: { removeAllListeners?: (event: string) => unknown } }).wechat4u;
    client?.removeAllListeners?.('logout');
  } catch {
    // no puppet yet (start failed early): nothing to quiet
  }
}
