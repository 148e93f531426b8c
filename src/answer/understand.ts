// Question understanding: normalisation (full-width, traditional, English, markup) and slot filling
// (agency, year, table row/column, measure, intent) with the dictionary matched longest first, and
// fuse.js for typos in short terms. What a figure question asks is read by src/question (every
// word kept, nothing decided); these slots serve the kinds not yet ranked (lists, charts, shares).
import Fuse from 'fuse.js';
import type { Report } from '../model.js';
import { normalizeText, parseChineseNumeral, toSimplified, segments } from '../text.js';
import { unknownAgencyIn } from './agencies.js';
import { placesInEnglish } from '../agency/english-places.js';
import { unloadedCityIn } from './places.js';
import { ENGLISH, matchTerms, TERMS, type Group4, type Intent, type Match, type Measure2, type Slot } from './dictionary.js';
import type { KIndex } from './knowledge-index.js';
import { unitPattern } from '../domain/words.js';
import { DOMAIN } from '../domain/load.js';

export interface Query {
  /** the question as normalised (simplified, half-width, English mapped) */
  text: string;
  english: boolean;
  /** reports of the agency named (all its years); null when no known agency is named */
  agencyReports: Report[] | null;
  agencyWord: string | null;
  /** every distinct agency named, in order (for comparisons of two agencies) */
  agencies: { word: string; reports: Report[] }[];
  /** a name that looks like an agency or place but is not in the knowledge */
  unknownAgency: string | null;
  years: number[];
  /** 去年/今年 … were used */
  relativeYear: boolean;
  matches: Match[];
  row3?: { key: string; weight: number };
  col3?: string[] | 'legal';
  row2?: { row: string; weight: number };
  measure2?: Measure2;
  group4?: Group4;
  col4?: string;
  direction?: 1 | -1;
  intents: Set<Intent>;
  /** the question's words that set each slot (e.g. row3: 不掌握) */
  slotWords: Partial<Record<'row3' | 'row2' | 'measure2' | 'group4', string>>;
  /** the thing asked about, e.g. 原创文章 in 发布了多少篇原创文章 */
  focus: string;
  /** the unit asked (篇, 场, %, 万元 …), when the question names one */
  askedUnit: string | null;
  /** in a follow-up, the conversation's previous question (its words are context, not what is asked) */
  context?: Query;
  /** a sub-unit of the agency named after it (天津市工信局规划处 → 规划处): answered for the agency */
  subUnit?: string;
  /** the question names an agency or a year itself (not from the conversation) */
  namesOwn?: boolean;
}

