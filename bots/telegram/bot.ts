// The Telegram bot: grammY handlers that pass questions to answer() and format what comes back.
// It never computes an answer itself.
import { Bot, InputFile, session, type Context, type SessionFlavor, type StorageAdapter } from 'grammy';
import { sequentialize } from '@grammyjs/runner';
import { autoRetry } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import * as core from '../../src/answer/index.js';
import { reportCount, type Knowledge } from '../../src/knowledge.js';
import { answerBlocks, citationBlocks, toMessages, type Block } from './format.js';
import { decodeQuestion, questionKeyboard, type QuestionKeyboard } from './buttons.js';
import { createChat, IDLE_MS, type Chat, type ConversationState } from '../../src/conversation/chat.js';
import { MemoryStore } from '../../src/conversation/store.js';
import type { Outbox, OutgoingMessage, SeenUpdates } from './delivery.js';
import { fetchConfig } from './agent.js';
import { describe, safeLog, type Log } from './log.js';

/** The core texts the bot shows for its commands. */
export type Engine = Pick<typeof core, 'helpText' | 'reportsText' | 'checkText' | 'exampleQuestions'>;

export interface TelegramBotOptions {
  token: string;
  /** another Bot API server (self-hosted, or a test server); default Telegram's */
  apiRoot?: string;
  /** incoming messages per user: at most `limit` per `timeFrameMs`; default 6 per 10 s */
  rateLimit?: { limit: number; timeFrameMs: number };
  log?: Log;
  engine?: Engine;
  /** the answering (src/conversation): default one over `knowledge` */
  chat?: Chat;
  /**
   * where grammY's sessions keep each conversation (per private chat, per member in a group): any
   * grammY storage adapter — the FileStore of src/conversation (default of npm start), or a Redis or
   * PostgreSQL adapter when several instances share the conversations; default in memory
   */
  storage?: StorageAdapter<Session>;
  /** answers that cannot be sent now are kept here and sent later (default: sent directly, dropped on failure) */
  outbox?: () => Outbox | undefined;
  /** update ids already handled: an update delivered again is skipped */
  seen?: SeenUpdates;
  /**
   * several instances: true when this instance is the first to take the update (SET NX in Redis or
   * PostgreSQL, shared by every instance), so that an update delivered to two is answered once
   */
  claim?: (updateId: number) => Promise<boolean>;
  /**
   * several instances: a counter shared by every instance (SharedState.count: Redis or PostgreSQL,
   * this instance's memory while they are out of reach), so that the rate limit holds across them
   */
  rateLimitCount?: (key: string, n: number, ttlMs: number) => Promise<number>;
}

/** The commands shown in Telegram's menu, in Chinese. */
export const COMMANDS = [
  { command: 'start', description: '开始：我能回答什么，附示例问题' },
  { command: 'help', description: '帮助：可以怎么问' },
  { command: 'reports', description: '已收录的年度报告' },
  { command: 'source', description: '上一个回答的完整出处' },
  { command: 'new', description: '开始新对话（之前的问题不再作为上下文）' },
  { command: 'check', description: '报告自检结果（供工作人员）' },
];

/** The update types the bot handles (for getUpdates and setWebhook). */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

const TEXT_ONLY = '我只能读文字问题。请直接用文字提问，例如：“收到多少政府信息公开申请？”';
const TOO_FAST = '您发得有点快，请稍等片刻再提问。';
const FAILED = '抱歉，处理这个问题时出错了，请换个问法再试。';
const EXPIRED = '这个按钮已失效，请直接发送问题。';

const NON_TEXT = [
  'message:sticker',
  'message:photo',
  'message:voice',
  'message:video',
  'message:video_note',
  'message:audio',
  'message:document',
  'message:animation',
  'message:location',
  'message:venue',
  'message:contact',
  'message:poll',
  'message:dice',
] as const;

/** What a chat's session holds: its conversation (the last question, what was understood, the reply). */
export interface Session {
  conversation?: ConversationState;
}
export type Ctx = Context & SessionFlavor<Session>;

