// The terms a report is found by when a question names no agency: the two-character terms of what
// its narrative figures count and say, of the documents it names and of its headings. PostgreSQL
// keeps them in reports.terms (GIN); the file store computes them once per report in memory.
import type { Report } from '../model.js';
import { bigrams } from '../text.js';
export { bigrams };

/** What a report is found by: what its figures count and say, the documents it names, its headings. */
export function reportTerms(r: Report): string[] {
  const s = new Set<string>();
  for (const f of r.figures) bigrams(f.counts, bigrams(f.sentence, s));
  for (const d of r.documents) bigrams(d.title, s);
  for (const sec of r.sections) bigrams(sec.heading, s);
  return [...s].sort();
}
