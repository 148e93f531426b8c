// The sound of Chinese text: pinyin-pro, loaded the first time a word's sound is needed (not at
// start): a text's syllables, without tones (淮安 → huai, an).
import { createRequire } from 'node:module';

type Pinyin = (s: string, o: { toneType: 'none'; type: 'array' }) => string[];
let pinyinFn: Pinyin | null = null;

/** The syllables of a text, one per character, without tones. */
export function syllables(text: string): string[] {
  pinyinFn ??= (createRequire(import.meta.url)('pinyin-pro') as { pinyin: Pinyin }).pinyin;
  return pinyinFn(text, { toneType: 'none', type: 'array' });
}
