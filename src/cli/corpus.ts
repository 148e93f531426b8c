// npm run corpus [-- --out FILE]
//   generates the ranker's corpus (src/corpus/generate.ts) from the bundled knowledge and, when it is
//   beside the checkout, ../shared's reports; writes it as JSON lines (default data/corpus.jsonl) and
//   prints how many questions of each kind and split it holds. Deterministic: the same reports give
//   the same corpus.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generate } from '../corpus/generate.js';
import { corpusFolders, corpusReports } from '../corpus/reports.js';
import { ROOT } from '../knowledge.js';
import { parseCli } from './args.js';

const USAGE = '用法：npm run corpus [-- --out 文件]';
const { values } = parseCli(USAGE, { out: { type: 'string' } });
const out = values.out ?? join(ROOT, 'data', 'corpus.jsonl');
const reports = await corpusReports();
const examples = generate(reports);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  examples
    .map((e) => JSON.stringify({ id: e.id, q: e.question, kind: e.kind, split: e.split, report: `${e.report.agency}${e.report.year}`, value: e.target?.value ?? null, fact: e.target?.citation.quote ?? null, made: e.made }))
    .join('\n') + '\n',
);
const count = new Map<string, number>();
for (const e of examples) count.set(`${e.split} ${e.kind}`, (count.get(`${e.split} ${e.kind}`) ?? 0) + 1);
console.log(`${examples.length} questions from ${reports.length} reports (${corpusFolders().join(', ')}) → ${out}`);
for (const [k, n] of [...count].sort()) console.log(`  ${k}: ${n}`);
