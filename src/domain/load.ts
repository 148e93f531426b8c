// The domain's words as data: domain/*.json (the template, the vocabulary, English words, agency
// names, units, Chinese numerals, document verbs, command words, Taiwan words), read once at import
// and checked.
// A malformed file stops the start with a DomainDataError naming the file and the entry.
import { fileURLToPath } from 'node:url';
import type { Group4, Intent, Measure2, Slot } from '../answer/dictionary.js';
import type { TableId, TemplateVersion } from '../model.js';
import type { Block2, Row3 } from '../template.js';
import { DomainDataError, Entry, readDomainFile } from './check.js';

export { DomainDataError };

export const DOMAIN_DIR = fileURLToPath(new URL('../../domain/', import.meta.url));

export interface Section {
  index: number;
  canonical: string;
  keys: string[];
}

export interface Row2Label {
  row: string | Record<TemplateVersion, string>;
  printed: string[];
  match: 'whole' | 'start';
}

export interface TemplateData {
  sections: Section[];
  tableSection: Record<TableId, number>;
  blocks2: Record<TemplateVersion, Block2[]>;
  row2Labels: Row2Label[];
  versionWords2: { version: TemplateVersion; words: string[] }[];
  measureColumns2: Record<Measure2, string[]>;
  /** the measure a row of table 二 reports when none is asked, per version */
  defaultMeasures2: Record<TemplateVersion, Record<string, Measure2>>;
  columns3: string[][];
  rows3: Row3[];
  groups3: { key: string; label: string }[];
  resultColumns4: string[];
  groups4: string[][];
  groupsByKey4: Record<Group4, string[][]>;
}

export interface VocabularySection {
  name: string;
  entries: { words: string[]; slots: Slot[] }[];
}

/** A family of words that say the same thing (domain/paraphrases.json): verbs (v) and nouns (n) of one meaning. */
export interface ParaphraseFamily {
  id: string;
  slot: Slot;
  v: string[];
  n: string[];
}

export interface AgencyData {
  shortForms: [string, string][];
  placeSuffixes: string[];
  notPlaceStarts: string[];
  governmentBodies: string[];
  governments: string[];
  governmentNames: string[];
  notAlone: string[];
  /** words that join coordinated parts of a body (交通与建设局) */
  coordinators: string[];
  /** words a short form made from a body's parts leaves out (国有资产管理局 → 国资局, 行政审批局 → 审批局) */
  droppedWords: string[];
  /** words that ask about a place as a whole (各部门), which a place alone then does not name one agency for */
  wholePlaceWords: string[];
  unknown: {
    placeEnds: string[];
    governmentOffices: string[];
    bodyEnds: string[];
    questionLeads: string[];
    notPlaceCharacters: string;
  };
}

export const UNIT_USES = ['cell', 'decoded', 'header', 'narrative', 'approx', 'asked'] as const;
export type UnitUse = (typeof UNIT_USES)[number];

export const UNIT_CLASSES = ['count', 'event', 'person', 'body', 'any', 'money', 'rate', 'time'] as const;
/** What kind of quantity a unit measures: a question asking in one class is never answered in another. */
export type UnitClass = (typeof UNIT_CLASSES)[number];

export interface Numeral {
  char: string;
  value: number;
  kind: 'digit' | 'small' | 'big';
  yearDigit: boolean;
}

export const COMMANDS = ['help', 'reports', 'check', 'new'] as const;
export type Command = (typeof COMMANDS)[number];

export interface Domain {
  template: TemplateData;
  vocabulary: VocabularySection[];
  english: { phrases: [RegExp, string][] };
  agencies: AgencyData;
  units: { unit: string; in: UnitUse[]; class: UnitClass; kin: string }[];
  numerals: Numeral[];
  verbs: { verb: string; making: boolean; asked: boolean }[];
  commands: Record<Command, string[]>;
  /** Taiwan/Hong Kong words → mainland words, after character simplification */
  simplified: [string, string][];
  paraphrases: ParaphraseFamily[];
}

const VERSIONS: TemplateVersion[] = ['2019', '2021'];
const TABLES: TableId[] = ['二', '三', '四'];
// Records, so that the compiler says when the engine's types gain a value the loader does not know.
const INTENTS: Record<Intent, true> = {
  date: true, overview: true, problems: true, plans: true, handling: true, policy: true, list: true, quantity: true,
  rate: true, compare: true, help: true, reports: true, check: true, proactive: true, fee: true,
};
const MEASURES: Record<Measure2, true> = { made: true, published: true, total: true, repealed: true, prev: true, change: true, decisions: true, amount: true, count: true };
const GROUPS: Record<Group4, true> = { review: true, suit: true, direct: true, after: true };

