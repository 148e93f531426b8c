// Bad input through ingestFile and through ingestIntoStore (what `npm run ingest` runs): a missing
// path, an empty file, a file that is not a report, a binary, a report with a broken table. Each
// gets a clear message naming the file and the problem; the other files are still ingested; the
// store on disk is never left half-written, and re-ingesting a file replaces its report.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../src/ingest/index.js';
import { ingestIntoStore } from '../src/knowledge.js';
import { NotAReportError } from '../src/model.js';
import { openStore } from '../src/store.js';
import { ARTICLE, writeBadFolder } from './helpers/bad.js';
import { readCatalog } from './helpers/store-disk.js';
import { TIANJIN, tianjinWith } from './helpers/tianjin.js';

let tmp: string;
let files: Record<string, string>;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gongkai-bad-'));
  files = writeBadFolder(join(tmp, 'in'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function reason(file: string): Promise<NotAReportError> {
  try {
    await ingestFile(file);
  } catch (e) {
    expect(e).toBeInstanceOf(NotAReportError);
    const err = e as NotAReportError;
    expect(err.file).toBe(file);
    expect(err.message).toBe(`${file}: ${err.reason}`);
    return err;
  }
  throw new Error(`${file} was ingested`);
}

describe('ingestFile on bad input', () => {
  it('a missing path: 文件不存在', async () => {
    expect((await reason(join(tmp, 'nope', 'missing.txt'))).reason).toBe('文件不存在');
  });

  it('a folder given as a file: 这是一个文件夹', async () => {
    expect((await reason(join(tmp, 'in'))).reason).toBe('这是一个文件夹');
  });

  it('an empty file, and one of blank lines: 文件是空的', async () => {
    expect((await reason(files.empty!)).reason).toBe('文件是空的');
    expect((await reason(files.blank!)).reason).toBe('文件是空的');
  });

  it('a Chinese article that is not a report: no report title', async () => {
    expect((await reason(files.article!)).reason).toMatch(/找不到报告标题.*不像是政府信息公开工作年度报告/);
  });

  it('an article with a report title but no report sections', async () => {
    const f = join(tmp, 'title-only.txt');
    writeFileSync(f, `某某局2020年政府信息公开工作年度报告\n${ARTICLE}`);
    expect((await reason(f)).reason).toMatch(/找不到年度报告的章节/);
  });

  it('random bytes, a PNG, and a PNG named .html: a binary file', async () => {
    for (const f of [files.random!, files.png!, files.pngHtml!]) expect((await reason(f)).reason).toMatch(/二进制文件/);
  });

  it('a report with broken table rows: those rows unread, by name and line, never guessed; the rest read', async () => {
    const r = await ingestFile(files.broken!);
    expect(r.agency).toBe('天津市工业和信息化局');
    expect(r.unread).toEqual([
      { table: '二', what: '第二十条第（五）项 › 行政许可', why: '应有3个数值，读到2个（7、644）', at: { line: 30 } },
      { table: '三', what: '三、本年度办理结果 › （三）不予公开 › 4.保护第三方合法权益', why: '应有7个数值，读到4个（1、0、0、1）', at: { line: 53 } },
      { table: '三', what: '三、本年度办理结果 › （五）不予处理 › 2.重复申请', why: '应有7个数值，读到2个（0、0）', at: { line: 62 } },
      // one number short of the fifteen: the report's own defect, a cell left out
      { table: '四', what: '表四的数据行', why: '应有15个数值，读到14个：有栏目空白', at: { line: 73 }, defect: { kind: 'blank', row: [], values: Array(14).fill(0) } },
    ]);
    // no fact for the broken rows, all the others as in the intact report
    expect(r.facts.some((f) => f.row.at(-1) === '行政许可')).toBe(false);
    expect(r.facts.some((f) => f.row.at(-1) === '4.保护第三方合法权益' || f.row.at(-1) === '2.重复申请')).toBe(false);
    expect(r.facts.some((f) => f.table === '四')).toBe(false);
    const intact = await ingestFile(TIANJIN);
    const key = (f: { row: string[]; column: string[] }) => `${f.row.join('›')}|${f.column.join('›')}`;
    const kept = intact.facts.filter((f) => r.facts.some((g) => key(g) === key(f)));
    expect(r.facts).toHaveLength(198 - 3 - 14 - 15);
    expect(r.facts.map((f) => [key(f), f.value])).toEqual(kept.map((f) => [key(f), f.value]));
    // the narrative is still read
    expect(r.figures.length).toBe(intact.figures.length);
    // an identity that needs an unread row is not checked (and so does not fail on a guess); the row
    // of table 四 printed one cell short is named, without saying which cell (all its numbers are 0)
    expect(r.findings.map((f) => [f.id.replace(/-[0-9a-f]{8}$/, ''), f.severity, f.message])).toEqual([
      ['t-short', 'warning', '表四的数据行应有15栏，只印了14个数（0 0 0 0 0 0 0 0 0 0 0 0 0 0），有一栏空白，无法确定是哪一栏'],
    ]);
  });
});

describe('ingestIntoStore (npm run ingest) on a folder of good and bad files, into a real store file', () => {
  it('reads the good ones, names every other file with its problem, and leaves a whole store on disk', async () => {
    const store = join(tmp, 'store', 'knowledge.json');
    const missing = join(tmp, 'no-such-folder');
    const log: string[] = [];
    const { results, storeFile } = await ingestIntoStore([join(tmp, 'in'), missing], { store, dir: join(tmp, 'knowledge'), log: (l) => log.push(l) });
    expect(storeFile).toBe(store);
    const byFile = Object.fromEntries(results.map((r) => [r.file, r]));
    expect(byFile[files.good!]!.report!.agency).toBe('天津市工业和信息化局');
    expect(byFile[files.page!]!.report!.source.format).toBe('html');
    expect(byFile[files.broken!]!.report!.unread).toHaveLength(4);
    expect(byFile[files.empty!]!.problem).toBe('文件是空的');
    expect(byFile[files.blank!]!.problem).toBe('文件是空的');
    expect(byFile[files.article!]!.problem).toMatch(/找不到报告标题/);
    expect(byFile[files.random!]!.problem).toMatch(/二进制文件/);
    expect(byFile[files.pngHtml!]!.problem).toMatch(/二进制文件/);
    // a file of no report format in the folder is named, not silently passed over
    expect(byFile[files.png!]!.problem).toMatch(/这是图片（\.png），不是报告文件：扫描件请合成为 PDF/);
    expect(byFile[missing]!.problem).toBe('路径不存在或无法读取');
    expect(results).toHaveLength(10);

    // the file on disk: it parses, holds exactly the three good reports, and no temp or lock file is left
    const onDisk = readCatalog(store);
    expect(onDisk.reports.map((r) => r[0]).sort()).toEqual([files.broken!, files.good!, files.page!].sort());
    expect(readdirSync(join(tmp, 'store'))).toEqual(['knowledge.json', 'knowledge.json.d']);
    const { db, corrupt } = await openStore(store);
    expect(corrupt).toBeUndefined();
    expect(db.data.reports.find((r) => r.id === files.good!)!.facts).toHaveLength(198);
    expect(db.data.stamps[files.article!]!.problem).toMatch(/找不到报告标题/);
  });

  it('a second ingest of the same file replaces its report, never duplicates it', async () => {
    const store = join(tmp, 'store2', 'knowledge.json');
    const dir = join(tmp, 'knowledge');
    await ingestIntoStore([files.good!, files.page!], { store, dir });
    await ingestIntoStore([files.good!], { store, dir });
    // the file changes: one cell 20 → 21
    const changed = join(tmp, 'in2', 'tianjin.txt');
    mkdirSync(join(tmp, 'in2'), { recursive: true });
    writeFileSync(changed, tianjinWith('一、本年新收政府信息公开申请数量 | 20 |', '一、本年新收政府信息公开申请数量 | 21 |'));
    await ingestIntoStore([changed], { store, dir });
    writeFileSync(changed, readFileSync(TIANJIN));
    const { results } = await ingestIntoStore([changed, files.good!], { store, dir });
    expect(results.every((r) => r.report)).toBe(true);
    const { db } = await openStore(store);
    expect(db.data.reports.map((r) => r.id).sort()).toEqual([changed, files.good!, files.page!].sort());
    const again = db.data.reports.find((r) => r.id === changed)!;
    expect(again.findings).toEqual([]);
    expect(again.facts.find((f) => f.row[0] === '一、本年新收政府信息公开申请数量')!.value).toBe(20);
    expect(db.data.extra.filter((f) => f === changed)).toHaveLength(1);
  });

  it('a file that was a report and no longer reads loses its old report', async () => {
    const store = join(tmp, 'store3', 'knowledge.json');
    const dir = join(tmp, 'knowledge');
    const f = join(tmp, 'in3', 'report.txt');
    mkdirSync(join(tmp, 'in3'), { recursive: true });
    copyFileSync(TIANJIN, f);
    await ingestIntoStore([f], { store, dir });
    writeFileSync(f, '');
    const { results } = await ingestIntoStore([f], { store, dir });
    expect(results).toEqual([{ file: f, problem: '文件是空的' }]);
    const { db } = await openStore(store);
    expect(db.data.reports).toEqual([]);
    expect(existsSync(store)).toBe(true);
  });
});
