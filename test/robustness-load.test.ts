// Robustness (issue 6): a 1 MB question, and 10,000 questions answered concurrently through the
// core (answer() behind async wrappers, as every channel calls it). No timings are asserted:
// "bounded time" is the test timeout (the load test's own: 10,000 answers share two cores with the
// other test files, so the suite's 30 s would time the machine, not the code); speed is measured by
// `npm run bench`.
import { describe, expect, it } from 'vitest';
import { MAX_QUESTION } from '../src/answer/index.js';
import { say as answer, type Said as Answer } from './helpers/say.js';
import { openKnowledge } from '../src/knowledge.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { REPO } from './helpers/tianjin.js';

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const knowledge = await openKnowledge({ dir: join(REPO, 'knowledge'), store: join(tmp, 'store.json') });

/** Questions about the bundled Tianjin 2020 report and the figure each must state first. */
const KNOWN: [string, number][] = [
  ['天津市工信局2020年收到多少政府信息公开申请?', 23],
  ['天津市工业和信息化局2020年行政许可处理决定数量', 644],
  ['天津市工信局2020年本机关不掌握相关政府信息的有多少件', 14],
  ['天津市工信局2020年政府集中采购项目数量', 35],
];

describe('answer() under load', () => {
  it('a 1 MB question: a polite refusal that does not repeat the question', () => {
    for (const q of ['问'.repeat(1 << 20), `天津市工信局2020年收到多少申请？${'a'.repeat(1 << 20)}`, ' \n'.repeat(1 << 19) + '收到多少申请']) {
      const a = answer(q, { knowledge });
      if (q.trim().length > MAX_QUESTION) {
        expect(a.kind).toBe('refusal');
        expect(a.figures).toEqual([]);
        expect(a.text).toMatch(/请/);
        expect(a.text.length).toBeLessThan(2_000);
      } else expect(a.text.length).toBeGreaterThan(0);
    }
  });

  it('the known questions are answered right one by one', () => {
    for (const [q, v] of KNOWN) expect(answer(q, { knowledge }).figures[0]?.value, q).toBe(v);
  });

  it('10,000 questions at once: 10,000 replies, each with the right figure', async () => {
    const ask = async (q: string): Promise<Answer> => {
      await new Promise<void>((r) => setImmediate(r));
      return answer(q, { knowledge });
    };
    const asked = Array.from({ length: 10_000 }, (_, i) => KNOWN[i % KNOWN.length]!);
    const replies = await Promise.all(asked.map(([q]) => ask(q)));
    expect(replies).toHaveLength(10_000);
    const wrong = replies.filter((a, i) => a.figures[0]?.value !== asked[i]![1]);
    expect(wrong).toEqual([]);
    // the same question gets the same reply every time
    for (let i = KNOWN.length; i < replies.length; i += 997) expect(replies[i]!.text).toBe(replies[i % KNOWN.length]!.text);
  }, 300_000);
});
