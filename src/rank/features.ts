// The features of one fact for one question: how much of what the question says the fact explains
// (through the vocabulary's slots, its own phrase, its lead, its context), how much of it nothing
// explains (each content bigram weighed by how often it is content rather than filler in the
// generated corpus), whether the slots, unit, counter and measure it asks agree or conflict, and
// which reading the template gives by default. A word is evidence, never a veto: every feature is
// a number the learned weights (domain/ranker.json) turn into a score.
import type { Slot } from '../answer/dictionary.js';
import type { Fact } from '../facts/types.js';
import { saidOfSame } from '../facts/narrative.js';
import type { Mention, Reading } from '../question/read.js';
import { equivalentHeads, equivalentsOf } from '../answer/equivalents.js';
import { bigrams } from '../text.js';
import { mentionsIn } from '../question/read.js';
import { LEXICON } from '../question/lexicon.js';

/** The features, in the order of a vector (and of the weights in domain/ranker.json). */
export const FEATURES = [
  'cell',
  'derived',
  'narrative',
  'rowAgree',
  'rowConflict',
  'colAgree',
  'colConflict',
  'offTable',
  'rowUnnamed',
  'rowNarrower',
  'colUnasked',
  'explainedOwn',
  'explainedLead',
  'explainedContext',
  'askOwn',
  'unexplainedAsk',
  'unexplainedOther',
  'coverLogit',
  'headLeft',
  'unframed',
  'unframedUnnamed',
  'precision',
  'phraseOther',
  'sibling',
  'counterExact',
  'counterCovered',
  'counterKin',
  'counterOther',
  'changeUnasked',
  'changeMissing',
  'cumulativeUnasked',
  'shareMatch',
  'yearAgrees',
  'yearDiffers',
  'approximate',
  'prevSlots',
  'prevWords',
  'prevNear',
  'prevSubject',
] as const;
export type FeatureName = (typeof FEATURES)[number];
export type Vector = Float64Array;

/** What the features need of the question besides its reading. */
export interface Asking {
  reading: Reading;
  /** the weight of a content bigram: how often it is content rather than filler (learned) */
  weigh: (g: string) => number;
  /** the years the question names (a narrative phrase may name one) */
  years: number[];
  /**
   * the previous turn's fact and the bigrams of its question, in a follow-up; unstated: the previous
   * reply did not state it (a list of what it breaks down: 不予公开 by its reasons), so it may be asked (几件)
   */
  previous?: { fact: Fact | null; grams: Set<string>; unstated?: boolean };
}

type Dim = 'row' | 'col';
interface SlotView {
  table: '二' | '三' | '四';
  dim: Dim;
}

const VIEWS = {
  row3: { table: '三', dim: 'row' },
  col3: { table: '三', dim: 'col' },
  row2: { table: '二', dim: 'row' },
  col2: { table: '二', dim: 'col' },
  group4: { table: '四', dim: 'row' },
  col4: { table: '四', dim: 'col' },
} as const satisfies Record<string, SlotView>;

/** The table and dimension a slot speaks of (table 二's columns are its measures). */
function viewOf(s: Slot): SlotView | null {
  switch (s.kind) {
    case 'row3':
      return VIEWS.row3;
    case 'col3':
      return VIEWS.col3;
    case 'row2':
      return VIEWS.row2;
    case 'measure2':
    case 'direction':
      return VIEWS.col2;
    case 'group4':
      return VIEWS.group4;
    case 'col4':
      return VIEWS.col4;
    default:
      return null;
  }
}

/** The keys a slot finds facts by (candidates.ts): the table and the row, group or column it names. */
export function slotKeys(s: Slot): string[] {
  switch (s.kind) {
    case 'row3':
      return [`三:row:${s.key}`, `三:group:${s.key}`];
    case 'col3':
      return [`三:col:${s.column === 'legal' ? 'legal' : s.column.join('›')}`];
    case 'row2':
      return [`二:row:${s.row}`];
    case 'measure2':
      return [`二:col:${s.measure}`];
    case 'direction':
      return ['二:col:change'];
    case 'group4':
      return [`四:row:${s.group}`];
    case 'col4':
      return [`四:col:${s.column}`];
    default:
      return [];
  }
}

