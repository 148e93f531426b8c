// The vocabulary's examples as tests (domain/vocabulary.examples.json, domain/agencies.examples.json):
// each question goes through the real understanding on the bundled report and must fill the slots
// it names; the mustNot examples must not. Every word of the vocabulary, every English phrase and
// place, every Taiwan word and every agency short form is used by at least one example.
import { beforeAll, describe, expect, it } from 'vitest';
import { agencyAliases } from '../src/answer/agencies.js';
import { indexOf, type KIndex } from '../src/answer/knowledge-index.js';
import { normalizeQuestion, understand } from '../src/answer/understand.js';
import { DOMAIN } from '../src/domain/load.js';
import { ingestFile } from '../src/ingest/index.js';
import { mismatches, readExamples, slotsOf } from './helpers/examples.js';
import { TIANJIN } from './helpers/tianjin.js';

let ix: KIndex;
beforeAll(async () => {
  ix = indexOf({ reports: [await ingestFile(TIANJIN)] });
});

const vocabulary = readExamples('vocabulary.examples.json');
const agencies = readExamples('agencies.examples.json');

describe.each([
  ['vocabulary', vocabulary],
  ['agencies', agencies],
])('%s examples', (_name, file) => {
  it.each(file.examples.map((e) => [e.q, e] as const))('%s', (_q, e) => {
    expect(mismatches(slotsOf(understand(e.q, ix)), e.expect)).toEqual([]);
  });
  it.each(file.mustNot.map((e) => [e.q, e] as const))('must not: %s', (_q, e) => {
    expect(mismatches(slotsOf(understand(e.q, ix)), e.expect, e.not)).toEqual([]);
  });
});

describe('every word has an example', () => {
  it('each word of domain/vocabulary.json is matched, as itself, in at least one example question', () => {
    const matched = new Set<string>();
    for (const e of [...vocabulary.examples, ...vocabulary.mustNot]) for (const m of understand(e.q, ix).matches) if (!m.fuzzy) matched.add(m.word);
    const missing: string[] = [];
    for (const s of DOMAIN.vocabulary)
      for (const entry of s.entries)
        for (const w of entry.words) {
          // a word written with 其它 or quotes is met in its normalised form (其他, no quotes)
          if (!matched.has(normalizeQuestion(w).text)) missing.push(`${s.name}: ${w}`);
        }
    expect(missing).toEqual([]);
  });

  it('each English phrase of domain/english.json is used by an example', () => {
    const questions = [...vocabulary.examples, ...agencies.examples, ...agencies.mustNot].map((e) => e.q);
    const unused = DOMAIN.english.phrases.filter(([re]) => !questions.some((q) => new RegExp(re.source).test(q.toLowerCase()))).map(([re]) => re.source);
    expect(unused).toEqual([]);
  });

  it('a place named in English is read as the gazetteer place it spells, in one word or several (no list of places)', () => {
    for (const [q, zh] of [
      ['How many requests did Shenzhen receive in 2024?', '深圳市'],
      ['How many requests did Hong Ze District receive?', '洪泽区'],
      ['TIANJIN industry and information technology bureau', '天津市'],
      ['How many requests did the Wuhan Civil Affairs Bureau receive?', '武汉市'],
    ] as const)
      expect(normalizeQuestion(q).text, q).toContain(zh);
    // the twin: English words that spell no place stay as they are
    expect(normalizeQuestion('How many requests were received in total?').text).not.toMatch(/[\u4e00-\u9fff]{2}(?:市|区|县)/);
  });

  it('each Taiwan word of domain/simplified.json is met, written in traditional characters, in an example', () => {
    const questions = vocabulary.examples.map((e) => e.q);
    const unused = DOMAIN.simplified.filter(([from, to]) => !questions.some((q) => !q.includes(from) && !q.includes(to) && normalizeQuestion(q).text.includes(to)));
    expect(unused).toEqual([]);
  });

  it('each short form of domain/agencies.json is an alias of some agency in domain/agencies.examples.json', () => {
    const names = agencies.names;
    // the long form in the name and the short one in an alias, or the other way round
    const shown = ([long, short]: [string, string]) =>
      names.some((n) => (n.name.includes(long) && n.aliases.includes(n.name.replace(long, short))) || (n.name.includes(short) && !n.name.includes(long) && n.aliases.includes(n.name.replace(short, long))));
    const unused = DOMAIN.agencies.shortForms.filter((p) => !shown(p)).map((p) => p.join(' → '));
    expect(unused).toEqual([]);
  });
});

describe('agency names (domain/agencies.examples.json names)', () => {
  it.each(agencies.names.map((n) => [n.name, n] as const))('%s', (_n, n) => {
    const got = agencyAliases(n.name);
    expect(n.aliases.filter((a) => !got.includes(a))).toEqual([]);
    expect((n.notAliases ?? []).filter((a) => got.includes(a))).toEqual([]);
  });
});
