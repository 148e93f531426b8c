// Small helpers shared by the answer kinds: numbers, section names, notes on how a figure was read,
// and building Replies. No source lines or notes are written here: src/render/ words them.
import type { Fact, Report } from '../model.js';
import { SECTIONS } from '../template.js';
import { findingsAt } from '../check.js';
import { correctedAgency } from './agencies.js';
import type { Citation, Figure, Note, Reply } from '../reply/types.js';

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Math.round(n * 1e6) / 1e6;
  return String(r);
}

/** The agency and year a reply speaks of, with a misprinted place corrected (the citation keeps the printed title). */
export function who(r: Report): string {
  return `${correctedAgency(r.agency)}${r.year}年`;
}

export function sectionOf(index: number): string {
  return SECTIONS.find((s) => s.index === index)?.canonical ?? '';
}

/**
 * Notes for figures: resting on decoded, placed or OCR-read cells; and, when the report is given,
 * standing where the report's own figures do not add up (a failed identity of the template).
 */
export function howNotes(facts: (Fact | undefined)[], r?: Report): Note[] {
  const hows = new Set<string>(facts.filter(Boolean).map((f) => f!.how));
  const out: Note[] = [];
  if (hows.has('decoded')) out.push({ code: 'decoded' });
  if (hows.has('placed')) out.push({ code: 'placed' });
  if (hows.has('ocr')) out.push({ code: 'ocr' });
  if (r) {
    const failed = new Map(facts.filter((f): f is Fact => Boolean(f)).flatMap((f) => findingsAt(r, f.table, f.row, f.column).map((x) => [x.id, x] as const)));
    const first = [...failed.values()][0];
    if (first) out.push({ code: 'not-adding-up', p: { report: `${r.agency}${r.year}年报告`, message: first.message.replace(/[。；]$/, ''), count: failed.size } });
  }
  return out;
}

export function figureReply(lines: string | string[], figures: Figure[], citations: Citation[], notes: Note[] = [], suggestions: string[] = []): Reply {
  return { kind: 'figure', lang: 'zh', lines: Array.isArray(lines) ? lines : [lines], figures, citations, notes, suggestions };
}

/** Trims a sentence or passage to at most n characters, at a sentence end when possible. */
export function trimText(s: string, n: number): string {
  const t = s.replace(/\s*\n\s*/g, (m) => (m.includes('\n') ? '\n' : ' ')).trim();
  if (t.length <= n) return t;
  const cut = t.slice(0, n);
  // never inside a sentence when one ends in the part kept, else at a clause mark; never inside a number
  const end = Math.max(...['。', '！', '？', '；', ';'].map((c) => cut.lastIndexOf(c)));
  if (end > n * 0.3) return cut.slice(0, end + 1) + '……';
  const clause = Math.max(...['，', ',', '、', '：', ':'].map((c) => cut.lastIndexOf(c)));
  if (clause > n * 0.3) return cut.slice(0, clause) + '……';
  return cut.replace(/[\d.,，]+$/, '') + '……';
}
