// What the upload page shows of a report's 报告自检: what was read (per table), what was not, and
// every finding of the full review (src/check.ts reviewReport) with its stable id, severity, table,
// row, column, expected and printed value, and explanation — the same review `npm run check` prints.
import type { Report, TableId } from '../../src/model.js';
import { reviewReport } from '../../src/check.js';

export interface CheckView {
  title: string;
  agency: string;
  year: number;
  published: string | null;
  format: string;
  /** figures read per table, e.g. { 二: 20, 三: 120, 四: 45 } */
  tables: Partial<Record<TableId, number>>;
  versions: Partial<Record<TableId, string>>;
  narrative: number;
  documents: number;
  sections: string[];
  unread: { table: string; what: string; why: string; where: string }[];
  findings: { id: string; severity: string; kind: string; table: string; rule: string; row: string; column: string; expected: number | string | null; printed: number | string | null; message: string; explanation: string }[];
}

/** `others`: the reports loaded beside it (its previous year, a city's districts), the review's context. */
export function checkView(r: Report, others: Report[] = []): CheckView {
  const tables: Partial<Record<TableId, number>> = {};
  for (const f of r.facts) tables[f.table] = (tables[f.table] ?? 0) + 1;
  return {
    title: r.title,
    agency: r.agency,
    year: r.year,
    published: r.publishedText ?? r.published,
    format: r.source.format,
    tables,
    versions: { ...r.versions },
    narrative: r.figures.length,
    documents: r.documents.length,
    sections: r.sections.map((s) => s.heading || s.canonical).filter(Boolean),
    unread: r.unread.map((u) => ({
      table: u.table ? `表${u.table}` : '',
      what: u.what,
      why: u.why,
      where: u.at?.page ? `第${u.at.page}页` : u.at?.line ? `第${u.at.line}行` : '',
    })),
    findings: reviewReport(r, { others }).map((f) => ({
      id: f.id,
      severity: f.severity === 'error' ? '错误' : f.severity === 'warning' ? '不一致' : '提示',
      kind: KIND[f.kind] ?? f.kind,
      table: f.table ? `表${f.table}` : '',
      rule: f.rule,
      row: f.row.join(' › '),
      column: f.column.join(' › '),
      expected: f.expected,
      printed: f.printed,
      message: f.message,
      explanation: f.explanation,
    })),
  };
}

const KIND: Record<string, string> = { identity: '勾稽关系', narrative: '叙述与表格', cells: '单元格', section: '章节', across: '跨报告' };
