// The console chat (npm start with no chat platform configured): a prompt, the reply with its
// source, /help, /reports, /check, /quit. Formatting only; answers come from the conversation module.
import { createInterface, type Interface } from 'node:readline';
import { reportCount, type Knowledge } from '../../src/knowledge.js';
import { checkText, helpText, reportsText } from '../../src/answer/index.js';
import { createChat, type ConversationState } from '../../src/conversation/chat.js';
import type { StateStore } from '../../src/conversation/store.js';
import { commandOf } from '../../src/domain/words.js';

export interface ConsoleOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** where the conversation is kept (default: in memory) */
  store?: StateStore<ConversationState>;
}

/** Runs the console chat until /quit or end of input: one conversation. */
export async function startConsole(knowledge: Knowledge, opts: ConsoleOptions = {}): Promise<void> {
  const output = opts.output ?? process.stdout;
  const chat = createChat({ knowledge, store: opts.store });
  const rl: Interface = createInterface({ input: opts.input ?? process.stdin, output, terminal: false });
  const say = (s: string) => output.write(s + '\n');
  const n = reportCount(knowledge);
  say(`政府信息公开年报问答（知识库：${n}份报告）。直接输入问题；/help 帮助，/reports 报告列表，/check 报告自检，/new 新对话，/quit 退出。`);
  const prompt = () => output.write('问> ');
  prompt();
  for await (const line of rl) {
    const q = line.trim();
    const cmd = q.toLowerCase();
    if (/^\/(quit|exit|q)$/.test(cmd) || q === '退出') break;
    const command = commandOf(q);
    if (command === 'help') say(helpText(knowledge));
    else if (command === 'reports') say(reportsText(knowledge));
    else if (command === 'check') say(checkText(knowledge));
    else if (q) {
      const { rendered } = await chat.ask('console', q);
      say(rendered.text);
      if (rendered.suggestions.length && !rendered.choices.length) say(`可以接着问：${rendered.suggestions.slice(0, 3).join(' / ')}`);
    }
    say('');
    prompt();
  }
  say('再见。');
  rl.close();
}
