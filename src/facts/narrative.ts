// The numbers a report's narrative states, each with its own phrase: from the number or clause mark
// before it to the number, its counter and the noun after it (服务号发布工作信息128条; 重大建设项目
// 信息类24条). The words before the phrase in its sentence are its lead (a whole it is a part of —
// 主动公开政府信息128条，涵盖…24条 — stays in the lead; other numbers' phrases do not), and what
// it measures is read where it stands: a change (较上年增长), a share (%), a running total (累计).
import type { Report } from '../model.js';
import { CHINESE_NUMERAL, labelKey, normalizeText, parseNumber } from '../text.js';
import { blocks2, RESULT_COLUMNS_4, SECTIONS } from '../template.js';
import { unitPattern } from '../domain/words.js';
import { flowText } from '../answer/passages.js';
import { unitInfo } from './units.js';
import type { Fact, Measure } from './types.js';

const UNITS = unitPattern('narrative').split('|').filter((u) => u !== '余' && u !== '%');
const UNIT_RE = [...UNITS, '万人次', '万', '亿', '%'].sort((a, b) => b.length - a.length).join('|');
const NUM = `(?<![\\d.])\\d[\\d,]*(?:\\.\\d+)?|[${CHINESE_NUMERAL}]{1,8}`;
/** a number, the words of approximation around it, and its unit (or 万/亿 alone, or none) */
const NUMBER = new RegExp(`(近|约|超过|超|逾|过|达到|达|突破|多达|不少于|不到|将近)?(${NUM})(余|多)?(${UNIT_RE})?`, 'g');
const APPROX_BEFORE = /^(近|约|超过|超|逾|过|突破|多达|不少于|不到|将近)$/;
/** a unitless number counts when what stands before it says what it measures (粉丝数54373, 点击量过十万) */
const MEASURED_BEFORE = /(数|量|人数|用户|粉丝|总数|总量|规模|率)(为|达|达到|超过|突破|约|已达|已突破|过|近)?$/;
/** the words that introduce a whole's parts (其中, 涵盖, 包括, 分别为) */
const PARTS = /其中|涵盖|包括|包含|含|分别为|分别是|分别|具体为|[:：]/;
const CLAUSE_MARK = /[，,；;：:。！？!?]/;
const CHANGE = /[较比](上一?年|去年|往年|前一年|上年度?|同期|\d{4}年)|同比|环比|增长|增加|减少|下降|上升|回落|提高|降低|提升|增幅|降幅|上涨|下跌/;
const CUMULATIVE = /累计|截至|截止|历年/;

interface Hit {
  start: number;
  end: number;
  value: number;
  unit: string;
  raw: string;
  approximate: boolean;
}

/** The template's column and row labels: text holding several of them is a table flattened into lines, not narrative. */
const TABLE_LABELS = [...new Set([...blocks2('2019'), ...blocks2('2021')].flatMap((b) => b.columns)), ...RESULT_COLUMNS_4, '本年新收政府信息公开申请数量', '上年结转政府信息公开申请数量', '结转下年度继续办理', '商业企业', '科研机构', '社会公益组织', '法律服务机构'];

/** The template's section names: a sentence naming several (本报告包括总体情况、主动公开…等六个部分) describes the report, not the work. */
const SECTION_KEYS = SECTIONS.flatMap((x) => x.keys).filter((k) => k.length >= 4);

/** A clause with runs of digits no counter follows (640020470二、…), or the labels of a table, is a flattened table, not narrative. */
function isNarrative(text: string): boolean {
  const bare = [...text.matchAll(/\d{5,}(?![\d.]*\s*[件条次人个项万亿元%篇场期名家份批户])/g)].length;
  const key = labelKey(text);
  return bare < 2 && !/\d{12,}/.test(text) && TABLE_LABELS.filter((l) => key.includes(l)).length < 2 && SECTION_KEYS.filter((l) => key.includes(l)).length < 3;
}

