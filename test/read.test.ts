// The question reader's clauses: which ask and which only tell (their words weigh as context, not as
// what is asked). A parenthesis is an aside; 几 in a time said (前几年) asks nothing. Each with the
// answer it leads to through answer() on the bundled report, and a twin where the same words do ask.
import { beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../src/answer/index.js';
import { normalizeQuestion } from '../src/answer/understand.js';
import { corpusReports } from '../src/corpus/reports.js';
import { factsOf } from '../src/facts/index.js';
import { BUNDLED_DIR, knowledgeOf, type Knowledge } from '../src/knowledge.js';
import { readQuestion } from '../src/question/read.js';

let k: Knowledge;
let refusedByPersons: number;
beforeAll(async () => {
  const reports = await corpusReports([BUNDLED_DIR]);
  k = knowledgeOf(reports);
  refusedByPersons = factsOf(reports[0]!).find((f) => f.slots?.table === '三' && f.slots.row === '不予公开' && f.slots.column === '自然人')!.value;
});

const roles = (q: string) => {
  const r = readQuestion(normalizeQuestion(q).text);
  return r.clauses.map((c) => [r.text.slice(c.start, c.end), c.role]);
};

describe('clauses', () => {
  it('a parenthesis is an aside: it asks nothing, and the question is answered', () => {
    const q = '个人申请的里面被不予公开的一共几件（各种理由加起来）';
    expect(roles(q)).toContainEqual(['各种理由加起来', 'other']);
    expect(roles(q)).toContainEqual(['个人申请的里面被不予公开的一共几件', 'ask']);
    expect(answer(q, { knowledge: k }).figures[0]?.value).toBe(refusedByPersons);
  });

  it('a question inside a parenthesis still asks when nothing else does', () => {
    expect(roles('个人申请被不予公开的（有几件）').some(([, role]) => role === 'ask')).toBe(true);
  });

  it('几 in a time said (前几年, 这几天) asks nothing; 几 with a counter does', () => {
    expect(roles('前几年我申请过一次，个人申请被不予公开的有几件')[0]).toEqual(['前几年我申请过一次', 'other']);
    expect(roles('这几天在查资料，个人申请被不予公开的有几件')[0]).toEqual(['这几天在查资料', 'other']);
    expect(roles('申请过几次，个人申请被不予公开的有几件')[0]![1]).toBe('ask');
  });
});
