// The answering engine on the bundled report (knowledge/tianjin-gxj-2020.txt) and on a modified copy
// written to a temp dir (another year, other figures) for comparisons and several reports.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkText, exampleQuestions, helpText, reportsText, type Previous } from '../src/answer/index.js';
import { say, turn } from './helpers/say.js';
import { agencyAliases } from '../src/answer/agencies.js';
import { ingestFile } from '../src/ingest/index.js';
import type { Knowledge } from '../src/knowledge.js';
import type { Report } from '../src/model.js';

const BUNDLED = 'knowledge/tianjin-gxj-2020.txt';
let tianjin: Report;
let k: Knowledge;
let two: Knowledge; // 2020 and a made-up 2019 of the same agency

beforeAll(async () => {
  tianjin = await ingestFile(BUNDLED);
  k = { reports: [tianjin] };
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-answer-'));
  const text = readFileSync(BUNDLED, 'utf8')
    .replace('2020年政府信息公开工作年度报告', '2019年政府信息公开工作年度报告')
    .replace('一、本年新收政府信息公开申请数量 | 20 | 3 | 0 | 0 | 0 | 0 | 23 |', '一、本年新收政府信息公开申请数量 | 14 | 3 | 0 | 0 | 0 | 0 | 17 |')
    .replace('2021年1月27日', '2020年1月20日');
  const f = join(dir, 'tianjin-gxj-2019.txt');
  writeFileSync(f, text);
  const older = await ingestFile(f);
  two = { reports: [tianjin, older] };
});

const ask = (q: string, kn: Knowledge = k, previous?: Previous) => say(q, { knowledge: kn, previous });
const value = (q: string, kn: Knowledge = k) => ask(q, kn).figures[0]?.value;

describe('figures from table 三', () => {
  it('answers 本年新收 with unit, breakdown and source', () => {
    const a = ask('2020年天津市工信局共收到多少件政府信息公开申请?');
    expect(a.kind).toBe('figure');
    expect(a.figures[0]).toMatchObject({ value: 23, unit: '件' });
    expect(a.text).toContain('23件');
    expect(a.text).toContain('自然人20件');
    expect(a.text).toContain('商业企业3件');
    expect(a.text).toContain('来源：天津市工业和信息化局2020年政府信息公开工作年度报告 · 三、收到和处理政府信息公开申请情况');
    expect(a.citations[0]).toMatchObject({ report: '天津市工业和信息化局2020年政府信息公开工作年度报告', section: '三、收到和处理政府信息公开申请情况' });
    expect(a.citations[0]!.quote).toContain('一、本年新收政府信息公开申请数量');
  });
  it('fills the row slot', () => {
    expect(value('予以公开的有多少?')).toBe(1);
    expect(value('部分公开多少件')).toBe(2);
    expect(value('因保护第三方合法权益不予公开的有几件')).toBe(1);
    expect(value('本机关不掌握相关政府信息的申请有多少件?')).toBe(14);
    expect(value('查不到信息的有多少')).toBe(14);
    expect(value('其他处理的数量')).toBe(5);
    expect(value('结转下年度继续办理的申请有多少')).toBe(0);
    expect(value('上年结转的申请')).toBe(0);
    expect(value('办结了多少件申请')).toBe(23);
  });
  it('fills the column slot (applicant type)', () => {
    expect(value('自然人提交了多少件申请?')).toBe(20);
    expect(value('老百姓个人申请了多少')).toBe(20);
    expect(value('商业企业申请了几件')).toBe(3);
    expect(value('公司申请了多少件')).toBe(3);
    expect(value('本机关不掌握的申请中自然人有几件')).toBe(11);
  });
  it('adds up groups and columns the template leaves without a subtotal, and says so', () => {
    const refused = ask('不予公开的申请一共多少件');
    expect(refused.figures[0]!.value).toBe(1); // the sum of its eight items
    expect(refused.text).toMatch(/之和/);
    const cannot = ask('无法提供的有多少件');
    expect(cannot.figures[0]!.value).toBe(14);
    expect(ask('不予处理多少件').figures[0]!.value).toBe(0);
    const legal = ask('法人或其他组织申请了多少件');
    expect(legal.figures[0]!.value).toBe(3);
    expect(legal.text).toContain('五列之和');
  });
});

