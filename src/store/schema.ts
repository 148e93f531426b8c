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

const fact = v.object({ table, row: strs, column: strs, value: num, unit: str, raw: str, at, how: v.picklist(['cell', 'decoded', 'placed', 'narrative']) });
const figure = v.object({ value: num, unit: str, approximate: v.boolean(), raw: str, counts: str, sentence: str, section: str, at });
const documentRef = v.object({ title: str, action: v.nullable(str), kind: v.picklist(['policy', 'law', 'media', 'other']), sentence: str, section: str, at });
const section = v.object({ index: num, canonical: str, heading: str, text: str, at });
const unread = v.object({ table: v.nullable(table), what: str, why: str, at: v.optional(at) });
const finding = v.object({ kind: v.picklist(['identity', 'narrative']), table, rule: str, row: strs, column: strs, expected: num, printed: num, message: str });

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
  source: v.object({ file: str, format: v.picklist(['text', 'html', 'markdown', 'pdf', 'flattened']), sha1: str, bytes: num }),
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
