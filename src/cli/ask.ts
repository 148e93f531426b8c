// npm run ask -- "问题"            prints the reply as a user sees it
// npm run --silent ask -- --json [--knowledge DIR]
//                                  reads questions from stdin (one a line), writes one JSON line each
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openKnowledge } from '../knowledge.js';
import { answer, setDefaultKnowledge } from '../answer/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    knowledge: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('用法：npm run ask -- "问题"   或   npm run --silent ask -- --json [--knowledge 文件夹] < 问题.txt');
  process.exit(0);
}

const knowledge = await openKnowledge({ dir: values.knowledge, log: (l) => process.stderr.write(l + '\n') });
setDefaultKnowledge(knowledge);

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
      out = values.json ? JSON.stringify({ question: line, answer: `无法回答：${String(e)}`, figures: [], citations: [] }) : `问：${line}\n无法回答：${String(e)}\n`;
    }
    process.stdout.write(out + '\n');
  }
}
