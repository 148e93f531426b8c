// 报告自检 on copies of the Tianjin report with one defect each: every identity of report-format.md
// fails naming its table, row, column, expected and printed value; the narrative is compared with
// the tables; table 二's cells, the sections, and the same agency's previous year and a city's
// districts are reviewed. Every finding has a stable id, a severity and an explanation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkReport, checkStatus, findingsAt, reviewReport } from '../src/check.js';
import { ingestFile } from '../src/ingest/index.js';
import type { Finding, Report } from '../src/model.js';
import { allAgencies, generateReport } from '../bench/generate.js';
import { TIANJIN, TIANJIN_TEXT } from './helpers/tianjin.js';

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/** The Tianjin text with replacements (each `from` must stand exactly once). */
function edit(text: string, ...pairs: [string, string][]): string {
  for (const [from, to] of pairs) {
    const k = text.split(from).length - 1;
    if (k !== 1) throw new Error(`expected exactly one "${from}", found ${k}`);
    text = text.replace(from, to);
  }
  return text;
}

// Tianjin has no 六、其他需要报告的事项 (a real omission, found by the section check): the copies
// used for the other checks have one, so that each shows only its own defect.
const SIX: [string, string] = ['天津市工业和信息化局\n2021年1月27日', '六、其他需要报告的事项\n本年度未收取信息处理费。\n天津市工业和信息化局\n2021年1月27日'];
const WHOLE = edit(TIANJIN_TEXT, SIX);

async function reportOf(text: string): Promise<Report> {
  const file = join(tmp, `copy-${n++}.txt`);
  writeFileSync(file, text);
  const r = await ingestFile(file);
  expect(r.unread).toEqual([]);
  return r;
}

type Brief = Pick<Finding, 'kind' | 'severity' | 'table' | 'row' | 'column' | 'expected' | 'printed'>;
const brief = (fs: Finding[]): Brief[] => fs.map(({ kind, severity, table, row, column, expected, printed }) => ({ kind, severity, table, row, column, expected, printed }));

/** The full review of a copy with the replacements; the findings are well formed. */
async function review(...pairs: [string, string][]): Promise<Finding[]> {
  const r = await reportOf(edit(WHOLE, ...pairs));
  const fs = reviewReport(r);
  for (const f of fs) {
    expect(f.id).toMatch(/^[a-z0-9-]+-[0-9a-f]{8}$/);
    expect(f.message.length).toBeGreaterThan(5);
    expect(f.explanation.length).toBeGreaterThan(10);
  }
  // the stored check is the figure part of the review, a pure function of the report
  expect(checkReport(r)).toEqual(r.findings);
  expect(fs.filter((f) => r.findings.some((g) => g.id === f.id))).toEqual(r.findings);
  return fs;
}

const R = '三、本年度办理结果';
const TOTAL = [R, '（七）总计'];

