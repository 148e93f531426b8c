// Plain-text summaries of an ingested report, shared by `npm run ingest` and `npm run check`.
import { reviewReport } from '../check.js';
import { findingCounts, SEVERITY_WORD } from '../check/render.js';
import type { Report, TableId } from '../model.js';

export function summarize(r: Report): string {
  const count = (t: TableId) => r.facts.filter((f) => f.table === t).length;
  const how = r.facts.filter((f) => f.how !== 'cell').length;
  const versions = (['二', '三', '四'] as TableId[]).map((t) => `表${t} ${r.versions[t] ?? '—'}`).join('，');
  const lines = [
    `${r.agency} ${r.year}年（${r.source.format}${r.source.scanned ? '，扫描件 OCR 识别' : ''}${r.source.encoding && r.source.encoding !== 'UTF-8' ? `，${r.source.encoding} 编码` : ''}）：${r.title}`,
    ...(r.source.url ? [`  来源网址：${r.source.url}`] : []),
    `  模板版本：${versions}`,
    `  表格数字：表二 ${count('二')} 个，表三 ${count('三')} 个，表四 ${count('四')} 个${how ? `（其中 ${how} 个由数字拆分、行序推定或扫描件识别）` : ''}；正文数字 ${r.figures.length} 个；文件名 ${r.documents.length} 个`,
  ];
  if (r.older?.length) {
    const mapped = r.older.filter((o) => o.maps).length;
    lines.push(`  2019年以前的报告：读到 ${r.older.length} 项（按原标签），其中 ${mapped} 项与模板栏目意思相同、已作为表格数字；其余没有对应栏目`);
  }
  if (r.unread.length) {
    lines.push(`  未能读取（${r.unread.length} 处，未作猜测）：`);
    for (const u of r.unread) lines.push(`    - ${u.table ? `表${u.table} ` : ''}${u.what}：${u.why}`);
  }
  const partial = r.unread.some((u) => u.table === '三' || u.table === '四');
  // the full review of the report on its own, as npm run check gives it
  const findings = reviewReport(r);
  lines.push(
    findings.length
      ? `  报告自检：${findingCounts(findings)}${partial ? '（另有未读取的行，涉及它们的等式未检查）' : ''}`
      : partial
        ? '  报告自检：已读取的部分没有发现问题；涉及未读取行的等式未检查'
        : '  报告自检：没有发现问题',
  );
  for (const f of findings) lines.push(`    - [${SEVERITY_WORD[f.severity]}] ${f.message}`);
  return lines.join('\n');
}

/** One report in `npm run ingest -- --list`: file, agency, year, how much was read, check status. */
export function listLine(r: Report): string {
  const cells = r.facts.length;
  const unread = r.unread.filter((u) => u.table).length;
  const inferred = r.facts.filter((f) => f.how !== 'cell').length;
  const findings = reviewReport(r);
  const check = findings.length ? `自检 ${findingCounts(findings)}` : unread ? '自检：已读部分没有发现问题' : '自检通过';
  return [
    `✓ ${r.id}`,
    `  ${r.agency} ${r.year}年（${r.source.format}${r.source.encoding && r.source.encoding !== 'UTF-8' ? `，${r.source.encoding}` : ''}）：表格数字 ${cells} 个${inferred ? `（${inferred} 个拆分/推定/识别）` : ''}，未读 ${unread} 处，正文数字 ${r.figures.length} 个；${check}`,
  ].join('\n');
}