/** The numbers of a sentence that state a quantity (not years, dates, ordinals, numbering or document numbers). */
function numbersIn(s: string): Hit[] {
  const out: Hit[] = [];
  for (const m of s.matchAll(NUMBER)) {
    const [whole, pre, numText, approxTail, unitRaw] = m as unknown as [string, string | undefined, string, string | undefined, string | undefined];
    const at = (m.index ?? 0) + (pre?.length ?? 0);
    const before = s.slice(Math.max(0, at - 3), at);
    const after = s.slice((m.index ?? 0) + whole.length, (m.index ?? 0) + whole.length + 2);
    const chinese = !/\d/.test(numText);
    if (/第$|[\d.〔\[（(]$/.test(before) || /^[年月日号〕\]）)、.．]/.test(after) && !unitRaw) continue;
    if (/^(年|月|日|号|时|点|季度)/.test(after) && !unitRaw) continue;
    if (chinese) {
      if (!/[十百千万亿]/.test(numText) && numText.length > 1) continue; // 一二三 lists
      if (/^[一二三四五六七八九十]$/.test(numText) && /^是|^[、.．]/.test(after)) continue; // 一是, 二、
      if (!unitRaw && !/[十百千万亿]/.test(numText)) continue;
      // 千, 万 alone are a number only as an approximation (近千条, 上万人)
      if (!/[零〇一二两三四五六七八九十]/.test(numText) && !(pre && APPROX_BEFORE.test(pre))) continue;
      if (/^[一两]$/.test(numText) && !/^(个|名|家|期|次|场|件|项|条|篇)$/.test(unitRaw ?? '')) continue;
    }
    const unit = unitRaw ?? '';
    if (!unit && !MEASURED_BEFORE.test(s.slice(0, m.index ?? 0))) continue;
    let value = parseNumber(numText);
    if (!Number.isFinite(value)) continue;
    if (!chinese && /^(19|20)\d{2}$/.test(numText) && !unit) continue;
    // a Chinese numeral followed by 万 took the 万 as its unit (十万 is 100000, 550万 stays 550 万)
    if (chinese && (unit === '万' || unit === '亿')) {
      value *= unit === '万' ? 1e4 : 1e8;
    }
    const kept = chinese && (unit === '万' || unit === '亿') ? '' : unit;
    out.push({
      start: m.index ?? 0,
      end: (m.index ?? 0) + whole.length,
      value,
      unit: kept,
      raw: whole.slice(pre && !APPROX_BEFORE.test(pre) ? pre.length : 0),
      approximate: Boolean(pre && APPROX_BEFORE.test(pre)) || Boolean(approxTail),
    });
  }
  return out;
}

/**
 * The noun right after a number and its counter: up to a clause mark, or up to 、和及 where another
 * number follows (12家企业机构、22名企业代表); an enumeration it counts runs on (29项涉及群众切身利益、
 * …的重要政策文件进行解读).
 */
function nounAfter(s: string, end: number): string {
  const rest = s.slice(end);
  const clause = /^[^，,；;。：:！!？?()（）]{0,40}/.exec(rest)?.[0] ?? '';
  let noun = /^[\u4e00-\u9fff“”"《》、]*/.exec(clause)?.[0] ?? '';
  // an enumeration of figures (12家企业机构、22名企业代表): the noun ends where the next item's number begins
  const next = /、(?=[^、]*?(?:\d|[一二三四五六七八九十两]+[个项件条名家]))/.exec(clause);
  if (next && next.index < noun.length) noun = noun.slice(0, next.index);
  return noun.replace(/^(的|之)/, '').replace(/、$/, '');
}

/** The part of a sentence between the ；before a position and the ；after it. */
function clauseGroup(s: string, at: number): string {
  const from = Math.max(s.lastIndexOf('；', at), s.lastIndexOf(';', at), at - REACH) + 1;
  const next = s.slice(at, at + REACH).search(/[；;]/);
  return s.slice(from, next < 0 ? Math.min(s.length, at + REACH) : at + next);
}

// A figure is read with what stands near it: the figures of its sentence up to NEAR before and after
// it, and up to REACH characters of words around it. (A run-on sentence of thousands of figures
// costs each figure no more than a normal sentence does.)
const NEAR = 12;
const REACH = 400;

/** Sentences of a section's narrative (at 。！？ and line ends; ；stays inside, as a clause mark). */
function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const m of flowText(text).matchAll(/[^。！？!?\n]+[。！？!?]?/g)) {
    const s = m[0].replace(/\s+/g, (w, i: number, all: string) => (/[\u4e00-\u9fff，。、；：“”\d]/.test(all[i - 1] ?? '') ? '' : ' ')).trim();
    if (s.length >= 4) out.push(s);
  }
  return out;
}

/**
 * Are two narrative figures said of one subject? They stand in one clause group of one sentence
 * (between semicolons: …短视频584条,累计观看量1924252次,粉丝数54373；直播118场,累计观看量303855次…).
 */
export function saidOfSame(a: Fact, b: Fact): boolean {
  return a.citation.quote === b.citation.quote && a.context === b.context;
}

