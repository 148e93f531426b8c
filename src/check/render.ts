// The 报告自检 as staff read it: plain text for the terminal, JSON for tools, and a self-contained
// HTML page (no scripts, no outside files) that prints on A4.
import type { Finding, Report, Severity } from '../model.js';

export interface Checked {
  report: Report;
  findings: Finding[];
}

export interface Unreadable {
  file: string;
  reason: string;
}

export const SEVERITY_WORD: Record<Severity, string> = { error: '错误', warning: '不一致', hint: '提示' };
const SEVERITY_NOTE: Record<Severity, string> = {
  error: '模板规定的等式不成立',
  warning: '报告前后不一致',
  hint: '值得看一看，未必是错',
};

/** 错误 2 处，不一致 1 处 (or 没有发现问题). */
export function findingCounts(findings: Finding[]): string {
  const by = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const parts = (['error', 'warning', 'hint'] as Severity[]).filter((s) => by(s)).map((s) => `${SEVERITY_WORD[s]} ${by(s)} 处`);
  return parts.length ? parts.join('，') : '没有发现问题';
}

function where(f: Finding): string {
  const at = f.at?.page ? `第${f.at.page}页` : f.at?.line ? `第${f.at.line}行` : '';
  return [f.section, at].filter(Boolean).join(' · ');
}

/** The names of the two figures: what the rule expects and what is printed, or the two sides compared. */
export function sides(f: Finding): [string, string] {
  if (f.id.startsWith('y-change-')) return ['上一年', '本年'];
  if (f.id.startsWith('city-sum-')) return ['各区县之和', '市报告'];
  return ['应为', '印为'];
}

function readSummary(r: Report): string {
  const n = (t: '二' | '三' | '四') => r.facts.filter((f) => f.table === t).length;
  return `表二 ${n('二')} 格、表三 ${n('三')} 格、表四 ${n('四')} 格；正文数字 ${r.figures.length} 个`;
}

export function renderText(checked: Checked[], unreadable: Unreadable[], seen: Set<string> = new Set()): string {
  const out: string[] = [];
  for (const { report: r, findings } of checked) {
    out.push(`${r.agency} ${r.year}年：${r.title}`);
    out.push(`  文件：${r.source.file}（${r.source.format}）；读取：${readSummary(r)}`);
    for (const u of r.unread) out.push(`  未能读取：${u.table ? `表${u.table} ` : ''}${u.what}：${u.why}（涉及它的检查未做）`);
    const open = findings.filter((f) => !seen.has(f.id));
    out.push(`  报告自检：${findingCounts(open)}${findings.length > open.length ? `（另有 ${findings.length - open.length} 处已标记为看过）` : ''}`);
    for (const f of findings) {
      const mark = seen.has(f.id) ? '（已看过）' : '';
      out.push(`  [${SEVERITY_WORD[f.severity]}] ${f.message}${mark}`);
      out.push(`      编号 ${f.id}${where(f) ? ` · ${where(f)}` : ''}`);
      const [e, p] = sides(f);
      if (f.expected !== null || f.printed !== null) out.push(`      ${e}：${f.expected ?? '—'}；${p}：${f.printed ?? '—'}`);
      out.push(`      说明：${f.explanation}`);
    }
    out.push('');
  }
  for (const u of unreadable) out.push(`✗ ${u.file}：${u.reason}`, '');
  return out.join('\n').trimEnd();
}