/** Does the slot name this fact's row or column? */
function agrees(s: Slot, f: Fact): boolean {
  const x = f.slots;
  if (!x) return false;
  switch (s.kind) {
    case 'row3':
      return x.table === '三' && (x.row === s.key || x.group === s.key);
    case 'col3':
      return x.table === '三' && x.column === (s.column === 'legal' ? 'legal' : s.column.join('›'));
    case 'row2':
      return x.table === '二' && x.row === s.row;
    case 'measure2':
      return x.table === '二' && x.column === s.measure;
    case 'direction':
      return x.table === '二' && x.column === 'change';
    case 'group4':
      return x.table === '四' && (x.row === s.group || x.group === s.group);
    case 'col4':
      return x.table === '四' && x.column === s.column;
    default:
      return false;
  }
}

const weightOf = (s: Slot) => ('weight' in s ? s.weight : 3) / 3;

/**
 * A mention inside a longer one is part of that word and says nothing of its own (申请 in 个人申请人 names
 * no row of requests): every dimension it would fill is skipped. Only a longer word that itself fills a
 * row or a column of the template counts.
 */
function dominated(m: Mention, all: Mention[]): Set<Dim> {
  const out = new Set<Dim>();
  for (const o of all) {
    if (o === m || o.end - o.start <= m.end - m.start || o.start > m.start || o.end < m.end) continue;
    if (!o.slots.some((s) => viewOf(s))) continue;
    for (const s of m.slots) {
      const v = viewOf(s);
      if (v) out.add(v.dim);
    }
  }
  return out;
}

const DIGIT = /\d/;
/** A phrase's words, its number's digits left out (how long a phrase is does not hang on its number). */
function countWords(grams: Set<string>): number {
  let n = 0;
  for (const g of grams) if (!DIGIT.test(g)) n++;
  return n;
}

const gramCache = new WeakMap<Fact, { own: Set<string>; lead: Set<string>; context: Set<string>; siblings: Set<string>; years: number[]; size: number; slots: Slot[]; slotKeys: string[][]; text: string; names: CellNames }>();
/** A fact's bigrams: its own phrase (with the words of the same group as its words), lead, context, siblings. */
export function gramsOf(f: Fact) {
  let g = gramCache.get(f);
  if (!g) {
    // the titles a phrase cites before its number (通过《上海市人民政府公报》等平台公开…) name documents, not what
    // the figure counts: they weigh as its lead; a title after the number (推出20期《问政平潭》) is what it counts
    const at = f.slots ? -1 : f.phrase.indexOf(f.raw);
    const before = at > 0 ? f.phrase.slice(0, at) : '';
    const titles = before.match(/《[^《》]*》/g) ?? [];
    const bare = titles.reduce((t, x) => t.split(x).join('，'), before) + (at > 0 ? f.phrase.slice(at) : f.phrase);
    const own = bigrams(bare);
    // a cell's label joins its row's and column's words: the pair across a join is its words too (办理结果 总计: 果总)
    if (f.slots) for (const m of bare.matchAll(/(\p{L})\s+(?=(\p{L}))/gu)) own.add(m[1]! + m[2]!);
    for (const w of equivalentWords(bare)) bigrams(w, own);
    const lead = bigrams(`${f.lead}，${titles.join('，')}`);
    for (const w of equivalentWords(f.lead)) bigrams(w, lead);
    const siblings = new Set<string>();
    for (const s of f.siblings) bigrams(s, siblings);
    const years = [...`${f.lead}${f.phrase}`.matchAll(/((?:19|20)\d{2})年/g)].map((m) => Number(m[1]));
    // the template's rows and columns a sentence's own phrase names (予以公开及部分公开258件)
    const slots = f.slots ? [] : mentionsIn(bare).flatMap((m) => m.slots.filter((s) => viewOf(s)?.dim === 'row'));
    g = { own, lead, context: bigrams(f.context), siblings, years, size: countWords(own), slots, slotKeys: slots.map(slotKeys), text: bare.replace(/\s+/g, ''), names: namesOf(f) };
    gramCache.set(f, g);
  }
  return g;
}

