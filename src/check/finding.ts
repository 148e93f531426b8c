// Building findings: a stable id from the rule and the place, never from the figures, so a
// reviewer's "seen" mark survives re-runs (and a fixed figure that breaks again keeps its id).
import { createHash } from 'node:crypto';
import type { Fact, Finding, Report, TableId } from '../model.js';
import { COLUMNS_3, pathKey } from '../template.js';

/** `key`: what tells two findings of one rule in one section apart (a sentence without its figures); not stored. */
export type NewFinding = Omit<Finding, 'id'> & { code: string; key?: string };

/** `code-xxxxxxxx`: the rule's code, then 8 hex digits of the rule, table, row, column and section. */
export function findingId(code: string, table: TableId | null, row: string[], column: string[], section = ''): string {
  const h = createHash('sha1').update([code, table ?? '', pathKey(row), pathKey(column), section].join('\u0000')).digest('hex');
  return `${code}-${h.slice(0, 8)}`;
}

export function finding(f: NewFinding): Finding {
  const { code, key, ...rest } = f;
  return { id: findingId(code, f.table, f.row, f.column, (f.section ?? '') + (key ? `\u0000${key}` : '')), ...rest };
}

export type Get = (row: string[], column: string[]) => Fact | undefined;

export function indexFacts(facts: Fact[], table: TableId): Get {
  const m = new Map<string, Fact>();
  for (const f of facts) if (f.table === table) m.set(`${pathKey(f.row)}|${pathKey(f.column)}`, f);
  return (row, column) => m.get(`${pathKey(row)}|${pathKey(column)}`);
}

export const NEW = ['一、本年新收政府信息公开申请数量'];
export const CARRIED = ['二、上年结转政府信息公开申请数量'];
export const TOTAL = ['三、本年度办理结果', '（七）总计'];
export const NEXT = ['四、结转下年度继续办理'];

/** Table 三's 总计 of a row: the printed cell, or the sum of the six columns when 总计 is blank or not read. */
export function total3(r: Report, row: string[]): number | undefined {
  const g = indexFacts(r.facts, '三');
  const t = g(row, ['总计']);
  if (t && t.raw !== '') return t.value;
  const parts = COLUMNS_3.slice(0, 6).map((c) => g(row, c));
  return parts.every(Boolean) ? parts.reduce((s, f) => s + f!.value, 0) : t?.value;
}

/** Table 四's 总计 of 行政复议, and of 行政诉讼 (both groups), when read. */
export function total4(r: Report, what: '行政复议' | '行政诉讼'): number | undefined {
  const g = indexFacts(r.facts, '四');
  if (what === '行政复议') return g(['行政复议'], ['总计'])?.value;
  const a = g(['行政诉讼', '未经复议直接起诉'], ['总计']);
  const b = g(['行政诉讼', '复议后起诉'], ['总计']);
  return a && b ? a.value + b.value : undefined;
}

/** Adds a value to its key's list. */
export function groupInto<K, V>(m: Map<K, V[]>, key: K, value: V): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}

export const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, hint: 2 };
