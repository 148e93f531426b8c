// Features of a fact for a question, on the bundled report's real facts read by the real reader, and the
// answers they lead to through answer(): words inserted into a phrase the fact prints are its words
// (unless they are a word of the vocabulary), a cell is named by the lexicon's words for its row and
// column, a word inside a longer word of the vocabulary says nothing of its own, and a lawsuit group's
// rows stand in 行政诉讼.
import { beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../src/answer/index.js';
import { normalizeQuestion } from '../src/answer/understand.js';
import { corpusReports } from '../src/corpus/reports.js';
import { factsOf } from '../src/facts/index.js';
import type { Fact } from '../src/facts/types.js';
import { BUNDLED_DIR, knowledgeOf, type Knowledge } from '../src/knowledge.js';
import { readQuestion } from '../src/question/read.js';
import { FEATURES, featuresOf, prepare, type FeatureName } from '../src/rank/features.js';
import { contentWeight, weigh } from '../src/rank/model.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED } from '../src/corpus/reports.js';
import { turn } from './helpers/say.js';

let k: Knowledge;
let facts: Fact[];

beforeAll(async () => {
  const reports = await corpusReports([BUNDLED_DIR]);
  k = knowledgeOf(reports);
  facts = factsOf(reports[0]!);
});

const prepared = (q: string) => prepare({ reading: readQuestion(normalizeQuestion(q).text), weigh: (g) => weigh(g), years: [] });
const feature = (q: string, f: Fact, name: FeatureName) => featuresOf(f, prepared(q))[FEATURES.indexOf(name)]!;
const cell = (re: RegExp) => {
  const f = facts.find((x) => x.slots && re.test(x.phrase));
  if (!f) throw new Error(`no cell ${re}`);
  return f;
};
const figure = (q: string, previous?: ReturnType<typeof turn>) => answer(q, { knowledge: k, previous }).figures[0]?.value;

describe('words inserted into a phrase the fact prints', () => {
  it('count as its words (内容还是不明确 for 内容仍不明确): the question is answered', () => {
    const unclear = cell(/补正后申请内容仍不明确 总计/);
    expect(feature('补正之后申请内容还是不明确、没法提供的有多少件', unclear, 'unexplainedAsk')).toBeLessThan(0.05);
    const r = answer('补正之后申请内容还是不明确、没法提供的有多少件', { knowledge: k });
    expect(r.figures[0]?.value).toBe(unclear.value);
    expect(r.citations[0]?.quote).toContain('补正后申请内容仍不明确');
  });

  it('do not when they are a word of the vocabulary (申请被拒绝公开 is not 依申请公开)', () => {
    const sentence = facts.find((x) => !x.slots && x.phrase.includes('依申请公开'));
    expect(sentence).toBeDefined();
    expect(feature('有多少申请被拒绝公开', sentence!, 'unexplainedAsk')).toBeGreaterThan(0);
    // positive twin: the refusals are counted in table 三's 不予公开
    expect(figure('有多少申请被拒绝公开')).toBe(cell(/不予公开 总计/).value);
  });

  it('do not when a word of the vocabulary reaches into them (申请是不予公开 is not 依申请公开)', () => {
    const sentence = facts.find((x) => !x.slots && x.phrase.includes('依申请公开'));
    const refused = cell(/不予公开 总计/);
    expect(sentence!.value).not.toBe(refused.value);
    expect(feature('有多少的申请是不予公开的？', sentence!, 'unexplainedAsk')).toBeGreaterThan(0);
    expect(figure('有多少的申请是不予公开的？')).toBe(refused.value);
    // the twin: inserted words that name nothing still join the phrase (申请还是公开 of 依申请公开)
    expect(feature('依申请还是公开了多少件', sentence!, 'unexplainedAsk')).toBeCloseTo(feature('依申请公开了多少件', sentence!, 'unexplainedAsk'), 6);
  });
});

describe("a cell's names", () => {
  it("hold the lexicon's words for its row, its group and its column: part of such a word is the cell's own", () => {
    // 被拒 is part of 被拒绝的 (a word for 不予公开): it names the refused cells, not the published ones
    const q = '自然人申请被拒的有几件';
    expect(feature(q, cell(/不予公开 保护第三方合法权益 自然人/), 'explainedOwn')).toBeGreaterThan(feature(q, cell(/予以公开 自然人/), 'explainedOwn'));
    expect(feature(q, cell(/不予公开 保护第三方合法权益 自然人/), 'unexplainedAsk')).toBeLessThan(feature(q, cell(/予以公开 自然人/), 'unexplainedAsk'));
  });
});

describe('a word inside a longer word of the vocabulary', () => {
  it('names nothing of its own: 个人申请人呢 keeps the row asked before (申请 names no row of requests there)', () => {
    const first = answer('法人或其他组织的申请里不予公开的有几件', { knowledge: k });
    expect(first.figures[0]?.value).toBe(cell(/不予公开 法人或其他组织/).value);
    expect(figure('个人申请人呢', turn('法人或其他组织的申请里不予公开的有几件', first))).toBe(cell(/不予公开 自然人/).value);
  });

  it('still names its row where it stands alone (自然人提交的申请有几件 asks the requests received)', () => {
    expect(figure('自然人提交的申请有几件')).toBe(cell(/本年新收政府信息公开申请数量 自然人/).value);
  });
});

describe('the groups of table 四', () => {
  it('a lawsuit group stands in 行政诉讼: the word agrees with its rows, which are narrower than it', () => {
    const direct = cell(/未经复议直接起诉 总计/);
    expect(feature('行政诉讼有几件', direct, 'rowAgree')).toBeGreaterThan(0);
    expect(feature('行政诉讼有几件', direct, 'rowNarrower')).toBe(1);
    expect(feature('未经复议直接起诉的有几件', direct, 'rowNarrower')).toBe(0);
  });
});

describe('a bigram the corpus never met', () => {
  const content = { prior: 0.5, grams: {}, chars: { 好: 0.01, 评: 0.9 } };
  it('weighs as the least of its characters, but as the larger where a figure of the report prints it', () => {
    expect(contentWeight(content, '好评')).toBe(0.01);
    expect(contentWeight(content, '好评', true)).toBe(0.9);
  });

  const corpus = join(SHARED, 'corpus');
  it.skipIf(!existsSync(corpus))('a word of a figure\'s phrase is content though a greeting shares its character (好评 of 好评数; skipped without ../shared)', async () => {
    const reports = await corpusReports([corpus]);
    const shanghai = knowledgeOf(reports.filter((r) => r.agency === '上海市人民政府办公厅' && r.year === 2019));
    const q = "In the Shanghai Municipal Government General Office's 2019 report, what share of the 'good/bad review' (好差评) ratings were positive?";
    expect(answer(q, { knowledge: shanghai }).figures[0]?.value).toBe(99.58);
    // the twin: the negative ratings' share, asked the same way, is the other figure of the sentence
    expect(answer(q.replace('positive', 'negative'), { knowledge: shanghai }).figures[0]?.value).toBe(0.34);
  });
});

describe('figures of one passage said of different things', () => {
  const corpus = join(SHARED, 'corpus');
  it.skipIf(!existsSync(corpus))('a follow-up leans to the figure of the previous figure\'s clause group, and a number\'s digits do not make a phrase longer (skipped without ../shared)', async () => {
    const reports = await corpusReports([corpus]);
    const kewei = factsOf(reports.find((r) => r.agency.includes('科委') || r.agency.includes('科学技术委员会'))!);
    const of = (phrase: string) => kewei.find((f) => f.phrase.endsWith(phrase))!;
    const videos = of('短视频584条');
    const [videoViews, liveViews] = [of('累计观看量1924252次'), of('累计观看量303855次')];
    const q = '累计观看量是多少';
    const prep = prepare({ reading: readQuestion(q), weigh: (g) => weigh(g), years: [], previous: { fact: videos, grams: new Set(['视频', '频号']) } });
    const at = (f: Fact, name: FeatureName) => featuresOf(f, prep)[FEATURES.indexOf(name)]!;
    // both stand in the previous figure's passage; only the videos' views in its clause group (…；直播118场,累计观看量303855次)
    expect([at(videoViews, 'prevNear'), at(liveViews, 'prevNear')]).toEqual([1, 1]);
    expect([at(videoViews, 'prevSubject'), at(liveViews, 'prevSubject')]).toEqual([1, 0]);
    // the same words, numbers of different lengths: named alike
    expect(at(videoViews, 'precision')).toBe(at(liveViews, 'precision'));
    expect(at(videoViews, 'precision')).toBeGreaterThan(0.5);
  });
});