export function createTelegramBot(knowledge: Knowledge, opts: TelegramBotOptions): Bot<Ctx> {
  const log = safeLog(opts.log ?? ((line) => console.log(`[telegram] ${line}`)), [opts.token]);
  const engine: Engine = opts.engine ?? core;
  const chats: Chat = opts.chat ?? createChat({ knowledge });
  const apiRoot = opts.apiRoot ?? 'https://api.telegram.org';
  const bot = new Bot<Ctx>(opts.token, { client: { apiRoot, baseFetchConfig: fetchConfig(apiRoot) } });

  // Outgoing: honour 429 retry_after, but do not wait minutes to answer. sendMessage is not repeated
  // on a server error or a lost response (it may have arrived: repeating it sent answers twice);
  // the outbox keeps what surely did not arrive and sends it later. Other methods are retried.
  const lenient = autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 });
  const strict = autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowInternalServerErrors: true, rethrowHttpErrors: true });
  bot.api.config.use((prev, method, payload, signal) => (method === 'sendMessage' ? strict : lenient)(prev, method, payload, signal));

  // An update delivered again (webhook retry, polling after a restart) is answered once.
  const seen = opts.seen;
  if (seen) {
    bot.use(async (ctx, next) => {
      const id = ctx.update.update_id;
      if (seen.has(id)) {
        log(`update ${id} delivered again; skipped`);
        return;
      }
      await seen.handle(id, async () => {
        // another instance took it first (one update delivered to two instances): answered there
        if (opts.claim && !(await opts.claim(id).catch(() => true))) return log(`update ${id} taken by another instance; skipped`);
        await next();
      });
    });
  } else if (opts.claim) {
    const claim = opts.claim;
    bot.use(async (ctx, next) => {
      if (await claim(ctx.update.update_id).catch(() => true)) return next();
      log(`update ${ctx.update.update_id} taken by another instance; skipped`);
    });
  }

  // One chat at a time, in order; different chats in parallel (long polling runs updates concurrently).
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));

  // Each conversation in grammY's session, through a storage adapter (kept across restarts with a file or Redis adapter).
  bot.use(session({ initial: (): Session => ({}), storage: opts.storage ?? new MemoryStore<Session>(), getSessionKey: (ctx) => (ctx.chat ? conversationKey(ctx) : undefined) }));
  // Commands are case-insensitive (/REPORTS, /Help@Bot): the command word is lower-cased before the handlers see it.
  bot.use((ctx, next) => {
    const m = ctx.message;
    const e = m?.entities?.[0];
    if (m?.text && e?.type === 'bot_command' && e.offset === 0) m.text = m.text.slice(0, e.length).toLowerCase() + m.text.slice(e.length);
    return next();
  });

  // Groups: only what is addressed to the bot (mention, reply to it, or a command).
  bot.use(async (ctx, next) => {
    if (!ctx.message) return ctx.callbackQuery ? next() : undefined;
    if (ctx.message.chat.type === 'private' || addressedToBot(ctx)) return next();
  });

  const rate = opts.rateLimit ?? { limit: 6, timeFrameMs: 10_000 };
  bot.use(
    limit({
      limit: rate.limit,
      timeFrame: rate.timeFrameMs,
      keyGenerator: (ctx: Context) => ctx.from?.id.toString(),
      // the limiter's store needs only incr and pexpire: counted in the shared state, which starts the window itself
      ...(opts.rateLimitCount ? { storageClient: sharedCounter(opts.rateLimitCount, rate.timeFrameMs) as never, keyPrefix: 'telegram-rate:' } : {}),
      onLimitExceeded: async (ctx: Ctx) => {
        if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: TOO_FAST }).catch(() => undefined);
        else await send(ctx, [{ text: TOO_FAST }]);
      },
    }),
  );

  async function send(ctx: Ctx, blocks: Block[], keyboard?: QuestionKeyboard, quote = true): Promise<void> {
    const messages = toMessages(blocks);
    const replyTo = quote && ctx.message && ctx.message.chat.type !== 'private' ? ctx.message.message_id : undefined;
    const out: OutgoingMessage[] = messages.map((html, i) => ({
      text: html,
      other: {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(i === 0 && replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
        ...(i === messages.length - 1 && keyboard ? { reply_markup: keyboard } : {}),
      },
    }));
    const chat = ctx.chat!.id;
    const outbox = opts.outbox?.();
    if (outbox) return outbox.send(chat, out);
    for (const m of out) await ctx.api.sendMessage(chat, m.text, m.other);
  }

  /** Call a core function; on failure log it and tell the user, instead of staying silent. */
  async function safely<T>(ctx: Ctx, what: string, f: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await f();
    } catch (e) {
      log(`${what} failed: ${describe(e)}`);
      await send(ctx, [{ text: FAILED }]);
      return undefined;
    }
  }

  function examples(): QuestionKeyboard | undefined {
    try {
      return questionKeyboard(engine.exampleQuestions(knowledge).slice(0, 3));
    } catch (e) {
      log(`exampleQuestions failed: ${describe(e)}`);
      return undefined;
    }
  }

  async function respond(ctx: Ctx, question: string, echo: boolean): Promise<void> {
    const result = await safely(ctx, 'answer', () => chats.turn(ctx.session.conversation, question));
    if (!result) return;
    ctx.session.conversation = result.state;
    const turn = result.turn;
    const r = turn.rendered;
    const buttons = r.choices.length ? r.choices.map((c) => c.question) : r.suggestions;
    // a chart: the picture first, then its text alternative and sources as the message
    if (r.image) await ctx.replyWithPhoto(new InputFile(Buffer.from(r.image.png), 'chart.png'), { caption: r.body.split('\n')[0]!.slice(0, 1000) }).catch((e) => log(`sendPhoto: ${describe(e)}`));
    await send(ctx, answerBlocks(r, echo ? question : undefined), questionKeyboard(buttons));
  }

  bot.command('start', async (ctx) => {
    await send(ctx, greeting(knowledge, ctx.chat.type !== 'private', ctx.me.username), examples());
  });

  bot.command('help', async (ctx) => {
    const text = await safely(ctx, 'helpText', () => engine.helpText(knowledge));
    if (text !== undefined) await send(ctx, [{ text }], examples());
  });

  bot.command('reports', async (ctx) => {
    const text = await safely(ctx, 'reportsText', () => engine.reportsText(knowledge));
    if (text !== undefined) await send(ctx, [{ text }]);
  });

  bot.command('check', async (ctx) => {
    const text = await safely(ctx, 'checkText', () => engine.checkText(knowledge));
    if (text !== undefined) await send(ctx, [{ text }]);
  });

  bot.command('new', async (ctx) => {
    const result = await safely(ctx, 'answer', () => chats.turn(ctx.session.conversation, '新对话'));
    if (!result) return;
    ctx.session.conversation = result.state;
    await send(ctx, [{ text: result.turn.rendered.text }], examples());
  });

  bot.command('source', async (ctx) => {
    const state = ctx.session.conversation;
    const last = state && Date.now() - state.updated <= IDLE_MS ? state.previous : undefined;
    if (!last) await send(ctx, [{ text: '这里还没有回答过问题。先问一个问题，再发送 /source 查看出处。' }]);
    else await send(ctx, citationBlocks(last.question, last.reply));
  });

  bot.on('callback_query:data', async (ctx) => {
    const msg = ctx.callbackQuery.message;
    const keyboard = msg && 'reply_markup' in msg ? msg.reply_markup : undefined;
    const question = decodeQuestion(ctx.callbackQuery.data, keyboard);
    // Answer the query first so the button stops spinning; a too-old query is not worth failing over.
    await ctx.answerCallbackQuery(question ? undefined : { text: EXPIRED }).catch((e) => log(`answerCallbackQuery: ${describe(e)}`));
    if (question && ctx.chat) await respond(ctx, question, true);
  });

  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery().catch(() => undefined));

  bot.on('message:text', async (ctx) => {
    const text = ctx.msg.text;
    if (text.startsWith('/')) {
      // In a group, a bare unknown command is probably meant for another bot.
      const explicit = /^\/\w+@/.test(text);
      if (ctx.chat.type === 'private' || explicit) await send(ctx, [{ text: '我不认识这个命令。发送 /help 查看可以怎么问。' }]);
      return;
    }
    const question = stripMention(text, ctx.me.username).trim();
    if (!question) {
      await send(ctx, [{ text: `请在 @${ctx.me.username} 后面写上你的问题，或发送 /help。` }], examples());
      return;
    }
    await respond(ctx, question, false);
  });

  bot.on([...NON_TEXT], (ctx) => send(ctx, [{ text: TEXT_ONLY }]));

  bot.catch((err) => {
    const e = err.error as { error_code?: number } | undefined;
    const where = `update ${err.ctx.update.update_id}`;
    if (e && e.error_code === 403) log(`${where}: cannot write to chat ${err.ctx.chat?.id ?? '?'} (blocked or removed); skipped`);
    else log(`${where} failed: ${describe(err.error)}`);
  });

  return bot;
}

