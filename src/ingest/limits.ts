// Limits on reading one report file, so that a small hostile file (100,000 nested tags, a PDF of
// 100,000 blank pages, a compression bomb) is refused with the limit it hit, in words, instead of
// stalling or exhausting the process. The cheap checks here run at the top of the readers; the time
// and memory limits are enforced by running the ingest in a worker thread (worker.ts).
import { createInflate, createInflateRaw } from 'node:zlib';
import { NotAReportError } from '../model.js';

export interface IngestLimits {
  /** most pages of a PDF (annual reports have 10 to 60) */
  pages: number;
  /** most bytes the compressed (Flate) streams of a PDF may decode to, images not counted */
  decodedBytes: number;
  /** deepest nesting of HTML elements (real pages stay under 100) */
  depth: number;
  /** longest time one file may take, in milliseconds */
  timeoutMs: number;
  /** largest JavaScript heap while reading one file, in MB */
  memoryMb: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  pages: 300,
  decodedBytes: 128 * 1024 * 1024,
  depth: 1000,
  timeoutMs: 60_000,
  memoryMb: 512,
};

let current: IngestLimits = { ...DEFAULT_LIMITS };

/** The limits in force (the worker sets them for each file). */
export function ingestLimits(): IngestLimits {
  return current;
}

export function setIngestLimits(l: Partial<IngestLimits>): void {
  current = { ...DEFAULT_LIMITS, ...l };
}

const MB = 1024 * 1024;
const mb = (n: number) => `${Math.round(n / MB)}MB`;

export const limitMessages = {
  pages: (n: number, max: number) => `页数超过上限（${n} 页，上限 ${max} 页），不像是一份年度报告，未读取`,
  decoded: (max: number) => `PDF 解压后的内容超过上限（${mb(max)}），可能是压缩炸弹，未读取`,
  depth: (max: number) => `HTML 标签嵌套层数超过上限（${max} 层），未读取`,
  time: (ms: number) => `读取时间超过上限（${Math.round(ms / 100) / 10} 秒），未读取`,
  memory: (m: number) => `读取所需内存超过上限（${m}MB），未读取`,
};

// Elements whose end tag may be left out (the parser closes them), and void elements: not counted.
const NO_DEPTH = new Set([
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'colgroup', 'caption', 'rb', 'rt', 'rp', 'html', 'head', 'body',
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'frame', 'basefont', 'isindex', 'keygen',
]);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript']);

/** The deepest element nesting of an HTML text (a character scan, no parse). */
export function htmlDepth(html: string): number {
  let depth = 0;
  let max = 0;
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    const closing = html[lt + 1] === '/';
    let j = lt + (closing ? 2 : 1);
    const start = j;
    while (j < n && isNameChar(html.charCodeAt(j))) j++;
    if (j === start || !isLetter(html.charCodeAt(start))) {
      i = lt + 1; // '<' in text, '<!doctype', '<?xml'
      continue;
    }
    const name = html.slice(start, j).toLowerCase();
    const gt = html.indexOf('>', j);
    if (gt < 0) break;
    const selfClosing = html[gt - 1] === '/';
    i = gt + 1;
    if (NO_DEPTH.has(name)) continue;
    if (closing) {
      if (depth > 0) depth--;
      continue;
    }
    if (selfClosing) continue;
    if (RAW_TEXT.has(name)) {
      i = endOfRawText(html, name, i);
      continue;
    }
    depth++;
    if (depth > max) max = depth;
  }
  return max;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 45 || c === 58;
}

/** Where the end tag of a raw-text element (script, style …) starts, or the end of the text. */
function endOfRawText(html: string, name: string, from: number): number {
  let i = from;
  for (;;) {
    const k = html.indexOf('</', i);
    if (k < 0) return html.length;
    if (html.slice(k + 2, k + 2 + name.length).toLowerCase() === name) return k;
    i = k + 2;
  }
}

/** Throws when an HTML text nests deeper than the limit. */
export function checkHtml(html: string, file = ''): void {
  const max = ingestLimits().depth;
  if (htmlDepth(html) > max) throw new NotAReportError(file, limitMessages.depth(max));
}