/** The bigrams of the lexicon's words, by the template key they name (三:row:不予公开, 二:col:made …). */
let lexiconGrams: Map<string, Set<string>> | null = null;
function gramsByKey(): Map<string, Set<string>> {
  if (lexiconGrams) return lexiconGrams;
  lexiconGrams = new Map();
  for (const [word, slots] of LEXICON)
    for (const s of slots)
      for (const k of slotKeys(s)) {
        const set = lexiconGrams.get(k) ?? new Set<string>();
        bigrams(word, set);
        lexiconGrams.set(k, set);
      }
  return lexiconGrams;
}

/** A cell's names: the template keys whose lexicon words name it, and a number of its own (for namedIn's memo). */
interface CellNames {
  id: number;
  keys: { id: number; words: Set<string> }[];
}
const NO_NAMES: CellNames = { id: 0, keys: [] };
/**
 * A cell's names besides its labels: every lexicon word for its row, its group and its column (被拒
 * of 被拒绝的 names a 不予公开 cell as its label 不予公开 does) — as the template keys whose words they are.
 */
function namesOf(f: Fact): CellNames {
  if (!f.slots) return NO_NAMES;
  const { table, row, group, column } = f.slots;
  const keys = [`${table}:row:${row}`, `${table}:col:${column}`];
  if (group) keys.push(`${table}:group:${group}`, `${table}:row:${group}`);
  // the same cell of every report has the same names: one record, shared (namedIn() remembers it per question)
  const id = keys.join('|');
  let out = namesByCell.get(id);
  if (!out) {
    const by = gramsByKey();
    out = { id: namesByCell.size + 1, keys: keys.filter((k) => by.has(k)).map((k) => ({ id: keyIds.get(k) ?? keyIds.set(k, keyIds.size).get(k)!, words: by.get(k)! })) };
    namesByCell.set(id, out);
  }
  return out;
}
const namesByCell = new Map<string, CellNames>();
const keyIds = new Map<string, number>();

/**
 * The other words of the domain/equivalents.json groups whose words a text holds — for words of three
 * characters or more: a short general word (建议, 网站) does not stand for every longer one of its group.
 */
function equivalentWords(text: string): string[] {
  const out: string[] = [];
  for (const w of EQUIVALENT_HEADS) if (w.length >= 3 && text.includes(w)) out.push(...equivalentsOf(w));
  return out;
}
const EQUIVALENT_HEADS = equivalentHeads();

const AT = Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<FeatureName, number>;

/** The words that say a question is about requests for information (what table 三 counts). */
const FRAMED = /申请|信息公开|依申请/;

/** Where a fact holds a word of the question (bits of one byte per word: featuresOf's `holds`). */
export const OWN = 1;
export const LEAD = 2;
export const CONTEXT = 4;
export const SIBLING = 8;

/** Where the fact holds each of the question's distinct words, by looking each up (candidates() reads the same off its index). */
export function holdsOf(f: Fact, prep: Prepared): Uint8Array {
  const fg = gramsOf(f);
  const out = new Uint8Array(prep.distinct.length);
  prep.distinct.forEach(({ g }, d) => {
    out[d] = (fg.own.has(g) ? OWN : 0) | (fg.lead.has(g) ? LEAD : 0) | (fg.context.has(g) ? CONTEXT : 0) | (fg.siblings.has(g) ? SIBLING : 0);
  });
  return out;
}

/** Which of the question's distinct words a cell's names hold (the same cell of every report: worked out once per question). */
function namedIn(names: CellNames, prep: Prepared): Uint8Array {
  let out = prep.names[names.id];
  if (!out) {
    const n = prep.distinct.length;
    out = new Uint8Array(n);
    for (const k of names.keys) {
      let held = prep.keyNames[k.id];
      if (!held) {
        held = new Uint8Array(n);
        for (let d = 0; d < n; d++) if (k.words.has(prep.distinct[d]!.g)) held[d] = 1;
        prep.keyNames[k.id] = held;
      }
      for (let d = 0; d < n; d++) out[d]! |= held[d]!;
    }
    prep.names[names.id] = out;
  }
  return out;
}

