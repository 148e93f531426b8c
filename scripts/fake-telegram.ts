// A fake Telegram Bot API server for trying the bot locally, without Telegram.
//
//   npx tsx scripts/fake-telegram.ts            # prints the env to start the bot with
//   TELEGRAM_BOT_TOKEN=… TELEGRAM_API_ROOT=http://127.0.0.1:8081 npm start
//
// Then type questions here (each line is a message from user 42 in a private chat), or script it:
//   curl -s --data '天津市工信局2020年收到多少政府信息公开申请?' http://127.0.0.1:8081/_fake/say
//   curl -s 'http://127.0.0.1:8081/_fake/sent?chat=42'
import { createInterface } from 'node:readline';
import { FakeBotApi, parseTelegramHtml } from '../test/helpers/fake-bot-api.js';

const port = Number(process.env.FAKE_TELEGRAM_PORT ?? 8081);
const fake = await FakeBotApi.start({ port });
const me = { id: 42, is_bot: false, first_name: 'User' };
const chat = { id: 42, type: 'private' as const, first_name: 'User' };

console.log(`fake Bot API on ${fake.apiRoot}; start the bot with:`);
console.log(`  TELEGRAM_BOT_TOKEN=${fake.token} TELEGRAM_API_ROOT=${fake.apiRoot} npm start`);
console.log('type a question and press Enter (Ctrl-D to quit)');

fake.onCall((call) => {
  if (call.error) {
    console.log(`✗ ${call.method}: ${call.error} ${call.description ?? ''}`);
    return;
  }
  if (call.method === 'sendMessage' || call.method === 'editMessageText') {
    const parsed = call.params.parse_mode === 'HTML' ? parseTelegramHtml(call.params.text) : { text: call.params.text };
    const text = 'text' in parsed ? parsed.text : call.params.text;
    console.log(`\n[bot → ${call.params.chat_id}]\n${text}`);
    for (const row of call.params.reply_markup?.inline_keyboard ?? []) for (const b of row) console.log(`  [${b.text}] (${b.callback_data})`);
  } else if (call.method !== 'getUpdates') {
    console.log(`· ${call.method}`);
  }
});

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const text = line.trim();
  if (text) fake.say(chat, me, text);
});
rl.on('close', () => {
  if (process.stdin.isTTY) void fake.close().then(() => process.exit(0));
});
process.on('SIGINT', () => void fake.close().then(() => process.exit(0)));
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
