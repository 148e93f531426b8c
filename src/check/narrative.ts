// The narrative against the tables: sentences that restate a table figure (全年共办理依申请公开23件;
// 收到申请154件，办结148件，结转6件; 行政复议3件; 主动公开规章13件; 所有申请均已办结).
// A figure that differs is a warning: the report contradicts itself, though either side may be right.
import type { Finding, NarrativeFigure, Report } from '../model.js';
import { blocks2 } from '../template.js';
import { finding, indexFacts, NEW, NEXT, TOTAL, total3, total4 } from './finding.js';

const PUNCT = [',', '，', ';', '；', '。', ':', '：', '(', '（'];

/** Where the figure stands in its sentence: its text not inside a longer number (3件 is not the end of 23件). */
function indexOfFigure(f: NarrativeFigure): number {
  for (let i = f.sentence.indexOf(f.raw); i >= 0; i = f.sentence.indexOf(f.raw, i + 1)) if (!/[\d.]/.test(f.sentence[i - 1] ?? '')) return i;
  return -1;
}

/** The clause before the figure (back to the last comma) and the text after it. */
function around(f: NarrativeFigure): { clause: string; after: string; before: string } | null {
  const idx = indexOfFigure(f);
  if (idx < 0) return null;
  const before = f.sentence.slice(0, idx);
  const clause = before.slice(Math.max(...PUNCT.map((c) => before.lastIndexOf(c))) + 1);
  return { clause, before, after: f.sentence.slice(idx + f.raw.length, idx + f.raw.length + 24) };
}

function quote(f: NarrativeFigure): string {
  const idx = Math.max(0, indexOfFigure(f));
  return f.sentence.length > 60 ? f.sentence.slice(Math.max(0, idx - 30), idx + 20) : f.sentence;
}

const THREE_WHY =
  '正文复述了表三的数字，两处应一致。不一致时，可能是正文只算了一部分（如只算本机关、不含下属单位），也可能是某处笔误；请核对后统一，或在正文说明口径。';

/** Table 三 restated: 本年新收, 办结/答复 (（七）总计), 结转下年度. These are stored with the report at ingest. */
export function narrativeFindings(r: Report): Finding[] {
  const out: Finding[] = [];
  const g3 = indexFacts(r.facts, '三');
  const total = (row: string[]) => g3(row, ['总计']);
  const rules: { re: RegExp; row: string[]; what: string; code: string }[] = [
    { code: 'n3-new', re: /((共|全年|本年度?)[^]{0,12}(收到|受理|新收|办理)|^(?!其中)[^]{0,12}(收到|受理|新收))[^]{0,12}(申请|依申请公开)[^\d]{0,4}$/, row: NEW, what: '本年新收政府信息公开申请数量' },
    { code: 'n3-done', re: /^(?![^]*(公开|提供|处理)[^]*(办结|答复))[^]{0,8}(办结|答复)了?(政府信息公开|依申请公开)?(申请)?(共|总计)?$/, row: TOTAL, what: '（七）总计' },
    { code: 'n3-next', re: /(结转(下|至下|到下)|转下一?年度?|顺延)[^\d]{0,8}$/, row: NEXT, what: '四、结转下年度继续办理' },
  ];
  const seen = new Set<string>();
  for (const f of r.figures) {
    if (f.unit !== '件' || f.approximate) continue;
    const a = around(f);
    if (!a) continue;
    for (const rule of rules) {
      const nextAfter = rule.row === NEXT && /^[^。；，,\d]{0,12}(结转下|结转至下|结转到下|顺延|转下一?年)/.test(a.after);
      if (!nextAfter && (!rule.re.test(a.clause) || /上一?年度?结转/.test(a.clause))) continue;
      const t = total(rule.row);
      const key = `${rule.what}|${f.value}`;
      if (!t || seen.has(key)) break;
      seen.add(key);
      if (t.value !== f.value)
        out.push(
          finding({
            code: rule.code,
            kind: 'narrative',
            severity: 'warning',
            table: '三',
            rule: `正文数字与表三「${rule.what}」一致`,
            row: rule.row,
            column: ['总计'],
            expected: t.value,
            printed: f.value,
            message: `正文写「${quote(f)}」，为${f.value}件；表三「${rule.what}」总计为${t.value}件`,
            explanation: THREE_WHY,
            section: f.section,
            at: f.at,
          }),
        );
      break;
    }
  }
  return out;
}

const FOUR_WHY = '正文的行政复议、行政诉讼件数应与表四的总计一致（行政诉讼为未经复议直接起诉与复议后起诉之和）。';

/** Beyond table 三: 行政复议/行政诉讼 against table 四, 主动公开 规章/规范性文件 against table 二, and
 * "everything was handled" against a non-zero 结转下年度. Part of the full review (npm run check). */
