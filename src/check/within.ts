// The narrative against itself: a whole and the parts it lists must add up (a part cannot exceed
// its whole); the same quantity printed twice must agree; a printed share must match the counts it
// is printed with, to its printed precision; a count of listed items must match the list.
import type { Finding, Report } from '../model.js';
import { finding, groupInto } from './finding.js';
import { quote } from './narrative.js';
import { countedLists, narrativeOf, readStatements, shareFits, shares, wholesAndParts, type Placed, type Statement } from './statements.js';

const sentenceKey = (p: Placed) => p.n.sentence.replace(/[\d.]+/g, '#');
const said = (p: Placed) => `${p.before}${p.n.raw}${p.after}`.trim();

const PARTS_WHY = '同一段话先说总数、再说“其中”各项，各项之和不能超过总数；列出的各项是总数的细分（列了三项以上，或有“其他”“其余”一项）时，应正好等于总数。请核对是总数还是某一项写错了。';
const SHARE_WHY = '正文印出的百分比，应等于它所说的件数除以总数（按印出的位数四舍五入或截位）；不相等说明件数、总数或百分比有一处写错了。';
const TWICE_WHY = '正文两处说的是同一个数（同一口径的收到、办结、结转、复议或诉讼件数），应当一致；请核对哪一处写错了，或说明两处口径的不同。';
const LIST_WHY = '正文说有几项，就应列出几项；列出的个数与所说的个数不同，可能是漏列、多列或数字写错了。';

export function withinFindings(r: Report): Finding[] {
  const input = narrativeOf(r);
  const out: Finding[] = [];
  const base = { kind: 'narrative' as const, severity: 'warning' as const, table: null, row: [], column: [] };
  // a whole and its parts
  for (const w of wholesAndParts(input)) {
    const whole = w.whole.n;
    const sum = w.parts.reduce((s, p) => s + p.n.value, 0);
    const over = w.parts.find((p) => p.n.value > whole.value);
    if (!over && (sum === whole.value || (sum < whole.value && !w.complete))) continue;
    const list = w.parts.map((p) => p.n.value).join(' + ');
    out.push(
      finding({
        ...base,
        code: 'nn-parts',
        key: sentenceKey(w.whole),
        rule: '总数与其中各项：各项之和不超过总数，列全时等于总数',
        expected: whole.value,
        printed: sum,
        message: over
          ? `正文写「${quote(whole, w.whole.index)}」：其中「${said(over)}」比总数${whole.raw}还多`
          : `正文写「${quote(whole, w.whole.index)}」：其中各项 ${list} = ${sum}${whole.unit}，${sum > whole.value ? '超过' : '不等于'}总数${whole.raw}`,
        explanation: PARTS_WHY,
        section: whole.section,
        at: whole.at,
      }),
    );
  }
  // a share and its counts
  for (const s of shares(input)) {
    if (!s.base) continue;
    const { part, share, base: whole } = s;
    if (shareFits(part.n.value, whole.n.value, share.n.raw)) continue;
    const exact = (part.n.value / whole.n.value) * 100;
    out.push(
      finding({
        ...base,
        code: 'nn-share',
        key: sentenceKey(share) + share.index,
        rule: '百分比 = 件数 ÷ 总数',
        expected: `${exact.toFixed(Math.max(1, (/\.(\d+)/.exec(share.n.raw)?.[1]?.length ?? 0)))}%`,
        printed: share.n.raw,
        message: `正文写「${said(part)}，${said(share)}」：${part.n.value} ÷ ${whole.n.value}（${said(whole)}）= ${exact.toFixed(2)}%，不是${share.n.raw}`,
        explanation: SHARE_WHY,
        section: share.n.section,
        at: share.n.at,
      }),
    );
  }
  // the same quantity twice
  out.push(...twice(readStatements(input), base));
  // a count of the items listed
  for (const l of countedLists(input)) {
    if (l.fits.includes(l.count.n.value)) continue;
    out.push(
      finding({
        ...base,
        code: 'nn-list',
        key: sentenceKey(l.count) + l.count.index,
        rule: '所说的个数与列出的项数一致',
        expected: l.items.length,
        printed: l.count.n.value,
        message: `正文写「${quote(l.count.n, l.count.index)}」：列出了${l.items.length}项（${l.items.map((x, i) => (i === 0 && x.length > 10 ? `…${x.slice(-8)}` : x)).join('、')}），却说${l.count.n.raw}`,
        explanation: LIST_WHY,
        section: l.count.n.section,
        at: l.count.n.at,
      }),
    );
  }
  return out;
}

/** Statements of one quantity, scope and kind printed with different values in different sentences. */
function twice(statements: Statement[], base: Pick<Finding, 'kind' | 'severity' | 'table' | 'row' | 'column'>): Finding[] {
  const out: Finding[] = [];
  const groups = new Map<string, Statement[]>();
  for (const s of statements) {
    if (s.part || s.either || s.quantity === 'result') continue;
    const k = `${s.quantity}|${s.scope}`;
    groupInto(groups, k, s);
  }
  for (const ss of groups.values()) {
    const [a, b] = [ss[0]!, ss.find((x) => x.value !== ss[0]!.value && x.at.sentence !== ss[0]!.at.sentence)];
    if (!b) continue;
    out.push(
      finding({
        ...base,
        code: 'nn-twice',
        key: `${a.quantity}|${a.scope}`,
        rule: '正文两处说同一个数，应一致',
        expected: a.value,
        printed: b.value,
        message: `正文两处说法不同：「${quote(a.at.n, a.at.index)}」为${a.value}件，「${quote(b.at.n, b.at.index)}」为${b.value}件`,
        explanation: TWICE_WHY,
        section: b.at.n.section,
        at: b.at.n.at,
      }),
    );
  }
  return out;
}
