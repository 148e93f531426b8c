// Test fixtures in the shapes reports are really published, built from a report's own figures:
// a PDF laid out the way WPS lays these tables out, the same tables fully flattened into digit runs,
// and a Markdown version broken the way PDF conversion breaks it.
//
// The PDF is written by hand (no font file needed): a Type0 font with Identity-H encoding whose CIDs
// are the Unicode code points, and a ToUnicode CMap, so that pdfjs extracts the text as printed.
import type { Fact, Report } from '../../src/model.js';
import { COLUMNS_3, GROUPS_4, pathKey, RESULT_COLUMNS_4, rows3 } from '../../src/template.js';

export interface PdfItem {
  s: string;
  x: number;
  y: number;
  size: number;
}

const charWidth = (c: string) => (c.charCodeAt(0) < 128 ? 0.5 : 1);
export const textWidth = (s: string, size: number) => [...s].reduce((w, c) => w + charWidth(c) * size, 0);

/** A PDF of A4 pages with the given text items (no text at all: a "scanned" PDF). */
export function pdfBytes(pages: PdfItem[][]): Buffer {
  const used = new Set<number>();
  for (const p of pages) for (const it of p) for (const c of it.s) used.add(c.codePointAt(0)!);
  const objs: string[] = [];
  const add = (s: string) => objs.push(s) - 1 + 1; // object number
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  const codes = [...used].filter((c) => c <= 0xffff).sort((a, b) => a - b);
  const bf: string[] = [];
  for (let i = 0; i < codes.length; i += 100) {
    const chunk = codes.slice(i, i + 100);
    bf.push(`${chunk.length} beginbfchar\n${chunk.map((c) => `<${hex(c)}> <${hex(c)}>`).join('\n')}\nendbfchar`);
  }
  const cmap = `/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n${bf.join('\n')}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend`;
  const catalog = add('');
  const pagesObj = add('');
  const toUnicode = add(`<< /Length ${Buffer.byteLength(cmap)} >>\nstream\n${cmap}\nendstream`);
  const descriptor = add('<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>');
  const widths = Array.from({ length: 95 }, () => 500).join(' ');
  const cid = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /W [32 [${widths}]] /CIDToGIDMap /Identity >>`,
  );
  const font = add(`<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [${cid} 0 R] /ToUnicode ${toUnicode} 0 R >>`);
  const kids: number[] = [];
  for (const p of pages) {
    const content = p
      .map((it) => `BT /F1 ${it.size} Tf 1 0 0 1 ${it.x.toFixed(2)} ${it.y.toFixed(2)} Tm <${[...it.s].map((c) => hex(c.codePointAt(0)!)).join('')}> Tj ET`)
      .join('\n');
    const stream = add(`<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`);
    kids.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`));
  }
  objs[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objs[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'utf8');
}

// ---------- a report laid out the way WPS does ----------

const TOP = 770;
const BOTTOM = 80;
const LEFT = 74.3;
const BODY = 16;
const PER_LINE = 28;

class Layout {
  pages: PdfItem[][] = [[]];
  y = TOP;
  get page() {
    return this.pages[this.pages.length - 1]!;
  }
  newPage() {
    const n = this.pages.length;
    // page number as WPS prints it: -3- in three items
    this.page.push({ s: '-', x: 290, y: 39.5, size: 13 }, { s: String(n), x: 297, y: 39.5, size: 13 }, { s: '-', x: 305, y: 39.5, size: 13 });
    this.pages.push([]);
    this.y = TOP;
  }
  need(h: number) {
    if (this.y - h < BOTTOM) this.newPage();
  }
  text(s: string, x: number, y: number, size: number) {
    this.page.push({ s, x, y, size });
  }
  /** A paragraph wrapped at the page width, first line indented, running over page breaks. */
  paragraph(s: string, indent = true) {
    let rest = s;
    let first = true;
    while (rest) {
      const n = first && indent ? PER_LINE - 2 : PER_LINE;
      const line = rest.slice(0, n);
      rest = rest.slice(n);
      this.need(BODY * 1.75);
      this.text(line, first && indent ? LEFT + 2 * BODY : LEFT, this.y, BODY);
      this.y -= BODY * 1.75;
      first = false;
    }
  }
}

