// What the 公众号 and 企业微信 callbacks share once a message is verified and decrypted: which
// messages get an answer, the 5-second rule (answer passively when the answer is ready in time,
// otherwise reply at once and send it through the platform's message API), deduplication of
// WeChat's retries by MsgId (kept in a StateStore, so it holds across a restart), and splitting
// under the platform's 2048-byte text limit. The answer itself is the core's chat.ask.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exampleQuestions, helpText, reportsText } from '../../src/answer/index.js';
import type { Chat } from '../../src/conversation/chat.js';
import type { StateStore } from '../../src/conversation/store.js';
import { formatAnswer, NON_TEXT_REPLY, splitMessage } from '../wechat/format.js';

/** An incoming message, whichever platform it came from. */
export interface Incoming {
  /** the sender: an OpenID (公众号) or a UserID (企业微信) */
  from: string;
  msgType: string;
  content?: string;
  msgId?: string;
  event?: string;
  createTime?: string;
  /** the text of a voice message, when the platform's recognition is on */
  recognition?: string;
}

/** WeChat's limit on a text message (passive reply, 客服消息, WeCom message/send) is 2048 bytes. */
export const TEXT_LIMIT_BYTES = 2000;

/** How long an answer may take before the callback replies at once and sends the answer later (WeChat waits 5 s). */
export const DEFAULT_DEADLINE_MS = 4000;

export type Send = (to: string, text: string) => Promise<void>;

export interface Log {
  (line: string): void;
}

/** What happened to a message (for logs and tests). */
export type Outcome = 'passive' | 'async' | 'duplicate' | 'ignored' | 'undeliverable' | 'error';

export interface CoreOptions {
  chat: Chat;
  /** e.g. 'mp:' or 'wecom:': the conversation is prefix + sender */
  prefix: string;
  /** MsgIds answered; survives a restart when it is a FileStore */
  seen: StateStore<number>;
  /** several instances: true when this instance is the first to take the message (shared by every instance) */
  claim?: (key: string) => Promise<boolean>;
  /** the platform's message API, when its secret is configured */
  send?: Send;
  deadlineMs?: number;
  log?: Log;
  now?: () => number;
  onOutcome?: (key: string, outcome: Outcome) => void;
}

const HELP = new Set(['帮助', 'help', '幫助', '使用帮助', '怎么用', '?', '？']);
const REPORTS = new Set(['报告', '报告列表', '報告', 'reports']);

function keyword(q: string): string {
  return q.normalize('NFKC').trim().replace(/^[/／]/, '').replace(/[?？!！。.\s]+$/, '').toLowerCase();
}

/** The welcome sent on subscribe: what the bot does and a few questions to try. */
export function welcomeText(chat: Chat): string {
  const ex = exampleQuestions(chat.knowledge).slice(0, 3);
  return ['欢迎关注！我能回答政府信息公开工作年度报告里的问题，给出准确的数字和出处。', '可以这样问：', ...ex.map((e) => `· ${e}`), '发送“帮助”查看用法，发送“报告”查看知识库中的报告。'].join('\n');
}

/** Splits a reply into messages of at most `maxBytes` UTF-8 bytes, at sentence ends where possible. */
export function splitBytes(text: string, maxBytes = TEXT_LIMIT_BYTES): string[] {
  const out: string[] = [];
  const pending = splitMessage(text, Math.max(1, Math.floor(maxBytes / 3)));
  while (pending.length) {
    const p = pending.shift()!;
    if (Buffer.byteLength(p, 'utf8') <= maxBytes) out.push(p);
    else pending.unshift(...splitMessage(p, Math.max(1, Math.floor(Array.from(p).length / 2))));
  }
  return out;
}

/** The reply text for a message, or null when it needs none (unsubscribe, menu clicks, other events). */
export async function replyText(m: Incoming, chat: Chat, conversation: string): Promise<string | null> {
  const type = m.msgType.toLowerCase();
  if (type === 'event') {
    const ev = (m.event ?? '').toLowerCase();
    return ev === 'subscribe' ? welcomeText(chat) : null;
  }
  let q: string | undefined;
  if (type === 'text') q = m.content ?? '';
  else if (type === 'voice' && m.recognition?.trim()) q = m.recognition;
  if (q === undefined) return NON_TEXT_REPLY;
  const k = keyword(q);
  if (!k || HELP.has(k)) return helpText(chat.knowledge);
  if (REPORTS.has(k)) return reportsText(chat.knowledge);
  return formatAnswer((await chat.ask(conversation, q.trim().slice(0, 500))).rendered);
}

