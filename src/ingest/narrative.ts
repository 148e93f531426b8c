// Figures stated in the narrative (全年共办理依申请公开23件, 300余条, 五个二级栏目) and
// documents named in 《》 with what was done to them.
import type { DocumentKind, DocumentRef, NarrativeFigure } from '../model.js';
import { CHINESE_NUMERAL, normalizeText, parseNumber, sentences } from '../text.js';
import type { SectionSpan } from './document.js';

const UNITS = [
  '万元', '亿元', '元', '人次', '件次', '个工作日', '工作日', '批次', '万人', '万次',
  '件', '项', '条', '篇', '个', '场', '次', '家', '名', '人', '期', '份', '天', '套', '户', '余', '%',
];
const UNIT_RE = UNITS.map((u) => u.replace('%', '%')).join('|');
// (?<![\\d.]): a number starts only where a digit run starts (tried inside a long run, the
// pattern would rescan the rest of it from every digit: quadratic on a line of thousands of digits)
const NUM = `(?<![\\d.])\\d[\\d,]*(?:\\.\\d+)?|[${CHINESE_NUMERAL}]{1,8}`;
const FIGURE = new RegExp(`(近|约|超过|超|逾|达到|达)?(${NUM})(余|多)?(${UNIT_RE})`, 'g');
const STOP_AFTER = /[，,。；;：:（）()“”"！!？?\n\d]|均|都|已|将|的|在|对|并|被|由|为|是|和|及|共/;
const STOP_BEFORE = /[，,。；;：:（）()“”"！!？?\n、]/;

export function narrativeFigures(sections: SectionSpan[]): NarrativeFigure[] {
  const out: NarrativeFigure[] = [];
  for (const sec of sections) {
    for (const sentence of sentences(sec.text)) {
      const s = tightNumbers(normalizeText(sentence));
      for (const m of s.matchAll(FIGURE)) {
        const [whole, pre, numText, approxTail, unitRaw] = m as unknown as [string, string | undefined, string, string | undefined, string];
        const idx = m.index ?? 0;
        const prevChar = s[idx - 1] ?? '';
        if (prevChar === '第' || /\d/.test(prevChar) || prevChar === '.') continue;
        const isChinese = !/\d/.test(numText);
        if (isChinese && /^(一|两)$/.test(numText) && /^(个|名|家|期|次)$/.test(unitRaw) === false) continue;
        let unit = unitRaw;
        let approximate = Boolean(pre && /近|约|超过|超|逾/.test(pre)) || Boolean(approxTail);
        if (unit === '余') {
          // 1700余条: the unit follows the 余
          const next = /^(万元|元|条|篇|件|项|个|场|次|家|名|人|期|份)/.exec(s.slice(idx + whole.length));
          if (!next) continue;
          unit = next[1]!;
          approximate = true;
        }
        const value = parseNumber(numText);
        if (!Number.isFinite(value)) continue;
        if (isChinese && /[十百千万]/.test(numText) === false && numText.length > 1) continue; // 一二三 lists
        const end = idx + whole.length + (unitRaw === '余' ? unit.length : 0);
        out.push({
          value,
          unit: unit === '工作日' || unit === '个工作日' ? '个工作日' : unit,
          approximate,
          raw: whole,
          counts: countsOf(s, idx, end),
          sentence: s.trim(),
          section: sec.canonical || '（报告开头）',
          at: sec.at,
        });
      }
    }
  }
  return out;
}

/** The words naming what a figure counts: after it (12家企业机构) or before it (原创文章105篇). */
function countsOf(s: string, start: number, end: number): string {
  let after = '';
  for (let i = end; i < s.length && after.length < 14; i++) {
    const c = s[i]!;
    if (STOP_AFTER.test(c)) break;
    after += c;
  }
  let before = '';
  for (let i = start - 1; i >= 0 && before.length < 24; i--) {
    const c = s[i]!;
    if (STOP_BEFORE.test(c)) break;
    before = c + before;
  }
  after = after.replace(/、$/, '');
  if (after.length >= 2 && !after.startsWith('、')) return after;
  return before.replace(/^(全年|共计|共|累计|其中|我局|我区|本年度|今年)+/, '');
}

const ACTIONS = ['牵头制定', '制定出台', '制定', '印发', '出台', '修订完善', '修订', '废止', '宣布失效', '解读', '起草', '发布', '公布', '编制', '清理'];
const POLICY_TAIL = /(措施|办法|规定|细则|通知|规划|方案|意见|要点|指南|纲要|决定|计划|清单|目录|规则|制度|标准|批复|公告|通告|实施意见|若干措施)$/;
const MEDIA = /(日报|时报|晚报|报|联播|栏目|频道|杂志|公报|新闻直播间|朝闻天下|摘要|报道|访谈|在线)$/;
const MAKING = new Set(['牵头制定', '制定出台', '制定', '印发', '出台', '修订完善', '修订', '废止', '宣布失效', '起草', '编制']);

export function documentsIn(sections: SectionSpan[]): DocumentRef[] {
  const out: DocumentRef[] = [];
  for (const sec of sections) {
    for (const sentence of sentences(sec.text)) {
      const s = normalizeText(sentence);
      const titles = [...s.matchAll(/《([^《》]{2,80})》/g)];
      // titles in a row (《甲》《乙》和《丙》) share the clause before the first of them and its verb.
      // The clause is followed forward (its start, the verbs seen in it), so that a sentence of
      // thousands of titles stays linear.
      let clauseStart = 0;
      let scanned = 0;
      const verbs = new Set<string>();
      let before = '';
      let verb: string | undefined;
      titles.forEach((m, i) => {
        const title = m[1]!.replace(/[〈<]/g, '〈').replace(/[〉>]/g, '〉');
        const start = m.index ?? 0;
        const prev = titles[i - 1];
        const inRow = prev !== undefined && /^[、,，和及与等\s]*$/.test(s.slice((prev.index ?? 0) + prev[0].length, start));
        if (!inRow) {
          // the action: a verb before this title, within its clause
          for (let j = scanned; j < start; j++)
            if (/[,，;；。:：]/.test(s[j]!)) {
              clauseStart = j + 1;
              verbs.clear();
            }
          const fresh = s.slice(Math.max(clauseStart, scanned - 4), start);
          for (const a of ACTIONS) if (fresh.includes(a)) verbs.add(a);
          scanned = start;
          before = s.slice(Math.max(clauseStart, start - 8), start);
          verb = ACTIONS.find((a) => verbs.has(a));
        }
        const after = s.slice(start + m[0].length, start + m[0].length + 12);
        const action = verb ?? (/^(等)?[^，。]{0,4}(解读)/.test(after) ? '解读' : null);
        out.push({
          title,
          action,
          kind: kindOf(title, before, after, action),
          sentence: s.trim(),
          section: sec.canonical || '（报告开头）',
          at: sec.at,
        });
      });
    }
  }
  return out;
}

function kindOf(title: string, before: string, after: string, action: string | null): DocumentKind {
  const t = title.replace(/[〈〉]/g, '');
  if (/条例$/.test(t) || (/法$/.test(t) && !/(办法|方法|做法|想法|说法)$/.test(t)) || /^中华人民共和国.*法$/.test(t)) return 'law';
  if (MEDIA.test(t) || /^(栏目|要闻版|版面|节目|专栏)/.test(after) || /(栏目|媒体|电视台|电台)$/.test(before)) return 'media';
  if (POLICY_TAIL.test(t) && action && MAKING.has(action)) return 'policy';
  return 'other';
}

/** PDF conversions put spaces around numbers (申请 34 件): drop them next to Han characters. */
export function tightNumbers(s: string): string {
  return s.replace(/([\u4e00-\u9fff，、：])\s+(?=[\d])/g, '$1').replace(/(\d)\s+(?=[\u4e00-\u9fff%])/g, '$1');
}
