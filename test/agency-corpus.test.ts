// Issue 23: every loaded agency (the bundled report and, where present, ../shared's three folders)
// asked for by every form people use — its full name, each short form made by rule, its place alone,
// its place in English, its body in English, a sound-alike and a look-alike character in its place — through answer():
// a form one agency answers to is answered from that agency's report; a form two agencies share
// asks back; a name no loaded agency has is refused. Generated from the reports, no list of names.
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../src/answer/index.js';
import { agencyAliases, barePlace, splitAgency } from '../src/answer/agencies.js';
import { gazetteer } from '../src/answer/places.js';
import { agencyIdentity } from '../src/agency/identity.js';
import { englishNamesOf } from '../src/agency/english-names.js';
import { lookalikesOf } from '../src/agency/lookalike.js';
import { corpusReports } from '../src/corpus/reports.js';
import { knowledgeOf, type Knowledge } from '../src/knowledge.js';
import type { Report } from '../src/model.js';

type Pinyin = (s: string, o: { toneType: 'none'; type: 'array' }) => string[];
const pinyin = (createRequire(import.meta.url)('pinyin-pro') as { pinyin: Pinyin }).pinyin;

let reports: Report[];
let k: Knowledge;
/** each agency (one identity across its titles) → its reports, newest first */
const agencies = new Map<string, Report[]>();
/** a form → the agencies (identities) that answer to it */
const owners = new Map<string, Set<string>>();

beforeAll(async () => {
  reports = await corpusReports();
  k = knowledgeOf(reports);
  for (const r of reports) agencies.set(agencyIdentity(r.agency), [...(agencies.get(agencyIdentity(r.agency)) ?? []), r].sort((a, b) => b.year - a.year));
  for (const [id, rs] of agencies) for (const r of rs) for (const f of [r.agency, ...agencyAliases(r.agency)]) owners.set(f, new Set([...(owners.get(f) ?? []), id]));
}, 120_000);

const FRAME = (name: string, year: number) => `${name}${year}年收到多少政府信息公开申请？`;
/** the agency a reply answers for (its first source's report), or null */
const answeredFor = (q: string): string | null => {
  const r = answer(q, { knowledge: k });
  const title = r.figures.length ? r.citations[0]?.report : undefined;
  const rep = title ? reports.find((x) => x.title === title) : undefined;
  return rep ? agencyIdentity(rep.agency) : null;
};
/** the innermost place of a name, without its unit (淮安市洪泽区人民政府 → 洪泽) */
const placeOf = (name: string) => {
  const places = splitAgency(name).places;
  return places.length ? barePlace(places[places.length - 1]!) : null;
};