const COL3 = [267.75, 303.5, 339.3, 379, 425, 467.5, 503.9];

/** Values centred in their column, a little below the label's baseline (as WPS prints them). */
function values(L: Layout, vals: string[], centres: number[], y: number, size: number) {
  vals.forEach((v, i) => L.text(v, centres[i]! - textWidth(v, size) / 2, y - 2.3, size));
}

function facts(r: Report, table: Fact['table']) {
  const m = new Map<string, Fact>();
  for (const f of r.facts) if (f.table === table) m.set(`${pathKey(f.row)}|${pathKey(f.column)}`, f);
  return (row: string[], col: string[]) => m.get(`${pathKey(row)}|${pathKey(col)}`);
}

/**
 * The report as a WPS PDF: narrative paragraphs over line and page breaks; table 二 with column
 * headers in syllables; table 三 with （二）'s label broken around its values, group labels centred
 * over their items in two pieces, 三、本年度办理结果 one character a line, and a page break inside the
 * table between （四）'s first and second items; table 四 with headers in syllables.
 */
export function wpsPdf(r: Report, agencyLine: string, titleLine: string, closing: string[]): Buffer {
  const L = new Layout();
  L.text(agencyLine, 200, L.y, 22);
  L.y -= 28;
  L.text(titleLine, 130, L.y, 22);
  L.y -= 50;
  const v3 = r.versions['三'] ?? '2019';
  const g2 = facts(r, '二');
  const g3 = facts(r, '三');
  const g4 = facts(r, '四');
  for (const sec of r.sections.filter((s) => s.index >= 1)) {
    L.need(BODY * 3);
    L.text(sec.heading, LEFT + 2 * BODY, L.y, BODY);
    L.y -= BODY * 1.75;
    for (const p of sec.text.split('\n').filter(Boolean)) L.paragraph(p);
    if (sec.index === 2) table2(L, r, g2);
    if (sec.index === 3) table3(L, g3, v3);
    if (sec.index === 4) table4(L, g4);
  }
  for (const c of closing) {
    L.need(BODY * 2);
    L.text(c, 380, L.y, BODY);
    L.y -= BODY * 1.75;
  }
  L.newPage();
  L.pages.pop();
  return pdfBytes(L.pages);
}

function table2(L: Layout, r: Report, g: ReturnType<typeof facts>) {
  const byBlock = new Map<string, Fact[]>();
  for (const f of r.facts) if (f.table === '二') byBlock.set(f.row[0]!, [...(byBlock.get(f.row[0]!) ?? []), f]);
  const cols = [268, 380, 470];
  for (const [block, fs] of byBlock) {
    L.need(110);
    L.text(block.slice(0, 4), 78.8, L.y, 10);
    L.text(block.slice(4), 123.8, L.y, 10);
    L.y -= 35;
    const columns = [...new Set(fs.map((f) => f.column[0]!))];
    L.text('信息内容', 78.8, L.y, 10);
    // column headers in syllables: 本年新制 / 作数量
    columns.forEach((c, i) => {
      const x = cols[i]! - 25;
      L.text(c.slice(0, 4), x, L.y + 6, 10);
      if (c.length > 4) L.text(c.slice(4), x, L.y - 6, 10);
    });
    L.y -= 35;
    for (const row of [...new Set(fs.map((f) => f.row[1]!))]) {
      L.need(40);
      L.text(row === '其他对外管理服务事项' ? '其它对外管理服务事项' : row, 78.8, L.y, 10);
      values(L, columns.map((c) => g([block, row], [c])!.raw), cols, L.y + 1.2, 11);
      L.y -= 35;
    }
  }
}

