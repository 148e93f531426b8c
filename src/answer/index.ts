// PLACEHOLDER until the answering engine lands: same signatures, trivial bodies.
import type { Answer, AnswerContext } from './types.js';
import type { Knowledge } from '../knowledge.js';
export type { Answer, AnswerContext, Figure, Citation } from './types.js';

export function answer(question: string, context?: AnswerContext): Answer {
  void context;
  return { text: `（尚未实现）${question}`, figures: [], citations: [], suggestions: [], kind: 'refusal' };
}
export function helpText(k?: Knowledge): string {
  void k;
  return '帮助';
}
export function reportsText(k?: Knowledge): string {
  void k;
  return '报告';
}
export function checkText(k?: Knowledge): string {
  void k;
  return '自检';
}
export function exampleQuestions(k?: Knowledge): string[] {
  void k;
  return ['天津市工信局2020年收到多少政府信息公开申请?', '出台了哪些政策?', '行政许可 处理决定'];
}
