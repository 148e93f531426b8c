// A reply in English, written from what the reply states (its kind, figures, computation, items,
// citations, chart), never from its Chinese lines: every line is English but the report's own words,
// which are quoted (“…”), and report titles and agency names, which are names. The template's rows and
// columns take their English names from domain/glossary-en.json.
import type { Citation, Reply } from '../reply/types.js';
import { englishTerm, englishUnit } from '../answer/english.js';

const HAN = /[\u4e00-\u9fff]/;

/** A label of the template (一、本年新收… · 总计) in English, part by part, where the glossary has them. */
export function englishLabel(label: string): string {
  // a part the glossary does not name stays as the report prints it, quoted
  return label
    .split(/\s*·\s*|›/)
    .map((p) => englishTerm(p.trim()))
    .map((p) => (HAN.test(p) ? `“${p}”` : p))
    .join(', ');
}

const amount = (value: number, unit: string) => {
  const u = englishUnit(unit);
  return `${value}${u === '%' ? '%' : u && !HAN.test(u) ? ` ${u}` : ''}`;
};

/** The report's own words a citation quotes (a narrative sentence), or '' for a table cell. */
const quoted = (c: Citation | undefined) => (c?.quote && !/ = /.test(c.quote) && HAN.test(c.quote) ? `“${c.quote}”` : '');

/** The source line: the report's title (a name), where in it in English, and its own words quoted. */
export function englishSource(c: Citation): string {
  const cells = / = /.test(c.quote) ? c.quote.split('；') : [];
  const where = [c.section, ...cells].filter(Boolean).map((s) => {
    const [label, value] = s.split(' = ');
    return value === undefined ? englishLabel(label!) : `${englishLabel(label!)} = ${value}`;
  });
  const words = quoted(c);
  return `Source: ${[c.report, ...where].join(' · ')}${words ? ` · ${words}` : ''}`;
}

/** The verdict a yes/no reply opens with (有/是 → Yes, 没有/否 → No), or ''. */
function verdict(reply: Reply): string {
  const first = reply.lines[0] ?? '';
  if (/^(没有|否)/.test(first)) return 'No.';
  if (/^(有|是)[。（(]/.test(first)) return 'Yes.';
  return '';
}

export function englishBody(reply: Reply): string {
  const report = reply.citations[0]?.report;
  const from = report ? `According to ${report}` : 'According to the report';
  const f = reply.figures[0];
  const said = [...new Set(reply.citations.map(quoted).filter(Boolean))].slice(0, 2);
  switch (reply.kind) {
    case 'refusal':
      return 'The reports loaded do not answer this: the report does not give it, or the agency or year asked is not in the knowledge. No figure is guessed.';
    case 'help':
    case 'reports':
    case 'check':
      return `Ask about the annual reports loaded, for example: How many information disclosure requests did the agency receive? ${reply.lines.join('\n')}`.trim();
    case 'smalltalk':
      return 'You are welcome. Ask me about the government information disclosure annual reports loaded.';
    case 'choice':
      return f ? `${from}: ${englishLabel(f.label)} — ${amount(f.value, f.unit)}.` : 'Several figures or agencies may be meant. Which one?';
    case 'chart': {
      const c = reply.chart;
      if (!c) return `${from}: a chart.`;
      const lines = [`${c.kind === 'bar' ? 'Bar chart' : 'Line chart'}: ${c.series.map((s) => englishLabel(s.name)).join('; ')} by ${c.categoryLabel === '机关' ? 'agency' : 'year'}${c.unit ? ` (${englishUnit(c.unit)})` : ''}.`];
      for (const s of c.series) lines.push(`${englishLabel(s.name)}: ${c.categories.map((x, i) => `${x.replace(/年$/, '')} ${s.values[i] ?? 'not read'}`).join(', ')}.`);
      return lines.join('\n');
    }
    case 'computed':
    case 'comparison': {
      if (!f) break;
      const ops = reply.computation?.operands.map((o) => `${englishLabel(o.label)} ${amount(o.value, o.unit)}`).join('; ');
      // what was computed is told by its printed operands (the label is the Chinese formula's)
      return `${from}: ${amount(f.value, f.unit)}, computed as ${reply.computation?.formula ?? ''}${ops ? ` from ${ops}` : ''}.`;
    }
    case 'yesno': {
      const v = verdict(reply);
      const fig = f ? ` ${englishLabel(f.label)} — ${amount(f.value, f.unit)}.` : '';
      return [`${v}${fig} ${from}${said.length ? ':' : '.'}`.trim(), ...said].join('\n');
    }
    case 'list':
      if (reply.items?.length) return [`${from}:`, ...reply.items.map((x, i) => `${i + 1}. ${HAN.test(x) ? `“${x}”` : x}`)].join('\n');
      break;
  }
  if (f) return [`${from}: ${englishLabel(f.label)} — ${amount(f.value, f.unit)}.`, ...said.map((q) => `The report says: ${q}`)].join('\n');
  // a passage: the report's own words, quoted (the Chinese lines that only introduce them are left out)
  const words = reply.lines.filter((l) => !/[：:]$/.test(l.trim())).map((l) => l.trim().replace(/^“|”$/g, ''));
  return [`${from}:`, ...words.map((w) => `“${w}”`)].join('\n');
}
