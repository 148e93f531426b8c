// npm run ingest -- PATH|URL… [--store FILE] [--knowledge DIR]
// npm run ingest -- --list | --remove FILE|ID [--store FILE] [--knowledge DIR]
// Reads report files (or folders of them, or web addresses) into the knowledge store and says, for
// each, what was read, what was left unread and why, and what the 报告自检 found; lists what the
// store holds; removes one report.
import { ingestIntoStore, listStore, removeFromStore } from '../knowledge.js';
import { listLine, summarize } from './summary.js';
import { knowledgeFolder, parseCli, shown } from './args.js';

const USAGE = [
  '用法：npm run ingest -- 文件、文件夹或网址… [--store 知识库文件] [--knowledge 知识文件夹]',
  '      npm run ingest -- --list                 列出已读取的报告',
  '      npm run ingest -- --remove 文件或ID      移除一份报告',
].join('\n');
const { values, positionals } = parseCli(USAGE, {
  store: { type: 'string' },
  knowledge: { type: 'string' },
  list: { type: 'boolean' },
  remove: { type: 'string', multiple: true },
});
knowledgeFolder(values.knowledge, USAGE, { mayBeNew: true });
const opts = { store: values.store, dir: values.knowledge };
if (values.list) {
  const { entries, storeFile } = await listStore(opts);
  console.log(`知识库：${storeFile}`);
  if (!entries.length) console.log('（空：还没有读取任何报告）');
  for (const e of entries) console.log(e.report ? listLine(e.report) : `✗ ${e.id}\n  未读取：${e.problem}`);
  const n = entries.filter((e) => e.report).length;
  console.log(`\n共 ${n} 份报告${entries.length > n ? `，另有 ${entries.length - n} 个文件未能读取或已移除` : ''}。`);
  process.exit(0);
}
if (values.remove?.length) {
  let missing = 0;
  for (const target of values.remove) {
    const { removed, storeFile, unsaved } = await removeFromStore(target, opts);
    if (unsaved) {
      missing++;
      console.log(`✗ 未能移除 ${target}：知识库 ${storeFile} 无法写入（${unsaved}）`);
    } else if (removed.length) for (const id of removed) console.log(`已移除 ${id}（知识库：${storeFile}）`);
    else {
      missing++;
      console.log(`✗ 知识库中没有 ${target}：用 npm run ingest -- --list 查看已读取的报告及其文件名`);
    }
  }
  process.exit(missing ? 1 : 0);
}
if (!positionals.length) {
  console.log(USAGE);
  process.exit(2);
}
// each report summarized as it is read and let go: memory stays flat whatever the folder's size
const { results, storeFile, unsaved } = await ingestIntoStore(positionals, { ...opts, keepReports: false, summarize, log: (l) => console.error(l) });
let bad = 0;
for (const r of results) {
  if (!r.problem) console.log(`✓ ${shown(r.file)}\n${r.summary}\n`);
  else {
    bad++;
    console.log(`✗ ${shown(r.file)}\n  无法读取：${r.problem}\n`);
  }
}
const ok = results.length - bad;
console.log(`共 ${results.length} 个文件：读取 ${ok} 个，未能读取 ${bad} 个。知识库：${storeFile}`);
if (unsaved) console.log(`知识库未能保存（${unsaved}）：以上读取结果没有写入知识库。`);
process.exit(ok === 0 || unsaved ? 1 : 0);
