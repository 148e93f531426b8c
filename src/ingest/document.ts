// What every reader produces: the report as lines, some of them table rows with cells.
// From these lines come the sections, the metadata (agency, year, date) and the table regions.
import type { Location, Section, TableId } from '../model.js';
import { SECTIONS } from '../template.js';
import { normalizeText } from '../text.js';

export interface Line {
  /** one cell for a narrative line; several for a table row */
  cells: string[];
  /** true when this line is a table row (even if it has a single cell) */
  table: boolean;
  /** HTML tables: a blank cell means 0 */
  blankIsZero?: boolean;
  /** values (by their order in the row) placed from a loose number printed outside the row */
  placedValues?: number[];
  /** a number printed on its own line above this row that could not be placed with certainty */
  loose?: string;
  at: Location;
}

export interface ReaderOutput {
  lines: Line[];
  /** parts that could not be read at all, with why */
  problems?: string[];
  /** set when the file is not a report at all (an empty JavaScript page shell): what to do instead */
  notReport?: string;
  /** the lines were recognised by OCR from page images (a scanned PDF) */
  ocr?: boolean;
}

export interface SectionSpan extends Section {
  /** offsets into the document text */
  start: number;
  end: number;
}

export interface DocumentText {
  text: string;
  /** start offset of each line in text */
  offsets: number[];
}

export function documentText(lines: Line[]): DocumentText {
  const offsets: number[] = [];
  let pos = 0;
  const parts: string[] = [];
  for (const l of lines) {
    offsets.push(pos);
    const s = l.table ? l.cells.join(' | ') : l.cells.join('');
    parts.push(s);
    pos += s.length + 1;
  }
  return { text: parts.join('\n'), offsets };
}

const NUMERAL = '[一二三四五六七八九十]{1,2}';

/** Finds the template's six sections, in order, as headings at a line start or inline (flattened pages). */
export function findSections(doc: DocumentText, lines: Line[]): SectionSpan[] {
  const found: { index: number; canonical: string; start: number; headEnd: number; heading: string }[] = [];
  let from = 0;
  for (const sec of SECTIONS) {
    // 与/和/及/、 are interchangeable in printed headings (收到与处理, 行政复议和行政诉讼)
    const patterns = sec.keys.map((key) => `(${NUMERAL})\\s*[、.．]\\s*([^\\n。；|]{0,16}?${key.replace(/[、,，和与及]/g, '[、,，和与及]')}[^\\n。；|0-9]{0,12}?([的之]?(?:情况|事项))?)`);
    let best = headingAt(doc, lines, patterns, from);
    // reports before the 2019 template name their sections otherwise (概述, 依申请公开情况, 附表)
    if (!best) {
      const older = (OLDER_KEYS[sec.index] ?? []).map((key) => `(${NUMERAL})\\s*[、.．]\\s*([^\\n。；|]{0,20}?${key}(?:[^\\n。；|0-9]{0,12}?(?:情况|事项|措施))?)`);
      best = headingAt(doc, lines, older, from);
    }
    if (best) {
      found.push({ index: sec.index, canonical: sec.canonical, ...best });
      from = best.headEnd;
    }
  }
  // An agency that prints its problems without the 五、 heading: （一）主要问题 after table 四.
  if (!found.some((f) => f.index === 5)) {
    const s4 = found.find((f) => f.index === 4);
    if (s4) {
      const re = /(^|\n)\s*[（(]一[)）]\s*(存在的)?主要问题/g;
      re.lastIndex = s4.headEnd;
      const m = re.exec(doc.text);
      const s6 = found.find((f) => f.index === 6);
      if (m && (!s6 || m.index < s6.start)) {
        const start = m.index + m[1]!.length;
        found.push({ index: 5, canonical: SECTIONS[4].canonical, start, headEnd: start, heading: '' });
        found.sort((a, b) => a.start - b.start);
      }
    }
  }
  const spans: SectionSpan[] = [];
  const firstStart = found.length ? found[0]!.start : doc.text.length;
  spans.push(span(doc, lines, 0, '', '', 0, 0, firstStart));
  found.forEach((f, i) => {
    const end = i + 1 < found.length ? found[i + 1]!.start : doc.text.length;
    spans.push(span(doc, lines, f.index, f.canonical, f.heading.trim(), f.start, f.headEnd, end));
  });
  return spans;
}