/** What the 公众号 and WeCom callbacks are given (one shape for both). */
export interface CallbackOptions {
  chat: Chat;
  seen: StateStore<number>;
  /** several instances: see CoreOptions.claim */
  claim?: (key: string) => Promise<boolean>;
  deadlineMs?: number;
  /** how old a POST's timestamp may be (replays); default 300 s */
  maxAgeSec?: number;
  log?: Log;
  now?: () => number;
  onOutcome?: (key: string, outcome: Outcome) => void;
}

/** Whether a POST's timestamp is not a number of seconds within maxAgeSec of now (a replay, or a wrong clock). */
export function staleTimestamp(timestamp: string, nowMs: number, maxAgeSec: number): boolean {
  return !/^\d+$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > maxAgeSec;
}

/** A mounted callback: handles its path's requests. */
export interface Callback {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  core: Core;
}

export interface Core {
  /** The passive reply for a message (one piece of text), or null: reply 'success' (nothing, or sent through the API). */
  handle(m: Incoming): Promise<string | null>;
  /** Resolves when every answer sent later has been sent (tests, shutdown). */
  idle(): Promise<void>;
}

export function createCore(o: CoreOptions): Core {
  const deadline = o.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const log = o.log ?? (() => {});
  const now = o.now ?? Date.now;
  const inFlight = new Set<string>();
  const later = new Set<Promise<void>>();

  async function markSeen(key: string): Promise<void> {
    try {
      await o.seen.write(key, now());
    } catch (e) {
      log(`could not record message ${key}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async function sendAll(to: string, pieces: string[]): Promise<boolean> {
    if (!o.send) return false;
    for (const p of pieces) await o.send(to, p);
    return true;
  }

  return {
    async handle(m) {
      const key = m.msgId || `${m.from}:${m.createTime ?? ''}:${m.msgType}:${m.event ?? ''}`;
      const seen = await Promise.resolve(o.seen.read(key)).catch(() => undefined);
      // a retry, here or (with a shared state) at another instance: answered once
      if (inFlight.has(key) || seen !== undefined || (o.claim && !(await o.claim(key).catch(() => true)))) {
        o.onOutcome?.(key, 'duplicate');
        return null;
      }
      inFlight.add(key);
      const started = now();
      const work = replyText(m, o.chat, `${o.prefix}${m.from}`).then((t) => (t === null ? null : splitBytes(t)));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), deadline)));
      let first: string[] | null | 'late';
      try {
        first = await Promise.race([work, late]);
      } catch (e) {
        clearTimeout(timer);
        inFlight.delete(key);
        log(`answering failed: ${e instanceof Error ? e.message : String(e)}`);
        o.onOutcome?.(key, 'error');
        return '抱歉，这个问题暂时没能处理，请稍后再试。';
      }
      clearTimeout(timer);
      if (first !== 'late' && now() - started > deadline) first = 'late'; // ready, but past the deadline (a long synchronous answer)
      if (first === null) {
        await markSeen(key);
        inFlight.delete(key);
        o.onOutcome?.(key, 'ignored');
        return null;
      }
      if (first !== 'late' && (first.length === 1 || !o.send)) {
        await markSeen(key);
        inFlight.delete(key);
        if (first.length > 1) log(`reply of ${first.length} messages without a message API: only the first is sent`);
        o.onOutcome?.(key, 'passive');
        return first[0] ?? null;
      }
      // Too slow, or more than one message: reply now, send through the API afterwards.
      const ready = first;
      const p = (async () => {
        try {
          const pieces = ready === 'late' ? await work : ready;
          if (!pieces) {
            o.onOutcome?.(key, 'ignored');
            return;
          }
          const sent = await sendAll(m.from, pieces);
          if (!sent) log(`an answer took longer than ${deadline} ms and no message API is configured (secret): it was not delivered`);
          o.onOutcome?.(key, sent ? 'async' : 'undeliverable');
        } catch (e) {
          log(`sending a late answer failed: ${e instanceof Error ? e.message : String(e)}`);
          o.onOutcome?.(key, 'error');
        } finally {
          await markSeen(key);
          inFlight.delete(key);
        }
      })();
      later.add(p);
      void p.finally(() => later.delete(p));
      return null;
    },
    async idle() {
      while (later.size) await Promise.allSettled([...later]);
    },
  };
}