/** What every fact is scored against, worked out once per question. */
export interface Prepared {
  q: Asking;
  mentions: { m: Mention; skip: Set<Dim> }[];
  /** every occurrence of a content bigram; `d` indexes `distinct` */
  grams: { g: string; at: number; w: number; ask: boolean; head: boolean; d: number }[];
  /** each bigram once: its weight, and whether any occurrence is in an asking clause or the head */
  distinct: { g: string; w: number; ask: boolean; head: boolean; digits: boolean }[];
  /** the template's keys the question's slots name */
  askedKeys: Set<string>;
  /** the dimensions (row, column) the question's own words name */
  named: Set<Dim>;
  /** the question says it is about requests (申请, 信息公开): what table 三 counts */
  framed: boolean;
  /** the distinct words, in order (what candidates() reports a fact's holds of) */
  words: string[];
  /** which distinct words each cell's names hold, and each template key's lexicon words (namedIn) */
  names: (Uint8Array | undefined)[];
  keyNames: (Uint8Array | undefined)[];
  /** featuresOf's working space: each distinct word's best explanation, each occurrence's */
  best: Int8Array;
  cls: Int8Array;
}

export function prepare(q: Asking): Prepared {
  const { reading } = q;
  // a word read through a typo says less than a word as written, and nothing where a word as written fills the same dimension
  const exactDims = new Set(reading.mentions.filter((m) => !m.fuzzy).flatMap((m) => m.slots.map(viewOf).filter((v): v is SlotView => Boolean(v)).map((v) => v.dim)));
  const mentions = reading.mentions
    .filter((m) => !m.fuzzy || !m.slots.some((s) => exactDims.has(viewOf(s)?.dim as Dim)))
    .map((m) => ({ m, skip: dominated(m, reading.mentions) }));
  const distinct: Prepared['distinct'] = [];
  const at = new Map<string, number>();
  const grams = reading.grams
    .filter((x) => reading.clauses[x.clause]!.role !== 'statement')
    .map((x) => {
      const ask = reading.clauses[x.clause]!.role === 'ask';
      const head = Boolean(reading.head && x.at >= reading.head[0] && x.at + 2 <= reading.head[1] + 1);
      let d = at.get(x.g);
      if (d === undefined) {
        d = distinct.push({ g: x.g, w: q.weigh(x.g), ask, head, digits: DIGIT.test(x.g) }) - 1;
        at.set(x.g, d);
      } else {
        distinct[d]!.ask ||= ask;
        distinct[d]!.head ||= head;
      }
      return { g: x.g, at: x.at, w: distinct[d]!.w, ask, head, d };
    });
  const askedKeys = new Set(mentions.flatMap(({ m }) => m.slots.flatMap(slotKeys)));
  const named = new Set(mentions.flatMap(({ m, skip }) => m.slots.map((x) => viewOf(x)?.dim).filter((d): d is Dim => Boolean(d) && !skip.has(d!))));
  return { q, mentions, grams, distinct, askedKeys, named, framed: FRAMED.test(reading.text), words: distinct.map((x) => x.g), names: [], keyNames: [], best: new Int8Array(distinct.length), cls: new Int8Array(grams.length) };
}

/**
 * The feature vector of a fact for a question; `holds` is where the fact holds each of the question's
 * distinct words (from candidates(); looked up here when not given).
 */
