// Issue 11: answers from all of a report's evidence, and never for a different question. A report
// made here from the bundled Tianjin report with a paragraph of narrative written for these tests
// (figures, enumerations, a yes/no fact, next year's plans), read by the real parser; the real
// answer() and render(). Each kind has examples of its own and must-not examples.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../src/ingest/index.js';
import type { Knowledge } from '../src/knowledge.js';
import { say } from './helpers/say.js';
import { TIANJIN as BUNDLED } from './helpers/tianjin.js';

const PARAGRAPH = [
  '(五)拓展公开渠道,回应企业关切。',
  '全年通过"津工信"微信公众号发布信息482条,其中原创稿件67篇;通过门户网站、政务微博、"津工信"微信公众号和12345热线等渠道回应企业关切。',
  '围绕"数字赋能""绿色制造""专精特新"等主题开设专栏,组织召开新闻发布会6场。',
  '对局属单位的培训采取线上课堂、现场观摩、以案说法三种形式。',
  '全年未收取政府信息公开信息处理费。',
].join('\n');

let k: Knowledge;
let two: Knowledge;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-kinds-'));
  const text = readFileSync(BUNDLED, 'utf8').replace('一、总体情况\n', `一、总体情况\n${PARAGRAPH}\n`);
  const f = join(dir, 'tianjin-kinds.txt');
  writeFileSync(f, text);
  const r = await ingestFile(f);
  k = { reports: [r] };
  // a second agency, for rankings and questions that name none
  const other = readFileSync(BUNDLED, 'utf8')
    .replace(/天津市工业和信息化局/g, '天津市科学技术局')
    .replace('一、本年新收政府信息公开申请数量 | 20 | 3 | 0 | 0 | 0 | 0 | 23 |', '一、本年新收政府信息公开申请数量 | 30 | 3 | 0 | 0 | 0 | 0 | 33 |');
  const g = join(dir, 'tianjin-kjj.txt');
  writeFileSync(g, other);
  two = { reports: [r, await ingestFile(g)] };
});

const ask = (q: string, kn: Knowledge = k) => say(q, { knowledge: kn });
const value = (q: string, kn: Knowledge = k) => ask(q, kn).figures[0]?.value;

describe('1. a figure only when the evidence covers what is asked', () => {
  it('answers what the report counts', () => {
    expect(value('天津市工信局2020年微信公众号发布了多少条信息？')).toBe(482);
    expect(value('天津市工信局2020年收到多少政府信息公开申请？')).toBe(23);
  });
  it('must not: a thing the report does not count gets no figure, and says what it does give', () => {
    for (const q of ['天津市工信局2020年12345热线接到多少投诉？', '天津市工信局2020年有多少公务用车？', '天津市工信局2020年退休人员有多少？', '天津市工信局2020年政协提案办了多少件？', '天津市工信局2020年的信访件数是多少？']) {
      const a = ask(q);
      expect(a.figures, q).toEqual([]);
      expect(a.text, q).toMatch(/没有|未/);
    }
  });
  it('must not: whose figure it is must be named where the figure stands (政务微博的粉丝 is not the 公众号)', () => {
    expect(ask('天津市工信局2020年政务微博发布了多少条信息？').figures).toEqual([]);
  });
});

describe('2. the unit and measure asked agree with the fact', () => {
  it('多少钱 is an amount, 几项 a count', () => {
    expect(ask('天津市工信局2020年政府集中采购花了多少钱？').figures[0]).toMatchObject({ value: 2936, unit: '万元' });
    expect(ask('天津市工信局2020年政府集中采购项目有几项？').figures[0]).toMatchObject({ value: 35, unit: '项' });
  });
  it('多少个 of a table 二 row counts its items (35项, not 2936万元)', () => {
    expect(ask('天津市工信局2020年政府集中采购项目有多少个？').figures[0]).toMatchObject({ value: 35, unit: '项' });
  });
  it('must not: 公开了多少条信息 is no count of requests granted (予以公开 is counted in 件)', () => {
    const f = ask('天津市工信局2020年公开了多少条信息？').figures[0];
    expect(f?.unit).not.toBe('件');
  });
  it('must not: a count for a unit the report does not count in (几场 is not 482条)', () => {
    expect(ask('天津市工信局2020年微信公众号发布了多少场信息？').figures).toEqual([]);
  });
});

describe('3. a figure the question quotes is never its answer', () => {
  it('复议是0件，那新收申请有几件 → 23', () => {
    expect(value('天津市工信局2020年行政复议是0件，那新收申请有几件？')).toBe(23);
  });
  it('must not: 收到23件申请，其中通过信函提交的有几件 → no figure (the report does not say)', () => {
    const a = ask('天津市工信局2020年收到23件申请，其中通过信函提交的有几件？');
    expect(a.figures).toEqual([]);
  });
  it('收到23件申请，其中企业提交的有几件 → 3', () => {
    expect(value('天津市工信局2020年收到23件申请，其中企业提交的有几件？')).toBe(3);
  });
});

