// Reports in every form they are published: Word (.docx) and Excel (.xlsx) files the tests make from
// the Tianjin page layout (merged cells, blank zeros), old .doc/.xls files, text in GB18030 and UTF-16,
// garbage, HTML entities, a title only in <title>/metadata, an empty JavaScript page shell; and a
// report fetched from a web address served by a local HTTP server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestUrl } from '../src/ingest/fetch.js';
import { ingestBytes, ingestFile } from '../src/ingest/index.js';
import { readHtml } from '../src/ingest/readers/html.js';
import { NotAReportError, type Fact, type Report } from '../src/model.js';
import { gb18030, utf16be, utf16le } from './helpers/encodings.js';
import { tianjinBlocks, tianjinDocx, tianjinXlsx } from './helpers/office.js';
import { expectedTianjinCells, TIANJIN, TIANJIN_TEXT, tianjinHtml } from './helpers/tianjin.js';

const fact = (f: Fact) => ({ table: f.table, row: f.row, column: f.column, value: f.value, unit: f.unit });
const expected = expectedTianjinCells().map(({ raw: _r, ...c }) => c);
/** The findings of a report with its zeros left blank: one note for each table's blank cells. */
const blankNotes = (r: Report) => r.findings.map((f) => [f.id.replace(/-[0-9a-f]{8}$/, ''), f.table]);

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof NotAReportError) return e.reason;
    throw e;
  }
  throw new Error('read as a report');
}

let text: Report;
const tmp = mkdtempSync(join(tmpdir(), 'gongkai-forms-'));
beforeAll(async () => {
  text = await ingestFile(TIANJIN);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Word and Excel', () => {
  it('the fixtures have the merged cells of a real table', () => {
    const tables = tianjinBlocks().filter((b) => b.kind === 'table');
    expect(tables).toHaveLength(3);
    const cells = tables.flatMap((t) => (t.kind === 'table' ? t.rows.flat() : []));
    expect(cells.some((c) => c.rowspan === 20)).toBe(true);
    expect(cells.some((c) => c.colspan === 7 && c.text === '申请人情况')).toBe(true);
    expect(cells.filter((c) => c.text === '').length).toBeGreaterThan(50);
  });

  it('a .docx gives every Tianjin cell, the metadata, the narrative, and the check names its blank cells', async () => {
    const file = join(tmp, 'tianjin.docx');
    writeFileSync(file, await tianjinDocx());
    const r = await ingestFile(file);
    expect(r.source.format).toBe('docx');
    expect([r.agency, r.year, r.published]).toEqual(['天津市工业和信息化局', 2020, '2021-01-27']);
    expect(r.versions).toEqual({ 二: '2019', 三: '2019', 四: '2019' });
    expect(r.facts.map(fact)).toEqual(expected);
    expect(r.unread).toEqual([]);
    expect(blankNotes(r)).toEqual([['t-blank-zero', '三'], ['t-blank-zero', '四']]);
    expect(r.figures.map((f) => [f.value, f.counts])).toEqual(text.figures.map((f) => [f.value, f.counts]));
    expect(r.documents.map((d) => d.title)).toEqual(text.documents.map((d) => d.title));
  });

  it('an .xlsx gives every Tianjin cell (merged cells given once across, repeated down; blanks are 0)', async () => {
    const file = join(tmp, 'tianjin.xlsx');
    writeFileSync(file, await tianjinXlsx());
    const r = await ingestFile(file);
    expect(r.source.format).toBe('xlsx');
    expect([r.agency, r.year]).toEqual(['天津市工业和信息化局', 2020]);
    expect(r.facts.map(fact)).toEqual(expected);
    expect(r.facts.filter((f) => f.raw === '').every((f) => f.value === 0)).toBe(true);
    expect(r.facts.filter((f) => f.raw === '').length).toBe(23 * 3 + 12);
    expect(r.unread).toEqual([]);
    // the blank cells are the only finding: one note a table, the identities holding with them as 0
    expect(blankNotes(r)).toEqual([['t-blank-zero', '三'], ['t-blank-zero', '四']]);
  });

  it('an .xlsx with only the statistics tables (no title, no sections) is named as an attachment, saying what to do', async () => {
    const blocks = tianjinBlocks().filter((b) => b.kind === 'table');
    const r = await reason(ingestBytes('附件.xlsx', await tianjinXlsx(blocks)));
    expect(r).toMatch(/像是报告所附的统计表：请读取报告本身/);
  });

  it('old binary .doc and .xls, RTF and a zip are named, saying what to save them as', async () => {
    const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(2048, 1)]);
    expect(await reason(ingestBytes('报告.doc', ole))).toMatch(/旧版 Word 文件（\.doc）.*另存为 \.docx 或 PDF/);
    expect(await reason(ingestBytes('统计.xls', ole))).toMatch(/旧版 Excel 文件（\.xls）.*另存为 \.xlsx/);
    expect(await reason(ingestBytes('报告.rtf', Buffer.from('{\\rtf1\\ansi 报告}')))).toMatch(/RTF.*另存为 \.docx 或 PDF/);
    expect(await reason(ingestBytes('a.zip', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)])))).toMatch(/压缩包.*解压/);
    // a broken .docx (the zip cut short) is said to be broken, not a crash
    const docx = await tianjinDocx();
    expect(await reason(ingestBytes('cut.docx', docx.subarray(0, 400)))).toMatch(/Word 文件已损坏或无法解析/);
  });

  it('a .doc that is really a web page (as some sites serve them) is read as HTML', async () => {
    const r = await ingestBytes('tianjin.doc', Buffer.from(tianjinHtml()));
    expect(r.source.format).toBe('html');
    expect(r.facts).toHaveLength(198);
  });
});

