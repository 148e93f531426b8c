// Conversations that never get stuck, and the kinds answered on the report's facts: a refused turn
// changes nothing, 新对话 starts afresh on every channel, a conversation over other knowledge is not
// resumed; yes/no in the right direction, computed figures in ordinary words, lists and whole passages,
// charts on request, English replies in English. Through the chat API (and the console and the web
// server) on the bundled report and, where present, the shared reports (../shared/corpus).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole } from '../bots/console/console.js';
import { startWeb, type WebHandle } from '../bots/web/server.js';
import { createChat, type ConversationState } from '../src/conversation/chat.js';
import { FileStore } from '../src/conversation/store.js';
import { ingestFile } from '../src/ingest/index.js';
import { openKnowledge, type Knowledge } from '../src/knowledge.js';
import { REPO, TIANJIN } from './helpers/tianjin.js';

const CORPUS = join(REPO, '..', 'shared', 'corpus');
const HAS_CORPUS = existsSync(CORPUS);

let tianjin: Knowledge; // the bundled report: 天津市工信局 2020 only
let corpus: Knowledge | undefined; // the shared reports: 洪泽区 2023 and 2024 (two names), 上海市科委 2024, …
let tmp: string;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gongkai-kinds-'));
  tianjin = { reports: [await ingestFile(TIANJIN)] };
  if (HAS_CORPUS) corpus = await openKnowledge({ dir: CORPUS, store: join(tmp, 'corpus-store.json') });
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The reply a question gets asked alone, in a conversation of its own. */
async function alone(k: Knowledge, q: string): Promise<string> {
  return (await createChat({ knowledge: k }).ask('alone', q)).rendered.text;
}

const ORDINARY = ['自然人申请占比多少', '出台了什么政策', '行政许可处理了多少件', '有多少件申请结转到下一年', '自然人申请了多少件'];