describe('every loaded agency, by every form people name it with', () => {
  it('its full name and each short form made by rule: answered from its own report, or asked back where two agencies share the form', () => {
    const wrong: string[] = [];
    let n = 0;
    for (const [id, [r]] of agencies)
      for (const f of [r!.agency, ...agencyAliases(r!.agency)]) {
        n++;
        const q = FRAME(f, r!.year);
        if (owners.get(f)!.size > 1) {
          if (answer(q, { knowledge: k }).kind !== 'choice') wrong.push(`${q}: not asked back (${[...owners.get(f)!].join(', ')})`);
        } else if (answeredFor(q) !== id) wrong.push(`${q}: answered for ${answeredFor(q)}, not ${id}`);
      }
    console.log(`agency forms: ${n} asked, ${wrong.length} wrong`);
    expect(n).toBeGreaterThan(agencies.size);
    expect(wrong).toEqual([]);
  });

  it('its place alone: answered for it where no other loaded agency is of that place, else not answered for an agency of another place', () => {
    const wrong: string[] = [];
    let n = 0;
    for (const [id, [r]] of agencies) {
      const place = placeOf(r!.agency);
      if (!place) continue;
      const q = FRAME(place, r!.year);
      const of = [...agencies].filter(([, rs]) => rs.some((x) => placeOf(x.agency) === place)).map(([a]) => a);
      const got = answeredFor(q);
      n++;
      if (of.length === 1 ? got !== id : got !== null && !of.includes(got)) wrong.push(`${q}: ${got}`);
    }
    console.log(`places alone: ${n} asked, ${wrong.length} wrong`);
    expect(n).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it('its place in English (pinyin, any case): answered for it where no other loaded agency is of that place, else not answered for another', () => {
    const wrong: string[] = [];
    for (const [id, [r]] of agencies) {
      const place = placeOf(r!.agency);
      if (!place) continue;
      const spelled = pinyin(place, { toneType: 'none', type: 'array' }).map((s, i) => (i === 0 ? s[0]!.toUpperCase() + s.slice(1) : s)).join('');
      const q = `How many information disclosure requests did ${spelled} receive in ${r!.year}?`;
      const of = [...agencies].filter(([, rs]) => rs.some((x) => placeOf(x.agency) === place)).map(([a]) => a);
      const got = answeredFor(q);
      if (of.length === 1 ? got !== id : got !== null && !of.includes(got)) wrong.push(`${q}: ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  it('its body in English (names made by rule from the words of the glossary), after or before its place in English: answered for it; in a place not loaded, refused', () => {
    const wrong: string[] = [];
    let n = 0;
    for (const [id, [r]] of agencies) {
      const place = placeOf(r!.agency);
      const { body } = splitAgency(r!.agency);
      const names = englishNamesOf(body);
      if (!place || !names.length) continue;
      const spelled = pinyin(place, { toneType: 'none', type: 'array' }).map((s, i) => (i === 0 ? s[0]!.toUpperCase() + s.slice(1) : s)).join('');
      const of = [...agencies].filter(([, rs]) => rs.some((x) => placeOf(x.agency) === place && englishNamesOf(splitAgency(x.agency).body).some((e) => names.includes(e)))).map(([a]) => a);
      // its first names each way (words then organ, organ of words), and one with the place after it
      const asked = [names[0]!, names.find((e) => / of /.test(e))!].map((e) => `How many information disclosure requests did the ${spelled} ${e} receive in ${r!.year}?`);
      asked.push(`How many requests did the ${names.find((e) => / of /.test(e))!} of ${spelled} receive in ${r!.year}?`);
      for (const q of asked) {
        n++;
        // the agency answered for, or asked about (a report whose narrative and table disagree asks back between them)
        const reply = answer(q, { knowledge: k });
        const title = reply.figures.length || reply.kind === 'choice' ? reply.citations[0]?.report : undefined;
        const rep = title ? reports.find((x) => x.title === title) : undefined;
        const got = rep ? agencyIdentity(rep.agency) : null;
        if (of.length === 1 ? got !== id : got !== null && !of.includes(got)) wrong.push(`${q}: ${got}`);
      }
      const elsewhere = `How many information disclosure requests did the ${place === '漠河' ? 'Sanya' : 'Mohe'} ${names[0]} receive in ${r!.year}?`;
      if (answer(elsewhere, { knowledge: k }).figures.length) wrong.push(`${elsewhere}: answered`);
    }
    console.log(`English agency names: ${n} asked, ${wrong.length} wrong`);
    expect(n).toBeGreaterThan(agencies.size);
    expect(wrong).toEqual([]);
  });

  it('a sound-alike or a look-alike character in its place: answered for it or asked back, never answered for another agency', () => {
    const bySound = new Map<string, string[]>();
    for (const c of new Set([...gazetteer().keys()].join(''))) {
      const p = pinyin(c, { toneType: 'none', type: 'array' })[0] ?? '';
      bySound.set(p, [...(bySound.get(p) ?? []), c]);
    }
    const sounds = (c: string) => (bySound.get(pinyin(c, { toneType: 'none', type: 'array' })[0] ?? '') ?? []).filter((x) => x !== c);
    const wrong: string[] = [];
    let n = 0;
    for (const [id, [r]] of agencies) {
      const place = splitAgency(r!.agency).places[0];
      if (!place) continue;
      for (const others of [sounds, (c: string) => [...lookalikesOf(c)]]) {
        // the first character of the place that has another of its kind
        const at = [...place].findIndex((c) => others(c).length);
        if (at < 0) continue;
        const typed = r!.agency.replace(place, place.slice(0, at) + others(place[at]!)[0] + place.slice(at + 1));
        if (owners.has(typed)) continue;
        n++;
        const got = answeredFor(FRAME(typed, r!.year));
        if (got !== null && got !== id) wrong.push(`${typed}: answered for ${got}`);
      }
    }
    console.log(`typed places: ${n} asked, ${wrong.length} answered for another agency`);
    expect(n).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it('an agency of a place no loaded agency is of, with a loaded body: refused, saying which agencies the knowledge holds', () => {
    const loadedPlaces = new Set([...agencies.values()].flatMap((rs) => rs.flatMap((r) => splitAgency(r.agency).places.flatMap((p) => [p, barePlace(p)]))));
    const cities = [...new Set([...gazetteer().values()].map((p) => p.name))].filter((p) => /市$/.test(p) && !loadedPlaces.has(p) && !loadedPlaces.has(barePlace(p)));
    const wrong: string[] = [];
    let i = 0;
    for (const [, [r]] of agencies) {
      const { body } = splitAgency(r!.agency);
      if (body.length < 2) continue;
      const name = `${cities[(i++ * 37) % cities.length]!}${body}`;
      const a = answer(FRAME(name, r!.year), { knowledge: k });
      if (a.figures.length || !/知识库中没有/.test(a.lines.join(''))) wrong.push(`${name}: ${a.kind} ${a.lines[0]?.slice(0, 40)}`);
    }
    expect(i).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });
});
