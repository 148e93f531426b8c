// PDF reports (mostly made with WPS or Word): text items with their positions (pdfjs-dist), rebuilt
// into the lines every reader produces. Table rows are rebuilt from the positions: a row is a baseline
// with value cells in columns; the label cells of a row are the text blocks beside it, however they
// were broken over lines (（三）不 / 予公开); group labels printed in a merged cell spanning many rows
// are given to the run of numbered items they span; column headers split into syllables (商业企 / 业)
// are joined; page numbers (-3-) are dropped so that tables and sentences run on over page breaks.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NotAReportError } from '../../model.js';
import { parseCell } from '../cells.js';
import type { Line, ReaderOutput } from '../document.js';
import { checkPages, checkPdfStreams } from '../limits.js';

interface Item {
  s: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Items of one physical line that touch each other (a word, a number, a label). */
interface Seg {
  s: string;
  x: number;
  x2: number;
  y: number;
  h: number;
  num: boolean;
}

type Kind = 'value' | 'table' | 'narrative' | 'furniture';

interface PLine {
  page: number;
  y: number;
  h: number;
  segs: Seg[];
  kind: Kind;
  pageHeight: number;
}

let pdfjs: typeof import('pdfjs-dist/legacy/build/pdf.mjs') | null = null;

async function loadPdfjs() {
  if (!pdfjs) pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

function pdfjsDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('pdfjs-dist/package.json'));
}

const CJK = '\\u3001-\\u303f\\u3400-\\u9fff\\uff00-\\uffef“”‘’';
const SPACE_NEAR_CJK = new RegExp(`\\s+(?=[${CJK}])|(?<=[${CJK}])\\s+`, 'g');

function clean(s: string): string {
  // as printed (full-width punctuation kept, like the other readers); only spaces are tidied
  return s.replace(/[\u00a0\u3000\u200b\ufeff]/g, ' ').replace(SPACE_NEAR_CJK, '').replace(/\s+/g, ' ').trim();
}

function isNumeric(s: string): boolean {
  const t = s.replace(/\s+/g, '');
  return /\d/.test(t) && parseCell(t) !== null;
}

export async function readPdf(bytes: Buffer, file: string): Promise<ReaderOutput> {
  await checkPdfStreams(bytes, file); // decoded size (compression bombs)
  const lib = await loadPdfjs();
  const dir = pdfjsDir();
  let doc;
  try {
    doc = await lib.getDocument({
      data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice(),
      cMapUrl: join(dir, 'cmaps') + '/',
      cMapPacked: true,
      standardFontDataUrl: join(dir, 'standard_fonts') + '/',
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      verbosity: 0,
    }).promise;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new NotAReportError(file, /password/i.test(msg) ? 'PDF 有密码保护，无法读取' : `PDF 文件已损坏或无法解析（${msg}）`);
  }
    const pages: { items: Item[]; height: number }[] = [];
  let chars = 0;
  try {
    checkPages(doc.numPages, file);
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const vp = page.getViewport({ scale: 1 });
      const tc = await page.getTextContent();
      const items: Item[] = [];
      for (const it of tc.items) {
        if (!('str' in it)) continue;
        const s = it.str;
        if (!s || !s.trim()) continue;
        const [a, b, , d, e, f] = it.transform as number[];
        if (Math.abs(b!) > Math.abs(a!) * 0.5) continue; // rotated text (vertical labels, stamps)
        const h = it.height || Math.abs(d!) || Math.abs(a!) || 10;
        const w = it.width;
        const t = s.trim();
        // vertical text written as one item: much taller than wide for its characters
        if (t.length >= 2 && !isNumeric(t) && h > 3 * (w / t.length) && h > 1.5 * w) continue;
        items.push({ s, x: e!, y: f!, w, h });
        chars += t.replace(/\s/g, '').length;
      }
      pages.push({ items, height: vp.height });
      page.cleanup();
    }
    // no text layer: a scanned report, read by OCR from each page's image
    if (chars < Math.max(40, 20 * pages.length)) return await scannedPages(lib, doc, file);
  } finally {
    await doc.destroy();
  }
  return linesOfPages(pages);
}

