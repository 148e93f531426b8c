// The texts of the commands every channel offers: help, the reports loaded, the 报告自检 results,
// example questions.
import { reviewAll } from '../check.js';
import { findingCounts, SEVERITY_WORD } from '../check/render.js';
import { reportCount, type Knowledge } from '../knowledge.js';
import type { Report } from '../model.js';
import { noteText } from '../render/notes.js';
import { agencyAliases } from './agencies.js';
import { indexOf } from './knowledge-index.js';
import { knownList } from './refusal.js';

const KINDS = { code: 'kinds' } as const;

let defaultKnowledge: Knowledge | undefined;
/** The knowledge answer() uses when the context gives none. */
export function setDefaultKnowledge(k: Knowledge): void {
  defaultKnowledge = k;
}
export function getDefaultKnowledge(): Knowledge | undefined {
  return defaultKnowledge;
}

// Sorting every report with localeCompare on each question was most of the time of a question
// that names no agency (6 ms of 7.5 at 1000 reports): the order of a list is kept while it is unchanged.
const sortedCache = new WeakMap<Report[], { n: number; sorted: Report[] }>();
export function newestFirst(rs: Report[]): Report[] {
  const hit = sortedCache.get(rs);
  if (hit && hit.n === rs.length) return hit.sorted.slice();
  const sorted = [...rs].sort((a, b) => b.year - a.year || a.agency.localeCompare(b.agency));
  sortedCache.set(rs, { n: rs.length, sorted });
  return sorted.slice();
}


export function helpText(k?: Knowledge): string {
  const kn = k ?? defaultKnowledge ?? { reports: [] };
  const ex = exampleQuestions(kn);
  return [
    '我能回答政府信息公开工作年度报告里的问题，给出准确的数字和出处，不会编造。',
    noteText(KINDS, 'zh'),
    '例如：',
    ...ex.map((e) => `· ${e}`),
    reportCount(kn) ? knownList(indexOf(kn)) : '知识库中还没有任何报告。',
    '命令：/help 帮助 · /reports 知识库中的报告 · /check 报告自检',
  ].join('\n');
}

export function reportsText(k?: Knowledge): string {
  const kn = k ?? defaultKnowledge ?? { reports: [] };
  if (!reportCount(kn)) return '知识库中还没有任何报告。';
  if (kn.catalog) return catalogText(kn);
  const lines = [`知识库中共有${kn.reports.length}份报告：`];
  for (const r of newestFirst(kn.reports).sort((a, b) => a.agency.localeCompare(b.agency) || b.year - a.year)) {
    const facts = r.facts.length;
    lines.push(`· ${r.agency} ${r.year}年${r.publishedText ? `（${r.publishedText}）` : ''}：表格数字${facts}个，叙述数字${r.figures.length}个${r.unread.length ? `，${r.unread.length}处未能读出` : ''}`);
  }
  if (kn.problems?.length) {
    lines.push(`无法读取的文件${kn.problems.length}个：`);
    for (const p of kn.problems.slice(0, 20)) lines.push(`· ${p.file}：${p.reason}`);
  }
  return lines.join('\n');
}

/** A store answered on demand: how many reports and agencies, and the first agencies with their years. */
function catalogText(kn: Knowledge, max = 30): string {
  const c = kn.catalog!;
  const lines = [`知识库中共有${c.size}份报告，来自${c.byAgency.size}个机关${c.byAgency.size > max ? `，其中${max}个` : ''}：`];
  for (const [agency, keys] of [...c.byAgency].slice(0, max)) lines.push(`· ${agency}：${[...new Set(keys.map((k) => k.year))].sort().join('、')}年`);
  if (c.byAgency.size > max) lines.push(`……问的时候说出机关名称即可，例如“${c.keys[0]!.agency}${c.keys[0]!.year}年收到多少政府信息公开申请？”`);
  return lines.join('\n');
}

export function checkText(k?: Knowledge): string {
  const kn = k ?? defaultKnowledge ?? { reports: [] };
  if (!kn.reports.length) return '知识库中还没有任何报告。';
  const lines = ['报告自检（核对表格的勾稽关系、正文与表格、正文前后、章节和上一年报告，只报告，不改动）：'];
  // the same review as npm run check of the same files: each report with the others loaded beside it
  const reviewed = reviewAll(kn.reports);
  if (kn.catalog && kn.catalog.size > kn.reports.length) lines.push(`（知识库共有${kn.catalog.size}份报告，以下是其中${kn.reports.length}份。要看某个机关的报告，例如：“${kn.catalog.keys[0]!.agency}报告自检”。）`);
  for (const r of newestFirst(kn.reports)) {
    lines.push('');
    lines.push(`【${r.title}】`);
    const findings = reviewed.get(r) ?? [];
    if (!findings.length && !r.unread.length) {
      lines.push('  没有发现问题。');
      continue;
    }
    if (findings.length) lines.push(`  ${findingCounts(findings)}：`);
    for (const f of findings.slice(0, 30)) lines.push(`  · [${SEVERITY_WORD[f.severity]}] ${f.message}`);
    if (findings.length > 30) lines.push(`  · ……另有${findings.length - 30}处`);
    if (r.unread.length) {
      lines.push(`  未能读出的内容${r.unread.length}处：`);
      for (const u of r.unread.slice(0, 15)) lines.push(`  · ${u.what}：${u.why}${u.at?.line ? `（第${u.at.line}行）` : u.at?.page ? `（第${u.at.page}页）` : ''}`);
      if (r.unread.length > 15) lines.push(`  · ……另有${r.unread.length - 15}处`);
    }
  }
  return lines.join('\n');
}

export function exampleQuestions(k?: Knowledge): string[] {
  const kn = k ?? defaultKnowledge ?? { reports: [] };
  const r = newestFirst(kn.reports)[0] ?? (kn.catalog?.keys[0] && { ...kn.catalog.keys[0], documents: [] });
  if (!r) return ['2020年收到多少政府信息公开申请?', '存在哪些主要问题?', '出台了哪些政策?'];
  const first = r.agency.slice(0, 2);
  const short = [r.agency, ...agencyAliases(r.agency)].filter((a) => a.startsWith(first) && a.length >= 4).sort((a, b) => a.length - b.length)[0] ?? r.agency;
  const out = [`${short}${r.year}年收到多少政府信息公开申请?`, '自然人申请了多少件?', '行政复议有多少件?', '存在哪些主要问题?'];
  if (r.documents.some((d) => d.kind === 'policy')) out.push('出台了哪些政策?');
  out.push('这份年报是哪天发布的?');
  return out;
}
