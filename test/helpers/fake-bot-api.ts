// A fake Telegram Bot API server on 127.0.0.1 for tests and local end-to-end runs.
// It speaks the HTTP protocol grammY uses (POST /bot<token>/<method>, JSON), holds getUpdates
// as a long poll, validates what the bot sends the way Telegram does (HTML entities, 4096
// characters, 64-byte callback_data), records every call, and can fail a method on demand
// (429 with retry_after, 403, 500, or a lost response: the call is carried out and the connection
// dropped before the answer), or fail it until told otherwise (an outage).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export interface FakeUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
}

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  title?: string;
  first_name?: string;
}

export interface Call {
  method: string;
  params: Json;
  /** the error code when the fake answered with an error */
  error?: number;
  description?: string;
  /** carried out, but the answer was not sent (the connection was dropped) */
  lost?: boolean;
}

export interface Failure {
  error_code: number;
  description: string;
  retry_after?: number;
  /** carry the call out, then drop the connection without answering (error_code is not sent) */
  lose?: boolean;
  /** drop the connection without carrying the call out (a kept-alive connection closed as the request came) */
  drop?: boolean;
  /** carry the call out, begin the answer (status line, headers, part of the body), then drop the connection */
  cut?: boolean;
}

/** A lost response: the message is sent, the answer never arrives. */
export const LOST: Failure = { error_code: 0, description: 'response lost', lose: true };
/** A dropped connection: the call is not carried out. */
export const DROPPED: Failure = { error_code: 0, description: 'connection dropped', drop: true };
/** A response cut off midway: the message is sent, the answer begins and breaks off. */
export const CUT: Failure = { error_code: 0, description: 'response cut off', cut: true };

export interface FakeOptions {
  token?: string;
  username?: string;
  botId?: number;
  port?: number;
}

interface Waiter {
  offset: number;
  limit: number;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Parse Telegram HTML like the Bot API does: the visible text, or the error Telegram would give. */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  let text = '';
  const stack: string[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c === '<') {
      const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>/.exec(html.slice(i));
      if (!m) return { error: `Bad Request: can't parse entities: unexpected "<" at offset ${i}` };
      const [whole, closing, rawName] = m;
      const name = rawName.toLowerCase();
      if (!ALLOWED_TAGS.has(name)) return { error: `Bad Request: can't parse entities: unsupported start tag "${name}" at offset ${i}` };
      if (closing) {
        if (stack.pop() !== name) return { error: `Bad Request: can't parse entities: unmatched end tag "${name}" at offset ${i}` };
      } else stack.push(name);
      i += whole.length;
    } else if (c === '&') {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(html.slice(i));
      if (!m) return { error: `Bad Request: can't parse entities: unexpected "&" at offset ${i}` };
      const e = m[1];
      text += NAMED_ENTITIES[e] ?? String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      i += m[0].length;
    } else if (c === '>') {
      return { error: `Bad Request: can't parse entities: unexpected ">" at offset ${i}` };
    } else {
      text += c;
      i++;
    }
  }
  if (stack.length) return { error: `Bad Request: can't parse entities: can't find end tag corresponding to start tag "${stack.at(-1)}"` };
  return { text };
}

/** Entities Telegram would attach to a text a user sends: a leading bot command and @mentions. */
export function userEntities(text: string): Json[] {
  const entities: Json[] = [];
  const cmd = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?/.exec(text);
  if (cmd) entities.push({ type: 'bot_command', offset: 0, length: cmd[0].length });
  for (const m of text.matchAll(/@[A-Za-z0-9_]{5,32}/g)) {
    if (cmd && m.index! < cmd[0].length) continue;
    entities.push({ type: 'mention', offset: m.index!, length: m[0].length });
  }
  return entities;
}

/** A fresh path for a bot's state file (TELEGRAM_STATE_FILE), so runs never share update ids. */
export function tempStateFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'gongkai-tg-')), 'state.json');
}

export class FakeBotApi {
  readonly token: string;
  readonly me: FakeUser & { can_join_groups: boolean; can_read_all_group_messages: boolean; supports_inline_queries: boolean };
  /** every API call, in order */
  readonly calls: Call[] = [];
  /** messages the bot sent or edited, by chat and message id (as Telegram stores them) */
  readonly messages = new Map<string, Json>();
  webhook: { url: string; secret_token?: string } | null = null;
  commands: Json[] = [];