describe('encodings', () => {
  const cases: [string, Buffer, string][] = [
    ['GB18030', gb18030(TIANJIN_TEXT), 'GB18030'],
    ['UTF-16LE with a BOM', utf16le(TIANJIN_TEXT), 'UTF-16LE'],
    ['UTF-16BE with a BOM', utf16be(TIANJIN_TEXT), 'UTF-16BE'],
    ['UTF-16LE without a BOM', utf16le(TIANJIN_TEXT, false), 'UTF-16LE'],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TIANJIN_TEXT)]), 'UTF-8'],
  ];
  for (const [name, bytes, encoding] of cases)
    it(`${name}: the same 198 cells, and the encoding read is said`, async () => {
      expect(bytes.equals(Buffer.from(TIANJIN_TEXT))).toBe(false);
      const r = await ingestBytes('tianjin.txt', bytes);
      expect(r.source.encoding).toBe(encoding);
      expect(r.agency).toBe('天津市工业和信息化局');
      expect(r.facts.map(fact)).toEqual(expected);
      expect(r.figures.length).toBe(text.figures.length);
    });

  it('a GBK web page with <meta charset="gbk"> is read', async () => {
    const r = await ingestBytes('tianjin.html', gb18030(tianjinHtml().replace('charset="utf-8"', 'charset="gbk"')));
    expect(r.source.encoding).toBe('GB18030');
    expect(r.facts).toHaveLength(198);
  });

  it('bytes that are text in no encoding are named as garbage', async () => {
    const junk = Buffer.alloc(3000);
    let x = 7;
    for (let i = 0; i < junk.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      junk[i] = 0x80 + ((x >> 16) % 128);
    }
    expect(await reason(ingestBytes('junk.txt', junk))).toMatch(/乱码.*UTF-8、GB18030（GBK）、UTF-16/);
  });
});

