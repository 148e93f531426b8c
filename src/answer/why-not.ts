// Why a report gives no figure for what a question names in the template's words: the cell was not
// read (and why), or the report's format of the table has no such row or column (2021年版表二没有
// 「政府集中采购」; 2019年版表二的「行政事业性收费」没有金额一栏). Said only of the row and column the
// question's words name; a refusal without one quotes the nearest evidence instead.
import type { Report, TableId, TemplateVersion } from '../model.js';
import type { Reading } from '../question/read.js';
import { factsOf } from '../facts/index.js';
import { blocks2, MEASURE_COLUMNS_2, ROWS_3 } from '../template.js';
import type { Measure2, Slot } from './dictionary.js';

const strongest = (slots: Slot[], kind: Slot['kind']) =>
  slots.filter((s) => s.kind === kind).sort((a, b) => ('weight' in b ? b.weight : 3) - ('weight' in a ? a.weight : 3))[0];

function unreadWhy(r: Report, table: TableId, what: string): string {
  const u = r.unread.find((x) => x.table === table) ?? r.unread.find((x) => x.table === null);
  return `${r.title}中，表${table}的「${what}」没有读出${u ? `（${u.what}：${u.why}）` : ''}，所以无法给出这个数字，以免给错。`;
}

/** The reason in words, or null when the question names no row of a table (or the report holds it). */
export function whyNot(reading: Reading, r: Report): string | null {
  const slots = reading.mentions.flatMap((m) => m.slots);
  const facts = factsOf(r);
  const row2 = strongest(slots, 'row2');
  const row3 = strongest(slots, 'row3');
  if (row2 && row2.kind === 'row2' && (!row3 || ('weight' in row3 && row2.weight >= row3.weight))) {
    const version: TemplateVersion = r.versions['二'] ?? (r.versions['三'] === '2021' ? '2021' : '2019');
    const row = row2.row === '规范性文件' && version === '2021' ? '行政规范性文件' : row2.row;
    const block = blocks2(version).find((b) => b.rows.includes(row));
    if (!block) return `${r.title}的表二采用${version}年版格式，没有「${row2.row}」这一栏。`;
    const m = strongest(slots, 'measure2');
    const measure: Measure2 | null = m && m.kind === 'measure2' ? m.measure : reading.asked.unitClass === 'money' ? 'amount' : null;
    if (measure) {
      const column = MEASURE_COLUMNS_2[measure].find((c) => block.columns.includes(c));
      if (!column) return `${r.title}的表二（${version}年版格式）中「${row}」没有「${MEASURE_COLUMNS_2[measure][0]}」一栏。`;
      if (!facts.some((f) => f.slots?.table === '二' && f.slots.row === row2.row && f.slots.column === measure)) return unreadWhy(r, '二', `${row} · ${column}`);
    }
    if (!facts.some((f) => f.slots?.table === '二' && f.slots.row === row2.row)) return unreadWhy(r, '二', row);
    return null;
  }
  if (row3 && row3.kind === 'row3') {
    const version: TemplateVersion = r.versions['三'] ?? '2019';
    const def = ROWS_3.find((x) => x.key === row3.key);
    if (def && !def.versions.includes(version) && !facts.some((f) => f.slots?.table === '三' && f.slots.row === row3.key))
      return `${r.title}的表三采用${version}年版格式，没有「${def.path[def.path.length - 1]}」这一行。`;
    if (!facts.some((f) => f.slots?.table === '三' && (f.slots.row === row3.key || f.slots.group === row3.key)) && r.unread.some((u) => u.table === '三' || u.table === null))
      return unreadWhy(r, '三', def?.path.join(' · ') ?? row3.key);
  }
  return null;
}