/** The largest image of each page (the scan), recognised by OCR into positioned words. */
async function scannedPages(lib: NonNullable<typeof pdfjs>, doc: Awaited<ReturnType<typeof lib.getDocument>['promise']>, file: string) {
  const { ocrPages, pngOf, OCR_HELP } = await import('./ocr.js');
  const images: Parameters<typeof ocrPages>[1] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const ops = await page.getOperatorList();
    let best: { width: number; height: number; data: Uint8Array; kind?: number } | null = null;
    for (let i = 0; i < ops.fnArray.length; i++) {
      if (ops.fnArray[i] !== lib.OPS.paintImageXObject) continue;
      const name = (ops.argsArray[i] as unknown[])[0] as string;
      const img = await new Promise<{ width: number; height: number; data?: Uint8Array; kind?: number } | null>((resolve) => {
        try {
          page.objs.get(name, resolve);
        } catch {
          resolve(null);
        }
      });
      if (img?.data && (!best || img.width * img.height > best.width * best.height)) best = { width: img.width, height: img.height, data: img.data, kind: img.kind };
    }
    if (best) images.push({ image: pngOf(best) });
    page.cleanup();
  }
  if (!images.length) throw new NotAReportError(file, `${OCR_HELP.replace(/。要用 OCR.*$/, '')}，页面上也没有可识别的图像`);
  return ocrPages(file, images);
}

/** Everything after text extraction: physical lines, tables, paragraphs. Exported for tests. */
export function linesOfPages(pages: { items: Item[]; height: number }[]): ReaderOutput {
  const plines: PLine[] = [];
  pages.forEach((pg, pi) => plines.push(...physicalLines(pg.items, pi + 1, pg.height)));
  classify(plines);
  const out: Line[] = [];
  // regions: runs of value/table lines with at least one value line; other lines are narrative
  let i = 0;
  const narrative: PLine[] = [];
  const flushNarrative = () => {
    out.push(...paragraphs(narrative, plines));
    narrative.length = 0;
  };
  while (i < plines.length) {
    const l = plines[i]!;
    if (l.kind === 'furniture') {
      i++;
      continue;
    }
    if (l.kind === 'narrative') {
      narrative.push(l);
      i++;
      continue;
    }
    let j = i;
    const region: PLine[] = [];
    while (j < plines.length && plines[j]!.kind !== 'narrative') {
      if (plines[j]!.kind !== 'furniture') region.push(plines[j]!);
      j++;
    }
    if (region.some((r) => r.kind === 'value')) {
      flushNarrative();
      out.push(...tableLines(region));
    } else narrative.push(...region);
    i = j;
  }
  flushNarrative();
  return { lines: out };
}

// ---------- physical lines ----------

function physicalLines(items: Item[], page: number, pageHeight: number): PLine[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: { y: number; items: Item[] }[] = [];
  for (const it of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - it.y) <= 0.3 * Math.min(it.h, last.items[0]!.h)) last.items.push(it);
    else lines.push({ y: it.y, items: [it] });
  }
  return lines.map((l) => {
    const its = l.items.sort((a, b) => a.x - b.x);
    const segs: Seg[] = [];
    let cur: { items: Item[] } | null = null;
    const push = () => {
      if (!cur) return;
      const first = cur.items[0]!;
      const last = cur.items[cur.items.length - 1]!;
      let s = '';
      cur.items.forEach((it, k) => {
        const prev = cur!.items[k - 1];
        if (prev && it.x - (prev.x + prev.w) > 0.25 * it.h && /[A-Za-z0-9]$/.test(prev.s.trim()) && /^[A-Za-z0-9]/.test(it.s.trim())) s += ' ';
        s += it.s;
      });
      const text = clean(s);
      if (text)
        segs.push({ s: text, x: first.x, x2: last.x + last.w, y: l.y, h: Math.max(...cur.items.map((x) => x.h)), num: isNumeric(text) });
      cur = null;
    };
    for (const it of its) {
      if (cur) {
        const prev = cur.items[cur.items.length - 1]!;
        const gap = it.x - (prev.x + prev.w);
        const h = Math.min(it.h, prev.h);
        const bothNum = isNumeric(prev.s) && isNumeric(it.s);
        if (gap < (bothNum ? 0.25 : 0.6) * h) {
          cur.items.push(it);
          continue;
        }
        push();
      }
      cur = { items: [it] };
    }
    push();
    const h = segs.length ? Math.max(...segs.map((s) => s.h)) : 0;
    return { page, y: l.y, h, segs, kind: 'narrative' as Kind, pageHeight };
  });
}

