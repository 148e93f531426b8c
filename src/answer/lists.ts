// Lists: the policies an agency made (documents of kind 'policy' with what was done to each),
// and the items a sentence enumerates (开设A、B、C五个二级栏目; 5个高频事项（A、B、C）).
import type { Report } from '../model.js';
import { CHINESE_NUMERAL, normalizeText, sentences } from '../text.js';
import { ASKED_VERBS } from '../domain/words.js';
import { who } from './format.js';
import type { Reply } from './types.js';
import type { Query } from './understand.js';

const ACTION_WORDS = ASKED_VERBS;

export function policyList(q: Query, r: Report): Reply | null {
  const policies = r.documents.filter((d) => d.kind === 'policy');
  if (!policies.length) return null;
  const asked = ACTION_WORDS.find((a) => q.text.includes(a));
  let list = asked ? policies.filter((d) => d.action && (d.action === asked || d.action.includes(asked))) : policies;
  let note = '';
  if (asked && !list.length) {
    list = policies;
    note = `（报告没有写明哪些是“${asked}”的，以下为报告提到的全部政策文件）`;
  }
  const lines = list.map((d, i) => `${i + 1}. 《${d.title}》${d.action ? `（${d.action}）` : ''}`);
  return {
    kind: 'list',
    lang: 'zh',
    lines: [`${who(r)}报告提到${asked && !note ? asked : '制定或修订'}的政策文件${list.length}件${note}：`, ...lines],
    items: list.map((d) => `《${d.title}》`),
    figures: [],
    citations: [{ report: r.title, section: list[0]!.section, quote: '' }, ...list.map((d) => ({ report: r.title, section: d.section, quote: d.sentence }))],
    sourcesShown: 1,
    notes: [],
    suggestions: [],
  };
}

const NUM = `(?:\\d+|[${CHINESE_NUMERAL}]{1,3})`;
const LEAD_VERB = /^(主要|分别|包括|涵盖|指导|开设|设置|设立|围绕|推进|完成|建成|开通|组织|对|在|将|把|以|如|即|是|有|共|新增|重点|聚焦|其中)+/;

/** The noun being enumerated: 哪5个高频事项 → 高频事项; 五个国家试点区是哪几个 → 国家试点区; 有哪些栏目 → 栏目. */
export function enumeratedNoun(text: string): string | null {
  const t = text.replace(/[?？!！。]/g, '');
  let m = new RegExp(`哪(?:些|几|${NUM})?(?:个|项|家|类|种|条|份|件)?([\\u4e00-\\u9fff]{2,8}?)(?:的|是|有|分别|都|包括|$)`).exec(t);
  if (m && !/^(内容|方面|东西)$/.test(m[1]!)) return m[1]!;
  m = new RegExp(`${NUM}(?:个|项|家|类|种|条|份|件)([\\u4e00-\\u9fff]{2,8}?)(?:是|分别|都|有|包括)`).exec(t);
  if (m) return m[1]!;
  m = /(?:有|开设了?|设置了?|设立了?|提到了?)(?:哪些|什么)([\u4e00-\u9fff]{2,8})/.exec(t);
  return m?.[1] ?? null;
}

function splitItems(s: string): string[] {
  return s
    .split(/[、，,和及与]/)
    .map((x) => x.replace(LEAD_VERB, '').replace(/等$/, '').trim())
    .filter((x) => x.length >= 2 && x.length <= 30);
}

/** Items a sentence of the report enumerates for the noun. */
export function enumeration(q: Query, r: Report, noun: string): Reply | null {
  const keys = [noun, noun.slice(-3), noun.slice(-2)].filter((k, i, a) => k.length >= 2 && a.indexOf(k) === i);
  for (const key of keys) {
    for (const sec of r.sections) {
      for (const raw of sentences(sec.text)) {
        const s = normalizeText(raw).replace(/\s+/g, '');
        const at = s.indexOf(key);
        if (at < 0) continue;
        let items: string[] = [];
        // 5个高频事项（A、B、C）
        const paren = new RegExp(`${escape(key)}[^（(，。]{0,6}[（(]([^）)]+)[）)]`).exec(s);
        if (paren) items = splitItems(paren[1]!);
        // 开设A、B、C五个二级栏目 / 设置A、B等16个专栏
        if (items.length < 2) {
          const before = new RegExp(`([^，,；;：:。（）()]*?)等?${NUM}个?[\\u4e00-\\u9fff]{0,4}${escape(key)}`).exec(s);
          if (before) items = splitItems(before[1]!);
        }
        // 栏目：A、B、C / 栏目包括A、B、C
        if (items.length < 2) {
          const after = new RegExp(`${escape(key)}(?:[：:]|包括|有|为)([^。；;]+)`).exec(s);
          if (after) items = splitItems(after[1]!);
        }
        if (items.length >= 2) {
          return {
            kind: 'list',
            lang: 'zh',
            lines: [`${who(r)}报告提到的${noun}：${items.join('、')}。`, `原文：“${s}”`],
            items,
            figures: [],
            citations: [{ report: r.title, section: sec.canonical || '（报告开头）', quote: '' }],
            notes: [],
            suggestions: [],
          };
        }
      }
    }
  }
  return null;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
