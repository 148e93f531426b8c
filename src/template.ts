// The national template (国办公开办函〔2019〕60号 and 〔2021〕30号): canonical labels of
// sections, tables 二/三/四, their columns and units. Everything a reader finds is mapped to these.
// The labels are data: domain/template.json; this module gives them their types and lookups.
import type { Group4, Measure2 } from './answer/dictionary.js';
import { DOMAIN } from './domain/load.js';
import type { TableId, TemplateVersion } from './model.js';
import { labelKey } from './text.js';

const T = DOMAIN.template;

export const SECTIONS: readonly { readonly index: number; readonly canonical: string; readonly keys: readonly string[] }[] = T.sections;

export const TABLE_SECTION: Record<TableId, number> = T.tableSection;

// ---------- Table 二 ----------

export interface Block2 {
  /** canonical block label, e.g. 第二十条第（一）项 */
  label: string;
  item: string; // （一）
  rows: string[];
  columns: string[];
  units: string[];
}

export function blocks2(version: TemplateVersion): Block2[] {
  return T.blocks2[version === '2021' ? '2021' : '2019'];
}

/** Every row label of table 二 in either version, longest first (for finding rows in running text). */
export const ROW2_LABELS: string[] = [...new Set([...T.blocks2['2019'], ...T.blocks2['2021']].flatMap((b) => b.rows))].sort((a, b) => b.length - a.length);

/** Row labels of table 二 as printed → canonical, per version (规范性文件 ↔ 行政规范性文件). */
export function canonicalRow2(label: string, version: TemplateVersion): string | null {
  const k = labelKey(label).replace(/^\d+[.、]/, '');
  if (!k) return null;
  for (const l of T.row2Labels) {
    if (l.match === 'whole' ? l.printed.includes(k) : l.printed.some((p) => k.startsWith(p))) {
      return typeof l.row === 'string' ? l.row : l.row[version === '2021' ? '2021' : '2019'];
    }
  }
  return null;
}

/** The columns of table 二, in either version, that hold what a question asks (made → 本年新制作数量, 本年制发件数). */
export const MEASURE_COLUMNS_2: Record<Measure2, string[]> = T.measureColumns2;

/** The measure a row of table 二 reports when a question names none (行政许可 → decisions). */
export const DEFAULT_MEASURE_2: Record<TemplateVersion, Record<string, Measure2>> = T.defaultMeasures2;

/** Words in table 二's headers that tell the version. */
export function version2FromText(text: string): TemplateVersion | null {
  const k = labelKey(text);
  for (const { version, words } of T.versionWords2) if (words.some((w) => k.includes(w))) return version;
  return null;
}

// ---------- Table 三 ----------

export const COLUMNS_3: string[][] = T.columns3;

export interface Row3 {
  path: string[];
  /** key words that identify the row's own label (without numbering) */
  key: string;
  /** group key when the row is an item under （三）（四）（五）（六） */
  group?: string;
  versions: TemplateVersion[];
}

export const ROWS_3: Row3[] = T.rows3;

/** Group labels of table 三 (the rows under 三、本年度办理结果 that may share a line with their first item). */
export const GROUPS_3: { key: string; label: string }[] = T.groups3;

export function rows3(version: TemplateVersion): Row3[] {
  return ROWS_3.filter((r) => r.versions.includes(version));
}

// ---------- Table 四 ----------

export const RESULT_COLUMNS_4: string[] = T.resultColumns4;
export const GROUPS_4: string[][] = T.groups4;
/** The row groups of table 四 that hold what a question asks (suit: both 行政诉讼 groups, summed). */
export const GROUP4_ROWS: Record<Group4, string[][]> = T.groupsByKey4;

export function pathKey(path: string[]): string {
  return path.join(' › ');
}
