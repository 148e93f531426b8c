// Text files in the encodings Chinese government sites publish: UTF-8, GB18030/GBK (a superset of
// GB2312), Big5 (traditional characters), and UTF-16 (with a BOM, or without one when one byte order
// reads as text). A BOM decides; else strict UTF-8, then GB18030 or Big5 — most byte sequences decode
// under both, so the one whose characters are those of an annual report (the template's, in either
// script) wins; the text must then look like text (not control characters, private-use or rare code
// points), or the file is named as garbage. Big5 text is turned into simplified characters, which is
// what the readers read.
import { DOMAIN } from '../../domain/load.js';
import { toSimplified } from '../../text.js';

export interface DecodedText {
  text: string;
  /** the encoding read: 'UTF-8', 'GB18030', 'Big5（繁体，已转为简体）', 'UTF-16LE', 'UTF-16BE' */
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

let templateChars: Set<string> | undefined;

/**
 * Share of the Han characters of a text (its first 20,000 characters) that the national template's
 * labels use: a report read in its own encoding uses them throughout; read in the wrong one of
 * GB18030 and Big5, its characters are all but random.
 */
export function reportLikeness(text: string): number {
  templateChars ??= new Set(JSON.stringify(DOMAIN.template).match(/[\u4e00-\u9fff]/g) ?? []);
  let han = 0;
  let known = 0;
  for (const ch of text.slice(0, 20_000)) {
    if (!/[\u4e00-\u9fff]/.test(ch)) continue;
    han++;
    if (templateChars.has(ch)) known++;
  }
  return han ? known / han : 0;
}

export const BIG5 = 'Big5（繁体，已转为简体）';

/** GB18030 or Big5, whichever reads as a report (Big5 turned into simplified characters). */
function gbOrBig5(b: Uint8Array): DecodedText | null {
  const gb = tryDecode('gb18030', b);
  // a report in GB18030 uses the template's characters for a good share of its own (60–75% in the corpus; 1–2% when misread)
  if (gb !== null && plausibility(gb) >= 0.9 && reportLikeness(gb) >= 0.3) return { text: gb, encoding: 'GB18030' };
  const big5Raw = tryDecode('big5', b);
  const big5 = big5Raw === null ? null : toSimplified(big5Raw);
  const gbOk = gb !== null && plausibility(gb) >= 0.9;
  const big5Ok = big5 !== null && plausibility(big5) >= 0.9;
  if (gbOk && (!big5Ok || reportLikeness(gb) >= reportLikeness(big5!))) return { text: gb, encoding: 'GB18030' };
  if (big5Ok) return { text: big5!, encoding: BIG5 };
  return null;
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
  const cjk = gbOrBig5(b);
  if (cjk) return cjk;
  // neither decodes cleanly: a UTF-8 file with a few broken bytes is still read (as before); else garbage
  const loose = new TextDecoder('utf-8').decode(b);
  const bad = (loose.match(/\ufffd/g) ?? []).length;
  if ((bad <= 8 || bad / loose.length <= 0.02) && plausibility(loose) >= 0.9) return { text: loose, encoding: 'UTF-8（有少量无效字节）' };
  return { problem: 'garbage' };
}