export function moreNarrativeFindings(r: Report): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const push = (key: string, f: Parameters<typeof finding>[0]) => {
    if (seen.has(key)) return;
    seen.add(key);
    out.push(finding(f));
  };
  // 行政复议 N件 / 行政诉讼 N件
  for (const f of r.figures) {
    if (f.unit !== '件' || f.approximate) continue;
    const a = around(f);
    if (!a) continue;
    // the word before the figure (行政复议3件, 行政诉讼数为0件) or closing the words after it (1件涉及…的行政复议)
    const tail = /(行政复议|行政诉讼|诉讼)(案件|申请)?(数量?)?(为|共|总计|合计|共计|达)?$/.exec(a.clause);
    const ahead = /^[^。；，,\d]{0,16}?(行政复议|行政诉讼)(案件|申请)?$/.exec(a.after.split(/[。；，,]/)[0]!);
    const word = tail?.[1] ?? ahead?.[1];
    if (!word || /复议后|结果|其中/.test(a.clause)) continue;
    const what = word === '行政复议' ? '行政复议' : '行政诉讼';
    const t = total4(r, what);
    if (t === undefined) continue;
    if (t !== f.value)
      push(`${what}|${f.value}`, {
        code: what === '行政复议' ? 'n4-review' : 'n4-lawsuit',
        kind: 'narrative',
        severity: 'warning',
        table: '四',
        rule: `正文数字与表四「${what}」总计一致`,
        row: what === '行政复议' ? ['行政复议'] : ['行政诉讼'],
        column: ['总计'],
        expected: t,
        printed: f.value,
        message: `正文写「${quote(f)}」，为${f.value}件；表四「${what}」总计为${t}件`,
        explanation: FOUR_WHY,
        section: f.section,
        at: f.at,
      });
  }
  // 未发生/没有 … 行政复议或行政诉讼: zero in the narrative
  for (const s of r.sections) {
    for (const m of s.text.matchAll(/(未发生|没有发生|未出现|未收到|没有收到|无)[^。；，,\d]{0,24}?(行政复议|行政诉讼)([^。；，,\d]{0,6}(行政复议|行政诉讼))?/g)) {
      const words = new Set([m[2], m[4]].filter(Boolean).map((w) => w!));
      for (const what of ['行政复议', '行政诉讼'] as const) {
        if (!words.has(what)) continue;
        const t = total4(r, what);
        if (t === undefined || t === 0) continue;
        push(`${what}|0`, {
          code: what === '行政复议' ? 'n4-review-none' : 'n4-lawsuit-none',
          kind: 'narrative',
          severity: 'warning',
          table: '四',
          rule: `正文说没有${what}，表四「${what}」总计应为0`,
          row: [what],
          column: ['总计'],
          expected: t,
          printed: 0,
          message: `正文写「${m[0]}」，而表四「${what}」总计为${t}件`,
          explanation: FOUR_WHY,
          section: s.canonical,
          at: s.at,
        });
      }
    }
  }
  // 主动公开规章N件 / 规范性文件N件 against table 二 第二十条第（一）项
  const g2 = indexFacts(r.facts, '二');
  const v2 = r.versions['二'];
  if (v2) {
    const block = blocks2(v2)[0]!;
    for (const f of r.figures) {
      if (f.unit !== '件' || f.approximate || f.section !== '一、总体情况' && f.section !== '二、主动公开政府信息情况') continue;
      const a = around(f);
      if (!a) continue;
      const m = /(规章|规范性文件)$/.exec(a.clause);
      if (!m || /政策性|其他|其它/.test(a.clause)) continue;
      const verb = /(主动公开|新增公开|公开|制发|制定|出台|印发)[^。；]*$/.exec(a.before)?.[1];
      if (!verb || /解读|清理|废止|备案|审查|失效/.test(a.clause)) continue;
      const rowName = m[1] === '规章' ? '规章' : block.rows[1]!;
      // the column that means the same: 2019 本年新公开数量 (公开) or 本年新制作数量 (制定/制发); 2021 本年制发件数
      const col = v2 === '2021' ? '本年制发件数' : /公开/.test(verb) ? '本年新公开数量' : '本年新制作数量';
      const cell = g2([block.label, rowName], [col]);
      if (!cell || cell.value === f.value) continue;
      push(`${rowName}|${f.value}`, {
        code: 'n2-documents',
        kind: 'narrative',
        severity: 'warning',
        table: '二',
        rule: `正文数字与表二「${rowName} › ${col}」一致`,
        row: [block.label, rowName],
        column: [col],
        expected: cell.value,
        printed: f.value,
        message: `正文写「${quote(f)}」，为${f.value}件；表二「${rowName}」${col}为${cell.value}件`,
        explanation: `正文所说的${verb}${rowName}件数，与表二${block.label}「${col}」含义相同，应一致；如口径不同（如含转发、不含本机关），请在正文说明。`,
        section: f.section,
        at: f.at,
      });
    }
  }
  // 所有申请均已办结 against 结转下年度
  const next = total3(r, NEXT);
  if (next !== undefined && next > 0) {
    for (const s of r.sections) {
      const m = /(所有|全部)[^。；，,]{0,10}?(均|都)?已?[^。；，,]{0,6}?(办结|办理完成|办理完毕|处理完毕|答复完毕)|均已(办结|办理完成|办理完毕|处理完毕|答复完毕)/.exec(s.text);
      if (!m) continue;
      push('all-done', {
        code: 'n3-all-done',
        kind: 'narrative',
        severity: 'warning',
        table: '三',
        rule: '正文说申请全部办结，表三「四、结转下年度继续办理」应为0',
        row: NEXT,
        column: ['总计'],
        expected: 0,
        printed: next,
        message: `正文写「${m[0]}」，而表三「四、结转下年度继续办理」总计为${next}件`,
        explanation: '有申请结转下年度继续办理，就不是全部办结；请改正文的说法，或核对表三的结转数。',
        section: s.canonical,
        at: s.at,
      });
      break;
    }
  }
  return out;
}
