// The one API every channel (console, CLI, Telegram, WeChat) calls: answer(question, context).
import type { Knowledge } from '../knowledge.js';

export interface Figure {
  value: number;
  unit: string;
  /** what it counts, in Chinese, e.g. '本年新收政府信息公开申请数量 · 总计' */
  label: string;
}

export interface Citation {
  /** the report's title and year, e.g. '天津市工业和信息化局2020年政府信息公开工作年度报告' */
  report: string;
  /** the section, e.g. '三、收到和处理政府信息公开申请情况' */
  section: string;
  /** the table row/column (e.g. '一、本年新收政府信息公开申请数量 · 总计 = 23') or the quoted sentence */
  quote: string;
}

export type AnswerKind = 'figure' | 'list' | 'passage' | 'overview' | 'comparison' | 'help' | 'reports' | 'check' | 'refusal';

export interface Answer {
  /** the reply a user sees, in Chinese, plain text (channels add formatting only) */
  text: string;
  /** the figures the reply states; figures[0] is the one asked for. Empty when it states none. */
  figures: Figure[];
  citations: Citation[];
  /** follow-up questions a user may tap */
  suggestions: string[];
  kind: AnswerKind;
}

export interface AnswerContext {
  /** the knowledge to answer from; default: the bundled knowledge (see knowledge.ts defaultKnowledge) */
  knowledge?: Knowledge;
  /** the previous answer in this conversation, for follow-ups such as '那2021年呢' */
  previous?: { question: string; answer: Answer };
}
