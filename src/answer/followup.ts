// Follow-ups: a turn keeps the conversation's agency, year and topic unless it names others.
// '那2023年呢' / '那上一年呢' — the same topic in another year; '那企业呢' — the same row in another
// column; '其中予以公开的有几件' — a part of the previous figure; '那行政复议呢' — another topic of the
// same agency and year. The previous turn is read from what was understood then (QueryState), never
// re-parsed from its text.
import type { Report } from '../model.js';
import type { Group4, Measure2 } from './dictionary.js';
import type { KIndex } from './knowledge-index.js';
import type { Previous, QueryState } from './types.js';
import { understand, type Query } from './understand.js';
import { contentRuns } from './content.js';

const RELATIVE_TO_PREVIOUS: [RegExp, number][] = [
  [/上一年|前一年|上年度?(?!结转)|去年/, -1],
  // (下一年 of 结转到下一年 names a row of table 三, not a year)
  [/(?<!结转到?|转到|转入)(?:下一年|后一年|次年|第二年)/, 1],
];

/** A relative year that is what the figure is compared with (比上一年, 与去年相比), not the year asked. */
const COMPARED_WITH = /[比较](?:上一年度?|前一年|上年度?|去年)|(?:与|和|跟|同)(?:上一年度?|前一年|上年度?|去年)(?:相)?比/;

/** Asks which of the agencies ranks first (哪个区…最多, 哪家最少, 排名). */
const ACROSS_AGENCIES = /哪[个一家](?:机关|部门|单位|地方|区|市|县)?.{0,20}(?:最多|最少|最高|最低)|排名|排第/;

/** Is this turn written as a continuation (那…呢, 其中…, a bare slot)? */
function continues(q: Query, raw: string): boolean {
  if (raw.length > 40) return false;
  return /^(那|那么|还有|其中|这些|这个|那个|它|他们|该|再|另外|然后|具体|第[一二三四五六七八九十\d]+)/.test(raw) || /呢[?？]?$/.test(raw) || !q.agencyReports;
}

/** The reports of the agency the previous turn was about. */
function reportsOf(ix: KIndex, agency: string | null): Report[] | null {
  return agency ? (ix.agencies.get(agency) ?? null) : null;
}

/**
 * A turn that only names another agency or year (那天津市工信局呢, 2023年呢) after a refused turn asks
 * the refused question again with those names in place of its own; nothing else of a refused turn is used.
 */
function retried(asked: Query, ix: KIndex, refused?: Previous): Query | null {
  const p = refused?.query;
  if (!p || !asked.namesOwn || asked.unknownAgency || contentRuns(asked).length || !/呢[?？]?$/.test(asked.text)) return null;
  let text = p.text;
  for (const w of [p.agencyWord, p.unknownAgency]) if (w && asked.agencyWord) text = text.split(w).join('');
  if (asked.years.length) text = text.replace(/(?:19|20)\d{2}\s*年?度?|去年|今年|前年|上一年度?|上年度/g, '');
  const again = understand(`${asked.agencyWord ?? ''}${asked.years.map((y) => `${y}年`).join('')}${text}`, ix);
  return again.unknownAgency ? null : { ...again, namesOwn: true };
}

