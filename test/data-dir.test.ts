// GONGKAI_DATA_DIR is the folder of every state file npm start keeps by default: the Telegram
// delivery state (a real grammY bot against the fake Bot API), the callbacks' MsgIds and
// conversations of the web server, the WeChat login; the variable of each file still puts it elsewhere.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelegram } from '../bots/telegram/start.js';
import { webConfigFromEnv } from '../bots/web/server.js';
import { wechatyOptionsFromEnv } from '../bots/wechat/start.js';
import { dataDir, openKnowledge, ROOT } from '../src/knowledge.js';
import { FakeBotApi } from './helpers/fake-bot-api.js';

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-data-dir-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('GONGKAI_DATA_DIR', () => {
  it('defaults to data/ of the repository', () => {
    expect(dataDir({})).toBe(join(ROOT, 'data'));
    expect(dataDir({ GONGKAI_DATA_DIR: tmp })).toBe(tmp);
  });

  it("holds Telegram's delivery state when TELEGRAM_STATE_FILE is not set", async () => {
    const dir = join(tmp, 'tg');
    const fake = await FakeBotApi.start();
    const bot = await startTelegram(await openKnowledge(), { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, GONGKAI_DATA_DIR: dir }, { log: () => {} });
    try {
      const u = { id: 7001, is_bot: false, first_name: 'Data' };
      fake.say({ id: u.id, type: 'private', first_name: u.first_name }, u, '天津市工信局2020年收到多少政府信息公开申请?');
      await fake.waitForSent(u.id, 1);
    } finally {
      await bot.stop();
      await fake.close();
    }
    expect(readdirSync(dir)).toEqual([`telegram-${fake.token.split(':')[0]}.json`]);
  });

  it("holds the web server's files unless WEB_DATA_DIR is set, and the WeChat login unless WECHATY_NAME is", () => {
    expect(webConfigFromEnv({ GONGKAI_DATA_DIR: tmp }).dataDir).toBe(tmp);
    expect(webConfigFromEnv({ GONGKAI_DATA_DIR: tmp, WEB_DATA_DIR: join(tmp, 'web') }).dataDir).toBe(join(tmp, 'web'));
    expect(wechatyOptionsFromEnv({ WECHATY_PUPPET: 'wechaty-puppet-mock', GONGKAI_DATA_DIR: tmp }).name).toBe(join(tmp, 'wechat'));
    expect(wechatyOptionsFromEnv({ WECHATY_PUPPET: 'wechaty-puppet-mock', GONGKAI_DATA_DIR: tmp, WECHATY_NAME: join(tmp, 'w') }).name).toBe(join(tmp, 'w'));
  });
});
