// The narrative read as statements (src/check/statements.ts), fed as the 报告自检 feeds it: the
// numbers ingest reads from a section's text, and the text. What each number says whatever the word
// order; the claims without a number; wholes and parts, shares and counted lists.
import { describe, expect, it } from 'vitest';
import { countedLists, readClaims, readStatements, shareFits, shares, wholesAndParts, type NarrativeInput } from '../src/check/statements.js';
import { narrativeFigures } from '../src/ingest/narrative.js';

/** One section 一、总体情况 holding the text, with the numbers ingest reads from it. */
function narrative(text: string): NarrativeInput {
  const section = { index: 1, canonical: '一、总体情况', heading: '一、总体情况', text, at: { line: 1 }, start: 0, end: text.length };
  return { numbers: narrativeFigures([section]), sections: [section] };
}

const said = (text: string) => readStatements(narrative(text)).map((s) => [s.quantity, s.value, ...(s.either ? ['either'] : []), ...(s.part ? ['part'] : [])]);

describe('statements: what a number of the narrative says, whatever the word order', () => {
  it('requests received, the noun before or after the number, many words between', () => {
    expect(said('本年度全区共收到70件申请。')).toEqual([['received', 70]]);
    expect(said('2024年，我局收到群众通过邮寄、网络提交的各类政府信息公开申请共计8件。')).toEqual([['received', 8]]);
    expect(said('全年受理政府信息公开申请749件。')).toEqual([['received', 749]]);
    expect(said('2023年，共收到政府信息公开申请0条。')).toEqual([['received', 0]]);
    expect(said('全年政府信息公开申请共12件。')).toEqual([['received', 12]]);
  });

  it('办理 N件 is received or handled, which it does not say; 办结, 答复 are handled', () => {
    expect(said('（二）依申请公开情况\n全年共办理 12 件。')).toEqual([['handled', 12, 'either']]);
    expect(said('全年我局共办理依申请公开23件，答复率100%。')).toEqual([['handled', 23, 'either']]);
    expect(said('共收到申请10件，及时依法依规办结9件，1件结转下年度继续办理。')).toEqual([
      ['received', 10],
      ['handled', 9],
      ['carriedOut', 1],
    ]);
  });

  it('carried over from last year and to the next, in the clause or in brackets', () => {
    expect(said('答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复）。')).toEqual([
      ['handled', 805],
      ['carriedIn', 18, 'part'],
      ['carriedOut', 72, 'part'],
    ]);
    expect(said('上年结转政府信息公开申请2件，转下一年度办理答复的有1件。')).toEqual([
      ['carriedIn', 2],
      ['carriedOut', 1],
    ]);
  });

  it('reviews and lawsuits, and both at once', () => {
    expect(said('信息公开类行政复议7件，诉讼9件，均获维持。')).toEqual([
      ['review', 7],
      ['lawsuit', 9],
    ]);
    expect(said('2024年市科委有1件涉及政府信息公开工作的行政复议。')).toEqual([['review', 1]]);
    expect(said('因政府信息公开被申请行政复议、提起行政诉讼均为0件。')).toEqual([
      ['review', 0],
      ['lawsuit', 0],
    ]);
  });

  it('other business is not a request: 12345 hotline, services, approvals', () => {
    expect(said('2021年，共受理各类12345市民服务热线295件。')).toEqual([]);
    expect(said('年内，网上服务平台共受理公安业务6945件，办结率达99.3%。')).toEqual([]);
    expect(said('今年我局共受理审批事项117件，办结171件。')).toEqual([]);
  });
});

describe('claims without a number', () => {
  const claims = (text: string) => readClaims(narrative(text)).map((c) => [c.kind, c.text]);

  it('all handled, in the words reports use; not where the sentence names those carried over', () => {
    for (const s of ['所有申请均已按要求办理完成。', '收到的申请均已按时办结。', '申请均已按期办结。', '全部申请均已及时依法依规办结。'])
      expect(claims(s).map((c) => c[0])).toEqual(['allHandled']);
    expect(claims('答复805件（另有72件顺延到下年度答复），均在法定期限内予以答复。')).toEqual([]);
    expect(claims('按时办结率100%。')).toEqual([]);
  });

  it('no review, no lawsuit; not "no review corrected, no lawsuit lost"', () => {
    expect(claims('没有因政府信息公开针对区公安局申请行政复议或行政诉讼的事项。').map((c) => c[0])).toEqual(['noReview', 'noLawsuit']);
    expect(claims('未发生因政府信息公开引起的行政复议或者行政诉讼情况。').map((c) => c[0])).toEqual(['noReview', 'noLawsuit']);
    expect(claims('未发生政府信息公开工作被行政复议纠错或行政诉讼败诉情形。')).toEqual([]);
  });

  it('no requests received', () => {
    expect(claims('2025年，我局未收到过信息公开申请。').map((c) => c[0])).toEqual(['noRequests']);
  });
});

describe('wholes and parts, shares, counted lists', () => {
  it('a whole and the parts after 其中 or 涉及, and whether they name every case', () => {
    const w = wholesAndParts(narrative('受理申请50件，其中予以公开20件、不予公开10件、无法提供25件。'));
    expect(w.map((x) => [x.whole.n.value, x.parts.map((p) => p.n.value), x.complete])).toEqual([[50, [20, 10, 25], true]]);
    const two = wholesAndParts(narrative('全年共收到申请11件，其中网络申请5件，信函申请6件。'));
    expect(two.map((x) => x.complete)).toEqual([false]);
    const other = wholesAndParts(narrative('公开信息126条，主要涉及规划类4条和其他类信息122条。'));
    expect(other.map((x) => [x.parts.length, x.complete])).toEqual([[2, true]]);
  });

  it('a share of the count before it, against the whole of its passage, to the printed precision', () => {
    const s = shares(narrative('受理8件，其中予以公开4件，占40%。'));
    expect(s.map((x) => [x.part.n.value, x.share.n.raw, x.base?.n.value])).toEqual([[4, '40%', 8]]);
    expect(shareFits(4, 8, '40%')).toBe(false);
    expect(shareFits(35, 805, '4.34%')).toBe(true); // 4.3478…: cut to the printed two places
    expect(shareFits(35, 805, '4.35%')).toBe(true); // or rounded
    expect(shareFits(258, 805, '33.9%')).toBe(false);
  });

  it('a count of the items listed just before it, not of things of those kinds', () => {
    const l = countedLists(narrative('开设政府信息公开、信息发布、政务服务、政民互动、专题专栏五个二级栏目。指导普陀、金山、徐汇三个试点区。'));
    expect(l.map((x) => [x.count.n.value, x.items.length])).toEqual([
      [5, 5],
      [3, 3],
    ]);
    // 等 says the list is not all; 4条 counts documents; a template heading 行政复议、行政诉讼情况 is one item
    expect(countedLists(narrative('设置全面从严治党、新动能引育、智能制造等16个专栏。财政预算、决算报告共4条。'))).toEqual([]);
    const sections = countedLists(narrative('报告由总体情况、主动公开情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题六个部分组成。'));
    expect(sections.map((x) => x.fits.includes(x.count.n.value))).toEqual([false]);
    expect(countedLists(narrative('报告由总体情况、主动公开情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题四个部分组成。')).map((x) => x.fits.includes(4))).toEqual([true]);
  });
});