function table3(L: Layout, g: ReturnType<typeof facts>, version: '2019' | '2021') {
  const rows = rows3(version);
  L.need(140);
  L.text('申请人情况', 367.4, L.y, 7.5);
  L.text('（本列数据的勾稽关系为：第一项加第二项之和，', 76.8, L.y - 24, 7.5);
  L.text('等于第三项加第四项之和）', 76.8, L.y - 39, 7.5);
  L.text('法人或其他组织', 290, L.y - 24, 7.5);
  L.text('自然人', 256.3, L.y - 43, 7.5);
  L.text('总计', 491.8, L.y - 43, 7.5);
  // column headers in syllables: 商 业 企 / 业
  const heads: [string, string][] = [['商 业 企', '业'], ['科研机', '构'], ['社 会 公 益', '组织'], ['法 律 服 务', '机构']];
  heads.forEach(([a, b], i) => {
    L.text(a, COL3[i + 1]! - 10, L.y - 48, 7.5);
    L.text(b, COL3[i + 1]! - 10, L.y - 63, 7.5);
  });
  L.text('其他', 454.1, L.y - 55, 7.5);
  L.y -= 90;
  const pitch = 24;
  const vals = (row: Row) => COLUMNS_3.map((c) => g(row.path, c)!.raw);
  type Row = (typeof rows)[number];
  const groupLabel: Record<string, [string, string]> = {
    不予公开: ['（三）不', '予公开'],
    无法提供: ['（四）无', '法提供'],
    不予处理: ['（五）不', '予处理'],
    其他处理: ['（六）其', '他处理'],
  };
  let i = 0;
  let verticalDone = false;
  while (i < rows.length) {
    const row = rows[i]!;
    if (row.group) {
      // a run of numbered items with its group label centred over it
      const run = rows.filter((r) => r.group === row.group);
      const [a, b] = groupLabel[row.group]!;
      const ys: { page: number; y: number }[] = [];
      run.forEach((r, k) => {
        // a page break inside （四）: its label's two pieces land on two pages
        if (row.group === '无法提供' && k === 1) L.newPage();
        L.need(pitch);
        const label = r.path[r.path.length - 1]!;
        const num = label.replace(/^(\d+\.).*/, '$1');
        const text = label.slice(num.length);
        if (text.length > 12) {
          // two lines, the values between them
          L.text(num, 143, L.y + 7.5, 7.5);
          L.text(text.slice(0, 12), 150.6, L.y + 7.5, 7.5);
          L.text(text.slice(12), 143, L.y - 7.5, 7.5);
        } else {
          L.text(num, 143, L.y, 7.5);
          L.text(text, 150.6, L.y, 7.5);
        }
        values(L, vals(r), COL3, L.y, 7.5);
        ys.push({ page: L.pages.length, y: L.y });
        if (!verticalDone && row.group === '不予公开' && k === 0) {
          verticalDone = true;
          [...'三、本年度办理结果'].forEach((c, j) => L.text(c, 76.8, L.y - 10 - 15 * j, 7.5));
        }
        L.y -= pitch;
      });
      if (row.group === '无法提供') {
        // （四）无 beside its first item (previous page), 法提供 beside the next
        L.pages[ys[0]!.page - 1]!.push({ s: a, x: 101, y: ys[0]!.y - 4, size: 7.5 });
        L.pages[ys[1]!.page - 1]!.push({ s: b, x: 101, y: ys[1]!.y + 2, size: 7.5 });
      } else {
        const on = ys.filter((p) => p.page === ys[0]!.page);
        const mid = (on[0]!.y + on[on.length - 1]!.y) / 2;
        L.pages[ys[0]!.page - 1]!.push({ s: a, x: 101, y: mid + 7.5, size: 7.5 }, { s: b, x: 101, y: mid - 7.5, size: 7.5 });
      }
      i += run.length;
      continue;
    }
    L.need(pitch);
    const label = row.path[row.path.length - 1]!;
    const x = row.path.length === 1 ? 76.8 : 101;
    if (label.startsWith('（二）')) {
      // label broken over two lines, its values between them
      L.text('（二）部分公开（区分处理的，只计这一情', x, L.y + 7.5, 7.5);
      L.text('形，不计其他情形）', x, L.y - 7.5, 7.5);
      L.y -= 6;
    } else L.text(label, x, L.y, 7.5);
    values(L, vals(row), COL3, L.y, 7.5);
    L.y -= pitch;
    i++;
  }
}