describe('1b. a story with the question inside', () => {
  it('the sentences that end in ？ ask; 几 of 前几年 in the story asks nothing', () => {
    const a = ask('我在天津开了个小厂，前几年被罚过款，想看当时的执法记录，就去申请信息公开。我挺想知道的，天津市工信局2020年一共收到几件政府信息公开申请？是不是就我一个？');
    expect(a.figures[0]?.value).toBe(23);
  });
});

describe('1c. the column 其他 of 法人或其他组织', () => {
  it('asked as 其他类的法人: its own figure, named with its group', () => {
    const a = ask('天津市工信局2020年其他类的法人提了几件申请？');
    expect(a.figures[0]?.value).toBe(0);
    expect(a.figures[0]?.label).toContain('法人或其他组织中的其他');
    expect(a.text).toContain('法人或其他组织中的其他0件');
  });
});

describe('4. lists: every item of the enumeration whose context matches', () => {
  it('渠道', () => {
    const a = ask('天津市工信局2020年通过哪些渠道回应企业关切？');
    expect(a.kind).toBe('list');
    for (const item of ['门户网站', '政务微博', '12345热线']) expect(a.text).toContain(item);
  });
  it('主题 in quotes', () => {
    const a = ask('天津市工信局2020年围绕哪些主题开设专栏？');
    for (const item of ['数字赋能', '绿色制造', '专精特新']) expect(a.text).toContain(item);
  });
  it('形式', () => {
    const a = ask('天津市工信局2020年对局属单位的培训采取了哪些形式？');
    for (const item of ['线上课堂', '现场观摩', '以案说法']) expect(a.text).toContain(item);
  });
});

describe('4c. a list asked that one thing answers', () => {
  it('新增什么制度: the clause that names the one 制度 added, not an enumeration that covers less', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-one-'));
    const f = join(dir, 'tianjin-one.txt');
    const added = '加强门户网站日常管理,运用第三方检测平台实行常态化监测,新增信息审核发布报备制度。\n严格执行"分级审核、先审后发"程序,落实"三审三校"制度,把好政治关、法律关、政策关,未经审核报备的信息一律不准发布。\n';
    writeFileSync(f, readFileSync(BUNDLED, 'utf8').replace('一、总体情况\n', `一、总体情况\n${added}`));
    const a = ask('天津市工信局2020年信息发布方面有没有新增什么制度？', { reports: [await ingestFile(f)] });
    expect(a.figures).toEqual([]);
    expect(a.text).toContain('新增信息审核发布报备制度');
    expect(a.text).not.toContain('列举的是');
  });
});

describe('4b. the parts of a figure asked for directly', () => {
  it('the reasons of 不予公开 are its rows, with their printed values', () => {
    const a = ask('天津市工信局2020年不予公开的理由有哪些？');
    expect(a.kind).toBe('list');
    expect(a.text).toContain('保护第三方合法权益1件');
  });
  it('the outcomes of 行政复议', () => {
    const a = ask('天津市工信局2020年行政复议结果怎么样？');
    expect(a.text).toMatch(/结果维持0件，结果纠正0件，其他结果0件，尚未审结0件/);
  });
});