function template(e: Entry): TemplateData {
  e.keys(['about', 'sections', 'tableSection', 'table2', 'table3', 'table4']);
  const sections = e.get('sections').list().map((s): Section => {
    s.keys(['index', 'canonical', 'keys']);
    return { index: s.get('index').num(), canonical: s.get('canonical').str(), keys: s.get('keys').strs() };
  });
  if (sections.length !== 6) e.get('sections').fail(`the template has six sections, found ${sections.length}`);
  const ts = e.get('tableSection');
  ts.keys(TABLES);
  const tableSection = Object.fromEntries(TABLES.map((t) => [t, ts.get(t).num()])) as Record<TableId, number>;
  const t2 = e.get('table2');
  t2.keys(['about', ...VERSIONS, 'rowLabels', 'measures', 'versionWords']);
  const blocks2 = Object.fromEntries(
    VERSIONS.map((v) => [
      v,
      t2.get(v).list().map((b): Block2 => {
        b.keys(['label', 'item', 'rows', 'columns', 'units']);
        const block = { label: b.get('label').str(), item: b.get('item').str(), rows: b.get('rows').strs(), columns: b.get('columns').strs(), units: b.get('units').list().map((u) => u.text()) };
        if (block.units.length !== block.columns.length) b.get('units').fail(`${block.columns.length} columns need ${block.columns.length} units, found ${block.units.length}`);
        return block;
      }),
    ]),
  ) as Record<TemplateVersion, Block2[]>;
  const rowsOf = (v: TemplateVersion) => blocks2[v].flatMap((b) => b.rows);
  const rl = t2.get('rowLabels');
  rl.keys(['about', 'labels']);
  const row2Labels = rl.get('labels').list().map((l): Row2Label => {
    l.keys(['row', 'printed', 'match']);
    const r = l.get('row');
    let row: Row2Label['row'];
    if (r.isObject()) {
      r.keys(VERSIONS);
      row = Object.fromEntries(VERSIONS.map((v) => [v, r.get(v).str()])) as Record<TemplateVersion, string>;
      for (const v of VERSIONS) if (!rowsOf(v).includes(row[v])) r.get(v).fail(`"${row[v]}" is not a row of table 二 in the ${v} version`);
    } else {
      row = r.str();
      if (!VERSIONS.some((v) => rowsOf(v).includes(row as string))) r.fail(`"${row}" is not a row of table 二`);
    }
    return { row, printed: l.get('printed').strs(), match: l.get('match').oneOf(['whole', 'start'] as const) };
  });
  const ms = t2.get('measures');
  ms.keys(['about', 'columns', 'defaults']);
  const mc = ms.get('columns');
  mc.keys(Object.keys(MEASURES));
  const measureColumns2 = Object.fromEntries(
    (Object.keys(MEASURES) as Measure2[]).map((m) => {
      const cols = mc.get(m).strs();
      const all = VERSIONS.flatMap((v) => blocks2[v].flatMap((b) => b.columns));
      const stray = cols.find((c) => !all.includes(c));
      if (stray) mc.get(m).fail(`"${stray}" is not a column of table 二`);
      return [m, cols];
    }),
  ) as Record<Measure2, string[]>;
  const md = ms.get('defaults');
  md.keys(['about', ...VERSIONS]);
  const defaultMeasures2 = Object.fromEntries(
    VERSIONS.map((v) => {
      const e2 = md.get(v);
      const rows = rowsOf(v);
      const out: Record<string, Measure2> = {};
      for (const row of e2.keys(rows)) {
        const m = e2.get(row).oneOf(Object.keys(MEASURES) as Measure2[]);
        const block = blocks2[v].find((b) => b.rows.includes(row))!;
        if (!measureColumns2[m].some((c) => block.columns.includes(c))) e2.get(row).fail(`the ${v} table 二 has no column for "${m}" in the block of ${row}`);
        out[row] = m;
      }
      const missing = rows.find((r) => !out[r]);
      if (missing) e2.fail(`no default measure for "${missing}"`);
      return [v, out];
    }),
  ) as Record<TemplateVersion, Record<string, Measure2>>;
  const vw = t2.get('versionWords');
  vw.keys(['about', 'byVersion']);
  const versionWords2 = vw.get('byVersion').list().map((x) => {
    x.keys(['version', 'words']);
    return { version: x.get('version').oneOf(VERSIONS), words: x.get('words').strs() };
  });
  const t3 = e.get('table3');
  t3.keys(['about', 'columns', 'rows', 'groups']);
  const columns3 = t3.get('columns').list().map((c) => c.strs());
  const groups3 = t3.get('groups').list().map((g) => {
    g.keys(['key', 'label']);
    return { key: g.get('key').str(), label: g.get('label').str() };
  });
  const rows3 = t3.get('rows').list().map((r): Row3 => {
    r.keys(['path', 'key', 'group', 'versions']);
    const group = r.opt('group')?.str();
    if (group !== undefined && !groups3.some((g) => g.key === group)) r.get('group').fail(`"${group}" is not one of the groups (table3.groups)`);
    const path = r.get('path').strs();
    const key = r.get('key').str();
    const versions = r.opt('versions')?.list().map((v) => v.oneOf(VERSIONS)) ?? [...VERSIONS];
    return group === undefined ? { path, key, versions } : { path, key, group, versions };
  });
  const t4 = e.get('table4');
  t4.keys(['about', 'resultColumns', 'groups', 'groupsByKey']);
  const groups4 = t4.get('groups').list().map((g) => g.strs());
  const gk = t4.get('groupsByKey');
  gk.keys(['about', ...Object.keys(GROUPS)]);
  const groupsByKey4 = Object.fromEntries(
    (Object.keys(GROUPS) as Group4[]).map((k) => {
      const paths = gk.get(k).list().map((p) => p.strs());
      const stray = paths.find((p) => !groups4.some((g) => g.join('›') === p.join('›')));
      if (stray) gk.get(k).fail(`${JSON.stringify(stray)} is not one of table4.groups`);
      return [k, paths];
    }),
  ) as Record<Group4, string[][]>;
  return {
    sections,
    tableSection,
    blocks2,
    row2Labels,
    versionWords2,
    measureColumns2,
    defaultMeasures2,
    columns3,
    rows3,
    groups3,
    resultColumns4: t4.get('resultColumns').strs(),
    groups4,
    groupsByKey4,
  };
}

