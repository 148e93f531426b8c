// Encoders the tests need for text files in the encodings Chinese sites publish. GB18030 is built from
// Node's own GB18030 decoder (every two-byte code decoded once, inverted), so the test encodes with the
// standard's table rather than with the code under test.
const gbTable = new Map<string, number[]>();

function buildGb(): void {
  const dec = new TextDecoder('gb18030', { fatal: true });
  for (let a = 0x81; a <= 0xfe; a++)
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      try {
        const ch = dec.decode(new Uint8Array([a, b]));
        if ([...ch].length === 1 && !gbTable.has(ch)) gbTable.set(ch, [a, b]);
      } catch {
        /* not a two-byte code */
      }
    }
}

/** The text in GB18030 (two-byte codes; throws on a character outside them, so a test never guesses). */
export function gb18030(text: string): Buffer {
  if (!gbTable.size) buildGb();
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const b = gbTable.get(ch);
      if (!b) throw new Error(`no two-byte GB18030 code for ${ch} (U+${c.toString(16)})`);
      out.push(...b);
    }
  }
  return Buffer.from(out);
}

const big5Table = new Map<string, number[]>();

/**
 * The text in Big5 (traditional characters; built, like gb18030(), from Node's own Big5 decoder).
 * Throws on a character Big5 has no code for.
 */
export function big5(text: string): Buffer {
  if (!big5Table.size) {
    const dec = new TextDecoder('big5', { fatal: true });
    for (let a = 0x81; a <= 0xfe; a++)
      for (const b of [...Array.from({ length: 0x3f }, (_, i) => 0x40 + i), ...Array.from({ length: 0x5e }, (_, i) => 0xa1 + i)]) {
        try {
          const ch = dec.decode(new Uint8Array([a, b]));
          if ([...ch].length === 1 && !big5Table.has(ch)) big5Table.set(ch, [a, b]);
        } catch {
          /* not a code */
        }
      }
  }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const b = big5Table.get(ch);
      if (!b) throw new Error(`no Big5 code for ${ch} (U+${c.toString(16)})`);
      out.push(...b);
    }
  }
  return Buffer.from(out);
}

export function utf16le(text: string, bom = true): Buffer {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

export function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
}
