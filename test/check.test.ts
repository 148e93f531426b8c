// 报告自检 on copies of the Tianjin report with one thing changed: each identity of
// report-format.md fails naming its table, row, column, expected and printed value, and the
// narrative is compared with the table figures it restates.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkReport } from '../src/check.js';
import { ingestFile } from '../src/ingest/index.js';
import type { Finding } from '../src/model.js';
import { TIANJIN, tianjinWith } from './helpers/tianjin.js';

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

async function findingsOf(from: string, to: string): Promise<Pick<Finding, 'kind' | 'table' | 'row' | 'column' | 'expected' | 'printed'>[]> {
  const file = join(tmp, `copy-${n++}.txt`);
  writeFileSync(file, tianjinWith(from, to));
  const r = await ingestFile(file);
  expect(r.unread).toEqual([]);
  // the check is a pure function of the report: running it again gives the same
  expect(checkReport(r)).toEqual(r.findings);
  for (const f of r.findings) expect(f.message.length).toBeGreaterThan(5);
  return r.findings.map(({ kind, table, row, column, expected, printed }) => ({ kind, table, row, column, expected, printed }));
}

const R = '三、本年度办理结果';
const TOTAL = [R, '（七）总计'];

describe('报告自检', () => {
  it('passes on the Tianjin report', async () => {
    expect((await ingestFile(TIANJIN)).findings).toEqual([]);
  });

  it('table 三 per row: a changed 总计 cell', async () => {
    expect(await findingsOf('(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |', '(六)其它处理 | 5 | 0 | 0 | 0 | 0 | 0 | 6 |')).toEqual([
      // the 总计 column no longer adds up to （七）总计, and the row's own sum is 5
      { kind: 'identity', table: '三', row: TOTAL, column: ['总计'], expected: 24, printed: 23 },
      { kind: 'identity', table: '三', row: [R, '（六）其他处理'], column: ['总计'], expected: 5, printed: 6 },
    ]);
  });

  it('table 三 per column: an item under （四）无法提供 changed with its row total', async () => {
    expect(
      await findingsOf('1.本机关不掌握相关政府信息 | 11 | 3 | 0 | 0 | 0 | 0 | 14 |', '1.本机关不掌握相关政府信息 | 12 | 3 | 0 | 0 | 0 | 0 | 15 |'),
    ).toEqual([
      { kind: 'identity', table: '三', row: TOTAL, column: ['自然人'], expected: 21, printed: 20 },
      { kind: 'identity', table: '三', row: TOTAL, column: ['总计'], expected: 24, printed: 23 },
    ]);
  });

  it('table 三: 一 + 二 = （七）总计 + 四, with 结转下年度 changed', async () => {
    expect(await findingsOf('四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 2 | 2 |')).toEqual([
      { kind: 'identity', table: '三', row: TOTAL, column: ['法人或其他组织', '其他'], expected: -2, printed: 0 },
      { kind: 'identity', table: '三', row: TOTAL, column: ['总计'], expected: 21, printed: 23 },
    ]);
  });

  it('table 四 per group: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计', async () => {
    expect(
      await findingsOf('\n0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '\n0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 0 | 3 |'),
    ).toEqual([
      { kind: 'identity', table: '四', row: ['行政诉讼', '复议后起诉'], column: ['总计'], expected: 0, printed: 3 },
    ]);
  });

  it('the narrative against the table: 全年共办理依申请公开 N件 vs 本年新收 总计', async () => {
    expect(await findingsOf('全年我局共办理依申请公开23件', '全年我局共办理依申请公开32件')).toEqual([
      { kind: 'narrative', table: '三', row: ['一、本年新收政府信息公开申请数量'], column: ['总计'], expected: 23, printed: 32 },
    ]);
  });

  it('the narrative against the table: 办结 and 结转 sentences', async () => {
    const extra = '全年我局共办理依申请公开23件,办结22件,结转下年度1件,答复率100%';
    expect(await findingsOf('全年我局共办理依申请公开23件,答复率100%', extra)).toEqual([
      { kind: 'narrative', table: '三', row: TOTAL, column: ['总计'], expected: 23, printed: 22 },
      { kind: 'narrative', table: '三', row: ['四、结转下年度继续办理'], column: ['总计'], expected: 0, printed: 1 },
    ]);
  });
});
