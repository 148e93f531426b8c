// The benchmark's fixed question set, made from a generated folder's manifest: figures, lists,
// passages, unanswerable questions, and agency (full name, short name) and year variants.
import type { Manifest, ManifestEntry } from './generate.js';

export type QuestionKind = 'figure' | 'list' | 'passage' | 'variant' | 'unanswerable';

export interface BenchQuestion {
  text: string;
  kind: QuestionKind;
  /** the figure a correct reply states first, when the question asks for one figure of one report */
  expect?: number;
}

/** About 15 questions for each of up to `reports` reports spread over the manifest (same set on every run). */
export function questionSet(m: Manifest, reports = 8): BenchQuestion[] {
  const all = m.reports;
  const picked: ManifestEntry[] = [];
  const step = all.length / Math.min(reports, all.length);
  for (let i = 0; i < Math.min(reports, all.length); i++) picked.push(all[Math.floor(i * step)]!);
  const out: BenchQuestion[] = [];
  for (const e of picked) {
    const { agency: a, short: s, year: y } = e;
    out.push(
      { text: `${a}${y}年收到多少政府信息公开申请？`, kind: 'figure', expect: e.received },
      { text: `${a}${y}年办结了多少件政府信息公开申请`, kind: 'figure', expect: e.handled },
      { text: `${a}${y}年被申请行政复议多少件？`, kind: 'figure', expect: e.reviews },
      { text: `${a}${y}年自然人提出了多少申请`, kind: 'figure', expect: e.persons },
      { text: `${a}${y}年不予公开的有多少件？`, kind: 'figure', expect: e.refused },
      { text: `${a}${y}年行政许可处理决定数量是多少`, kind: 'figure', expect: e.licences },
      { text: `${a}${y}年出台了哪些政策？`, kind: 'list' },
      { text: `${a}${y}年政务公开存在哪些主要问题？`, kind: 'passage' },
      { text: `${a}${y}年是怎样做好依申请公开工作的？`, kind: 'passage' },
      { text: `${s}${y}年收到多少申请`, kind: 'variant', expect: e.received },
      { text: `${a}${y}年度受理了几件依申请公开`, kind: 'variant', expect: e.received },
      { text: `${a}收到多少政府信息公开申请？`, kind: 'variant' },
      { text: `${a}1990年收到多少政府信息公开申请？`, kind: 'unanswerable' },
      { text: `${a}${y}年发了多少工资？`, kind: 'unanswerable' },
    );
  }
  out.push(
    { text: '火星市宇宙局2020年收到多少政府信息公开申请？', kind: 'unanswerable' },
    { text: '今天天气怎么样？', kind: 'unanswerable' },
  );
  return out;
}
