// `npm run check` and `npm run compare`, spawned as a user runs them (scripts/launch.mjs): text, --json
// and --html output, the exit status (0 no finding, 1 any finding not marked seen, 2 usage or an
// unreadable file), and the knowledge store never written.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { TIANJIN, TIANJIN_TEXT } from './helpers/tianjin.js';

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-check-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const store = join(tmp, 'store', 'knowledge.json');

const run = (script: string, args: string[]) => runCli(`src/cli/${script.replace(/\.ts$/, '')}`, args, { env: { GONGKAI_STORE: store } });

const write = (name: string, text: string) => {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
};
// Tianjin with a section 六 (the real one has none): no finding at all
const whole = write('whole.txt', TIANJIN_TEXT.replace('天津市工业和信息化局\n2021年1月27日', '六、其他需要报告的事项\n无收费。\n天津市工业和信息化局\n2021年1月27日'));
const changed = write('changed.txt', TIANJIN_TEXT.replace('一、本年新收政府信息公开申请数量 | 20 |', '一、本年新收政府信息公开申请数量 | 21 |'));

describe.concurrent('npm run check', () => {
  it('text: exit 0 with no finding, 1 with findings (each with its severity, id and explanation), 2 for a missing file', async () => {
    const [good, bad, real, missing] = await Promise.all([run('check.ts', [whole]), run('check.ts', [changed]), run('check.ts', [TIANJIN]), run('check.ts', [join(tmp, 'nope.txt')])]);
    expect(good.code, good.out + good.err).toBe(0);
    expect(good.out).toContain('天津市工业和信息化局 2020年');
    expect(good.out).toContain('读取：表二 22 格、表三 161 格、表四 15 格');
    expect(good.out).toContain('报告自检：没有发现问题');

    expect(bad.code).toBe(1);
    expect(bad.out).toContain('报告自检：错误 2 处，不一致 1 处');
    expect(bad.out).toContain('[错误] 表三「自然人」列：本年新收21 + 上年结转0 = 21，而（七）总计20 + 结转下年度0 = 20');
    expect(bad.out).toContain('[错误] 表三「一、本年新收政府信息公开申请数量」行：自然人与法人或其他组织各列之和为24，总计印为23');
    expect(bad.out).toMatch(/编号 t3-balance-[0-9a-f]{8} · 三、收到和处理政府信息公开申请情况 · 第\d+行/);
    expect(bad.out).toContain('说明：表三每一列都应满足');
    // the real report: a warning only, and still exit 1 (any finding)
    expect(real.code).toBe(1);
    expect(real.out).toContain('[不一致] 报告中找不到「六、其他需要报告的事项」这一部分');

    expect(missing.code).toBe(2);
    expect(missing.out).toContain(`✗ ${join(tmp, 'nope.txt')}：文件不存在`);
    // reading files only: no store was made
    expect(existsSync(store)).toBe(false);
    expect(existsSync(join(tmp, 'store'))).toBe(false);
  });

  it('--json: every finding with id, severity, explanation; --seen marks findings seen and they no longer fail the run', async () => {
    const j = await run('check.ts', ['--json', changed, TIANJIN]);
    expect(j.code).toBe(1);
    const data = JSON.parse(j.out) as { reports: { agency: string; findings: { id: string; severity: string; explanation: string; seen: boolean }[] }[] };
    expect(data.reports.map((r) => r.findings.map((f) => f.severity))).toEqual([['error', 'error', 'warning'], ['warning']]);
    for (const f of data.reports.flatMap((r) => r.findings)) {
      expect(f.explanation.length).toBeGreaterThan(10);
      expect(f.seen).toBe(false);
    }
    const ids = data.reports.flatMap((r) => r.findings.map((f) => f.id));
    const seen = write('seen.txt', ids.join('\n') + '\n');
    const again = await run('check.ts', ['--seen', seen, changed, TIANJIN]);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('报告自检：没有发现问题（另有 3 处已标记为看过）');
    expect(again.out).toContain('（已看过）');
    // a partial list: the others still count
    const some = write('some.txt', ids[0]!);
    expect((await run('check.ts', ['--seen', some, changed])).code).toBe(1);
  });

  it('--html: a self-contained printable page with every finding', async () => {
    const out = join(tmp, 'check.html');
    const h = await run('check.ts', ['--html', '--out', out, changed, whole, join(tmp, 'nope.txt')]);
    expect(h.code).toBe(2);
    expect(h.out).toContain(`已写入 ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html).toContain('表三「自然人」列：本年新收21 + 上年结转0 = 21');
    expect(html).toMatch(/<div class="id">t3-balance-[0-9a-f]{8}<\/div>/);
    expect(html).toContain('没有发现问题');
    expect(html).toContain('未能读取的文件');
  });

  it('--with: reports read as context only (a folder holding last year\'s report), not reviewed themselves', async () => {
    const dir = join(tmp, 'context');
    mkdirSync(dir, { recursive: true });
    // last year: one request carried over, which this year's report does not show as 上年结转
    writeFileSync(join(dir, 'tianjin-2019.txt'), TIANJIN_TEXT.replace('2020年政府信息公开工作年度报告', '2019年政府信息公开工作年度报告').replace('四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |'));
    writeFileSync(join(dir, 'notes.txt'), 'not a report');
    const [r, gone] = await Promise.all([run('check.ts', ['--with', dir, whole]), run('check.ts', ['--with', join(tmp, 'no-dir'), whole])]);
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.out).toContain('[不一致] 表三「二、上年结转」与天津市工业和信息化局2019年报告的「四、结转下年度继续办理」不同');
    // only the file given is reviewed
    expect(r.out).not.toContain('天津市工业和信息化局 2019年');
    expect(r.err).toContain('参照文件');
    expect(gone.code).toBe(2);
    expect(gone.err).toContain('不存在');
  });

  it('usage errors exit 2 with the usage in words', async () => {
    const [none, both, badSeen, unknown] = await Promise.all([
      run('check.ts', []),
      run('check.ts', ['--json', '--html', whole]),
      run('check.ts', ['--seen', join(tmp, 'no-such-list'), whole]),
      run('check.ts', ['--bogus', whole]),
    ]);
    expect([none.code, both.code, badSeen.code, unknown.code]).toEqual([2, 2, 2, 2]);
    expect(none.out).toContain('用法：npm run check');
    expect(badSeen.err).toContain('读不了 --seen 文件');
    expect(unknown.err).toContain('用法：npm run check');
  });
});

describe.concurrent('npm run compare', () => {
  const last = write('tianjin-2019.txt', TIANJIN_TEXT.replace('2020年政府信息公开工作年度报告', '2019年政府信息公开工作年度报告').replace('行政许可 | 7 | 减少1项 | 644 |', '行政许可 | 7 | 减少1项 | 600 |').replace('规范性文件 | 5 | 5 | 5 |', '规范性文件 | 0 | 0 | 0 |'));

  it('lists the changed cells largest first, and --json gives them all', async () => {
    const [t, j] = await Promise.all([run('compare.ts', [last, TIANJIN]), run('compare.ts', ['--json', last, TIANJIN])]);
    expect(t.code, t.err).toBe(0);
    expect(t.out).toContain('天津市工业和信息化局2020年与2019年相比：');
    expect(t.out).toContain('表格中有4个数字变了');
    expect(t.out).toContain('1. 表二 · 第二十条第（五）项 › 行政许可 · 处理决定数量：600 → 644件（增加44件）');
    expect(t.out).toContain('表二 · 第二十条第（一）项 › 规范性文件 · 本年新制作数量：0 → 5件（增加5件）');
    const c = JSON.parse(j.out) as { cells: { label: string; from: number; to: number }[]; sameAgency: boolean };
    expect(c.sameAgency).toBe(true);
    expect(c.cells.map((x) => [x.from, x.to])).toEqual([[600, 644], [0, 5], [0, 5], [0, 5]]);
  });

  it('exit 2 with a reason for a wrong number of files or an unreadable one', async () => {
    const [one, bad] = await Promise.all([run('compare.ts', [TIANJIN]), run('compare.ts', [TIANJIN, join(tmp, 'nope.txt')])]);
    expect(one.code).toBe(2);
    expect(one.err).toContain('需要正好两个报告文件');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('文件不存在');
  });
});
