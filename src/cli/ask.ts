// npm run ask -- "问题"            prints the reply as a user sees it
// npm run --silent ask -- --json [--knowledge DIR]
//                                  reads questions from stdin, one a line: plain text (a conversation
//                                  of its own) or {"question": "...", "conversation": "ID"} (turns of
//                                  one conversation, in order); writes one JSON line each, in order
import { createInterface } from 'node:readline';
import { openKnowledge } from '../knowledge.js';
import { createChat } from '../conversation/chat.js';
import { askJson } from '../render/render.js';
import { setDefaultKnowledge } from '../answer/index.js';
import { knowledgeFolder, parseCli } from './args.js';

const USAGE =
  '用法：npm run ask -- "问题"   或   npm run --silent ask -- --json [--knowledge 文件夹] < 问题.txt\n' +
  '标准输入每行一个问题：纯文字，或 {"question": "…", "conversation": "对话编号"}（同一编号的各行是同一对话的各轮）。';
const { values, positionals } = parseCli(USAGE, {
  json: { type: 'boolean', default: false },
  knowledge: { type: 'string' },
});
knowledgeFolder(values.knowledge, USAGE);


/** One input line: a question, and the conversation it belongs to. */
function parseLine(line: string, n: number): { question: string; conversation: string } {
  const t = line.trim();
  if (t.startsWith('{')) {
    try {
      const o = JSON.parse(t) as { question?: unknown; conversation?: unknown };
      if (o && typeof o === 'object' && typeof o.question === 'string') {
        const conv = o.conversation === undefined || o.conversation === null ? `line:${n}` : `conv:${String(o.conversation)}`;
        return { question: o.question, conversation: conv };
      }
    } catch {
      // not JSON: the line is the question
    }
  }
  return { question: line, conversation: `line:${n}` };
}
let knowledge: Awaited<ReturnType<typeof openKnowledge>>;
try {
  knowledge = await openKnowledge({ dir: values.knowledge, log: (l) => process.stderr.write(l + '\n') });
} catch (e) {
  process.stderr.write(`无法打开知识库：${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
setDefaultKnowledge(knowledge);
const chat = createChat({ knowledge });

const FAILED = '抱歉，处理这个问题时出错了，请换个问法再试。';
const question = positionals.join(' ');
if (question) {
  const turn = await chat.ask('cli', question);
  console.log(values.json ? JSON.stringify(askJson(question, turn.reply)) : turn.rendered.text);
} else {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    const { question: q, conversation } = parseLine(line, n++);
    let out: string;
    try {
      const turn = await chat.ask(conversation, q);
      out = values.json ? JSON.stringify(askJson(q, turn.reply)) : `问：${q}\n${turn.rendered.text}\n`;
    } catch (e) {
      process.stderr.write(`answer failed: ${e instanceof Error ? e.message : String(e)}\n`);
      out = values.json ? JSON.stringify({ question: q, answer: FAILED, figures: [], citations: [] }) : `问：${q}\n${FAILED}\n`;
    }
    process.stdout.write(out + '\n');
  }
}
