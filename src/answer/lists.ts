// Lists of policies: the documents of kind 'policy' an agency made, with what was done to each.
// (The items a sentence enumerates are in evidence.ts and handlers/lists.ts.)
import type { Report } from '../model.js';
import { ASKED_VERBS } from '../domain/words.js';
import { who } from './reply-parts.js';
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