const MARKUP = /<\/?[a-zA-Z][^>]{0,200}>|&[a-z]+;|[*_`#>~]{1,3}/g;

export function normalizeQuestion(q: string): { text: string; english: boolean } {
  let t = toSimplified(normalizeText(q)).replace(MARKUP, ' ');
  const english = /[a-zA-Z]{3,}/.test(t) && !/[\u4e00-\u9fff]{2,}/.test(t);
  if (/[a-zA-Z]{3,}/.test(t)) {
    t = t.toLowerCase();
    t = placesInEnglish(t);
    for (const [re, zh] of ENGLISH) t = t.replace(re, zh);
  }
  t = t.replace(/[\s"'“”‘’「」『』《》]/g, '').replace(/其它/g, '其他').replace(/[（]/g, '(').replace(/[）]/g, ')');
  return { text: t, english };
}

const YEAR_RE = /(?<!\d)((?:19|20)\d{2})(?!\d)\s*(?:年度|年|年报)?|([零〇一二三四五六七八九]{4})年/g;
const RELATIVE: [RegExp, number][] = [
  [/大前年/, -3],
  [/前年/, -2],
  [/去年|上一年度(?!项目)|上年度(?!结转|项目)/, -1],
  [/今年|本年度(?!办理|结转)|最新|最近一年|当年/, 0],
];

function findYears(text: string, newest: number): { years: number[]; spans: [number, number][]; relative: boolean } {
  const years: number[] = [];
  const spans: [number, number][] = [];
  for (const m of text.matchAll(YEAR_RE)) {
    const y = m[1] ? Number(m[1]) : parseChineseNumeral(m[2]!);
    if (!(y >= 1990 && y <= 2100)) continue;
    // 2024－2027年 inside a title, or 2024年1月1日 dates: keep only whole years
    const after = text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 3);
    if (/^\d{1,2}月/.test(after)) continue;
    if (!years.includes(y)) years.push(y);
    spans.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  }
  let relative = false;
  if (!years.length && newest) {
    for (const [re, d] of RELATIVE) {
      const m = re.exec(text);
      if (m && !(d === -1 && /上一年项目|上年结转|去年结转/.test(text))) {
        if (d === 0 && !/今年|最新|最近一年/.test(m[0])) continue;
        years.push(newest + d);
        spans.push([m.index, m.index + m[0].length]);
        relative = true;
        break;
      }
    }
  }
  return { years, spans, relative };
}

/** Agency aliases found in the text, longest first, non-overlapping. */
function findAgencies(text: string, ix: KIndex): { reports: Report[] | null; word: string | null; spans: [number, number][]; all: { word: string; reports: Report[] }[] } {
  const spans: [number, number][] = [];
  const all: { word: string; reports: Report[] }[] = [];
  let best: { word: string; reports: Report[] } | null = null;
  let i = 0;
  while (i < text.length) {
    let hit: string | null = null;
    for (let L = Math.min(ix.maxAlias, text.length - i); L >= 2; L--) {
      const w = text.slice(i, i + L);
      if (ix.aliases.has(w)) {
        hit = w;
        break;
      }
    }
    if (hit) {
      spans.push([i, i + hit.length]);
      const rs = ix.aliases.get(hit)!;
      if (!all.some((a) => a.reports[0]!.agency === rs[0]!.agency)) all.push({ word: hit, reports: rs });
      if (!best || hit.length > best.word.length) best = { word: hit, reports: ix.aliases.get(hit)! };
      i += hit.length;
    } else i++;
  }
  return { reports: best?.reports ?? null, word: best?.word ?? null, spans, all };
}

let fuse: Fuse<string> | null = null;
function fuzzyTerms(): Fuse<string> {
  fuse ??= new Fuse(
    [...TERMS.keys()].filter((k) => k.length >= 4 && k.length <= 12 && /^[\u4e00-\u9fff]+$/.test(k)),
    { includeScore: true, threshold: 0.34, ignoreLocation: true, minMatchCharLength: 2 },
  );
  return fuse;
}

let masked: Map<string, string> | null = null;
/** Terms of 4+ characters with one character masked: 行政?可 → 行政许可 (one-substitution typos in O(1)). */
function maskedTerms(): Map<string, string> {
  if (masked) return masked;
  masked = new Map();
  for (const k of TERMS.keys()) {
    if (k.length < 4 || k.length > 12 || !/^[\u4e00-\u9fff]+$/.test(k)) continue;
    for (let i = 0; i < k.length; i++) {
      const m = k.slice(0, i) + '?' + k.slice(i + 1);
      if (!masked.has(m)) masked.set(m, k);
    }
  }
  return masked;
}

/**
 * One-character typos in short terms (行政徐可 → 行政许可), from the unmatched runs only: a masked
 * lookup for every window, then fuse.js for very short input (its patterns fail past 32 characters).
 */
function typoMatches(rest: string[]): Match[] {
  const hit = (item: string): Match[] => [{ word: item, start: -1, end: -1, slots: TERMS.get(item)!, fuzzy: true }];
  const runs = rest.map((r) => r.replace(/[^\u4e00-\u9fff]/g, '')).filter((r) => r.length >= 4 && r.length <= 80);
  const mt = maskedTerms();
  for (const han of runs) {
    for (let L = 7; L >= 4; L--) {
      for (let i = 0; i + L <= han.length; i++) {
        const w = han.slice(i, i + L);
        for (let j = 0; j < L; j++) {
          const item = mt.get(w.slice(0, j) + '?' + w.slice(j + 1));
          // a character that makes a word with its neighbour (其中结果: 其中) is written as meant, no typo
          if (item && item !== w && !inWord(w, j)) return hit(item);
        }
      }
    }
  }
  const short = runs.filter((r) => r.length <= 12);
  for (const han of short) {
    const r = fuzzyTerms().search(han, { limit: 1 });
    const item = r[0]?.item;
    if (item && r[0]!.score! < 0.3 && Math.abs(item.length - han.length) <= 1) return hit(item);
  }
  return [];
}

/** Does the character at `j` belong to a word of two or more characters, as the segmenter reads the text? */
function inWord(text: string, j: number): boolean {
  for (const s of segments(text)) if (s.index <= j && j < s.index + s.segment.length) return s.segment.length >= 2;
  return false;
}

const UNIT_ASKED = new RegExp(`(?:多少|几)(${unitPattern('asked')})`);
const HOW_MANY = new RegExp(`(多少|几)(${unitPattern('asked')})?`);

function focusOf(text: string): string {
  const q = text.replace(/[?？!！。，,.；;:：]+$/g, '').replace(/[?？!！。]/g, '');
  const m = HOW_MANY.exec(q);
  const head = (s: string) => {
    const parts = s.split('的').filter((x) => x.length >= 2);
    return (parts[parts.length - 1] ?? s).slice(-12);
  };
  if (m) {
    const after = q.slice((m.index ?? 0) + m[0].length).replace(/^(的|是|呢|啊)+/, '').replace(/(呢|啊|吗)$/, '');
    if (after.length >= 2) return head(after);
    const before = q.slice(0, m.index).replace(/(是|有|为|达|共|一共|总共|全年|了|的|共有|总计|合计|大约|约)+$/, '');
    return head(before);
  }
  return head(q.replace(/(是|有|为)?(什么|多少|几何|怎样|如何)?(呢|啊|吗)?$/, ''));
}

const NOT_NAME_START = new RegExp(`^[${DOMAIN.agencies.unknown.notPlaceCharacters.replace(/[\]\\^-]/g, '\\$&')}]`);

export function understand(question: string, ix: KIndex): Query {
  const { text, english } = normalizeQuestion(question);
  const ag = findAgencies(text, ix);
  const yr = findYears(text, ix.newestYear);
  const covered = new Uint8Array(text.length);
  for (const [a, b] of [...ag.spans, ...yr.spans]) covered.fill(1, a, b);
  // unknown agencies: the text outside known aliases and years
  const outside = [...text].map((c, i) => (covered[i] ? '|' : c)).join('');
  let unknownAgency = unknownAgencyIn(outside);
  // a known name followed by another body's suffix names another agency: 上海市 + 教委, 上海市 + 规划资源局
  let agencyKnown = true;
  // (not across a list mark or into another agency named: 天津工信局和上海科委 names two)
  for (const [a, b] of ag.spans) {
    const m = /^(?![和与及跟同、,，])[\u4e00-\u9fff]{0,6}?(委员会|局|委|厅)/.exec(text.slice(b));
    // …unless what follows starts with a word no name starts with (平潭公安局在管委会网站: 在), or is another agency named
    if (m && !NOT_NAME_START.test(m[0]) && !ag.spans.some(([c]) => c >= b && c < b + m[0].length)) {
      unknownAgency = text.slice(a, b + m[0].length);
      agencyKnown = false;
    }
  }
  // a province or city no loaded agency is of, named alone (天津2020年收到多少申请, over reports of 平潭): not loaded
  if (!unknownAgency && !ag.spans.length) {
    const loaded = (name: string) => {
      if (ix.aliases.has(name)) return true;
      for (const a of ix.agencies.keys()) if (a.includes(name)) return true;
      return false;
    };
    unknownAgency = unloadedCityIn(outside, loaded);
  }
  const { matches, rest } = matchTerms(text, (i) => covered[i] === 1);
  let all = matches;
  const hasStructural = (ms: Match[]) => ms.some((m) => m.slots.some((s) => s.kind === 'row3' || s.kind === 'row2' || s.kind === 'group4'));
  if (!hasStructural(matches) && text.length <= 80) all = [...matches, ...typoMatches(rest)];
  const q: Query = {
    text,
    english,
    agencyReports: agencyKnown ? ag.reports : null,
    agencyWord: agencyKnown ? ag.word : null,
    agencies: agencyKnown ? ag.all : [],
    unknownAgency,
    years: yr.years,
    relativeYear: yr.relative,
    matches: all,
    intents: new Set(),
    slotWords: {},
    focus: focusOf([...text].filter((_, i) => !covered[i]).join('')),
    askedUnit: null,
  };
  for (const m of all) for (const s of m.slots) apply(q, s, m.word);
  const u = UNIT_ASKED.exec(text);
  if (u) q.askedUnit = u[1]!;
  if (/率|百分之|百分比|比例|占比|%/.test(text)) q.askedUnit = '%';
  if (/哪\d+|哪[一二三四五六七八九十两]+(个|项|家|类|种|条)/.test(text)) q.intents.add('list');
  if (/比\d{4}年|[比较](?:上一?年|去年|前一年)|(?:与|和|跟|同)(?:上一?年|去年)(?:相)?比|同比/.test(text)) q.intents.add('compare');
  return q;
}

const MEASURE_RANK: Record<Measure2, number> = {
  made: 3, published: 3, total: 3, repealed: 3, prev: 3, change: 3, decisions: 3, amount: 2, count: 1,
};

function apply(q: Query, s: Slot, word: string): void {
  const before = { row3: q.row3, row2: q.row2, measure2: q.measure2, group4: q.group4 };
  applySlot(q, s);
  for (const k of ['row3', 'row2', 'measure2', 'group4'] as const) if (q[k] !== before[k]) q.slotWords[k] = word;
}

function applySlot(q: Query, s: Slot): void {
  switch (s.kind) {
    case 'row3':
      if (!q.row3 || s.weight > q.row3.weight) q.row3 = { key: s.key, weight: s.weight };
      break;
    case 'col3':
      if (!q.col3 || (q.col3 === 'legal' && s.column !== 'legal')) q.col3 = s.column;
      break;
    case 'row2':
      if (!q.row2 || s.weight > q.row2.weight) q.row2 = { row: s.row, weight: s.weight };
      break;
    case 'measure2':
      if (!q.measure2 || MEASURE_RANK[s.measure] > MEASURE_RANK[q.measure2]) q.measure2 = s.measure;
      break;
    case 'group4':
      if (!q.group4 || ((s.group === 'direct' || s.group === 'after') && (q.group4 === 'review' || q.group4 === 'suit'))) q.group4 = s.group;
      break;
    case 'col4':
      q.col4 ??= s.column;
      break;
    case 'direction':
      q.direction ??= s.sign;
      break;
    case 'intent':
      q.intents.add(s.intent);
      break;
  }
}
