// Plain text, with tables flattened into '|' rows (merged cells collapsed), as the Tianjin report.
import type { ReaderOutput } from '../document.js';

export function readText(content: string): ReaderOutput {
  const lines = content.replace(/\r\n?/g, '\n').split('\n');
  return {
    lines: lines.map((raw, i) => {
      const table = raw.includes('|');
      const cells = table ? raw.split('|').map((c) => c.trim()) : [raw.trim()];
      if (table) while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
      return { cells, table, at: { line: i + 1 } };
    }),
  };
}
