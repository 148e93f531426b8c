// A table's own cells: counts are whole and not negative, values are numbers (a placeholder such
// as /, —, 无 is named), and within table 二 a total that cannot be below its part.
import type { Fact, Finding, Report } from '../model.js';
import { pathKey } from '../template.js';
import { finding, indexFacts } from './finding.js';

const PLACEHOLDER = /^(—+|-+|－+|\/|／|无|空|不适用|\\)$/;
const SECTION_OF: Record<Fact['table'], string> = {
  二: '二、主动公开政府信息情况',
  三: '三、收到和处理政府信息公开申请情况',
  四: '四、政府信息公开行政复议、行政诉讼情况',
};

/** Counts: every cell of tables 三 and 四, and the 件/项 columns of table 二 other than the signed 本年增/减. */
function isCount(f: Fact): boolean {
  if (f.table !== '二') return true;
  if (f.column.some((c) => /增\/减/.test(c))) return false;
  return f.unit === '件' || f.unit === '项' || /数量|件数/.test(f.column.at(-1) ?? '');
}

const where = (f: Fact) => `表${f.table}「${pathKey(f.row)}」「${pathKey(f.column)}」`;

export function cellFindings(r: Report): Finding[] {
  const out: Finding[] = [];
  for (const f of r.facts) {
    const raw = f.raw.trim();
    const base = { kind: 'cells' as const, table: f.table, row: f.row, column: f.column, section: SECTION_OF[f.table], at: f.at };
    if (raw && PLACEHOLDER.test(raw.replace(/\s+/g, ''))) {
      out.push(
        finding({
          ...base,
          code: 'cell-placeholder',
          severity: 'warning',
          rule: '数字栏应填数字（没有就填0）',
          expected: 0,
          printed: raw,
          message: `${where(f)}印为「${raw}」，不是数字（按0读取）`,
          explanation: `模板的数字栏应填数字，没有发生的填0。「${raw}」这类占位符读者无法确定是0、未统计还是不适用，建议改为0或在表下注明。`,
        }),
      );
      continue;
    }
    if (!isCount(f)) continue;
    if (!Number.isInteger(f.value) || f.value < 0) {
      out.push(
        finding({
          ...base,
          code: 'cell-count',
          severity: 'warning',
          rule: '件数、项数应为不小于0的整数',
          expected: null,
          printed: f.value,
          message: `${where(f)}为${f.raw || f.value}，件数、项数应为不小于0的整数`,
          explanation: '这一栏是件数或项数，只能是0或正整数；小数或负数多半是填错了栏目或多打了符号。',
        }),
      );
    }
  }
  // 2019 table 二: 对外公开总数量 (all in force) is not below 本年新公开数量 (this year's)
  if (r.versions['二'] === '2019') {
    const g = indexFacts(r.facts, '二');
    for (const row of ['规章', '规范性文件']) {
      const path = ['第二十条第（一）项', row];
      const made = g(path, ['本年新公开数量']);
      const all = g(path, ['对外公开总数量']);
      if (made && all && all.value < made.value)
        out.push(
          finding({
            code: 't2-total-below-new',
            kind: 'cells',
            severity: 'hint',
            table: '二',
            rule: '对外公开总数量不小于本年新公开数量',
            row: path,
            column: ['对外公开总数量'],
            expected: made.value,
            printed: all.value,
            message: `表二「${row}」对外公开总数量为${all.value}件，少于本年新公开数量${made.value}件`,
            explanation: '对外公开总数量包含本年新公开的文件，一般不会更少；除非本年有大量文件废止，请核对。',
            section: SECTION_OF['二'],
            at: all.at,
          }),
        );
    }
  }
  return out;
}
