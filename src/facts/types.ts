// A fact: one figure a report holds, as a candidate answer. Every table cell, every figure the
// template derives from cells (法人或其他组织 = its five columns, a group's subtotal, 行政诉讼 = both
// groups, a blank 总计 = its row), every number the narrative states with its own phrase. Answering
// ranks all of them for a question (src/rank) and states the one it is sure of.
import type { UnitClass } from '../domain/load.js';
import type { Fact as Cell, Report, TableId } from '../model.js';
import type { Citation } from '../reply/types.js';

/** What a figure measures: a level (23件), a change (本年增/减, 较去年回落12.3%), a share (答复率100%), a running total (累计1770条). */
export type Measure = 'level' | 'change' | 'share' | 'cumulative';

/** Where a fact comes from: a printed cell, a figure the template derives from cells, the narrative. */
export type Source = 'cell' | 'derived' | 'narrative';

/** The template's coordinates of a cell (and of a figure derived from cells). */
export interface Slots {
  table: TableId;
  /**
   * table 三: the row's key (本年新收政府信息公开申请数量 … 办理总计), or a group's key for its subtotal;
   * table 二: the row (规章, 规范性文件 …); table 四: review, direct, after, or suit (both lawsuit groups)
   */
  row: string;
  /** the group the row stands in: table 三 (不予公开 …), table 四 (行政诉讼 for both lawsuit groups) */
  group?: string;
  /**
   * table 三: the applicant column as a path (自然人; 法人或其他组织›商业企业 …), legal (the five
   * columns of 法人或其他组织) or 总计; table 二: the measure (made, decisions …); table 四: the result column
   */
  column: string;
  /** the reading of the row when a question names no column or measure (总计; 处理决定数量 …) */
  isDefault: boolean;
}

export interface Fact {
  /** unique within its report */
  id: string;
  /** the same for the same template cell in every report; a narrative fact's own phrase */
  key: string;
  source: Source;
  value: number;
  /** the unit as printed (件, 万元, 条, % …), '' when none */
  unit: string;
  unitClass: UnitClass;
  /** the counter's kin (domain/units.json): counters of one kin count the same things */
  kin: string;
  measure: Measure;
  /** printed as approximate (1700余条, 近千条, 约) */
  approximate: boolean;
  /** the number as printed */
  raw: string;
  slots?: Slots;
  /**
   * What the figure is. A cell: its row and column labels. A narrative number: its own phrase, from
   * the number or clause mark before it to the number, its counter and the noun after it
   * (服务号发布工作信息128条).
   */
  phrase: string;
  /** a narrative number: the words of its sentence before its own phrase, other numbers' phrases left out (a whole it is a part of kept) */
  lead: string;
  /** a narrative number: its sentence, the sentence before it and the section's heading */
  context: string;
  /** the own phrases of the other numbers of its sentence */
  siblings: string[];
  /** the canonical heading of the section it stands in */
  section: string;
  report: Report;
  /** the printed cells a cell or derived fact rests on */
  cells: Cell[];
  citation: Citation;
  /** how a derived figure was made, in words (表中没有“法人或其他组织”小计列，此数为…之和) */
  note?: string;
}
