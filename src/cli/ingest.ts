// npm run ingest -- PATH… [--store FILE] [--knowledge DIR]
// Reads report files (or folders of them) into the knowledge store and says, for each, what was
// read, what was left unread and why, and what the 报告自检 found.
import { parseArgs } from 'node:util';
import { ingestIntoStore } from '../knowledge.js';
import { summarize } from './summary.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { store: { type: 'string' }, knowledge: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help || !positionals.length) {
  console.log('用法：npm run ingest -- 文件或文件夹… [--store 知识库文件] [--knowledge 知识文件夹]');
  process.exit(positionals.length || values.help ? 0 : 2);
}
const { results, storeFile, unsaved } = await ingestIntoStore(positionals, { store: values.store, dir: values.knowledge, log: (l) => console.error(l) });
let bad = 0;
for (const r of results) {
  if (r.report) console.log(`✓ ${r.file}\n${summarize(r.report)}\n`);
  else {
    bad++;
    console.log(`✗ ${r.file}\n  无法读取：${r.problem}\n`);
  }
}
const ok = results.length - bad;
console.log(`共 ${results.length} 个文件：读取 ${ok} 个，未能读取 ${bad} 个。知识库：${storeFile}`);
if (unsaved) console.log(`知识库未能保存（${unsaved}）：以上读取结果没有写入知识库。`);
process.exit(ok === 0 || unsaved ? 1 : 0);
