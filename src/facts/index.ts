// The facts of a report — every candidate answer to a figure question — built once per report
// (WeakMap) on first use: the cells and what the template derives from them (cells.ts), the figures
// of a report before the 2019 template with their own labels, and the narrative's numbers with their
// own phrases (narrative.ts).
import type { Report } from '../model.js';
import { cellFacts } from './cells.js';
import { narrativeFacts } from './narrative.js';
import { unitInfo } from './units.js';
import type { Fact } from './types.js';
export type { Fact, Measure, Slots, Source } from './types.js';
export { unitInfo } from './units.js';

const cache = new WeakMap<Report, Fact[]>();

/** The figures of an older report's own table (受理依申请公开信息总数) that no template cell stands for. */
function olderFacts(r: Report): Fact[] {
  return (r.older ?? [])
    .filter((o) => !o.maps)
    .map((o, i): Fact => {
      const u = unitInfo(o.unit);
      const section = '三、收到和处理政府信息公开申请情况';
      return {
        id: `o:${i}`,
        key: `${o.label}|${o.column}`,
        source: 'narrative',
        value: o.value,
        unit: o.unit,
        unitClass: u.unitClass,
        kin: u.kin,
        measure: /累计/.test(o.column) ? 'cumulative' : 'level',
        approximate: false,
        raw: o.raw,
        phrase: `${o.label}${o.column}`,
        lead: '',
        context: '',
        siblings: [],
        section,
        report: r,
        cells: [],
        citation: { report: r.title, section, quote: `${o.label} · ${o.column} = ${o.raw || o.value}` },
      };
    });
}

/** Every fact of a report. */
export function factsOf(r: Report): Fact[] {
  let fs = cache.get(r);
  if (!fs) {
    fs = [...cellFacts(r), ...olderFacts(r), ...narrativeFacts(r)];
    cache.set(r, fs);
  }
  return fs;
}
