// The narrative read as statements, for the 报告自检: what each number of the narrative says (requests
// received, handled, carried over from last year and to the next, reviews and lawsuits, the
// results of handling), whatever the word order (共收到70件申请, 收到…申请共计8件, 1件结转下年度);
// what the narrative claims without a number (所有申请均已办结, 未发生…行政复议); the wholes and
// the parts it lists (受理50件，其中…), the shares it prints (258件，占33.9%) and the items it
// counts (普陀、金山、徐汇、虹口、浦东五个试点区).
//
// Input: the narrative numbers of a report (each with its value, unit, raw text and sentence) and
// its sections' text (`narrativeOf`), so that another reading of the numbers (one phrase each) can
// feed it later. Nothing here knows the tables.
import type { Location, Report } from '../model.js';
import { tightNumbers } from '../ingest/narrative.js';
import { normalizeText, parseNumber } from '../text.js';
import { groupInto } from './finding.js';

/** A number of the narrative: its value and unit as printed, in its sentence. */
export interface NarrativeNumber {
  value: number;
  unit: string;
  raw: string;
  approximate: boolean;
  sentence: string;
  section: string;
  at: Location;
}

export interface NarrativeText {
  canonical: string;
  text: string;
  at: Location;
}

export interface NarrativeInput {
  numbers: NarrativeNumber[];
  sections: NarrativeText[];
}

/** The narrative of a report (the statements ingest made of an old report's table are not narrative). */
export function narrativeOf(r: Report): NarrativeInput {
  let input = inputs.get(r);
  if (!input) inputs.set(r, (input = { numbers: r.figures.filter((f) => !f.sentence.startsWith('政府信息公开情况统计表：')), sections: r.sections }));
  return input;
}

// each report's narrative is read once, whichever check asks first
const inputs = new WeakMap<Report, NarrativeInput>();
const placedOf = new WeakMap<NarrativeInput, Placed[]>();

export type Quantity = 'received' | 'handled' | 'carriedIn' | 'carriedOut' | 'review' | 'lawsuit' | 'result';

/** One number in its place: its passage (a paragraph), its sentence, and the words on each side. */
export interface Placed {
  n: NarrativeNumber;
  /** paragraph and sentence, numbered through the report */
  passage: number;
  sentence: number;
  /** offset of the number in its sentence */
  index: number;
  /** the words between the number and the clause start (or the number before) */
  before: string;
  /** the words between the number and the clause end (or the number after) */
  after: string;
  /** where in the sentence the first word that lists parts stands (其中, 含, 包括), -1 when none */
  partsFrom: number;
  /** the sentence, or the one before it (a heading), speaks of requests (申请); of reviews or lawsuits */
  requests: boolean;
  cases: boolean;
}

export interface Statement {
  quantity: Quantity;
  value: number;
  /** 办理 N件: received or handled, which is not said */
  either?: boolean;
  /** the result named (予以公开, 结果维持 …), for quantity 'result' */
  result?: string;
  /** a part of a whole stated before it (其中…) */
  part: boolean;
  /** one number said of reviews and lawsuits both (行政复议、行政诉讼均为0件) */
  both?: boolean;
  /** the scope named in the clause (全区, 区政府办, 本机关 …), '' when none */
  scope: string;
  at: Placed;
}

export interface Claim {
  kind: 'allHandled' | 'noRequests' | 'noReview' | 'noLawsuit';
  text: string;
  section: string;
  at: Location;
}

const CLAUSE_END = /[，,；;：:（）()。！？!?]/;
/** Units of requests, reviews and lawsuits. */
const COUNTS = new Set(['件', '起', '宗', '件次']);
/** Units a whole and its parts may be counted in. */
const TALLIES = new Set(['件', '起', '宗', '件次', '条', '个', '项', '篇', '次', '场', '家', '名', '人', '期', '份', '人次']);

/** The paragraphs and sentences of each section, as ingest cut them, with every number placed in them. */
export function placeNumbers(input: NarrativeInput): Placed[] {
  let out = placedOf.get(input);
  if (!out) placedOf.set(input, (out = place(input)));
  return out;
}

