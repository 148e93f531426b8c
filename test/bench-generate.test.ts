// The benchmark's generated reports (bench/generate.ts) are read by the real text reader as the
// generator meant them: right agency, year and template version, nothing unread, every identity of
// tables 三 and 四 holding (no 报告自检 finding), the narrative's figure matching table 三.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allAgencies, generate, YEARS } from '../bench/generate.js';
import { questionSet } from '../bench/questions.js';
import { verify } from '../bench/verify.js';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-gen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench/generate.ts', () => {
  const manifest = generate(60, dir, 7);

  it('writes N text reports for agencies named like real ones, over the years 2019–2025, in both template versions', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.txt'))).toHaveLength(60);
    const agencies = new Set(manifest.reports.map((r) => r.agency));
    expect(agencies.size).toBeGreaterThan(5);
    for (const a of agencies) expect(a).toMatch(/^[\u4e00-\u9fff]{2,}(市|区|县)[\u4e00-\u9fff]*(局|委员会|人民政府)$/);
    for (const r of manifest.reports) expect(YEARS).toContain(r.year);
    expect(new Set(manifest.reports.map((r) => r.format))).toEqual(new Set(['2019', '2021']));
    for (const r of manifest.reports) expect(r.format).toBe(r.year >= 2021 ? '2021' : '2019');
    expect(allAgencies().length * YEARS.length).toBeGreaterThanOrEqual(5000);
  });

  it('every report ingests with nothing unread and no 报告自检 finding, and the figures of the manifest', async () => {
    const { checked, bad } = await verify(dir);
    expect(checked).toBe(60);
    expect(bad).toEqual([]);
  });

  it('is deterministic, and the question set names generated agencies', () => {
    const again = generate(60, join(dir, 'again'), 7);
    expect(again.reports).toEqual(manifest.reports);
    const qs = questionSet(manifest);
    expect(qs.some((q) => q.kind === 'unanswerable')).toBe(true);
    expect(qs.filter((q) => q.expect !== undefined).every((q) => manifest.reports.some((r) => q.text.startsWith(r.agency) || q.text.startsWith(r.short)))).toBe(true);
  });
});
