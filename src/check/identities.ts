// The template's arithmetic identities of tables 三 and 四 (report-format.md): each failure is an error.
import type { Fact, Finding, Report } from '../model.js';
import { COLUMNS_3, GROUPS_4, RESULT_COLUMNS_4, rows3 } from '../template.js';
import { CARRIED, finding, indexFacts, NEW, NEXT, TOTAL, type NewFinding } from './finding.js';

const BALANCE =
  '表三每一列都应满足“本年新收 + 上年结转 = 本年度办理结果总计 + 结转下年度”：收到的申请要么办结，要么结转。不相等说明某个格子填错或漏填。';
const RESULTS =
  '（七）总计是本年度办理结果（一）至（六）各项（含（三）（四）（五）下的各小项）之和；不相等说明某一项或总计填错。';
const ROW =
  '每一行的“总计”应等于自然人与法人或其他组织五类（商业企业、科研机构、社会公益组织、法律服务机构、其他）之和。';
const FOUR = '表四每组（行政复议、未经复议直接起诉、复议后起诉）的总计应等于结果维持、结果纠正、其他结果、尚未审结四项之和。';

export function identityFindings(r: Report): Finding[] {
  const out: Finding[] = [];
  const g3 = indexFacts(r.facts, '三');
  const version = r.versions['三'] ?? '2019';
  const parts = rows3(version).filter((x) => x.path[0] === '三、本年度办理结果' && x.path[1] !== '（七）总计');
  const colName = (c: string[]) => c[c.length - 1]!;
  const section = '三、收到和处理政府信息公开申请情况';
  for (const col of COLUMNS_3) {
    const [a, b, t, n] = [g3(NEW, col), g3(CARRIED, col), g3(TOTAL, col), g3(NEXT, col)];
    if (a && b && t && n && a.value + b.value !== t.value + n.value) {
      out.push(
        finding({
          code: 't3-balance',
          kind: 'identity',
          severity: 'error',
          table: '三',
          rule: '一 + 二 = （七）总计 + 四',
          row: TOTAL,
          column: col,
          expected: a.value + b.value - n.value,
          printed: t.value,
          message: `表三「${colName(col)}」列：本年新收${a.value} + 上年结转${b.value} = ${a.value + b.value}，而（七）总计${t.value} + 结转下年度${n.value} = ${t.value + n.value}`,
          explanation: BALANCE,
          section,
          at: t.at,
        }),
      );
    }
    sumCheck(out, parts.map((p) => g3(p.path, col)), t, (sum, total) => ({
      code: 't3-results',
      table: '三',
      rule: '（七）总计 = （一）+（二）+（三）（四）（五）各项 +（六）',
      row: TOTAL,
      column: col,
      message: `表三「${colName(col)}」列：（一）至（六）各项之和为${sum}，（七）总计印为${total.value}`,
      explanation: RESULTS,
      section,
    }));
  }
  for (const row of rows3(version)) {
    sumCheck(out, COLUMNS_3.slice(0, 6).map((c) => g3(row.path, c)), g3(row.path, ['总计']), (sum, total) => ({
      code: 't3-row',
      table: '三',
      rule: '总计 = 自然人 + 法人或其他组织五列',
      row: row.path,
      column: ['总计'],
      message: `表三「${row.path[row.path.length - 1]}」行：自然人与法人或其他组织各列之和为${sum}，总计印为${total.value}${total.raw === '' ? '（总计栏空白）' : ''}`,
      explanation: ROW + (total.raw === '' ? '这一行的总计栏是空白的，读作0。' : ''),
      section,
    }));
  }
  const g4 = indexFacts(r.facts, '四');
  for (const group of GROUPS_4) {
    sumCheck(out, RESULT_COLUMNS_4.slice(0, 4).map((c) => g4(group, [c])), g4(group, ['总计']), (sum, total) => ({
      code: 't4-group',
      table: '四',
      rule: '结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计',
      row: group,
      column: ['总计'],
      message: `表四「${group.join(' › ')}」：四项之和为${sum}，总计印为${total.value}`,
      explanation: FOUR,
      section: '四、政府信息公开行政复议、行政诉讼情况',
    }));
  }
  return out;
}

type Described = Pick<NewFinding, 'code' | 'table' | 'rule' | 'row' | 'column' | 'message' | 'explanation' | 'section'>;

/** Parts against their printed total: a finding when all are read and they do not add up. */
function sumCheck(out: Finding[], parts: (Fact | undefined)[], total: Fact | undefined, describe: (sum: number, total: Fact) => Described): void {
  if (!total || !parts.every(Boolean)) return;
  const sum = parts.reduce((s, f) => s + f!.value, 0);
  if (sum === total.value) return;
  out.push(finding({ ...describe(sum, total), kind: 'identity', severity: 'error', expected: sum, printed: total.value, at: total.at }));
}