/**
 * Section headings of reports before the 2019 template, by the template section of the same meaning:
 * used only where the template's own heading is not found. Fees (收费及减免情况) stay in the text of
 * the section before them; the old statistics table (附表, 统计表) stands in 六.
 */
const OLDER_KEYS: Record<number, string[]> = {
  1: ['概述', '概况', '基本情况'],
  2: ['政府信息主动公开情况', '主动公开情况', '主动公开政府信息'],
  3: ['依申请公开'],
  4: ['行政复议', '行政诉讼'],
  5: ['存在的主要问题', '主要问题和改进', '主要问题及改进', '存在问题'],
  6: ['需要报告的其他事项', '需要说明的其他事项', '其他事项', '统计表', '附表'],
};

/** The earliest heading after `from` that one of the patterns matches, outside the table lines. */
function headingAt(doc: DocumentText, lines: Line[], patterns: string[], from: number): { start: number; headEnd: number; heading: string } | null {
  let best: { start: number; headEnd: number; heading: string } | null = null;
  for (const pattern of patterns) {
    const re = new RegExp(pattern, 'g');
    re.lastIndex = from;
    let m: RegExpExecArray | null;
    while ((m = re.exec(doc.text))) {
      if (isTableLineAt(doc, lines, m.index)) continue;
      if (!best || m.index < best.start) best = { start: m.index, headEnd: m.index + m[0].length, heading: m[0] };
      break;
    }
  }
  return best;
}