describe('figures from tables 二 and 四', () => {
  it('measures: 处理决定数量, 上一年项目数量, 本年增/减', () => {
    expect(value('行政许可的处理决定数量')).toBe(644);
    expect(value('行政许可 处理决定')).toBe(644);
    expect(value('行政许可上一年项目数量')).toBe(7);
    const change = ask('行政许可本年增减');
    expect(change.figures[0]!.value).toBe(-1);
    expect(change.text).toContain('减少了1项');
    expect(value('行政处罚事项上一年有多少项')).toBe(47);
    expect(value('行政事业性收费项目减少了多少项')).toBe(2);
    expect(value('其它对外管理服务事项的处理决定数')).toBe(68);
    expect(value('本年新制作了几件规范性文件')).toBe(5);
    expect(value('规章有多少件')).toBe(0);
  });
  it('money keeps the unit the report gives', () => {
    const a = ask('政府集中采购总金额是多少');
    expect(a.figures[0]).toMatchObject({ value: 2936, unit: '万元' });
    expect(a.text).toContain('2936万元');
    expect(value('采购项目数量')).toBe(35);
    expect(value('采购花了多少钱')).toBe(2936);
  });
  it('行政复议 and 行政诉讼 (both groups, said so)', () => {
    expect(value('行政复议总计多少件')).toBe(0);
    const s = ask('被起诉了多少次');
    expect(s.figures[0]!.value).toBe(0);
    expect(s.text).toContain('两组之和');
  });
});

describe('narrative figures', () => {
  it('matches what the figure counts', () => {
    expect(ask('依申请公开的答复率是多少').figures[0]).toMatchObject({ value: 100, unit: '%' });
    expect(value('配合召开了几场疫情防控新闻发布会')).toBe(11);
    expect(value('工信动态发布了多少篇原创文章')).toBe(105);
    expect(value('门户网站设置了多少个专栏')).toBe(16);
    expect(value('完成了多少个政务服务事项的标准化操作规程编制')).toBe(20);
    const a = ask('废止了多少件行政规范性文件');
    expect(a.figures[0]!.value).toBe(3);
    expect(a.citations[0]!.quote).toContain('废止3件');
  });
});

describe('lists and passages', () => {
  it('policies with their action', () => {
    const a = ask('2020年牵头制定了哪些政策?');
    expect(a.kind).toBe('list');
    for (const t of ['天津市关于进一步支持发展智能制造的政策措施', '天津市支持中小微企业和个体工商户克服疫情影响保持健康发展的若干措施', '市工业和信息化局关于印发智能制造政策措施细则的通知'])
      expect(a.text).toContain(t);
    expect(a.text).not.toContain('权责清单动态管理办法');
    expect(ask('出台了哪些政策').text).toContain('权责清单动态管理办法');
  });
  it('items a sentence enumerates', () => {
    const a = ask('网站有哪些二级栏目?');
    expect(a.kind).toBe('list');
    for (const t of ['政府信息公开', '信息发布', '政务服务', '政民互动', '专题专栏']) expect(a.text).toContain(t);
  });
  it('problems and plans, quoted from section 五', () => {
    const p = ask('政府信息公开工作存在哪些主要问题?');
    expect(p.kind).toBe('passage');
    expect(p.text).toContain('内容有待进一步细化');
    expect(p.text).toContain('审核机制有待进一步加强');
    expect(p.citations[0]!.section).toBe('五、存在的主要问题及改进情况');
    const plan = ask('下一步有什么改进措施?');
    expect(plan.text).toContain('一是全面落实');
  });
  it('the publication date', () => {
    expect(ask('这份年报是哪天发布的?').text).toContain('2021年1月27日');
  });
  it('how requests are handled', () => {
    const a = ask('依申请公开是怎么办理的?');
    expect(a.kind).toBe('passage');
    expect(a.text).toContain('依申请公开');
  });
  it('an overview', () => {
    const a = ask('这份报告主要内容是什么');
    expect(a.kind).toBe('overview');
    expect(a.text).toContain('五、存在的主要问题及改进情况');
    expect(a.text).toContain('23件');
  });
});