  private server!: Server;
  private port = 0;
  private updates: Json[] = [];
  private waiters: Waiter[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1000;
  private failures = new Map<string, Failure[]>();
  private outages = new Map<string, Failure>();
  private listeners = new Set<() => void>();

  private constructor(opts: FakeOptions) {
    this.token = opts.token ?? '123456789:AAFakeTokenForTestsOnly_abcdefghijklm';
    this.me = {
      id: opts.botId ?? Number(this.token.split(':')[0]),
      is_bot: true,
      first_name: 'Gongkai',
      username: opts.username ?? 'gongkai_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    };
  }

  static async start(opts: FakeOptions = {}): Promise<FakeBotApi> {
    const fake = new FakeBotApi(opts);
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(opts.port ?? 0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** the value for TELEGRAM_API_ROOT */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  // ---- driving the bot -------------------------------------------------------------------

  /** Queue an update for getUpdates; returns it with its update_id. */
  pushUpdate(update: Json): Json {
    const u = { update_id: this.nextUpdateId++, ...update };
    this.updates.push(u);
    this.flush();
    return u;
  }

  /** Build (without queueing) a text message from `from` in `chat`, with the entities Telegram would add. */
  textMessage(chat: FakeChat, from: FakeUser, text: string, extra: Json = {}): Json {
    const entities = userEntities(text);
    return {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      text,
      ...(entities.length ? { entities } : {}),
      ...extra,
    };
  }

  /** A user sends a text message; returns the message. */
  say(chat: FakeChat, from: FakeUser, text: string, extra: Json = {}): Json {
    const message = this.textMessage(chat, from, text, extra);
    this.pushUpdate({ message });
    return message;
  }

  /** A user sends any other message (sticker, photo …). */
  send(chat: FakeChat, from: FakeUser, content: Json): Json {
    const message = { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from, ...content };
    this.pushUpdate({ message });
    return message;
  }

  /** A user presses an inline button on a message the bot sent. */
  press(from: FakeUser, chatId: number, messageId: number, data: string): Json {
    const message = this.messages.get(`${chatId}:${messageId}`);
    if (!message) throw new Error(`no message ${messageId} in chat ${chatId}`);
    const callback_query = { id: `cq${this.nextUpdateId}`, from, message, chat_instance: `ci${chatId}`, data };
    this.pushUpdate({ callback_query });
    return callback_query;
  }

  /** Every call to `method` fails with this error until `recover(method)`. */
  outage(method: string, failure: Failure): void {
    this.outages.set(method, failure);
  }

  recover(method: string): void {
    this.outages.delete(method);
  }

  /** Queue an update again with its own update_id (Telegram re-delivering what was not confirmed). */
  redeliver(update: Json): void {
    this.updates.push(update);
    this.updates.sort((a, b) => a.update_id - b.update_id);
    this.flush();
  }

  /** The next calls to `method` fail with these errors, one each. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  // ---- inspecting ------------------------------------------------------------------------

  /** sendMessage calls that succeeded, optionally to one chat */
  sent(chatId?: number): Json[] {
    return this.calls.filter((c) => c.method === 'sendMessage' && !c.error && (chatId === undefined || c.params.chat_id === chatId)).map((c) => c.params);
  }

  /** Call `listener` after every recorded API call; returns a function that removes it. */
  onCall(listener: (call: Call) => void): () => void {
    const l = () => listener(this.calls[this.calls.length - 1]);
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Resolve when `check` returns a value other than undefined/false; re-checked after every API call. */
  waitFor<T>(check: () => T | undefined | false, what = 'condition', timeoutMs = 15_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const test = (): boolean => {
        const v = check();
        if (v === undefined || v === false) return false;
        this.listeners.delete(test);
        clearTimeout(timer);
        resolve(v);
        return true;
      };
      const timer = setTimeout(() => {
        this.listeners.delete(test);
        const recent = this.calls.slice(-8).map((c) => `${c.method}${c.error ? `(${c.error})` : ''} ${JSON.stringify(c.params).slice(0, 200)}`);
        reject(new Error(`fake Bot API: gave up waiting for ${what}; last calls:\n${recent.join('\n')}`));
      }, timeoutMs);
      this.listeners.add(test);
      test();
    });
  }

  /** Wait for the n-th successful sendMessage to a chat (1-based, counting all so far). */
  waitForSent(chatId: number, n: number): Promise<Json[]> {
    return this.waitFor(() => {
      const s = this.sent(chatId);
      return s.length >= n ? s : undefined;
    }, `${n} message(s) to chat ${chatId}`);
  }

  async close(): Promise<void> {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      if (!w.res.writableEnded) this.reply(w.res, 200, { ok: true, result: [] });
    }
    this.waiters = [];
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- the HTTP side ---------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname.startsWith('/_fake/')) return this.control(url, raw, res);
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = m;
    if (token !== this.token) return this.reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    let params: Json = {};
    try {
      params = raw ? JSON.parse(raw) : Object.fromEntries(url.searchParams);
    } catch {
      return this.reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
    }

    const failure = this.failures.get(method)?.shift() ?? this.outages.get(method);
    if (failure?.drop) {
      this.record({ method, params, error: -1, description: 'connection dropped', lost: true });
      req.socket.destroy();
      return;
    }
    if (failure?.cut) {
      const result = this.dispatch(method, params);
      this.record({ method, params, ...('error' in result ? { error: result.error, description: result.description } : {}), lost: true });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ok":true,"result":{');
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    if (failure?.lose) {
      const result = this.dispatch(method, params);
      this.record({ method, params, ...('error' in result ? { error: result.error, description: result.description } : {}), lost: true });
      req.socket.destroy();
      return;
    }
    if (failure) {
      this.record({ method, params, error: failure.error_code, description: failure.description });
      return this.reply(res, failure.error_code, {
        ok: false,
        error_code: failure.error_code,
        description: failure.description,
        ...(failure.retry_after !== undefined ? { parameters: { retry_after: failure.retry_after } } : {}),
      });
    }

    if (method === 'getUpdates') return this.getUpdates(params, res);
    const result = this.dispatch(method, params);
    if ('error' in result) {
      this.record({ method, params, error: result.error, description: result.description });
      return this.reply(res, result.error, { ok: false, error_code: result.error, description: result.description });
    }
    this.record({ method, params });
    this.reply(res, 200, { ok: true, result: result.ok });
  }

  /**
   * Control endpoints for manual and scripted runs (scripts/fake-telegram.ts):
   * POST /_fake/say?user=ID (body: the text) — a user writes to the bot in a private chat;
   * GET /_fake/sent?chat=ID — what the bot sent there, as the user sees it.
   */
  private control(url: URL, body: string, res: ServerResponse): void {
    const id = Number(url.searchParams.get('user') ?? url.searchParams.get('chat') ?? 42);
    const u: FakeUser = { id, is_bot: false, first_name: 'User' };
    if (url.pathname === '/_fake/say' && body.trim()) {
      const m = this.say({ id, type: 'private', first_name: u.first_name }, u, body.trim());
      return this.reply(res, 200, { ok: true, message_id: m.message_id });
    }
    if (url.pathname === '/_fake/sent') {
      const sent = this.sent(id).map((p) => {
        const parsed = p.parse_mode === 'HTML' ? parseTelegramHtml(p.text) : { text: p.text };
        return { text: 'text' in parsed ? parsed.text : p.text, buttons: (p.reply_markup?.inline_keyboard ?? []).flat().map((b: Json) => b.text) };
      });
      return this.reply(res, 200, { ok: true, sent });
    }
    this.reply(res, 404, { ok: false });
  }

  private dispatch(method: string, p: Json): { ok: Json } | { error: number; description: string } {
    switch (method) {
      case 'getMe':
        return { ok: this.me };
      case 'sendMessage': {
        const checked = this.checkText(p);
        if ('error' in checked) return checked;
        const message: Json = {
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: p.chat_id, type: p.chat_id < 0 ? 'supergroup' : 'private' },
          from: { id: this.me.id, is_bot: true, first_name: this.me.first_name, username: this.me.username },
          text: checked.text,
          ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
        };
        this.messages.set(`${p.chat_id}:${message.message_id}`, message);
        return { ok: message };
      }
      case 'editMessageText': {
        const key = `${p.chat_id}:${p.message_id}`;
        const old = this.messages.get(key);
        if (!old) return { error: 400, description: 'Bad Request: message to edit not found' };
        const checked = this.checkText(p);
        if ('error' in checked) return checked;
        const message = { ...old, text: checked.text, edit_date: Math.floor(Date.now() / 1000), reply_markup: p.reply_markup };
        this.messages.set(key, message);
        return { ok: message };
      }
      case 'answerCallbackQuery':
        if (!p.callback_query_id) return { error: 400, description: 'Bad Request: query is too old and response timeout expired or query ID is invalid' };
        return { ok: true };
      case 'setMyCommands': {
        for (const c of p.commands ?? []) {
          if (!/^[a-z0-9_]{1,32}$/.test(c.command) || !c.description || c.description.length > 256) {
            return { error: 400, description: 'Bad Request: BOT_COMMAND_INVALID' };
          }
        }
        this.commands = p.commands ?? [];
        return { ok: true };
      }
      case 'setWebhook':
        if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(p.secret_token)) {
          return { error: 400, description: 'Bad Request: secret token contains unallowed characters' };
        }
        this.webhook = p.url ? { url: p.url, secret_token: p.secret_token } : null;
        return { ok: true };
      case 'deleteWebhook':
        this.webhook = null;
        return { ok: true };
      case 'getWebhookInfo':
        return { ok: { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.updates.length } };
      case 'sendChatAction':
        return { ok: true };
      default:
        return { error: 404, description: 'Not Found: method not found' };
    }
  }

