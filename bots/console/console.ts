// The console chat (npm start with no chat platform configured): a prompt, the reply with its
// source, /help, /reports, /check, /quit. Formatting only; answers come from answer().
import { createInterface, type Interface } from 'node:readline';
import type { Knowledge } from '../../src/knowledge.js';
import { answer, checkText, helpText, reportsText, setDefaultKnowledge, type Answer } from '../../src/answer/index.js';

export interface ConsoleOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** Runs the console chat until /quit or end of input. */
export async function startConsole(knowledge: Knowledge, opts: ConsoleOptions = {}): Promise<void> {
  setDefaultKnowledge(knowledge);
  const output = opts.output ?? process.stdout;
  const rl: Interface = createInterface({ input: opts.input ?? process.stdin, output, terminal: false });
  const say = (s: string) => output.write(s + '\n');
  const n = knowledge.reports.length;
  say(`政府信息公开年报问答（知识库：${n}份报告）。直接输入问题；/help 帮助，/reports 报告列表，/check 报告自检，/quit 退出。`);
  let previous: { question: string; answer: Answer } | undefined;
  const prompt = () => output.write('问> ');
  prompt();
  for await (const line of rl) {
    const q = line.trim();
    const cmd = q.toLowerCase(); // commands are case-insensitive (/REPORTS)
    if (/^\/(quit|exit|q)$/.test(cmd) || q === '退出') break;
    if (cmd === '/help' || q === '帮助') say(helpText(knowledge));
    else if (cmd === '/reports') say(reportsText(knowledge));
    else if (cmd === '/check') say(checkText(knowledge));
    else if (q) {
      const a = answer(q, { knowledge, previous });
      previous = { question: q, answer: a };
      say(a.text);
      if (a.suggestions.length) say(`可以接着问：${a.suggestions.slice(0, 3).join(' / ')}`);
    }
    say('');
    prompt();
  }
  say('再见。');
  rl.close();
}
