// The Reply: what the answering stage hands to rendering. Structured — the kind, the figures it
// states with where each was read and how, computed values with their operands, notes, citations,
// suggestions and choices. The words a user reads are written by src/render/ only.
import type { ReadHow } from '../model.js';
import type { ChartSpec } from '../chart/spec.js';

export type ReplyKind =
  | 'figure'
  | 'computed'
  | 'list'
  | 'passage'
  | 'yesno'
  | 'overview'
  | 'comparison'
  | 'help'
  | 'reports'
  | 'check'
  | 'smalltalk'
  | 'choice'
  | 'chart'
  | 'refusal';

export type Lang = 'zh' | 'en';

/** A figure the reply states (figures[0] is the one asked for). */
export interface Figure {
  value: number;
  unit: string;
  /** what it counts, in the template's words, e.g. '本年新收政府信息公开申请数量 · 总计' */
  label: string;
}

/** Where a statement was read: the report, its section, and the table cell or the quoted sentence. */
export interface Citation {
  /** the report's title, e.g. '天津市工业和信息化局2020年政府信息公开工作年度报告' */
  report: string;
  /** the section, e.g. '三、收到和处理政府信息公开申请情况' */
  section: string;
  /** the table row/column (e.g. '一、本年新收政府信息公开申请数量 · 总计 = 23') or the quoted sentence */
  quote: string;
}

/** A computed value (a share, a difference, a sum) with the printed operands it was computed from. */
export interface Computation {
  /** e.g. '20 ÷ 23 = 87.0%' */
  formula: string;
  operands: { label: string; value: number; unit: string; report: string }[];
}

/**
 * A note the renderer words: why a figure is a sum, how a cell was read, what else the knowledge
 * holds. `code` picks the wording (src/render/notes.ts); `p` fills it.
 */
export interface Note {
  code: NoteCode;
  p?: Record<string, string | number | string[]>;
}

export type NoteCode =
  | 'decoded' // a figure rests on digits split by the template's identities
  | 'placed' // a figure rests on a row placed by the template's order
  | 'ocr' // a figure read from a scanned page
  | 'others' // the knowledge holds other reports that also match: p.chosen, p.others[], p.more
  | 'not-adding-up' // the report's own figures do not add up where this figure stands: p.report, p.count
  | 'narrative-not-table' // the figure is from the narrative, the table has no such cell: p.why
  | 'approximate' // the report prints an approximate number: p.raw
  | 'next-year' // answered from the report of the year before: p.asked, p.report
  | 'newest' // a relative year (去年) asked with no year in the conversation: answered from the newest report, p.year, p.agency
  | 'known' // what the knowledge holds: p.list
  | 'sub-unit' // a sub-unit was named; the reply is the agency's: p.unit, p.agency
  | 'typo' // words of the question were read as others that sound the same: p.meant[]
  | 'kinds'; // what can be asked

/** A choice offered back to the user (Telegram buttons; a numbered list elsewhere). */
export interface Choice {
  label: string;
  /** the question sent when the choice is picked */
  question: string;
}

export interface Reply {
  kind: ReplyKind;
  lang: Lang;
  /** the answer itself, one paragraph per entry */
  lines: string[];
  /** the figures the reply states; figures[0] is the one asked for. Empty when it states none. */
  figures: Figure[];
  computation?: Computation;
  /** list items, when the reply is a list (or one item of a list: the list it is of) */
  items?: string[];
  citations: Citation[];
  /** how many citations the source lines show (default 3) */
  sourcesShown?: number;
  notes: Note[];
  /** follow-up questions a user may tap */
  suggestions: string[];
  choices?: Choice[];
  /** a chart to draw (what and from where; the conversation module draws it into `image`) */
  chart?: ChartSpec;
  /** a chart, when the reply is one (PNG bytes and a text alternative) */
  image?: { png: Uint8Array; alt: string };
  /** the fact figures[0] states, or the figure a list's items break down (不予公开 by its reasons) (report id and fact id, src/facts): a follow-up's context */
  fact?: { report: string; id: string };
  /** the calibrated probability that figures[0] is right (src/rank); absent where no ranker decided */
  confidence?: number;
  /** which question kind answered (src/answer/handlers), for diagnosis */
  handler?: string;
  /** what was understood, kept by the conversation for follow-ups */
  query?: QueryState;
}

/** What a question was understood to ask, in plain data (the conversation keeps it between turns). */
export interface QueryState {
  /** the agency asked about (its name as the knowledge holds it), or null */
  agency: string | null;
  /** the words it was named by (洪泽区: the reports of every name it answers to) */
  agencyWord?: string | null;
  /** a body named that the knowledge does not hold */
  unknownAgency?: string | null;
  years: number[];
  row3?: string;
  col3?: string[] | 'legal';
  row2?: string;
  measure2?: string;
  group4?: string;
  col4?: string;
  /** the question's intents (list, quantity, rate, …) */
  intents: string[];
  /** the thing asked about, in the question's words */
  focus: string;
  /** the normalised question */
  text: string;
  /** the question that set the conversation's topic, when this one followed it up */
  context?: string;
}

/** A reply of words only (refusals, help): no figure, no citation. */
export function wordsOnly(kind: ReplyKind, lines: string[], notes: Note[] = [], suggestions: string[] = [], lang: Lang = 'zh'): Reply {
  return { kind, lang, lines, figures: [], citations: [], notes, suggestions };
}

/** The `ask --json` line (the project's command-line contract). */
export interface AskJson {
  question: string;
  answer: string;
  figures: Figure[];
  citations: Citation[];
  /** the choices offered when the reply asks back (empty otherwise) */
  choices: Choice[];
  /** the calibrated probability behind figures[0], or null */
  confidence: number | null;
}

/** Keeps how a figure was read on the side of the facts it came from. */
export type { ReadHow };
