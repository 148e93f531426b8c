// Word and Excel files are zip archives, and the parsers (mammoth, exceljs through JSZip) inflate
// their parts into memory before anything is checked: a 1 MB .docx can hold gigabytes of XML. So
// before a parser sees the file, its central directory is read here, the sizes every entry declares
// are added up, and every entry is inflated chunk by chunk and counted (never kept), stopping at the
// limit: an archive that declares or inflates to more than the limit, lies about an entry's size,
// or is not a well-formed zip is refused in words.
import { NotAReportError } from '../model.js';
import { inflatedSize, ingestLimits } from './limits.js';

/** Most entries an Office file may have (real ones have a few dozen; a bomb may have millions). */
const MAX_ENTRIES = 10_000;

const MB = 1024 * 1024;

export const zipMessages = {
  decoded: (kind: string, max: number) => `${kind} 文件解压后的内容超过上限（${Math.round(max / MB)}MB），可能是压缩炸弹，未读取`,
  entries: (kind: string, n: number) => `${kind} 文件中的条目过多（${n} 个，上限 ${MAX_ENTRIES} 个），可能是压缩炸弹，未读取`,
  lying: (kind: string, name: string) => `${kind} 文件中「${name.slice(0, 60)}」解压后的大小与声明不符，文件已损坏或被篡改，未读取`,
  broken: (kind: string) => `${kind} 文件已损坏或无法解析（压缩结构不完整）：请在 ${kind}/WPS 中打开后重新保存，或另存为 PDF`,
  method: (kind: string, method: number) => `${kind} 文件使用了不支持的压缩方式（${method}），无法读取：请重新保存后再读取`,
};

interface Entry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

class Broken extends Error {}

/** The central directory's entries (zip64 sizes and offsets read from their extra fields). */
function entries(b: Buffer): Entry[] {
  // the end of central directory record: in the last 64 KB + 22 bytes
  const from = Math.max(0, b.length - 0xffff - 22);
  let eocd = -1;
  for (let i = b.length - 22; i >= from; i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Broken();
  let count = b.readUInt16LE(eocd + 10);
  let size = b.readUInt32LE(eocd + 12);
  let offset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    // zip64: the locator just before points at the zip64 end record
    const loc = eocd - 20;
    if (loc < 0 || b.readUInt32LE(loc) !== 0x07064b50) throw new Broken();
    const rec = Number(b.readBigUInt64LE(loc + 8));
    if (rec + 56 > b.length || b.readUInt32LE(rec) !== 0x06064b50) throw new Broken();
    count = Number(b.readBigUInt64LE(rec + 32));
    size = Number(b.readBigUInt64LE(rec + 40));
    offset = Number(b.readBigUInt64LE(rec + 48));
  }
  if (count > MAX_ENTRIES) throw new TooMany(count);
  if (offset + size > b.length) throw new Broken();
  const out: Entry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) throw new Broken();
    const method = b.readUInt16LE(p + 10);
    let compressed = b.readUInt32LE(p + 20);
    let uncompressed = b.readUInt32LE(p + 24);
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    let local = b.readUInt32LE(p + 42);
    const name = b.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    // zip64 extended information: the fields that are 0xffffffff, in this order
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = b.readUInt16LE(x);
      const len = b.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        const next = () => {
          if (q + 8 > x + 4 + len) throw new Broken();
          const v = Number(b.readBigUInt64LE(q));
          q += 8;
          return v;
        };
        if (uncompressed === 0xffffffff) uncompressed = next();
        if (compressed === 0xffffffff) compressed = next();
        if (local === 0xffffffff) local = next();
      }
      x += 4 + len;
    }
    out.push({ name, method, compressed, size: uncompressed, offset: local });
    p = xEnd + commentLen;
  }
  return out;
}

class TooMany extends Error {
  constructor(readonly n: number) {
    super('too many entries');
  }
}

/**
 * Throws NotAReportError when a .docx or .xlsx would inflate to more than the decoded-size limit
 * (declared or actual), has too many entries, lies about an entry's size, or is not a readable zip.
 */
export async function checkZip(bytes: Buffer, format: 'docx' | 'xlsx', file = ''): Promise<void> {
  const kind = format === 'docx' ? 'Word' : 'Excel';
  const max = ingestLimits().decodedBytes;
  let list: Entry[];
  try {
    list = entries(bytes);
  } catch (e) {
    if (e instanceof TooMany) throw new NotAReportError(file, zipMessages.entries(kind, e.n));
    throw new NotAReportError(file, zipMessages.broken(kind));
  }
  let declared = 0;
  for (const e of list) declared += e.size;
  if (declared > max) throw new NotAReportError(file, zipMessages.decoded(kind, max));
  let total = 0;
  for (const e of list) {
    const at = e.offset;
    if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== 0x04034b50) throw new NotAReportError(file, zipMessages.broken(kind));
    const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    if (start + e.compressed > bytes.length) throw new NotAReportError(file, zipMessages.broken(kind));
    const data = bytes.subarray(start, start + e.compressed);
    let actual: number;
    if (e.method === 0) actual = data.length;
    else if (e.method === 8) {
      const inflated = await inflatedSize(data, Math.min(max - total, e.size), true);
      if (!inflated.ok) throw new NotAReportError(file, zipMessages.broken(kind));
      actual = inflated.size;
    } else throw new NotAReportError(file, zipMessages.method(kind, e.method));
    total += actual;
    if (total > max) throw new NotAReportError(file, zipMessages.decoded(kind, max));
    if (actual !== e.size) throw new NotAReportError(file, zipMessages.lying(kind, e.name));
  }
}