export function featuresOf(f: Fact, prep: Prepared, into?: Vector, holds: Uint8Array = holdsOf(f, prep)): Vector {
  const v = into ? into.fill(0) : new Float64Array(FEATURES.length);
  const q = prep.q;
  v[AT[f.source]] = 1;
  const { reading } = q;
  // the slots the question's words fill, against the fact's row and column
  let explained: [number, number][] | null = null;
  let rowAgree = 0;
  let rowConflict = 0;
  let colAgree = 0;
  let colConflict = 0;
  let offTable = 0;
  let viaGroup = false;
  // (a narrative figure has no row or column: no slot agrees or conflicts with it)
  const fg = gramsOf(f);
  if (f.slots) for (const { m, skip } of prep.mentions) {
    // per dimension: the strongest slot of the word that names the fact, or that names another row or column of its table
    let agreeRow = 0;
    let agreeCol = 0;
    let conflictRow = 0;
    let conflictCol = 0;
    let off = 0;
    let exactRow = false;
    for (const s of m.slots) {
      const view = viewOf(s);
      if (!view || skip.has(view.dim)) continue;
      const w = weightOf(s);
      const row = view.dim === 'row';
      if (agrees(s, f)) {
        if (row) agreeRow = Math.max(agreeRow, w);
        else agreeCol = Math.max(agreeCol, w);
        if ((s.kind === 'row3' && s.key === f.slots?.row) || (s.kind === 'group4' && s.group === f.slots?.row)) exactRow = true;
      } else if (f.slots && view.table === f.slots.table) {
        if (row) conflictRow = Math.max(conflictRow, w);
        else conflictCol = Math.max(conflictCol, w);
      } else off = Math.max(off, w);
    }
    if (agreeRow || agreeCol) {
      (explained ??= []).push([m.start, m.end]);
      if (agreeRow) {
        // named by its group only (不予公开 for 属于国家秘密): the fact is narrower than what was asked
        if (agreeRow >= rowAgree) viaGroup = !exactRow && f.slots?.group !== undefined;
        rowAgree = Math.max(rowAgree, agreeRow);
      }
      colAgree = Math.max(colAgree, agreeCol);
      if (!agreeRow) rowConflict = Math.max(rowConflict, conflictRow);
      if (!agreeCol) colConflict = Math.max(colConflict, conflictCol);
    } else {
      rowConflict = Math.max(rowConflict, conflictRow);
      colConflict = Math.max(colConflict, conflictCol);
      if (!conflictRow && !conflictCol) offTable = Math.max(offTable, off);
    }
  }
  if (f.slots) {
    v[AT.rowAgree] = rowAgree;
    v[AT.rowConflict] = rowConflict;
    v[AT.colAgree] = colAgree;
    v[AT.colConflict] = colConflict;
    v[AT.offTable] = offTable;
    v[AT.rowUnnamed] = rowAgree ? 0 : 1;
    v[AT.rowNarrower] = viaGroup ? 1 : 0;
    v[AT.colUnasked] = !colAgree && !f.slots.isDefault ? 1 : 0;
  }
  // the question's content bigrams: what the fact explains and what nothing explains
  let total = 0;
  let own = 0;
  let lead = 0;
  let context = 0;
  let askLeft = 0;
  let otherLeft = 0;
  let sibling = 0;
  let headLeft = 0;
  let hit = 0;
  // each occurrence's explanation; a word said twice counts once, by its best explanation
  const best = prep.best.fill(0);
  // what the asking clauses say, as the fact's own words (not its sentence's lead, which the figures beside it share)
  let askOwn = 0;
  let askAll = 0;
  const cls = prep.cls.fill(0);
  for (let k = 0; k < prep.grams.length; k++) {
    const x = prep.grams[k]!;
    const h = holds[x.d]!;
    const inMention = explained !== null && within(explained, x.at);
    cls[k] = inMention ? 4 : h & OWN && !(h & LEAD && longerIn(reading.text, x.at, f.lead, f.phrase)) ? 4 : h & LEAD ? 3 : h & CONTEXT ? 2 : 0;
  }
  bridge(prep, fg.text, cls);
  const named = namedIn(fg.names, prep);
  for (let k = 0; k < prep.grams.length; k++) {
    const x = prep.grams[k]!;
    // a word of the lexicon for the cell's row, group or column names it too (after bridging: its words stand inside phrases)
    const c = cls[k] === 4 || !named[x.d] ? cls[k]! : 4;
    if (x.ask) {
      askAll += x.w;
      if (c === 4) askOwn += x.w;
    }
    if (c > best[x.d]!) best[x.d] = c;
  }
  for (let d = 0; d < prep.distinct.length; d++) {
    const x = prep.distinct[d]!;
    const cls = best[d]!;
    const w = x.w;
    total += w;
    if (x.head && cls < 3) headLeft += w;
    if (holds[d]! & OWN && !x.digits) hit++;
    if (cls === 4) own += w;
    else if (cls === 3) lead += w;
    else if (cls === 2) context += w;
    else if (x.ask) askLeft += w;
    else otherLeft += w;
    // a word another figure of the sentence names as its own, and this one nowhere (neither in its phrase nor its lead)
    if (holds[d]! & SIBLING && cls < 3) sibling += w;
  }
  if (askAll > 0) v[AT.askOwn] = askOwn / askAll;
  if (total > 0) {
    v[AT.explainedOwn] = own / total;
    v[AT.explainedLead] = lead / total;
    v[AT.explainedContext] = context / total;
  }
  // a sentence's figure that names rows of the template the question does not (予以公开及部分公开 for 部分公开)
  if (fg.slotKeys.length) {
    let other = 0;
    for (const keys of fg.slotKeys) if (!keys.some((k) => prep.askedKeys.has(k))) other++;
    v[AT.phraseOther] = other;
  }
  // the thing asked, where the question names it, unexplained by the fact
  v[AT.headLeft] = headLeft;
  // a request figure (table 三) asked with no word of requests (收到多少件信访件)
  if (f.slots?.table === '三' && !prep.framed) {
    v[AT.unframed] = 1;
    // …and its row named by no word of the template either (收到多少投诉件: a thing like a row, not a request)
    if (v[AT.rowUnnamed]) v[AT.unframedUnnamed] = 1;
  }
  // how much of its own phrase the question names (a long phrase explains much by chance)
  v[AT.precision] = fg.size ? hit / fg.size : 0;
  v[AT.unexplainedAsk] = askLeft;
  v[AT.unexplainedOther] = otherLeft;
  // how much more of the question the fact explains than it leaves (log-odds; words met only in its
  // context are half left: they say where it stands, not what it is)
  v[AT.coverLogit] = Math.log((own + 0.5 * lead + 0.1) / (askLeft + otherLeft + 0.5 * context + 0.1));
  v[AT.sibling] = sibling;
  // the counter, the class of quantity and the measure asked
  const a = reading.asked;
  if (a.counter) {
    if (f.unit === a.counter) {
      v[AT.counterExact] = 1;
      v[AT.counterCovered] = total > 0 ? own / total : 0;
    }
    else if (a.kin && f.kin === a.kin) v[AT.counterKin] = 1;
    else v[AT.counterOther] = 1;
  }
  const askChange = a.measure === 'change';
  if (f.measure === 'change' && !askChange) v[AT.changeUnasked] = 1;
  if (askChange && f.measure !== 'change') v[AT.changeMissing] = 1;
  if (f.measure === 'cumulative' && a.measure !== 'cumulative') v[AT.cumulativeUnasked] = 1;
  if (a.unitClass === 'rate' && f.unitClass === 'rate') v[AT.shareMatch] = 1;
  if (fg.years.length && q.years.length) {
    if (fg.years.some((y) => q.years.includes(y))) v[AT.yearAgrees] = 1;
    else v[AT.yearDiffers] = 1;
  }
  if (f.approximate) v[AT.approximate] = 1;
  // a follow-up: the previous turn's fact and words
  if (q.previous) {
    const p = q.previous.fact;
    // the previous turn fills only what this one leaves unsaid: its row where no row is named, its column where no column is
    if (p?.slots && f.slots && p.slots.table === f.slots.table) v[AT.prevSlots] = (p.slots.row === f.slots.row && !prep.named.has('row') ? 0.5 : 0) + (p.slots.column === f.slots.column && !prep.named.has('col') ? 0.5 : 0);
    // a figure of the same passage as the previous turn's (…584条,累计观看量1924252次: 累计观看量是多少)
    if (p && !p.slots && !f.slots && p.report === f.report && p.citation.quote === f.citation.quote) {
      v[AT.prevNear] = 1;
      // and said of what the previous figure is said of
      if (saidOfSame(p, f)) v[AT.prevSubject] = 1;
    }
    if (q.previous.grams.size) {
      let n = 0;
      for (const g of q.previous.grams) if (fg.own.has(g) || fg.lead.has(g)) n++;
      v[AT.prevWords] = n / q.previous.grams.size;
    }
  }
  return v;
}

