// PLACEHOLDER: PDF reading lands with issue 7.
import { NotAReportError } from '../../model.js';
import type { ReaderOutput } from '../document.js';

export async function readPdf(bytes: Buffer, file: string): Promise<ReaderOutput> {
  void bytes;
  throw new NotAReportError(file, 'PDF 报告暂不支持');
}