describe('5. passages and yes/no', () => {
  it('yes/no with 否 first where the sentence says no, never a figure', () => {
    const a = ask('天津市工信局2020年收取信息处理费了吗？');
    expect(a.figures).toEqual([]);
    expect(a.text.startsWith('否')).toBe(true);
    expect(a.text).toContain('未收取政府信息公开信息处理费');
  });
  it('a title the report cites (《关于做好…信息处理费…的通知》) says nothing of the agency: the clause in its own words answers 收没收', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-title-'));
    const cited = '组织各处室学习市财政局《关于做好政府信息公开信息处理费收入收缴管理有关事项的通知》,要求依法落实信息处理费有关规定。';
    const f = join(dir, 'tianjin-title.txt');
    writeFileSync(f, readFileSync(BUNDLED, 'utf8').replace('一、总体情况\n', `一、总体情况\n${cited}\n${PARAGRAPH.replace('全年未收取政府信息公开信息处理费。', '全年无收取信息处理费情况。')}\n`));
    const a = ask('天津市工信局2020年收没收政府信息公开信息处理费？', { reports: [await ingestFile(f)] });
    expect(a.figures).toEqual([]);
    expect(a.text.startsWith('否')).toBe(true);
    expect(a.text).toContain('无收取信息处理费情况');
  });
  it('must not: a yes/no about a thing the report never names (信息处理费 in the bundled report) is no 是 from a clause that shares only the words around it', async () => {
    const a = ask('天津市工信局2020年有没有收取信息处理费？', { reports: [await ingestFile(BUNDLED)] });
    expect(a.figures).toEqual([]);
    expect(a.text.startsWith('是')).toBe(false);
    expect(a.text).toMatch(/没有找到/);
  });
  it.each(['天津市工信局2020年是否关停了政务新媒体？', '天津市工信局2020年有没有关停政务新媒体？'])(
    'a negation elsewhere in the clause (未进行规范管理的) is no 否 to what was asked, and 有没有 names nothing: %s',
    async (q) => {
      const dir = mkdtempSync(join(tmpdir(), 'gongkai-neg-'));
      const f = join(dir, 'tianjin-neg.txt');
      const said = '规范政府网站与政务新媒体运维,先后关停未进行规范管理的政务新媒体2个。\n';
      writeFileSync(f, readFileSync(BUNDLED, 'utf8').replace('一、总体情况\n', `一、总体情况\n${said}`));
      const a = ask(q, { reports: [await ingestFile(f)] });
      // asked with 有没有, answered 有/没有; with 是否, 是/否
      expect(a.text).toMatch(q.includes('有没有') ? /^有。/ : /^是。/);
      expect(a.text).toContain('先后关停');
    },
  );
  it('a question about a topic the report is silent on says so', () => {
    const a = ask('天津市工信局2020年有没有开展无人机巡检？');
    expect(a.figures).toEqual([]);
    expect(a.text).toMatch(/没有找到/);
  });
});

describe('6. the report of year Y answers for the plans of Y+1', () => {
  it('2021年打算做哪些工作 is read from the 2020 report, saying so', () => {
    const a = ask('天津市工信局2021年打算重点抓好哪些工作？');
    expect(a.kind).not.toBe('refusal');
    expect(a.text).toMatch(/2021年的情况写在.*2020年报告/);
    expect(a.text).toContain('五公开');
  });
});

describe('7. narrative figures by the noun they count', () => {
  it('one sentence, several numbers: the one whose noun matches', () => {
    expect(value('天津市工信局2020年原创稿件有多少篇？')).toBe(67);
  });
  it('two sentences count the same thing (新闻发布会6场 and 疫情防控新闻发布会11场): the plain one, or asked back between them — never the other alone', () => {
    const a = ask('天津市工信局2020年召开了几场新闻发布会？');
    if (a.figures.length) expect(a.figures[0]!.value).toBe(6);
    else {
      const labels = (a.choices ?? []).map((c) => c.label).join(' ');
      expect(labels).toContain('组织召开新闻发布会');
      expect(labels).toContain('疫情防控新闻发布会');
    }
  });
  it('must not: the modifier of the head is not what is counted (微信公众号原创稿件 is 67, not the 482 the 公众号 published)', () => {
    expect(value('天津市工信局2020年微信公众号原创稿件有多少篇？')).toBe(67);
  });
});

describe('7b. a change printed answers a change asked, and only that', () => {
  let changed: Knowledge;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-change-'));
    const f = join(dir, 'tianjin-change.txt');
    writeFileSync(f, readFileSync(BUNDLED, 'utf8').replace('一、总体情况\n', '一、总体情况\n全年共受理政府信息公开申请23件,申请数量较去年回落8.5%。\n'));
    changed = { reports: [await ingestFile(f)] };
  });
  it('比上一年少了百分之几 → the change, its subject named short (申请数量) after the clause that names it in full', () => {
    const a = ask('天津市工信局2020年受理的信息公开申请比上一年少了百分之几？', changed);
    expect(a.figures[0]?.value).toBe(8.5);
    expect(a.figures[0]?.unit).toBe('%');
  });
  it('must not: a share asked (占百分之几) is never answered with a change', () => {
    const a = ask('天津市工信局2020年受理的信息公开申请占百分之几？', changed);
    expect(a.figures.map((f) => f.value)).not.toContain(8.5);
  });
});

