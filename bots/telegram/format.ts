// Telegram formatting: HTML escaping, the source line, and splitting under the 4096-character limit.
// Pure functions; nothing here computes an answer.
import type { Citation } from '../../src/reply/types.js';
import type { Rendered } from '../../src/render/render.js';

/** Telegram's limit for one message, counted after entity parsing; we count the HTML itself, which is never shorter. */
export const TELEGRAM_LIMIT = 4096;

/** Escape user or report text for parse_mode HTML (the three characters Telegram requires). */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A paragraph of plain text, escaped on rendering and optionally wrapped in one tag. */
export interface Block {
  text: string;
  tag?: 'b' | 'i' | 'blockquote';
  /** separator before this block; default a blank line */
  sep?: '\n' | '\n\n';
}

function escapedLength(s: string): number {
  return escapeHtml(s).length;
}

const SENTENCE_END = '。！？；!?;';
const SOFT_BREAK = '，、,： ';

/**
 * Split plain text into pieces whose escaped length is at most `budget`, cutting at a line break,
 * else after a sentence end, else after a comma or space, else at a character boundary
 * (never inside a surrogate pair, so never inside an HTML entity once escaped).
 */
export function splitPlain(text: string, budget: number): string[] {
  if (budget < 16) throw new Error('splitPlain: budget too small');
  const out: string[] = [];
  let rest = text;
  while (escapedLength(rest) > budget) {
    let cut = 0;
    let len = 0;
    for (const ch of rest) {
      const l = escapedLength(ch);
      if (len + l > budget) break;
      len += l;
      cut += ch.length;
    }
    const window = rest.slice(0, cut);
    const half = Math.floor(cut / 2);
    let at = window.lastIndexOf('\n');
    if (at < half) at = lastOf(window, SENTENCE_END) + 1;
    if (at < half) at = lastOf(window, SOFT_BREAK) + 1;
    if (at < half) at = cut;
    const piece = rest.slice(0, at).replace(/\n+$/, '');
    if (piece) out.push(piece);
    rest = rest.slice(at).replace(/^\n+/, '');
  }
  if (rest) out.push(rest);
  return out;
}

function lastOf(s: string, chars: string): number {
  let best = -1;
  for (const c of chars) best = Math.max(best, s.lastIndexOf(c));
  return best;
}

function wrap(html: string, tag: Block['tag']): string {
  return tag ? `<${tag}>${html}</${tag}>` : html;
}

/** Render blocks as HTML messages, each at most `limit` characters; a block too long for one message is split. */
export function toMessages(blocks: Block[], limit = TELEGRAM_LIMIT): string[] {
  const messages: string[] = [];
  let current = '';
  for (const block of blocks) {
    if (!block.text.trim()) continue;
    const overhead = block.tag ? block.tag.length * 2 + 5 : 0;
    const pieces = splitPlain(block.text, limit - overhead);
    pieces.forEach((piece, i) => {
      if (!piece.trim()) return;
      const html = wrap(escapeHtml(piece), block.tag);
      const sep = i === 0 ? (block.sep ?? '\n\n') : '\n';
      if (current && current.length + sep.length + html.length <= limit) {
        current += sep + html;
      } else {
        if (current) messages.push(current);
        current = html;
      }
    });
  }
  if (current) messages.push(current);
  return messages;
}

/** A rendered reply as blocks: the question (when echoed, e.g. after a button), the answer, each note, the source lines in italics. */
export function answerBlocks(r: Rendered, question?: string): Block[] {
  const blocks: Block[] = [];
  if (question) blocks.push({ text: `问：${question}`, tag: 'b' });
  blocks.push({ text: r.body });
  for (const n of r.notes) blocks.push({ text: n, sep: '\n' });
  if (r.sources.length) blocks.push({ text: r.sources.join('\n'), tag: 'i' });
  return blocks;
}

/** The full citation of an answer, for /source. */
export function citationBlocks(question: string, a: { citations: Citation[] }): Block[] {
  if (a.citations.length === 0) {
    return [{ text: `上一个问题「${question}」的回答没有引用报告原文。` }];
  }
  const blocks: Block[] = [{ text: `上一个问题「${question}」的出处：`, tag: 'b' }];
  a.citations.forEach((c, i) => {
    blocks.push({ text: `${i + 1}. ${c.report}`, tag: 'b' });
    if (c.section) blocks.push({ text: c.section, sep: '\n' });
    if (c.quote) blocks.push({ text: c.quote, tag: 'blockquote', sep: '\n' });
  });
  return blocks;
}