const SLOT_KEYS = ['row3', 'row2', 'col3', 'measure2', 'group4', 'col4', 'intent', 'direction'];

function slot(e: Entry, t: TemplateData): Slot {
  const keys = e.keys([...SLOT_KEYS, 'weight']);
  const kinds = keys.filter((k) => k !== 'weight');
  if (kinds.length !== 1) e.fail(`a meaning names exactly one of ${SLOT_KEYS.join(', ')}; found ${kinds.length ? kinds.join(', ') : 'none'}`);
  const kind = kinds[0]!;
  const v = e.get(kind);
  const weight = (): number => {
    const w = e.opt('weight')?.num() ?? 3;
    if (w <= 0) e.get('weight').fail('a weight is a positive number');
    return w;
  };
  if (kind !== 'row3' && kind !== 'row2' && e.has('weight')) e.fail(`only row3 and row2 take a weight`);
  switch (kind) {
    case 'row3': {
      const key = v.str();
      const known = key === '办理总计' || t.rows3.some((r) => r.key === key) || t.groups3.some((g) => g.key === key);
      if (!known) v.fail(`"${key}" is not a row of table 三 (template.json table3.rows or groups) nor 办理总计`);
      return { kind: 'row3', key, weight: weight() };
    }
    case 'row2': {
      const row = v.str();
      if (!VERSIONS.some((ver) => t.blocks2[ver].some((b) => b.rows.includes(row)))) v.fail(`"${row}" is not a row of table 二 (template.json table2)`);
      return { kind: 'row2', row, weight: weight() };
    }
    case 'col3': {
      if (v.value === 'legal') return { kind: 'col3', column: 'legal' };
      const column = v.strs();
      if (!t.columns3.some((c) => c.join('›') === column.join('›'))) v.fail(`${JSON.stringify(column)} is not a column of table 三 (template.json table3.columns), nor "legal"`);
      return { kind: 'col3', column };
    }
    case 'measure2':
      return { kind: 'measure2', measure: v.oneOf(Object.keys(MEASURES) as Measure2[]) };
    case 'group4':
      return { kind: 'group4', group: v.oneOf(Object.keys(GROUPS) as Group4[]) };
    case 'col4':
      return { kind: 'col4', column: v.oneOf(t.resultColumns4) };
    case 'intent':
      return { kind: 'intent', intent: v.oneOf(Object.keys(INTENTS) as Intent[]) };
    default: {
      const sign = v.num();
      if (sign !== 1 && sign !== -1) return v.fail('a direction is 1 (more) or -1 (fewer)');
      return { kind: 'direction', sign };
    }
  }
}

