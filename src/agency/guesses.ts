// A name in the question that no loaded agency answers to, but that is one typo away from one:
// typed with the right pinyin and the wrong characters (洪责区 for 洪泽区, pinyin-pro), or with one
// character that looks like the right one (洪译区; 形近字, src/agency/lookalike.ts) — or the other way
// round, the report's title misprinting its place (夭津市 for 天津市) while the question names it
// right. Each guess is scored by how often guesses of its kind were right on a generated corpus of
// agencies (domain/agency-scores.json, npm run agencies); the scores enter the one decision
// (src/rank/decide.ts): answer, ask back, or refuse naming the nearest.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { agencySoundingLike } from '../answer/homophones.js';
import { barePlace } from '../answer/agencies.js';
import type { KIndex } from '../answer/knowledge-index.js';
import { correctedAgency, splitAgency } from '../answer/agencies.js';
import { gazetteer } from '../answer/places.js';
import { understand, type Query } from '../answer/understand.js';
import { choose, type Choice } from '../rank/decide.js';
import type { Thresholds } from '../rank/model.js';
import { lookalikeAt } from './lookalike.js';

/** How a guess was made: a sound-alike of a name that is no real place, or of one that is another real place; a look-alike in the question (the loaded name is a real place),
 * in the title (the question names a real place), or between two real places; or neither real. */
export const GUESS_KINDS = ['sound', 'sound-real', 'shape-question', 'shape-title', 'shape-real', 'shape-other'] as const;
export type GuessKind = (typeof GUESS_KINDS)[number];

export interface Guess {
  /** the characters as the question has them */
  typed: string;
  /** the loaded name they stand for (as the knowledge prints it) */
  meant: string;
  kind: GuessKind;
}

export interface AgencyScores {
  about: string;
  /** the share of guesses of each kind that named the agency meant, on the generated corpus */
  kinds: Record<GuessKind, number>;
  thresholds: Thresholds;
  corpus: Record<string, unknown>;
  measured: Record<string, unknown>;
}

const FILE = fileURLToPath(new URL('../../domain/agency-scores.json', import.meta.url));
let loaded: AgencyScores | null = null;
/** domain/agency-scores.json, read once. */
export function agencyScores(): AgencyScores {
  if (loaded) return loaded;
  const data = JSON.parse(readFileSync(FILE, 'utf8')) as AgencyScores;
  for (const k of GUESS_KINDS) if (typeof data.kinds?.[k] !== 'number') throw new Error(`${FILE}: kinds.${k} must be a number (npm run agencies writes it)`);
  for (const k of ['answer', 'margin', 'option', 'ask'] as const) if (typeof data.thresholds?.[k] !== 'number') throw new Error(`${FILE}: thresholds.${k} must be a number`);
  return (loaded = data);
}

const placeCache = new WeakMap<KIndex, Map<string, string[]>>();
/** The places of the loaded agencies' names as printed, full and bare, by each with one character masked. */
function maskedPlaces(ix: KIndex): Map<string, string[]> {
  let m = placeCache.get(ix);
  if (m) return m;
  m = new Map();
  const seen = new Set<string>();
  for (const a of (ix.catalog?.index ?? ix).agencies.keys()) {
    for (const p of splitAgency(a).places) {
      for (const v of [p, barePlace(p)]) {
        if (v.length < 2 || seen.has(v)) continue;
        seen.add(v);
        for (let i = 0; i < v.length; i++) {
          const key = v.slice(0, i) + '?' + v.slice(i + 1);
          m.set(key, [...(m.get(key) ?? []), v]);
        }
      }
    }
  }
  placeCache.set(ix, m);
  return m;
}

const isPlace = (p: string) => gazetteer().has(p);

/** Every guess the question's text allows (no agency of the knowledge found in it by name). */
export function agencyGuesses(q: Query, ix: KIndex): Guess[] {
  const out: Guess[] = [];
  const text = q.text;
  if (q.unknownAgency) {
    const s = agencySoundingLike(q.unknownAgency, ix.catalog?.index ?? ix);
    // the typed place another real place than the one meant (not a typo of it, but maybe a place not loaded)
    const other = (typed: string, meant: string) => splitAgency(typed).places.some((p) => isPlace(p) && !splitAgency(meant).places.includes(p));
    if (s) out.push({ ...s, kind: other(s.typed, s.meant) ? 'sound-real' : 'sound' });
  }
  const masked = maskedPlaces(ix);
  for (let L = 2; L <= 8; L++) {
    for (let i = 0; i + L <= text.length; i++) {
      const typed = text.slice(i, i + L);
      if (!/^[\u4e00-\u9fff]+$/.test(typed)) continue;
      for (let j = 0; j < L; j++) {
        for (const meant of masked.get(typed.slice(0, j) + '?' + typed.slice(j + 1)) ?? []) {
          if (lookalikeAt(typed, meant) < 0 || out.some((g) => g.typed === typed && g.meant === meant)) continue;
          const [t, m] = [isPlace(typed), isPlace(meant)];
          out.push({ typed, meant, kind: t && m ? 'shape-real' : t ? 'shape-title' : m ? 'shape-question' : 'shape-other' });
        }
      }
    }
  }
  // a guess stands when the question, corrected, names the agency by one of its names (the place and
  // its body: 永胜县科委 is no guess for 泳胜县公安局); a shorter guess inside a longer one says nothing more
  // (a sound-alike is of a whole name already)
  const stands = out.filter((g) => {
    if (g.kind.startsWith('sound')) return true;
    const u = understand(text.split(g.typed).join(g.meant), ix.catalog?.index ?? ix);
    return u.agencyReports && !u.unknownAgency && u.agencyReports.some((r) => r.agency.includes(g.meant));
  });
  return stands.filter((g) => !stands.some((h) => h !== g && h.typed.length > g.typed.length && h.typed.includes(g.typed) && h.meant.includes(g.meant)));
}

/** The agencies a guess stands for, once corrected into the question. */
export function guessedAgency(g: Guess, ix: KIndex): string | null {
  const whole = ix.catalog?.index ?? ix;
  const a = whole.aliases.get(g.meant)?.[0]?.agency ?? [...whole.agencies.keys()].find((x) => x.includes(g.meant));
  return a ? correctedAgency(a) : null;
}

/**
 * The decision over the guesses: each is as probable as guesses of its kind were right, shared
 * among the guesses when there are several (one of them at most is meant).
 */
export function decideGuesses(all: Guess[], scores = agencyScores()): Choice<Guess> {
  // a sound-alike of a whole loaded name is read as that name, as before these scores (they measure it, not yet decide it)
  const sound = all.find((g) => g.kind === 'sound');
  if (sound) return { kind: 'answer', best: sound, confidence: scores.kinds.sound, margin: scores.kinds.sound };
  const guesses = all.filter((g) => !g.kind.startsWith('sound'));
  const ps = guesses.map((g) => scores.kinds[g.kind]);
  const top = Math.max(0, ...ps);
  const sum = ps.reduce((s, p) => s + p, 0) || 1;
  const readings = guesses.map((g, i) => ({ item: g, p: (top * ps[i]!) / sum, value: g.meant })).sort((a, b) => b.p - a.p);
  const d = choose(readings, scores.thresholds);
  // one guess probable enough to offer, not to answer: asked back as a yes or no
  if (d.kind === 'refuse' && readings[0] && readings[0].p >= scores.thresholds.ask) return { kind: 'ask', options: [readings[0].item] };
  return d;
}
