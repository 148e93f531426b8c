// Robustness (issue 17): every command-line tool answers --help and unknown options with its usage,
// a missing --knowledge folder with a message, never a stack trace; a newline in a file name does not
// break the ingest output. The tools are spawned as a user runs them (scripts/launch.mjs src/cli/*, bench/run).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shown } from '../src/cli/args.js';
import { runCli } from './helpers/cli.js';
import { TIANJIN } from './helpers/tianjin.js';

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-cli-args-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (script: string, args: string[], input = '') =>
  runCli(script === 'bench' ? 'bench/run' : `src/cli/${script}`, args, { input, env: { GONGKAI_STORE: join(tmp, `${script}-store.json`) } });

const TRACE = /\n\s+at |Error:|TypeError|RangeError/;

describe('command-line arguments', () => {
  it('--help and -h print the usage of each tool (exit 0)', async () => {
    const runs = await Promise.all(['ask', 'ingest', 'check', 'bench'].flatMap((t) => [run(t, ['--help']), run(t, ['-h'])]));
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^用法：npm run/);
      expect(r.err).not.toMatch(TRACE);
    }
  });

  it('an unknown option or a missing value: what is wrong and the usage (exit 2)', async () => {
    const [check, ask, ingest, missing, bench] = await Promise.all([
      run('check', ['--bogus', TIANJIN]),
      run('ask', ['--jsn']),
      run('ingest', ['-x', TIANJIN]),
      run('ask', ['--knowledge']),
      run('bench', ['--fast']),
    ]);
    expect(bench.err).toMatch(/^不认识的选项：--fast\n用法：npm run bench/);
    expect(check.err).toMatch(/^不认识的选项：--bogus\n用法：npm run check/);
    expect(ask.err).toMatch(/^不认识的选项：--jsn\n用法：npm run ask/);
    expect(ingest.err).toMatch(/^不认识的选项：-x\n用法：npm run ingest/);
    expect(missing.err).toMatch(/^选项 --knowledge 需要一个值\n用法/);
    for (const r of [check, ask, ingest, missing, bench]) {
      expect(r.code).toBe(2);
      expect(r.err).not.toMatch(TRACE);
      expect(r.out).toBe('');
    }
  });

  it('a missing --knowledge folder is said so (exit 2)', async () => {
    const [ask, file, ingest] = await Promise.all([
      run('ask', ['--json', '--knowledge', 'missingdir'], '收到多少申请\n'),
      run('ask', ['--knowledge', TIANJIN, '问题']),
      run('ingest', [TIANJIN, '--knowledge', join(tmp, 'new-folder'), '--store', join(tmp, 'new-store.json')]),
    ]);
    expect(ask.err).toMatch(/^知识文件夹不存在：missingdir\n/);
    expect(file.err).toMatch(/不是/);
    for (const r of [ask, file]) {
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).not.toMatch(TRACE);
    }
    // ingest fills the store of a folder that may not exist yet: a note, and the report is read
    expect(ingest.err).toMatch(/^注意：知识文件夹 .*new-folder 还不存在/);
    expect(ingest.out).toMatch(/^✓ /);
    expect(ingest.code).toBe(0);
  });

  it('a newline in a file name stays on the ✓ line of the ingest output', async () => {
    const name = join(tmp, 'tianjin\n2020.txt');
    copyFileSync(TIANJIN, name);
    const r = await run('ingest', [name, '--store', join(tmp, 'nl-store.json')]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`✓ ${join(tmp, 'tianjin\\n2020.txt')}`);
    expect(lines[1]).toMatch(/^天津市工业和信息化局 2020年/);
    expect(shown('a\tb\u2028c\u0007')).toBe('a\\tb\\u2028c\\u0007');
  });
});
