// Text normalisation shared by the readers and the question understanding:
// full-width/half-width forms, traditional → simplified, label keys, Chinese numerals.
import * as OpenCC from 'opencc-js/t2cn';
import { DOMAIN } from './domain/load.js';

// opencc-js: Taiwan characters to mainland simplified, character by character. (Its phrase
// tables are not used: they rewrite mainland terms too, 文件 → 文档.) A few Taiwan/Hong Kong
// words for this domain are mapped after (domain/simplified.json).
const toCn = OpenCC.Converter({ from: 'tw', to: 'cn' });
const HAN = /[\u3400-\u9fff]/;
const PHRASES: [string, string][] = DOMAIN.simplified;

/** Traditional → simplified (資訊 → 信息). Cheap on text without Han characters. */
export function toSimplified(s: string): string {
  if (!HAN.test(s)) return s;
  let t = toCn(s);
  if (t !== s) for (const [from, to] of PHRASES) t = t.split(from).join(to);
  return t;
}

// Characters that do not show but break matching ('天津市工\u2068信局'): format characters (Unicode Cf:
// zero-width spaces and joiners, bidi marks, embeddings, overrides and isolates U+202A–202E and
// U+2066–2069, soft hyphen, BOM), combining marks NFKC left uncomposed (U+0301 after a Han
// character), variation selectors (U+FE0F), and the replacement character U+FFFD.
const INVISIBLE = /[\p{Cf}\p{Mn}\p{Me}\ufffd]/gu;

/** NFKC (full-width digits and letters → ASCII), invisible characters removed, unified quotes, collapsed spaces. */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/[\u00a0\u3000]/g, ' ')
    .replace(/[“”„‟]/g, '"')
    .replace(/[‘’]/g, "'");
}

// Labels repeat across rows and reports (and template keys are compared on every row): keys are
// remembered; the memo is emptied when it grows large (arbitrary input must not grow it unbounded).
const keyMemo = new Map<string, string>();

/** Key for comparing labels: simplified, NFKC, no spaces or quotes, 其它 → 其他. */
export function labelKey(s: string): string {
  if (s.length > 200) return computeLabelKey(s);
  let k = keyMemo.get(s);
  if (k === undefined) {
    if (keyMemo.size >= 20_000) keyMemo.clear();
    k = computeLabelKey(s);
    keyMemo.set(s, k);
  }
  return k;
}

function computeLabelKey(s: string): string {
  return toSimplified(normalizeText(s))
    .replace(/[\s"'“”‘’「」『』]/g, '')
    .replace(/其它/g, '其他')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[．。]/g, '.')
    .replace(/，/g, ',')
    .toLowerCase();
}

/** Bigram Dice similarity of two keys, 0..1 (for OCR errors and dropped characters). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let hit = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = grams.get(g) ?? 0;
    if (n > 0) {
      hit++;
      grams.set(g, n - 1);
    }
  }
  return (2 * hit) / (a.length - 1 + b.length - 1);
}

// Chinese numerals are data: domain/numerals.json.
const byKind = (kind: string): Record<string, number> => Object.fromEntries(DOMAIN.numerals.filter((n) => n.kind === kind).map((n) => [n.char, n.value]));
const DIGIT = byKind('digit');
const SMALL_UNIT = byKind('small');
const BIG_UNIT = byKind('big');
/** The digits read one by one in years (二〇二〇), as a pattern: ^[…]{2,}$ */
const YEAR_DIGITS = new RegExp(`^[${DOMAIN.numerals.filter((n) => n.yearDigit).map((n) => n.char).join('')}]{2,}$`);

export const CHINESE_NUMERAL = DOMAIN.numerals.map((n) => n.char).join('');

/** Parses a Chinese numeral (三, 十六, 一百零五, 两千三百, 二〇二〇); NaN when it is not one. */
export function parseChineseNumeral(s: string): number {
  if (!s) return NaN;
  // digit-by-digit years: 二〇二〇
  if (YEAR_DIGITS.test(s)) {
    return Number([...s].map((c) => DIGIT[c]).join(''));
  }
  let total = 0;
  let section = 0;
  let num = 0;
  for (const c of s) {
    if (c in DIGIT) num = DIGIT[c]!;
    else if (c in SMALL_UNIT) {
      section += (num || 1) * SMALL_UNIT[c]!;
      num = 0;
    } else if (c in BIG_UNIT) {
      total += (section + num) * BIG_UNIT[c]!;
      section = 0;
      num = 0;
    } else return NaN;
  }
  return total + section + num;
}

/** Parses '1,234', '12.5', '１２', or a Chinese numeral; NaN otherwise. */
export function parseNumber(s: string): number {
  const t = normalizeText(s).replace(/[,，\s]/g, '');
  if (/^[+-]?\d+(\.\d+)?$/.test(t)) return Number(t);
  return parseChineseNumeral(t);
}

/** Splits text into sentences at 。！？；and line breaks, keeping the end mark. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[^。！？!?；;\n]+[。！？!?；;]?/g)) {
    const s = m[0].trim();
    if (s) out.push(s);
  }
  return out;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Quotes and title marks stand inside a phrase (“十四五”规划, 《条例》规定): pairs are read across them. */
const TRANSPARENT = /["'“”‘’「」『』《》〈〉]/u;

/**
 * The distinct two-character terms of a text: every pair of adjacent letters or digits (Han
 * characters included), read across quotes and title marks but never across a space or another
 * punctuation mark. The one bigram function of the
 * project: answering, evidence and the store's terms all read text through it.
 */
export function bigrams(text: string, into = new Set<string>()): Set<string> {
  let prev = '';
  for (const ch of text) {
    if (WORD_CHAR.test(ch)) {
      if (prev) into.add(prev + ch);
      prev = ch;
    } else if (!TRANSPARENT.test(ch)) prev = '';
  }
  return into;
}

let segmenter: Intl.Segmenter | null = null;
/** The segmentations of the texts met last: a question is cut by several readers (read-only arrays). */
const segmented = new Map<string, readonly Intl.SegmentData[]>();
/** The text cut into words by the runtime's Chinese word segmenter (one instance for the whole process). */
export function segments(text: string): readonly Intl.SegmentData[] {
  let out = segmented.get(text);
  if (out) return out;
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  out = [...segmenter.segment(text)];
  if (text.length <= 200) {
    if (segmented.size >= 512) segmented.delete(segmented.keys().next().value!);
    segmented.set(text, out);
  }
  return out;
}