/** The narrative facts of a report: every number its sections state, with its own phrase, lead and context. */
export function narrativeFacts(r: Report): Fact[] {
  const out: Fact[] = [];
  for (const sec of r.sections) {
    if (!sec.text.trim()) continue;
    const section = sec.canonical || sec.heading || '（报告开头）';
    let previous = '';
    for (const sentence of sentencesOf(sec.text)) {
      const s = normalizeText(sentence);
      if (!isNarrative(s)) {
        previous = s;
        continue;
      }
      const hits = numbersIn(s);
      const phrases: { start: number; end: number; text: string }[] = [];
      hits.forEach((h, i) => {
        // the phrase starts after the number before it or at the last clause mark before it
        let start = i > 0 ? Math.max(hits[i - 1]!.end, phrases[i - 1]!.end) : 0;
        for (let j = h.start - 1; j >= start; j--)
          if (CLAUSE_MARK.test(s[j]!)) {
            start = j + 1;
            break;
          }
        const head = s.slice(start, h.start).replace(/^[、，,和及与以及并]+/, '');
        const noun = nounAfter(s, h.end);
        phrases.push({ start, end: h.end + noun.length, text: `${head}${h.raw}${noun}` });
      });
      hits.forEach((h, i) => {
        const own = phrases[i]!;
        // the lead: the sentence before the phrase, without the phrases of other numbers — except a
        // whole whose parts follow (主动公开政府信息128条，涵盖…24条)
        let lead = '';
        const first = Math.max(0, i - NEAR);
        let from = first > 0 ? phrases[first - 1]!.end : 0;
        const parents = new Set<number>();
        for (let j = first; j < i; j++) {
          const p = phrases[j]!;
          const between = s.slice(p.end, own.start);
          lead += s.slice(from, p.start);
          // a whole: its parts follow it (其中, 涵盖 …) within one clause group (no ；between); and a
          // figure with no subject of its own (答复率100%, 占33.9%) is said of the one just before it
          const subjectless = j === i - 1 && h.unit === '%' && (s.slice(own.start, h.start).replace(/^[，,、]/, '').length <= 4 || CHANGE.test(own.text));
          // two objects of one verb (接入53个部门2261项事项): the first's phrase is the second's lead
          const coordinated = j === i - 1 && own.start === p.end && !s.slice(own.start, h.start).replace(/^[、和及与]/, '') && !CLAUSE_MARK.test(s.slice(hits[j]!.end, h.start));
          if ((PARTS.test(`${between}${own.text}`.slice(0, 12)) || subjectless || coordinated) && !/[；;。]/.test(between)) {
            lead += p.text;
            parents.add(j);
          }
          from = p.end;
        }
        lead += s.slice(from, own.start);
        // a clause of its sentence that names no subject before its first figure (…;直播118场,累计…)
        // shares the subject of the clause before it: that clause's first figure's words before the number
        const groupStart = Math.max(s.lastIndexOf('；', own.start), s.lastIndexOf(';', own.start));
        if (groupStart > 0) {
          const firstHere = hits.findIndex((x) => x.start > groupStart);
          const bare = firstHere >= 0 ? s.slice(groupStart + 1, hits[firstHere]!.start).replace(/[，,、]/g, '') : '';
          const prevStart = Math.max(s.lastIndexOf('；', groupStart - 1), s.lastIndexOf(';', groupStart - 1));
          const firstThere = hits.findIndex((x) => x.start > prevStart && x.start < groupStart);
          if (bare.length <= 3 && firstThere >= 0) {
            lead = `${s.slice(phrases[firstThere]!.start, hits[firstThere]!.start)}，${lead}`;
            parents.add(firstThere);
          }
        }
        // a measure of the clause's subject with no subject of its own (…短视频584条,累计观看量1924252次,粉丝数54373)
        // is said of what the clause's first figure names
        const firstOfGroup = hits.findIndex((x) => x.start > groupStart);
        const head = s.slice(own.start, h.start).replace(/^[，,、]/, '');
        if (firstOfGroup >= 0 && firstOfGroup < i && !parents.has(firstOfGroup) && head.length <= 5 && /(量|数|率|额)$/.test(head)) {
          lead = `${s.slice(phrases[firstOfGroup]!.start, hits[firstOfGroup]!.start)}，${lead}`;
          parents.add(firstOfGroup);
        }
        const around = `${s.slice(Math.max(0, own.start - 16), own.start)}${own.text}`;
        const measure: Measure = h.unit === '%' ? (CHANGE.test(around) ? 'change' : 'share') : CHANGE.test(own.text) ? 'change' : CUMULATIVE.test(`${lead.slice(-12)}${own.text}`) ? 'cumulative' : 'level';
        const u = unitInfo(h.unit);
        out.push({
          id: `n:${section}|${out.length}`,
          key: own.text,
          source: 'narrative',
          value: h.value,
          unit: h.unit,
          unitClass: u.unitClass,
          kin: u.kin,
          measure,
          approximate: h.approximate,
          raw: h.raw,
          phrase: own.text,
          lead: lead.slice(-REACH).replace(/[，,；;：:]+(?=[，,；;：:])/g, '').replace(/[，,；;：:]+$/, ''),
          // the clause group it stands in (between ；), not the sentence's others (…482条,其中…;通过…政务微博…回应关切:
          // 政务微博 is not what 482 is said of)
          context: `${sec.heading} ${previous.slice(-REACH)} ${clauseGroup(s, own.start)}`,
          // the other figures' phrases — not those it is said of (kept in its lead)
          siblings: phrases.filter((_, j) => j !== i && Math.abs(j - i) <= NEAR && !parents.has(j)).map((p) => p.text),
          section,
          report: r,
          cells: [],
          citation: { report: r.title, section, quote: s },
        });
      });
      previous = s;
    }
  }
  return out;
}
