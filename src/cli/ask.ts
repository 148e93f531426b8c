// npm run ask -- "问题"            prints the reply as a user sees it
// npm run --silent ask -- --json [--knowledge DIR]
//                                  reads questions from stdin (one a line), writes one JSON line each
import { createInterface } from 'node:readline';
import { openKnowledge } from '../knowledge.js';
import { answer, setDefaultKnowledge } from '../answer/index.js';
import { knowledgeFolder, parseCli } from './args.js';

const USAGE = '用法：npm run ask -- "问题"   或   npm run --silent ask -- --json [--knowledge 文件夹] < 问题.txt';
const { values, positionals } = parseCli(USAGE, {
  json: { type: 'boolean', default: false },
  knowledge: { type: 'string' },
});
knowledgeFolder(values.knowledge, USAGE);

let knowledge: Awaited<ReturnType<typeof openKnowledge>>;
try {
  knowledge = await openKnowledge({ dir: values.knowledge, log: (l) => process.stderr.write(l + '\n') });
} catch (e) {
  process.stderr.write(`无法打开知识库：${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
setDefaultKnowledge(knowledge);

const FAILED = '抱歉，处理这个问题时出错了，请换个问法再试。';
const question = positionals.join(' ');
if (question) {
  const a = answer(question, { knowledge });
  if (values.json) console.log(JSON.stringify({ question, answer: a.text, figures: a.figures, citations: a.citations }));
  else console.log(a.text);
} else {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    let out: string;
    try {
      const a = answer(line, { knowledge });
      out = values.json ? JSON.stringify({ question: line, answer: a.text, figures: a.figures, citations: a.citations }) : `问：${line}\n${a.text}\n`;
    } catch (e) {
      process.stderr.write(`answer failed: ${e instanceof Error ? e.message : String(e)}\n`);
      out = values.json ? JSON.stringify({ question: line, answer: FAILED, figures: [], citations: [] }) : `问：${line}\n${FAILED}\n`;
    }
    process.stdout.write(out + '\n');
  }
}
