// Plain text, with tables flattened into '|' (or '｜') rows (merged cells collapsed), as the Tianjin report.
// A '|' inside a title in 《》 or in a long sentence (scraped pages put a whole report on one line)
// does not make a line a table row.
import type { ReaderOutput } from '../document.js';

export function isTableRow(raw: string): boolean {
  const bare = raw.replace(/《[^》]*》/g, '');
  if (!bare.includes('|')) return false;
  let filled = 0;
  let longest = 0;
  for (const c of bare.split('|')) {
    const t = c.trim();
    if (t) filled++;
    if (t.length > longest) longest = t.length;
    if (filled > 3) return true;
  }
  return longest <= 120;
}

export function readText(content: string): ReaderOutput {
  // the full-width bar (｜) separates cells as the half-width one does
  const lines = content.replace(/\r\n?/g, '\n').replace(/｜/g, '|').split('\n');
  return {
    lines: lines.map((raw, i) => {
      const table = isTableRow(raw);
      const cells = table ? raw.split('|').map((c) => c.trim()) : [raw.trim()];
      if (table) while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
      return { cells, table, at: { line: i + 1 } };
    }),
  };
}
