// The terms a report is found by when a question names no agency: the two-character terms of what
// its narrative figures count and say, of the documents it names and of its headings. PostgreSQL
// keeps them as postings appended per write (pg-postings.ts), the file store likewise (postings.ts).
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

/**
 * A term as a 32-bit integer (its two characters' UTF-16 codes), as PostgreSQL and the file store
 * index them: a quarter of the text's size. Characters outside the BMP fold onto others, so a
 * lookup may find a report that does not hold the word — the terms choose candidates, never answers.
 */
export function termCode(term: string): number {
  const [a = 0, b = 0] = [...term].map((c) => c.codePointAt(0)!);
  return (((a & 0xffff) << 16) | (b & 0xffff)) | 0;
}

/** The report's terms as codes, sorted and distinct. */
export function reportTermCodes(r: Report): number[] {
  return [...new Set(reportTerms(r).map(termCode))].sort((x, y) => x - y);
}
