// Agency names as people write them: the full name, common short forms (工业和信息化局 → 工信局),
// with or without the place (天津市工信局, 市工信局, 工信局), and place names for governments' own reports.
// The words are data: domain/agencies.json; this module makes the names from them.
import { DOMAIN } from '../domain/load.js';
import { realPlace } from './places.js';

const A = DOMAIN.agencies;
const alt = (words: string[]) => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

/** Long body words and their usual short forms (both directions are generated). */
const SHORT: [string, string][] = A.shortForms;

const PLACE_UNIT = new RegExp(`^(.+?(?:${alt(A.placeSuffixes)}))`);
const PLACE_SUFFIX = new RegExp(`(${alt(A.placeSuffixes)})$`);
const NOT_PLACE_START = new RegExp(`^(${alt(A.notPlaceStarts)})`);

/** Splits 天津市工业和信息化局 into places ['天津市'] and body '工业和信息化局'. */
export function splitAgency(name: string): { places: string[]; body: string } {
  const places: string[] = [];
  let rest = name;
  for (let n = 0; n < 4; n++) {
    const m = PLACE_UNIT.exec(rest);
    if (!m) break;
    let p = m[1]!;
    // 兰州市, 杭州市, 通州区: a name ending in 州 followed by its unit is one place, not 兰州 + 市铁东区
    if (p.endsWith('州') && /^[市区县]/.test(rest.slice(p.length))) p = rest.slice(0, p.length + 1);
    // a body word that happens to end in 区/市 (e.g. 市场监督管理局) is not a place
    if (p.length < 2 || NOT_PLACE_START.test(rest)) break;
    if (p.length > 8) break;
    places.push(p);
    rest = rest.slice(p.length);
  }
  return { places, body: rest };
}

let segmenter: Intl.Segmenter | null = null;
const SUFFIX_SHORT: [RegExp, string][] = [
  [/委员会$/, '委'],
  [/办公室$/, '办'],
  [/(局|厅|委|办|署|院|中心)$/, '$1'],
];

/**
 * The short form people make of a body they have no listed short form for: 管理 dropped, one word
 * kept whole (应急管理局 → 应急局), else the first character of each word, words beginning alike
 * counted once (农业农村委员会 → 农委, 工业和信息化局 → 工信局); null when none can be made.
 */
export function madeShortForm(body: string): string | null {
  const rule = SUFFIX_SHORT.find(([re]) => re.test(body));
  if (!rule) return null;
  const suffix = body.replace(/^.*?(委员会|办公室|局|厅|委|办|署|院|中心)$/, '$1');
  const stem = body.slice(0, body.length - suffix.length);
  const seg = (segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' }));
  const words = [...seg.segment(stem)].map((s) => s.segment).filter((w) => !/^(和|与|及|管理)$/.test(w));
  if (!words.length || words.some((w) => !/^[\u4e00-\u9fff]+$/.test(w))) return null;
  const short = suffix.replace(rule[0], rule[1]);
  if (words.length === 1) return words[0]!.length >= 2 && words[0] + short !== body ? words[0] + short : null;
  let firsts = '';
  for (const w of words) if (!firsts.endsWith(w[0]!)) firsts += w[0];
  const made = firsts + short;
  return made.length >= 2 && made.length < body.length ? made : null;
}

function bodyForms(body: string): string[] {
  const out = new Set<string>([body]);
  // a short form made by rule, when the domain data lists none for this body
  const made = SHORT.some(([long]) => body.includes(long)) ? null : madeShortForm(body);
  if (made) out.add(made);
  for (const [long, short] of SHORT) {
    for (const b of [...out]) {
      if (b.includes(long)) out.add(b.replace(long, short));
      if (b.endsWith(short) && !b.includes(long) && short.length >= 2) out.add(b.slice(0, b.length - short.length) + long);
    }
  }
  return [...out];
}

/** Is the report a government's own (人民政府, or a place such as 平潭综合实验区)? */
export function isGovernment(name: string): boolean {
  const { body } = splitAgency(name);
  return body === '' || A.governmentBodies.includes(body);
}

/** All the names a user may use for an agency (at least 2 characters each). */
/**
 * The agency's name with a misprinted place corrected by the gazetteer (夭津市工业和信息化局 →
 * 天津市工业和信息化局), or the name as printed.
 */
export function correctedAgency(name: string): string {
  const { places, body } = splitAgency(name);
  if (!places.length) return name;
  let changed = false;
  const fixed = places.map((p) => {
    const real = realPlace(p);
    if (real) changed = true;
    return real ?? p;
  });
  return changed ? fixed.join('') + body : name;
}

export function agencyAliases(name: string): string[] {
  const corrected = correctedAgency(name);
  if (corrected !== name) return [...new Set([...aliasesOf(name), ...aliasesOf(corrected)])];
  return aliasesOf(name);
}

function aliasesOf(name: string): string[] {
  const out = new Set<string>();
  const add = (s: string) => {
    if (s.length >= 2) out.add(s);
  };
  const { places, body } = splitAgency(name);
  const forms = body ? bodyForms(body) : [''];
  const last = places[places.length - 1];
  const placeChain = places.join('');
  const placeVariants = new Set<string>();
  if (placeChain) placeVariants.add(placeChain);
  if (last) {
    placeVariants.add(last);
    const bare = last.replace(PLACE_SUFFIX, '');
    if (bare.length >= 2) placeVariants.add(bare);
  }
  for (const f of forms) {
    add(placeChain + f);
    for (const p of placeVariants) add(p + f);
    if (f && last) {
      // 市工信局, 区政府: the unit word alone stands for "our" place
      const unit = PLACE_SUFFIX.exec(last)?.[1];
      if (unit && unit.length === 1 && !A.governments.includes(f)) add(unit + f);
    }
    if (f && (f.length >= 3 || SHORT.some(([, sh]) => sh === f)) && !A.notAlone.includes(f)) add(f);
  }
  if (isGovernment(name)) {
    for (const p of placeVariants) {
      add(p);
      for (const g of A.governmentNames) add(p + g);
    }
  }
  return [...out];
}

/** Chinese place names in English (for English questions): domain/english.json. */
export const ENGLISH_PLACES: Record<string, string> = DOMAIN.english.places;

/**
 * A phrase naming an agency or a place that may not be in the knowledge (北京市交通委, 南京市人民政府).
 * Only the part of the question outside known aliases is searched.
 */
const UNKNOWN_AGENCY = new RegExp(
  `([\\u4e00-\\u9fff]{2,5}?(?:${alt(A.unknown.placeEnds)}))((?:${alt(A.governments)})(?:${alt(A.unknown.governmentOffices)})?|[\\u4e00-\\u9fff]{1,10}?(?:${alt(A.unknown.bodyEnds)}))?`,
  'g',
);
const NOT_PLACE = new RegExp(`[${A.unknown.notPlaceCharacters.replace(/[\]\\^-]/g, '\\$&')}]`);
const QUESTION_LEAD = new RegExp(`^(${alt(A.unknown.questionLeads)})+`);

export function unknownAgencyIn(text: string): string | null {
  const re = new RegExp(UNKNOWN_AGENCY.source, 'y');
  for (let i = 0; i < text.length; i++) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) continue;
    let place = m[1]!;
    place = place.replace(QUESTION_LEAD, '');
    if (place.length < 3 || NOT_PLACE.test(place.slice(0, -1))) continue;
    return place + (m[2] ?? '');
  }
  return null;
}
