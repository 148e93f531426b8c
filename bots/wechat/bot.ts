// The WeChat message handlers: which messages get an answer, and how it is sent.
// Thin on purpose: the answering is the core's conversation module (src/conversation); this file
// only decides whether to answer, strips @mentions, formats and splits. A conversation is kept per
// contact, and per member in a room (wechat4u gives contacts new ids at each login, so a
// conversation lasts one login at most).
import { types } from 'wechaty';
import type { Contact, Message, Room, Wechaty } from 'wechaty';

import { helpText, reportsText } from '../../src/answer/index.js';
import { createChat, type Chat } from '../../src/conversation/chat.js';
import type { Knowledge } from '../../src/knowledge.js';
import { formatAnswer, NON_TEXT_REPLY, splitMessage, WECHAT_MESSAGE_LIMIT } from './format.js';

export interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export const consoleLogger: Logger = {
  info: (...a) => console.log('[wechat]', ...a),
  warn: (...a) => console.warn('[wechat]', ...a),
  error: (...a) => console.error('[wechat]', ...a),
};

export interface WechatBotOptions {
  /** messages sent before this are ignored (default: when the handlers are attached) */
  startedAt?: Date;
  /** longest message sent, in characters (default WECHAT_MESSAGE_LIMIT) */
  limit?: number;
  log?: Logger;
  /** called once each message has been handled, with what was done (for tests and debugging) */
  onHandled?: (messageId: string, outcome: Outcome) => void;
  /** the conversations (default: one in memory over the knowledge) */
  chat?: Chat;
  /** messages answered per person: at most `limit` per `timeFrameMs` (default 6 per 10 s, as on Telegram) */
  rateLimit?: { limit: number; timeFrameMs: number };
}

/** What the handler did with a message. */
export type Outcome =
  | 'answered'
  | 'self'
  | 'duplicate'
  | 'old'
  | 'official-or-system'
  | 'non-text-reply'
  | 'ignored-type'
  | 'not-mentioned'
  | 'rate-limited'
  | 'error';

/** Message types answered with NON_TEXT_REPLY in private chats. */
const NON_TEXT = new Set<types.Message>([
  types.Message.Image,
  types.Message.Audio,
  types.Message.Video,
  types.Message.Attachment,
  types.Message.Url,
  types.Message.MiniProgram,
  types.Message.Emoticon,
]);

/** WeChat's own system accounts (web-protocol user names); never answered. */
const SYSTEM_ACCOUNTS = new Set(['weixin', 'newsapp', 'fmessage', 'floatbottle', 'medianote', 'qqmail', 'qmessage', 'tmessage', 'qqsync', 'brandsessionholder', 'notification_messages']);

/**
 * wechat4u gives message times in whole seconds, so a message sent just after the
 * start can carry a time up to a second before it: allow this much.
 */
const CLOCK_SLACK_MS = 2000;

/** A repeated puppet error is logged at most once in this long. */
const ERROR_REPEAT_MS = 30_000;

/** Remembered message ids (not contact ids), to answer a re-delivered message once. */
const SEEN_LIMIT = 500;

/** Said once when a person goes over the rate limit; further messages in the window get no reply. */
export const TOO_FAST = '您发得有点快，请稍等片刻再提问。';

/**
 * Messages per person in a fixed window (as @grammyjs/ratelimiter does for Telegram): the message
 * that goes over the limit gets TOO_FAST once, the rest of the window none, so that a flood from one
 * member does not make the bot's account send a flood. Keyed by contact id, which is stable within a
 * login; bounded.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { start: number; n: number }>();
  constructor(
    private readonly limit: number,
    private readonly timeFrameMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** 'ok' to answer, 'notify' for the first message over the limit, 'drop' after it. */
  hit(key: string): 'ok' | 'notify' | 'drop' {
    const now = this.now();
    let h = this.hits.get(key);
    if (!h || now - h.start >= this.timeFrameMs) {
      if (this.hits.size >= 10_000) for (const [k, v] of this.hits) if (now - v.start >= this.timeFrameMs) this.hits.delete(k);
      h = { start: now, n: 0 };
      this.hits.set(key, h);
    }
    h.n++;
    return h.n <= this.limit ? 'ok' : h.n === this.limit + 1 ? 'notify' : 'drop';
  }
}

const HELP = new Set(['帮助', 'help', '幫助', '使用帮助', '怎么用']);
const REPORTS = new Set(['报告', 'reports', 'report', '報告', '报告列表']);

function keyword(q: string): string {
  return q
    .normalize('NFKC')
    .trim()
    .replace(/^[/／]/, '')
    .replace(/[?？!！。.\s]+$/, '')
    .toLowerCase();
}

