// The words of every note a reply carries, in Chinese and in English.
import type { Lang, Note } from '../reply/types.js';

const list = (v: unknown, sep: string) => (Array.isArray(v) ? v.join(sep) : String(v ?? ''));

const ZH: Record<Note['code'], (p: Record<string, unknown>) => string> = {
  decoded: () => '（据表格数字拆分：表格数字在原文中连在一起，按模板的勾稽关系拆分，只保留唯一可能的拆法）',
  placed: () => '（按表格行序推定：原文表格缺少行名，按模板的行序放置）',
  ocr: () => '（据扫描件识别：数字由扫描页面文字识别得到，并经模板勾稽关系核对）',
  others: (p) =>
    `（以上是${p.chosen}报告的内容；知识库中还有${list(p.others, '、')}${p.more ? `等${p.more}份` : ''}报告，如需请注明机关和年份。）`,
  'not-adding-up': (p) => `（注意：${p.report}自身的数字在这里对不上——${p.message}${Number(p.count) > 1 ? `，另有${Number(p.count) - 1}处` : ''}。以上是报告印出的数字。）`,
  'narrative-not-table': (p) => `（${p.why ?? ''}以上为报告叙述中的数字，不是表格数字。）`,
  approximate: (p) => `（报告原文为“${p.raw}”，是约数）`,
  'next-year': (p) => `（${p.asked}年的情况写在${p.report}里，以上据此回答。）`,
  newest: (p) => `（知识库中${p.agency ? '该机关' : ''}最新为${p.year}年报告，以上据此回答。）`,
  known: (p) => String(p.list ?? ''),
  typo: (p) => `（按${list(p.meant, '、').split('、').map((w) => `「${w}」`).join('')}理解您的问题。）`,
  'sub-unit': (p) => `（年度报告按机关发布，「${p.unit}」是${p.agency}的内设机构，以下是${p.agency}的数字。）`,
  kinds: () =>
    '可以问：收到和办理政府信息公开申请的数字（按申请人类型、办理结果）、行政复议和行政诉讼、主动公开的规章和规范性文件、行政许可/处罚/强制、收费和采购、报告中的叙述数字和列举、出台的政策、存在的问题和改进措施、报告发布日期。',
};

const EN: Record<Note['code'], (p: Record<string, unknown>) => string> = {
  decoded: () => '(The table digits were printed run together; they were split by the template identities, keeping the only split that fits.)',
  placed: () => '(The table row had no label; it was placed by the template row order.)',
  ocr: () => '(Read by OCR from a scanned page and confirmed by the template identities.)',
  others: (p) => `(This is from the ${p.chosen} report; the knowledge also holds ${list(p.others, ', ')}${p.more ? ` and ${p.more} more` : ''}. Name the agency and year to choose.)`,
  'not-adding-up': (p) => `(Note: the report's own figures do not add up there (${p.count} inconsistencies); this is the figure as printed.)`,
  'narrative-not-table': () => '(This figure is from the narrative, not from a table.)',
  approximate: (p) => `(The report prints "${p.raw}", an approximate number.)`,
  'next-year': (p) => `(${p.asked} is covered by the ${p.report} report.)`,
  newest: (p) => `(The newest report ${p.agency ? 'of this agency ' : ''}in the knowledge is of ${p.year}; this is answered from it.)`,
  known: (p) => String(p.en ?? ''),
  typo: (p) => `(Read as: ${list(p.meant, ', ')}.)`,
  'sub-unit': (p) => `(Annual reports are published per agency: ${p.unit} is part of ${p.agency}; these are ${p.agency}'s figures.)`,
  kinds: () =>
    'You can ask about: requests received and how they were handled (by applicant type and outcome), administrative reconsideration and lawsuits, regulations and normative documents, licences, penalties, fees and procurement, figures and lists in the narrative, policies, problems and improvements, and the publication date.',
};

export function noteText(n: Note, lang: Lang): string {
  return (lang === 'en' ? EN : ZH)[n.code](n.p ?? {});
}
