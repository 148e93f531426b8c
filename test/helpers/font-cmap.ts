// The characters a TrueType/OpenType font has a glyph for, read from its cmap table (subtable format
// 12, else 4), so a test can say which characters a chart would draw as nothing.
import { readFileSync } from 'node:fs';

export function fontCharacters(file: string): Set<number> {
  const f = readFileSync(file);
  const tables = f.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < tables; i++) if (f.toString('latin1', 12 + i * 16, 16 + i * 16) === 'cmap') cmap = f.readUInt32BE(12 + i * 16 + 8);
  if (cmap < 0) throw new Error(`${file}: no cmap table`);
  const subtables = new Map<number, number>(); // format → offset
  for (let i = 0; i < f.readUInt16BE(cmap + 2); i++) {
    const at = cmap + f.readUInt32BE(cmap + 4 + i * 8 + 4);
    const format = f.readUInt16BE(at);
    if (!subtables.has(format)) subtables.set(format, at);
  }
  const out = new Set<number>();
  const t12 = subtables.get(12);
  if (t12 !== undefined) {
    for (let g = 0; g < f.readUInt32BE(t12 + 12); g++) {
      const at = t12 + 16 + g * 12;
      for (let c = f.readUInt32BE(at); c <= f.readUInt32BE(at + 4); c++) out.add(c);
    }
    return out;
  }
  const t4 = subtables.get(4);
  if (t4 === undefined) throw new Error(`${file}: no cmap subtable of format 12 or 4`);
  const segs = f.readUInt16BE(t4 + 6) / 2;
  const ends = t4 + 14;
  const starts = ends + segs * 2 + 2;
  const deltas = starts + segs * 2;
  const rangeOffsets = deltas + segs * 2;
  for (let s = 0; s < segs; s++) {
    const start = f.readUInt16BE(starts + s * 2);
    const end = f.readUInt16BE(ends + s * 2);
    const delta = f.readUInt16BE(deltas + s * 2);
    const ro = f.readUInt16BE(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph = ro === 0 ? (c + delta) & 0xffff : f.readUInt16BE(rangeOffsets + s * 2 + ro + (c - start) * 2);
      if (ro !== 0 && glyph !== 0) glyph = (glyph + delta) & 0xffff;
      if (glyph !== 0) out.add(c);
    }
  }
  return out;
}
