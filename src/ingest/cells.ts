// Reading one table cell: '23', '减少1项', '+14', '2936万元', '75394432.52元', '2项', blank.
import { normalizeText } from '../text.js';

export interface CellValue {
  value: number;
  /** unit printed in the cell, '' when none */
  unit: string;
}

const CELL = /^(增加|增|新增|减少|减|\+|-|−|－)?(\d[\d,]*(?:\.\d+)?)(万元|亿元|元|件|项|个|条|次|笔)?$/;
const NONE = /^(—+|-+|－+|\/|／|无|空)$/;

/** Parses a value cell; null when the cell is not a number. Dashes and 无 read as 0. */
export function parseCell(raw: string): CellValue | null {
  const t = normalizeText(raw).replace(/\s+/g, '');
  if (!t) return null;
  if (NONE.test(t)) return { value: 0, unit: '' };
  const m = CELL.exec(t);
  if (!m) return null;
  let value = Number(m[2]!.replace(/,/g, ''));
  const sign = m[1] ?? '';
  if (/^(减少|减|-|−|－)$/.test(sign)) value = -value;
  return { value, unit: m[3] ?? '' };
}

export function isNumericCell(raw: string): boolean {
  return parseCell(raw) !== null;
}

/** Unit stated in a column header, e.g. 本年收费金额（单位：万元） → 万元. */
export function unitInHeader(header: string): string {
  const m = /(万元|亿元|元)/.exec(normalizeText(header));
  return m ? m[1]! : '';
}
