// The console chat: a prompt, the reply with its source, /help, /reports, /quit.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startConsole } from '../bots/console/console.js';
import { ingestFile } from '../src/ingest/index.js';

async function session(lines: string[]): Promise<string> {
  const k = { reports: [await ingestFile('knowledge/tianjin-gxj-2020.txt')] };
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (c) => (out += String(c)));
  const done = startConsole(k, { input, output });
  for (const l of lines) input.write(l + '\n');
  input.end();
  await done;
  return out;
}

describe('console chat', () => {
  it('answers with the source, and knows /help, /reports, /quit', async () => {
    const out = await session(['天津市工信局2020年收到多少政府信息公开申请?', '那企业呢', '/help', '/reports', '/quit', '不会被回答']);
    expect(out).toContain('问> ');
    expect(out).toContain('共新收政府信息公开申请23件');
    expect(out).toContain('来源：天津市工业和信息化局2020年政府信息公开工作年度报告');
    expect(out).toContain('商业企业3件'); // the follow-up
    expect(out).toContain('例如');
    expect(out).toContain('天津市工业和信息化局 2020年');
    expect(out).toContain('再见');
    expect(out).not.toContain('不会被回答');
  });
  it('survives empty lines, emoji and long input', async () => {
    const out = await session(['', '😀', 'x'.repeat(5000), '<script>alert(1)</script>']);
    expect(out).toContain('太长');
    expect(out).toContain('再见');
  });
});
