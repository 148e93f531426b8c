// The example files beside the domain's vocabulary (domain/*.examples.json): questions and what the
// real understanding must make of them, compared slot by slot.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Query } from '../../src/answer/understand.js';
import { REPO } from './tianjin.js';

/** What an example says of a slot; for intent a list (every one present), for year a year or a list. */
export type Expect = Partial<Record<'row3' | 'row2' | 'col3' | 'measure2' | 'group4' | 'col4' | 'direction' | 'intent' | 'agency' | 'year' | 'unknownAgency', unknown>>;

export interface Example {
  q: string;
  expect?: Expect;
  not?: Expect;
}

/** An agency's full name, names a user may use for it, and names that must not stand for it. */
export interface NameExample {
  name: string;
  aliases: string[];
  notAliases?: string[];
}

export function readExamples(file: string): { examples: Example[]; mustNot: Example[]; names: NameExample[] } {
  const data = JSON.parse(readFileSync(join(REPO, 'domain', file), 'utf8')) as { examples: Example[]; mustNot?: Example[]; names?: NameExample[] };
  return { examples: data.examples, mustNot: data.mustNot ?? [], names: data.names ?? [] };
}

/** The slot values of an understood question, in the examples' terms. */
export function slotsOf(q: Query): Record<string, unknown> {
  return {
    row3: q.row3?.key ?? null,
    row2: q.row2?.row ?? null,
    col3: q.col3 ?? null,
    measure2: q.measure2 ?? null,
    group4: q.group4 ?? null,
    col4: q.col4 ?? null,
    direction: q.direction ?? null,
    intent: [...q.intents],
    agency: q.agencyReports?.[0]?.agency ?? null,
    year: q.years,
    unknownAgency: q.unknownAgency,
  };
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The differences between what was understood and what the example expects (empty: as expected). */
export function mismatches(got: Record<string, unknown>, expect: Expect = {}, not: Expect = {}): string[] {
  const out: string[] = [];
  for (const [k, want] of Object.entries(expect)) {
    const have = got[k];
    if (k === 'intent') {
      for (const i of asList(want)) if (!(have as string[]).includes(i as string)) out.push(`intent ${String(i)} missing (got ${JSON.stringify(have)})`);
    } else if (k === 'year') {
      if (!same(have, asList(want))) out.push(`year ${JSON.stringify(want)} expected, got ${JSON.stringify(have)}`);
    } else if (!same(have, want)) out.push(`${k} ${JSON.stringify(want)} expected, got ${JSON.stringify(have)}`);
  }
  for (const [k, unwanted] of Object.entries(not)) {
    const have = got[k];
    if (k === 'intent') {
      for (const i of asList(unwanted)) if ((have as string[]).includes(i as string)) out.push(`intent ${String(i)} must not be understood`);
    } else if (same(have, unwanted)) out.push(`${k} must not be ${JSON.stringify(unwanted)}`);
  }
  return out;
}
