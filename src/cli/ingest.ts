// npm run ingest -- PATH… [--store FILE] [--knowledge DIR]
// Reads report files (or folders of them) into the knowledge store and says, for each, what was
// read, what was left unread and why, and what the 报告自检 found.
import { ingestIntoStore } from '../knowledge.js';
import { summarize } from './summary.js';
import { knowledgeFolder, parseCli, shown } from './args.js';

const USAGE = '用法：npm run ingest -- 文件或文件夹… [--store 知识库文件] [--knowledge 知识文件夹]';
const { values, positionals } = parseCli(USAGE, { store: { type: 'string' }, knowledge: { type: 'string' } });
if (!positionals.length) {
  console.log(USAGE);
  process.exit(2);
}
knowledgeFolder(values.knowledge, USAGE, { mayBeNew: true });
const { results, storeFile } = await ingestIntoStore(positionals, { store: values.store, dir: values.knowledge });
let bad = 0;
for (const r of results) {
  if (r.report) console.log(`✓ ${shown(r.file)}\n${summarize(r.report)}\n`);
  else {
    bad++;
    console.log(`✗ ${shown(r.file)}\n  无法读取：${r.problem}\n`);
  }
}
const ok = results.length - bad;
console.log(`共 ${results.length} 个文件：读取 ${ok} 个，未能读取 ${bad} 个。知识库：${storeFile}`);
process.exit(ok === 0 ? 1 : 0);
