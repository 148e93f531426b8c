// Metamorphic tests: words that change nothing asked must change no answer. Questions the generator
// writes for the bundled report's held-out facts (answered rightly as written) are changed by fast-check
// — a wrapper from a test-only list (test/corpus/wrappers.json), 的 added or taken away, a word of a
// held-out synonym family, traditional or full-width characters, the row put first — and must state
// the same figure after as before.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as OpenCC from 'opencc-js/cn2t';
import { answer } from '../src/answer/index.js';
import { knowledgeOf, type Knowledge } from '../src/knowledge.js';
import { generate, heldOut, type Example } from '../src/corpus/generate.js';
import { corpusReports } from '../src/corpus/reports.js';
import { BUNDLED_DIR } from '../src/knowledge.js';
import { DOMAIN } from '../src/domain/load.js';

const WRAPPERS: string[] = JSON.parse(readFileSync(new URL('./corpus/wrappers.json', import.meta.url), 'utf8')).wrappers;
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

let k: Knowledge;
let bases: Example[] = [];
const figure = (q: string) => answer(q, { knowledge: k }).figures[0]?.value;

beforeAll(async () => {
  const reports = await corpusReports([BUNDLED_DIR]);
  k = knowledgeOf(reports);
  // questions of facts and frames the weights never saw, asked alone, answered rightly as written
  bases = generate(reports, { seed: 7 })
    .filter((e) => e.split !== 'train' && e.target && !e.previous && e.made.wrapper === null && e.question.length <= 40)
    .filter((e) => figure(e.question) === e.target!.value)
    .slice(0, 400);
}, 120_000);

/** The held-out words that mean what a cell's row or column means (none of them in training questions). */
function heldOutSynonym(e: Example): { from: string; to: string } | null {
  // the longest word of a family the question holds, and a word of a held-out family of the same meaning
  const used = DOMAIN.paraphrases
    .flatMap((f) => [...f.n.map((w) => ({ f, w, noun: true })), ...f.v.map((w) => ({ f, w, noun: false }))])
    .map((x) => ({ ...x, w: x.w.replace(/的$/, '') }))
    .filter((x) => x.w.length >= 2 && e.question.includes(x.w))
    .sort((a, b) => b.w.length - a.w.length)[0];
  if (!used) return null;
  const key = (s: (typeof used)['f']['slot']) => JSON.stringify({ ...s, weight: 0 });
  const same = DOMAIN.paraphrases.filter((g) => g !== used.f && key(g.slot) === key(used.f.slot) && heldOut(`words:${g.id}`) !== 'train');
  const to = same.flatMap((g) => (used.noun ? g.n : g.v)).map((w) => w.replace(/的$/, ''))[0];
  return to && to !== used.w ? { from: used.w, to } : null;
}

const TRANSFORMS: Record<string, (e: Example, i: number) => string | null> = {
  wrapper: (e, i) => WRAPPERS[i % WRAPPERS.length]!.replace('{q}', e.question.replace(/[？?]$/, '')),
  'add 的': (e) => (/([\u4e00-\u9fff]{2})(申请|的申请)/.test(e.question) ? null : e.question.replace(/(自然人|个人|企业|公司|法人)(?!的)/, '$1的')),
  'drop 的': (e) => (e.question.includes('的') ? e.question.replace(/的(?=[\u4e00-\u9fff])/, '') : null),
  'held-out synonym': (e) => {
    const s = heldOutSynonym(e);
    return s ? e.question.replace(s.from, s.to) : null;
  },
  traditional: (e) => toTraditional(e.question),
  topicalised: (e) => {
    // the row named first, the rest of the question after it (予以公开的，个人申请里有几件)
    const word = DOMAIN.paraphrases
      .filter((f) => f.slot.kind === 'row3' || f.slot.kind === 'row2' || f.slot.kind === 'group4')
      .flatMap((f) => f.n.map((w) => w.replace(/的$/, '')))
      .filter((w) => w.length >= 2 && e.question.includes(w))
      .sort((a, b) => b.length - a.length)[0];
    if (!word) return null;
    const rest = e.question.replace(word, '').replace(/^[，,的]+/, '');
    return /[\u4e00-\u9fff]{2}/.test(rest) ? `${word}的，${rest}` : null;
  },
  'full-width': (e) => fullWidth(e.question),
};

describe('words that change nothing asked change no answer', () => {
  it('has questions to change', () => {
    expect(bases.length).toBeGreaterThan(30);
  });

  for (const [name, change] of Object.entries(TRANSFORMS)) {
    it(`${name}: the same figure`, () => {
      const changed: string[] = [];
      fc.assert(
        fc.property(fc.integer({ min: 0, max: bases.length - 1 }), fc.nat(100), (at, i) => {
          const e = bases[at]!;
          const q = change(e, i);
          if (q === null || q === e.question) return true;
          const v = figure(q);
          const line = `${e.question} → ${q}: ${v ?? 'no figure'} (was ${e.target!.value})`;
          // (the same question drawn twice counts once)
          if (v !== e.target!.value && !changed.includes(line)) changed.push(line);
          return true;
        }),
        { numRuns: 150, seed: 21 },
      );
      // a change may only take a figure away, never state another; and it takes it rarely
      const stated = changed.filter((c) => !c.includes('no figure'));
      expect(stated).toEqual([]);
      expect(changed.length, changed.join('\n')).toBeLessThanOrEqual(6);
    });
  }
});
