// npm run check -- FILE… : the full 报告自检 of each report. Exit status 1 when an identity fails.
import { parseArgs } from 'node:util';
import { ingestFile } from '../ingest/index.js';
import { NotAReportError } from '../model.js';
import { summarize } from './summary.js';

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
if (!positionals.length) {
  console.log('用法：npm run check -- 报告文件…');
  process.exit(2);
}
let status = 0;
for (const file of positionals) {
  try {
    const r = await ingestFile(file);
    console.log(summarize(r));
    if (r.findings.some((f) => f.kind === 'identity')) status = 1;
  } catch (e) {
    console.log(`✗ ${file}：${e instanceof NotAReportError ? e.reason : String(e)}`);
    status = Math.max(status, 2);
  }
}
process.exit(status);