describe('slots: agency and year forms', () => {
  it('generates short forms of agency names', () => {
    expect(agencyAliases('天津市工业和信息化局')).toEqual(expect.arrayContaining(['天津市工信局', '市工信局', '工信局', '天津工信局']));
    expect(agencyAliases('上海市科学技术委员会')).toEqual(expect.arrayContaining(['上海市科委', '市科委', '科委']));
    expect(agencyAliases('上海市科委')).toEqual(expect.arrayContaining(['上海市科学技术委员会', '市科委']));
    expect(agencyAliases('上海市人民政府办公厅')).toEqual(expect.arrayContaining(['上海市政府办公厅', '市政府办公厅']));
    expect(agencyAliases('淮安市人民政府')).toEqual(expect.arrayContaining(['淮安市政府', '淮安市', '淮安']));
    expect(agencyAliases('平潭综合实验区')).toEqual(expect.arrayContaining(['平潭']));
    expect(agencyAliases('淮安市洪泽区人民政府')).not.toContain('淮安');
  });
  it('accepts every form of the agency and the year', () => {
    for (const q of ['天津市工业和信息化局2020年收到多少申请', '天津市工信局收到多少申请', '市工信局2020年度收到多少申请', '工信局今年收到多少申请', '二〇二〇年收到多少申请', '今年收到多少申请'])
      expect(value(q), q).toBe(23);
  });
  it('去年 and years pick the right report among several', () => {
    expect(value('2019年收到多少申请', two)).toBe(17);
    expect(value('去年收到多少申请', two)).toBe(17);
    expect(value('今年收到多少申请', two)).toBe(23);
    const newest = ask('收到多少申请', two);
    expect(newest.figures[0]!.value).toBe(23);
    expect(newest.text).toContain('2019年'); // names the other report
  });
});

describe('comparison', () => {
  it('two years of one agency', () => {
    const a = ask('天津市工信局2020年比2019年多收到多少申请', two);
    expect(a.kind).toBe('comparison');
    expect(a.figures[0]!.value).toBe(6);
    expect(a.figures.map((f) => f.value)).toEqual([6, 23, 17]);
    expect(a.text).toContain('多6件');
    expect(a.citations.length).toBeGreaterThanOrEqual(2);
  });
});

describe('honesty', () => {
  const none = (q: string, kn: Knowledge = k) => {
    const a = ask(q, kn);
    expect(a.figures, q).toEqual([]);
    return a;
  };
  it('an agency not in the knowledge', () => {
    const a = none('2019年北京市交通委收到多少申请?');
    expect(a.text).toContain('没有');
    expect(a.text).toContain('天津市工业和信息化局（2020年）');
    none('南京市人民政府2024年本年新收政府信息公开申请数量是多少？');
    // places starting with 上/下 are places too; a known place followed by another body is another agency
    expect(none('上海市教委2020年收到多少申请').text).toContain('上海市教委');
    expect(none('天津市教委2020年收到多少申请').text).toContain('天津市教委');
  });
  it('去年 asked with no year in the conversation is the newest report, said so (the 2019 report is not loaded)', () => {
    const a = ask('去年收到多少申请');
    expect(a.figures[0]).toMatchObject({ value: 23 });
    expect(a.text).toContain('最新为2020年报告');
  });
  it('a year not in the knowledge', () => {
    const a = none('天津市工信局2023年收到多少申请');
    expect(a.text).toContain('2023');
    expect(a.text).toContain('只有2020年');
  });
  it('what the report does not hold', () => {
    none('门户网站的访问量是多少?');
    none('今天天气怎么样');
    none('行政事业性收费金额是多少');
  });
  it('a cell that was not read', () => {
    const copy: Report = { ...tianjin, facts: tianjin.facts.filter((f) => !(f.table === '三' && f.row[0]!.startsWith('一'))), unread: [{ table: '三', what: '一、本年新收政府信息公开申请数量', why: '测试' }] };
    const a = none('收到多少申请', { reports: [copy] });
    expect(a.text).toContain('没有读出');
  });
  it('a 2021-format table 二 has no 政府集中采购', () => {
    const f2021: Report = {
      ...tianjin,
      versions: { ...tianjin.versions, 二: '2021' },
      facts: tianjin.facts.filter((f) => f.table !== '二'),
      figures: [],
    };
    const a = none('政府集中采购总金额是多少', { reports: [f2021] });
    expect(a.text).toContain('没有「政府集中采购」');
  });
  it('no knowledge at all', () => {
    expect(ask('收到多少申请', { reports: [] }).figures).toEqual([]);
  });
});