describe('8. computed answers show their operands', () => {
  it('a share: 自然人 20 ÷ 23', () => {
    const a = ask('天津市工信局2020年自然人申请占比是多少？');
    expect(a.kind).toBe('computed');
    expect(a.figures[0]!.value).toBeCloseTo(87, 0);
    expect(a.text).toMatch(/20件 ÷ 总计23件/);
    expect(a.figures[0]!.label).toMatch(/计算值/);
  });
  it('a sum of the groups named', () => {
    const a = ask('天津市工信局2020年行政复议和行政诉讼加起来一共多少件？');
    expect(a.kind).toBe('computed');
    expect(a.text).toMatch(/行政复议0件 \+ 行政诉讼0件 = 0件/);
  });
  it('a difference of two rows named (行政许可比行政处罚多多少): both printed figures and the subtraction, never one of them alone', () => {
    const a = ask('天津市工信局2020年行政许可比行政处罚多多少？');
    expect(a.kind).toBe('computed');
    expect(a.text).toMatch(/644件 − \d+件 = \d+件/);
    expect(a.figures[0]!.value).not.toBe(644);
  });
  it('a measure of table 二 asked by its unit (行政许可决定多少件): the row\'s 处理决定数量, not the count of 规定 in 项', () => {
    const a = ask('天津市工信局2020年行政许可决定多少件？');
    expect(a.figures[0]!.value).toBe(644);
    expect(a.figures[0]!.unit).toBe('件');
  });
  it('a ranking across the reports of the knowledge', () => {
    const a = ask('2020年哪个机关收到的政府信息公开申请最多？', two);
    expect(a.kind).toBe('computed');
    expect(a.figures[0]!.value).toBe(33);
    expect(a.text).toContain('天津市科学技术局');
  });
});

describe('9. small talk and meta: a short polite reply, never a figure', () => {
  it.each(['谢谢', '你是谁', '你们是不是在隐瞒什么', '你真是个笨蛋'])('%s', (q) => {
    const a = ask(q);
    expect(a.figures).toEqual([]);
    expect(a.kind).toBe('smalltalk');
  });
});

describe('10. English', () => {
  it('answered in English, with the figure, what it counts and the source', () => {
    const a = ask('How many information disclosure requests did individuals file with the Tianjin Industry and Information Technology Bureau in 2020?');
    expect(a.lang).toBe('en');
    expect(a.figures[0]!.value).toBe(20);
    expect(a.text).toMatch(/^According to/);
    expect(a.text).toMatch(/individuals/);
    expect(a.text).toMatch(/Source: /);
  });
  it('why and how requests were handled, asked in English: the rows of table 三 that are not 0; how many, a figure', () => {
    const why = ask('What were the reasons for withholding information at the Tianjin Bureau of Industry and Information Technology in 2020?');
    expect(why.lang).toBe('en');
    expect(why.kind).toBe('list');
    expect(why.text).toContain('“保护第三方合法权益1件”');
    const how = ask('How were the requests from enterprises handled by the Tianjin Bureau of Industry and Information Technology in 2020?');
    expect(how.text).toContain('本机关不掌握相关政府信息');
    const many = ask('How many requests were withheld by the Tianjin Bureau of Industry and Information Technology in 2020?');
    expect(many.figures[0]?.value).toBe(1);
  });
  it('a list asked in English is the list (which policies … issued), not a passage; a figure asked of the same words stays a figure', () => {
    const a = ask('Which policies did the Tianjin Bureau of Industry and Information Technology issue in 2020?');
    expect(a.lang).toBe('en');
    expect(a.kind).toBe('list');
    expect(a.text).toContain('《市工业和信息化局行政规范性文件管理规定》');
    expect(ask('How many policies did the Tianjin Bureau of Industry and Information Technology issue in 2020?').kind).not.toBe('list');
  });
});

describe('several agencies and none named', () => {
  it('one line for each, no single figure, the agencies offered as choices', () => {
    const a = ask('2020年收到多少政府信息公开申请？', two);
    expect(a.kind).toBe('choice');
    expect(a.figures).toEqual([]);
    expect(a.text).toContain('23件');
    expect(a.text).toContain('33件');
    expect(a.choices?.map((c) => c.label)).toEqual(['天津市工业和信息化局2020年', '天津市科学技术局2020年']);
  });
});

describe('input-method typos: the right pinyin, the wrong characters', () => {
  it('an agency and a word of the report are read as what they sound like, and the reply says so', () => {
    const a = ask('天津市工心局2020年收到多少政府信息公开申请？');
    expect(a.figures[0]?.value).toBe(23);
    expect(a.text).toMatch(/按「天津市工信局」理解/);
    const b = ask('天津市工信局2020年微信公众号发步了多少条信息？');
    expect(b.figures[0]?.value).toBe(482);
    expect(b.text).toMatch(/按「发布」理解/);
  });
  it('with no agency named, over the knowledge of one agency: its report is the one the words are read against', () => {
    const typed = ask('征求企业意见的坐谈会主要围饶哪些领域');
    expect(typed.text).toMatch(/按「座谈」「围绕」理解/);
    expect(typed.text).toContain('软件和信息技术服务业；机器人；大数据');
    expect(typed.text.replace(/\n（按「座谈」「围绕」理解您的问题。）/, '')).toBe(ask('征求企业意见的座谈会主要围绕哪些领域').text);
  });
  it('must not: a real word the report does not use is not turned into another', () => {
    expect(ask('天津市工信局2020年机关食堂有多少个？').figures).toEqual([]);
  });
});
