// The terms a report is found by when a question names no agency: the two-character terms of what
// its narrative figures count and say, of the documents it names and of its headings. PostgreSQL
// keeps them in reports.terms (GIN); the file store computes them once per report in memory.
import type { Report } from '../model.js';

/** Distinct two-character terms of a text (CJK, letters, digits). */
export function bigrams(text: string, into = new Set<string>()): Set<string> {
  const chars = [...text];
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i]!;
    const b = chars[i + 1]!;
    if (/[\p{L}\p{N}]/u.test(a) && /[\p{L}\p{N}]/u.test(b)) into.add(a + b);
  }
  return into;
}

/** What a report is found by: what its figures count and say, the documents it names, its headings. */
export function reportTerms(r: Report): string[] {
  const s = new Set<string>();
  for (const f of r.figures) bigrams(f.counts, bigrams(f.sentence, s));
  for (const d of r.documents) bigrams(d.title, s);
  for (const sec of r.sections) bigrams(sec.heading, s);
  return [...s].sort();
}