/** The reply to a question (already stripped of @mentions) in a conversation, as one plain-text string. */
export async function replyFor(question: string, chat: Chat, conversation: string): Promise<string> {
  const q = question.trim();
  const k = keyword(q);
  if (!q || HELP.has(k)) return helpText(chat.knowledge);
  if (REPORTS.has(k)) return reportsText(chat.knowledge);
  return formatAnswer((await chat.ask(conversation, q)).rendered);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when the text starts with '@' (or '＠') followed by one of the names. */
export function startsWithMention(text: string, names: string[]): boolean {
  const t = text.trimStart();
  if (!/^[@＠]/.test(t)) return false;
  return names.some((n) => n && t.slice(1).startsWith(n));
}

/**
 * The question without @mentions: removes '@name' for the bot's names anywhere
 * (WeChat puts the mention first, but users may put it last), and any other
 * '@someone' followed by WeChat's mention separator U+2005.
 */
export function stripMentions(text: string, names: string[]): string {
  let t = text;
  for (const n of names.filter(Boolean).sort((a, b) => b.length - a.length)) {
    t = t.replace(new RegExp(`[@＠]${escapeRegExp(n)}(?=[\\u2005\\s]|$)[\\u2005\\s]*`, 'g'), ' ');
  }
  t = t.replace(/[@＠][^\s\u2005@＠]{1,40}\u2005/g, ' ');
  return t.replace(/\s+/g, ' ').trim();
}

async function selfNames(wechaty: Wechaty, room: Room): Promise<string[]> {
  const names: string[] = [];
  try {
    const me = wechaty.currentUser;
    names.push(me.name());
    const alias = await room.alias(me).catch(() => undefined);
    if (alias) names.push(alias);
  } catch {
    // not logged in: no names
  }
  return names.filter((n) => n && n.trim());
}

function isOfficialOrSystem(talker: Contact): boolean {
  if (SYSTEM_ACCOUNTS.has(talker.id)) return true;
  try {
    return talker.type() === types.Contact.Official;
  } catch {
    return false; // payload not loaded: treat as a person
  }
}

function isOld(msg: Message, startedAt: Date): boolean {
  try {
    return msg.date().getTime() < startedAt.getTime() - CLOCK_SLACK_MS;
  } catch {
    return false;
  }
}

/**
 * Attaches the message handler (and an 'error' listener, without which a puppet
 * error would throw) to a Wechaty. Returns a function that detaches them.
 * Errors in the handler are logged, never thrown.
 */
export function attachHandlers(wechaty: Wechaty, knowledge: Knowledge, opts: WechatBotOptions = {}): () => void {
  const startedAt = opts.startedAt ?? new Date();
  const limit = opts.limit ?? WECHAT_MESSAGE_LIMIT;
  const log = opts.log ?? consoleLogger;
  const chat = opts.chat ?? createChat({ knowledge });
  const seen = new Set<string>();
  const rate = opts.rateLimit ?? { limit: 6, timeFrameMs: 10_000 };
  const limiter = new RateLimiter(Math.max(1, rate.limit), Math.max(1, rate.timeFrameMs));

  /** Counts the message against its sender's limit; false when it must not be answered. */
  async function allowed(room: Room | undefined, talker: Contact): Promise<boolean> {
    const r = limiter.hit(talker.id);
    if (r === 'notify') await send(room, talker, TOO_FAST);
    return r === 'ok';
  }

  async function send(room: Room | undefined, talker: Contact, text: string): Promise<void> {
    if (room) {
      // The first piece mentions the asker ('@name ' is added by Wechaty): leave room for it.
      const prefix = Array.from(talker.name() || '').length + 2;
      const pieces = splitMessage(text, Math.max(100, limit - prefix));
      for (let i = 0; i < pieces.length; i++) {
        if (i === 0) await room.say(pieces[i]!, talker);
        else await room.say(pieces[i]!);
      }
    } else {
      for (const piece of splitMessage(text, limit)) await talker.say(piece);
    }
  }

  async function handle(msg: Message): Promise<Outcome> {
    if (msg.self()) return 'self';
    if (seen.has(msg.id)) return 'duplicate';
    seen.add(msg.id);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value!);
    if (isOld(msg, startedAt)) return 'old';

    const talker = msg.talker();
    if (isOfficialOrSystem(talker)) return 'official-or-system';
    const room = msg.room();
    const type = msg.type();

    if (type !== types.Message.Text) {
      // Groups: stay quiet (no one can @mention the bot with a picture).
      if (room || !NON_TEXT.has(type)) return 'ignored-type'; // system notices, red envelopes, recalls, …
      if (!(await allowed(undefined, talker))) return 'rate-limited';
      await talker.say(NON_TEXT_REPLY);
      return 'non-text-reply';
    }

    const text = msg.text() ?? '';
    let question = text;
    if (room) {
      const names = await selfNames(wechaty, room);
      let mentioned = false;
      try {
        mentioned = await msg.mentionSelf();
      } catch (e) {
        log.warn('mentionSelf() failed:', errorText(e));
      }
      if (!mentioned && !startsWithMention(text, names)) return 'not-mentioned';
      question = stripMentions(text, names);
    }

    if (!(await allowed(room, talker))) return 'rate-limited';
    const conversation = room ? `wechat:${room.id}:${talker.id}` : `wechat:${talker.id}`;
    await send(room, talker, await replyFor(question, chat, conversation));
    return 'answered';
  }

  const onMessage = (msg: Message): void => {
    handle(msg)
      .catch((e: unknown): Outcome => {
        log.error('failed to answer a message:', errorText(e));
        return 'error';
      })
      .then((outcome) => {
        try {
          opts.onHandled?.(msg.id, outcome);
        } catch (e) {
          log.warn('onHandled failed:', errorText(e));
        }
      });
  };
  // Puppets repeat the same error many times a second (wechat4u without network):
  // log a repeated error once per ERROR_REPEAT_MS, with the count.
  let lastError = '';
  let lastErrorAt = 0;
  let repeats = 0;
  const onError = (e: unknown): void => {
    const text = errorText(e);
    const now = Date.now();
    if (text === lastError && now - lastErrorAt < ERROR_REPEAT_MS) {
      repeats++;
      return;
    }
    if (text !== lastError && repeats > 0) log.error(`error: ${lastError} (${repeats} more times)`);
    log.error(`error: ${text}${text === lastError && repeats > 0 ? ` (${repeats} more times since last logged)` : ''}`);
    lastError = text;
    lastErrorAt = now;
    repeats = 0;
  };

  wechaty.on('message', onMessage);
  wechaty.on('error', onError);
  return () => {
    wechaty.off('message', onMessage);
    wechaty.off('error', onError);
  };
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  if (typeof e === 'string') return e;
  try {
    return JSON.stringify(e);
  } catch {
    return String(e);
  }
}
