// The corpus the ranker is trained and tested on, generated from the template and the reports (never
// written by hand): for every fact of every report, questions built from the frames of
// domain/frames.json with the words of domain/paraphrases.json, in its agency's and year's forms,
// some wrapped in greetings, hedges or thanks; and a negative corpus of things the reports do not
// state, each beside positive questions of the same frames. Deterministic for a seed.
//
// Every question is split by what it is made of: a question whose frame family, word family, fact
// (the same template cell in every report) or report is held out goes to the calibration or the
// validation split, so that what is measured there is how answering does on wordings and facts the
// weights never saw.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Report } from '../model.js';
import type { Fact } from '../facts/types.js';
import { factsOf } from '../facts/index.js';
import { saidOfSame } from '../facts/narrative.js';
import { DOMAIN, type ParaphraseFamily } from '../domain/load.js';
import type { Slot } from '../answer/dictionary.js';
import { agencyAliases } from '../answer/agencies.js';
import { bigrams, segments } from '../text.js';
import { unitsFor } from '../domain/words.js';
import { mentionsIn } from '../question/read.js';
import { random } from '../random.js';

export type Split = 'train' | 'calibration' | 'validation';

/** A piece of a generated question: content (what is asked) or filler (frame words, wrappers); agency and year are blanked by the reader. */
export interface Piece {
  text: string;
  role: 'content' | 'filler' | 'agency' | 'year';
}

export interface Example {
  id: string;
  question: string;
  pieces: Piece[];
  /** the report asked about */
  report: Report;
  /** the agency name as the question writes it */
  agencyWord: string;
  /** the fact that answers; null for a negative (no fact answers) */
  target: Fact | null;
  kind: 'cell' | 'narrative' | 'negative';
  /** what the question is made of: its frame family, word families, wrapper */
  made: { frame: string; words: string[]; wrapper: string | null; fact: string };
  split: Split;
  /** a follow-up: the turn before it (its question and the fact it was answered with) */
  previous?: { question: string; fact: Fact };
}

interface FrameFamily {
  family: string;
  frames: string[];
}
interface Frames {
  table3: FrameFamily[];
  table2: FrameFamily[];
  /** frames for a change of table 二 only (跟上一年比增减了多少) */
  table2change: FrameFamily[];
  table4: FrameFamily[];
  narrative: FrameFamily[];
  how: { train: string[]; test: string[] };
  wrappers: { train: string[] };
  adverbs: { train: string[] };
  years: { train: string[]; test: string[] };
  negatives: { absent: string[]; frames: FrameFamily[]; counters: string[]; nearMisses: { things: string[]; frames: string[] }; attributes: { words: string[]; frames: string[] } };
  followups: { column: string[]; row: string[]; narrative: string[] };
}

const FILE = fileURLToPath(new URL('../../domain/frames.json', import.meta.url));

/** domain/frames.json, with its shape checked (a malformed file says where). */
export function loadFrames(file = FILE): Frames {
  const d = JSON.parse(readFileSync(file, 'utf8')) as Frames;
  const families = (name: string, v: unknown) => {
    if (!Array.isArray(v) || !v.every((f) => typeof f?.family === 'string' && Array.isArray(f.frames) && f.frames.every((x: unknown) => typeof x === 'string')))
      throw new Error(`${file}: "${name}" must be a list of {family, frames: [..]}`);
  };
  families('table3', d.table3);
  families('table2', d.table2);
  families('table4', d.table4);
  families('narrative', d.narrative);
  families('negatives.frames', d.negatives?.frames);
  for (const [k, v] of [['how.train', d.how?.train], ['wrappers.train', d.wrappers?.train], ['adverbs.train', d.adverbs?.train], ['years.train', d.years?.train], ['negatives.absent', d.negatives?.absent]] as const)
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`${file}: "${k}" must be a list of strings`);
  return d;
}

// ---------------------------------------------------------------- deterministic choices

/** FNV-1a: the same string always falls in the same split. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}


/** Where a family, a fact or a report is held out: one in ten for calibration, one in ten for validation. */
export function heldOut(id: string): Split {
  const h = hash(id) % 10;
  return h === 0 ? 'calibration' : h === 1 ? 'validation' : 'train';
}

const worst = (splits: Split[]): Split => (splits.includes('validation') ? 'validation' : splits.includes('calibration') ? 'calibration' : 'train');

