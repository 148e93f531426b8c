// Answering from a store without loading every report (src/answer/catalog.ts), on both stores: the
// lowdb file and PostgreSQL (a real server when DATABASE_URL is set, else PGlite). Real report
// files, real ingestion; the conversation module asks, as every channel does.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogKnowledge } from '../src/answer/catalog.js';
import { answer } from '../src/answer/index.js';
import { startWeb } from '../bots/web/server.js';
import { createChat } from '../src/conversation/chat.js';
import { openKnowledge, reportCount } from '../src/knowledge.js';
import { FileStore, type KnowledgeStore } from '../src/store.js';
import { PG_KIND, testPg, type TestPg } from './helpers/pg.js';
import { TIANJIN, TIANJIN_TEXT } from './helpers/tianjin.js';

const root = mkdtempSync(join(tmpdir(), 'gongkai-on-demand-'));
let pg: TestPg;
beforeAll(async () => {
  pg = await testPg();
}, 60_000);
afterAll(async () => {
  await pg?.close();
  rmSync(root, { recursive: true, force: true });
});

const GXJ = '天津市工业和信息化局';
const KJJ = '天津市科学技术局';
const SJJ = '天津市审计局';
// a sentence only the 科学技术局's report has, in its 总体情况
const TALKS = '全年组织科普讲座36场，覆盖群众1.2万人次。';

let n = 0;
let dir: string;
let file: string;

/** Four reports of three agencies: 工信局 2020 and 2019, 科技局 2020 (with its own sentence), 审计局 2021. */
function folder(): void {
  dir = join(root, String(n++), 'knowledge');
  file = join(dir, '..', 'store.json');
  mkdirSync(dir, { recursive: true });
  copyFileSync(TIANJIN, join(dir, 'gxj-2020.txt'));
  writeFileSync(join(dir, 'gxj-2019.txt'), TIANJIN_TEXT.replace('2020年政府信息公开工作年度报告', '2019年政府信息公开工作年度报告'));
  const kjj = TIANJIN_TEXT.replaceAll(GXJ, KJJ).split('\n');
  kjj.splice(5, 0, TALKS);
  writeFileSync(join(dir, 'kjj-2020.txt'), kjj.join('\n'));
  writeFileSync(join(dir, 'sjj-2021.txt'), TIANJIN_TEXT.replaceAll(GXJ, SJJ).replace('2020年政府信息公开工作年度报告', '2021年政府信息公开工作年度报告'));
}

const backends: { name: string; store: () => KnowledgeStore }[] = [
  { name: 'lowdb file', store: () => new FileStore(file) },
  { name: PG_KIND, store: () => pg.store() },
];