/** Words inserted into a phrase the fact names are its words: at most this many characters between two of its own words. */
const INSERTED = 3;

/**
 * A question's words between two of the fact's own words that stand together in its phrase (or with one
 * character between) are inserted into that phrase (内容还是不明确 for 内容仍不明确, 直接去法院起诉 for 直接起诉):
 * they count as the fact's own words — unless they hold a word of the vocabulary.
 */
function bridge(prep: Prepared, text: string, cls: Int8Array): void {
  const g = prep.grams;
  const mentions = prep.q.reading.mentions;
  for (let k = 1; k < g.length; k++) {
    if (cls[k] === 4 || cls[k - 1] !== 4 || g[k]!.at !== g[k - 1]!.at + 1) continue;
    // a run of unexplained bigrams, each following the one before, ended by an explained one
    let e = k;
    while (e < g.length && cls[e] !== 4 && g[e]!.at === g[e - 1]!.at + 1) e++;
    if (e >= g.length || cls[e] !== 4 || g[e]!.at !== g[e - 1]!.at + 1) continue;
    const inserted = g[e]!.at - g[k]!.at - 1;
    if (inserted < 1 || inserted > INSERTED) continue;
    // a word of the vocabulary in the inserted characters (申请被拒绝公开), or reaching into them (申请是不予公开:
    // 不予公开 for 申请公开), names something: it is no filler of the phrase
    const from = g[k]!.at + 1;
    let named = false;
    for (const m of mentions) if (m.start < from + inserted && m.end > from) named = true;
    if (named) continue;
    const left = g[k - 1]!.g;
    const right = g[e]!.g;
    const at = text.indexOf(left);
    if (at < 0) continue;
    const after = text.indexOf(right, at + 1);
    if (after < at + left.length || after - at - left.length > 1) continue;
    for (let j = k; j < e; j++) cls[j] = 4;
    k = e;
  }
}

