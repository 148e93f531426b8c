// Rendering: the one place that turns a Reply into the words a user reads — the answer, its notes,
// the 来源 lines, suggestions and choices — in Chinese or English. Channels take a Rendered and add
// markup and splitting only; they never parse or cut its text.
import type { AskJson, Citation, Choice, Reply } from '../reply/types.js';
import { noteText } from './notes.js';
import { englishBody, englishSource } from './english.js';

export interface Rendered {
  /** the whole reply as plain text: answer, notes, source lines (what `ask --json` prints as "answer") */
  text: string;
  /** the answer itself */
  body: string;
  /** each note, worded */
  notes: string[];
  /** one line per citation, e.g. '来源：…报告 · 三、… · 总计 = 23' */
  sources: string[];
  suggestions: string[];
  choices: Choice[];
  image?: { png: Uint8Array; alt: string };
}

/** Citations shown as source lines (the rest stay in the structured reply). */
export const SOURCES_SHOWN = 3;

export function sourceLine(c: Citation, lang: Reply['lang'] = 'zh'): string {
  return lang === 'en' ? englishSource(c) : `来源：${[c.report, c.section, c.quote].filter(Boolean).join(' · ')}`;
}

export function choiceLines(choices: Choice[], lang: Reply['lang'] = 'zh'): string[] {
  return [lang === 'en' ? 'Reply with a number:' : '请回复序号选择：', ...choices.map((c, i) => `${i + 1}. ${c.label}`)];
}

export function render(reply: Reply): Rendered {
  const body = reply.lang === 'en' ? englishBody(reply) : reply.lines.join('\n');
  const notes = reply.notes.map((n) => noteText(n, reply.lang)).filter(Boolean);
  const sources = reply.citations.slice(0, reply.sourcesShown ?? SOURCES_SHOWN).map((c) => sourceLine(c, reply.lang));
  const choices = reply.choices ?? [];
  const text = [body, ...notes, ...(choices.length ? choiceLines(choices, reply.lang) : []), ...sources].filter(Boolean).join('\n');
  return { text, body, notes, sources, suggestions: reply.suggestions, choices, image: reply.image };
}

/** The `ask --json` object for a question and its reply. */
export function askJson(question: string, reply: Reply): AskJson {
  return {
    question,
    answer: render(reply).text,
    figures: reply.figures,
    citations: reply.citations,
    choices: reply.choices ?? [],
    confidence: reply.figures.length && reply.confidence !== undefined ? Math.round(reply.confidence * 1000) / 1000 : null,
  };
}
