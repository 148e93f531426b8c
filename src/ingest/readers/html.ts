// HTML pages with real tables: rowspan and colspan expanded into a grid, <br> in cells joined,
// blank cells meaning 0. Parsed with node-html-parser (no regular expressions on markup).
import { decodeHTML } from 'entities';
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
  const bodyText = lines.map((l) => l.cells.join('')).join('').replace(/\s+/g, '');
  if (bodyText.length < 40 && root.querySelectorAll('script').length > 0)
    return { lines, notReport: '网页正文是空的，内容由 JavaScript 在浏览器中生成：请在浏览器中打开该页面，另存为 PDF，或把正文复制保存为文本文件后再读取' };
  // the title stands only in <title> or the page's metadata: put it first
  const head = bodyText.slice(0, 1500);
  if (!TITLE.test(head)) {
    const title = pageTitle(root);
    if (title) lines.unshift({ cells: [title], table: false, at: {} });
  }
  return { lines };
}

const TITLE = /政府信息公开(工作)?(年度报告|年报)/;

/** The page's title from <title> or metadata (ArticleTitle, og:title, title), when it names a report. */
function pageTitle(root: HTMLElement): string | null {
  const metas = root.querySelectorAll('meta');
  const meta = (name: string) =>
    metas.find((m) => (m.getAttribute('name') ?? m.getAttribute('property') ?? '').toLowerCase() === name.toLowerCase())?.getAttribute('content');
  const candidates = [meta('ArticleTitle'), meta('og:title'), meta('title'), root.querySelector('title')?.text];
  for (const c of candidates) {
    if (!c) continue;
    const t = decode(c).replace(/\s+/g, ' ').trim();
    // "…年度报告_政务公开_某某网" : the report's title is the part that names it
    const part = t.split(/\s*[_|｜—–-]{1,2}\s*/).find((x) => TITLE.test(x)) ?? (TITLE.test(t) ? t : null);
    if (part) return part;
  }
  return null;
}

/** Every named and numeric entity (&ldquo; &mdash; &ensp; …); no-break and en/em spaces read as spaces. */
function decode(s: string): string {
  return decodeHTML(s).replace(/[\u00a0\u2002\u2003\u2009]/g, ' ');
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