const PAGE_NUMBER = /^([-—–－_\s]*\d{1,3}[-—–－_\s]*|第\s*\d+\s*页(\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/;

function classify(lines: PLine[]): void {
  // body text height: the most common height of text, weighted by characters
  const weight = new Map<number, number>();
  for (const l of lines) for (const s of l.segs) if (!s.num) weight.set(Math.round(s.h), (weight.get(Math.round(s.h)) ?? 0) + s.s.length);
  let body = 12;
  let best = -1;
  for (const [h, n] of weight) if (n > best) [body, best] = [h, n];
  for (const l of lines) {
    const text = l.segs.map((s) => s.s).join('');
    const margin = Math.min(0.1 * l.pageHeight, 80);
    if (PAGE_NUMBER.test(text) && (l.y < margin || l.y > l.pageHeight - margin)) {
      l.kind = 'furniture';
      continue;
    }
    if (isValueLine(l)) l.kind = 'value';
    else {
      const small = l.segs.every((s) => s.h < 0.9 * body);
      let gapped = false;
      for (let k = 1; k < l.segs.length; k++) if (l.segs[k]!.x - l.segs[k - 1]!.x2 > 2 * l.h) gapped = true;
      l.kind = small || gapped ? 'table' : 'narrative';
    }
  }
  // a lone number on its line is a value only when it stands in a value column of its page
  for (const l of lines) {
    if (l.kind !== 'value' || l.segs.length !== 1) continue;
    const c = (l.segs[0]!.x + l.segs[0]!.x2) / 2;
    const aligned = lines.some(
      (o) => o !== l && o.page === l.page && o.kind === 'value' && o.segs.length > 1 && o.segs.some((s) => s.num && Math.abs((s.x + s.x2) / 2 - c) < 4),
    );
    if (!aligned) l.kind = l.h < 0.9 * body ? 'table' : 'narrative';
  }
}

function isValueLine(l: PLine): boolean {
  const k = l.segs.findIndex((s) => s.num);
  if (k < 0) return false;
  const nums = l.segs.slice(k);
  if (!nums.every((s) => s.num)) return false;
  for (let j = 1; j < nums.length; j++) if (nums[j]!.x - nums[j - 1]!.x2 < 0.8 * Math.min(nums[j]!.h, nums[j - 1]!.h)) return false;
  if (k > 0) {
    const label = l.segs[k - 1]!;
    if (nums[0]!.x - label.x2 < 1.5 * Math.min(label.h, nums[0]!.h)) return false;
  }
  return true;
}

// ---------- tables ----------

const NUMBERING = /^([（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[.、．](?!\d))/;
const ITEM = /^\d{1,2}[.、．](?!\d)/;

interface Block {
  page: number;
  segs: Seg[];
  x: number;
  x2: number;
  top: number;
  bottom: number;
  h: number;
  text: string;
}

interface Row {
  page: number;
  y: number;
  h: number;
  values: Seg[];
  labels: Block[];
  item: boolean;
}

function tableLines(region: PLine[]): Line[] {
  const rows: Row[] = [];
  const texts: { page: number; seg: Seg }[] = [];
  for (const l of region) {
    const k = l.kind === 'value' ? l.segs.findIndex((s) => s.num) : l.segs.length;
    if (l.kind === 'value') rows.push({ page: l.page, y: l.y, h: l.h, values: l.segs.slice(k), labels: [], item: false });
    for (const s of l.segs.slice(0, k)) texts.push({ page: l.page, seg: s });
  }
  const blocks = buildBlocks(texts);
  const rowsOn = (page: number) => rows.filter((r) => r.page === page);
  const candidates = (b: Block) =>
    rowsOn(b.page).filter((r) => r.y >= b.bottom - 0.8 * b.h && r.y <= b.top + 0.8 * b.h);
  const nearest = (b: Block): Row | null => {
    let best: Row | null = null;
    let dist = Infinity;
    for (const r of rowsOn(b.page)) {
      const d = r.y > b.top ? r.y - b.top : r.y < b.bottom ? b.bottom - r.y : 0;
      if (d < dist) [best, dist] = [r, d];
    }
    return best && dist <= 1.2 * b.h ? best : null;
  };
  const firstValueX = (page: number) => Math.min(...rowsOn(page).map((r) => r.values[0]!.x));
  // the value columns' area: text there is header, never a row label
  const inLabelArea = (b: Block) => b.x2 <= firstValueX(b.page) + 2;
  // 1. numbered items (1. 2. …) and the rows they label
  const itemBlocks = blocks.filter((b) => ITEM.test(b.text) && inLabelArea(b));
  const itemX = itemBlocks.length ? mode(itemBlocks.map((b) => Math.round(b.x))) : Infinity;
  const owner = new Map<Block, Row>();
  for (const b of itemBlocks) {
    const c = candidates(b);
    const r = c.length === 1 ? c[0]! : c.length === 0 ? nearest(b) : closest(c, b);
    if (r && !r.labels.some((x) => ITEM.test(x.text))) {
      owner.set(b, r);
      r.labels.push(b);
      r.item = true;
    }
  }
  // 2. runs of numbered rows; a label left of the item column inside a run's span is its group label
  const runs: Row[][] = [];
  for (const r of rows) {
    const last = runs[runs.length - 1];
    const prevRow = rows[rows.indexOf(r) - 1];
    if (r.item && last && prevRow && prevRow.item && last[last.length - 1] === prevRow && !startsAtOne(r)) last.push(r);
    else if (r.item) runs.push([r]);
  }
  const groupOf = new Map<Row[], Block[]>();
  const header: Block[] = [];
  for (const b of blocks) {
    if (owner.has(b)) continue;
    if (!inLabelArea(b)) {
      header.push(b);
      continue;
    }
    const centre = (b.top + b.bottom) / 2;
    const run =
      b.x < itemX - 2 && !ITEM.test(b.text)
        ? runs.find((run) => {
            const on = run.filter((r) => r.page === b.page);
            if (!on.length) return false;
            const top = Math.max(...on.map((r) => r.y)) + 0.8 * b.h;
            const bottom = Math.min(...on.map((r) => r.y)) - 0.8 * b.h;
            return centre <= top && centre >= bottom && (on.length > 1 || run.length > 1);
          })
        : undefined;
    if (run) {
      groupOf.set(run, [...(groupOf.get(run) ?? []), b]);
      continue;
    }
    const c = candidates(b);
    const r = c.length === 1 ? c[0]! : c.length === 0 ? nearest(b) : null;
    if (r) r.labels.push(b);
    else header.push(b);
  }
  // 3. lines in reading order: header lines, group labels before their run, rows
  type Ev = { page: number; y: number; order: number; line: Line };
  const evs: Ev[] = [];
  for (const r of rows) {
    const label = r.labels
      .sort((a, b) => a.x - b.x || b.top - a.top)
      .map((b) => b.text)
      .join('');
    evs.push({ page: r.page, y: r.y, order: 2, line: { cells: [label, ...r.values.map((v) => v.s)], table: true, at: { page: r.page } } });
  }
  for (const [run, bs] of groupOf) {
    const text = bs
      .sort((a, b) => a.x - b.x || a.page - b.page || b.top - a.top)
      .map((b) => b.text)
      .join('');
    evs.push({ page: run[0]!.page, y: run[0]!.y, order: 1, line: { cells: [text], table: true, at: { page: run[0]!.page } } });
  }
  // header blocks whose tops are close form one header line, cells left to right
  header.sort((a, b) => a.page - b.page || b.top - a.top);
  const used = new Set<Block>();
  for (const b of header) {
    if (used.has(b)) continue;
    const same = header.filter((o) => !used.has(o) && o.page === b.page && Math.abs(o.top - b.top) <= 1.5 * b.h);
    same.forEach((o) => used.add(o));
    same.sort((a, c) => a.x - c.x);
    evs.push({ page: b.page, y: b.top, order: 0, line: { cells: same.map((o) => o.text), table: true, at: { page: b.page } } });
  }
  evs.sort((a, b) => a.page - b.page || b.y - a.y || a.order - b.order);
  return evs.map((e) => e.line);
}

function startsAtOne(r: Row): boolean {
  const b = r.labels.find((x) => ITEM.test(x.text));
  return !!b && /^1[.、．]/.test(b.text);
}

function closest(rows: Row[], b: Block): Row {
  const c = (b.top + b.bottom) / 2;
  return rows.reduce((best, r) => (Math.abs(r.y - c) < Math.abs(best.y - c) ? r : best));
}

function mode(xs: number[]): number {
  const m = new Map<number, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  let best = xs[0]!;
  let n = 0;
  for (const [x, c] of m) if (c > n || (c === n && x < best)) [best, n] = [x, c];
  return best;
}

/** Stacks of text segments in one column, continuing a cell's text over lines. */
function buildBlocks(texts: { page: number; seg: Seg }[]): Block[] {
  const sorted = [...texts].sort((a, b) => a.page - b.page || b.seg.y - a.seg.y || a.seg.x - b.seg.x);
  const blocks: Block[] = [];
  for (const { page, seg } of sorted) {
    let target: Block | null = null;
    if (!NUMBERING.test(seg.s)) {
      for (const b of blocks) {
        if (b.page !== page) continue;
        const last = b.segs[b.segs.length - 1]!;
        const dy = last.y - seg.y;
        if (dy < 0.5 * seg.h || dy > 2.6 * Math.max(seg.h, last.h)) continue;
        // continuation: starts under the block's text (not left of it), overlapping it
        if (seg.x < b.x - 2 || seg.x >= last.x2) continue;
        // nothing else of the same column between them
        const between = sorted.some(
          (o) => o.page === page && o.seg !== seg && o.seg.y < last.y - 0.3 * seg.h && o.seg.y > seg.y + 0.3 * seg.h && o.seg.x < last.x2 && o.seg.x2 > b.x,
        );
        if (between) continue;
        if (!target || b.bottom > target.bottom) target = b;
      }
    }
    if (target) {
      target.segs.push(seg);
      target.bottom = seg.y;
      target.x2 = Math.max(target.x2, seg.x2);
      target.text += seg.s;
    } else blocks.push({ page, segs: [seg], x: seg.x, x2: seg.x2, top: seg.y, bottom: seg.y, h: seg.h, text: seg.s });
  }
  // segments on one line that belong to one cell (label text broken by a gap): join left to right
  return blocks;
}

// ---------- narrative ----------

function paragraphs(lines: PLine[], all: PLine[]): Line[] {
  if (!lines.length) return [];
  const xs = all.filter((l) => l.kind === 'narrative' && l.segs.length).map((l) => l.segs[0]!.x).sort((a, b) => a - b);
  const x2s = all.filter((l) => l.kind === 'narrative' && l.segs.length).map((l) => l.segs[l.segs.length - 1]!.x2).sort((a, b) => a - b);
  const left = xs[Math.floor(xs.length * 0.1)] ?? 0;
  const right = x2s[Math.floor(x2s.length * 0.9)] ?? 0;
  const out: Line[] = [];
  let cur: { text: string; page: number; last: PLine } | null = null;
  for (const l of lines) {
    const text = joinSegs(l.segs);
    if (!text) continue;
    const x = l.segs[0]!.x;
    const prev = cur?.last;
    const continues =
      cur &&
      prev &&
      Math.abs(prev.h - l.h) <= 0.2 * l.h &&
      x <= left + 0.8 * l.h &&
      prev.segs[prev.segs.length - 1]!.x2 >= right - 1.5 * l.h &&
      !/[。！？：；]$/.test(cur.text) &&
      !NUMBERING.test(text);
    if (cur && continues) {
      cur.text += text;
      cur.last = l;
    } else {
      if (cur) out.push({ cells: [cur.text], table: false, at: { page: cur.page } });
      cur = { text, page: l.page, last: l };
    }
  }
  if (cur) out.push({ cells: [cur.text], table: false, at: { page: cur.page } });
  return out;
}

function joinSegs(segs: Seg[]): string {
  let s = '';
  segs.forEach((g, k) => {
    const prev = segs[k - 1];
    if (prev && /[A-Za-z0-9]$/.test(prev.s) && /^[A-Za-z0-9]/.test(g.s)) s += ' ';
    s += g.s;
  });
  return s;
}
