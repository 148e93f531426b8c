// Finding the clause that answers a question: rank every clause of the candidate reports by how much
// of the question's content it holds; answer only when the best covers enough and stands clear of
// the best of another report.
import type { Report } from '../../model.js';
import type { Ask } from '../ask.js';
import { evidenceOf, ownParts, rankClauses, type Clause, type ClauseHit } from '../evidence.js';
import { aNotAVerb, askedNoun, contentRuns, headRun, lastWord, runWords } from '../content.js';
import { holds } from '../equivalents.js';

export interface Found {
  r: Report;
  hit: ClauseHit;
  /** the next clauses of the same report, best first */
  more: ClauseHit[];
}

/** The least share of the question's content the answering clause must hold. */
export const MIN_COVERAGE = 0.5;

export function findClause(a: Ask, filter?: (c: Clause) => boolean, min = MIN_COVERAGE): Found | null {
  if (!a.content.length) return null;
  // the thing asked (哪些渠道, 什么听证会) must stand in a list's sentence, and weighs for a passage
  const noun = askedNoun(a.q);
  const hard = false;
  // a yes/no is about a thing (有没有收取信息处理费): the clause must name it, not only the words around it
  // (a turn that points back, 这个专栏开起来了吗, names it in the turn before)
  const key = a.type === 'yesno' && !a.topic.length && !/[这那该此]/.test(a.q.text) ? lastWord(headRun(a.q)) : '';
  if (key.length >= 2) {
    const given = filter;
    filter = (c) => (!given || given(c)) && holds(c.sentence, key);
  }
  const verb = a.type === 'yesno' ? aNotAVerb(a.q.text) : null;
  let best: Found | null = null;
  // the question's own words (two characters or more); a report that mentions hardly any of them is silent on it
  const words = contentRuns(a.q).flatMap(runWords).filter((w) => w.length >= 2);
  const total = words.reduce((n, w) => n + w.length, 0);
  for (const r of a.agencyNamed ? a.reports : a.reports.slice(0, 40)) {
    if (total) {
      const all = evidenceOf(r).text;
      const held = words.filter((w) => holds(all, w)).reduce((n, w) => n + w.length, 0);
      if (held * 2 < total) continue;
    }
    const nounFilter = hard ? (c: Clause) => holds(c.sentence, noun!) || holds(c.text, noun!) : undefined;
    const both = filter && nounFilter ? (c: Clause) => filter(c) && nounFilter(c) : (filter ?? nounFilter);
    let hits = rankClauses(evidenceOf(r), a.content, { filter: both, phrases: a.phrases });
    if (noun && !hard) hits = hits.map((h) => (holds(h.clause.sentence, noun) ? { ...h, score: h.score + 0.3 } : h));
    // the conversation's topic weighs (这个专栏开起来了吗 after a question about 张江高新区专栏)
    if (a.topic.length) hits = hits.map((h) => ({ ...h, score: h.score + 0.3 * (a.topic.filter((g) => h.clause.grams.has(g)).length / a.topic.length) }));
    // 收没收/用不用: the verb asked must stand in the clause's own words, not only in a title it cites
    if (verb) hits = hits.map((h) => (ownParts(h.clause.text).some((p) => p.includes(verb)) ? { ...h, score: h.score + 0.2 } : h));
    hits.sort((x, y) => y.score - x.score);
    const top = hits[0];
    if (!top || top.coverage < min) continue;
    if (!best || top.score > best.hit.score) best = { r, hit: top, more: hits.slice(1, 4) };
  }
  return best;
}
