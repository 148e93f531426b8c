// npm run check -- FILE… : the full 报告自检 of each report. Exit status 1 when an identity fails.
import { reasonOf } from '../ingest/limits.js';
import { ingestFileLimited } from '../ingest/worker.js';
import { parseCli, shown } from './args.js';
import { summarize } from './summary.js';

const USAGE = '用法：npm run check -- 报告文件…';
const { positionals } = parseCli(USAGE, {});
if (!positionals.length) {
  console.log(USAGE);
  process.exit(2);
}
let status = 0;
for (const file of positionals) {
  try {
    const r = await ingestFileLimited(file);
    console.log(summarize(r));
    if (r.findings.some((f) => f.kind === 'identity')) status = 1;
  } catch (e) {
    console.log(`✗ ${shown(file)}：${reasonOf(e)}`);
    status = Math.max(status, 2);
  }
}
process.exit(status);
