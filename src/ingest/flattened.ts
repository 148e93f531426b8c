// PLACEHOLDER: decoding of fully flattened digit runs lands with issue 7.
import type { Report } from '../model.js';
import type { Line } from './document.js';

export function decodeFlattened(report: Report, lines: Line[]): void {
  void report;
  void lines;
}