/** Throws when a PDF has more pages than the limit. */
export function checkPages(pages: number, file = ''): void {
  const max = ingestLimits().pages;
  if (pages > max) throw new NotAReportError(file, limitMessages.pages(pages, max));
}

/**
 * Throws when the Flate streams of a PDF (images excepted: reading the text never decodes them)
 * decode to more than the limit. The streams are inflated chunk by chunk and counted, never kept.
 */
export async function checkPdfStreams(bytes: Buffer, file = ''): Promise<void> {
  const max = ingestLimits().decodedBytes;
  let total = 0;
  for (const data of flateStreams(bytes)) {
    total += (await inflatedSize(data, max - total)).size; // a damaged stream counts what decoded
    if (total > max) throw new NotAReportError(file, limitMessages.decoded(max));
  }
}

/** The data of each FlateDecode stream that is not an image (a scan of the raw file). */
function* flateStreams(bytes: Buffer): Generator<Buffer> {
  const text = bytes.toString('latin1');
  let at = 0;
  for (;;) {
    const s = text.indexOf('stream', at);
    if (s < 0) return;
    at = s + 6;
    if (text.startsWith('endstream', s - 3)) continue;
    let d = s + 6;
    if (text[d] === '\r') d++;
    if (text[d] !== '\n') continue;
    d++;
    const dictStart = text.lastIndexOf('obj', s);
    const dict = text.slice(dictStart < 0 || s - dictStart > 4096 ? Math.max(0, s - 4096) : dictStart, s);
    const end = text.indexOf('endstream', d);
    const stop = end < 0 ? text.length : end;
    at = stop;
    if (!dict.includes('FlateDecode') || /\/Subtype\s*\/Image/.test(dict)) continue;
    yield bytes.subarray(d, stop);
  }
}

/**
 * Bytes a deflate stream (zlib-wrapped, or raw as in a zip) decodes to, counting at most `budget` + 1,
 * chunk by chunk, nothing kept; `ok` is false when the stream is damaged (`size`: what decoded).
 */
export function inflatedSize(data: Buffer, budget: number, raw = false): Promise<{ size: number; ok: boolean }> {
  return new Promise((resolve) => {
    const z = raw ? createInflateRaw({ chunkSize: 64 * 1024 }) : createInflate({ chunkSize: 64 * 1024 });
    let n = 0;
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      z.removeAllListeners('data');
      z.destroy();
      resolve({ size: n, ok });
    };
    z.on('data', (c: Buffer) => {
      n += c.length;
      if (n > budget) finish(true);
    });
    z.on('end', () => finish(true));
    z.on('error', () => finish(false));
    z.end(data);
  });
}

// file system errors, in words (a file that cannot be read, a store that cannot be written)
const SYSTEM_WORDS: Record<string, string> = {
  EROFS: '文件系统只读',
  EACCES: '没有访问权限',
  EPERM: '没有访问权限',
  ENOSPC: '磁盘已满',
  EDQUOT: '超出磁盘配额',
  ENOENT: '文件不存在',
  ENOTDIR: '路径中有一项不是文件夹',
  EISDIR: '路径是文件夹',
  ELOOP: '符号链接循环',
  EMFILE: '打开的文件过多',
};

/**
 * A reason in words for an error (no stack, no raw error names): a NotAReportError's own, a file
 * system error's code in words, else what a reader's failure means. `plain` (file system and
 * database errors outside reading a report): an unknown error keeps its own message.
 */
export function reasonOf(e: unknown, plain = false): string {
  if (e instanceof NotAReportError) return e.reason;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && SYSTEM_WORDS[code]) return `${SYSTEM_WORDS[code]}，${code}`;
  const name = e instanceof Error ? e.name : '';
  const msg = e instanceof Error ? e.message : String(e);
  if (plain) return msg;
  if (name === 'RangeError' && /call stack/i.test(msg)) return '文件结构嵌套过深，无法读取';
  if (name === 'RangeError') return '文件中的内容超出可处理的范围（过长或过大），无法读取';
  if (/Exception$/.test(name) || /pdf/i.test(msg)) return 'PDF 文件已损坏或无法解析';
  return '读取时出错（文件内容无法处理），未读取';
}
