// Excel (.xlsx) reports and statistics, read with exceljs: each sheet's rows in order. A row with one
// text cell (a title, a heading, a sentence, often merged across the sheet) is a narrative line; other
// rows are table rows, as wide as the widest row of their run. A cell merged across columns is one value, given once (as the HTML reader
// does with colspan); a cell merged down rows repeats its text in each (as rowspan); a blank cell is 0.
import ExcelJS from 'exceljs';
import type { Line, ReaderOutput } from '../document.js';

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return `${v.getUTCFullYear()}年${v.getUTCMonth() + 1}月${v.getUTCDate()}日`;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in v) return String((v as ExcelJS.CellHyperlinkValue).text);
    if ('error' in v) return '';
  }
  return '';
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

export async function readXlsx(bytes: Buffer): Promise<ReaderOutput> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const lines: Line[] = [];
  wb.eachSheet((ws) => {
    // rows with their cells by column; a table's width is the widest of its run of rows (a blank cell
    // inside it is 0, the columns beyond it are not cells)
    const rows: { cols: (string | null)[]; extent: number }[] = [];
    ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cols: (string | null)[] = [];
      let extent = 0;
      for (let c = 1; c <= ws.columnCount; c++) {
        const cell = row.getCell(c);
        const master = cell.isMerged ? cell.master : cell;
        if (master.address !== cell.address) {
          extent = Math.max(extent, c);
          // merged across columns: given once (null); merged down rows: repeated in each row
          cols.push(Number(master.col) !== c ? null : clean(cellText(master.value)));
          continue;
        }
        const t = clean(cellText(cell.value));
        if (t || cell.isMerged) extent = c;
        cols.push(t);
      }
      void rowNumber;
      rows.push({ cols, extent });
    });
    let i = 0;
    while (i < rows.length) {
      const filled = (k: number) => rows[k]!.cols.filter((c) => c).length;
      if (filled(i) === 0) {
        i++;
        continue;
      }
      const single = (k: number) => filled(k) === 1 && !/^[\d.,\s-]+$/.test(rows[k]!.cols.find((c) => c)!);
      if (single(i)) {
        lines.push({ cells: [rows[i]!.cols.find((c) => c)!], table: false, at: { line: lines.length + 1 } });
        i++;
        continue;
      }
      // a run of table rows
      let j = i;
      while (j < rows.length && filled(j) > 0 && !single(j)) j++;
      const width = rows.slice(i, j).reduce((w, r) => Math.max(w, r.extent), 0);
      for (let k = i; k < j; k++) {
        const cells = rows[k]!.cols.slice(0, width).filter((c): c is string => c !== null);
        lines.push({ cells, table: true, blankIsZero: true, at: { line: lines.length + 1 } });
      }
      i = j;
    }
  });
  return { lines };
}