function lineIndexAt(doc: DocumentText, offset: number): number {
  let lo = 0;
  let hi = doc.offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.offsets[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function isTableLineAt(doc: DocumentText, lines: Line[], offset: number): boolean {
  return lines[lineIndexAt(doc, offset)]?.table ?? false;
}

function span(
  doc: DocumentText,
  lines: Line[],
  index: number,
  canonical: string,
  heading: string,
  start: number,
  headEnd: number,
  end: number,
): SectionSpan {
  // narrative text only: table rows are left out
  const first = lineIndexAt(doc, headEnd);
  const parts: string[] = [];
  for (let i = first; i < lines.length && doc.offsets[i]! < end; i++) {
    const l = lines[i]!;
    if (l.table) continue;
    const ls = doc.offsets[i]!;
    const s = l.cells.join('');
    parts.push(s.slice(Math.max(0, headEnd - ls), Math.max(0, end - ls)));
  }
  const text = joinWrapped(parts.join('\n')).trim();
  return { index, canonical, heading, text, at: lines[lineIndexAt(doc, start)]?.at ?? {}, start, end };
}

/** A report's lines with their text and sections, computed once and shared by every reader step. */
export interface Layout {
  lines: Line[];
  doc: DocumentText;
  sections: SectionSpan[];
}

export function layoutOf(lines: Line[]): Layout {
  const doc = documentText(lines);
  return { lines, doc, sections: findSections(doc, lines) };
}

/** The lines of each section (by template index), in order. */
export function linesBySection(layout: Layout): Map<number, Line[]> {
  const out = new Map<number, Line[]>();
  layout.lines.forEach((l, i) => {
    const off = layout.doc.offsets[i]!;
    const s = layout.sections.find((x) => off >= x.start && off < x.end);
    if (!s) return;
    if (!out.has(s.index)) out.set(s.index, []);
    out.get(s.index)!.push(l);
  });
  return out;
}

export function lineIndexOf(doc: DocumentText, offset: number): number {
  return lineIndexAt(doc, offset);
}

export interface Metadata {
  agency: string;
  year: number;
  title: string;
  published: string | null;
  publishedText: string | null;
}

const TITLE_TAIL = '政府信息公开工作年度报告';
/** The title's tail as printed: older and departmental reports drop 工作 or 政府 (政府信息公开年度报告, 信息公开年度报告, 政府信息公开年报). */
const TITLE_TAIL_RE = '(?:政府)?信息公开(?:工作)?(?:年度报告|年报)';

/** Agency, year, title and publication date, from the title line and the signature. */
export function readMetadata(text: string): Metadata | null {
  const head = normalizeText(text.slice(0, 1500));
  const flat = head.replace(/\s+/g, '');
  const stop = '[^:：,，。;；|「」【】\\[\\]()（）<>›»]';
  let agency = '';
  let year = NaN;
  let title = '';
  // the title stands on one line or is wrapped over two: look there first, so that page chrome on
  // the lines before it (首页 > 政务公开) is not read as the start of the agency's name
  const heads = head.split('\n').map((l) => l.replace(/\s+/g, '')).filter(Boolean);
  const candidates = [...heads.flatMap((l, i) => [l, l + (heads[i + 1] ?? '')]), flat];
  let a: RegExpExecArray | null = null;
  let b: RegExpExecArray | null = null;
  for (const c of candidates) {
    a = new RegExp(`(${stop}{2,40}?)(\\d{4})年度?${TITLE_TAIL_RE}`).exec(c);
    b = new RegExp(`(\\d{4})年度?(${stop}{2,40}?)${TITLE_TAIL_RE}`).exec(c);
    if (a || b) break;
  }
  if (b && (!a || b.index <= a.index)) {
    year = Number(b[1]);
    agency = b[2]!;
    title = b[0];
  } else if (a) {
    agency = a[1]!;
    year = Number(a[2]);
    title = a[0];
  }
  agency = agency.replace(/^(正文|标题|首页|当前位置)/, '').replace(/(关于|的)$/, '');
  const tail = normalizeText(text.slice(-400));
  const dates = [...tail.matchAll(/(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g)];
  let published: string | null = null;
  let publishedText: string | null = null;
  const last = dates[dates.length - 1];
  if (last && tail.length - (last.index ?? 0) < 80) {
    published = iso(last[1]!, last[2]!, last[3]!);
    publishedText = last[0].replace(/\s+/g, '');
  } else {
    const m = /(发布日期|发布时间|时间|日期)[:：]\s*(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})/.exec(normalizeText(text.slice(0, 3000)));
    if (m) {
      published = iso(m[2]!, m[3]!, m[4]!);
      publishedText = `${m[2]}年${Number(m[3])}月${Number(m[4])}日`;
    }
  }
  if (!agency) {
    // the signature: the line before the closing date
    const lines = tail.split('\n').map((l) => l.trim()).filter(Boolean);
    const di = lines.findIndex((l) => /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/.test(l));
    if (di > 0 && lines[di - 1]!.length <= 30) agency = lines[di - 1]!;
  }
  if (!Number.isFinite(year)) {
    const m = /统计(期限|周期|时限)[^。]{0,6}?(\d{4})\s*年\s*1\s*月\s*1\s*日/.exec(normalizeText(text));
    if (m) year = Number(m[2]);
  }
  if (!agency || !Number.isFinite(year)) return null;
  if (!title) title = `${agency}${year}年${TITLE_TAIL}`;
  return { agency, year, title, published, publishedText };
}

function iso(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

const HEADING_START = /^\s*([（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十]+)/;
const SENTENCE_END = /[。！？!?：:；;」”"）)]$/;

/**
 * Joins lines that a PDF or a Markdown conversion wrapped in mid-sentence, so that sentences and the
 * figures in them are whole; keeps the break after a sentence end or a heading.
 */
export function joinWrapped(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  let out = '';
  lines.forEach((l, i) => {
    if (i === 0) {
      out = l;
      return;
    }
    const prev = lines[i - 1]!;
    const keep = SENTENCE_END.test(prev) || HEADING_START.test(l) || (HEADING_START.test(prev) && prev.length < 40) || prev.length < 12;
    out += (keep ? '\n' : '') + l;
  });
  return out;
}
