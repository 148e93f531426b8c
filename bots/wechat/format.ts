// Plain-text formatting of answers for WeChat: no HTML, no Markdown (WeChat shows
// neither). The rendered reply (answer, notes, source lines), then a few follow-up
// questions; long replies are split at sentence boundaries. Nothing here words an answer.
import { choiceLines, type Rendered } from '../../src/render/render.js';

/**
 * Longest message the bot sends, in characters (code points).
 *
 * WeChat itself accepts longer texts, but the web protocol (wechat4u) and some
 * puppet services truncate or reject messages of a few thousand bytes, and a
 * single bubble longer than a phone screen or two is hard to read. 1500
 * characters keeps every reply well under those limits, with room for the
 * '@name ' prefix of a reply in a group chat.
 */
export const WECHAT_MESSAGE_LIMIT = 1500;

/** At most this many suggestions are listed. */
const MAX_SUGGESTIONS = 3;

/** The line sent for images, voice, video, files, links, mini programs and stickers. */
export const NON_TEXT_REPLY = '我只能读文字问题，请用文字提问，例如：天津市工信局2020年收到多少政府信息公开申请？发送“帮助”查看用法。';

/** The whole reply, as plain text: the answer, its notes, the numbered choices, the source lines, a few follow-up questions. */
export function formatAnswer(r: Rendered): string {
  const parts: string[] = [r.body.trim(), ...r.notes];
  if (r.choices.length) parts.push(...choiceLines(r.choices));
  parts.push(...r.sources);
  const suggestions = r.suggestions.map((s) => s.trim()).filter(Boolean).slice(0, MAX_SUGGESTIONS);
  if (suggestions.length > 0 && !r.choices.length) {
    parts.push(`还可以问：\n${suggestions.map((s) => `· ${s}`).join('\n')}`);
  }
  return parts.filter(Boolean).join('\n');
}

/** Characters after which a message may be cut: sentence ends, semicolons, line breaks. */
const BOUNDARY = /[。！？；!?;\n]/;

/**
 * Splits text into messages of at most `limit` characters (code points), cutting
 * after a sentence end (。！？；, their ASCII forms, or a line break) whenever one
 * fits; a single sentence longer than the limit is cut after a comma or, failing
 * that, hard at the limit. Pieces are trimmed; empty pieces are dropped; the text
 * is otherwise unchanged (joining the pieces gives the text back, modulo the
 * whitespace at the cuts).
 */
export function splitMessage(text: string, limit: number = WECHAT_MESSAGE_LIMIT): string[] {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const chars = Array.from(text.trim());
  const out: string[] = [];
  let start = 0;
  while (start < chars.length) {
    if (chars.length - start <= limit) {
      out.push(chars.slice(start).join(''));
      break;
    }
    const window = chars.slice(start, start + limit);
    let cut = -1;
    for (let i = window.length - 1; i >= 0; i--) {
      if (BOUNDARY.test(window[i]!)) {
        cut = i + 1;
        break;
      }
    }
    if (cut <= 0) {
      for (let i = window.length - 1; i >= 0; i--) {
        if (/[，,、：:\s]/.test(window[i]!)) {
          cut = i + 1;
          break;
        }
      }
    }
    if (cut <= 0) cut = window.length;
    out.push(chars.slice(start, start + cut).join(''));
    start += cut;
  }
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}