function place(input: NarrativeInput): Placed[] {
  const out: Placed[] = [];
  let passage = 0;
  let sentence = 0;
  const bySection = new Map<string, NarrativeNumber[]>();
  for (const n of input.numbers) groupInto(bySection, n.section, n);
  for (const sec of input.sections) {
    const nums = bySection.get(sec.canonical || '（报告开头）') ?? [];
    bySection.delete(sec.canonical || '（报告开头）');
    let k = 0;
    let before = { requests: false, cases: false };
    for (const para of sec.text.split('\n')) {
      passage++;
      for (const m of para.matchAll(/[^。！？!?；;\n]+[。！？!?；;]?/g)) {
        const s = tightNumbers(normalizeText(m[0].trim())).trim();
        if (!s) continue;
        sentence++;
        const own = { requests: /申请/.test(s), cases: /复议|诉讼/.test(s) };
        const context = { requests: own.requests || before.requests, cases: own.cases || before.cases, partsFrom: s.search(/其中|含|包括|包含/) };
        before = own;
        let from = 0;
        const here: { n: NarrativeNumber; index: number }[] = [];
        // the numbers of one sentence share its text: compared in full once, then as the same string
        let same: string | null = null;
        while (k < nums.length && (nums[k]!.sentence === same || (same === null && nums[k]!.sentence === s))) {
          same = nums[k]!.sentence;
          const n = nums[k++]!;
          let i = s.indexOf(n.raw, from);
          while (i > 0 && /[\d.]/.test(s[i - 1]!)) i = s.indexOf(n.raw, i + 1);
          if (i < 0) continue;
          here.push({ n, index: i });
          from = i + n.raw.length;
        }
        here.forEach(({ n, index }, j) => {
          const start = j ? here[j - 1]!.index + here[j - 1]!.n.raw.length : 0;
          const end = j + 1 < here.length ? here[j + 1]!.index : s.length;
          let words = s.slice(start, index);
          let cut = words.length - 1;
          while (cut >= 0 && !CLAUSE_END.test(words[cut]!)) cut--;
          words = words.slice(cut + 1);
          let after = s.slice(index + n.raw.length, end);
          const stop = after.search(CLAUSE_END);
          if (stop >= 0) after = after.slice(0, stop);
          out.push({ n, passage, sentence, index, before: words, after, ...context });
        });
      }
    }
  }
  return out;
}

const CARRIED_IN = /(上一?年度?|往年|去年|以前年度)(度)?的?(结转|转结|遗留)|结转上一?年/;
const CARRIED_OUT = /(结转|转入|转至|转到|顺延|延期|延至|转)(至|到|入)?(下一?年度?|明年|次年|下一?年)|(下一?年度?|次年|明年)(继续)?(办理|答复|处理)/;
const REVIEW = /行政复议/;
const LAWSUIT = /行政诉讼|诉讼|起诉/;
const RESULTS: [string, RegExp][] = [
  ['予以公开', /予以公开|同意公开|全部公开/],
  ['部分公开', /部分公开/],
  ['不予公开', /不予公开/],
  ['无法提供', /无法提供|不掌握/],
  ['不予处理', /不予处理/],
  ['其他处理', /其他处理|其它处理/],
  ['结果维持', /维持/],
  ['结果纠正', /纠正|纠错|撤销|确认违法/],
  ['其他结果', /其他结果/],
  ['尚未审结', /尚未审结|未审结|审理中/],
];
const RECEIVED = /收到|受理|新收|接收|接到|收悉|提出|提交|登记/g;
const RECEIVED_ONE = /收到|受理|新收|接收|接到|收悉/;
const HANDLED = /办结|答复|回复|办理完毕|处理完毕|完成办理|办理|处理/g;
/** Words of other business: a 受理 or 办结 of these is not an information-disclosure request. */
const OTHER = /热线|12345|投诉|咨询|诉求|信访|来电|来信|留言|建议|提案|审批|许可|业务|办件|备案|快递|案件|便民|市民/;
const SCOPE = /(全市|全区|全县|全省|全镇|本级|市本级|区本级|县本级|本机关|本单位|本部门|我局|我委|我办|我区|我市|我县|区政府办|市政府办|县政府办|办公厅|办公室|系统|各级|下属|所属)/;

