// What the upload page shows of a report's 报告自检: what was read (per table), what was not, and
// each failed identity with its table, row, column, expected and printed value. One small function
// over Report.findings and Report.unread, to be swapped when the check grows (severity, ids).
import type { Report, TableId } from '../../src/model.js';

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
  findings: { kind: string; table: string; rule: string; row: string; column: string; expected: number; printed: number; message: string }[];
}

export function checkView(r: Report): CheckView {
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
    findings: r.findings.map((f) => ({
      kind: f.kind === 'identity' ? '勾稽关系' : '叙述与表格',
      table: `表${f.table}`,
      rule: f.rule,
      row: f.row.join(' › '),
      column: f.column.join(' › '),
      expected: f.expected,
      printed: f.printed,
      message: f.message,
    })),
  };
}
