// Markdown, with pipe tables (often converted from PDF and broken: see the flattened/placed readers).
import type { Line, ReaderOutput } from '../document.js';

export function readMarkdown(content: string): ReaderOutput {
  const lines: Line[] = [];
  content
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((raw, i) => {
      const t = raw.trim();
      if (/^\|?\s*:?-{2,}/.test(t) && /^[|\s:-]+$/.test(t)) return; // separator row |---|---|
      if (t.startsWith('|')) {
        const cells = t.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
        lines.push({ cells, table: true, at: { line: i + 1 } });
      } else {
        lines.push({ cells: [t.replace(/^#+\s*/, '')], table: false, at: { line: i + 1 } });
      }
    });
  return { lines };
}
