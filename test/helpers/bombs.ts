// Hostile files of the attack tests, made here: Word and Excel zip bombs (a part of a few hundred
// MB of XML deflated to well under 1 MB), a zip that declares one size and inflates to another, and
// small PDFs of many heavy pages (one content stream of tens of thousands of text operations,
// shared by every page).
import { createDeflateRaw } from 'node:zlib';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

interface Part {
  name: string;
  /** the part's content: head, a middle repeated `repeat` times, tail */
  head: string;
  middle?: string;
  repeat?: number;
  tail?: string;
  /** the uncompressed size written in the headers, when it should lie */
  declared?: number;
}

/**
 * Raw deflate of head + middle × repeat + tail, fed in blocks of about 1 MB (never the whole text in
 * memory). The CRC is computed only for parts of a few MB: no reader checks a bomb's CRC before the
 * size limit refuses it.
 */
function deflate(p: Part): Promise<{ data: Buffer; size: number; crc: number }> {
  return new Promise((resolve, reject) => {
    const z = createDeflateRaw({ level: 9 });
    const out: Buffer[] = [];
    z.on('data', (c: Buffer) => out.push(c));
    z.on('error', reject);
    const head = Buffer.from(p.head);
    const tail = Buffer.from(p.tail ?? '');
    const mid = Buffer.from(p.middle ?? '');
    const repeat = p.middle ? (p.repeat ?? 1) : 0;
    const size = head.length + mid.length * repeat + tail.length;
    const per = mid.length ? Math.max(1, Math.floor((1024 * 1024) / mid.length)) : 0;
    const block = Buffer.concat(Array.from({ length: per }, () => mid));
    let crc = 0xffffffff;
    const small = size <= 8 * 1024 * 1024;
    const write = (b: Buffer) => {
      if (small) for (let i = 0; i < b.length; i++) crc = CRC_TABLE[(crc ^ b[i]!) & 0xff]! ^ (crc >>> 8);
      z.write(b);
    };
    write(head);
    for (let left = repeat; left > 0; left -= per) write(left >= per ? block : block.subarray(0, left * mid.length));
    write(tail);
    z.end();
    z.on('end', () => resolve({ data: Buffer.concat(out), size, crc: small ? (crc ^ 0xffffffff) >>> 0 : 0 }));
  });
}

/** A zip archive of the parts (deflated), central directory and all. */
export async function zip(parts: Part[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const { data, size, crc } = await deflate(p);
    const name = Buffer.from(p.name);
    const declared = p.declared ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(declared, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    central.push(entry, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const TYPES = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${main}</Types>`;
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A .docx whose document.xml inflates to about `mb` MB (paragraphs of text), deflated to well under 1 MB. */
export function docxBomb(mb: number): Promise<Buffer> {
  const p = `<w:p><w:r><w:t>政府信息公开工作年度报告 一、总体情况 本年新收政府信息公开申请</w:t></w:r></w:p>`;
  return zip([
    { name: '[Content_Types].xml', head: TYPES('<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>') },
    { name: '_rels/.rels', head: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>' },
    { name: 'word/document.xml', head: `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>`, middle: p, repeat: Math.ceil((mb * 1024 * 1024) / Buffer.byteLength(p)), tail: '</w:body></w:document>' },
  ]);
}

/** An .xlsx whose sheet inflates to about `mb` MB (rows of numbers), deflated to well under 1 MB. */
export function xlsxBomb(mb: number): Promise<Buffer> {
  const row = '<row><c t="n"><v>12345</v></c><c t="n"><v>67890</v></c><c t="n"><v>13579</v></c></row>';
  return zip([
    { name: '[Content_Types].xml', head: TYPES('<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>') },
    { name: '_rels/.rels', head: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>' },
    { name: 'xl/workbook.xml', head: '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>' },
    { name: 'xl/_rels/workbook.xml.rels', head: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
    { name: 'xl/worksheets/sheet1.xml', head: '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>', middle: row, repeat: Math.ceil((mb * 1024 * 1024) / row.length), tail: '</sheetData></worksheet>' },
  ]);
}

/** A .docx that declares its document.xml small while it inflates to `mb` MB. */
export function lyingDocx(mb: number): Promise<Buffer> {
  const p = '<w:p><w:r><w:t>报告</w:t></w:r></w:p>';
  return zip([
    { name: '[Content_Types].xml', head: TYPES('') },
    { name: 'word/document.xml', head: `<w:document xmlns:w="${W}"><w:body>`, middle: p, repeat: Math.ceil((mb * 1024 * 1024) / Buffer.byteLength(p)), tail: '</w:body></w:document>', declared: 1000 },
  ]);
}

/** A PDF of `pages` pages, each drawing the same stream of `ops` text operations (small on disk, slow to read). */
export async function heavyPdf(pages = 299, ops = 20_000): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const text = `BT /F1 1 Tf 10 10 Td ${'(x) Tj 0.01 0 Td '.repeat(ops)}ET`;
  const stream = doc.context.flateStream(text);
  const ref = doc.context.register(stream);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    page.node.setFontDictionary(PDFName.of('F1'), font.ref);
    page.node.set(PDFName.of('Contents'), ref);
  }
  return doc.save({ useObjectStreams: true });
}
