// npm start: opens the knowledge (KNOWLEDGE_DIR or the bundled knowledge/), then starts every chat
// platform that is configured — Telegram when TELEGRAM_BOT_TOKEN is set, WeChat when WECHATY_PUPPET
// is set, both in one process when both are — the web server when WEB_PORT (or a 公众号/WeCom
// token) is set, and the console chat when none is.
import { join } from 'node:path';
import { dataDir, openKnowledge } from '../src/knowledge.js';
import { createChat, IDLE_MS, type ConversationState } from '../src/conversation/chat.js';
import { followStore } from '../src/store/follow.js';
import { openSharedState } from '../src/store/sessions.js';
import type { Session } from './telegram/bot.js';
import { FileStore } from '../src/conversation/store.js';

const log = (line: string) => console.error(line);

async function main(): Promise<void> {
  const knowledge = await openKnowledge({ log });
  for (const p of knowledge.problems ?? []) log(`${p.duplicateOf ? '未采用' : '未能读取'} ${p.file}：${p.reason}`);
  const env = process.env;
  const stops: (() => Promise<void>)[] = [];
  // one conversation store for every channel (keys are per channel: telegram:…, wechat:…, web:…):
  // shared by every instance in Redis or PostgreSQL when REDIS_URL / DATABASE_URL is set (docs/deploy.md),
  // else in a file, so that a restart keeps conversations (30 idle minutes, see README)
  const data = dataDir(env);
  // every call to it timed out quickly; while it is out of reach, this instance's memory stands in (src/store/circuit.ts)
  const shared = env.REDIS_URL?.trim() || env.DATABASE_URL?.trim() ? await openSharedState(env, { log }).catch((e) => (log(`共享状态不可用（${e instanceof Error ? e.message : String(e)}），对话改存本机文件。`), null)) : null;
  const ttlMs = IDLE_MS;
  const conversations = shared ? shared.storage<ConversationState>('conversation', { ttlMs }) : new FileStore<ConversationState>(join(data, 'conversations.json'), 2000);
  const sessions = shared ? shared.storage<Session>('telegram-session', { ttlMs }) : new FileStore<Session>(join(data, 'telegram-sessions.json'), 2000);
  const chat = createChat({ knowledge, store: conversations });
  // several instances on one shared state: an update or a message delivered to two is answered by the first to take it
  const DAY = 24 * 60 * 60 * 1000;
  const claim = shared ? (key: string) => shared.seenOnce(`taken:${key}`, DAY) : undefined;

  if (env.TELEGRAM_BOT_TOKEN?.trim()) {
    const { startTelegram } = await import('./telegram/start.js');
    try {
      const tg = await startTelegram(knowledge, env, { chat, sessions, claim: claim && ((id) => claim(`telegram:${id}`)), rateLimitCount: shared ? (key, n, ttlMs) => shared.count(key, n, ttlMs) : undefined });
      stops.push(() => tg.stop());
      log(`Telegram 机器人已启动（${tg.mode === 'webhook' ? `webhook，端口 ${tg.port}` : '长轮询'}）。`);
    } catch (e) {
      log(`Telegram 机器人未能启动：${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (env.WECHATY_PUPPET?.trim()) {
    const { startWechat } = await import('./wechat/start.js');
    const wx = await startWechat(knowledge, env, { chat });
    stops.push(() => wx.stop());
  }
  if (env.WEB_PORT?.trim() || env.WECHAT_MP_TOKEN?.trim() || env.WECOM_TOKEN?.trim()) {
    // the web page and API, and the 公众号 / 企业微信 callbacks when configured (docs/web.md)
    const { startWeb } = await import('./web/server.js');
    try {
      const web = await startWeb(knowledge, env, { chat, claim, count: shared ? (key, n, ttlMs) => shared.count(key, n, ttlMs) : undefined });
      stops.push(() => web.stop());
      log(`网页与接口已启动：${web.url}/（${web.channels.join('、')}）`);
    } catch (e) {
      log(`网页服务未能启动：${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (!stops.length) {
    if (env.TELEGRAM_BOT_TOKEN?.trim() || env.WEB_PORT?.trim()) process.exit(1); // configured but failed: say so, do not fall back silently
    const { startConsole } = await import('./console/console.js');
    await startConsole(knowledge, { store: new FileStore<ConversationState>(join(data, 'console.json'), 10) });
    await shared?.close();
    return;
  }
  // reports ingested or uploaded elsewhere (another instance, `npm run ingest`) are seen within seconds
  const following = knowledge.store ? followStore(knowledge, { log }) : undefined;
  const shutdown = async () => {
    following?.stop();
    await Promise.allSettled(stops.map((s) => s()));
    await shared?.close().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

process.on('unhandledRejection', (e) => log(`未处理的错误：${e instanceof Error ? e.message : String(e)}`));
main().catch((e) => {
  log(`启动失败：${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
