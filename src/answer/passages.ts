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

/** The signature closing a report (天津市工业和信息化局 2021年1月27日): not part of any passage. */
const SIGNATURE = /\n[^\n]{2,40}?\s*\d{4}年\d{1,2}月\d{1,2}日\s*$/;

/** Splits section 五 into its problems part and its improvements part. */
function splitProblems(text: string): { problems: string; plans: string } {
  const t = flowText(text);
  const planAt = t.search(PLAN_HEAD);
  if (planAt > 0) {
    // each part a whole unit: the clause that turns to the plans (…等问题，2021年将重点抓好以下几项工作：)
    // is split at its own clause mark, the year with the plans it introduces
    const before = t.slice(0, planAt);
    const end = Math.max(...['，', ',', '。', '；', ';', '\n'].map((c) => before.lastIndexOf(c))) + 1;
    const plans = t.slice(end).replace(SIGNATURE, '').trim();
    return { problems: t.slice(0, end).trim().replace(/[,，]$/, '。'), plans: plans || t.slice(planAt).trim() };
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

const UNIT_HEAD = /[（(][一二三四五六七八九十]+[)）]|(?:^|\n)[一二三四五六七八九十]+、|[一二三四五六七八九十]是/g;

/**
 * The whole unit a clause stands in: its numbered subsection ((五)严格程序… up to (六)), or its item
 * of an 一是…二是 run, when it is at most `max` characters; else its whole sentence. Never cut inside.
 */
export function unitAround(r: Report, sectionIndex: number, clause: string, sentence: string, max = 700): string {
  const sec = r.sections.find((x) => x.index === sectionIndex);
  if (!sec) return sentence;
  const t = flowText(sec.text);
  const key = clause.replace(/\s+/g, '').slice(0, 12);
  const at = t.replace(/\s+/g, '') === t ? t.indexOf(key) : t.indexOf(clause.slice(0, 12));
  if (at < 0) return sentence;
  const marks = [...t.matchAll(UNIT_HEAD)].map((m) => (m.index ?? 0) + (m[0].startsWith('\n') ? 1 : 0));
  const start = marks.filter((i) => i <= at).at(-1);
  if (start === undefined) return sentence;
  const end = marks.find((i) => i > at) ?? t.length;
  const unit = t.slice(start, end).trim();
  return unit.length <= max && unit.length >= sentence.length ? unit : sentence;
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
