// Ingestion: a report file → a Report (metadata, sections, table facts, narrative figures,
// documents, what was left unread, and the 报告自检 findings).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { checkReport } from '../check.js';
import { TABLE_SECTION } from '../template.js';
import { NotAReportError, type Report, type SourceFormat, type TableId } from '../model.js';
import { layoutOf, linesBySection, readMetadata, type Layout, type Line, type Metadata, type ReaderOutput } from './document.js';
import { documentsIn, narrativeFigures } from './narrative.js';
import { readHtml } from './readers/html.js';
import { readMarkdown } from './readers/markdown.js';
import { readText } from './readers/text.js';
import { readTables, type TableResult } from './tables.js';

/** Largest file ingested (a report is well under this; larger ones are not reports). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export const REPORT_EXTENSIONS = ['.txt', '.text', '.html', '.htm', '.md', '.markdown', '.pdf'];

export function formatOf(file: string, bytes: Buffer): SourceFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.pdf' || bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  const head = bytes.subarray(0, 2048).toString('utf8').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'html';
  return 'text';
}

/** Reads a report file. Throws NotAReportError with a reason a person can act on. */
export async function ingestFile(file: string, id = file): Promise<Report> {
  let bytes: Buffer;
  try {
    if (statSync(file).size > MAX_FILE_BYTES) throw new NotAReportError(file, `文件过大（超过${MAX_FILE_BYTES / 1024 / 1024}MB），不像是一份年度报告`);
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof NotAReportError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new NotAReportError(file, code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个文件夹' : `无法读取（${code ?? String(e)}）`);
  }
  return ingestBytes(file, bytes, id);
}

export async function ingestBytes(file: string, bytes: Buffer, id = file): Promise<Report> {
  if (bytes.length === 0 || !bytes.toString('utf8').trim()) throw new NotAReportError(file, '文件是空的');
  const format = formatOf(file, bytes);
  let out: ReaderOutput;
  if (format === 'pdf') {
    const { readPdf } = await import('./readers/pdf.js');
    out = await readPdf(bytes, file);
  } else {
    if (looksBinary(bytes)) throw new NotAReportError(file, '这是一个二进制文件，不是文本、HTML、Markdown 或 PDF 报告');
    const content = bytes.toString('utf8').replace(/^\ufeff/, '');
    if (format === 'html') out = readHtml(content);
    else if (format === 'markdown') out = readMarkdown(content);
    else out = readText(content);
  }
  const layout = layoutOf(out.lines);
  const meta = readMetadata(layout.doc.text);
  const found = layout.sections.filter((s) => s.index >= 1).length;
  if (!meta || found < 2) {
    throw new NotAReportError(
      file,
      !meta
        ? '找不到报告标题（应形如“××机关××××年政府信息公开工作年度报告”），不像是政府信息公开工作年度报告'
        : '找不到年度报告的章节（一、总体情况 … 六、其他需要报告的事项），不像是政府信息公开工作年度报告',
    );
  }
  const tables = await readAllTables(layout, format);
  const report = buildReport(file, id, tables.format ?? format, meta, layout, tables, out.problems ?? [], bytes);
  report.findings = checkReport(report);
  return report;
}

/** Table facts from every reader that applies, in one pass: cells, then flattened digit runs, then placed rows. */
async function readAllTables(layout: Layout, format: SourceFormat): Promise<TableResult & { format?: SourceFormat }> {
  const bySection = linesBySection(layout);
  const tableLines = (t: TableId) => (bySection.get(TABLE_SECTION[t]) ?? []).filter((l) => l.table);
  const byTable: Record<TableId, Line[]> = { 二: tableLines('二'), 三: tableLines('三'), 四: tableLines('四') };
  let placed: typeof import('./placed.js') | null = null;
  if (format === 'markdown') {
    placed = await import('./placed.js');
    byTable['二'] = placed.markdownLines2(bySection.get(TABLE_SECTION['二']) ?? []);
  }
  let tables: TableResult & { format?: SourceFormat } = readTables(byTable);
  // pages scraped to text run table cells together: let the flattened reader decode them
  if ((format === 'text' || format === 'markdown') && needsFlattenedReader(tables, layout)) {
    const { decodeFlattened } = await import('./flattened.js');
    tables = decodeFlattened(layout, tables);
    if (format === 'text') tables.format = 'flattened';
  }
  // Markdown converted from PDF: rows without labels, placed by the template's row order where certain
  if (placed) tables = { ...placed.placeUnlabeled(layout, tables), format: tables.format };
  return tables;
}

function looksBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return true;
  const text = head.toString('utf8');
  const bad = (text.match(/\ufffd/g) ?? []).length;
  return bad > 8 && bad / text.length > 0.02;
}

function needsFlattenedReader(t: TableResult, layout: Layout): boolean {
  if (t.facts.some((f) => f.table === '三' && f.how === 'cell')) return false;
  const want = t.unread.filter((u) => u.table === '三').length;
  // a table 三 with no '|' rows at all: its labels and digit runs stand in the narrative text
  const inline = layout.sections.some((s) => s.index === 3 && /申请数量\s*\d/.test(s.text));
  return want > 5 || inline;
}

/** The report from its layout and its tables, before the check. */
function buildReport(
  file: string,
  id: string,
  format: SourceFormat,
  meta: Metadata,
  layout: Layout,
  tables: TableResult,
  problems: string[],
  bytes: Buffer,
): Report {
  const { sections } = layout;
  const seenTitles = new Set<string>();
  const documents = documentsIn(sections).filter((d) => !seenTitles.has(d.title) && seenTitles.add(d.title));
  return {
    id,
    agency: meta.agency,
    year: meta.year,
    title: meta.title,
    published: meta.published,
    publishedText: meta.publishedText,
    versions: tables.versions,
    sections: sections.map(({ start: _s, end: _e, ...s }) => s),
    facts: tables.facts,
    figures: narrativeFigures(sections),
    documents,
    unread: [...problems.map((p) => ({ table: null, what: '文件', why: p })), ...tables.unread],
    findings: [],
    source: { file, format, sha1: createHash('sha1').update(bytes).digest('hex'), bytes: bytes.length },
  };
}
