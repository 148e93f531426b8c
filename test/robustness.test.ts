// Robustness (issue 6): the parser and answer() on whatever arrives. Property-based (fast-check):
// arbitrary Unicode and control characters, very long lines, the bundled report with table cells
// removed or doubled, '|' noise, lines dropped or repeated. The parser either reads a report or
// says clearly that the file is not one (NotAReportError); answer() always replies.
// No timings are asserted here: a parser that hangs fails by the test timeout; speed is `npm run bench`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { say as answer } from './helpers/say.js';
import { ingestBytes } from '../src/ingest/index.js';
import { knowledgeOf, type Knowledge } from '../src/knowledge.js';
import { NotAReportError, type Report } from '../src/model.js';
import { TIANJIN, TIANJIN_TEXT } from './helpers/tianjin.js';

const tianjin = await ingestBytes(TIANJIN, Buffer.from(TIANJIN_TEXT));
const bundled: Knowledge = knowledgeOf([tianjin]);
const INTERNAL_ERROR = /没能处理好/; // answer()'s last-resort reply when something inside threw

const QUESTIONS = [
  '天津市工信局2020年收到多少政府信息公开申请?',
  '出台了哪些政策?',
  '存在哪些主要问题？',
  '行政复议多少件',
  '2020年不予公开多少',
];

/** Reads bytes as a report: a Report, or null for a clear NotAReportError; anything else fails the test. */
async function parse(name: string, text: string | Buffer): Promise<Report | null> {
  try {
    return await ingestBytes(name, Buffer.isBuffer(text) ? text : Buffer.from(text));
  } catch (e) {
    if (e instanceof NotAReportError) {
      expect(e.reason.length).toBeGreaterThan(0);
      return null;
    }
    throw e;
  }
}

/** A Report's facts are finite numbers with canonical labels; answer() replies from it. */
function checkReport(r: Report): void {
  for (const f of r.facts) {
    expect(Number.isFinite(f.value)).toBe(true);
    expect(f.row.length).toBeGreaterThan(0);
  }
  const k = knowledgeOf([r]);
  for (const q of QUESTIONS) checkAnswer(q, k);
}

function checkAnswer(q: string, k: Knowledge = bundled): void {
  const a = answer(q, { knowledge: k });
  expect(typeof a.text).toBe('string');
  expect(a.text.trim().length).toBeGreaterThan(0);
  expect(a.text).not.toMatch(INTERNAL_ERROR);
  expect(Array.isArray(a.figures)).toBe(true);
  for (const f of a.figures) expect(Number.isFinite(f.value)).toBe(true);
}

// ---------- mutations of the bundled report ----------

const LINES = TIANJIN_TEXT.split('\n');
const TABLE_LINES = LINES.map((l, i) => (l.includes('|') ? i : -1)).filter((i) => i >= 0);
const CONTROL = fc.constantFrom('\u0000', '\u0001', '\u0007', '\b', '\t', '\u000b', '\f', '\r', '\u001b', '\u007f', '\u0085', '\u200b', '\u200e', '\u2028', '\ufeff', '\ufffd', '\ud800');

type Mutation =
  | { op: 'insert'; line: number; at: number; text: string }
  | { op: 'removeCell' | 'doubleCell'; line: number; cell: number }
  | { op: 'pipes'; line: number; at: number; count: number }
  | { op: 'longLine'; line: number; unit: string; times: number }
  | { op: 'dropLine' | 'repeatLine'; line: number };

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(CONTROL, { maxLength: 8 }).map((a) => a.join('')),
  fc.constantFrom('|', '||', ' | ', '一、总体情况', '三、本年度办理结果', '(七)总计', '2020年政府信息公开工作年度报告', '１２３', '—', '减少', '万元', '《', '》'),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), line: fc.nat(LINES.length - 1), at: fc.nat(400), text: anyText }),
  fc.record({ op: fc.constantFrom('removeCell' as const, 'doubleCell' as const), line: fc.constantFrom(...TABLE_LINES), cell: fc.nat(16) }),
  fc.record({ op: fc.constant('pipes' as const), line: fc.nat(LINES.length - 1), at: fc.nat(400), count: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    op: fc.constant('longLine' as const),
    line: fc.nat(LINES.length - 1),
    unit: fc.constantFrom('|', '0 | ', '一', '（一）', '12345', '全年共办理依申请公开23件，', '《政策》', ' ', '\t|'),
    times: fc.integer({ min: 1_000, max: 60_000 }),
  }),
  fc.record({ op: fc.constantFrom('dropLine' as const, 'repeatLine' as const), line: fc.nat(LINES.length - 1) }),
);

