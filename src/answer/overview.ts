// An overview of a report: what it covers, its key table figures, what could not be read.
import { reviewReport } from '../check.js';
import { findingCounts } from '../check/render.js';
import type { Report } from '../model.js';
import { fmt } from './reply-parts.js';
import { factOf } from './knowledge-index.js';
import type { Figure, Reply } from './types.js';

export function overview(r: Report): Reply {
  const lines: string[] = [`《${r.title}》${r.publishedText ? `（${r.publishedText}发布）` : ''}包括以下部分：`];
  for (const s of r.sections) if (s.index >= 1) lines.push(`· ${s.heading || s.canonical}`);
  const figures: Figure[] = [];
  const key: [string, '三' | '四', string[], string[]][] = [
    ['本年新收政府信息公开申请', '三', ['一、本年新收政府信息公开申请数量'], ['总计']],
    ['本年度办理结果总计', '三', ['三、本年度办理结果', '（七）总计'], ['总计']],
    ['结转下年度继续办理', '三', ['四、结转下年度继续办理'], ['总计']],
    ['行政复议', '四', ['行政复议'], ['总计']],
  ];
  const parts: string[] = [];
  for (const [label, t, row, col] of key) {
    const f = factOf(r, t, row, col);
    if (f && !(f.raw === '' && t === '三')) {
      parts.push(`${label}${fmt(f.value)}${f.unit}`);
      figures.push({ value: f.value, unit: f.unit, label });
    }
  }
  if (parts.length) lines.push(`主要数字：${parts.join('，')}。`);
  const policies = r.documents.filter((d) => d.kind === 'policy').length;
  if (policies) lines.push(`提到制定或修订的政策文件${policies}件；叙述中的数字${r.figures.length}处。`);
  if (r.unread.length) lines.push(`有${r.unread.length}处表格内容未能确定读出（不会据此作答）。`);
  const findings = reviewReport(r);
  if (findings.length) lines.push(`报告自检：${findingCounts(findings)}（发送“报告自检”查看）。`);
  return { kind: 'overview', lang: 'zh', lines, figures, citations: [{ report: r.title, section: '', quote: '' }], notes: [], suggestions: [] };
}
