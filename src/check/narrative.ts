// The narrative against the tables: what the narrative says (statements.ts: requests received,
// handled, carried over from last year and to the next; reviews and lawsuits; "all handled"; "no
// review") against tables 三 and 四, and 主动公开 规章/规范性文件 against table 二. The 口径 is
// explicit: 受理749件 is 本年新收 713 + 上年结转 36, and consistent. A figure that differs is a
// warning: the report contradicts itself, though either side may be right.
import type { Finding, NarrativeFigure, Report } from '../model.js';
import { blocks2, rows3 } from '../template.js';
import { CARRIED, finding, indexFacts, NEW, NEXT, TOTAL, total3, total4 } from './finding.js';
import { narrativeOf, readClaims, readStatements, type Statement } from './statements.js';

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

/** The sentence, or the part of a long one around the figure. */
export function quote(f: { sentence: string; raw: string }, idx = f.sentence.indexOf(f.raw)): string {
  const i = Math.max(0, idx);
  return f.sentence.length > 60 ? f.sentence.slice(Math.max(0, i - 30), i + 20) : f.sentence;
}

const THREE_WHY =
  '正文复述了表三的数字，两处应一致。不一致时，可能是正文只算了一部分（如只算本机关、不含下属单位），也可能是某处笔误；请核对后统一，或在正文说明口径。';

/** The table figures a statement of table 三 may restate, each with its 口径 in words. */
function readings3([a, b, t, n]: (number | undefined)[], s: Statement): { label: string; value: number }[] | null {
  const out: { label: string; value: number }[] = [];
  const add = (label: string, value: number | undefined) => value !== undefined && out.push({ label, value });
  // 办理N件 says received or handled: either of them, or the received with last year's, is it
  if (s.quantity === 'received' || s.either) {
    add('「一、本年新收」', a);
    if (a !== undefined && b) add(`「一、本年新收」${a}件加「二、上年结转」${b}件`, a + b);
  }
  if (s.quantity === 'handled') add('「三、本年度办理结果（七）总计」', t);
  if (s.quantity === 'carriedIn') add('「二、上年结转」', b);
  if (s.quantity === 'carriedOut') add('「四、结转下年度继续办理」', n);
  return out.length ? out : null;
}

/** The results of handling as the narrative names them, and the rows of table 三 they stand for. */
const RESULT_GROUPS: [RegExp, string][] = [
  [/予以公开|同意公开|全部公开/, '（一）予以公开'],
  [/部分公开/, '（二）部分公开'],
  [/不予公开/, '（三）不予公开'],
  [/无法提供/, '（四）无法提供'],
  [/不予处理/, '（五）不予处理'],
  [/其他处理|其它处理/, '（六）其他处理'],
];

/** The rows of table 三 a result stated in the narrative counts: an item it names (本机关不掌握), else the groups it names (予以公开及部分公开). */
function resultRows(r: Report, words: string): { label: string; rows: string[][] } | null {
  const rows = rows3(r.versions['三'] ?? '2019').filter((x) => x.path[0] === '三、本年度办理结果' && x.path[1] !== '（七）总计');
  const key = (label: string) => label.replace(/^\d+\.(属于)?/, '').slice(0, 5);
  const item = rows.find((x) => x.path.length === 3 && key(x.path[2]!).length >= 4 && words.includes(key(x.path[2]!)));
  if (item) return { label: `「${item.path[2]}」`, rows: [item.path] };
  const groups = RESULT_GROUPS.filter(([re]) => re.test(words)).map(([, g]) => g);
  if (!groups.length) return null;
  return { label: groups.map((g) => `「${g.replace(/（区分处理的.*$/, '')}」`).join('加'), rows: rows.filter((x) => groups.some((g) => x.path[1]!.startsWith(g))).map((x) => x.path) };
}

const ROW_OF: Partial<Record<Statement['quantity'], { row: string[]; code: string }>> = {
  received: { row: NEW, code: 'n3-new' },
  handled: { row: TOTAL, code: 'n3-done' },
  carriedIn: { row: CARRIED, code: 'n3-carried' },
  carriedOut: { row: NEXT, code: 'n3-next' },
};