  private checkText(p: Json): { text: string } | { error: number; description: string } {
    if (p.chat_id === undefined) return { error: 400, description: 'Bad Request: chat_id is empty' };
    if (typeof p.text !== 'string' || p.text.length === 0) return { error: 400, description: 'Bad Request: message text is empty' };
    let text = p.text as string;
    if (p.parse_mode === 'HTML') {
      const parsed = parseTelegramHtml(text);
      if ('error' in parsed) return { error: 400, description: parsed.error };
      text = parsed.text;
    }
    if (text.trim().length === 0) return { error: 400, description: 'Bad Request: message text is empty' };
    if (text.length > 4096) return { error: 400, description: 'Bad Request: message is too long' };
    for (const row of p.reply_markup?.inline_keyboard ?? []) {
      for (const b of row) {
        if (!b.text) return { error: 400, description: 'Bad Request: text buttons are unallowed in the inline keyboard' };
        if (b.callback_data !== undefined) {
          const n = Buffer.byteLength(String(b.callback_data), 'utf8');
          if (n < 1 || n > 64) return { error: 400, description: 'Bad Request: BUTTON_DATA_INVALID' };
        }
      }
    }
    return { text };
  }

  private getUpdates(p: Json, res: ServerResponse): void {
    if (this.webhook) {
      this.record({ method: 'getUpdates', params: p, error: 409 });
      return this.reply(res, 409, { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
    }
    const offset = Number(p.offset ?? 0);
    // An offset confirms every update before it, as in Telegram.
    if (offset) this.updates = this.updates.filter((u) => u.update_id >= offset);
    this.record({ method: 'getUpdates', params: p });
    const waiter: Waiter = {
      offset,
      limit: Math.max(1, Math.min(100, Number(p.limit ?? 100))),
      res,
      timer: setTimeout(() => this.answerWaiter(waiter, true), Math.min(Number(p.timeout ?? 0), 30) * 1000),
    };
    res.on('close', () => {
      clearTimeout(waiter.timer);
      this.waiters = this.waiters.filter((w) => w !== waiter);
    });
    this.waiters.push(waiter);
    this.flush();
  }

  private flush(): void {
    for (const w of [...this.waiters]) this.answerWaiter(w, false);
  }

  private answerWaiter(w: Waiter, timedOut: boolean): void {
    const pending = this.updates.filter((u) => u.update_id >= w.offset).slice(0, w.limit);
    if (pending.length === 0 && !timedOut) return;
    clearTimeout(w.timer);
    this.waiters = this.waiters.filter((x) => x !== w);
    if (!w.res.writableEnded) this.reply(w.res, 200, { ok: true, result: pending });
  }

  private record(call: Call): void {
    this.calls.push(call);
    for (const l of [...this.listeners]) l();
  }

  private reply(res: ServerResponse, status: number, body: Json): void {
    if (res.writableEnded) return;
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }
}
