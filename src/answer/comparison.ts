// Comparisons: the same figure in two reports (two years of one agency, or two agencies),
// when both are in the knowledge (平潭2024年比2023年多收到多少申请).
import type { Report } from '../model.js';
import { fmt } from './format.js';
import type { Reply } from './types.js';

export function compareAnswers(a: { r: Report; ans: Reply }, b: { r: Report; ans: Reply }): Reply {
  const fa = a.ans.figures[0]!;
  const fb = b.ans.figures[0]!;
  const diff = Math.round((fa.value - fb.value) * 1e6) / 1e6;
  const name = (r: Report) => `${r.agency}${r.year}年`;
  const same = a.r.agency === b.r.agency || a.r.agency.endsWith(b.r.agency) || b.r.agency.endsWith(a.r.agency);
  const label = fa.label;
  const how = diff > 0 ? `多${fmt(diff)}${fa.unit}` : diff < 0 ? `少${fmt(-diff)}${fa.unit}` : '持平';
  const pct = fb.value !== 0 ? `，${diff >= 0 ? '增长' : '下降'}${fmt(Math.round((Math.abs(diff) / fb.value) * 1000) / 10)}%` : '';
  const head = same ? `${a.r.agency}${a.r.year}年比${b.r.year}年` : `${name(a.r)}比${name(b.r)}`;
  const text = `${head}${how}${pct}（「${label}」：${name(a.r)}${fmt(fa.value)}${fa.unit}，${name(b.r)}${fmt(fb.value)}${fb.unit}）。`;
  return {
    lang: 'zh',
    lines: [text],
    notes: [],
    computation: {
      formula: `${fmt(fa.value)} − ${fmt(fb.value)} = ${fmt(diff)}${pct ? `；${fmt(Math.abs(diff))} ÷ ${fmt(fb.value)} = ${pct.replace(/^，(增长|下降)/, '')}` : ''}`,
      operands: [
        { label: fa.label, value: fa.value, unit: fa.unit, report: a.r.title },
        { label: fb.label, value: fb.value, unit: fb.unit, report: b.r.title },
      ],
    },
    figures: [{ value: Math.abs(diff), unit: fa.unit, label: `${label}（${same ? `${a.r.year}年与${b.r.year}年` : `${a.r.agency}与${b.r.agency}`}之差）` }, fa, fb],
    citations: [...a.ans.citations.slice(0, 1), ...b.ans.citations.slice(0, 1), ...a.ans.citations.slice(1), ...b.ans.citations.slice(1)],
    suggestions: [],
    kind: 'comparison',
  };
}
