// HTML pages with real tables: rowspan and colspan expanded into a grid, <br> in cells joined,
// blank cells meaning 0. Parsed with node-html-parser (no regular expressions on markup).
import { parse, type HTMLElement, NodeType, type Node } from 'node-html-parser';
import type { Line, ReaderOutput } from '../document.js';
import { checkHtml } from '../limits.js';

const BLOCK = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'section', 'article', 'br', 'tr', 'table', 'ul', 'ol', 'title', 'header', 'footer', 'center', 'blockquote', 'pre']);
const SKIP = new Set(['script', 'style', 'noscript', 'head', 'iframe', 'svg', 'button', 'select', 'option', 'input', 'textarea']);

export function readHtml(content: string): ReaderOutput {
  checkHtml(content); // nesting depth (the parser's time grows with its square)
  const root = parse(content, { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  const lines: Line[] = [];
  let buf = '';
  const flush = () => {
    const t = buf.replace(/[ \t\u00a0\u3000]+/g, ' ').trim();
    if (t) lines.push({ cells: [t], table: false, at: { line: lines.length + 1 } });
    buf = '';
  };
  const walk = (node: Node) => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      if (/^\s*<!/.test(node.rawText)) return; // <!DOCTYPE html>, which the parser keeps as text
      buf += decode(node.rawText);
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const el = node as HTMLElement;
    const tag = el.rawTagName?.toLowerCase() ?? '';
    if (SKIP.has(tag)) return;
    if (tag === 'table') {
      flush();
      for (const cells of grid(el)) lines.push({ cells, table: true, blankIsZero: true, at: { line: lines.length + 1 } });
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    for (const c of el.childNodes) walk(c);
    if (block) flush();
  };
  walk(root);
  flush();
  return { lines };
}

function decode(s: string): string {
  return s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}

function cellText(el: HTMLElement): string {
  // <br> and block children inside a header cell join without a space (商业<br>企业 → 商业企业)
  return decode(el.innerHTML.replace(/<br\s*\/?>/gi, '').replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Marks the columns after the first of a colspan cell (dropped from the row). */
const SPANNED = '\u0000spanned';

/** Rows of a table with rowspan expanded (a cell spanning rows repeats its text in each) and
 * colspan cells given once. */
function grid(table: HTMLElement): string[][] {
  const rows = table.querySelectorAll('tr').filter((tr) => closestTable(tr) === table);
  const out: string[][] = [];
  const pending: { col: number; text: string; left: number }[] = [];
  for (const tr of rows) {
    const row: string[] = [];
    const cells = tr.childNodes.filter(
      (n): n is HTMLElement => n.nodeType === NodeType.ELEMENT_NODE && /^(td|th)$/i.test((n as HTMLElement).rawTagName ?? ''),
    );
    let col = 0;
    const place = () => {
      for (;;) {
        const p = pending.find((x) => x.col === col && x.left > 0);
        if (!p) break;
        row[col] = p.text;
        p.left--;
        col++;
      }
    };
    for (const td of cells) {
      place();
      const text = cellText(td);
      const colspan = Math.max(1, Math.min(50, Number(td.getAttribute('colspan') ?? 1) || 1));
      const rowspan = Math.max(1, Math.min(500, Number(td.getAttribute('rowspan') ?? 1) || 1));
      // a cell spanning columns is one value: its text stands in its first column only (a value
      // cell that spans two header columns must not be read as two values)
      for (let k = 0; k < colspan; k++) {
        const t = k === 0 ? text : SPANNED;
        row[col] = t;
        if (rowspan > 1) pending.push({ col, text: t, left: rowspan - 1 });
        col++;
      }
    }
    place();
    for (let i = pending.length - 1; i >= 0; i--) if (pending[i]!.left <= 0) pending.splice(i, 1);
    for (let i = 0; i < row.length; i++) if (row[i] === undefined) row[i] = '';
    const cellsOut = row.filter((c) => c !== SPANNED);
    if (cellsOut.some((c) => c !== '')) out.push(cellsOut);
  }
  return out;
}

function closestTable(el: HTMLElement): HTMLElement | null {
  let p = el.parentNode as HTMLElement | null;
  while (p && p.rawTagName?.toLowerCase() !== 'table') p = p.parentNode as HTMLElement | null;
  return p;
}
