// Ingestion: a report file → a Report (metadata, sections, table facts, narrative figures,
// documents, what was left unread, and the 报告自检 findings).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { checkReport } from '../check.js';
import { TABLE_SECTION } from '../template.js';
import { normalizeText } from '../text.js';
import { NotAReportError, type OlderFigure, type Report, type SourceFormat, type TableId } from '../model.js';
import { layoutOf, linesBySection, readMetadata, type Layout, type Line, type Metadata, type ReaderOutput } from './document.js';
import { documentsIn, narrativeFigures } from './narrative.js';
import { decodeText } from './readers/encoding.js';
import { readHtml } from './readers/html.js';
import { readMarkdown } from './readers/markdown.js';
import { readText } from './readers/text.js';
import { readTables, type TableResult } from './tables.js';

/** Largest file ingested (a report is well under this; larger ones are not reports). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export const REPORT_EXTENSIONS = ['.txt', '.text', '.html', '.htm', '.md', '.markdown', '.pdf', '.docx', '.xlsx', '.doc', '.xls'];

const OLE = 'd0cf11e0a1b11ae1';

/** What a file is, from its content first and its name second. */
export function formatOf(file: string, bytes: Buffer): SourceFormat | 'doc' | 'xls' | 'rtf' | 'zip' {
  const ext = extname(file).toLowerCase();
  const magic = bytes.subarray(0, 8);
  if (ext === '.pdf' || magic.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (magic.toString('hex') === OLE) return ext === '.xls' || ext === '.et' ? 'xls' : 'doc';
  if (magic.subarray(0, 4).toString('latin1') === 'PK\x03\x04') {
    const names = bytes.subarray(0, Math.min(bytes.length, 64 * 1024)).toString('latin1');
    if (ext === '.docx' || (ext !== '.xlsx' && names.includes('word/'))) return 'docx';
    if (ext === '.xlsx' || names.includes('xl/')) return 'xlsx';
    return 'zip';
  }
  if (magic.subarray(0, 5).toString('latin1') === '{\\rtf') return 'rtf';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  const head = bytes.subarray(0, 2048).toString('utf8').replace(/^\ufeff/, '').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'html';
  if (ext === '.doc' || ext === '.xls') return ext === '.doc' ? 'doc' : 'xls';
  return 'text';
}

const SAVE_AS = {
  doc: '这是旧版 Word 文件（.doc），无法直接读取：请用 Word 或 WPS 另存为 .docx 或 PDF 后再读取',
  xls: '这是旧版 Excel 文件（.xls），无法直接读取：请用 Excel 或 WPS 另存为 .xlsx 后再读取（或把整份报告存为 PDF）',
  rtf: '这是 RTF 文件，无法直接读取：请用 Word 或 WPS 另存为 .docx 或 PDF 后再读取',
  zip: '这是一个压缩包（.zip），不是报告本身：请解压后读取其中的报告文件（PDF、DOCX、XLSX、HTML 或文本）',
};

/** Why a file of this name is not read, saying what to do (for files skipped in a folder). */
export function unsupportedReason(file: string): string {
  const ext = extname(file).toLowerCase();
  if (/^\.(png|jpe?g|gif|bmp|tiff?|webp)$/.test(ext)) return `这是图片（${ext}），不是报告文件：扫描件请合成为 PDF 后再读取`;
  if (/^\.(wps|odt|rtf|pages)$/.test(ext)) return `不支持 ${ext} 格式：请另存为 .docx 或 PDF 后再读取`;
  if (/^\.(et|ods|numbers|csv)$/.test(ext)) return `不支持 ${ext} 格式：请另存为 .xlsx 后再读取`;
  if (/^\.(zip|rar|7z|gz|tar)$/.test(ext)) return `这是压缩包（${ext}）：请解压后读取其中的报告文件`;
  return `不是支持的报告格式（${ext || '无扩展名'}；支持 ${REPORT_EXTENSIONS.filter((e) => e !== '.doc' && e !== '.xls').join(' ')}）：请把报告存为 PDF、DOCX 或文本后再读取`;
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

export interface IngestOptions {
  /** a name whose extension tells the format when the file's own name does not (a web address) */
  name?: string;
  /** the web address the file was fetched from */
  url?: string;
}

export async function ingestBytes(file: string, bytes: Buffer, id = file, opts: IngestOptions = {}): Promise<Report> {
  if (bytes.length === 0) throw new NotAReportError(file, '文件是空的');
  const kind = formatOf(opts.name ?? file, bytes);
  if (kind === 'doc' || kind === 'xls' || kind === 'rtf' || kind === 'zip') throw new NotAReportError(file, SAVE_AS[kind]);
  const format: SourceFormat = kind;
  let out: ReaderOutput;
  let encoding: string | undefined;
  if (format === 'pdf') {
    const { readPdf } = await import('./readers/pdf.js');
    out = await readPdf(bytes, file);
  } else if (format === 'docx' || format === 'xlsx') {
    // the archive's sizes checked while inflating, before the parser inflates anything (zip-limits.ts)
    const { checkZip } = await import('./zip-limits.js');
    await checkZip(bytes, format, file);
    try {
      if (format === 'docx') out = await (await import('./readers/docx.js')).readDocx(bytes);
      else out = await (await import('./readers/xlsx.js')).readXlsx(bytes);
    } catch (e) {
      throw new NotAReportError(file, `${format === 'docx' ? 'Word' : 'Excel'} 文件已损坏或无法解析（${e instanceof Error ? e.message.slice(0, 120) : String(e)}）：请在 ${format === 'docx' ? 'Word/WPS' : 'Excel/WPS'} 中打开后重新保存，或另存为 PDF`);
    }
  } else {
    const decoded = decodeText(bytes);
    if ('problem' in decoded)
      throw new NotAReportError(
        file,
        decoded.problem === 'binary'
          ? '这是一个二进制文件，不是文本、HTML、Markdown、PDF、DOCX 或 XLSX 报告'
          : '文件内容是乱码：按 UTF-8、GB18030（GBK）、UTF-16、Big5（繁体）都不能解读为正常文字，请确认文件未损坏，或另存为 PDF/DOCX/UTF-8 文本后再读取',
      );
    if (!decoded.text.trim()) throw new NotAReportError(file, '文件是空的');
    const content = decoded.text;
    encoding = decoded.encoding;
    if (format === 'html') out = readHtml(content);
    else if (format === 'markdown') out = readMarkdown(content);
    else out = readText(content);
  }
  if (out.notReport) throw new NotAReportError(file, out.notReport);
  const layout = layoutOf(out.lines);
  const meta = readMetadata(layout.doc.text);
  const found = layout.sections.filter((s) => s.index >= 1).length;
  if (!meta || found < 2) {
    throw new NotAReportError(
      file,
      format === 'xlsx'
        ? '这个 Excel 文件里找不到年度报告的标题和章节，像是报告所附的统计表：请读取报告本身（PDF、DOCX 或网页），或在表的第一行写上报告标题（××机关××××年政府信息公开工作年度报告）并标出“二、主动公开政府信息情况”等章节'
        : !meta
          ? '找不到报告标题（应形如“××机关××××年政府信息公开工作年度报告”），不像是政府信息公开工作年度报告'
          : '找不到年度报告的章节（一、总体情况 … 六、其他需要报告的事项），不像是政府信息公开工作年度报告',
    );
  }
  let tables = await readAllTables(layout, format);
  if (out.ocr) {
    // a scanned PDF read by OCR: figures kept only where the template's identities confirm them
    const { confirmOcr } = await import('./scanned.js');
    tables = { ...confirmOcr(tables), format: tables.format };
  }
  let older: OlderFigure[] | undefined;
  if (meta.year <= 2018) {
    // before the 2019 template: the old statistics table and what the narrative states
    const { readOlder } = await import('./older.js');
    const read = readOlder(layout, tables, meta.year);
    tables = { ...read.tables, format: tables.format };
    older = read.older;
  }
  const report = buildReport(file, id, tables.format ?? format, meta, layout, tables, out.problems ?? [], bytes);
  if (older) {
    report.older = older;
    const section = layout.sections.find((s) => s.index === 6)?.canonical ?? '';
    for (const o of older)
      if (!o.maps && o.how !== 'narrative')
        report.figures.push({ value: o.value, unit: o.unit, approximate: false, raw: o.raw, counts: o.label, sentence: `政府信息公开情况统计表：${o.label}（${o.column}）${o.value}${o.unit}`, section, at: o.at });
  }
  if (encoding) report.source.encoding = encoding;
  if (opts.url) report.source.url = opts.url;
  if (out.ocr) report.source.scanned = true;
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
  // table 三 is missing only where its rows are not printed at all, in a table or in the text
  const s3 = layout.sections.find((s) => s.index === 3);
  if (s3 && /本年新收|本年度办理结果|结转下年度继续办理/.test(s3.text.replace(/\s+/g, '')))
    for (const u of tables.unread) if (u.defect?.kind === 'missing') delete u.defect;
  return tables;
}

function needsFlattenedReader(t: TableResult, layout: Layout): boolean {
  if (t.facts.some((f) => f.table === '三' && f.how === 'cell')) return false;
  const want = t.unread.filter((u) => u.table === '三').length;
  // a table 三 with no '|' rows at all: its labels and digit runs stand in the narrative text
  const inline = layout.sections.some((s) => s.index === 3 && /申请数量\s*\d/.test(normalizeText(s.text)));
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