function table4(L: Layout, g: ReturnType<typeof facts>) {
  L.need(160);
  L.text('行政复议', 74.3, L.y, 7.5);
  L.text('行政诉讼', 227.4, L.y, 7.5);
  L.text('未经复议直接起诉', 227.4, L.y - 35, 7.5);
  L.text('复议后起诉', 370.3, L.y - 35, 7.5);
  const xs = [74.3, 101, 129.4, 164.8, 193.1, 227.4, 256.9, 285.2, 313.6, 342, 370.3, 398.6, 427, 455.4, 490.8];
  xs.forEach((x, k) => {
    const c = RESULT_COLUMNS_4[k % 5]!;
    if (c === '总计') L.text('总计', x, L.y - 70, 7.5);
    else {
      L.text(c.slice(0, 2).split('').join(' '), x, L.y - 60, 7.5);
      L.text(c.slice(2), x, L.y - 86, 7.5);
    }
  });
  L.y -= 140;
  GROUPS_4.forEach((grp, gi) =>
    RESULT_COLUMNS_4.forEach((c, ci) => {
      const v = g(grp, [c])!.raw;
      L.text(v, xs[gi * 5 + ci]!, L.y, 12);
    }),
  );
  L.y -= 50;
}

// ---------- fully flattened text ----------

/**
 * The report as a scraped page: everything on one line, each table row's cells run together with no
 * separator, a stray space here and there, item numbers stuck to the digits before them.
 */
export function flattenedText(r: Report, header: string): string {
  const v3 = r.versions['三'] ?? '2019';
  const g2 = facts(r, '二');
  const g3 = facts(r, '三');
  const g4 = facts(r, '四');
  const parts: string[] = [header];
  for (const sec of r.sections.filter((s) => s.index >= 1)) {
    parts.push(sec.heading + sec.text.replace(/\n/g, ''));
    if (sec.index === 2) {
      const byBlock = new Map<string, Fact[]>();
      for (const f of r.facts) if (f.table === '二') byBlock.set(f.row[0]!, [...(byBlock.get(f.row[0]!) ?? []), f]);
      for (const [block, fs] of byBlock) {
        const columns = [...new Set(fs.map((f) => f.column[0]!))];
        parts.push(`${block}信息内容${columns.join('')}`);
        for (const row of [...new Set(fs.map((f) => f.row[1]!))]) parts.push(row + columns.map((c) => g2([block, row], [c])!.raw).join(''));
      }
    }
    if (sec.index === 3) {
      parts.push('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计 商业企业科研机构社会公益组织法律服务机构其他');
      let group = '';
      let result = false;
      rows3(v3).forEach((row, k) => {
        let label = row.path.slice(row.path.length === 3 && row.path[1] !== group ? 1 : -1).join('');
        if (row.path.length === 3) group = row.path[1]!;
        if (row.path.length > 1 && !result) {
          result = true;
          label = row.path[0] + label;
        }
        const digits = COLUMNS_3.map((c) => g3(row.path, c)!.raw).join('');
        // a stray space in every fifth row
        parts.push(label + (k % 5 === 4 ? digits.slice(0, -1) + ' ' + digits.slice(-1) : digits));
      });
    }
    if (sec.index === 4) {
      parts.push('行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计');
      parts.push(GROUPS_4.flatMap((grp) => RESULT_COLUMNS_4.map((c) => g4(grp, [c])!.raw)).join(''));
    }
  }
  return parts.join('');
}

