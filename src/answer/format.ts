// Small helpers shared by the answer kinds: numbers, the source line, notes on how a figure was read.
import type { Fact, Report } from '../model.js';
import { SECTIONS } from '../template.js';
import type { Answer, Citation, Figure } from './types.js';

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Math.round(n * 1e6) / 1e6;
  return String(r);
}

export function who(r: Report): string {
  return `${r.agency}${r.year}年`;
}

export function sectionOf(index: number): string {
  return SECTIONS.find((s) => s.index === index)?.canonical ?? '';
}

export function sourceLine(c: Citation): string {
  return `来源：${[c.report, c.section, c.quote].filter(Boolean).join(' · ')}`;
}

/** （据表格数字拆分） / （按表格行序推定） when a figure rests on decoded or placed cells. */
export function howNote(facts: (Fact | undefined)[]): string {
  const hows = new Set(facts.filter(Boolean).map((f) => f!.how));
  let s = '';
  if (hows.has('decoded')) s += '（据表格数字拆分）';
  if (hows.has('placed')) s += '（按表格行序推定）';
  return s;
}

export function figureAnswer(text: string, figures: Figure[], citations: Citation[], suggestions: string[] = []): Answer {
  const src = citations.length ? '\n' + citations.slice(0, 3).map(sourceLine).join('\n') : '';
  return { text: text + src, figures, citations, suggestions, kind: 'figure' };
}

/** Trims a sentence or passage to at most n characters, at a sentence end when possible. */
export function trimText(s: string, n: number): string {
  const t = s.replace(/\s*\n\s*/g, (m) => (m.includes('\n') ? '\n' : ' ')).trim();
  if (t.length <= n) return t;
  const cut = t.slice(0, n);
  const end = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('；'));
  return end > n * 0.5 ? cut.slice(0, end + 1) + '……' : cut + '……';
}
