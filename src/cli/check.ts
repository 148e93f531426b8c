// npm run check -- [--json | --html] [--out FILE] [--seen FILE] [--districts 甲区,乙县] [--with PATH]… FILE…
// The full 报告自检 of each report, read from the files (the knowledge store is never read or
// written). The files given are each other's context: the same agency's previous year, a city's
// districts; --with adds reports (files or folders) read as context only, not reviewed.
// Exit status: 0 no finding; 1 at least one finding not marked seen (any severity); 2 usage, or a
// file that could not be read as a report.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { reviewReport } from '../check.js';
import { renderHtml, renderJson, renderText, type Checked, type Unreadable } from '../check/render.js';
import { REPORT_EXTENSIONS } from '../ingest/index.js';
import { reasonOf } from '../ingest/limits.js';
import { ingestFileLimited } from '../ingest/worker.js';
import type { Report } from '../model.js';
import { parseCli } from './args.js';

const USAGE = `用法：npm run check -- [--json | --html] [--out 文件] [--seen 文件] [--districts 甲区,乙县] 报告文件…
  --json        以 JSON 输出
  --html        输出可打印的 HTML 页面（配合 --out 保存）
  --out 文件    写入文件而不是标准输出
  --seen 文件   已看过的发现编号（每行一个）；它们照常列出，但不计入退出状态
  --districts   市级报告的全部区县名（逗号分隔），用于与各区县报告之和比较
  --with 路径   只作参照的报告文件或文件夹（如上一年的报告、各区县报告），不检查它们本身；可重复
退出状态：0 没有发现；1 有未标记看过的发现；2 用法错误或有文件读不了`;

const { values, positionals } = parseCli(USAGE, {
  json: { type: 'boolean', default: false },
  html: { type: 'boolean', default: false },
  out: { type: 'string' },
  seen: { type: 'string' },
  districts: { type: 'string' },
  with: { type: 'string', multiple: true },
});
if (!positionals.length || (values.json && values.html)) {
  console.log(USAGE);
  process.exit(2);
}

let seen = new Set<string>();
if (values.seen) {
  try {
    seen = new Set(readFileSync(values.seen, 'utf8').split(/\s+/).filter(Boolean));
  } catch (e) {
    console.error(`读不了 --seen 文件 ${values.seen}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    process.exit(2);
  }
}

const reports: Report[] = [];
const unreadable: Unreadable[] = [];
for (const file of positionals) {
  try {
    reports.push(await ingestFileLimited(file));
  } catch (e) {
    unreadable.push({ file, reason: reasonOf(e) });
  }
}
/** Report files of a path: the file itself, or the report files under a folder. */
function filesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((f) => REPORT_EXTENSIONS.includes(extname(f).toLowerCase()))
    .sort()
    .map((f) => join(path, f));
}
const context: Report[] = [];
for (const path of values.with ?? []) {
  let files: string[];
  try {
    files = filesOf(path);
  } catch (e) {
    console.error(`--with ${path}：${(e as NodeJS.ErrnoException).code === 'ENOENT' ? '不存在' : (e as Error).message}`);
    process.exit(2);
  }
  for (const file of files) {
    try {
      context.push(await ingestFileLimited(file));
    } catch (e) {
      console.error(`（参照文件 ${file} 未能读取：${reasonOf(e)}）`);
    }
  }
}
const districts = values.districts?.split(/[,，、\s]+/).filter(Boolean);
const others = [...reports, ...context];
const checked: Checked[] = reports.map((report) => ({ report, findings: reviewReport(report, { others, districts }) }));
const output = values.json ? renderJson(checked, unreadable, seen) : values.html ? renderHtml(checked, unreadable, seen) : renderText(checked, unreadable, seen);
if (values.out) {
  try {
    writeFileSync(values.out, output + '\n');
    console.log(`已写入 ${values.out}`);
  } catch (e) {
    console.error(`写不了 ${values.out}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    process.exit(2);
  }
} else console.log(output);

const open = checked.some((c) => c.findings.some((f) => !seen.has(f.id)));
process.exit(unreadable.length ? 2 : open ? 1 : 0);