/** Does a bigram at `at` stand inside one of the spans? */
function within(spans: [number, number][], at: number): boolean {
  for (const [a, b] of spans) if (at >= a && at + 2 <= b) return true;
  return false;
}

/** The kins of the counters a count of requests or cases is asked in (件, 份, 宗, 起; 项). */
const COUNTS_REQUESTS = new Set(['piece', 'item']);

/**
 * Does the question's word at `at` stand whole in `a` with more of its characters around it than in `b`?
 * (好差评 in the lead explains the 差评 of “好差评” better than 差评数 in the phrase: the longer match decides.)
 */
function longerIn(text: string, at: number, a: string, b: string): boolean {
  const span = (t: string) => {
    let from = at;
    let to = at + 2;
    while (from > 0 && t.includes(text.slice(from - 1, to))) from--;
    while (to < text.length && t.includes(text.slice(from, to + 1))) to++;
    return to - from;
  };
  return span(a) > span(b);
}

/**
 * Counts of items, events, people and bodies are each their own class; 个 and 次 (any) and a figure
 * printed with no unit (粉丝数54373) are counts of anything.
 */
function counted(x: string | null): boolean {
  return x === 'count' || x === 'event' || x === 'person' || x === 'body' || x === 'any';
}

/**
 * Hard facts only, never words: a fact is no candidate when the question states its value itself,
 * or asks in another class of quantity (多少钱 of a count, 答复率 of a number of requests, a share of a change).
 */
export function admissible(f: Fact, reading: Reading): boolean {
  if (reading.quoted.has(f.value)) return false;
  const c = reading.asked.unitClass;
  if (c && counted(c)) {
    if (!counted(f.unitClass)) return false;
    if (c !== 'any' && f.unitClass !== 'any' && f.unit && f.unitClass !== c) return false;
  } else if (c && f.unitClass !== c) return false;
  // tables 三 and 四 count requests and cases, in 件: a question asking 多少条 or 几篇 asks of something else
  if (f.slots && f.slots.table !== '二' && reading.asked.kin && c !== 'any' && !COUNTS_REQUESTS.has(reading.asked.kin)) return false;
  // a share and a change are different quantities, though both are printed in %
  if (c === 'rate' && reading.asked.measure && (reading.asked.measure === 'change') !== (f.measure === 'change')) return false;
  return true;
}