/** The last match of a global pattern in a string: [index, word], or null. */
function lastOf(re: RegExp, s: string): [number, string] | null {
  let best: [number, string] | null = null;
  for (const m of s.matchAll(re)) best = [m.index ?? 0, m[0]];
  return best;
}

/** What a number counts, by the words around it; null when it is none of the statements read here. */
export function statementOf(p: Placed): Statement | null {
  const n = p.n;
  const phrase = p.before + '\u0000' + p.after;
  // requests are counted in 件, and now and then in 条 or 个 (共收到政府信息公开申请0条)
  const counted = COUNTS.has(n.unit) || ((n.unit === '条' || n.unit === '个') && /申请(共|共计|总计|为)?$/.test(p.before) && RECEIVED_ONE.test(p.before));
  if (!counted || n.approximate) return null;
  const part = p.partsFrom >= 0 && p.partsFrom < p.index && !/^[^，,；;]*共/.test(p.before);
  const scope = SCOPE.exec(p.before)?.[1] ?? '';
  const base = { value: n.value, part, scope, at: p };
  if (CARRIED_IN.test(phrase)) return { ...base, quantity: 'carriedIn' };
  // 结转 alone (办结48件，结转2件) is to the next year
  if (CARRIED_OUT.test(phrase) || /结转/.test(phrase)) return { ...base, quantity: 'carriedOut' };
  const review = REVIEW.test(phrase);
  const lawsuit = LAWSUIT.test(phrase.replace(/复议后起诉/g, ''));
  // a result: of handling requests (予以公开 …), or of a review or lawsuit (维持, 纠正 …)
  const result = RESULTS.find(([, re]) => re.test(p.before) || (!p.before.trim() && re.test(p.after)));
  if (result) {
    const ofCase = /^(结果|其他结果|尚未审结)/.test(result[0]);
    if (ofCase && !(review || lawsuit || p.cases)) return null;
    return { ...base, quantity: 'result', result: result[0], part: part || ofCase };
  }
  if (review !== lawsuit) return { ...base, quantity: review ? 'review' : 'lawsuit' };
  // 行政复议、行政诉讼均为0件: both
  if (review) return /(均|都|皆)(为|是)?$/.test(p.before) ? { ...base, quantity: 'review', both: true } : null;
  // received or handled: information-disclosure requests, not other business
  if (OTHER.test(phrase) || !p.requests) return null;
  const got = lastOf(RECEIVED, p.before);
  const done = lastOf(HANDLED, p.before);
  const verb = got && (!done || got[0] > done[0]) ? got : done;
  const ahead = verb ? null : (lastOf(RECEIVED, p.after) ?? lastOf(HANDLED, p.after));
  const word = verb?.[1] ?? ahead?.[1];
  // no verb: 政府信息公开申请共12件 counts the requests received
  if (!word) return /申请(数量|总数|件数|数)?(共|为|共计|总计|合计|达|有)*$/.test(p.before) && !/依申请公开/.test(p.before) ? { ...base, quantity: 'received' } : null;
  if (/^(收到|受理|新收|接收|接到|收悉|提出|提交|登记)$/.test(word)) return { ...base, quantity: 'received' };
  return { ...base, quantity: 'handled', either: word === '办理' || word === '处理' };
}

/** The statements of a report's narrative, in order. */
export function readStatements(input: NarrativeInput): Statement[] {
  return placeNumbers(input).flatMap((p) => {
    const s = statementOf(p);
    if (!s) return [];
    return s.both ? [s, { ...s, quantity: 'lawsuit' as const }] : [s];
  });
}

// ---------- claims without a number ----------

const ALL = /(所有|全部|均|都|一律|悉数)[^，,。；;！!\d]{0,12}?(办结|办理完毕|办理完成|处理完毕|答复完毕|完成办理|完成答复|完成回复|予以答复|作出答复|给予答复|答复|回复)(?![率\d])/;
const NO_REQUESTS = /(未收到|没有收到|未接到|没有接到|未受理|没有受理|无)(过|任何)?[^。；;，,\d]{0,12}?(政府信息公开申请|信息公开申请|公开政府信息的?申请|依申请公开的?申请)(?![^。；;，,]{0,6}(行政复议|行政诉讼))/;
const NONE = /(未发生|没有发生|未出现|没有出现|未收到|没有收到|未接到|没有接到|未有|没有|不存在|无(?![法论]))[^。；;，,\d]{0,30}?(行政复议|行政诉讼)(?:[^。；;，,\d]{0,6}?(行政复议|行政诉讼))?([^。；;，,\d]{0,12})/g;

