// "平潭2024年和2023年比有什么变化": the year-on-year comparison of two reports of one agency (the
// cells that changed, narrative figures aligned by what they count, documents new this year), the
// few largest changes in the reply, the rest offered.
import { compareReports, describeComparison } from '../../compare/index.js';
import type { Report } from '../../model.js';
import type { Handler } from '../ask.js';
import { refusal } from '../refusal.js';
import { WORDS } from '../question-kinds.js';


function pair(reports: Report[], years: number[], all: Report[]): [Report, Report] | null {
  const byYear = (y: number) => reports.find((r) => r.year === y);
  if (years.length >= 2) {
    const [x, y] = [byYear(Math.min(years[0]!, years[1]!)), byYear(Math.max(years[0]!, years[1]!))];
    return x && y ? [x, y] : null;
  }
  const newer = years.length ? byYear(years[0]!) : reports[0];
  if (!newer) return null;
  const older = all.find((r) => r.agency === newer.agency && r.year === newer.year - 1) ?? reports.find((r) => r.year === newer.year - 1);
  return older ? [older, newer] : null;
}

export const changes: Handler = {
  name: 'changes',
  match(a) {
    const q = a.q;
    if (!a.agencyNamed || !WORDS.changes.test(q.text) || q.row3 || q.row2 || q.group4 || q.col3) return 0;
    return a.type === 'figure' ? 0 : 0.9;
  },
  answer(a) {
    const reports = a.q.agencyReports ?? a.reports;
    const p = pair([...reports].sort((x, y) => y.year - x.year), a.q.years, a.ix.reports);
    if (!p) {
      const r = reports[0]!;
      return refusal(`知识库中只有${r.agency}${[...new Set(reports.map((x) => x.year))].sort().join('、')}年的报告，没有可以比较的另一年。`, a.ix);
    }
    const [older, newer] = p;
    const c = compareReports(older, newer);
    const lines = describeComparison(c, 5)
      .split('\n')
      .filter((l) => !l.startsWith('来源：'));
    return {
      kind: 'comparison',
      lang: 'zh',
      lines,
      figures: [],
      citations: [
        { report: newer.title, section: '', quote: '' },
        { report: older.title, section: '', quote: '' },
      ],
      notes: [],
      suggestions: c.cells.length > 5 ? [`${newer.agency}${newer.year}年本年新收政府信息公开申请比${older.year}年多多少?`] : [],
    };
  },
};