function vocabulary(e: Entry, t: TemplateData): VocabularySection[] {
  e.keys(['about', 'sections']);
  return e.get('sections').list().map((s) => {
    s.keys(['name', 'entries']);
    return {
      name: s.get('name').str(),
      entries: s.get('entries').list().map((x) => {
        x.keys(['means', 'words']);
        const means = x.get('means');
        const slots = Array.isArray(means.value) ? means.list().map((m) => slot(m, t)) : [slot(means, t)];
        return { words: x.get('words').strs(), slots };
      }),
    };
  });
}

function paraphrases(e: Entry, t: TemplateData): ParaphraseFamily[] {
  e.keys(['about', 'families']);
  const out = e.get('families').list().map((f): ParaphraseFamily => {
    f.keys(['id', 'means', 'v', 'n']);
    const v = f.opt('v')?.strs() ?? [];
    const n = f.opt('n')?.strs() ?? [];
    if (!v.length && !n.length) f.fail('a family gives words: v (verbs), n (nouns) or both');
    return { id: f.get('id').str(), slot: slot(f.get('means'), t), v, n };
  });
  const dup = out.findIndex((x, i) => out.findIndex((y) => y.id === x.id) !== i);
  if (dup >= 0) e.get('families').list()[dup]!.fail(`the id "${out[dup]!.id}" is used twice`);
  return out;
}

function english(e: Entry): Domain['english'] {
  e.keys(['about', 'phrases']);
  const phrases = e.get('phrases').list().map((x): [RegExp, string] => {
    x.keys(['pattern', 'to']);
    const source = x.get('pattern').str();
    try {
      return [new RegExp(source, 'g'), x.get('to').str()];
    } catch (err) {
      return x.get('pattern').fail(`not a regular expression (${(err as Error).message})`);
    }
  });
  return { phrases };
}

function agencies(e: Entry): AgencyData {
  e.keys(['about', 'shortForms', 'placeSuffixes', 'notPlaceStarts', 'governmentBodies', 'governments', 'governmentNames', 'notAlone', 'coordinators', 'droppedWords', 'wholePlaceWords', 'unknown']);
  const shortForms = e.get('shortForms').list().map((p): [string, string] => {
    const pair = p.list().map((x) => x.str());
    if (pair.length !== 2) p.fail(`a short form is a pair [long, short], found ${pair.length} words`);
    return [pair[0]!, pair[1]!];
  });
  const u = e.get('unknown');
  u.keys(['about', 'placeEnds', 'governmentOffices', 'bodyEnds', 'questionLeads', 'notPlaceCharacters']);
  return {
    shortForms,
    placeSuffixes: e.get('placeSuffixes').strs(),
    notPlaceStarts: e.get('notPlaceStarts').strs(),
    governmentBodies: e.get('governmentBodies').strs(),
    governments: e.get('governments').strs(),
    governmentNames: e.get('governmentNames').strs(),
    notAlone: e.get('notAlone').strs(),
    coordinators: e.get('coordinators').strs(),
    droppedWords: e.get('droppedWords').strs(),
    wholePlaceWords: e.get('wholePlaceWords').strs(),
    unknown: {
      placeEnds: u.get('placeEnds').strs(),
      governmentOffices: u.get('governmentOffices').strs(),
      bodyEnds: u.get('bodyEnds').strs(),
      questionLeads: u.get('questionLeads').strs(),
      notPlaceCharacters: u.get('notPlaceCharacters').str(),
    },
  };
}

function units(e: Entry): Domain['units'] {
  e.keys(['about', 'units']);
  const out = e.get('units').list().map((x) => {
    x.keys(['unit', 'in', 'note', 'class', 'kin']);
    return { unit: x.get('unit').str(), in: x.get('in').list().map((w) => w.oneOf(UNIT_USES)), class: x.get('class').oneOf(UNIT_CLASSES), kin: x.get('kin').str() };
  });
  const dup = out.findIndex((u, i) => out.findIndex((v) => v.unit === u.unit) !== i);
  if (dup >= 0) e.get('units').list()[dup]!.fail(`the unit "${out[dup]!.unit}" is written twice`);
  return out;
}

