// A figure asked: every fact of the reports in question is a candidate (src/facts), one learned
// function ranks them (src/rank), and one decision answers, asks back between the few readings that
// share the probability, or declines (the passage kind then quotes the nearest evidence).
import { segments } from '../../text.js';
import type { Report } from '../../model.js';
import type { Choice, Reply } from '../../reply/types.js';
import type { Fact } from '../../facts/types.js';
import { factsOf } from '../../facts/index.js';
import { readQuestion } from '../../question/read.js';
import { normalizeQuestion } from '../understand.js';
import { quotedPhrases } from '../content.js';
import { rank, ranker } from '../../rank/model.js';
import { FEATURES, type Asking } from '../../rank/features.js';
import { decide } from '../../rank/decide.js';
import { type Ask, type Handler, withOthers } from '../ask.js';
import { factLabel, factReply } from '../fact-reply.js';
import { correctedAgency } from '../agencies.js';
import { whyNot } from '../why-not.js';
import { wordsOnly } from '../../reply/types.js';

/** The question as the ranker reads it: the agency's names and the words found with a typo given. */
export function readingOf(a: Ask) {
  const names = [...new Set([...(a.q.agencies.map((x) => x.word) ?? []), a.q.agencyWord ?? ''].filter(Boolean))];
  const fuzzy = a.q.matches.filter((m) => m.fuzzy).map((m) => m.word);
  const quoted = quotedPhrases(a.raw).map((p) => normalizeQuestion(p).text);
  return readQuestion(a.q.text, names, fuzzy, { english: a.q.english, stated: normalizeQuestion(a.raw).text, quoted });
}

/** A question that asks for one fact precisely, as a choice re-asks it (no value shown). */
export function askingFor(f: Fact, withLead = false): { label: string; question: string } {
  const who = `${correctedAgency(f.report.agency)}${f.report.year}年`;
  const x = f.slots;
  if (!x) {
    const what = `${withLead ? saidOf(f) : ''}${f.phrase.replace(f.raw, '').replace(f.unit, '')}`;
    return { label: `${what}（${f.section}）`, question: `${who}${what}是多少${f.unit && f.unit !== '%' ? f.unit : ''}` };
  }
  const label = factLabel(f);
  const [row, col] = label.split(' · ') as [string, string];
  const rowName = row.replace(/^[一二三四]、|^（.）|^\d+\./, '');
  if (x.table === '三') return { label, question: col === '总计' ? `${who}${rowName}的政府信息公开申请总计多少件` : `${who}${rowName}的政府信息公开申请中${col}有多少件` };
  if (x.table === '二') return { label, question: `${who}${rowName}的${col}是多少` };
  return { label, question: `${who}${row.replace(/ · /g, '')}${col === '总计' ? '总计' : col}有多少件` };
}