/** One conversation per private chat, and per member in a group. */
export function conversationKey(ctx: Context): string {
  const chat = ctx.chat!;
  return chat.type === 'private' ? `telegram:${chat.id}` : `telegram:${chat.id}:${ctx.from?.id ?? 0}`;
}

/** In a group: is this message a command, a mention of the bot, or a reply to it? */
function addressedToBot(ctx: Context): boolean {
  const msg = ctx.message;
  if (!msg) return false;
  const me = ctx.me;
  if (msg.reply_to_message?.from?.id === me.id) return true;
  const text = msg.text ?? msg.caption ?? '';
  const entities = msg.entities ?? msg.caption_entities ?? [];
  const name = `@${me.username}`.toLowerCase();
  for (const e of entities) {
    const part = text.slice(e.offset, e.offset + e.length).toLowerCase();
    if (e.type === 'bot_command' && e.offset === 0) {
      const at = part.indexOf('@');
      if (at < 0 || part.slice(at) === name) return true;
    }
    if (e.type === 'mention' && part === name) return true;
    if (e.type === 'text_mention' && e.user?.id === me.id) return true;
  }
  return false;
}

function stripMention(text: string, username: string): string {
  return text.replace(new RegExp(`@${username}\\b`, 'gi'), ' ').replace(/\s+/g, ' ');
}