describe('HTML', () => {
  it('decodes every named entity, in the narrative and in cells', () => {
    const lines = readHtml(
      '<p>&ldquo;放管服&rdquo;改革&mdash;&mdash;全面推进&ensp;政务公开&hellip;&middot;</p><table><tr><td>&ldquo;行政许可&rdquo;</td><td>7&ensp;</td><td>减少1项</td><td>&#x36;44</td></tr></table>',
    ).lines.map((l) => l.cells);
    expect(lines).toEqual([['“放管服”改革——全面推进 政务公开…·'], ['“行政许可”', '7', '减少1项', '644']]);
  });

  it('takes the title from <title> or the page metadata when the body has none', async () => {
    const page = tianjinHtml().replace(/<h1 class="title">[\s\S]*?<\/h1>/, '');
    expect(page).not.toContain('年度报告</h1>');
    const fromTitle = await ingestBytes('p.html', Buffer.from(page));
    expect([fromTitle.agency, fromTitle.year, fromTitle.facts.length]).toEqual(['天津市工业和信息化局', 2020, 198]);
    const meta = page
      .replace(/<title>[^<]*<\/title>/, '<title>政务公开_天津市工业和信息化局</title><meta name="ArticleTitle" content="天津市工业和信息化局2020年政府信息公开工作年度报告">');
    const fromMeta = await ingestBytes('p.html', Buffer.from(meta));
    expect([fromMeta.agency, fromMeta.year, fromMeta.title]).toEqual(['天津市工业和信息化局', 2020, '天津市工业和信息化局2020年政府信息公开工作年度报告']);
  });

  it('an empty JavaScript page shell is named as such, saying what to do', async () => {
    const shell = '<!DOCTYPE html><html><head><title>天津市工业和信息化局2020年政府信息公开工作年度报告</title></head><body><div id="app"></div><script src="/static/js/app.8f3a.js"></script><script>window.__INITIAL__={}</script></body></html>';
    expect(await reason(ingestBytes('shell.html', Buffer.from(shell)))).toMatch(/JavaScript.*另存为 PDF/);
  });
});

describe('from a web address (a local HTTP server)', () => {
  let server: Server;
  let base: string;
  const files = new Map<string, { type: string; body: Buffer; disposition?: string }>();
  beforeAll(async () => {
    files.set('/zwgk/report.html', { type: 'text/html; charset=utf-8', body: Buffer.from(tianjinHtml()) });
    files.set('/download?id=7', { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', body: await tianjinDocx(), disposition: 'attachment; filename="report.docx"' });
    files.set('/gbk', { type: 'text/plain', body: gb18030(TIANJIN_TEXT) });
    files.set('/article', { type: 'text/html', body: Buffer.from('<html><body><p>春天的江南。</p></body></html>') });
    server = createServer((req, res) => {
      const f = files.get(req.url ?? '');
      if (!f) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': f.type, ...(f.disposition ? { 'content-disposition': f.disposition } : {}) }).end(f.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reads an HTML page, a DOCX download and a GBK text, recording the address as the source', async () => {
    for (const path of ['/zwgk/report.html', '/download?id=7', '/gbk']) {
      const r = await ingestUrl(base + path);
      expect(r.id).toBe(base + path);
      expect(r.source.url).toBe(base + path);
      expect(r.source.file).toBe(base + path);
      expect(r.facts.map(fact)).toEqual(expected);
    }
    expect((await ingestUrl(base + '/download?id=7')).source.format).toBe('docx');
    expect((await ingestUrl(base + '/gbk')).source.encoding).toBe('GB18030');
  });

  it('real reports of ../shared/corpus served over HTTP read as their files do (skipped without the corpus)', async (ctx) => {
    const { existsSync, readFileSync } = await import('node:fs');
    const { REPO } = await import('./helpers/tianjin.js');
    const corpus = join(REPO, '..', 'shared', 'corpus');
    if (!existsSync(corpus)) {
      ctx.skip('../shared/corpus not present');
      return;
    }
    for (const [name, type] of [['shanghai-bangongting-2019.html', 'text/html'], ['huaian-shi-2024.pdf', 'application/pdf']] as const) {
      files.set(`/files/${name}`, { type, body: readFileSync(join(corpus, name)) });
      const fromFile = await ingestFile(join(corpus, name));
      const fromUrl = await ingestUrl(`${base}/files/${name}`);
      expect(fromUrl.facts.map(fact), name).toEqual(fromFile.facts.map(fact));
      expect([fromUrl.agency, fromUrl.year, fromUrl.source.url]).toEqual([fromFile.agency, fromFile.year, `${base}/files/${name}`]);
    }
  });

  it('a missing page, a page that is not a report and a refused connection are said in words', async () => {
    expect(await reason(ingestUrl(base + '/nope.pdf'))).toMatch(/HTTP 404（页面不存在）/);
    expect(await reason(ingestUrl(base + '/article'))).toMatch(/找不到报告标题/);
    // a port that was free a moment ago: nothing listens there
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await reason(ingestUrl(`http://127.0.0.1:${port}/report.pdf`))).toMatch(/服务器拒绝连接/);
    expect(await reason(ingestUrl('http://'))).toMatch(/不是有效的网址/);
  });
});
