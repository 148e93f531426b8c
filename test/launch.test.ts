// scripts/launch.mjs (npm start / ask / ingest / check): the compiled dist/ when it is newer than
// every source file, else the TypeScript through tsx. Real node processes: on a small project laid
// out like this one (its own src/, dist/ and stamp), and on this repository's ask command.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from './helpers/tianjin.js';

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-launch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  // stderr piped, not inherited: what the bot logs (已读取 …) stays out of the test output
  execFileSync(process.execPath, [join(cwd, 'scripts', 'launch.mjs'), ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

describe('npm start / ask run the compiled JavaScript when it is up to date', () => {
  it('a dist/ newer than the sources is run; a source edited after the build runs through tsx; arguments arrive', () => {
    mkdirSync(join(tmp, 'scripts'));
    mkdirSync(join(tmp, 'src'));
    mkdirSync(join(tmp, 'dist', 'src'), { recursive: true });
    for (const f of ['launch.mjs', 'dist-current.mjs']) copyFileSync(join(REPO, 'scripts', f), join(tmp, 'scripts', f));
    symlinkSync(join(REPO, 'node_modules'), join(tmp, 'node_modules'));
    writeFileSync(join(tmp, 'package.json'), '{"type": "module"}\n');
    writeFileSync(join(tmp, 'src', 'hello.ts'), "const who: string = 'typescript';\nconsole.log(who, process.argv.slice(2).join(' '));\n");
    writeFileSync(join(tmp, 'dist', 'src', 'hello.js'), "console.log('compiled', process.argv.slice(2).join(' '));\n");
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(tmp, 'src', 'hello.ts'), old, old);
    writeFileSync(join(tmp, 'dist', '.built'), 'now');
    expect(run(tmp, ['src/hello', '--json', '问题'])).toBe('compiled --json 问题');
    // edited after the build: the compiled file is stale
    utimesSync(join(tmp, 'src', 'hello.ts'), new Date(), new Date(Date.now() + 5_000));
    expect(run(tmp, ['src/hello', 'a'])).toBe('typescript a');
    // no stamp (a build that failed): tsx
    rmSync(join(tmp, 'dist', '.built'));
    utimesSync(join(tmp, 'src', 'hello.ts'), old, old);
    expect(run(tmp, ['src/hello'])).toBe('typescript');
  });

  it('this repository: npm run ask answers the same through dist/ (when built) and through tsx', () => {
    const q = '天津市工信局2020年收到多少政府信息公开申请？';
    const store = join(tmp, 'store.json');
    const viaTsx = run(REPO, ['src/cli/ask', q], { GONGKAI_NO_DIST: '1', GONGKAI_STORE: store });
    expect(viaTsx).toMatch(/^天津市工业和信息化局2020年共新收政府信息公开申请23件/);
    if (!existsSync(join(REPO, 'dist', '.built'))) return console.warn('skipped part: dist/ not built (npm run build) — compiled path not run');
    expect(run(REPO, ['src/cli/ask', q], { GONGKAI_STORE: store })).toBe(viaTsx);
  });
});