// ---------------------------------------------------------------- the words of a fact

const sameSlot = (a: Slot, b: Slot) => JSON.stringify({ ...a, weight: undefined }) === JSON.stringify({ ...b, weight: undefined });

function familiesFor(slot: Slot): ParaphraseFamily[] {
  return DOMAIN.paraphrases.filter((f) => sameSlot(f.slot, slot));
}

/** The slots a question names a cell fact by: its row, and its column unless that is the default reading. */
function slotsOf(f: Fact): { row: Slot | null; col: Slot | null } {
  const x = f.slots!;
  switch (x.table) {
    case '三':
      return {
        row: { kind: 'row3', key: x.row, weight: 3 },
        col: x.column === '总计' ? null : { kind: 'col3', column: x.column === 'legal' ? 'legal' : x.column.split('›') },
      };
    case '二':
      return { row: { kind: 'row2', row: x.row, weight: 3 }, col: { kind: 'measure2', measure: x.column as never } };
    default:
      return { row: { kind: 'group4', group: x.row as never }, col: x.column === '总计' ? null : { kind: 'col4', column: x.column } };
  }
}

const ASKED = new Set(unitsFor('asked'));
/** Another counter people use for a unit: 个 for 件 and 项, 件 for 条 … */
const KIN_OTHER = new Map([['件', '个'], ['项', '个'], ['条', '个'], ['篇', '条'], ['场', '次'], ['家', '个'], ['名', '人'], ['人', '名'], ['次', '场'], ['期', '次']]);

function words(s: string): string[] {
  return segments(s).filter((x) => x.isWordLike && /[\u4e00-\u9fff]/.test(x.segment)).map((x) => x.segment);
}

/** A narrative fact's own words: what stands before its number, the noun after, the verb, a word of its lead. */
function narrativeWords(f: Fact): { what: string; verb: string; noun: string; lead: string } | null {
  const at = f.phrase.indexOf(f.raw);
  if (at < 0) return null;
  const head = f.phrase.slice(0, at).replace(/(共计|累计|总计|合计|共|达到|达|超过|约)$/, '');
  const after = f.phrase.slice(at + f.raw.length).replace(new RegExp(`^${f.unit.replace(/[%]/g, '\\%')}`), '');
  const hw = words(head);
  const noun = [words(after).join(''), hw[hw.length - 1] ?? ''].find((w) => w.length >= 2) ?? '';
  const verb = after ? hw[hw.length - 1] ?? '' : hw[hw.length - 2] ?? '';
  const what = after ? `${head}的${after}` : head;
  const lw = words(f.lead).filter((w) => w.length >= 2);
  if (!/[\u4e00-\u9fff]{2}/.test(what) || what.length > 40) return null;
  return { what, verb, noun, lead: lw.slice(-2).join('') };
}

// ---------------------------------------------------------------- building questions

interface Builder {
  rnd: () => number;
  frames: Frames;
  out: Example[];
  n: number;
}

