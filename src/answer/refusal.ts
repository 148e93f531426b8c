// Honesty: when no report matches, or the report does not hold what is asked, say so plainly,
// state no figure, and say what the knowledge does hold.
import type { Report } from '../model.js';
import type { Answer } from './types.js';
import type { KIndex } from './kindex.js';

export const KINDS_OF_QUESTIONS =
  '可以问：收到和办理政府信息公开申请的数字（按申请人类型、办理结果）、行政复议和行政诉讼、主动公开的规章和规范性文件、行政许可/处罚/强制、收费和采购、报告中的叙述数字、出台的政策、存在的问题和改进措施、报告发布日期。';

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
  const items = [...ix.agencies.entries()].map(([a, rs]) => `${a}（${[...new Set(rs.map((r) => r.year))].sort().join('、')}年）`);
  if (!items.length) return '知识库中还没有任何报告。';
  const more = items.length > max ? `等${items.length}个机关` : '';
  return `知识库中有：${items.slice(0, max).join('；')}${more}。`;
}

export function refusal(text: string, ix: KIndex, suggestions: string[] = []): Answer {
  return { text: `${text}\n${knownList(ix)}\n${KINDS_OF_QUESTIONS}`, figures: [], citations: [], suggestions, kind: 'refusal' };
}

export function yearsOf(reports: Report[]): number[] {
  return [...new Set(reports.map((r) => r.year))].sort((a, b) => a - b);
}