describe('报告自检: the identities of tables 三 and 四 (errors)', () => {
  it('passes on the Tianjin report with its six sections', async () => {
    expect(await review()).toEqual([]);
  });

  it('table 三 per row: a changed 总计 cell', async () => {
    expect(brief(await review(['(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |', '(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 6 |']))).toEqual([
      // the 总计 column no longer adds up to （七）总计, and the row's own sum is 5
      { kind: 'identity', severity: 'error', table: '三', row: TOTAL, column: ['总计'], expected: 24, printed: 23 },
      { kind: 'identity', severity: 'error', table: '三', row: [R, '（六）其他处理'], column: ['总计'], expected: 5, printed: 6 },
    ]);
  });

  it('table 三 per column: an item under （四）无法提供 changed with its row total', async () => {
    expect(
      brief(await review(['1.本机关不掌握相关政府信息 | 11 | 3 | 0 | 0 | 0 | 0 | 14 |', '1.本机关不掌握相关政府信息 | 12 | 3 | 0 | 0 | 0 | 0 | 15 |'])),
    ).toEqual([
      { kind: 'identity', severity: 'error', table: '三', row: TOTAL, column: ['自然人'], expected: 21, printed: 20 },
      { kind: 'identity', severity: 'error', table: '三', row: TOTAL, column: ['总计'], expected: 24, printed: 23 },
    ]);
  });

  it('table 三: 一 + 二 = （七）总计 + 四, with 结转下年度 changed', async () => {
    const fs = await review(['四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 2 | 2 |']);
    expect(brief(fs.filter((f) => f.kind === 'identity'))).toEqual([
      { kind: 'identity', severity: 'error', table: '三', row: TOTAL, column: ['法人或其他组织', '其他'], expected: -2, printed: 0 },
      { kind: 'identity', severity: 'error', table: '三', row: TOTAL, column: ['总计'], expected: 21, printed: 23 },
    ]);
  });

  it('table 四 per group: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计', async () => {
    const fs = await review(['\n0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '\n0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 0 | 3 |']);
    expect(brief(fs.filter((f) => f.kind === 'identity'))).toEqual([
      { kind: 'identity', severity: 'error', table: '四', row: ['行政诉讼', '复议后起诉'], column: ['总计'], expected: 0, printed: 3 },
    ]);
    // and the narrative says 未发生…行政复议或者行政诉讼 while table 四 now has 5 lawsuits
    expect(brief(fs.filter((f) => f.kind === 'narrative'))).toEqual([
      { kind: 'narrative', severity: 'warning', table: '四', row: ['行政诉讼'], column: ['总计'], expected: 5, printed: 0 },
    ]);
  });

  it('checkStatus and findingsAt: which identities fail and which cells they involve', async () => {
    const r = await reportOf(edit(WHOLE, ['(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |', '(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 6 |']));
    const s = checkStatus(r);
    expect(s.ok).toBe(false);
    expect(s.failed.map((f) => f.rule)).toEqual(['（七）总计 = （一）+（二）+（三）（四）（五）各项 +（六）', '总计 = 自然人 + 法人或其他组织五列']);
    // the cell of the changed row, in the 总计 column, is in both failed identities
    expect(findingsAt(r, '三', [R, '（六）其他处理'], ['总计']).length).toBe(2);
    // its 自然人 cell only in the row identity; 本年新收 自然人 in none
    expect(findingsAt(r, '三', [R, '（六）其他处理'], ['自然人']).map((f) => f.rule)).toEqual(['总计 = 自然人 + 法人或其他组织五列']);
    expect(findingsAt(r, '三', ['一、本年新收政府信息公开申请数量'], ['自然人'])).toEqual([]);
    expect(checkStatus(await reportOf(WHOLE))).toEqual({ ok: true, failed: [], narrative: [], partial: false });
  });

  it('ids are stable across re-runs and do not depend on the figures', async () => {
    const a = await review(['(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |', '(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 6 |']);
    const b = await review(['(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |', '(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 6 |']);
    const c = await review(['(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |', '(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 9 |']);
    expect(a.map((f) => f.id)).toEqual(b.map((f) => f.id));
    expect(c.map((f) => f.id)).toEqual(a.map((f) => f.id));
    expect(new Set(a.map((f) => f.id)).size).toBe(a.length);
    expect(c.map((f) => f.printed)).toEqual([23, 9]);
  });
});

describe('报告自检: the narrative against the tables (warnings)', () => {
  it('全年共办理依申请公开 N件 vs 本年新收 总计', async () => {
    expect(brief(await review(['全年我局共办理依申请公开23件', '全年我局共办理依申请公开32件']))).toEqual([
      { kind: 'narrative', severity: 'warning', table: '三', row: ['一、本年新收政府信息公开申请数量'], column: ['总计'], expected: 23, printed: 32 },
    ]);
  });

  it('the 口径 made explicit: 受理 N件 that is 本年新收 + 上年结转 is consistent; one that is neither names both', async () => {
    // 上年结转 2 (自然人), handled 25 (（六）其他处理 7): 23 new + 2 carried over = 25 handled + 0 carried on
    const carried: [string, string][] = [
      ['二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |'],
      ['(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |', '(六)其它处理 | 7 | 0 | 0 | 0 | 0 | 0 | 7 |'],
      ['(七)总计 | 20 | 3 | 0 | 0 | 0 | 0 | 23 |', '(七)总计 | 22 | 3 | 0 | 0 | 0 | 0 | 25 |'],
    ];
    expect(await review(['全年我局共办理依申请公开23件', '全年我局共受理政府信息公开申请25件'], ...carried)).toEqual([]);
    const fs = await review(['全年我局共办理依申请公开23件', '全年我局共受理政府信息公开申请24件'], ...carried);
    expect(brief(fs)).toEqual([{ kind: 'narrative', severity: 'warning', table: '三', row: ['一、本年新收政府信息公开申请数量'], column: ['总计'], expected: 23, printed: 24 }]);
    expect(fs[0]!.message).toContain('表三「一、本年新收」为23件，「一、本年新收」23件加「二、上年结转」2件为25件，都不是24件');
  });

  it('"no review corrected, no lawsuit lost" is not "no review": no finding against reviews in table 四', async () => {
    const table4 = ['\n0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '\n2 | 0 | 0 | 0 | 2 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |'] as [string, string];
    expect(await review(['未发生因政府信息公开引起的行政复议或者行政诉讼情况', '未发生政府信息公开工作被行政复议纠错或行政诉讼败诉情形'], table4)).toEqual([]);
  });

  it('办结 and 结转 sentences', async () => {
    const extra = '全年我局共办理依申请公开23件,办结22件,结转下年度1件,答复率100%';
    expect(brief(await review(['全年我局共办理依申请公开23件,答复率100%', extra]))).toEqual([
      { kind: 'narrative', severity: 'warning', table: '三', row: TOTAL, column: ['总计'], expected: 23, printed: 22 },
      { kind: 'narrative', severity: 'warning', table: '三', row: ['四、结转下年度继续办理'], column: ['总计'], expected: 0, printed: 1 },
    ]);
  });

  it('答复N件 counts as 办结', async () => {
    expect(brief(await review(['全年我局共办理依申请公开23件,答复率100%', '全年我局共办理依申请公开23件,答复21件']))).toEqual([
      { kind: 'narrative', severity: 'warning', table: '三', row: TOTAL, column: ['总计'], expected: 23, printed: 21 },
    ]);
  });

  it('行政复议N件 and 行政诉讼N件 against table 四 (诉讼 = both groups)', async () => {
    const said = '未发生因政府信息公开引起的行政复议或者行政诉讼情况。';
    expect(brief(await review([said, '发生政府信息公开行政复议2件,行政诉讼1件。']))).toEqual([
      { kind: 'narrative', severity: 'warning', table: '四', row: ['行政复议'], column: ['总计'], expected: 0, printed: 2 },
      { kind: 'narrative', severity: 'warning', table: '四', row: ['行政诉讼'], column: ['总计'], expected: 0, printed: 1 },
    ]);
    // the count before the words (3件涉及…的行政复议)
    expect(brief(await review([said, '全年发生3件涉及政府信息公开的行政复议。']))).toEqual([
      { kind: 'narrative', severity: 'warning', table: '四', row: ['行政复议'], column: ['总计'], expected: 0, printed: 3 },
    ]);
    // the same figures agree with a table 四 that has them (复议 2; 诉讼 1 direct)
    expect(
      await review(
        [said, '发生政府信息公开行政复议2件,行政诉讼1件。'],
        ['\n0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '\n2 | 0 | 0 | 0 | 2 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |'],
      ),
    ).toEqual([]);
  });

  it('a "none" before a comma does not reach a 行政复议 after it', async () => {
    const said = '未发生因政府信息公开引起的行政复议或者行政诉讼情况。';
    const table4 = ['\n0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '\n2 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |'] as [string, string];
    expect(await review([said, '本年度无收取信息处理费情况,政府信息公开行政复议2件。'], table4)).toEqual([]);
    expect(brief(await review(table4))).toEqual([
      { kind: 'narrative', severity: 'warning', table: '四', row: ['行政复议'], column: ['总计'], expected: 2, printed: 0 },
    ]);
  });

  it('主动公开规范性文件N件 against table 二 (本年新公开数量 in the 2019 format)', async () => {
    const fs = await review(['全年我局共办理依申请公开23件', '全年主动公开规范性文件7件。全年我局共办理依申请公开23件']);
    expect(brief(fs)).toEqual([
      { kind: 'narrative', severity: 'warning', table: '二', row: ['第二十条第（一）项', '规范性文件'], column: ['本年新公开数量'], expected: 5, printed: 7 },
    ]);
    expect(await review(['全年我局共办理依申请公开23件', '全年主动公开规范性文件5件。全年我局共办理依申请公开23件'])).toEqual([]);
  });

  it('"all requests were handled" against a non-zero 结转下年度', async () => {
    const fs = await review(
      ['全年我局共办理依申请公开23件,答复率100%', '全年我局共办理依申请公开23件,所有申请均已按时办结'],
      ['四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |'],
      ['一、本年新收政府信息公开申请数量 | 20 | 3 | 0 | 0 | 0 | 0 | 23 |', '一、本年新收政府信息公开申请数量 | 21 | 3 | 0 | 0 | 0 | 0 | 24 |'],
    );
    // (办理23件 is now the handled total, 23 of the 24 received: not a finding)
    expect(brief(fs)).toEqual([
      { kind: 'narrative', severity: 'warning', table: '三', row: ['四、结转下年度继续办理'], column: ['总计'], expected: 0, printed: 1 },
    ]);
    expect(fs[0]!.message).toContain('所有申请均已按时办结');
  });
});

describe('报告自检: table 二 cells', () => {
  it('a placeholder instead of a number is named (read as 0)', async () => {
    const fs = await review(['行政强制 | 2 | 0 | 0 |', '行政强制 | 2 | / | 0 |']);
    expect(brief(fs)).toEqual([
      { kind: 'cells', severity: 'warning', table: '二', row: ['第二十条第（六）项', '行政强制'], column: ['本年增/减'], expected: 0, printed: '/' },
    ]);
    expect(fs[0]!.message).toContain('「/」');
  });

  it('counts are whole and not negative; the signed 本年增/减 may be negative', async () => {
    const fs = await review(['规范性文件 | 5 | 5 | 5 |', '规范性文件 | 5 | 5.5 | -5 |']);
    expect(brief(fs)).toEqual([
      { kind: 'cells', severity: 'warning', table: '二', row: ['第二十条第（一）项', '规范性文件'], column: ['本年新公开数量'], expected: null, printed: 5.5 },
      { kind: 'cells', severity: 'warning', table: '二', row: ['第二十条第（一）项', '规范性文件'], column: ['对外公开总数量'], expected: null, printed: -5 },
      // and a total below this year's new ones is worth a look
      { kind: 'cells', severity: 'hint', table: '二', row: ['第二十条第（一）项', '规范性文件'], column: ['对外公开总数量'], expected: 5.5, printed: -5 },
    ]);
  });
});

describe('报告自检: sections', () => {
  it('the real Tianjin report has no 六、其他需要报告的事项', async () => {
    const fs = reviewReport(await ingestFile(TIANJIN));
    expect(fs.map((f) => [f.kind, f.severity, f.expected, f.printed])).toEqual([['section', 'warning', '六、其他需要报告的事项', null]]);
  });

  it('a misnumbered heading, a restarted and a shifted numbering are named', async () => {
    const mis = await review(['五、存在的主要问题及改进情况', '七、存在的主要问题及改进情况']);
    expect(mis.map((f) => [f.section, f.printed])).toEqual([['五、存在的主要问题及改进情况', '七、存在的主要问题及改进情况']]);
    expect(mis[0]!.message).toContain('编号不对');
    const shifted = await review(
      ['二、主动公开政府信息情况', '一、主动公开政府信息情况'],
      ['三、收到和处理政府信息公开申请情况', '二、收到和处理政府信息公开申请情况'],
      ['四、政府信息公开行政复议、行政诉讼情况', '三、政府信息公开行政复议、行政诉讼情况'],
    );
    expect(shifted.map((f) => f.expected)).toEqual(['二、', '三、', '四、']);
    expect(shifted[0]!.message).toContain('重新开始');
    expect(shifted[1]!.message).toContain('整体错位');
  });

  it('section 五 empty, 无, or a single line', async () => {
    const five = /五、存在的主要问题及改进情况\n[^]*?\n(?=六、)/.exec(WHOLE)![0];
    for (const body of ['无。', '本年度工作存在不足，明年改进。']) {
      const fs = await review([five, `五、存在的主要问题及改进情况\n${body}\n`]);
      expect(fs.map((f) => [f.kind, f.section])).toEqual([['section', '五、存在的主要问题及改进情况']]);
    }
  });

  it('section 六 in the 2021 format must say whether fees were charged; a general "no fees" against table 二 fees', async () => {
    // the same report, dated 2021: its section 六 must speak of fees
    const r2021 = await review(['2020年政府信息公开工作年度报告', '2021年政府信息公开工作年度报告'], ['本年度未收取信息处理费。', '无。']);
    expect(r2021.map((f) => [f.kind, f.section, f.message])).toEqual([['section', '六、其他需要报告的事项', '「六、其他需要报告的事项」没有说明是否收取信息处理费']]);
    expect(await review(['2020年政府信息公开工作年度报告', '2021年政府信息公开工作年度报告'])).toEqual([]);
  });
});

describe('报告自检: across reports', () => {
  it("this year's 上年结转 against last year's 结转下年度, and a large change", async () => {
    // 2019: same figures but 1 carried over to 2020 by a 自然人, and 行政许可 etc. unchanged
    const last = await reportOf(
      edit(
        WHOLE,
        ['2020年政府信息公开工作年度报告', '2019年政府信息公开工作年度报告'],
        ['四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |'],
        ['一、本年新收政府信息公开申请数量 | 20 | 3 | 0 | 0 | 0 | 0 | 23 |', '一、本年新收政府信息公开申请数量 | 21 | 3 | 0 | 0 | 0 | 0 | 24 |'],
        ['全年我局共办理依申请公开23件', '全年我局共办理依申请公开24件'],
      ),
    );
    expect(last.year).toBe(2019);
    expect(reviewReport(last)).toEqual([]);
    const now = await reportOf(WHOLE);
    const fs = reviewReport(now, { others: [last, now] });
    expect(brief(fs)).toEqual([
      // one finding for the row, in the 总计 column, naming each column that differs
      // (two published documents that contradict each other: 不一致)
      { kind: 'across', severity: 'warning', table: '三', row: ['二、上年结转政府信息公开申请数量'], column: ['总计'], expected: 1, printed: 0 },
      // table 二 (2019 format): this year's 上一年项目数量 is last year's plus its 本年增/减 (7 减少1项 → 6;
      // 47 增加8项 → 55; 2项 减少2项 → 0), and the copy repeats last year's instead
      { kind: 'across', severity: 'hint', table: '二', row: ['第二十条第（五）项', '行政许可'], column: ['上一年项目数量'], expected: 6, printed: 7 },
      { kind: 'across', severity: 'hint', table: '二', row: ['第二十条第（六）项', '行政处罚'], column: ['上一年项目数量'], expected: 55, printed: 47 },
      { kind: 'across', severity: 'hint', table: '二', row: ['第二十条第（八）项', '行政事业性收费'], column: ['上一年项目数量'], expected: 0, printed: 2 },
    ]);
    expect(fs[0]!.message).toBe('表三「二、上年结转」与天津市工业和信息化局2019年报告的「四、结转下年度继续办理」不同：「自然人」0（上年结转下年度1）、「总计」0（上年结转下年度1）');
    // a year with ten times the requests is named
    const big = await reportOf(
      edit(
        WHOLE,
        ['2020年政府信息公开工作年度报告', '2021年政府信息公开工作年度报告'],
        ['一、本年新收政府信息公开申请数量 | 20 | 3 | 0 | 0 | 0 | 0 | 23 |', '一、本年新收政府信息公开申请数量 | 220 | 3 | 0 | 0 | 0 | 0 | 223 |'],
        ['(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |', '(六)其它处理 | 205 | 0 | 0 | 0 | 0 | 0 | 205 |'],
        ['(七)总计 | 20 | 3 | 0 | 0 | 0 | 0 | 23 |', '(七)总计 | 220 | 3 | 0 | 0 | 0 | 0 | 223 |'],
        ['全年我局共办理依申请公开23件', '全年我局共办理依申请公开223件'],
      ),
    );
    const changes = reviewReport(big, { others: [now, big] }).filter((f) => f.id.startsWith('y-change'));
    expect(changes.map((f) => [f.row.at(-1), f.expected, f.printed])).toEqual([
      ['一、本年新收政府信息公开申请数量', 23, 223],
      ['（七）总计', 23, 223],
    ]);
  });

  it('2021 format: 现行有效件数 against last year\'s + 本年制发 − 本年废止', async () => {
    // two years of a synthetic 2021-format report (bench generator), 行政规范性文件 set by hand
    const a = allAgencies()[0]!;
    const year = (y: number, row: string) => generateReport(a, y, 7).text.replace(/\n行政规范性文件 \| \d+ \| \d+ \| \d+ \|/, `\n${row}`);
    const last = await reportOf(year(2021, '行政规范性文件 | 9 | 3 | 44 |'));
    const fine = await reportOf(year(2022, '行政规范性文件 | 5 | 2 | 47 |'));
    const off = await reportOf(year(2022, '行政规范性文件 | 5 | 2 | 50 |'));
    expect([last.versions['二'], fine.versions['二'], last.agency === fine.agency]).toEqual(['2021', '2021', true]);
    const inForce = (r: Report) => reviewReport(r, { others: [last, r] }).filter((f) => f.id.startsWith('y-in-force'));
    expect(inForce(fine)).toEqual([]);
    expect(brief(inForce(off))).toEqual([
      { kind: 'across', severity: 'hint', table: '二', row: ['第二十条第（一）项', '行政规范性文件'], column: ['现行有效件数'], expected: 47, printed: 50 },
    ]);
    expect(inForce(off)[0]!.message).toBe('表二「行政规范性文件」现行有效50件；按上年44 + 本年制发5 − 本年废止2应为47件');
  });

  it("a city against the sum of its districts' reports, missing districts named", async () => {
    const as = (name: string, received: number) =>
      edit(
        WHOLE,
        ['天津市工业和信息化局\n2020年', `${name}\n2020年`],
        ['一、本年新收政府信息公开申请数量 | 20 | 3 | 0 | 0 | 0 | 0 | 23 |', `一、本年新收政府信息公开申请数量 | ${received - 3} | 3 | 0 | 0 | 0 | 0 | ${received} |`],
        ['二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', `二、上年结转政府信息公开申请数量 | ${23 - received} | 0 | 0 | 0 | 0 | 0 | ${23 - received} |`],
        ['全年我局共办理依申请公开23件', `全年共办理依申请公开${received}件`],
      );
    const city = await reportOf(as('天津市人民政府', 20));
    const a = await reportOf(as('天津市和平区人民政府', 12));
    const b = await reportOf(as('天津市河西区人民政府', 11));
    expect([city.agency, a.agency, b.agency]).toEqual(['天津市人民政府', '天津市和平区人民政府', '天津市河西区人民政府']);
    const all = [city, a, b];
    // all districts loaded: 20 against 12 + 11
    const fs = reviewReport(city, { others: all, districts: ['和平区', '河西区'] });
    expect(fs.map((f) => [f.id.split('-').slice(0, 2).join('-'), f.row.at(-1), f.expected, f.printed])).toEqual([
      ['city-sum', '一、本年新收政府信息公开申请数量', 23, 20],
      // every copy keeps Tianjin's results (23 handled, 1 disclosed): the districts' sums double them
      ['city-sum', '（七）总计', 46, 23],
      ['city-sum', '（一）予以公开', 2, 1],
    ]);
    // one missing: named, and no sum compared
    const missing = reviewReport(city, { others: all, districts: ['和平区', '河西区', '南开区'] });
    expect(missing.map((f) => f.message)).toEqual(['天津市2020年：已载入和平区、河西区的报告，缺南开区，未与各区县之和比较']);
    // no list: compared only where the city is below the loaded districts
    expect(reviewReport(city, { others: all }).map((f) => [f.expected, f.printed])).toEqual([
      [23, 20],
      [46, 23],
      [2, 1],
    ]);
    expect(reviewReport(city, { others: [city, a] })).toEqual([]);
  });
});

describe('报告自检: robustness and output', () => {
  it('any digits changed anywhere in the tables: the review never throws and every finding is well formed', async () => {
    const fc = await import('fast-check');
    const lines = WHOLE.split('\n');
    const tableLines = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes('|') && /\d/.test(l)).map(([, i]) => i);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...tableLines), fc.nat(20), fc.constantFrom('0', '7', '99', '', '/', '-3', '2.5')), { maxLength: 6 }), async (edits) => {
        const copy = [...lines];
        for (const [i, k, v] of edits) {
          const cells = copy[i]!.split('|');
          const j = 1 + (k % Math.max(1, cells.length - 1));
          if (/^\s*\d+\s*$/.test(cells[j] ?? '')) cells[j] = ` ${v} `;
          copy[i] = cells.join('|');
        }
        const file = join(tmp, `fuzz-${n++}.txt`);
        writeFileSync(file, copy.join('\n'));
        const r = await ingestFile(file);
        const fs = reviewReport(r, { others: [r] });
        for (const f of fs) {
          expect(['error', 'warning', 'hint']).toContain(f.severity);
          expect(f.id).toMatch(/^[a-z0-9-]+-[0-9a-f]{8}$/);
          expect(f.message).not.toMatch(/undefined|NaN/);
        }
        expect(new Set(fs.map((f) => f.id)).size).toBe(fs.length);
      }),
      { numRuns: 40 },
    );
  });

  it('the HTML page escapes what the report prints', async () => {
    const { renderHtml, renderText } = await import('../src/check/render.js');
    const r = await reportOf(edit(WHOLE, ['全年我局共办理依申请公开23件', '全年我局<script>alert(1)</script>共办理依申请公开32件']));
    const fs = reviewReport(r);
    expect(fs).toHaveLength(1);
    const html = renderHtml([{ report: r, findings: fs }], []);
    expect(html).not.toMatch(/<\/?script/);
    expect(html).toContain('alert(1)&lt;/script&gt;共办理依申请公开32件');
    expect(renderText([{ report: r, findings: fs }], [], new Set([fs[0]!.id]))).toContain('报告自检：没有发现问题（另有 1 处已标记为看过）');
  });
});
