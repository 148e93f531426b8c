// 报告自检: the template's arithmetic identities, and narrative figures against the tables.
// Reports what does not add up and where; never "fixes" the report.
import type { Fact, Finding, Report } from './model.js';
import { COLUMNS_3, GROUPS_4, pathKey, RESULT_COLUMNS_4, rows3 } from './template.js';

type Get = (row: string[], column: string[]) => Fact | undefined;

function indexFacts(facts: Fact[], table: Fact['table']): Get {
  const m = new Map<string, Fact>();
  for (const f of facts) if (f.table === table) m.set(`${pathKey(f.row)}|${pathKey(f.column)}`, f);
  return (row, column) => m.get(`${pathKey(row)}|${pathKey(column)}`);
}

const NEW = ['一、本年新收政府信息公开申请数量'];
const CARRIED = ['二、上年结转政府信息公开申请数量'];
const TOTAL = ['三、本年度办理结果', '（七）总计'];
const NEXT = ['四、结转下年度继续办理'];

export function checkReport(r: Report): Finding[] {
  const out: Finding[] = [];
  const g3 = indexFacts(r.facts, '三');
  const version = r.versions['三'] ?? '2019';
  const parts = rows3(version).filter((x) => x.path[0] === '三、本年度办理结果' && x.path[1] !== '（七）总计');
  const colName = (c: string[]) => c[c.length - 1]!;
  for (const col of COLUMNS_3) {
    const [a, b, t, n] = [g3(NEW, col), g3(CARRIED, col), g3(TOTAL, col), g3(NEXT, col)];
    if (a && b && t && n && a.value + b.value !== t.value + n.value) {
      out.push({
        kind: 'identity',
        table: '三',
        rule: '一 + 二 = （七）总计 + 四',
        row: TOTAL,
        column: col,
        expected: a.value + b.value - n.value,
        printed: t.value,
        message: `表三「${colName(col)}」列：本年新收${a.value} + 上年结转${b.value} = ${a.value + b.value}，而（七）总计${t.value} + 结转下年度${n.value} = ${t.value + n.value}`,
      });
    }
    sumCheck(out, parts.map((p) => g3(p.path, col)), t, (sum, total) => ({
      table: '三',
      rule: '（七）总计 = （一）+（二）+（三）（四）（五）各项 +（六）',
      row: TOTAL,
      column: col,
      message: `表三「${colName(col)}」列：（一）至（六）各项之和为${sum}，（七）总计印为${total.value}`,
    }));
  }
  for (const row of rows3(version)) {
    sumCheck(out, COLUMNS_3.slice(0, 6).map((c) => g3(row.path, c)), g3(row.path, ['总计']), (sum, total) => ({
      table: '三',
      rule: '总计 = 自然人 + 法人或其他组织五列',
      row: row.path,
      column: ['总计'],
      message: `表三「${row.path[row.path.length - 1]}」行：自然人与法人或其他组织各列之和为${sum}，总计印为${total.value}${total.raw === '' ? '（总计栏空白）' : ''}`,
    }));
  }
  const g4 = indexFacts(r.facts, '四');
  for (const group of GROUPS_4) {
    sumCheck(out, RESULT_COLUMNS_4.slice(0, 4).map((c) => g4(group, [c])), g4(group, ['总计']), (sum, total) => ({
      table: '四',
      rule: '结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计',
      row: group,
      column: ['总计'],
      message: `表四「${group.join(' › ')}」：四项之和为${sum}，总计印为${total.value}`,
    }));
  }
  out.push(...narrativeAgainstTables(r, g3));
  return out;
}

/** Parts against their printed total: a finding when all are read and they do not add up. */
function sumCheck(
  out: Finding[],
  parts: (Fact | undefined)[],
  total: Fact | undefined,
  describe: (sum: number, total: Fact) => Omit<Finding, 'kind' | 'expected' | 'printed'>,
): void {
  if (!total || !parts.every(Boolean)) return;
  const sum = parts.reduce((s, f) => s + f!.value, 0);
  if (sum === total.value) return;
  const { table, rule, row, column, message } = describe(sum, total);
  out.push({ kind: 'identity', table, rule, row, column, expected: sum, printed: total.value, message });
}

/** Sentences that restate table 三 (全年共办理依申请公开23件; 收到申请154件，办结148件，结转6件). */
function narrativeAgainstTables(r: Report, g3: Get): Finding[] {
  const out: Finding[] = [];
  const total = (row: string[]) => g3(row, ['总计']);
  // tested on the clause before the figure (back to the last comma)
  const rules: { re: RegExp; row: string[]; what: string }[] = [
    { re: /((共|全年|本年度?)[^]{0,12}(收到|受理|新收|办理)|^(?!其中)[^]{0,12}(收到|受理|新收))[^]{0,12}(申请|依申请公开)[^\d]{0,4}$/, row: NEW, what: '本年新收政府信息公开申请数量' },
    { re: /^(?![^]*(公开|提供|处理)[^]*(办结|答复))[^]{0,8}(办结|答复)了?(政府信息公开|依申请公开)?(申请)?(共|总计)?$/, row: TOTAL, what: '（七）总计' },
    { re: /(结转(下|至下|到下)|转下一?年度?|顺延)[^\d]{0,8}$/, row: NEXT, what: '四、结转下年度继续办理' },
  ];
  const seen = new Set<string>();
  for (const f of r.figures) {
    if (f.unit !== '件' || f.approximate) continue;
    const idx = f.sentence.indexOf(f.raw);
    if (idx < 0) continue;
    const before = f.sentence.slice(0, idx);
    const clause = before.slice(Math.max(...[',', '，', ';', '；', '。', ':', '：', '(', '（'].map((c) => before.lastIndexOf(c))) + 1);
    const after = f.sentence.slice(idx + f.raw.length, idx + f.raw.length + 24);
    for (const rule of rules) {
      const nextAfter = rule.row === NEXT && /^[^。；，,\d]{0,12}(结转下|结转至下|结转到下|顺延|转下一?年)/.test(after);
      if (!nextAfter && (!rule.re.test(clause) || /上一?年度?结转/.test(clause))) continue;
      const t = total(rule.row);
      const key = `${rule.what}|${f.value}`;
      if (!t || seen.has(key)) break;
      seen.add(key);
      if (t.value !== f.value)
        out.push({
          kind: 'narrative',
          table: '三',
          rule: `正文数字与表三「${rule.what}」一致`,
          row: rule.row,
          column: ['总计'],
          expected: t.value,
          printed: f.value,
          message: `正文写「${f.sentence.length > 60 ? f.sentence.slice(Math.max(0, idx - 30), idx + 20) : f.sentence}」，为${f.value}件；表三「${rule.what}」总计为${t.value}件`,
        });
      break;
    }
  }
  return out;
}
