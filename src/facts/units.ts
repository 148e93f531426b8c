// Units and counters as data (domain/units.json): the class of quantity a unit measures and the kin
// of counters that count the same things — the one counter-equivalence table of the answering.
import { DOMAIN, type UnitClass } from '../domain/load.js';

const BY_UNIT = new Map(DOMAIN.units.map((u) => [u.unit, u]));

export interface UnitInfo {
  unitClass: UnitClass;
  /** '' for a figure printed without a unit */
  kin: string;
}

/** The class and kin of a unit as printed or asked; a figure without a unit is a count of no kin. */
export function unitInfo(unit: string): UnitInfo {
  const u = BY_UNIT.get(unit);
  if (u) return { unitClass: u.class, kin: u.kin };
  if (/元$/.test(unit)) return { unitClass: 'money', kin: 'money' };
  if (unit.endsWith('%')) return { unitClass: 'rate', kin: 'percent' };
  return { unitClass: 'count', kin: '' };
}