/** What a narrative figure is said of: the first clause of its lead, its last words (直播; …发布短视频). */
function saidOf(f: Fact): string {
  const first = f.lead.split(/[，,；;：:]/)[0]!.replace(/["“”'‘’]/g, '').trim();
  // whole words from its end, a dozen characters at most
  let out = '';
  for (const w of [...segments(first)].reverse()) {
    if (out && out.length + w.segment.length > 12) break;
    out = w.segment + out;
  }
  return out;
}

/**
 * The choices of an ask-back: each option's label and question, told apart by what a figure is said of
 * where two would read alike (累计观看量 of the short videos and of the live streams): a choice that
 * re-asks the same question would only ask back again.
 */
function choicesFor(facts: Fact[]): { label: string; question: string }[] {
  const plain = facts.map((f) => askingFor(f));
  const twice = (i: number, xs: { question: string }[]) => xs.some((x, j) => j !== i && x.question === xs[i]!.question);
  const told = plain.map((c, i) => (twice(i, plain) ? askingFor(facts[i]!, true) : c));
  return told.some((_, i) => twice(i, told)) ? plain : told;
}

/** The reports a question may be about: the named agency's (the newest of the year asked), or each agency's newest. */
function reportsFor(a: Ask): Report[] {
  if (a.agencyNamed) return a.reports.slice(0, 1);
  const newest = new Map<string, Report>();
  for (const r of a.reports) if (!newest.has(r.agency)) newest.set(r.agency, r);
  return [...newest.values()].slice(0, 40);
}

/** No agency named and several in the knowledge: the chosen figure of each (up to five), or the agencies to choose from. */
function perAgency(a: Ask, f: Fact): Reply {
  const byAgency = new Map<string, Report>();
  for (const r of a.reports) if (!byAgency.has(r.agency)) byAgency.set(r.agency, r);
  const reports = [...byAgency.values()];
  const rest = (a.q.agencyWord ? a.q.text.split(a.q.agencyWord).join('') : a.q.text).replace(/(?:19|20)\d{2}年度?|去年|今年|前年/g, '');
  const choices: Choice[] = reports.slice(0, 9).map((r) => ({ label: `${r.agency}${r.year}年`, question: `${r.agency}${r.year}年${rest}` }));
  const whole = a.ix.catalog;
  if (whole && whole.byAgency.size > reports.length) {
    const line = a.q.agencyWord
      ? `知识库中不止一个机关的名称是「${a.q.agencyWord}」，您问的是哪一个？例如：`
      : `问题没有说明是哪个机关，知识库中有${whole.byAgency.size}个机关的报告。请说出机关名称，例如：`;
    return { kind: 'choice', lang: 'zh', lines: [line], figures: [], citations: [], notes: [], suggestions: [], choices };
  }
  if (reports.length > 5) return { kind: 'choice', lang: 'zh', lines: [`知识库中有${reports.length}个机关的报告，您问的是哪一个？`], figures: [], citations: [], notes: [], suggestions: [], choices };
  const lines = [`问题没有说明是哪个机关。知识库中${reports.length}个机关的报告分别是：`];
  const citations = [];
  for (const r of reports) {
    const same = factsOf(r).find((x) => x.key === f.key);
    if (same) {
      lines.push(`· ${factReply(same).lines.join('')}`);
      citations.push(same.citation);
    } else lines.push(`· ${r.agency}${r.year}年：报告中没有这个数字。`);
  }
  return { kind: 'choice', lang: 'zh', lines, figures: [], citations, sourcesShown: 5, notes: [], suggestions: [], choices };
}

/** In a follow-up: the fact the previous turn stated and the words it was asked in (context, never the answer). */
function previousOf(a: Ask): Asking['previous'] {
  const p = a.previous;
  if (!p || !a.q.context) return undefined;
  const at = p.reply.fact;
  const r = at ? a.ix.reports.find((x) => x.id === at.report) : undefined;
  const fact = (r && factsOf(r).find((f) => f.id === at!.id)) ?? null;
  const grams = new Set(readQuestion(a.q.context.text, a.q.agencies.map((x) => x.word)).grams.map((g) => g.g));
  return { fact, grams, unstated: p.reply.figures.length === 0 };
}

/** The reading, the best candidates and their features, for debugging (GONGKAI_WHY=1). */
function whyText(reading: ReturnType<typeof readingOf>, ranking: ReturnType<typeof rank>, kind: string): string {
  const lines = [`[rank] ${reading.text} → ${kind} (none ${ranking.none.toFixed(3)}) mentions: ${reading.mentions.map((m) => m.word).join(',')} asked: ${JSON.stringify(reading.asked)}`];
  for (const r of ranking.ranked.slice(0, Number(process.env.GONGKAI_WHY) > 1 ? Number(process.env.GONGKAI_WHY) : 5)) {
    const fs = FEATURES.map((f, i) => (r.features[i] ? `${f}=${Math.round(r.features[i]! * 100) / 100}` : '')).filter(Boolean).join(' ');
    lines.push(`  p=${r.p.toFixed(3)} ${r.fact.value}${r.fact.unit} ${r.fact.phrase.slice(0, 40)} :: ${fs}`);
  }
  return lines.join('\n');
}

export const figure: Handler = {
  name: 'figure',
  match: (a) => (a.type === 'figure' || a.q.intents.has('quantity') ? 0.8 : 0),
  answer(a) {
    const reading = readingOf(a);
    const reports = reportsFor(a);
    const previous = previousOf(a);
    const ranking = rank(reports.map((r) => factsOf(r)), { reading, years: a.q.years, previous });
    // several agencies and none named: a template cell is the same question of each (one line each)
    if (reports.length > 1) {
      const first = ranking.ranked[0]?.fact;
      if (first?.slots) {
        const one = rank([factsOf(first.report)], { reading, years: a.q.years, previous });
        const d1 = decide(one, ranker().thresholds);
        if (d1.kind === 'answer' && d1.best.fact.slots) return perAgency(a, d1.best.fact);
      }
    }
    const d = decide(ranking, ranker().thresholds);
    if (process.env.GONGKAI_WHY) console.error(whyText(reading, ranking, d.kind));
    if (d.kind === 'answer') {
      const best = d.best.fact;
      return withOthers(factReply(best, { direction: reading.asked.direction, confidence: d.confidence }), best.report, a.reports);
    }
    if (d.kind === 'ask') {
      const choices = choicesFor(d.options.map((o) => o.fact));
      return {
        kind: 'choice',
        lang: 'zh',
        lines: [`报告中有几个数字都可能是您问的，您指的是哪一个？`],
        figures: [],
        citations: d.options.map((o) => o.fact.citation),
        sourcesShown: 0,
        notes: [],
        suggestions: [],
        choices,
      };
    }
    // the template's row or column the question names that this report's table does not hold or was not read
    const why = reports.length === 1 ? whyNot(reading, reports[0]!) : null;
    return why ? wordsOnly('refusal', [why], [{ code: 'kinds' }]) : null;
  },
};