function mutate(lines: string[], m: Mutation): string[] {
  const out = lines.slice();
  const i = Math.min(m.line, out.length - 1);
  if (i < 0) return out;
  const l = out[i]!;
  switch (m.op) {
    case 'insert': {
      const at = Math.min(m.at, l.length);
      out[i] = l.slice(0, at) + m.text + l.slice(at);
      break;
    }
    case 'removeCell':
    case 'doubleCell': {
      const cells = l.split('|');
      const c = m.cell % cells.length;
      if (m.op === 'removeCell') cells.splice(c, 1);
      else cells.splice(c, 0, cells[c]!);
      out[i] = cells.join('|');
      break;
    }
    case 'pipes': {
      const at = Math.min(m.at, l.length);
      out[i] = l.slice(0, at) + ' |'.repeat(m.count) + l.slice(at);
      break;
    }
    case 'longLine':
      out.splice(i, 0, m.unit.repeat(Math.ceil(m.times / m.unit.length)));
      break;
    case 'dropLine':
      out.splice(i, 1);
      break;
    case 'repeatLine':
      out.splice(i, 0, l);
      break;
  }
  return out;
}

describe('the parser on bad input', () => {
  it('arbitrary Unicode, control characters and bytes: a report or NotAReportError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 2000 }),
          fc.array(fc.oneof(CONTROL, fc.constantFrom('|', '\n', '一、', '年', '2020')), { maxLength: 500 }).map((a) => a.join('')),
          fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)),
        ),
        fc.constantFrom('x.txt', 'x.md', 'x.html', 'x'),
        async (input, name) => {
          const r = await parse(name, input);
          if (r) checkReport(r);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the bundled report mutated (cells removed or doubled, | noise, long lines, control characters): a report or NotAReportError, and answer() replies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.constantFrom('r.txt', 'r.txt', 'r.md', 'r.html'), async (ms, name) => {
        const text = ms.reduce(mutate, LINES).join('\n');
        const r = await parse(name, text);
        if (r) checkReport(r);
      }),
      { numRuns: 200 },
    );
  });

  it('a table row with a cell removed is reported unread, never guessed', async () => {
    const i = LINES.findIndex((l) => l.startsWith('二、上年结转政府信息公开申请数量'));
    const r = (await parse('r.txt', mutate(LINES, { op: 'removeCell', line: i, cell: 3 }).join('\n')))!;
    expect(r.unread.some((u) => u.table === '三' && u.what.includes('上年结转'))).toBe(true);
    expect(r.facts.some((f) => f.row[0] === '二、上年结转政府信息公开申请数量')).toBe(false);
  });

  // both were quadratic before commit 428301b (a 60,000-digit line took 13–27 s)
  it('a line of 200,000 digits, and a sentence of 40,000 《》 titles', async () => {
    for (const line of ['12345'.repeat(40_000), '《政策》'.repeat(40_000), '制定《办法》、'.repeat(20_000)]) {
      const r = await parse('r.txt', [...LINES.slice(0, 5), line, ...LINES.slice(5)].join('\n'));
      if (r) checkReport(r);
    }
  });

  it('a 5 MB line of | and digits', async () => {
    const r = await parse('r.txt', TIANJIN_TEXT.replace('四、结转下年度继续办理', '0 | '.repeat(1_300_000) + '\n四、结转下年度继续办理'));
    if (r) checkReport(r);
  });
});

describe('answer() on bad questions', () => {
  it('arbitrary Unicode, control characters, | noise and very long lines: always a reply', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: 'grapheme', maxLength: 300 }),
          fc.array(fc.oneof(CONTROL, fc.constantFrom('|', '天津', '2020年', '收到', '多少', '申请', '？', '那', '哪些', '《', '一二三')), { maxLength: 200 }).map((a) => a.join('')),
          fc.tuple(fc.constantFrom(...QUESTIONS), fc.string({ unit: 'binary', maxLength: 20 }), fc.nat(60)).map(([q, noise, at]) => q.slice(0, at) + noise + q.slice(at)),
          fc.tuple(fc.constantFrom('一', '|', '收到多少申请', '2020年', ' '), fc.integer({ min: 400, max: 20_000 })).map(([u, n]) => u.repeat(n)),
        ),
        (q) => {
          const a = answer(q, { knowledge: bundled });
          expect(typeof a.text).toBe('string');
          expect(a.text.trim().length).toBeGreaterThan(0);
          expect(a.text).not.toMatch(INTERNAL_ERROR);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers from an empty knowledge and from a report with no tables', async () => {
    checkAnswer('收到多少申请', { reports: [] });
    const bare = (await parse('bare.txt', LINES.filter((l) => !l.includes('|')).join('\n')))!;
    expect(bare.facts).toEqual([]);
    checkReport(bare);
  });
});