/** What the narrative claims without a number: all requests handled; no review, no lawsuit. */
export function readClaims(input: NarrativeInput): Claim[] {
  const out: Claim[] = [];
  for (const sec of input.sections) {
    for (const m of sec.text.matchAll(/[^。！？!?；;\n]+[。！？!?；;]?/g)) {
      const s = normalizeText(m[0]);
      const all = ALL.exec(s);
      // "all handled" where the sentence itself names none carried over or deferred, and where it
      // is about timeliness only (均在法定期限内予以答复) it claims every request was answered
      if (all && /申请|依申请/.test(s) && !CARRIED_OUT.test(s) && !/顺延|除[^，,。]*外/.test(s) && (/办结|完毕|完成/.test(all[2]!) || /均已/.test(all[0])))
        out.push({ kind: 'allHandled', text: all[0], section: sec.canonical, at: sec.at });
      const noRequests = NO_REQUESTS.exec(s);
      if (noRequests) out.push({ kind: 'noRequests', text: noRequests[0], section: sec.canonical, at: sec.at });
      for (const n of s.matchAll(NONE)) {
        // 未发生…被行政复议纠错或行政诉讼败诉: no corrections, not no reviews
        if (/纠错|纠正|败诉|撤销|确认违法|被改变/.test(n[4]! + n[0])) continue;
        const words = new Set([n[2], n[3]].filter(Boolean));
        if (words.has('行政复议')) out.push({ kind: 'noReview', text: n[0], section: sec.canonical, at: sec.at });
        if (words.has('行政诉讼')) out.push({ kind: 'noLawsuit', text: n[0], section: sec.canonical, at: sec.at });
      }
    }
  }
  return out;
}

// ---------- wholes and parts, shares, counted lists ----------

export interface WholeParts {
  whole: Placed;
  parts: Placed[];
  /** the parts name every case: a last 其他/其余, all four results of a review, or three parts and more
   * (lists that long are the whole's breakdown in the reports read so far; two parts may be a selection) */
  complete: boolean;
}

/** A whole followed by 其中 and its parts, in one sentence (受理50件，其中予以公开20件、不予公开10件…). */
export function wholesAndParts(input: NarrativeInput): WholeParts[] {
  const placed = placeNumbers(input);
  const out: WholeParts[] = [];
  const bySentence = new Map<number, Placed[]>();
  for (const p of placed) groupInto(bySentence, p.sentence, p);
  for (const ps of bySentence.values()) {
    const s = ps[0]!.n.sentence;
    // the word that opens the parts: 其中, or 涉及/包括/分别为 after the whole
    const opener = /其中|分别为|分别是|涉及|包括|包含/.exec(s);
    const at = opener?.index ?? -1;
    if (at < 0) continue;
    const whole = [...ps].reverse().find((p) => p.index < at && TALLIES.has(p.n.unit));
    if (!whole || whole.n.approximate) continue;
    // the parts: the numbers of the same unit after 其中, up to a clause that starts something else
    const parts: Placed[] = [];
    for (const p of ps) {
      if (p.index < at || p.n.unit !== whole.n.unit) continue;
      if (parts.length && /另有|此外|同时|以上|共|总计|合计|累计/.test(p.before)) break;
      if (p.n.approximate || /占|%|率/.test(p.after)) break;
      parts.push(p);
    }
    if (parts.length < 2) continue;
    const names = parts.map((p) => p.before + p.after);
    const last = names.at(-1)!;
    const results4 = ['维持', '纠正', '其他结果', '尚未审结'].every((w) => names.some((x) => x.includes(w)));
    out.push({ whole, parts, complete: /其他|其它|其余|剩余|另外/.test(last) || results4 || parts.length >= 3 });
  }
  return out;
}

export interface Share {
  /** the count the share is of, and the share as printed */
  part: Placed;
  share: Placed;
  /** the whole it is a share of, where the passage says so */
  base: Placed | null;
}

