// Robustness (issue 17): small hostile files are refused naming the limit they hit — nesting depth,
// pages, decoded size, time, memory — and one such file in the knowledge folder never stalls or
// crashes the start. The files are generated here; bounded time comes from the limits themselves.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeflate } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { ingestFile } from '../src/ingest/index.js';
import { DEFAULT_LIMITS, htmlDepth, reasonOf } from '../src/ingest/limits.js';
import { ingestFileLimited, stopIngestWorker } from '../src/ingest/worker.js';
import { openKnowledge } from '../src/knowledge.js';
import { NotAReportError } from '../src/model.js';
import { TIANJIN } from './helpers/tianjin.js';

const TITLE = '天津市某局2020年政府信息公开工作年度报告';
let dir: string;
const f = (name: string) => join(dir, name);

/** 100,000 nested unclosed <div>s (about 530 KB), as in the issue. */
function deepHtml(n = 100_000): string {
  return `<html><head><title>${TITLE}</title></head><body>${'<div>'.repeat(n)}一、总体情况 二、主动公开政府信息情况`;
}

/** A PDF of `n` blank pages. */
async function blankPages(n: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < n; i++) doc.addPage([595, 842]);
  return doc.save();
}

/** Deflate of `mb` MB of zeros, made chunk by chunk (a Flate bomb: ~1000 times smaller). */
function zeros(mb: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const z = createDeflate({ level: 9 });
    const out: Buffer[] = [];
    z.on('data', (c: Buffer) => out.push(c));
    z.on('end', () => resolve(Buffer.concat(out)));
    z.on('error', reject);
    const chunk = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < mb; i++) z.write(chunk);
    z.end();
  });
}

/** A one-page PDF whose content stream is a Flate bomb. */
async function bombPdf(mb: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('2020 annual report', { x: 50, y: 800, font, size: 12 });
  const stream = doc.context.stream(await zeros(mb), { Filter: 'FlateDecode' });
  page.node.set(PDFName.of('Contents'), doc.context.register(stream));
  return doc.save();
}

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(NotAReportError);
    return (e as NotAReportError).reason;
  }
  throw new Error('expected the file to be refused');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-limits-'));
  writeFileSync(f('deep.html'), deepHtml());
  writeFileSync(f('blank-pages.pdf'), await blankPages(DEFAULT_LIMITS.pages + 1));
  writeFileSync(f('bomb.pdf'), await bombPdf(DEFAULT_LIMITS.decodedBytes / 1024 / 1024 + 32));
  writeFileSync(f('big.txt'), `${TITLE}\n一、总体情况\n二、主动公开政府信息情况\n` + '行政许可 | 7 | 减少1项 | 644 |\n'.repeat(400_000));
});

afterAll(async () => {
  await stopIngestWorker();
  rmSync(dir, { recursive: true, force: true });
});

describe('limits on one file', () => {
  it('counts HTML nesting without parsing (closed, void and optional-end tags do not nest)', () => {
    expect(htmlDepth('<div><p>a<p>b<br><img src=x><span>c</span></div>')).toBe(2);
    expect(htmlDepth('<div><div/><!-- <div><div> --><script>if (a<b) "<div>"</script></div>')).toBe(1);
    expect(htmlDepth(deepHtml(5000))).toBe(5000);
  });

  it('refuses 100,000 nested tags naming the nesting limit (directly and in the worker)', async () => {
    expect(await reason(ingestFile(f('deep.html')))).toMatch(/嵌套层数超过上限（1000 层）/);
    expect(await reason(ingestFileLimited(f('deep.html')))).toMatch(/嵌套层数超过上限/);
  });

  it('refuses a PDF with more pages than the limit, naming the count', async () => {
    expect(await reason(ingestFileLimited(f('blank-pages.pdf')))).toBe(`页数超过上限（${DEFAULT_LIMITS.pages + 1} 页，上限 ${DEFAULT_LIMITS.pages} 页），不像是一份年度报告，未读取`);
  });

  it('refuses a Flate bomb naming the decoded size, not as a scanned PDF', async () => {
    const r = await reason(ingestFileLimited(f('bomb.pdf')));
    expect(r).toMatch(/解压后的内容超过上限（128MB）/);
    expect(r).not.toMatch(/扫描/);
  });

  it('stops a file that runs past the time limit, and the next file is read', async () => {
    // the nesting check switched off: the parser would take minutes on this file
    expect(await reason(ingestFileLimited(f('deep.html'), undefined, { depth: Infinity, timeoutMs: 1500 }))).toBe('读取时间超过上限（1.5 秒），未读取');
    const r = await ingestFileLimited(TIANJIN);
    expect(r.facts.length).toBe(198);
  });

  it('stops a file that needs more memory than the limit, and the next file is read', async () => {
    expect(await reason(ingestFileLimited(f('big.txt'), undefined, { memoryMb: 32 }))).toBe('读取所需内存超过上限（32MB），未读取');
    expect((await ingestFileLimited(TIANJIN)).agency).toBe('天津市工业和信息化局');
  });

  it('says what is wrong in words, never with a raw error name', () => {
    expect(reasonOf(new RangeError('Maximum call stack size exceeded'))).toBe('文件结构嵌套过深，无法读取');
    const pdfjsError = Object.assign(new Error('Bad end offset: 1234'), { name: 'UnknownErrorException' });
    expect(reasonOf(pdfjsError)).toBe('PDF 文件已损坏或无法解析');
    for (const e of [new RangeError('Invalid array length'), new TypeError('x is undefined'), pdfjsError, 'boom']) expect(reasonOf(e)).not.toMatch(/[A-Za-z]{4,}/);
  });
});

describe('the bot starting on a folder with hostile files', () => {
  it('reads the good report and names the limit each bad file hit', async () => {
    const folder = join(dir, 'knowledge');
    const store = join(dir, 'store.json');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    for (const name of ['deep.html', 'blank-pages.pdf', 'bomb.pdf']) copyFileSync(f(name), join(folder, name));
    copyFileSync(TIANJIN, join(folder, 'tianjin.txt'));
    const k = await openKnowledge({ dir: folder, store });
    expect(k.reports.map((r) => r.agency)).toEqual(['天津市工业和信息化局']);
    const why = Object.fromEntries((k.problems ?? []).map((p) => [p.file.split('/').pop(), p.reason]));
    expect(why['deep.html']).toMatch(/嵌套层数超过上限/);
    expect(why['blank-pages.pdf']).toMatch(/页数超过上限/);
    expect(why['bomb.pdf']).toMatch(/解压后的内容超过上限/);
  });
});
