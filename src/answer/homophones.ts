// Typos from input methods: a word typed with the right pinyin and the wrong characters (洪责区 for
// 洪泽区, 政付常务会义 for 政府常务会议). An agency name is matched to a known alias with the same
// pinyin; a content word the report never prints, to a word of the report with the same pinyin.
// The question is then read with the corrected words, and the reply says what it read.
import type { Report } from '../model.js';
import { evidenceOf } from './evidence.js';
import type { KIndex } from './knowledge-index.js';
import { segments } from '../text.js';
import { syllables } from '../pinyin.js';

const py = (s: string): string => syllables(s).join(' ');

const aliasCache = new WeakMap<KIndex, Map<string, string>>();
/** pinyin → the alias (three characters or more) it sounds like; aliases that sound alike are left out. */
function aliasesByPinyin(ix: KIndex): Map<string, string> {
  let m = aliasCache.get(ix);
  if (m) return m;
  m = new Map();
  const clash = new Set<string>();
  for (const a of ix.aliases.keys()) {
    if (a.length < 3 || !/^[\u4e00-\u9fff]+$/.test(a)) continue;
    const p = py(a);
    if (m.has(p) && m.get(p) !== a) clash.add(p);
    else m.set(p, a);
  }
  for (const p of clash) m.delete(p);
  aliasCache.set(ix, m);
  return m;
}

/** A known agency name that sounds like the unknown one (or like its beginning), or null. */
export function agencySoundingLike(unknown: string, ix: KIndex): { typed: string; meant: string } | null {
  const m = aliasesByPinyin(ix);
  for (let L = unknown.length; L >= 3; L--) {
    const typed = unknown.slice(0, L);
    const meant = m.get(py(typed));
    if (meant && meant !== typed) return { typed, meant };
  }
  return null;
}

const wordCache = new WeakMap<Report, Map<string, string>>();
/** pinyin → word, for every run of 2 to 6 characters of the report's narrative (built on first use). */
function wordsByPinyin(r: Report): Map<string, string> {
  let m = wordCache.get(r);
  if (m) return m;
  m = new Map();
  for (const c of evidenceOf(r).clauses) {
    for (const run of c.text.match(/[\u4e00-\u9fff]{2,}/g) ?? []) {
      const syl = syllables(run);
      for (let L = 2; L <= 6; L++)
        for (let i = 0; i + L <= run.length; i++) {
          const key = syl.slice(i, i + L).join(' ');
          if (!m.has(key)) m.set(key, run.slice(i, i + L));
        }
    }
  }
  wordCache.set(r, m);
  return m;
}

/**
 * The question's words the report never prints but that sound like words it does (longest first),
 * as replacements; [] when there are none.
 */
export function wordsSoundingLike(words: string[], r: Report): { typed: string; meant: string }[] {
  const text = evidenceOf(r).text;
  const out: { typed: string; meant: string }[] = [];
  for (const w of words) {
    if (w.length < 2 || text.includes(w)) continue;
    // the longest part of the word that sounds like a word of the report
    for (let L = Math.min(6, w.length); L >= 2; L--) {
      let found: { typed: string; meant: string } | null = null;
      for (let i = 0; i + L <= w.length && !found; i++) {
        const typed = w.slice(i, i + L);
        // a typo is no word (政付: 政 + 付); what it sounds like is one (政府)
        if (text.includes(typed) || isWord(typed)) continue;
        const meant = wordsByPinyin(r).get(py(typed));
        if (meant && meant !== typed && isWord(meant)) found = { typed, meant };
      }
      if (found) {
        out.push(found);
        break;
      }
    }
  }
  return out;
}

/** Is the text one word to the segmenter (会议, 政府) rather than pieces (会义 → 会 + 义)? */
function isWord(s: string): boolean {
  return segments(s).length === 1;
}
