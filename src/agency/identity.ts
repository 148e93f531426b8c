// One agency across years and titles: reports whose names resolve to the same place of the
// gazetteer and the same organ are one agency (洪泽区人民政府 2023, 淮安市洪泽区人民政府 2024). A
// place the name does not qualify is that of the gazetteer when the gazetteer has one place of
// that name (洪泽区 is 淮安市's); a name many places share (城关区) stays apart from each qualified one.
import { correctedAgency, fullBody, isGovernment, splitAgency } from '../answer/agencies.js';
import { gazetteer, parentsOf } from '../answer/places.js';

/** The key two names of one agency share. */
export function agencyIdentity(name: string): string {
  const fixed = correctedAgency(name);
  const { places, body } = splitAgency(fixed);
  if (!places.length) return fixed;
  const g = gazetteer();
  const full = (p: string) => g.get(p)?.name ?? p;
  const last = full(places[places.length - 1]!);
  const given = places.length >= 2 ? full(places[places.length - 2]!) : null;
  const known = parentsOf(last);
  const parent = given ?? (known.length === 1 ? known[0]! : '');
  // a government is one body under each of its names (人民政府, 政府, 管委会, or the place alone)
  const organ = isGovernment(fixed) && !/办公[厅室]$/.test(body) ? '政府' : fullBody(body);
  return `${parent}>${last}|${organ}`;
}
