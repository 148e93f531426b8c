// npm run compare -- [--json] [--all] A B : what changed from report A to report B (two reports of
// one agency, e.g. last year's and this year's). Reads the files; never touches the knowledge store.
// Exit status: 0 compared; 2 usage, or a file that could not be read as a report.
import { parseArgs } from 'node:util';
import { compareReports, describeComparison } from '../compare/index.js';
import { ingestFile } from '../ingest/index.js';
import { NotAReportError, type Report } from '../model.js';

const USAGE = `用法：npm run compare -- [--json] [--all] [--top N] 报告A 报告B
  比较同一机关两年的报告（A 为较早的一年）：变化的表格数字（两年都为0的不列）、正文中同一事项的数字、B 新提到的文件
  --json    以 JSON 输出全部变化
  --top N   文字输出时列出变化最大的 N 个（默认 10）
  --all     文字输出时列出全部变化`;

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, all: { type: 'boolean', default: false }, top: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const top = values.top === undefined ? 10 : Number(values.top);
if (positionals.length !== 2 || !Number.isInteger(top) || top < 1) {
  console.error(`${positionals.length !== 2 ? '需要正好两个报告文件。' : '--top 应为正整数。'}\n${USAGE}`);
  process.exit(2);
}
const reports: Report[] = [];
for (const file of positionals) {
  try {
    reports.push(await ingestFile(file));
  } catch (e) {
    console.error(`✗ ${file}：${e instanceof NotAReportError ? e.reason : e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
}
const [a, b] = reports as [Report, Report];
const c = compareReports(a, b);
if (values.json) console.log(JSON.stringify(c, null, 2));
else {
  if (a.year > b.year) console.log(`（提示：A 是${a.year}年、B 是${b.year}年，按“A → B”列出变化）`);
  console.log(describeComparison(c, values.all ? Infinity : top));
}