/** Table 三 restated in the narrative: received, handled, carried over from last year and to the next. */
export function narrativeFindings(r: Report): Finding[] {
  if (r.year < 2019) return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  const table = [total3(r, NEW), total3(r, CARRIED), total3(r, TOTAL), total3(r, NEXT)];
  for (const s of readStatements(narrativeOf(r))) {
    if (s.quantity === 'result') {
      const f = resultFinding(r, s);
      if (f && !seen.has(f.id)) {
        seen.add(f.id);
        out.push(f);
      }
      continue;
    }
    // a part (其中…) is not the total, except the carried over, which has one figure in the table
    if (s.part && s.quantity !== 'carriedIn' && s.quantity !== 'carriedOut') continue;
    const rs = readings3(table, s);
    const where = ROW_OF[s.either ? 'received' : s.quantity];
    if (!rs || !where || rs.some((x) => x.value === s.value)) continue;
    const key = `${s.quantity}|${s.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const f = s.at.n;
    const main = rs[0]!;
    const said = rs.map((x) => `${x.label}为${x.value}件`).join('，');
    out.push(
      finding({
        code: where.code,
        kind: 'narrative',
        severity: 'warning',
        table: '三',
        rule: `正文数字与表三${main.label}一致`,
        row: where.row,
        column: ['总计'],
        expected: main.value,
        printed: s.value,
        message: `正文写「${quote(f, s.at.index)}」，为${s.value}${f.unit}；表三${said}${rs.length > 1 ? `，都不是${s.value}件` : ''}`,
        explanation: THREE_WHY,
        section: f.section,
        at: f.at,
      }),
    );
  }
  return out;
}

/** A result of handling requests stated in the narrative (予以公开20件) against its rows of table 三. */
function resultFinding(r: Report, s: Statement): Finding | null {
  if (!s.result || /^(结果|其他结果|尚未审结)/.test(s.result)) return null;
  const words = s.at.before || s.at.after;
  const which = resultRows(r, words);
  if (!which) return null;
  const cells = which.rows.map((row) => total3(r, row));
  if (cells.some((x) => x === undefined)) return null;
  const table = cells.reduce<number>((a, b) => a + b!, 0);
  if (table === s.value) return null;
  const f = s.at.n;
  return finding({
    code: 'n3-result',
    kind: 'narrative',
    severity: 'warning',
    table: '三',
    rule: `正文数字与表三${which.label}一致`,
    row: which.rows.length === 1 ? which.rows[0]! : which.rows[0]!.slice(0, 2),
    column: ['总计'],
    expected: table,
    printed: s.value,
    message: `正文写「${quote(f, s.at.index)}」，为${s.value}件；表三${which.label}${which.rows.length > 1 ? '各项之和' : ''}为${table}件`,
    explanation: THREE_WHY,
    section: f.section,
    at: f.at,
    key: which.label,
  });
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
  if (r.year < 2019) return out;
  const input = narrativeOf(r);
  // 行政复议 N件 / 行政诉讼 N件 (a lawsuit figure may count one group of table 四 or both)
  const g4 = indexFacts(r.facts, '四');
  const totals4 = { 行政复议: total4(r, '行政复议'), 行政诉讼: total4(r, '行政诉讼') };
  const groups = [g4(['行政诉讼', '未经复议直接起诉'], ['总计'])?.value, g4(['行政诉讼', '复议后起诉'], ['总计'])?.value];
  for (const s of readStatements(input)) {
    if ((s.quantity !== 'review' && s.quantity !== 'lawsuit') || s.part) continue;
    const what = s.quantity === 'review' ? '行政复议' : '行政诉讼';
    const t = totals4[what];
    if (t === undefined) continue;
    if (t === s.value || (what === '行政诉讼' && groups.includes(s.value))) continue;
    const f = s.at.n;
    push(`${what}|${s.value}`, {
      code: what === '行政复议' ? 'n4-review' : 'n4-lawsuit',
      kind: 'narrative',
      severity: 'warning',
      table: '四',
      rule: `正文数字与表四「${what}」总计一致`,
      row: [what],
      column: ['总计'],
      expected: t,
      printed: s.value,
      message: `正文写「${quote(f, s.at.index)}」，为${s.value}件；表四「${what}」总计为${t}件`,
      explanation: FOUR_WHY,
      section: f.section,
      at: f.at,
    });
  }
  // claims without a number: 未发生…行政复议 against table 四; 所有申请均已办结 against 结转下年度
  const next = total3(r, NEXT);
  const received = total3(r, NEW);
  for (const c of readClaims(input)) {
    if (c.kind === 'noRequests') {
      if (received === undefined || received === 0) continue;
      push('none-received', {
        code: 'n3-none',
        kind: 'narrative',
        severity: 'warning',
        table: '三',
        rule: '正文说没有收到申请，表三「一、本年新收」应为0',
        row: NEW,
        column: ['总计'],
        expected: received,
        printed: 0,
        message: `正文写「${c.text}」，而表三「一、本年新收」总计为${received}件`,
        explanation: THREE_WHY,
        section: c.section,
        at: c.at,
      });
      continue;
    }
    if (c.kind === 'allHandled') {
      if (next === undefined || next === 0) continue;
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
        message: `正文写「${c.text}」，而表三「四、结转下年度继续办理」总计为${next}件`,
        explanation: '有申请结转下年度继续办理，就不是全部办结；请改正文的说法，或核对表三的结转数。',
        section: c.section,
        at: c.at,
      });
      continue;
    }
    const what = c.kind === 'noReview' ? '行政复议' : '行政诉讼';
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
      message: `正文写「${c.text}」，而表四「${what}」总计为${t}件`,
      explanation: FOUR_WHY,
      section: c.section,
      at: c.at,
    });
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
  return out;
}
