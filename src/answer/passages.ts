// Passages quoted from a report: the problems and the improvements (五、存在的主要问题及改进情况),
// how requests are handled, the publication date. Trimmed to the sentences that answer.
import type { Report, Section } from '../model.js';
import { normalizeText, sentences } from '../text.js';
import { trimText, who } from './reply-parts.js';
import type { Reply } from './types.js';

/** Section text with wrapped lines joined (PDF and Markdown text breaks lines mid-sentence). */
export function flowText(text: string): string {
  return normalizeText(text)
    .replace(/[ \t]+/g, (m, i: number, s: string) => (/[\u4e00-\u9fff，。、；：）（]/.test(s[i - 1] ?? '') || /[\u4e00-\u9fff，。、；：）（]/.test(s[i + m.length] ?? '') ? '' : ' '))
    .replace(/([^。！？；;:：\n])\n(?!\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[.、]))/g, '$1');
}

function passageAnswer(r: Report, sec: Section, body: string, intro: string): Reply {
  return { kind: 'passage', lang: 'zh', lines: [intro, body], figures: [], citations: [{ report: r.title, section: sec.canonical || sec.heading, quote: '' }], notes: [], suggestions: [] };
}

const PROBLEM_HEAD = /[（(]一[）)]\s*(?:存在的)?(?:主要)?问题|存在的(?:主要)?问题[:：]?/;
const PLAN_HEAD = /[（(]二[）)]\s*(?:改进|整改|下一步|工作)|改进(?:情况|措施|计划)[:：]|下一步[工作]*(?:打算|计划|安排)?[:：]|将重点抓好|将从以下|重点做好以下|年将/;
const PROBLEM_WORDS = /问题|不足|有待|仍需|还需|不够|欠缺|差距|薄弱|不到位|不充分|不完善|不及时|有限|滞后|短板/;

/** Splits section 五 into its problems part and its improvements part. */
function splitProblems(text: string): { problems: string; plans: string } {
  const t = flowText(text);
  const planAt = t.search(PLAN_HEAD);
  if (planAt > 0) {
    // the sentence holding the turn (…等问题，2021年将重点抓好以下几项工作：) goes with the problems
    const end = t.indexOf('：', planAt) >= 0 && t.indexOf('：', planAt) - planAt < 30 ? t.indexOf('：', planAt) + 1 : planAt;
    return { problems: t.slice(0, end).trim(), plans: t.slice(end).trim() || t.slice(planAt).trim() };
  }
  const ss = sentences(t);
  const problems = ss.filter((s) => PROBLEM_WORDS.test(s));
  const plans = ss.filter((s) => !PROBLEM_WORDS.test(s));
  return { problems: problems.join(''), plans: plans.join('') };
}

export function problemsPassage(r: Report, want: 'problems' | 'plans'): Reply | null {
  const sec = r.sections.find((s) => s.index === 5);
  if (!sec || !sec.text.trim()) return null;
  const { problems, plans } = splitProblems(sec.text);
  const body = want === 'problems' ? problems || plans : plans || problems;
  const intro = want === 'problems' ? `${who(r)}报告所述存在的主要问题：` : `${who(r)}报告所述改进情况和下一步措施：`;
  return passageAnswer(r, sec, trimText(body.replace(/^[（(]一[）)]\s*(存在的)?(主要)?问题[:：]?/, ''), 900), intro);
}

/** How requests are handled: the sentences about 依申请公开 in the narrative. */
export function handlingPassage(r: Report): Reply | null {
  for (const sec of r.sections) {
    if (sec.index < 1 || sec.index > 6 || !sec.text.trim()) continue;
    const ss = sentences(flowText(sec.text)).filter((s) => /依申请|申请人|受理|答复/.test(s) && s.length > 12);
    if (ss.length) return passageAnswer(r, sec, trimText(ss.slice(0, 4).join(''), 700), `${who(r)}报告中关于办理政府信息公开申请的做法：`);
  }
  return null;
}

export function datePassage(r: Report): Reply {
  if (r.publishedText) {
    return { kind: 'passage', lang: 'zh', lines: [`${r.title}的落款日期是${r.publishedText}。`], figures: [], citations: [{ report: r.title, section: '报告末尾落款', quote: '' }], notes: [], suggestions: [] };
  }
  return { kind: 'refusal', lang: 'zh', lines: [`${r.title}中没有找到发布日期（落款日期），无法告诉您具体是哪天发布的。`], figures: [], citations: [], notes: [], suggestions: [] };
}