function numerals(e: Entry): Numeral[] {
  e.keys(['about', 'numerals']);
  const out = e.get('numerals').list().map((x): Numeral => {
    x.keys(['char', 'value', 'kind', 'yearDigit']);
    const char = x.get('char').str();
    if ([...char].length !== 1) x.get('char').fail(`a numeral is one character, found "${char}"`);
    const kind = x.get('kind').oneOf(['digit', 'small', 'big'] as const);
    const value = x.get('value').num();
    if (kind === 'digit' && !(Number.isInteger(value) && value >= 0 && value <= 9)) x.get('value').fail('a digit is 0 to 9');
    const yearDigit = x.opt('yearDigit')?.bool() ?? false;
    if (yearDigit && kind !== 'digit') x.get('yearDigit').fail('only a digit is a year digit');
    return { char, value, kind, yearDigit };
  });
  const dup = out.findIndex((n, i) => out.findIndex((m) => m.char === n.char) !== i);
  if (dup >= 0) e.get('numerals').list()[dup]!.fail(`the numeral "${out[dup]!.char}" is written twice`);
  return out;
}

function verbs(e: Entry): Domain['verbs'] {
  e.keys(['about', 'verbs']);
  const out = e.get('verbs').list().map((x) => {
    x.keys(['verb', 'making', 'asked']);
    return { verb: x.get('verb').str(), making: x.opt('making')?.bool() ?? false, asked: x.opt('asked')?.bool() ?? false };
  });
  const dup = out.findIndex((v, i) => out.findIndex((w) => w.verb === v.verb) !== i);
  if (dup >= 0) e.get('verbs').list()[dup]!.fail(`the verb "${out[dup]!.verb}" is written twice`);
  return out;
}

function commands(e: Entry): Domain['commands'] {
  e.keys(['about', 'commands']);
  const c = e.get('commands');
  c.keys([...COMMANDS]);
  const out = Object.fromEntries(COMMANDS.map((k) => [k, c.get(k).strs()])) as Record<Command, string[]>;
  for (const k of COMMANDS)
    for (const w of out[k]) {
      const other = COMMANDS.find((o) => o !== k && out[o].includes(w));
      if (other) c.get(k).fail(`"${w}" is a word of both ${k} and ${other}`);
      if (w !== w.toLowerCase() || w.startsWith('/')) c.get(k).fail(`"${w}": command words are written lower-case, without the leading /`);
    }
  return out;
}

function simplified(e: Entry): [string, string][] {
  e.keys(['about', 'words']);
  return e.get('words').list().map((p): [string, string] => {
    const pair = p.list().map((x) => x.str());
    if (pair.length !== 2) p.fail(`a word is a pair [as written, mainland word], found ${pair.length} words`);
    return [pair[0]!, pair[1]!];
  });
}

/** Reads and checks every file of the domain folder (default: the project's domain/). */
export function loadDomain(dir: string = DOMAIN_DIR): Domain {
  const t = template(readDomainFile(dir, 'template.json'));
  return {
    template: t,
    vocabulary: vocabulary(readDomainFile(dir, 'vocabulary.json'), t),
    english: english(readDomainFile(dir, 'english.json')),
    agencies: agencies(readDomainFile(dir, 'agencies.json')),
    units: units(readDomainFile(dir, 'units.json')),
    numerals: numerals(readDomainFile(dir, 'numerals.json')),
    verbs: verbs(readDomainFile(dir, 'verbs.json')),
    commands: commands(readDomainFile(dir, 'commands.json')),
    simplified: simplified(readDomainFile(dir, 'simplified.json')),
    paraphrases: paraphrases(readDomainFile(dir, 'paraphrases.json'), t),
  };
}

/**
 * The project's domain data, read once. Malformed data stops the start with one line naming the
 * file and the entry (not a stack trace): nothing can be answered or read without it.
 */
export const DOMAIN: Domain = (() => {
  try {
    return loadDomain();
  } catch (e) {
    if (!(e instanceof DomainDataError)) throw e;
    process.stderr.write(`gongkai-bot cannot start: the domain data is malformed: ${e.message}\n`);
    process.exit(1);
  }
})();