export function followUp(asked: Query, ix: KIndex, previous?: Previous, refused?: Previous): Query {
  let q = asked;
  const again = retried(q, ix, refused);
  if (again) return again;
  const p = previous?.query;
  if (!p) return q;
  const raw = q.text;
  // a body the knowledge does not hold is named: never answered for the conversation's agency
  if (q.unknownAgency) return q;
  // a ranking across the agencies (哪个区收到的申请最多) is about them all, in any turn
  if (!q.agencyReports && ACROSS_AGENCIES.test(raw)) return q;
  if (!continues(q, raw)) return q;
  // the reports the agency was named for (洪泽区: both names it is printed under), else by its name
  const prevReports = (p.agencyWord && ix.aliases.get(p.agencyWord)) || reportsOf(ix, p.agency);
  const prev = restore(p, ix);
  // the agency: the one named, else the conversation's (with the word it was named by, so that word is no content)
  const agencyReports = q.agencyReports ?? prevReports;
  const agencyWord = q.agencyWord ?? (prevReports ? (prev.agencyWord ?? p.agency) : null);
  const agencies = q.agencies.length ? q.agencies : prevReports ? (prev.agencies.length ? prev.agencies : [{ word: p.agency!, reports: prevReports }]) : [];
  // the year: the one named (relative words count from the conversation's year), else the conversation's
  let years = q.years;
  const rel = RELATIVE_TO_PREVIOUS.find(([re]) => re.test(raw));
  // 比上一年增加了多少: the conversation's year compared with the one before (the comparison pairs them)
  const against = rel && COMPARED_WITH.test(raw);
  if (against && p.years.length === 1) {
    years = p.years;
    q = { ...q, intents: new Set([...q.intents, 'compare']) };
  } else if (rel && p.years.length === 1 && (q.relativeYear || !q.years.length)) years = [p.years[0]! + rel[1]];
  else if (!years.length) years = p.years;
  const base = { agencyReports, agencyWord, agencies, years, unknownAgency: q.agencyReports ? q.unknownAgency : null };

  // '那上一年呢' names a year, not table 二's 上一年项目数量
  if (rel && q.measure2 === 'prev' && /上一?年|去年/.test(q.slotWords.measure2 ?? '')) q = { ...q, measure2: undefined };
  const structural = q.row3 || q.row2 || q.group4 || q.col3 || q.col4 || q.measure2;
  const topical = [...q.intents].some((i) => !['quantity', 'list', 'rate', 'compare'].includes(i));
  if (!structural && !topical) {
    // '2023年呢', '那上一年呢', '累计观看量是多少' (a narrative topic: the previous question's words stay as context)
    // '2023年呢', '那上一年呢': only another agency or year (not '具体是哪几个', which asks of the previous reply)
    const onlyWhenWhere = contentRuns(q).length === 0 && /呢[?？]?$/.test(raw);
    if (onlyWhenWhere) return { ...prev, ...base, text: prev.text, focus: prev.focus };
    return { ...q, ...base, context: prev, intents: askedAgain(q, prev, raw) };
  }
  // the previous question's words stay as context
  const merged: Query = { ...q, ...base, context: prev };
  // another column of the same row: '那企业呢', '法律服务机构的呢'
  if ((q.col3 || q.col4 || q.measure2) && !q.row3 && !q.row2 && !q.group4) {
    merged.row3 = prev.row3;
    merged.row2 = prev.row2;
    merged.group4 = prev.group4;
    merged.slotWords = { ...prev.slotWords, ...q.slotWords };
    merged.intents = new Set([...prev.intents, ...q.intents]);
    if (!q.col3) merged.col3 = prev.col3;
    if (!q.measure2) merged.measure2 = prev.measure2;
    return merged;
  }
  // a part of the previous figure: '其中予以公开的有几件' keeps the applicant column
  if (q.row3 && !q.col3 && prev.col3 && prev.row3 && /^(其中|这些|这里面|里面|当中)|里面|之中/.test(raw)) merged.col3 = prev.col3;
  // another row of table 二 keeps the measure asked: '行政规范性文件呢', '那淮安市2024年的行政强制呢'
  if (q.row2 && !q.measure2 && prev.measure2) {
    merged.measure2 = prev.measure2;
    merged.slotWords = { ...q.slotWords, measure2: prev.slotWords.measure2 };
  }
  merged.intents = askedAgain(q, prev, raw);
  return merged;
}

/** Words a turn asks in by itself (怎么…呢, 有几件呢), not only naming another thing (X呢). */
const OWN_ASKING = /怎么|怎样|如何|什么|啥|哪|为何|为什么|多少|几|吗|是否|有没有|是不是/;
/** Does a turn only name another thing (行政规范性文件呢), asking what the turn before asked? */
export const namesAnotherOnly = (text: string) => /呢[?？]?$/.test(text) && !OWN_ASKING.test(text);

/**
 * '行政规范性文件呢', '那网站上的原创文章呢': what was asked of the previous thing (主动公开, 多少) is asked of
 * this one; a turn that asks in its own words keeps only its own.
 */
function askedAgain(q: Query, prev: Query, raw: string): Query['intents'] {
  if (!namesAnotherOnly(raw)) return q.intents;
  return new Set([...[...prev.intents].filter((i) => ['quantity', 'proactive', 'rate', 'fee'].includes(i)), ...q.intents]);
}

/** The previous turn's query, rebuilt from its plain form (slots as they were understood). */
function restore(p: QueryState, ix: KIndex): Query {
  const q = understand(p.text, ix);
  return {
    ...q,
    row3: p.row3 ? { key: p.row3, weight: q.row3?.weight ?? 3 } : undefined,
    col3: p.col3,
    row2: p.row2 ? { row: p.row2, weight: q.row2?.weight ?? 3 } : undefined,
    measure2: p.measure2 as Measure2 | undefined,
    group4: p.group4 as Group4 | undefined,
    col4: p.col4,
    intents: new Set(p.intents) as Query['intents'],
    focus: p.focus,
    context: p.context ? understand(p.context, ix) : undefined,
  };
}
