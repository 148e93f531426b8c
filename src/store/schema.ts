// What a store must hold to be trusted, checked with valibot when it is opened: a store edited by
// hand or damaged (stamps: null, agency: 12345, a fact without a value) is reported and rebuilt
// from the report files instead of crashing the start or every answer.
import * as v from 'valibot';
import type { Report } from '../model.js';

const str = v.string();
const num = v.pipe(v.number(), v.finite());
const strs = v.array(str);
const at = v.object({ line: v.optional(num), page: v.optional(num) });
const table = v.picklist(['二', '三', '四']);
const version = v.picklist(['2019', '2021']);

const fact = v.object({ table, row: strs, column: strs, value: num, unit: str, raw: str, at, how: v.picklist(['cell', 'decoded', 'placed', 'narrative', 'ocr']) });
const figure = v.object({ value: num, unit: str, approximate: v.boolean(), raw: str, counts: str, sentence: str, section: str, at });
const documentRef = v.object({ title: str, action: v.nullable(str), kind: v.picklist(['policy', 'law', 'media', 'other']), sentence: str, section: str, at });
const section = v.object({ index: num, canonical: str, heading: str, text: str, at });
const nums = v.array(num);
const defect = v.object({
  kind: v.picklist(['blank', 'digits', 'missing']),
  row: strs,
  cells: v.optional(v.array(v.nullable(num))),
  values: v.optional(nums),
  printed: v.optional(str),
  readings: v.optional(v.array(nums)),
  count: v.optional(num),
});
const unread = v.object({ table: v.nullable(table), what: str, why: str, at: v.optional(at), defect: v.optional(defect) });
const figureOrWords = v.nullable(v.union([num, str]));
const finding = v.object({
  id: str,
  kind: v.picklist(['identity', 'narrative', 'cells', 'section', 'across']),
  severity: v.picklist(['error', 'warning', 'hint']),
  table: v.nullable(table),
  rule: str,
  row: strs,
  column: strs,
  expected: figureOrWords,
  printed: figureOrWords,
  message: str,
  explanation: str,
  section: v.optional(str),
  at: v.optional(at),
});
const olderFigure = v.object({
  label: str,
  column: str,
  value: num,
  unit: str,
  raw: str,
  maps: v.nullable(v.object({ table, row: strs, column: strs })),
  why: v.optional(str),
  at,
  how: v.picklist(['cell', 'decoded', 'placed', 'narrative', 'ocr']),
});

/** The kinds of field a packed list holds (see codec.ts): each distinct value is checked once. */
const FIELDS = { 表号: table, 标签列表: strs, 文字: str, 文字或空: v.nullable(str), 位置: at, 读法: fact.entries.how, 是否: v.boolean(), 文件类别: documentRef.entries.kind };
export type FieldKind = keyof typeof FIELDS;
export const fieldOk = (kind: FieldKind, value: unknown): boolean => v.is(FIELDS[kind], value);

const head = {
  id: str,
  agency: v.pipe(str, v.minLength(1)),
  year: v.pipe(num, v.integer()),
  title: str,
  published: v.nullable(str),
  publishedText: v.nullable(str),
  versions: v.object({ 二: v.optional(version), 三: v.optional(version), 四: v.optional(version) }),
  sections: v.array(section),
  facts: v.array(fact),
  figures: v.array(figure),
  documents: v.array(documentRef),
  unread: v.array(unread),
  findings: v.array(finding),
  older: v.optional(v.array(olderFigure)),
  source: v.object({
    file: str,
    format: v.picklist(['text', 'html', 'markdown', 'pdf', 'flattened', 'docx', 'xlsx']),
    sha1: str,
    bytes: num,
    encoding: v.optional(str),
    url: v.optional(str),
    scanned: v.optional(v.boolean()),
  }),
};
export const ReportSchema = v.object(head);
/** A report whose fact, figure and document lists were checked as they were decoded. */
const ReportHead = v.object({ ...head, facts: v.array(v.unknown()), figures: v.array(v.unknown()), documents: v.array(v.unknown()) });

const stamp = v.object({ size: num, mtimeMs: num, problem: v.optional(str) });
/** The store without its reports (each report is checked on its own, so that one bad report costs one file). */
export const StoreShape = v.object({ version: str, stamps: v.record(str, stamp), reports: v.array(v.unknown()), extra: strs });

/** Why a value is not what the schema says, in a few words: the first issue with its path. */
function why(issues: v.BaseIssue<unknown>[]): string {
  const first = issues[0]!;
  const path = v.getDotPath(first);
  return `${path ?? '（整体）'}：${first.message}`;
}

/** The store's own fields, or why not. */
export function checkShape(data: unknown): string | undefined {
  const r = v.safeParse(StoreShape, data);
  return r.success ? undefined : why(r.issues);
}

/** undefined when the report is valid, else why not. The report itself is kept as it is (not copied). */
export function checkReport(report: unknown, listsChecked = false): string | undefined {
  const r = v.safeParse(listsChecked ? ReportHead : ReportSchema, report, { abortEarly: true });
  return r.success ? undefined : why(r.issues);
}

// the schema and the model stay one: a field added to Report and not to the schema fails to compile here
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _same: Same<keyof v.InferOutput<typeof ReportSchema>, keyof Report> = true;
void _same;
// …and field by field: a changed field type (a new format, a new kind of finding) fails here too
const _sameDeep: Same<v.InferOutput<typeof ReportSchema>, Report> = true;
void _sameDeep;