describe.each(backends)('answering on demand: $name', (b) => {
  beforeEach(async () => {
    folder();
    await pg.reset();
    // the folder read into the store once (as `npm run ingest` or the ingest worker does)
    const k = await openKnowledge({ dir, store: b.store(), onDemand: false });
    expect(k.reports).toHaveLength(4);
  });

  it('a bot instance loads the agency index only, and fetches the reports of the agency a question names', async () => {
    const k = await openKnowledge({ dir, store: b.store(), scan: false, onDemand: true });
    expect(k.reports).toEqual([]);
    expect(reportCount(k)).toBe(4);
    const c = k.catalog!;
    expect(c.cache.fetches).toBe(0);
    const view = await c.knowledgeFor('天津市工信局2020年收到多少政府信息公开申请？');
    expect(view.reports.map((r) => `${r.agency}${r.year}`).sort()).toEqual([`${GXJ}2019`, `${GXJ}2020`]);
    const chat = createChat({ knowledge: k });
    const t = await chat.ask('a', '天津市工信局2020年收到多少政府信息公开申请？');
    expect(t.reply.figures[0]!.value).toBe(23);
    expect(t.reply.citations[0]!.report).toBe(`${GXJ}2020年政府信息公开工作年度报告`);
    // a follow-up keeps the agency: its other year was fetched with it
    const f = await chat.ask('a', '那2019年呢');
    expect(f.reply.figures[0]!.value).toBe(23);
    expect(f.reply.citations[0]!.report).toBe(`${GXJ}2019年政府信息公开工作年度报告`);
    // the same agency again: from the cache
    const before = c.cache.fetches;
    await chat.ask('b', '天津市工信局2019年行政复议有多少件？');
    expect(c.cache.fetches).toBe(before);
  });

  it('a question naming no agency is answered from the reports holding its words (the inverted index), not from every report', async () => {
    const k = await catalogKnowledge(b.store(), {}, { unnamed: 1 });
    const view = await k.catalog!.knowledgeFor('组织了多少场科普讲座？');
    expect(view.reports.map((r) => r.agency)).toEqual([KJJ]);
    const r = await createChat({ knowledge: k }).ask('c', '组织了多少场科普讲座？');
    expect(r.reply.figures[0]).toMatchObject({ value: 36, unit: '场' });
    expect(r.reply.citations[0]!.report).toBe(`${KJJ}2020年政府信息公开工作年度报告`);
    // words no report holds: the newest report is read, and nothing is claimed
    const none = await createChat({ knowledge: k }).ask('d', '举办了多少场马拉松比赛？');
    expect(none.reply.figures).toEqual([]);
  });

  it('a question naming a year and no agency is answered from reports of that year; naming neither, the agency is asked for with the store\'s count', async () => {
    const k = await catalogKnowledge(b.store(), {}, { unnamed: 2 });
    const chat = createChat({ knowledge: k });
    // the only 2019 report is not among the 2 newest: still found, never "no 2019 report"
    const y = await chat.ask('y', '2019年收到多少政府信息公开申请？');
    expect(y.reply.figures[0]?.value).toBe(23);
    expect(y.reply.citations[0]!.report).toBe(`${GXJ}2019年政府信息公开工作年度报告`);
    const which = await chat.ask('w', '行政复议有多少件？');
    expect(which.reply.kind).toBe('choice');
    expect(which.reply.figures).toEqual([]);
    expect(which.reply.lines[0]).toBe('问题没有说明是哪个机关，知识库中有3个机关的报告。请说出机关名称，例如：');
    // nothing found: said of the reports read, not of the whole store
    const none = await chat.ask('m', '举办了多少场马拉松比赛？');
    expect(none.reply.figures).toEqual([]);
    expect(none.reply.lines[0]).toMatch(/^知识库共4份报告，按问题的用词读过的2份中没有/);
  });

  it('what is said of the whole knowledge is said of the store: the count, the agencies, 去年', async () => {
    const k = await openKnowledge({ dir, store: b.store(), scan: false, onDemand: true });
    const chat = createChat({ knowledge: k });
    const list = await chat.ask('e', '/reports');
    expect(list.reply.lines[0]).toBe('知识库中共有4份报告，来自3个机关：');
    expect(list.reply.lines.join('\n')).toContain(`· ${GXJ}：2019、2020年`);
    // 去年 is the year before the newest report of the store (2021, the 审计局's), not of the agency's reports fetched
    const last = await chat.ask('f', '天津市工信局去年收到多少政府信息公开申请？');
    expect(last.reply.figures[0]!.value).toBe(23);
    expect(last.reply.citations[0]!.report).toBe(`${GXJ}2020年政府信息公开工作年度报告`);
    // 报告自检 of one agency: its reports only, and the example it gives works
    const check = await chat.ask('x', `${KJJ}报告自检`);
    expect(check.reply.kind).toBe('check');
    expect(check.reply.lines[1]).toMatch(/^（知识库共有4份报告，以下是其中1份。要看某个机关的报告，例如：“(.+)报告自检”。）$/);
    const example = /例如：“(.+)”/.exec(check.reply.lines[1]!)![1]!;
    const again = await chat.ask('x2', example);
    expect(again.reply.kind).toBe('check');
    expect(again.reply.lines.join('\n')).toContain(`【${example.replace('报告自检', '')}`);
    // an agency the store lacks: refused, naming what the store holds
    const unknown = await chat.ask('g', '天津市民政局2020年收到多少政府信息公开申请？');
    expect(unknown.reply.figures).toEqual([]);
    expect(unknown.rendered.notes.join('\n')).toContain(SJJ);
  });

  it('a ranking over agencies nobody named is not made from the reports fetched; among named agencies it is', async () => {
    const k = await catalogKnowledge(b.store(), {}, { unnamed: 2 });
    const chat = createChat({ knowledge: k });
    const all = await chat.ask('h', '哪个机关收到的政府信息公开申请最多？');
    expect(all.reply.figures).toEqual([]);
    expect(all.reply.lines[0]).toContain('知识库中有3个机关的4份报告');
    const two = await chat.ask('i', '天津市工信局和天津市审计局哪个收到的政府信息公开申请最多？');
    // both printed 23: the same answer as from the folder in memory
    const memory = answer('天津市工信局和天津市审计局哪个收到的政府信息公开申请最多？', { knowledge: await openKnowledge({ dir, store: b.store(), onDemand: false }) });
    expect(two.reply.figures).toEqual(memory.figures);
  });

  it('the web server over a store answered on demand: the list and counts from the catalog, and an upload goes into the store', async () => {
    const k = await openKnowledge({ dir, store: b.store(), scan: false, onDemand: true });
    const web = await startWeb(k, { WEB_PORT: '0', HOST: '127.0.0.1', WEB_DATA_DIR: join(dir, '..', 'web'), KNOWLEDGE_DIR: dir, WEB_STAFF_TOKEN: 'staff' }, { log: () => {} });
    try {
      const list = (await (await fetch(`${web.url}/api/reports`)).json()) as { count: number; agencies: number; reports: { agency: string; year: number }[] };
      expect(list.count).toBe(4);
      expect(list.agencies).toBe(3);
      expect(list.reports.map((r) => `${r.agency}${r.year}`)).toEqual([`${GXJ}2020`, `${GXJ}2019`, `${SJJ}2021`, `${KJJ}2020`].sort((x, y) => x.slice(0, -4).localeCompare(y.slice(0, -4), 'zh') || Number(y.slice(-4)) - Number(x.slice(-4))));
      expect(((await (await fetch(`${web.url}/healthz`)).json()) as { reports: number }).reports).toBe(4);
      const ask = async (question: string) =>
        (await (await fetch(`${web.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) })).json()) as { figures: { value: number }[] };
      expect((await ask('天津市科技局2020年收到多少政府信息公开申请？')).figures[0]!.value).toBe(23);
      // a staff upload of a fifth agency's report: into the store, and answered at once
      const upload = TIANJIN_TEXT.replaceAll(GXJ, '天津市统计局');
      const added = (await (await fetch(`${web.url}/api/check?name=tjj-2020.txt&add=1`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-staff-token': 'staff' }, body: upload })).json()) as { added: string };
      expect(added.added).toBe('已加入知识库');
      expect((await b.store().list()).map((r) => r.agency)).toContain('天津市统计局');
      expect(((await (await fetch(`${web.url}/healthz`)).json()) as { reports: number }).reports).toBe(5);
      expect((await ask('天津市统计局2020年收到多少政府信息公开申请？')).figures[0]!.value).toBe(23);
    } finally {
      await web.stop();
    }
  });

  it('opening with the folder read: a changed file is read again, a gone one leaves, the rest is not loaded', async () => {
    const kjj = TIANJIN_TEXT.replaceAll(GXJ, KJJ).split('\n');
    kjj.splice(5, 0, '全年组织科普讲座48场。');
    writeFileSync(join(dir, 'kjj-2020.txt'), kjj.join('\n'));
    rmSync(join(dir, 'sjj-2021.txt'));
    const log: string[] = [];
    // either store is opened without its reports (stamps and ids only: the file store's catalog)
    const store = b.store();
    const load = store.load.bind(store);
    let whole = 0;
    store.load = (o) => (o?.reports === false || whole++, load(o));
    const k = await openKnowledge({ dir, store, onDemand: true, log: (l) => log.push(l) });
    expect(whole).toBe(0);
    expect(log.filter((l) => l.startsWith('已读取'))).toEqual([`已读取 ${join(dir, 'kjj-2020.txt')}`]);
    expect(k.reports).toEqual([]);
    expect(reportCount(k)).toBe(3);
    const chat = createChat({ knowledge: k });
    expect((await chat.ask('k', '天津市科技局2020年组织了多少场科普讲座？')).reply.figures[0]).toMatchObject({ value: 48, unit: '场' });
    expect((await chat.ask('l', '天津市审计局2021年收到多少政府信息公开申请？')).reply.figures).toEqual([]);
  });

  it('an input-method typo in the agency is read through the whole store', async () => {
    const k = await catalogKnowledge(b.store());
    const t = await createChat({ knowledge: k }).ask('j', '天津市审记局2021年收到多少政府信息公开申请？');
    expect(t.reply.figures[0]?.value).toBe(23);
    expect(t.reply.citations[0]!.report).toBe(`${SJJ}2021年政府信息公开工作年度报告`);
  });
});
