// The web API under load: `POST /api/ask` from many distinct conversations at once, on the real
// server (bots/web/server.ts, its default conversation file in a temporary data folder), as a
// public deployment meets it. Prints one JSON line: requests/s, p50/p99/max ms, errors, and the
// conversation file's size.
//   npx tsx bench/web-load.ts [--conversations 2000] [--connections 50] [--seconds 10] [--knowledge DIR]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { startWeb } from '../bots/web/server.js';
import { parseCli } from '../src/cli/args.js';
import { openKnowledge } from '../src/knowledge.js';

const { values } = parseCli('用法：npx tsx bench/web-load.ts [--conversations 2000] [--connections 50] [--seconds 10] [--knowledge DIR]', {
  conversations: { type: 'string' },
  connections: { type: 'string' },
  seconds: { type: 'string' },
  knowledge: { type: 'string' },
});
const conversations = Number(values.conversations ?? 2000);
const connections = Number(values.connections ?? 50);
const seconds = Number(values.seconds ?? 10);

const data = mkdtempSync(join(tmpdir(), 'gongkai-web-load-'));
const knowledge = await openKnowledge({ dir: values.knowledge, store: join(data, 'store.json') });
// no per-client limit: every request comes from 127.0.0.1
const web = await startWeb(knowledge, { WEB_PORT: '0', WEB_RATE_LIMIT: '0', GONGKAI_DATA_DIR: data }, { log: () => {} });
const agent = new Agent({ keepAlive: true, maxSockets: connections });
const QUESTIONS = ['天津市工信局2020年收到多少政府信息公开申请？', '那企业呢', '行政复议有多少件？', '自然人申请占比是多少?', '今天天气怎么样？'];

function ask(conversation: string, question: string): Promise<number> {
  return new Promise((ok, fail) => {
    const body = JSON.stringify({ question, conversation });
    const req = request(`${web.url}/api/ask`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end(body);
  });
}

const times: number[] = [];
let errors = 0;
let next = 0;
const until = performance.now() + seconds * 1000;
const started = performance.now();
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (performance.now() < until) {
      const i = next++;
      // each conversation in turn: 2,000 distinct ids, each asking the questions one after another
      const c = i % conversations;
      const q = QUESTIONS[Math.floor(i / conversations) % QUESTIONS.length]!;
      const t = performance.now();
      const status = await ask(`load-${c}`, q).catch(() => 0);
      times.push(performance.now() - t);
      if (status !== 200) errors++;
    }
  }),
);
const wall = (performance.now() - started) / 1000;
const sorted = times.slice().sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
let fileKB = 0;
try {
  fileKB = statSync(join(data, 'conversations.json')).size / 1024;
} catch {
  /* none written */
}
console.log(JSON.stringify({ conversations, connections, requests: times.length, errors, perSecond: times.length / wall, p50: pct(50), p99: pct(99), max: sorted.at(-1), conversationsFileKB: fileKB, loadAverage: loadavg() }));
await web.stop();
agent.destroy();
rmSync(data, { recursive: true, force: true });
process.exit(0);