/** What the bot knows: the agencies and years of its reports. */
function greeting(knowledge: Knowledge, group: boolean, username: string): Block[] {
  const years = new Map<string, Set<number>>();
  for (const r of knowledge.catalog?.keys.slice(0, 2000) ?? knowledge.reports ?? []) {
    const set = years.get(r.agency) ?? new Set<number>();
    set.add(r.year);
    years.set(r.agency, set);
  }
  const agencies = [...years.entries()].map(([agency, ys]) => `${agency}（${[...ys].sort().join('、')}年）`);
  const shown = agencies.slice(0, 8);
  const blocks: Block[] = [{ text: '你好！我回答关于《政府信息公开工作年度报告》的问题：数字、清单和原文，每个回答都注明出处。' }];
  if (shown.length === 0) blocks.push({ text: '目前还没有收录报告。' });
  else {
    const count = reportCount(knowledge);
    const all = knowledge.catalog?.byAgency.size ?? agencies.length;
    blocks.push({ text: `我读过 ${count} 份报告，来自：`, tag: 'b' });
    blocks.push({ text: shown.join('\n') + (all > shown.length ? `\n等 ${all} 个机关` : ''), sep: '\n' });
  }
  blocks.push({ text: group ? `在群里请 @${username} 提问，或回复我的消息。` : '直接发送你的问题，或点下面的示例：' });
  return blocks;
}

/** The client shape @grammyjs/ratelimiter's Redis store calls (incr, then pexpire on 1), over a shared counter. */
function sharedCounter(count: (key: string, n: number, ttlMs: number) => Promise<number>, windowMs: number) {
  return {
    incr: (key: string) => count(key, 1, windowMs),
    pexpire: async () => 1,
  };
}