describe('a refused turn poisons nothing', () => {
  it('那去年呢 with no 2019 report is refused; the next five questions, 谢谢 and 新对话 are answered as if asked alone', async () => {
    const chat = createChat({ knowledge: tianjin });
    const first = await chat.ask('c', '那去年呢');
    expect(first.reply.kind).toBe('refusal');
    expect(first.reply.figures).toEqual([]);
    for (const q of ORDINARY) expect((await chat.ask('c', q)).rendered.text).toBe(await alone(tianjin, q));
    const thanks = await chat.ask('c', '谢谢');
    expect(thanks.reply.kind).toBe('smalltalk');
    expect(thanks.rendered.text).toBe(await alone(tianjin, '谢谢'));
    expect((await chat.ask('c', '新对话')).rendered.text).toMatch(/已开始新对话/);
  });

  it('positive twin: a follow-up that leans on the conversation still uses it (那企业呢 after the requests)', async () => {
    const chat = createChat({ knowledge: tianjin });
    await chat.ask('c', '天津市工信局2020年收到多少政府信息公开申请？');
    await chat.ask('c', '那去年呢'); // refused: no 2019 report
    expect((await chat.ask('c', '那企业呢')).reply.figures[0]).toMatchObject({ value: 3 });
  });

  it('X呢 after figures asks the figure of X, turn after turn; 怎么…呢 asks in its own words (a passage, no figure)', async () => {
    const chat = createChat({ knowledge: tianjin });
    expect((await chat.ask('c', '服务号发了几条')).reply.figures[0]).toMatchObject({ value: 128 });
    expect((await chat.ask('c', '网站上的原创文章呢')).reply.figures[0]).toMatchObject({ value: 105 });
    expect((await chat.ask('c', '各专题专栏呢')).reply.figures[0]).toMatchObject({ value: 323 });
    const how = (await chat.ask('c', '那网站是怎么建设的呢')).reply;
    expect(how.figures).toEqual([]);
    expect(how.kind).toBe('passage');
  });

  it.skipIf(!HAS_CORPUS)('an ask-back between two figures printed alike tells them apart, so that a choice does not ask again (skipped without ../shared)', async () => {
    const chat = createChat({ knowledge: corpus! });
    const asked = (await chat.ask('v', '上海市科委2024年累计观看量是多少')).reply;
    expect(asked.kind).toBe('choice');
    const labels = asked.choices!.map((c) => c.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(new Set(asked.choices!.map((c) => c.question)).size).toBe(labels.length);
    const live = labels.findIndex((l) => l.startsWith('直播'));
    expect(live).toBeGreaterThanOrEqual(0);
    expect((await chat.ask('v', String(live + 1))).reply.figures[0]).toMatchObject({ value: 303855 });
  });

  it('a follow-up with no word of its own asks of the figures beside the previous answer (来了多少人 after the 座谈会)', async () => {
    const chat = createChat({ knowledge: tianjin });
    expect((await chat.ask('c', '智能制造政策座谈会请了多少家企业机构')).reply.figures[0]).toMatchObject({ value: 12 });
    const came = (await chat.ask('c', '来了多少人')).reply;
    expect(came.figures[0]).toMatchObject({ value: 22 });
    expect(came.citations[0]?.quote).toContain('22名企业代表和专家参会');
    // the twin: asked alone, the same words name nothing the report states
    expect((await createChat({ knowledge: tianjin }).ask('d', '来了多少人')).reply.figures).toEqual([]);
  });

  it('结转到下一年 sets no year: the next question is answered for 2020', async () => {
    const chat = createChat({ knowledge: tianjin });
    expect((await chat.ask('c', '有多少件申请结转到下一年')).reply.figures[0]).toMatchObject({ value: 0 });
    const next = await chat.ask('c', '自然人申请了多少件');
    expect(next.reply.figures[0]).toMatchObject({ value: 20 });
    expect(next.reply.query?.years).not.toContain(2021);
  });

  it('context does not bleed into a complete question; 2021年的计划 keeps the conversation on the 2020 report', async () => {
    const chat = createChat({ knowledge: tianjin });
    await chat.ask('c', '清理规范性文件，废止了多少件');
    expect((await chat.ask('c', '行政许可处理了多少件')).reply.figures[0]).toMatchObject({ value: 644 });
    await chat.ask('c', '2021年打算重点抓好哪些工作');
    expect((await chat.ask('c', '第二条具体说了啥')).rendered.text).toMatch(/进一步推进平台建设/);
    expect((await chat.ask('c', '第三条呢')).rendered.text).toMatch(/继续加强培训及考核工作/);
  });

  it('去年 with no year in the conversation answers from the newest report and says which; 那天津工信局呢 re-asks a refused question', async () => {
    const r = await createChat({ knowledge: tianjin }).ask('c', '去年收到多少申请');
    expect(r.reply.figures[0]).toMatchObject({ value: 23 });
    expect(r.rendered.text).toMatch(/最新为2020年报告/);
    const chat = createChat({ knowledge: tianjin });
    expect((await chat.ask('c', '上海市经信委2020年收到多少信息公开申请')).reply.figures).toEqual([]);
    expect((await chat.ask('c', '那天津市工信局呢')).reply.figures[0]).toMatchObject({ value: 23 });
  });
});

describe('新对话 and other knowledge start afresh', () => {
  it('新对话 (and /new) forget the conversation: 那企业呢 after it is not read against the earlier question', async () => {
    for (const word of ['新对话', '/new']) {
      const chat = createChat({ knowledge: tianjin });
      await chat.ask('c', '天津市工信局2020年收到多少政府信息公开申请？');
      await chat.ask('c', word);
      expect((await chat.ask('c', '那企业呢')).rendered.text).toBe(await alone(tianjin, '那企业呢'));
    }
  });

  it('the console does not resume a conversation saved over another knowledge folder (and does over the same one)', async () => {
    const store = join(tmp, 'console.json');
    const run = async (k: Knowledge, lines: string[]) => {
      const input = new PassThrough();
      const output = new PassThrough();
      let out = '';
      output.on('data', (c) => (out += String(c)));
      const done = startConsole(k, { input, output, store: new FileStore<ConversationState>(store) });
      for (const l of lines) input.write(l + '\n');
      input.end();
      await done;
      return out;
    };
    await run(tianjin, ['天津市工信局2020年收到多少政府信息公开申请？']);
    expect(await run(tianjin, ['那企业呢'])).toContain('商业企业3件');
    // another folder: another agency's report of 2021 (the saved conversation's agency and year are not in it)
    const f = join(tmp, 'kjj-2021.txt');
    writeFileSync(f, readFileSync(TIANJIN, 'utf8').replace(/天津市工业和信息化局/g, '天津市科学技术局').replace('2020年政府信息公开工作年度报告', '2021年政府信息公开工作年度报告'));
    const other: Knowledge = { reports: [await ingestFile(f)] };
    const there = await run(other, ['那企业呢']);
    expect(there).toContain((await alone(other, '那企业呢')).split('\n')[0]!);
    expect(there).not.toMatch(/没有.*2020年/);
  });

  it('the console: a refused turn, five ordinary questions, 谢谢 and 新对话, each as if asked alone', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (c) => (out += String(c)));
    const done = startConsole(tianjin, { input, output, store: new FileStore<ConversationState>(join(tmp, 'console-2.json')) });
    for (const l of ['那去年呢', ...ORDINARY, '谢谢', '新对话']) input.write(l + '\n');
    input.end();
    await done;
    for (const q of ORDINARY) expect(out).toContain((await alone(tianjin, q)).split('\n')[0]!);
    expect(out).toContain('不客气');
    expect(out).toContain('已开始新对话');
    expect(out.match(/没有2019年/g)?.length).toBe(1);
  });

  it('one web conversation: the same turns over HTTP, each as if asked alone', async () => {
    const web: WebHandle = await startWeb(tianjin, { WEB_PORT: '0', WEB_DATA_DIR: join(tmp, 'web'), WEB_RATE_LIMIT: '1000' }, { log: () => {} });
    try {
      const ask = async (question: string) =>
        (await (await fetch(`${web.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question, conversation: 'w1' }) })).json()) as { answer: string; figures: unknown[] };
      expect((await ask('那去年呢')).figures).toEqual([]);
      for (const q of ORDINARY) expect((await ask(q)).answer).toBe(await alone(tianjin, q));
      expect((await ask('谢谢')).answer).toBe(await alone(tianjin, '谢谢'));
      expect((await ask('新对话')).answer).toMatch(/已开始新对话/);
    } finally {
      await web.stop();
    }
  });
});

describe('yes/no from the facts, in the right direction', () => {
  it('有没有被申请行政复议 on a report printing 未发生…行政复议 (and 0 in table 四) → 没有', async () => {
    const r = (await createChat({ knowledge: tianjin }).ask('c', '有没有被申请行政复议')).reply;
    expect(r.kind).toBe('yesno');
    expect(r.lines[0]).toMatch(/^没有/);
    expect(r.figures[0]).toMatchObject({ value: 0 });
  });

  it('有上年结转过来的吗 → 没有（上年结转…0件）, with the figure', async () => {
    const r = (await createChat({ knowledge: tianjin }).ask('c', '有上年结转过来的吗')).reply;
    expect(r.lines[0]).toMatch(/^没有（上年结转.*0件）/);
    expect(r.figures[0]).toMatchObject({ value: 0 });
  });

  it('positive twin: 有申请被拒绝公开的吗 → 有 (不予公开 1件)', async () => {
    const r = (await createChat({ knowledge: tianjin }).ask('c', '有申请被拒绝公开的吗')).reply;
    expect(r.lines[0]).toMatch(/^有（/);
    expect(r.figures[0]).toMatchObject({ value: 1 });
  });

  it.skipIf(!HAS_CORPUS)('洪泽区2024年有没有被申请行政复议 → 有 (2件); 市科委2024年那件行政复议有没有被纠错 → 没有, quoting 未被…纠错', async () => {
    const yes = (await createChat({ knowledge: corpus! }).ask('c', '洪泽区2024年有没有被申请行政复议')).reply;
    expect(yes.lines[0]).toMatch(/^有（/);
    expect(yes.figures[0]).toMatchObject({ value: 2 });
    const no = await createChat({ knowledge: corpus! }).ask('c', '市科委2024年那件行政复议有没有被纠错？');
    expect(no.reply.lines[0]).toMatch(/^没有/);
    expect(no.rendered.text).toContain('未被复议审查机关纠错');
  });

  it('a clause that does not name what was asked gives no 有/没有 (it is quoted only)', async () => {
    const r = (await createChat({ knowledge: tianjin }).ask('c', '有没有收取信息处理费')).reply;
    expect(r.lines[0]).not.toMatch(/^(是|否|有|没有)[。（]/);
    expect(r.figures).toEqual([]);
  });
});

describe('computed figures in ordinary words', () => {
  it('parts a figure prints together as its own words (22名企业代表和专家参会) name that figure, not a sum; parts printed apart are summed', async () => {
    const together = (await createChat({ knowledge: tianjin }).ask('s', '企业代表和专家一共多少名')).reply;
    expect(together.figures[0]).toMatchObject({ value: 22 });
    expect(together.computation).toBeUndefined();
    // the twin: two figures of their own, added with their operands
    const apart = (await createChat({ knowledge: tianjin }).ask('s', '行政复议和行政诉讼一共多少件')).reply;
    expect(apart.computation?.operands).toHaveLength(2);
  });

  it.skipIf(!HAS_CORPUS)('比上一年增加了多少 after 洪泽区2024年: +74, with both printed operands', async () => {
    const chat = createChat({ knowledge: corpus! });
    expect((await chat.ask('c', '洪泽区2024年收到多少申请')).reply.figures[0]).toMatchObject({ value: 95 });
    const r = (await chat.ask('c', '比上一年增加了多少')).reply;
    expect(r.figures[0]).toMatchObject({ value: 74 });
    expect(r.computation?.operands.map((o) => o.value)).toEqual([95, 21]);
    expect(r.lines[0]).toMatch(/2024年比2023年多74件/);
  });

  it('negative twin: with no report of the year before, 比上一年增加了多少 states no figure', async () => {
    const chat = createChat({ knowledge: tianjin });
    await chat.ask('c', '天津市工信局2020年收到多少政府信息公开申请？');
    expect((await chat.ask('c', '比上一年增加了多少')).reply.figures).toEqual([]);
  });

  it.skipIf(!HAS_CORPUS)('天津工信局和上海科委哪个收到的申请多 → 上海市科委 first; 哪个区收到的申请最多 as a later turn ranks the districts only', async () => {
    const chat = createChat({ knowledge: corpus! });
    const which = (await chat.ask('c', '天津工信局和上海科委哪个收到的申请多')).reply;
    expect(which.lines[0]).toMatch(/^上海市科委2024年比天津市工业和信息化局2020年多11件/);
    await chat.ask('c', '洪泽区2024年收到多少申请');
    const most = (await chat.ask('c', '哪个区收到的申请最多')).reply;
    expect(most.kind).toBe('computed');
    expect(most.figures[0]).toMatchObject({ value: 95 });
    expect(most.lines.join('\n')).not.toMatch(/淮安市人民政府|天津|上海/);
    expect(most.lines.filter((l) => /^\d\./.test(l))).toHaveLength(2); // 洪泽区 once (two names), 平潭
  });

  it('negative twin: 哪个区…最多 with no district loaded ranks nothing', async () => {
    expect((await createChat({ knowledge: tianjin }).ask('c', '哪个区收到的申请最多')).reply.kind).not.toBe('computed');
  });

  it('加起来 is a sum, the head noun after the list being every item’s; a part not found adds nothing', async () => {
    const r = (await createChat({ knowledge: tianjin }).ask('c', '自然人和商业企业的申请加起来有多少')).reply;
    expect(r.kind).toBe('computed');
    expect(r.figures[0]).toMatchObject({ value: 23 });
    expect(r.computation?.formula).toMatch(/20 \+ 3 = 23/);
    const none = (await createChat({ knowledge: tianjin }).ask('c', '自然人和外国人的申请加起来有多少')).reply;
    expect(none.figures).toEqual([]);
  });

  it('A加上B told after the question is a sum of the parts, each asked with the question’s words; 加上 never takes the first character of a word (上年结转)', async () => {
    const r = (await createChat({ knowledge: tianjin }).ask('c', '要办的申请总量是多少？新收的加上上年结转的')).reply;
    expect(r.kind).toBe('computed');
    expect(r.computation?.operands.map((o) => [o.label, o.value])).toEqual([['新收的', 23], ['上年结转的', 0]]);
    const glued = (await createChat({ knowledge: tianjin }).ask('c', '要办的申请总量是多少？新收的加上年结转的')).reply;
    expect(glued.computation?.operands.map((o) => o.label)).toEqual(['新收的', '上年结转的']);
    // a part not found adds nothing
    const none = (await createChat({ knowledge: tianjin }).ask('c', '要办的申请总量是多少？新收的加上外国人的')).reply;
    expect(none.figures).toEqual([]);
  });
});

describe('lists and whole passages', () => {
  it('出台了什么政策 lists what 出台了哪些政策 lists', async () => {
    const what = (await createChat({ knowledge: tianjin }).ask('c', '出台了什么政策')).reply;
    const which = (await createChat({ knowledge: tianjin }).ask('c', '出台了哪些政策')).reply;
    expect(what.kind).toBe('list');
    expect(what.lines).toEqual(which.lines);
    expect(what.lines.join('\n')).toContain('《天津市关于进一步支持发展智能制造的政策措施》');
  });

  it('the plans keep their year, the problems end where their sentence does, a subsection is quoted whole', async () => {
    const plans = (await createChat({ knowledge: tianjin }).ask('c', '2021年打算重点抓好哪些工作')).rendered.text;
    expect(plans).toMatch(/\n2021年将重点抓好以下几项工作/);
    expect(plans).not.toMatch(/天津市工业和信息化局2021年1月27日/);
    const problems = (await createChat({ knowledge: tianjin }).ask('c', '存在什么问题')).reply.lines.join('');
    expect(problems).toMatch(/等问题。$/);
    const how = (await createChat({ knowledge: tianjin }).ask('c', '依申请公开是怎么做的')).rendered.text;
    expect(how).toContain('进一步畅通受理渠道');
    expect(how).toContain('全年我局共办理依申请公开23件');
  });
});

describe('how requests were handled, and why: the rows of table 三 that are not 0', () => {
  it('怎么处理的 of a column is its results; 几件 asked of the same words is a figure', async () => {
    const chat = createChat({ knowledge: tianjin });
    await chat.ask('c', '一共收到几件信息公开申请？');
    expect((await chat.ask('c', '那企业呢')).reply.figures[0]?.value).toBe(3);
    const how = (await chat.ask('c', '企业那几件最后是怎么处理的')).reply;
    expect(how.kind).toBe('list');
    expect(how.figures).toEqual([]);
    expect(how.lines.join('')).toContain('无法提供（本机关不掌握相关政府信息）3件');
    const count = (await createChat({ knowledge: tianjin }).ask('c', '企业的申请有几件是无法提供的')).reply;
    expect(count.figures[0]?.value).toBe(3);
  });
  it('拒绝公开…是什么理由 lists the reasons; 几件 after it is the group they break down, 个人还是企业 its row in both columns; 各种理由加起来一共几件 is a figure', async () => {
    const chat = createChat({ knowledge: tianjin });
    const why = (await chat.ask('c', '有申请被拒绝公开的吗？是什么理由')).reply;
    expect(why.kind).toBe('list');
    expect(why.lines.join('')).toContain('保护第三方合法权益1件');
    expect((await chat.ask('c', '几件')).reply.figures[0]?.value).toBe(1);
    // which of two columns: the previous figure's row in each
    const which = (await chat.ask('c', '是个人申请的还是企业申请的')).reply.lines.join('');
    expect(which).toContain('「不予公开」的申请：自然人1件，商业企业0件');
    // one column asked is a figure of it, not a choice between columns
    expect((await chat.ask('c', '那企业的呢')).reply.figures[0]?.value).toBe(0);
    const sum = (await createChat({ knowledge: tianjin }).ask('c', '个人申请的里面被不予公开的一共几件（各种理由加起来）')).reply;
    expect(sum.figures[0]?.value).toBe(1);
    // a column none of whose requests were refused: none, said so (not another column's reasons)
    const legal = createChat({ knowledge: tianjin });
    await legal.ask('c', '法人或其他组织的申请是怎么处理的');
    const none = (await legal.ask('c', '不予公开的原因呢')).reply.lines.join('');
    expect(none).toMatch(/「法人或其他组织」的申请中「不予公开」的为0件/);
    expect(none).not.toContain('保护第三方合法权益');
  });
});

describe('charts on request', () => {
  it.skipIf(!HAS_CORPUS)('画一下洪泽区历年申请和行政复议的变化 → two series over 2023 and 2024, with a text alternative and a picture', async () => {
    const t = await createChat({ knowledge: corpus! }).ask('c', '画一下洪泽区历年申请和行政复议的变化');
    expect(t.reply.kind).toBe('chart');
    expect(t.reply.chart?.categories).toEqual(['2023年', '2024年']);
    expect(t.reply.chart?.series.map((s) => s.values)).toEqual([
      [21, 95],
      [0, 2],
    ]);
    expect(t.rendered.text).toMatch(/行政复议：2023年 0，2024年 2/);
    expect(t.reply.image?.png.length).toBeGreaterThan(1000);
    const trend = (await createChat({ knowledge: corpus! }).ask('c', '洪泽区历年收到申请数量趋势图')).reply;
    expect(trend.chart?.series[0]!.values).toEqual([21, 95]);
  });

  it.skipIf(!HAS_CORPUS)('two agencies named side by side: one bar each, each saying its year, and a picture', async () => {
    const t = await createChat({ knowledge: corpus! }).ask('c', '画一下天津工信局和上海科委收到申请数的柱状图');
    expect(t.reply.kind).toBe('chart');
    expect(t.reply.chart?.categories).toEqual(['天津市工业和信息化局（2020年）', '上海市科委（2024年）']);
    expect(t.reply.chart?.series.map((s) => s.values)).toEqual([[23, 34]]);
    expect(t.reply.image?.png.length).toBeGreaterThan(1000);
    // asked without drawing, it is the comparison in words
    expect((await createChat({ knowledge: corpus! }).ask('c', '天津工信局和上海科委哪个收到的申请多')).reply.kind).not.toBe('chart');
  });

  it('negative twin: one year loaded, no chart', async () => {
    expect((await createChat({ knowledge: tianjin }).ask('c', '画一下历年申请数量的变化')).reply.kind).not.toBe('chart');
  });
});

describe('English questions answered in English', () => {
  /** The reply with report titles, agency names and quoted report words taken out. */
  const outsideNames = (text: string, titles: string[]) =>
    titles
      .reduce((t, x) => t.split(x).join(''), text)
      .replace(/“[^”]*”/g, '')
      .replace(/天津市工业和信息化局/g, '');

  it('the README’s headline question, a share, a yes/no and a refusal: no Chinese outside titles, names and quotes', async () => {
    const chat = createChat({ knowledge: tianjin });
    for (const q of [
      'How many government information disclosure requests did the Tianjin Municipal Bureau of Industry and Information Technology receive in 2020?',
      'What share of the requests came from individuals?',
      'Were there any administrative reconsiderations?',
      'How many complaints did the 12345 hotline receive?',
    ]) {
      const t = await chat.ask('en', q);
      expect(t.reply.lang).toBe('en');
      expect(outsideNames(t.rendered.text, t.reply.citations.map((c) => c.report))).not.toMatch(/[\u4e00-\u9fff]/);
    }
    const first = await createChat({ knowledge: tianjin }).ask('c', 'How many government information disclosure requests did the Tianjin Municipal Bureau of Industry and Information Technology receive in 2020?');
    expect(first.reply.figures[0]).toMatchObject({ value: 23 });
  });

  it('an English yes/no is a yes/no on the row asked (carried over from the previous year, not to the next)', async () => {
    const t = await createChat({ knowledge: tianjin }).ask('c', 'Were there any requests carried over from the previous year?');
    expect(t.reply.kind).toBe('yesno');
    expect(t.rendered.text).toMatch(/^No\. requests carried over from the previous year, total — 0/);
    expect(t.rendered.text).not.toMatch(/to next year/);
  });

  it('positive twin: the same question in Chinese is answered in Chinese', async () => {
    const t = await createChat({ knowledge: tianjin }).ask('c', '天津市工信局2020年收到多少政府信息公开申请？');
    expect(t.reply.lang).toBe('zh');
    expect(outsideNames(t.rendered.text, t.reply.citations.map((c) => c.report))).toMatch(/[\u4e00-\u9fff]/);
  });
});

it.skipIf(HAS_CORPUS)('skipped: ../shared/corpus not present (the computed, chart and two-agency cases)', () => {});
