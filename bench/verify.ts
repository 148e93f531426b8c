// Checks generated reports the way the bot reads them: each file ingests with the right agency,
// year and template version, nothing unread, no 报告自检 finding, and the figures of the manifest.
//
//   npx tsx bench/verify.ts DIR [SAMPLE]     (default: every report)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestFile } from '../src/ingest/index.js';
import type { Fact, Report } from '../src/model.js';
import type { Manifest, ManifestEntry } from './generate.js';

const value = (r: Report, table: Fact['table'], row: string[], column: string[]) =>
  r.facts.find((f) => f.table === table && f.row.join('›') === row.join('›') && f.column.join('›') === column.join('›'))?.value;

/** What is wrong with one generated report, as readable lines (empty when all is well). */
export function problemsOf(r: Report, e: ManifestEntry): string[] {
  const out: string[] = [];
  if (r.agency !== e.agency) out.push(`agency ${r.agency} ≠ ${e.agency}`);
  if (r.year !== e.year) out.push(`year ${r.year} ≠ ${e.year}`);
  for (const t of ['二', '三', '四'] as const) if (r.versions[t] !== e.format) out.push(`表${t} version ${r.versions[t]} ≠ ${e.format}`);
  for (const u of r.unread) out.push(`unread: ${u.table ?? ''} ${u.what}: ${u.why}`);
  for (const f of r.findings) out.push(`finding: ${f.message}`);
  const want: [string, number | undefined, number][] = [
    ['received', value(r, '三', ['一、本年新收政府信息公开申请数量'], ['总计']), e.received],
    ['handled', value(r, '三', ['三、本年度办理结果', '（七）总计'], ['总计']), e.handled],
    ['persons', value(r, '三', ['一、本年新收政府信息公开申请数量'], ['自然人']), e.persons],
    ['reviews', value(r, '四', ['行政复议'], ['总计']), e.reviews],
    [
      'licences',
      r.facts.find((f) => f.table === '二' && f.row[1] === '行政许可' && /处理决定数量/.test(f.column[0]!))?.value,
      e.licences,
    ],
  ];
  for (const [k, got, exp] of want) if (got !== exp) out.push(`${k}: read ${got}, generated ${exp}`);
  const facts3 = r.facts.filter((f) => f.table === '三').length;
  if (facts3 !== (e.format === '2021' ? 25 : 23) * 7) out.push(`表三 has ${facts3} facts`);
  const narrative = r.figures.find((f) => /依申请公开/.test(f.sentence) && f.unit === '件' && f.value === e.received);
  if (!narrative) out.push('narrative figure 全年…共办理依申请公开N件 not read');
  return out;
}

export async function verify(dir: string, sample?: number): Promise<{ checked: number; bad: { file: string; problems: string[] }[] }> {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  let entries = m.reports;
  if (sample && sample < entries.length) {
    const step = entries.length / sample;
    entries = Array.from({ length: sample }, (_, i) => entries[Math.floor(i * step)]!);
  }
  const bad: { file: string; problems: string[] }[] = [];
  for (const e of entries) {
    const r = await ingestFile(join(dir, e.file));
    const problems = problemsOf(r, e);
    if (problems.length) bad.push({ file: e.file, problems });
  }
  return { checked: entries.length, bad };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? 'bench/out/reports-100');
  const { checked, bad } = await verify(dir, process.argv[3] ? Number(process.argv[3]) : undefined);
  for (const b of bad.slice(0, 20)) console.log(`✗ ${b.file}\n  ${b.problems.join('\n  ')}`);
  console.log(`${checked} reports checked, ${bad.length} with problems`);
  process.exit(bad.length ? 1 : 0);
}
