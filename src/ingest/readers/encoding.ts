// Text files in the encodings Chinese government sites publish: UTF-8, GB18030/GBK (a superset of
// GB2312), and UTF-16 (with a BOM, or without one when one byte order reads as text). A BOM decides; else
// strict UTF-8, then strict GB18030; the text must then look like text (not control characters,
// private-use or rare code points), or the file is named as garbage.

export interface DecodedText {
  text: string;
  /** the encoding read: 'UTF-8', 'GB18030', 'UTF-16LE', 'UTF-16BE' */
  encoding: string;
}

export type DecodeFailure = { problem: 'binary' | 'garbage' };

function tryDecode(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Share of characters that ordinary report text is made of (CJK, ASCII, punctuation, full-width forms). */
export function plausibility(text: string): number {
  const sample = text.slice(0, 20_000);
  if (!sample.length) return 1;
  let good = 0;
  let total = 0;
  for (const ch of sample) {
    const c = ch.codePointAt(0)!;
    total++;
    if (
      (c >= 0x20 && c < 0x7f) ||
      c === 0x09 ||
      c === 0x0a ||
      c === 0x0d ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0xff00 && c <= 0xffef) ||
      (c >= 0x2000 && c <= 0x206f) ||
      (c >= 0x2460 && c <= 0x24ff) ||
      (c >= 0x2160 && c <= 0x217f) ||
      c === 0xa0 ||
      c === 0xb7 ||
      c === 0xd7 ||
      c === 0xfeff
    )
      good++;
  }
  return good / total;
}

/** UTF-16 without a BOM: the file has 0 bytes (no UTF-8 or GB text has any), and one byte order reads as text. */
function utf16Guess(b: Uint8Array): DecodedText | null {
  if (b.length % 2 || !b.subarray(0, 8192).includes(0)) return null;
  let best: DecodedText | null = null;
  let score = 0.9;
  for (const label of ['utf-16le', 'utf-16be'] as const) {
    const t = tryDecode(label, b);
    const p = t === null ? 0 : plausibility(t);
    if (t !== null && p >= score) {
      best = { text: t, encoding: label.toUpperCase() };
      score = p;
    }
  }
  return best;
}

/** Decodes a text file, saying which encoding it was in; a failure says whether it is binary or garbage. */
export function decodeText(bytes: Buffer): DecodedText | DecodeFailure {
  const b = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ok = (text: string, encoding: string): DecodedText | DecodeFailure =>
    plausibility(text) >= 0.9 ? { text: text.replace(/^\ufeff/, ''), encoding } : { problem: 'garbage' };
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    const t = tryDecode('utf-8', b.subarray(3));
    return t === null ? { problem: 'garbage' } : ok(t, 'UTF-8');
  }
  if (b[0] === 0xff && b[1] === 0xfe) {
    const t = tryDecode('utf-16le', b.subarray(2));
    return t === null ? { problem: 'garbage' } : ok(t, 'UTF-16LE');
  }
  if (b[0] === 0xfe && b[1] === 0xff) {
    const t = tryDecode('utf-16be', b.subarray(2));
    return t === null ? { problem: 'garbage' } : ok(t, 'UTF-16BE');
  }
  const u16 = utf16Guess(b);
  if (u16) return u16;
  if (b.subarray(0, 8192).includes(0)) return { problem: 'binary' };
  const utf8 = tryDecode('utf-8', b);
  if (utf8 !== null) return ok(utf8, 'UTF-8');
  const gb = tryDecode('gb18030', b);
  if (gb !== null && plausibility(gb) >= 0.9) return { text: gb, encoding: 'GB18030' };
  // neither decodes cleanly: a UTF-8 file with a few broken bytes is still read (as before); else garbage
  const loose = new TextDecoder('utf-8').decode(b);
  const bad = (loose.match(/\ufffd/g) ?? []).length;
  if ((bad <= 8 || bad / loose.length <= 0.02) && plausibility(loose) >= 0.9) return { text: loose, encoding: 'UTF-8（有少量无效字节）' };
  return { problem: 'garbage' };
}
