// Robustness (issue 17): invisible and combining characters inside a name do not break matching, and
// commands are case-insensitive. The real answer() on the bundled knowledge.
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { startConsole } from '../bots/console/console.js';
import { replyFor } from '../bots/wechat/bot.js';
import { say as answer } from './helpers/say.js';
import { createChat } from '../src/conversation/chat.js';
import { ingestFile } from '../src/ingest/index.js';
import { knowledgeOf, type Knowledge } from '../src/knowledge.js';
import { labelKey, normalizeText } from '../src/text.js';
import { startTelegram } from '../bots/telegram/start.js';
import { FakeBotApi, parseTelegramHtml, tempStateFile } from './helpers/fake-bot-api.js';

const Q = '天津市工信局2020年收到多少政府信息公开申请?';
// bidi isolates and overrides, combining acute, variation selector, replacement character, zero-width
// space and joiner, soft hyphen, BOM, word joiner
const INVISIBLE = ['\u2066', '\u2067', '\u2068', '\u2069', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u0301', '\ufe0f', '\ufffd', '\u200b', '\u200d', '\u00ad', '\ufeff', '\u2060'];

let knowledge: Knowledge;
let clean: string;
beforeAll(async () => {
  knowledge = knowledgeOf([await ingestFile('knowledge/tianjin-gxj-2020.txt')]);
  clean = answer(Q, { knowledge }).text;
  expect(clean).toContain('23件');
});

describe('invisible and combining characters', () => {
  it('are removed by normalisation', () => {
    for (const c of INVISIBLE) expect(normalizeText(`工${c}信局`), JSON.stringify(c)).toBe('工信局');
    expect(labelKey('天津市工\u2068信局')).toBe(labelKey('天津市工信局'));
    // composed where they compose, so accented letters stay letters
    expect(normalizeText('Cafe\u0301')).toBe('Café');
  });

  it('inside the agency name ("天津市工\\u2068信局") the question is answered as without them', () => {
    for (const c of INVISIBLE) expect(answer(`天津市工${c}信局2020年收到多少政府信息公开申请?`, { knowledge }).text, JSON.stringify(c)).toBe(clean);
  });

  it('anywhere in the question, any number of them, the answer is the same', () => {
    const inserts = fc.array(fc.tuple(fc.nat(Q.length), fc.constantFrom(...INVISIBLE)), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(inserts, (ins) => {
        let q = Q;
        for (const [at, c] of [...ins].sort((a, b) => b[0] - a[0])) q = q.slice(0, at) + c + q.slice(at);
        expect(answer(q, { knowledge }).text).toBe(clean);
      }),
      { numRuns: 200 },
    );
  });
});

describe('commands are case-insensitive', () => {
  it('console: /REPORTS, /Help and /QUIT', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (c) => (out += String(c)));
    const done = startConsole(knowledge, { input, output });
    for (const l of ['/REPORTS', '/Help', '/QUIT', '不会被回答']) input.write(l + '\n');
    input.end();
    await done;
    expect(out).toContain('天津市工业和信息化局 2020年');
    expect(out).toContain('例如');
    expect(out).not.toContain('不会被回答');
    expect(out).toContain('再见');
  });

  it('Telegram: /REPORTS, /Help and /REPORTS@Bot in a group', async () => {
    const fake = await FakeBotApi.start();
    const bot = await startTelegram(knowledge, { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_STATE_FILE: tempStateFile() }, { log: () => undefined });
    try {
      const u = { id: 81_000, is_bot: false, first_name: 'Caps' };
      const text = (m: { text: string }) => {
        const p = parseTelegramHtml(m.text);
        return 'text' in p ? p.text : m.text;
      };
      fake.say({ id: u.id, type: 'private' }, u, '/REPORTS');
      fake.say({ id: u.id, type: 'private' }, u, '/Help');
      const group = { id: -1_000_000_081_000, type: 'supergroup' as const, title: 'g' };
      fake.say(group, u, `/REPORTS@${fake.me.username!.toUpperCase()}`);
      const [reports, help] = await fake.waitForSent(u.id, 2);
      expect(text(reports!)).toContain('天津市工业和信息化局');
      expect(text(help!)).not.toContain('不认识这个命令');
      const [inGroup] = await fake.waitForSent(group.id, 1);
      expect(text(inGroup!)).toContain('天津市工业和信息化局');
    } finally {
      await bot.stop();
      await fake.close();
    }
  });

  it('WeChat: /REPORTS and HELP', async () => {
    const chat = createChat({ knowledge });
    expect(await replyFor('/REPORTS', chat, 'wechat:a')).toContain('天津市工业和信息化局');
    expect(await replyFor('HELP', chat, 'wechat:a')).toBe(await replyFor('帮助', chat, 'wechat:a'));
  });
});
