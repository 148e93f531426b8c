// Honesty: when no report matches, or the report does not hold what is asked, say so plainly,
// state no figure, and say what the knowledge does hold.
import type { Report } from '../model.js';
import type { Note, Reply } from './types.js';
import type { KIndex } from './knowledge-index.js';


const knownCache = new WeakMap<KIndex, Map<number, string>>();
/** What the knowledge holds, in one line (made once per index: a refusal must not walk every agency). */
export function knownList(ix: KIndex, max = 12): string {
  let byMax = knownCache.get(ix);
  if (!byMax) knownCache.set(ix, (byMax = new Map()));
  let line = byMax.get(max);
  if (line === undefined) byMax.set(max, (line = makeKnownList(ix, max)));
  return line;
}

function makeKnownList(ix: KIndex, max: number): string {
  const agencies = ix.catalog?.index.agencies ?? ix.agencies;
  if (!agencies.size) return '知识库中还没有任何报告。';
  const items: string[] = [];
  for (const [a, rs] of agencies) {
    if (items.length >= max) break;
    items.push(`${a}（${[...new Set(rs.map((r) => r.year))].sort().join('、')}年）`);
  }
  const more = agencies.size > max ? `等${agencies.size}个机关` : '';
  return `知识库中有：${items.join('；')}${more}。`;
}

/** The notes of a refusal: what the knowledge holds, and what can be asked. */
export function refusalNotes(ix: KIndex): Note[] {
  return [{ code: 'known', p: { list: knownList(ix), en: knownEnglish(ix) } }, { code: 'kinds' }];
}

/** What the knowledge holds, in English (agency names as printed). */
function knownEnglish(ix: KIndex, max = 12): string {
  const agencies = ix.catalog?.index.agencies ?? ix.agencies;
  if (!agencies.size) return 'The knowledge holds no report yet.';
  const items: string[] = [];
  for (const [a, rs] of agencies) {
    if (items.length >= max) break;
    items.push(`${a} (${[...new Set(rs.map((r) => r.year))].sort().join(', ')})`);
  }
  return `The knowledge holds: ${items.join('; ')}${agencies.size > max ? ` and ${agencies.size - max} more agencies` : ''}.`;
}

export function refusal(text: string, ix: KIndex, suggestions: string[] = []): Reply {
  return { kind: 'refusal', lang: 'zh', lines: [text], figures: [], citations: [], notes: refusalNotes(ix), suggestions };
}

export function yearsOf(reports: Report[]): number[] {
  return [...new Set(reports.map((r) => r.year))].sort((a, b) => a - b);
}