/** Printed shares of a printed count (258件，占33.9%), each with the whole it is a share of where the passage shows it. */
export function shares(input: NarrativeInput): Share[] {
  const placed = placeNumbers(input);
  const out: Share[] = [];
  const byPassage = new Map<number, Placed[]>();
  for (const p of placed) groupInto(byPassage, p.passage, p);
  for (const ps of byPassage.values()) {
    const found: { part: Placed; share: Placed }[] = [];
    ps.forEach((p, i) => {
      if (p.n.unit !== '%' || !/(占|占比|比例为?|比重为?)$/.test(p.before) || p.n.approximate) return;
      const part = ps[i - 1];
      if (!part || part.sentence !== p.sentence || part.n.unit === '%' || part.n.approximate) return;
      found.push({ part, share: p });
    });
    if (!found.length) continue;
    const counts = ps.filter((p) => p.n.unit === found[0]!.part.n.unit && !p.n.approximate);
    // the base: the whole the shares' own 其中 names, else the one count of the passage most shares match
    const fits = (b: Placed, f: { part: Placed; share: Placed }) => b !== f.part && shareFits(f.part.n.value, b.n.value, f.share.n.raw);
    const ranked = counts
      .map((b) => ({ b, k: found.filter((f) => fits(b, f)).length }))
      .filter((x) => x.k > 0)
      .sort((x, y) => y.k - x.k);
    for (const f of found) {
      const listed = f.part.partsFrom >= 0 && f.part.partsFrom < f.part.index;
      const said = listed ? [...counts].reverse().find((b) => b.index < f.part.partsFrom && b.sentence === f.part.sentence) : undefined;
      out.push({ ...f, base: said ?? (ranked.length && (ranked.length === 1 || ranked[0]!.k > ranked[1]!.k) ? ranked[0]!.b : null) });
    }
  }
  return out;
}

/** part ÷ whole, as a percentage, equals the printed share to its printed precision (rounded or cut). */
export function shareFits(part: number, whole: number, printed: string): boolean {
  if (whole <= 0) return false;
  const m = /(\d+)(?:\.(\d+))?/.exec(printed);
  if (!m) return true;
  const digits = m[2]?.length ?? 0;
  const shown = parseNumber(m[0]);
  const exact = (part / whole) * 100;
  const f = 10 ** digits;
  const eps = 1e-9;
  return Math.abs(Math.round(exact * f) / f - shown) < eps || Math.abs(Math.floor(exact * f + eps) / f - shown) < eps;
}

export interface CountedList {
  count: Placed;
  items: string[];
  /** the counts the list can stand for: its items, one more where its last joins two with 和/及, fewer where two items are one heading (行政复议、行政诉讼) */
  fits: number[];
}

/** A number that counts the items listed right before it (普陀、金山、徐汇、虹口、浦东五个国家试点区). */
export function countedLists(input: NarrativeInput): CountedList[] {
  const out: CountedList[] = [];
  for (const p of placeNumbers(input)) {
    // a count of kinds (五个栏目, 三项任务), in Chinese numerals or a small figure; 4条 after a list counts documents, not items
    if (!/^(个|项|类|家|种|所|座|部分)$/.test(p.n.unit) || p.n.approximate) continue;
    if (/\d/.test(p.n.raw) && p.n.value > 10) continue;
    const lead = p.before.replace(/(共|等共|共计|合计|总共|这|此)$/, '');
    if (lead === p.before && /等$|等共?$/.test(p.before)) continue;
    if (/等|如|包括.*在内|以及其他|其中/.test(lead) || /[\d]/.test(lead)) continue;
    const items = lead.split('、');
    // items, not a numbered heading (四、审批事项) or a quotation
    if (items.length < 2 || items.some((x) => !x.trim() || /[\s"“”]/.test(x)) || /^[一二三四五六七八九十]+$/.test(items[0]!)) continue;
    const n = items.length;
    // two items that are one heading of the template (行政复议、行政诉讼情况)
    const merged = items.filter((x, i) => /行政复议$/.test(x) && /行政诉讼/.test(items[i + 1] ?? '')).length;
    const fits = [n, n - merged];
    if (/[和及与]/.test(items.at(-1)!)) fits.push(n + 1);
    out.push({ count: p, items, fits });
  }
  return out;
}
