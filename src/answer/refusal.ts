// Honesty: when no report matches, or the report does not hold what is asked, say so plainly,
// state no figure, and say what the knowledge does hold: a handful of agencies (those nearest the
// name asked for, when one was), never a list that grows with the store, and where the rest are.
import type { Report } from '../model.js';
import type { Note, Reply } from './types.js';
import type { KIndex } from './knowledge-index.js';
import { bigrams } from '../text.js';
import { correctedAgency } from './agencies.js';

/** The most agencies a reply lists. */
export const LISTED = 5;

const knownCache = new WeakMap<KIndex, string>();
/** What the knowledge holds, in one line (made once per index: a refusal must not walk every agency). */
export function knownList(ix: KIndex): string {
  let line = knownCache.get(ix);
  if (line === undefined) knownCache.set(ix, (line = listed(ix, [...shownOf(ix)].slice(0, LISTED), '知识库中有')));
  return line;
}

/** The agencies of the whole knowledge (of the store, when answered on demand), each once with all its reports. */
const shownOf = (ix: KIndex): Map<string, Report[]> => ix.catalog?.index.shown ?? ix.shown;

function listed(ix: KIndex, items: [string, Report[]][], lead: string): string {
  const all = shownOf(ix);
  if (!all.size) return '知识库中还没有任何报告。';
  const line = items.map(([a, rs]) => `${a}（${[...new Set(rs.map((r) => r.year))].sort().join('、')}年）`).join('；');
  const more = all.size > items.length ? `。知识库共有${all.size}个机关的报告，发送 /reports 查看全部` : '';
  return `${lead}：${line}${more}。`;
}

/**
 * The agencies nearest a name the knowledge does not hold: those sharing the most of its character
 * pairs (its place, its organ), at most LISTED; none when no agency shares any.
 */
export function nearestAgencies(ix: KIndex, name: string): [string, Report[]][] {
  const want = bigrams(name);
  if (!want.size) return [];
  const scored: { a: string; rs: Report[]; s: number }[] = [];
  for (const [a, rs] of shownOf(ix)) {
    let s = 0;
    for (const g of bigrams(correctedAgency(a))) if (want.has(g)) s++;
    if (s) scored.push({ a, rs, s });
  }
  return scored.sort((x, y) => y.s - x.s || (x.a < y.a ? -1 : 1)).slice(0, LISTED).map((x) => [x.a, x.rs]);
}

/** The notes of a refusal: what the knowledge holds (nearest the name asked for, when one was), and what can be asked. */
export function refusalNotes(ix: KIndex, asked?: string): Note[] {
  const near = asked ? nearestAgencies(ix, asked) : [];
  const list = near.length ? listed(ix, near, `知识库中与「${asked}」最接近的是`) : knownList(ix);
  return [{ code: 'known', p: { list, en: knownEnglish(ix, near.length ? near : undefined) } }, { code: 'kinds' }];
}

/** What the knowledge holds, in English (agency names as printed): the nearest agencies, or the first few. */
function knownEnglish(ix: KIndex, near?: [string, Report[]][], max = LISTED): string {
  const all = shownOf(ix);
  if (!all.size) return 'The knowledge holds no report yet.';
  const items = (near ?? [...all].slice(0, max)).map(([a, rs]) => `${a} (${[...new Set(rs.map((r) => r.year))].sort().join(', ')})`);
  const more = all.size > items.length ? `; ${all.size} agencies in all, send /reports to see them` : '';
  return `${near ? 'The nearest in the knowledge' : 'The knowledge holds'}: ${items.join('; ')}${more}.`;
}

export function refusal(text: string, ix: KIndex, suggestions: string[] = [], asked?: string): Reply {
  return { kind: 'refusal', lang: 'zh', lines: [text], figures: [], citations: [], notes: refusalNotes(ix, asked), suggestions };
}

export function yearsOf(reports: Report[]): number[] {
  return [...new Set(reports.map((r) => r.year))].sort((a, b) => a - b);
}
