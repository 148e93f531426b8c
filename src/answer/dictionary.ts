// The template's terms and the words people use for them (report-format.md "Words people use"),
// each mapped to a slot of the question. Matched longest first over the normalised question.
// The words are data: domain/vocabulary.json (README, Adding a word); this module indexes them.
import { DOMAIN } from '../domain/load.js';

/** Rows of table 三: the template's Row3.key, or a group key (不予公开 …), or 办理总计. */
export type Row3Key = string;

export type Measure2 =
  | 'made' // 本年新制作数量 / 本年制发件数
  | 'published' // 本年新公开数量
  | 'total' // 对外公开总数量 / 现行有效件数
  | 'repealed' // 本年废止件数
  | 'prev' // 上一年项目数量
  | 'change' // 本年增/减
  | 'decisions' // 处理决定数量 / 本年处理决定数量
  | 'amount' // 采购总金额 / 本年收费金额
  | 'count'; // 采购项目数量

export type Group4 = 'review' | 'suit' | 'direct' | 'after';

export type Intent = 'date' | 'overview' | 'problems' | 'plans' | 'handling' | 'policy' | 'list' | 'quantity' | 'rate' | 'compare' | 'help' | 'reports' | 'check' | 'proactive' | 'fee';

export type Slot =
  | { kind: 'row3'; key: Row3Key; weight: number }
  | { kind: 'col3'; column: string[] | 'legal' }
  | { kind: 'row2'; row: string; weight: number }
  | { kind: 'measure2'; measure: Measure2 }
  | { kind: 'group4'; group: Group4 }
  | { kind: 'col4'; column: string }
  | { kind: 'intent'; intent: Intent }
  | { kind: 'direction'; sign: 1 | -1 };

// English → Chinese words before matching (domain/english.json).
export const ENGLISH: [RegExp, string][] = DOMAIN.english.phrases;

export interface Term {
  word: string;
  slots: Slot[];
}

// A word written in two entries has the meanings of both, in the file's order.
const MAP = new Map<string, Slot[]>();
for (const section of DOMAIN.vocabulary) {
  for (const { words, slots } of section.entries) {
    for (const w of words) {
      const prev = MAP.get(w);
      MAP.set(w, prev ? [...prev, ...slots] : slots);
    }
  }
}
export const TERMS: Map<string, Slot[]> = MAP;
export const MAX_TERM = Math.max(...[...MAP.keys()].map((k) => k.length));

export interface Match {
  word: string;
  start: number;
  end: number;
  slots: Slot[];
  fuzzy?: boolean;
}

/** Longest-first dictionary matching; returns matches and the unmatched text runs. */
export function matchTerms(text: string, skip?: (i: number) => boolean): { matches: Match[]; rest: string[] } {
  const matches: Match[] = [];
  const rest: string[] = [];
  let run = '';
  let i = 0;
  while (i < text.length) {
    if (skip?.(i)) {
      if (run) rest.push(run);
      run = '';
      i++;
      continue;
    }
    let found: Match | null = null;
    for (let L = Math.min(MAX_TERM, text.length - i); L >= 1; L--) {
      const w = text.slice(i, i + L);
      const s = MAP.get(w);
      if (s) {
        found = { word: w, start: i, end: i + L, slots: s };
        break;
      }
    }
    if (found) {
      if (run) rest.push(run);
      run = '';
      matches.push(found);
      i = found.end;
    } else {
      run += text[i];
      i++;
    }
  }
  if (run) rest.push(run);
  return { matches, rest };
}

const slotId = (s: Slot): string | null =>
  s.kind === 'row3' ? `row3:${s.key}` : s.kind === 'row2' ? `row2:${s.row}` : s.kind === 'measure2' ? `m2:${s.measure}` : s.kind === 'group4' ? `g4:${s.group}` : null;

const SYNONYMS = new Map<string, string[]>();
for (const [word, slots] of MAP) {
  for (const s of slots) {
    const id = slotId(s);
    if (!id) continue;
    const list = SYNONYMS.get(id) ?? [];
    list.push(word);
    SYNONYMS.set(id, list);
  }
}

/** Every word of the dictionary that fills the same slot value (行政许可 → 许可, 审批, 批准 …). */
export function synonymsOf(kind: 'row3' | 'row2' | 'measure2' | 'group4', value: string): string[] {
  const id = kind === 'row3' ? `row3:${value}` : kind === 'row2' ? `row2:${value}` : kind === 'measure2' ? `m2:${value}` : `g4:${value}`;
  return SYNONYMS.get(id) ?? [];
}
