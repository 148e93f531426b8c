// The full 报告自检 on the real reports of ../shared/corpus (skipped, saying so, when absent), all
// loaded together as a reviewer would: each file's findings by rule and severity.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkStatus, reviewReport } from '../src/check.js';
import { ingestFile } from '../src/ingest/index.js';
import type { Finding, Report } from '../src/model.js';
import { REPO } from './helpers/tianjin.js';

const CORPUS = join(REPO, '..', 'shared', 'corpus');
const present = existsSync(CORPUS);
const reports: Record<string, Report> = {};
beforeAll(async () => {
  if (!present) return;
  for (const f of readdirSync(CORPUS).sort()) reports[f] = await ingestFile(join(CORPUS, f));
});

const codes = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.id.slice(0, f.id.lastIndexOf('-'))}`);
const review = (file: string) => reviewReport(reports[file]!, { others: Object.values(reports) });

describe.skipIf(!present)('报告自检 on ../shared/corpus', () => {
  it('hongze-qu-2023.pdf: its table 四 does not add up (行政复议 11 vs 0; 复议后起诉 5 vs 0)', () => {
    const fs = review('hongze-qu-2023.pdf');
    expect(fs.map((f) => [f.severity, f.row.join(' › '), f.expected, f.printed])).toEqual([
      ['error', '行政复议', 11, 0],
      ['error', '行政诉讼 › 复议后起诉', 5, 0],
    ]);
  });

  it('hongze-qu-2024.pdf: 17 in the narrative against 95 in the table; the large changes from 2023 named', () => {
    const fs = review('hongze-qu-2024.pdf');
    expect(codes(fs)).toEqual(['warning n3-new', 'hint y-change', 'hint y-change', 'hint y-change']);
    expect(fs.slice(1).map((f) => [f.expected, f.printed])).toEqual([
      [21, 95],
      [21, 95],
      [0, 50],
    ]);
    // 行政规范性文件 in force: 5 (2023) + 3 made − 0 repealed = 8, as printed: no hint
    expect(fs.some((f) => f.id.startsWith('y-in-force'))).toBe(false);
  });

  it('shanghai-kewei-2024.md: a blank 总计 (结转 1), renumbered sections, a section 五 without its heading, "all handled" with 1 carried over, parts above their whole', () => {
    const fs = review('shanghai-kewei-2024.md');
    expect(codes(fs)).toEqual([
      'error t-blank',
      'warning n3-all-done',
      'warning nn-parts',
      'warning sec-number',
      'warning sec-number',
      'warning sec-number',
      'warning sec-heading',
      'warning sec-number',
    ]);
    // the 总计 of 四、结转下年度继续办理 is blank; 一 + 二 = （七）+ 四 says 1
    expect([fs[0]!.row, fs[0]!.column, fs[0]!.expected, fs[0]!.printed]).toEqual([['四、结转下年度继续办理'], ['总计'], 1, '空白']);
    // 发布信息2139条，其中 1744 + 393 + 21 + 2 = 2160
    expect([fs[2]!.expected, fs[2]!.printed]).toEqual([2139, 2160]);
    expect(fs.slice(3).map((f) => f.section)).toEqual([
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]);
    expect(fs[3]!.message).toContain('编号重新开始');
    expect(fs[4]!.message).toContain('编号整体错位');
  });

  it('checkStatus: hongze 2023 fails two identities; kewei passes, with its blank 结转下年度 总计 left unchecked', () => {
    const h = checkStatus(reports['hongze-qu-2023.pdf']!);
    expect([h.ok, h.failed.length, h.partial]).toEqual([false, 2, false]);
    const k = checkStatus(reports['shanghai-kewei-2024.md']!);
    expect([k.ok, k.failed.length, k.partial]).toEqual([true, 0, true]);
  });

  it('tianjin-gxj-2020.txt: no section 六', () => {
    expect(codes(review('tianjin-gxj-2020.txt'))).toEqual(['warning sec-missing']);
  });

  it('shanghai-bangongting-2019.html: its blank 总计 column is one finding naming its 11 rows; the other blanks one note a table; the narrative\'s 予以公开及部分公开258件 against the table\'s 275, and its share', () => {
    const r = reports['shanghai-bangongting-2019.html']!;
    const fs = review('shanghai-bangongting-2019.html');
    expect(codes(fs)).toEqual(['error t-blank', 'warning t-blank-zero', 'warning t-blank-zero', 'warning n3-result', 'warning nn-share']);
    // the figure checks are stored with the report at ingest
    expect(codes(r.findings)).toEqual(['error t-blank', 'warning t-blank-zero', 'warning t-blank-zero', 'warning n3-result']);
    // 258 is the 自然人 column of （一）予以公开; the table's （一）+（二） is 272 + 3
    expect([fs[3]!.expected, fs[3]!.printed]).toEqual([275, 258]);
    expect(fs[0]!.expected).toBe('272、3、14、5、4、12、265、47、25、149、9');
    // 予以公开及部分公开258件，占33.9%: 258 of the 805 answered is 32.05%
    expect([fs[4]!.expected, fs[4]!.printed]).toEqual(['32.0%', '33.9%']);
  });

  it('huaian-shi-2024.pdf and pingtan-2021.txt: nothing found; 淮安市 is not below its loaded district (洪泽区)', () => {
    expect(review('huaian-shi-2024.pdf')).toEqual([]);
    expect(review('pingtan-2021.txt')).toEqual([]);
  });
});
describe.skipIf(present)('报告自检 on ../shared/corpus', () => {
  it('skipped: ../shared/corpus not present', () => {});
});
