// Two copies of one report answer as one: the copy read better is kept, the other is named (in the
// knowledge's problems, said at start and in /api/reports), so that a poorer copy — one whose
// tables could not be read, sorting first by file name — never hides the good one.
import { basename } from 'node:path';
import type { Report } from '../model.js';

export interface Named {
  file: string;
  reason: string;
  duplicateOf?: string;
}

/**
 * One report each: the same file saved twice (same bytes) is one report, and so are two copies of
 * one report — the same agency and year, no table cell that differs between them (a PDF and its web
 * page, a copy that read worse). The copy read better (more table figures, then more narrative
 * figures, then fewer things left unread) is kept; each other copy is added to `named` with why.
 * Reports of one agency and year whose figures differ are both kept (a correction, two agencies
 * printed alike): answering says which it read.
 */
export function distinctReports(reports: Report[], named?: Named[]): Report[] {
  const seen = new Set<string>();
  const byKey = new Map<string, Report[]>();
  for (const r of reports) {
    if (seen.has(r.source.sha1)) continue;
    seen.add(r.source.sha1);
    const k = `${r.agency}\u0000${r.year}`;
    (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(r);
  }
  const dropped = new Set<Report>();
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    const ranked = [...group].sort(betterRead);
    const kept: Report[] = [];
    for (const r of ranked) {
      const copyOf = kept.find((k) => sameFigures(k, r));
      if (!copyOf) kept.push(r);
      else {
        dropped.add(r);
        named?.push({
          file: r.id,
          reason: `与 ${basename(copyOf.id)} 是同一份报告（${r.agency} ${r.year}年）的两份副本，${readMore(copyOf, r) ? '回答用读出更多的那份' : '两份读出的一样多，回答用那份'}（它读出表格数字 ${copyOf.facts.length} 个、正文数字 ${copyOf.figures.length} 个；这份 ${r.facts.length} 个、${r.figures.length} 个）`,
          duplicateOf: copyOf.id,
        });
      }
    }
  }
  return reports.filter((r) => seen.delete(r.source.sha1) && !dropped.has(r));
}

/** Better read first: more table figures, more narrative figures, fewer unread, then by id. */
function betterRead(a: Report, b: Report): number {
  return b.facts.length - a.facts.length || b.figures.length - a.figures.length || a.unread.length - b.unread.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Whether `a` was read better than `b` (not only first by name). */
function readMore(a: Report, b: Report): boolean {
  return a.facts.length > b.facts.length || a.figures.length > b.figures.length || a.unread.length < b.unread.length;
}

/** No table cell printed with a different value in the two. */
function sameFigures(a: Report, b: Report): boolean {
  const cells = new Map(a.facts.map((f) => [`${f.table}|${f.row.join('›')}|${f.column.join('›')}`, f.value]));
  return b.facts.every((f) => {
    const v = cells.get(`${f.table}|${f.row.join('›')}|${f.column.join('›')}`);
    return v === undefined || v === f.value;
  });
}