export function renderJson(checked: Checked[], unreadable: Unreadable[], seen: Set<string> = new Set()): string {
  return JSON.stringify(
    {
      reports: checked.map(({ report: r, findings }) => ({
        file: r.source.file,
        id: r.id,
        agency: r.agency,
        year: r.year,
        title: r.title,
        unread: r.unread,
        findings: findings.map((f) => ({ ...f, seen: seen.has(f.id) })),
      })),
      unreadable,
    },
    null,
    2,
  );
}

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `
body{font-family:"Noto Sans SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:60em;color:#222;line-height:1.5;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin:1.6em 0 .3em;border-bottom:2px solid #333;padding-bottom:.2em}
.meta{color:#555;font-size:.9em}.summary{margin:.4em 0 .8em;font-weight:bold}
table{border-collapse:collapse;width:100%;font-size:.9em;table-layout:fixed}col.sev{width:4.5em}col.num{width:7em}col.where{width:13em}th,td{border:1px solid #bbb;padding:.35em .5em;vertical-align:top;text-align:left;overflow-wrap:anywhere}
th{background:#f0f0f0}.sev{white-space:nowrap;font-weight:bold}.error .sev{color:#b00020}.warning .sev{color:#a65e00}.hint .sev{color:#2a5db0}
.id{font-family:monospace;font-size:.85em;color:#555;white-space:nowrap}.why{color:#444;font-size:.92em;margin-top:.2em}.seen{opacity:.55}
.ok{color:#1b7a1b;font-weight:bold}.unread{color:#7a4b00}.legend{font-size:.85em;color:#555}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}a{color:inherit;text-decoration:none}}
@page{size:A4;margin:15mm}`;

/** In the table the columns are 应为 / 印为; a comparison names its sides in the cell. */
function sideLabel(f: Finding, i: 0 | 1): string {
  const s = sides(f)[i];
  return s === '应为' || s === '印为' ? '' : `<span class="why">${esc(s)}</span><br>`;
}

export function renderHtml(checked: Checked[], unreadable: Unreadable[], seen: Set<string> = new Set(), when = new Date()): string {
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`);
  parts.push(`<title>政府信息公开工作年度报告自检</title><style>${CSS}</style></head><body>`);
  parts.push(`<h1>政府信息公开工作年度报告自检</h1>`);
  parts.push(`<p class="meta">生成时间：${esc(when.toISOString().slice(0, 16).replace('T', ' '))} UTC · 共 ${checked.length} 份报告${unreadable.length ? `，${unreadable.length} 个文件未能读取` : ''}</p>`);
  parts.push(
    `<p class="legend">${(['error', 'warning', 'hint'] as Severity[]).map((s) => `<b>${SEVERITY_WORD[s]}</b>：${SEVERITY_NOTE[s]}`).join('；')}。编号在重新检查时保持不变，可用于标记“已看过”。</p>`,
  );
  for (const { report: r, findings } of checked) {
    const open = findings.filter((f) => !seen.has(f.id));
    parts.push(`<section><h2>${esc(r.agency)} ${r.year}年</h2>`);
    parts.push(`<p class="meta">${esc(r.title)}<br>文件：${esc(r.source.file)}（${esc(r.source.format)}）· 读取：${esc(readSummary(r))}</p>`);
    for (const u of r.unread) parts.push(`<p class="unread">未能读取：${esc(u.table ? `表${u.table} ` : '')}${esc(u.what)}：${esc(u.why)}（涉及它的检查未做）</p>`);
    parts.push(open.length ? `<p class="summary">${esc(findingCounts(open))}</p>` : `<p class="summary ok">没有发现问题${findings.length ? '（其余均已标记看过）' : ''}</p>`);
    if (findings.length) {
      parts.push('<table><colgroup><col class="sev"><col><col class="num"><col class="num"><col class="where"></colgroup><thead><tr><th>类别</th><th>发现</th><th>应为</th><th>印为</th><th>位置 · 编号</th></tr></thead><tbody>');
      for (const f of findings) {
        parts.push(
          `<tr class="${f.severity}${seen.has(f.id) ? ' seen' : ''}"><td class="sev">${SEVERITY_WORD[f.severity]}${seen.has(f.id) ? '<br>（已看过）' : ''}</td>` +
            `<td>${esc(f.message)}<div class="why">${esc(f.explanation)}</div></td><td>${sideLabel(f, 0)}${esc(f.expected ?? '—')}</td><td>${sideLabel(f, 1)}${esc(f.printed ?? '—')}</td>` +
            `<td>${esc(where(f))}<div class="id">${esc(f.id)}</div></td></tr>`,
        );
      }
      parts.push('</tbody></table>');
    }
    parts.push('</section>');
  }
  if (unreadable.length) {
    parts.push('<section><h2>未能读取的文件</h2><ul>');
    for (const u of unreadable) parts.push(`<li>${esc(u.file)}：${esc(u.reason)}</li>`);
    parts.push('</ul></section>');
  }
  parts.push('</body></html>');
  return parts.join('\n');
}