// ---------- Markdown broken by PDF conversion ----------

/**
 * The report as Markdown converted from a PDF: table 二's single-value blocks as plain lines; table 三
 * in pipe fragments with a header-syllable row, some rows without their labels (the labels left as
 * plain lines elsewhere), separator rows in the middle; table 四 with a header-word row.
 * `drop` removes the data rows of these template rows altogether (to test uncertain placement).
 */
export function brokenMarkdown(r: Report, title: string[], closing: string[], unlabeled: Set<string>, drop = new Set<string>()): string {
  const v3 = r.versions['三'] ?? '2019';
  const g2 = facts(r, '二');
  const g3 = facts(r, '三');
  const g4 = facts(r, '四');
  const out: string[] = [...title, ''];
  for (const sec of r.sections.filter((s) => s.index >= 1)) {
    out.push(sec.heading, ...sec.text.split('\n'), '');
    if (sec.index === 2) {
      const byBlock = new Map<string, Fact[]>();
      for (const f of r.facts) if (f.table === '二') byBlock.set(f.row[0]!, [...(byBlock.get(f.row[0]!) ?? []), f]);
      for (const [block, fs] of byBlock) {
        const columns = [...new Set(fs.map((f) => f.column[0]!))];
        const rowsOf = [...new Set(fs.map((f) => f.row[1]!))];
        if (block.includes('（一）')) {
          out.push(block, `| 信息内容 | ${columns.join(' | ')} |`, `|${columns.map(() => '---|').join('')}---|`);
          for (const row of rowsOf) out.push(`| ${row} | ${columns.map((c) => g2([block, row], [c])!.raw).join(' | ')} |`);
          out.push('');
        } else {
          out.push(block, `信息内容${columns.join('')}`);
          for (const row of rowsOf) out.push(`${row} ${columns.map((c) => g2([block, row], [c])!.raw).join(' ')}`);
        }
      }
    }
    if (sec.index === 3) {
      out.push('申请人情况', '（本列数据的勾稽关系为：第一项加第二项法人或其他组织', '之和，等于第三项加第四项之和）', '自然人总计', '商业企科研机社会公法律服', '其他');
      out.push('## 表三：收到和处理政府信息公开申请情况', '| 业 | 构 | 益组织 | 务机构 |  |  |  |  |  |', '|---|---|---|---|---|---|---|---|---|');
      const outside: string[] = [];
      rows3(v3).forEach((row, k) => {
        const key = pathKey(row.path);
        if (drop.has(key)) return;
        const vals = COLUMNS_3.map((c) => g3(row.path, c)!.raw).join(' | ');
        const label = row.path[row.path.length - 1]!;
        if (unlabeled.has(key)) {
          outside.push(label.slice(0, 10), label.slice(10));
          out.push(`| ${vals} |`);
        } else out.push(`| ${label} | ${vals} |`);
        if (k % 4 === 3) {
          out.push('|---|---|---|---|---|---|---|', '', ...outside.filter(Boolean));
          outside.length = 0;
        }
      });
      out.push('', ...outside.filter(Boolean), '');
    }
    if (sec.index === 4) {
      out.push('行政复议行政诉讼', '未经复议直接起诉复议后起诉', '| 维持 | 纠正 | 结果 | 审结 | 结果 | 结果 | 其他 | 尚未 | 结果 | 结果 | 其他 | 尚未 |', '|---|---|---|---|---|---|---|---|---|---|---|---|');
      out.push(`| ${GROUPS_4.flatMap((grp) => RESULT_COLUMNS_4.map((c) => g4(grp, [c])!.raw)).join(' | ')} |`, '');
    }
  }
  out.push(...closing);
  return out.join('\n');
}
