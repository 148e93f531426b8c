// The Tianjin report as Word (.docx, made with the docx package) and Excel (.xlsx, made with exceljs)
// files, from the same page layout as the HTML rendering (tianjinHtml): paragraphs, and tables whose
// header and label cells are merged across columns and down rows, blank cells for some zeros.
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { parse, type HTMLElement } from 'node-html-parser';
import { tianjinHtml } from './tianjin.js';

export interface Cell {
  text: string;
  colspan: number;
  rowspan: number;
}
export type Block = { kind: 'p'; text: string } | { kind: 'table'; rows: Cell[][] };

const text = (el: HTMLElement) =>
  el.innerHTML
    .replace(/<br\s*\/?>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, '')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&')
    .trim();

/** The report page's article as paragraphs and tables (cells with their spans). */
export function tianjinBlocks(): Block[] {
  const root = parse(tianjinHtml());
  const article = root.querySelector('.article')!;
  const out: Block[] = [];
  for (const el of article.childNodes) {
    const e = el as HTMLElement;
    const tag = e.rawTagName?.toLowerCase();
    if (tag === 'h1') for (const part of e.innerHTML.split(/<br\s*\/?>/)) out.push({ kind: 'p', text: part.replace(/<[^>]*>/g, '').trim() });
    else if (tag === 'p') out.push({ kind: 'p', text: text(e) });
    else if (tag === 'table')
      out.push({
        kind: 'table',
        rows: e.querySelectorAll('tr').map((tr) =>
          tr.querySelectorAll('td').map((td) => ({ text: text(td), colspan: Number(td.getAttribute('colspan') ?? 1), rowspan: Number(td.getAttribute('rowspan') ?? 1) })),
        ),
      });
  }
  return out;
}

/** Word file: each paragraph a paragraph, each table a Word table with merged cells. */
export async function tianjinDocx(blocks = tianjinBlocks()): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  for (const b of blocks) {
    if (b.kind === 'p') children.push(new Paragraph({ children: [new TextRun(b.text)] }));
    else
      children.push(
        new Table({
          rows: b.rows.map(
            (r) =>
              new TableRow({
                children: r.map(
                  (c) => new TableCell({ columnSpan: c.colspan > 1 ? c.colspan : undefined, rowSpan: c.rowspan > 1 ? c.rowspan : undefined, children: [new Paragraph(c.text)] }),
                ),
              }),
          ),
        }),
      );
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/** Excel file: one sheet, paragraphs in column A, tables as merged cell ranges; numbers as numbers. */
export async function tianjinXlsx(blocks = tianjinBlocks()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('年度报告');
  let r = 1;
  for (const b of blocks) {
    if (b.kind === 'p') {
      ws.getCell(r, 1).value = b.text;
      r++;
      continue;
    }
    // place the cells on a grid, skipping columns taken by cells spanning down from rows above
    const taken = new Set<string>();
    b.rows.forEach((row, ri) => {
      let c = 1;
      for (const cell of row) {
        while (taken.has(`${r + ri}/${c}`)) c++;
        const v = cell.text;
        ws.getCell(r + ri, c).value = /^\d+$/.test(v) ? Number(v) : v === '' ? null : v;
        if (cell.colspan > 1 || cell.rowspan > 1) ws.mergeCells(r + ri, c, r + ri + cell.rowspan - 1, c + cell.colspan - 1);
        for (let dr = 0; dr < cell.rowspan; dr++) for (let dc = 0; dc < cell.colspan; dc++) taken.add(`${r + ri + dr}/${c + dc}`);
        c += cell.colspan;
      }
    });
    r += b.rows.length + 1;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
