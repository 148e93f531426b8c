// Agency names as people write them: the full name, common short forms (工业和信息化局 → 工信局),
// with or without the place (天津市工信局, 市工信局, 工信局), and place names for governments' own reports.
// The words are data: domain/agencies.json; this module makes the names from them.
import { DOMAIN } from '../domain/load.js';
import { realPlace } from './places.js';
import { segments } from '../text.js';

const A = DOMAIN.agencies;
const alt = (words: string[]) => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

/** Long body words and their usual short forms (both directions are generated). */
const SHORT: [string, string][] = A.shortForms;

const PLACE_UNIT = new RegExp(`^(.+?(?:${alt(A.placeSuffixes)}))`);
const PLACE_SUFFIX = new RegExp(`(${alt(A.placeSuffixes)})$`);

/** A place without its unit (平潭综合实验区 → 平潭, 淮安市 → 淮安; 和县 → 和). */
export const withoutPlaceUnit = (place: string) => place.replace(PLACE_SUFFIX, '');
/** A place as a question may name it: without its unit, unless one character would be left (兰州市 → 兰州, 和县). */
export function barePlace(place: string): string {
  const bare = withoutPlaceUnit(place);
  return bare.length >= 2 ? bare : place;
}
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
    // …as is one ending in 旗 (新乡市红旗区: 红旗区, not the banner 红旗 + 区财政局)
    if (p.endsWith('旗') && /^[区县]/.test(rest.slice(p.length))) p = rest.slice(0, p.length + 1);
    // a body word that happens to end in 区/市 (e.g. 市场监督管理局) is not a place
    if (p.length < 2 || NOT_PLACE_START.test(rest)) break;
    if (p.length > 8) break;
    // a street named like a banner (红旗路街道, 五星红旗街): 旗 followed by a road's word is no place's unit
    if (p.endsWith('旗') && /^[路街巷弄桥里门]/.test(rest.slice(p.length))) break;
    places.push(p);
    rest = rest.slice(p.length);
  }
  return { places, body: rest };
}

const words = (s: string) => segments(s).map((x) => x.segment);
const ORGAN = /(委员会|办公室|局|厅|委|办|署|院|中心)$/;
const ORGAN_SHORT: Record<string, string> = { 委员会: '委', 办公室: '办' };
const DROPPED = new Set(A.droppedWords);
const COORDINATE = new RegExp(`(?:${alt(A.coordinators)})`);

/** The first character of each word, a character repeated at the start of the next word counted once (农业农村 → 农). */
function initials(ws: string[]): string {
  let out = '';
  for (const w of ws) if (!out.endsWith(w[0]!)) out += w[0];
  return out;
}

/**
 * The short forms people make of a body from its parts, for a body the data lists none for: the
 * organ word shortened (委员会 → 委, 办公室 → 办) after
 *   - one word kept whole when one is left without the words short forms drop (应急管理局 → 应急局, 行政审批局 → 审批局);
 *   - the first character of each word (经济发展局 → 经发局, 国有资产管理局 → 国资局);
 *   - for coordinated parts (交通与建设局, 自然资源与生态环境局): one character of each part, the parts in
 *     either order (交建局, 建交局; 资生局, 自环局 …), each part alone (自然资源局, 生态环境局), and the
 *     parts by their head words, their last (规划和自然资源局 → 规划资源局, 发展和改革委员会 → 发展改革委).
 * Forms of one character or as long as the body are left out.
 */
export function madeShortForms(body: string): string[] {
  const organ = ORGAN.exec(body)?.[1];
  if (!organ) return [];
  const stem = body.slice(0, body.length - organ.length);
  if (!/^[\u4e00-\u9fff]+$/.test(stem)) return [];
  const short = ORGAN_SHORT[organ] ?? organ;
  const out = new Set<string>();
  const parts = stem.split(COORDINATE).filter(Boolean);
  const kept = (part: string) => words(part).filter((w) => !DROPPED.has(w));
  if (parts.length >= 2) {
    const choices = parts.map((p) => [...new Set(kept(p).map((w) => w[0]!))]);
    const combine = (cs: string[][]): string[] => (cs.length ? cs[0]!.flatMap((c) => combine(cs.slice(1)).map((rest) => c + rest)) : ['']);
    for (const c of [...combine(choices), ...combine([...choices].reverse())]) out.add(c + short);
    for (const p of parts) if (p.length >= 2) out.add(p + organ);
    const heads = parts.map((p) => kept(p).at(-1) ?? '');
    if (heads.every((h) => h.length >= 2)) for (const o of new Set([organ, short])) out.add(heads.join('') + o);
  } else {
    const ws = kept(stem);
    if (ws.length === 1) out.add(ws[0]! + short);
    else if (ws.length > 1) out.add(initials(ws) + short);
  }
  return [...out].filter((f) => f.length >= 2 && f.length < body.length && f !== body);
}

function bodyForms(body: string): string[] {
  const out = new Set<string>([body]);
  // short forms made by rule, unless the domain data lists the customary ones of this very body
  if (!SHORT.some(([long]) => body === long)) for (const f of madeShortForms(body)) out.add(f);
  for (const [long, short] of SHORT) {
    for (const b of [...out]) {
      if (b.includes(long)) out.add(b.replace(long, short));
      // a body printed in its short form (上海市科委) is also named in full; a form made by rule is not lengthened
      // (not a body whose last part only looks like one: 规划和自然资源局 is no 规划和 + 自然资源局)
      const before = b.slice(0, b.length - short.length);
      if (b === body && b.endsWith(short) && !b.includes(long) && short.length >= 2 && !COORDINATE.test(before.slice(-1))) out.add(before + long);
    }
  }
  return [...out];
}

/** A body as written in full (科委 → 科学技术委员会): its customary short form lengthened, else itself. */
export function fullBody(body: string): string {
  return SHORT.find(([, short]) => short === body)?.[0] ?? body;
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
    placeVariants.add(barePlace(last));
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
