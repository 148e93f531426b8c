// English questions: the glossary's phrases (domain/glossary-en.json) turn an English question into
// the Chinese words the understanding reads, and give the template's terms their English names for
// the answer. Loaded and checked once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FILE = fileURLToPath(new URL('../../domain/glossary-en.json', import.meta.url));

/** The English of the words agencies' names are made of (公安 → public security) and of their organs (局 → bureau). */
export interface BodyWords {
  words: Map<string, string[]>;
  /** the longest organ first (办公厅 before 厅) */
  organs: [string, string[]][];
}

interface Glossary {
  phrases: [RegExp, string][];
  terms: Map<string, string>;
  units: Map<string, string>;
  bodyWords: BodyWords;
}

function load(): Glossary {
  const data = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
  const obj = (k: string): Record<string, string> => {
    const v = data[k];
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${FILE}: "${k}" must be an object of strings`);
    for (const [key, val] of Object.entries(v)) if (typeof val !== 'string') throw new Error(`${FILE}: ${k}["${key}"] must be a string`);
    return v as Record<string, string>;
  };
  const phrases = Object.entries(obj('phrases'))
    .sort((a, b) => b[0].length - a[0].length)
    .map(([en, zh]): [RegExp, string] => {
      try {
        return [new RegExp(`\\b(?:${en})\\b`, 'gi'), zh];
      } catch {
        throw new Error(`${FILE}: phrases["${en}"] is not a valid pattern`);
      }
    });
  const body = data.bodyWords as { words?: unknown; organs?: unknown } | undefined;
  const lists = (v: unknown, k: string): [string, string[]][] => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${FILE}: bodyWords.${k} must be an object`);
    const out = Object.entries(v as Record<string, unknown>);
    for (const [zh, en] of out) if (!Array.isArray(en) || !en.length || !en.every((x) => typeof x === 'string' && x.trim())) throw new Error(`${FILE}: bodyWords.${k}["${zh}"] must be a list of English words`);
    return out as [string, string[]][];
  };
  const bodyWords = { words: new Map(lists(body?.words, 'words')), organs: lists(body?.organs, 'organs').sort((a, b) => b[0].length - a[0].length) };
  return { phrases, terms: new Map(Object.entries(obj('terms'))), units: new Map(Object.entries(obj('units'))), bodyWords };
}

const G = load();

/** Is the question written in English (Latin words, hardly any Chinese)? */
export function isEnglish(text: string): boolean {
  if (!/[a-zA-Z]{3,}/.test(text)) return false;
  const bare = text.replace(/[(（][^)）]*[)）]|[“"'‘][^”"'’]*[”"'’]/g, '');
  if (!/[\u4e00-\u9fff]{3,}/.test(bare)) return true;
  // a sentence in English with a few Chinese words around it (a greeting, thanks) is English: its
  // English words outnumber its Chinese characters several times
  const words = bare.match(/[a-zA-Z]{2,}/g)?.length ?? 0;
  const han = bare.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
  return words >= 6 && words >= han;
}

/** The glossary's Chinese for the English phrases of a question (the rest is left as it is). */
export function glossEnglish(text: string): string {
  let t = text.replace(/[’‘]/g, "'");
  for (const [re, zh] of G.phrases) t = t.replace(re, ` ${zh} `);
  return t;
}

/** The English name of a template term (a label part), or the term itself. */
export function englishTerm(zh: string): string {
  return G.terms.get(zh.replace(/^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|^\d+\./, '')) ?? zh;
}

export function englishUnit(u: string): string {
  return G.units.get(u) ?? u;
}

/** The glossary's English of the words of agencies' names (src/agency/english-names.ts). */
export function bodyWords(): BodyWords {
  return G.bodyWords;
}