const pick = <T>(rnd: () => number, xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** Fills a frame: literal words are filler; slots take the given pieces. */
function fill(frame: string, slots: Record<string, Piece | null>): Piece[] | null {
  const out: Piece[] = [];
  for (const part of frame.split(/(\{[a-z]+\})/)) {
    if (!part) continue;
    const m = /^\{([a-z]+)\}$/.exec(part);
    if (!m) {
      out.push({ text: part, role: 'filler' });
      continue;
    }
    const p = slots[m[1]!];
    if (p === undefined) return null;
    if (p && p.text) out.push(p);
  }
  return out;
}

function howPiece(b: Builder, unit: string, money: boolean, split: Split): Piece {
  if (money) return { text: pick(b.rnd, ['多少钱', unit ? `多少${unit}` : '多少', '金额是多少']), role: 'filler' };
  const forms = split === 'train' ? b.frames.how.train : [...b.frames.how.train, ...b.frames.how.test];
  // people ask in the fact's counter, in another of its kin (几个 of 件), or with none (多少)
  const r = b.rnd();
  const counter = !ASKED.has(unit) || r < 0.25 ? '' : r < 0.4 ? (KIN_OTHER.get(unit) ?? unit) : unit;
  const form = pick(b.rnd, forms);
  if (form.includes('_') && !counter) return { text: '多少', role: 'filler' };
  return { text: form.replace('_', counter), role: 'filler' };
}

function yearPiece(b: Builder, r: Report, split: Split): Piece {
  const forms = split === 'train' ? b.frames.years.train : [...b.frames.years.train, ...b.frames.years.test];
  return { text: pick(b.rnd, forms).replace('Y', String(r.year)), role: 'year' };
}

function wrap(b: Builder, pieces: Piece[]): { pieces: Piece[]; wrapper: string | null } {
  if (b.rnd() > 0.35) return { pieces, wrapper: null };
  const w = pick(b.rnd, b.frames.wrappers.train);
  const [before, after] = w.split('{q}') as [string, string];
  const inner = after && /^[，,？?！!。]/.test(after) ? pieces.map((p, i) => (i === pieces.length - 1 ? { ...p, text: p.text.replace(/[？?。]$/, '') } : p)) : pieces;
  return { pieces: [...(before ? [{ text: before, role: 'filler' as const }] : []), ...inner, ...(after ? [{ text: after, role: 'filler' as const }] : [])], wrapper: w };
}

/** Where two pieces meet: one 的 (自然人的 + 的申请), no 有 before 是 or 有, no question mark inside a wrapper. */
function joined(pieces: Piece[]): Piece[] {
  const out = pieces.map((p) => ({ ...p }));
  for (let i = 1; i < out.length; i++) {
    const a = out[i - 1]!;
    const b = out[i]!;
    if (a.text.endsWith('的') && b.text.startsWith('的')) b.text = b.text.slice(1);
    if (/有$/.test(a.text) && /^(是|有|一共|共有)/.test(b.text)) a.text = a.text.slice(0, -1);
    if (/[？?]$/.test(a.text) && i < out.length - 1 && !/^[，,。！!]/.test(b.text)) a.text = a.text.slice(0, -1);
  }
  return out.filter((p) => p.text);
}

/** 的 is filler wherever it stands: a content phrase is split at it (不予处理的 → 不予处理 + 的). */
function splitDe(pieces: Piece[]): Piece[] {
  return pieces.flatMap((p) => (p.role === 'content' && p.text.includes('的') ? p.text.split(/(的)/).filter(Boolean).map((t) => ({ text: t, role: t === '的' ? ('filler' as const) : p.role })) : [p]));
}

/** A word of cause or purpose at the head of a content phrase (因为涉密不公开, 为保护第三方不公开) is filler: it names nothing. */
const CAUSE = /^(因为|由于|因|为了|为)(?=[\u4e00-\u9fff]{2})/;
function splitCause(pieces: Piece[]): Piece[] {
  return pieces.flatMap((p) => {
    const m = p.role === 'content' ? CAUSE.exec(p.text) : null;
    return m ? [{ text: m[1]!, role: 'filler' as const }, { text: p.text.slice(m[1]!.length), role: p.role }] : [p];
  });
}

function push(b: Builder, e: Omit<Example, 'id' | 'question'>): void {
  e = { ...e, pieces: splitCause(splitDe(joined(e.pieces))) };
  const question = e.pieces.map((p) => p.text).join('');
  if (question.length > 120) return;
  b.out.push({ ...e, id: `g${b.n++}`, question });
}

/** The agency's names a question may use that name only it among the reports given. */
function agencyForms(r: Report, shared: Map<string, Set<string>>): string[] {
  const own = agencyAliases(r.agency).filter((a) => (shared.get(a)?.size ?? 0) <= 1 && a.length >= 2);
  return own.length ? own : [r.agency];
}

function cellQuestions(b: Builder, r: Report, f: Fact, agencies: string[], reportSplit: Split, per: number): void {
  const x = f.slots!;
  const { row, col } = slotsOf(f);
  const rowFamilies = row ? familiesFor(row) : [];
  const colFamilies = col ? familiesFor(col) : [];
  if (!rowFamilies.length || (col && !colFamilies.length && !(x.table === '二' && x.isDefault))) return;
  const frameSets = x.table === '三' ? b.frames.table3 : x.table === '二' ? (x.column === 'change' ? [...b.frames.table2, ...b.frames.table2change] : b.frames.table2) : b.frames.table4;
  for (let i = 0; i < per; i++) {
    const fam = pick(b.rnd, frameSets);
    const rf = pick(b.rnd, rowFamilies);
    const cf = colFamilies.length ? pick(b.rnd, colFamilies) : null;
    // a default reading may be asked without naming the column (行政许可有多少 → 处理决定数量)
    const colOmitted = x.table === '二' && x.isDefault && (!cf || b.rnd() < 0.5);
    const split = worst([heldOut(`frame:${fam.family}`), heldOut(`words:${rf.id}`), ...(cf && !colOmitted ? [heldOut(`words:${cf.id}`)] : []), heldOut(`fact:${f.key}`), reportSplit]);
    const frame = pick(b.rnd, fam.frames);
    // a column that is not the row's default reading must be named: a frame without one cannot ask it
    if (!x.isDefault && !frame.includes(x.table === '二' ? '{measure}' : '{col}')) continue;
    const rowN = rf.n.length ? pick(b.rnd, rf.n) : '';
    const rowV = rf.v.length ? pick(b.rnd, rf.v) : '';
    if ((frame.includes('{row}') && !rowN) || (frame.includes('{rowv}') && !rowV)) continue;
    const adverb = b.rnd() < 0.25 ? pick(b.rnd, b.frames.adverbs.train) : '';
    const colText = colOmitted || !cf ? '' : pick(b.rnd, cf.n.length ? cf.n : cf.v);
    const pieces = fill(frame, {
      agency: b.rnd() < 0.85 ? { text: pick(b.rnd, agencies), role: 'agency' } : null,
      year: yearPiece(b, r, split),
      row: { text: rowN, role: 'content' },
      rowv: adverb ? { text: `${adverb}${rowV}`, role: 'content' } : { text: rowV, role: 'content' },
      col: x.table === '二' ? null : colText ? { text: colText, role: 'content' } : null,
      measure: x.table === '二' ? (colText ? { text: colText, role: 'content' } : null) : null,
      how: howPiece(b, f.unit, f.unitClass === 'money', split),
    });
    if (!pieces) continue;
    // an adverb is filler: split it off the verb it stands before
    const fixed = pieces.flatMap((p) => (adverb && p.role === 'content' && p.text.startsWith(adverb) ? [{ text: adverb, role: 'filler' as const }, { ...p, text: p.text.slice(adverb.length) }] : [p]));
    const w = wrap(b, fixed);
    push(b, {
      pieces: w.pieces,
      report: r,
      agencyWord: w.pieces.find((p) => p.role === 'agency')?.text ?? '',
      target: f,
      kind: 'cell',
      made: { frame: fam.family, words: [rf.id, ...(cf && !colOmitted ? [cf.id] : [])], wrapper: w.wrapper, fact: f.key },
      split,
    });
  }
}

const narrativeGrams = new WeakMap<Report, { f: Fact; g: Set<string> }[]>();
/** Does every content word of a question stand in the phrase or lead of a narrative figure of another value? */
export function fitsAnother(r: Report, target: Fact, pieces: Piece[]): boolean {
  let all = narrativeGrams.get(r);
  if (!all) narrativeGrams.set(r, (all = factsOf(r).filter((f) => !f.slots).map((f) => ({ f, g: bigrams(`${f.lead}，${f.phrase}`) }))));
  const asked = new Set<string>();
  for (const p of pieces) if (p.role === 'content') bigrams(p.text.replace(/\d/g, '，'), asked);
  return asked.size > 0 && all.some(({ f, g }) => f.value !== target.value && [...asked].every((x) => g.has(x)));
}

function narrativeQuestions(b: Builder, r: Report, f: Fact, agencies: string[], reportSplit: Split, per: number): void {
  const w = narrativeWords(f);
  if (!w) return;
  for (let i = 0; i < per; i++) {
    const fam = pick(b.rnd, b.frames.narrative);
    const split = worst([heldOut(`frame:${fam.family}`), heldOut(`fact:${r.agency}|${f.key}`), reportSplit]);
    const frame = pick(b.rnd, fam.frames);
    if ((frame.includes('{verb}') && !w.verb) || (frame.includes('{noun}') && !w.noun) || (frame.includes('{lead}') && !w.lead)) continue;
    // people rarely repeat a phrase whole: a word of the middle may go
    const ws = words(w.what);
    const what = ws.length > 4 && !mentionsIn(w.what).length && b.rnd() < 0.25 ? ws.filter((_, j) => j !== 1 + Math.floor(b.rnd() * (ws.length - 3))).join('') : w.what;
    const pieces = fill(frame, {
      agency: b.rnd() < 0.85 ? { text: pick(b.rnd, agencies), role: 'agency' } : null,
      year: yearPiece(b, r, split),
      what: { text: what, role: 'content' },
      verb: { text: w.verb, role: 'content' },
      noun: { text: w.noun, role: 'content' },
      lead: { text: w.lead, role: 'content' },
      how: howPiece(b, f.unit, f.unitClass === 'money', split),
    });
    if (!pieces) continue;
    const wrapped = wrap(b, pieces);
    // words that fit a figure of another value as well (信息有吗 of a report of twenty 信息) have no one answer
    // (checked on the phrases as filled, before a 的 is split off)
    if (fitsAnother(r, f, pieces)) continue;
    push(b, {
      pieces: wrapped.pieces,
      report: r,
      agencyWord: wrapped.pieces.find((p) => p.role === 'agency')?.text ?? '',
      target: f,
      kind: 'narrative',
      made: { frame: fam.family, words: [], wrapper: wrapped.wrapper, fact: f.key },
      split,
    });
  }
}

/** Does the report's text hold most of a thing's bigrams? Then it may state it, and it is no negative. */
function mentions(r: Report, thing: string, text: string): boolean {
  const g = [...bigrams(thing)];
  const t = bigrams(text);
  return g.filter((x) => t.has(x)).length * 2 >= g.length;
}

function negativeQuestions(b: Builder, r: Report, agencies: string[], reportSplit: Split, per: number): void {
  const text = r.sections.map((s) => s.text).join('\n');
  // a thing the vocabulary names (信访件: the row 信访举报投诉类申请) is no negative
  const absent = b.frames.negatives.absent.filter((a) => !mentions(r, a, text) && !mentionsIn(a).length);
  for (let i = 0; i < per && absent.length; i++) {
    const thing = pick(b.rnd, absent);
    const fam = pick(b.rnd, b.frames.negatives.frames);
    const split = worst([heldOut(`frame:${fam.family}`), heldOut(`absent:${thing}`), reportSplit]);
    const pieces = fill(pick(b.rnd, fam.frames), {
      agency: b.rnd() < 0.85 ? { text: pick(b.rnd, agencies), role: 'agency' } : null,
      year: yearPiece(b, r, split),
      absent: { text: thing, role: 'content' },
      how: howPiece(b, pick(b.rnd, b.frames.negatives.counters), false, split),
    });
    if (!pieces) continue;
    const w = wrap(b, pieces);
    push(b, { pieces: w.pieces, report: r, agencyWord: w.pieces.find((p) => p.role === 'agency')?.text ?? '', target: null, kind: 'negative', made: { frame: fam.family, words: [`absent:${thing}`], wrapper: w.wrapper, fact: '' }, split });
  }
  // things a row's word names that are not requests (信访件), asked with no word of requests
  const near = b.frames.negatives.nearMisses;
  for (let i = 0; i < Math.ceil(per / 4); i++) {
    const thing = pick(b.rnd, near.things);
    const split = worst([heldOut(`absent:${thing}`), reportSplit]);
    const pieces = fill(pick(b.rnd, near.frames), {
      agency: b.rnd() < 0.85 ? { text: pick(b.rnd, agencies), role: 'agency' } : null,
      year: yearPiece(b, r, split),
      absent: { text: thing, role: 'content' },
      how: howPiece(b, pick(b.rnd, b.frames.negatives.counters), false, split),
    });
    if (pieces) push(b, { pieces, report: r, agencyWord: pieces.find((p) => p.role === 'agency')?.text ?? '', target: null, kind: 'negative', made: { frame: 'x-near', words: [`absent:${thing}`], wrapper: null, fact: '' }, split });
  }
  // an attribute the report does not state, of a thing it names (政务服务事项的办件量)
  const attrs = b.frames.negatives.attributes;
  const named = factsOf(r).filter((f) => !f.slots).map(narrativeWords).filter((w): w is NonNullable<typeof w> => Boolean(w && w.noun));
  for (let i = 0; i < Math.ceil(per / 3) && named.length; i++) {
    const w = pick(b.rnd, named);
    const attr = pick(b.rnd, attrs.words.filter((x) => !mentions(r, x, text)));
    if (!attr) continue;
    const split = worst([heldOut(`absent:${attr}`), reportSplit]);
    const pieces = fill(pick(b.rnd, attrs.frames), {
      agency: b.rnd() < 0.85 ? { text: pick(b.rnd, agencies), role: 'agency' } : null,
      year: yearPiece(b, r, split),
      what: { text: w.noun, role: 'content' },
      absent: { text: attr, role: 'content' },
      how: howPiece(b, pick(b.rnd, b.frames.negatives.counters), false, split),
    });
    if (pieces) push(b, { pieces, report: r, agencyWord: pieces.find((p) => p.role === 'agency')?.text ?? '', target: null, kind: 'negative', made: { frame: 'x-attribute', words: [`absent:${attr}`], wrapper: null, fact: '' }, split });
  }
  // money asked of a row of table 二 that holds no amount (行政事业性收费收了多少钱 in the 2019 format)
  const facts = factsOf(r);
  for (const fam of DOMAIN.paraphrases.filter((p) => p.slot.kind === 'row2')) {
    const row = (fam.slot as { row: string }).row;
    if (!facts.some((f) => f.slots?.table === '二' && f.slots.row === row) || facts.some((f) => f.slots?.table === '二' && f.slots.row === row && f.unitClass === 'money')) continue;
    const split = worst([heldOut(`words:${fam.id}`), reportSplit]);
    const pieces: Piece[] = [
      { text: pick(b.rnd, agencies), role: 'agency' },
      yearPiece(b, r, split),
      { text: pick(b.rnd, fam.n), role: 'content' },
      { text: pick(b.rnd, ['一共收了多少钱', '的金额是多少', '花了多少钱', '总金额多少万元']), role: 'filler' },
    ];
    push(b, { pieces, report: r, agencyWord: pieces[0]!.text, target: null, kind: 'negative', made: { frame: 'x-money', words: [fam.id], wrapper: null, fact: '' }, split });
  }
}

/** A turn after a question about fact A, about a fact B beside it: another column or row of a cell, another figure of a passage. */
function followUpQuestions(b: Builder, r: Report, reportSplit: Split, share: number): void {
  const firsts = b.out.filter((e) => e.report === r && e.target && !e.previous);
  const facts = factsOf(r);
  for (const first of firsts) {
    if (b.rnd() > share) continue;
    const a = first.target!;
    if (a.slots) {
      const x = a.slots;
      const sameRow = facts.filter((f) => f.slots && f.slots.table === x.table && f.slots.row === x.row && f.slots.column !== x.column);
      const sameCol = facts.filter((f) => f.slots && f.slots.table === x.table && f.slots.column === x.column && f.slots.row !== x.row);
      const byCol = b.rnd() < 0.5 && sameRow.length;
      const pool = byCol ? sameRow : sameCol;
      if (!pool.length) continue;
      const target = pick(b.rnd, pool);
      const { row, col } = slotsOf(target);
      const slot = byCol ? col : row;
      const fams = slot ? familiesFor(slot) : [];
      if (!fams.length) continue;
      const fam = pick(b.rnd, fams);
      const words = fam.n.length ? fam.n : fam.v;
      const frame = pick(b.rnd, byCol ? b.frames.followups.column : b.frames.followups.row);
      const split = worst([heldOut(`words:${fam.id}`), heldOut(`fact:${target.key}`), reportSplit, first.split]);
      const pieces = fill(frame, { col: { text: pick(b.rnd, words), role: 'content' }, row: { text: pick(b.rnd, words), role: 'content' }, how: howPiece(b, target.unit, target.unitClass === 'money', split) });
      if (!pieces) continue;
      push(b, { pieces, report: r, agencyWord: '', target, kind: 'cell', made: { frame: 'followup', words: [fam.id], wrapper: null, fact: target.key }, split, previous: { question: first.question, fact: a } });
    } else {
      const near = facts.filter((f) => !f.slots && f !== a && f.section === a.section && f.citation.quote === a.citation.quote);
      if (!near.length) continue;
      let target = pick(b.rnd, near);
      const w = narrativeWords(target);
      if (!w) continue;
      const frame = pick(b.rnd, b.frames.followups.narrative);
      // words that name several figures of the passage (累计观看量 of the videos and of the live streams)
      // ask of the one said of what the previous turn's figure is said of; with none or several, nothing is asked
      const part = frame.includes('{noun}') ? 'noun' : 'what';
      const sharing = near.filter((f) => narrativeWords(f)?.[part] === w[part]);
      const said = sharing.filter((f) => saidOfSame(a, f));
      const ambiguous = sharing.length > 1 && said.length !== 1;
      if (sharing.length > 1 && said.length === 1) target = said[0]!;
      const split = worst([heldOut(`fact:${r.agency}|${target.key}`), reportSplit, first.split]);
      const pieces = fill(frame, { noun: w.noun ? { text: w.noun, role: 'content' } : null, what: { text: w.what, role: 'content' }, how: howPiece(b, target.unit, target.unitClass === 'money', split) });
      if (!pieces || (frame.includes('{noun}') && !w.noun) || ambiguous) continue;
      push(b, { pieces, report: r, agencyWord: '', target, kind: 'narrative', made: { frame: 'followup', words: [], wrapper: null, fact: target.key }, split, previous: { question: first.question, fact: a } });
    }
  }
}

/**
 * Follow-ups whose words name several figures of the previous turn's passage (累计观看量 of the videos
 * and of the live streams): the one asked for is the one said of what the previous figure is said of.
 * Every such pair is asked (they are few), on a random stream of their own.
 */
function sharedWordFollowUps(b: Builder, asked: Example[], r: Report, reportSplit: Split): void {
  const firsts = asked.filter((e) => e.report === r && e.target && !e.target.slots && !e.previous);
  const facts = factsOf(r).filter((f) => !f.slots);
  const done = new Set<string>();
  for (const first of firsts) {
    const a = first.target!;
    const near = facts.filter((f) => f !== a && f.section === a.section && f.citation.quote === a.citation.quote);
    for (const target of near.filter((f) => saidOfSame(a, f))) {
      const w = narrativeWords(target);
      if (!w || done.has(`${a.id}|${target.id}`)) continue;
      // by the figure's own words (a bare noun, 信息, names too many to say which)
      const sharing = near.filter((f) => narrativeWords(f)?.what === w.what);
      if (sharing.length < 2 || sharing.filter((f) => saidOfSame(a, f)).length !== 1) continue;
      done.add(`${a.id}|${target.id}`);
      const frame = pick(b.rnd, b.frames.followups.narrative.filter((x) => x.includes('{what}')));
      const split = worst([heldOut(`fact:${r.agency}|${target.key}`), reportSplit, first.split]);
      const pieces = fill(frame, { noun: { text: w.noun, role: 'content' }, what: { text: w.what, role: 'content' }, how: howPiece(b, target.unit, target.unitClass === 'money', split) });
      if (pieces) push(b, { pieces, report: r, agencyWord: '', target, kind: 'narrative', made: { frame: 'followup', words: ['shared'], wrapper: null, fact: target.key }, split, previous: { question: first.question, fact: a } });
    }
  }
}

export interface CorpusOptions {
  seed?: number;
  /** questions per cell fact, per narrative fact, and negatives per report */
  perCell?: number;
  perNarrative?: number;
  perReport?: number;
  /** the share of questions followed by a turn about a fact beside theirs */
  followUps?: number;
}

/** The corpus for these reports. */
export function generate(reports: Report[], opts: CorpusOptions = {}): Example[] {
  const b: Builder = { rnd: random(opts.seed ?? 1), frames: loadFrames(), out: [], n: 0 };
  // families on a random stream of their own (adding one leaves the others' questions as they were)
  const own: Builder = { ...b, rnd: random((opts.seed ?? 1) + 1), out: [] };
  const shared = new Map<string, Set<string>>();
  for (const r of reports) for (const a of agencyAliases(r.agency)) shared.set(a, new Set([...(shared.get(a) ?? []), r.agency]));
  for (const r of reports) {
    const agencies = agencyForms(r, shared);
    const reportSplit = heldOut(`report:${r.agency}${r.year}`);
    for (const f of factsOf(r)) {
      if (f.slots) cellQuestions(b, r, f, agencies, reportSplit, opts.perCell ?? 3);
      else narrativeQuestions(b, r, f, agencies, reportSplit, opts.perNarrative ?? 4);
    }
    negativeQuestions(b, r, agencies, reportSplit, opts.perReport ?? 24);
    followUpQuestions(b, r, reportSplit, opts.followUps ?? 0.3);
    sharedWordFollowUps(own, b.out, r, reportSplit);
  }
  b.out.push(...own.out.map((e) => ({ ...e, id: `s${e.id}` })));
  return b.out;
}