describe('inputs as people type them', () => {
  it('empty, emoji only, very long, markup: a polite reply, never a throw', () => {
    for (const q of ['', '   ', '😀😀🎉', '收'.repeat(5000), 'a'.repeat(6000), '<b></b>', '\u0000\u0001']) {
      const a = ask(q);
      expect(a.text.length).toBeGreaterThan(5);
      expect(a.figures).toEqual([]);
    }
    expect(ask('x'.repeat(5000)).text).toContain('太长');
  });
  it('markup around a question', () => {
    expect(value('<b>行政许可</b> 处理决定数量')).toBe(644);
  });
  it('traditional characters and full-width forms', () => {
    expect(value('政府資訊公開申請有多少件？')).toBe(23);
    expect(value('２０２０年收到多少申請')).toBe(23);
  });
  it('typos in short terms', () => {
    expect(value('行政徐可的处理决定数量')).toBe(644);
  });
  it('English', () => {
    const a = ask('How many disclosure requests were received in 2020?');
    expect(a.figures[0]!.value).toBe(23);
    expect(value('How many requests from individuals?')).toBe(20);
  });
  it('answers fast', () => {
    const t = performance.now();
    for (let i = 0; i < 200; i++) ask('商业企业申请了几件');
    expect((performance.now() - t) / 200).toBeLessThan(20);
  });
});

describe('follow-ups and channel texts', () => {
  it('那2019年呢 reuses the previous question', () => {
    const first = ask('2020年收到多少申请', two);
    const a = ask('那2019年呢', two, turn('2020年收到多少申请', first));
    expect(a.figures[0]!.value).toBe(17);
  });
  it('help, reports, check, examples', () => {
    expect(helpText(k)).toContain('例如');
    expect(reportsText(k)).toContain('天津市工业和信息化局 2020年');
    expect(checkText(k)).toContain('天津市工业和信息化局2020年政府信息公开工作年度报告');
    expect(checkText(two)).toMatch(/本年新收|不一致|列/);
    const ex = exampleQuestions(k);
    expect(ex.length).toBeGreaterThanOrEqual(3);
    for (const q of ex) expect(ask(q).kind).not.toBe('refusal');
  });
});

describe('a topic the report names without a figure', () => {
  it('信息处理费 quoted from 六 rather than an unrelated figure', () => {
    const r: Report = {
      ...tianjin,
      sections: [...tianjin.sections, { index: 6, canonical: '六、其他需要报告的事项', heading: '六、其他需要报告的事项', text: '2020年，本机关未收取信息处理费。', at: {} }],
    };
    const a = say('信息处理费收了多少', { knowledge: { reports: [r] } });
    expect(a.figures).toEqual([]);
    expect(a.text).toContain('未收取信息处理费');
  });
});

describe('a question in keywords', () => {
  it("names a row by a paraphrase of the lexicon (提供不了的 for 无法提供): a figure is asked, and the cell's figure answers", () => {
    const a = ask('市工业和信息化局  提供不了的 市民，急用');
    expect(a.figures[0]).toMatchObject({ value: 11 });
    expect(a.citations[0]?.quote).toMatch(/无法提供/);
    // the twin: asked how, the same row is a passage, with no figure
    expect(ask('提供不了的申请是怎么处理的').figures).toEqual([]);
  });
});
