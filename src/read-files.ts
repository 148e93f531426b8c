// Reads report files into reports, calling back once per file (in any order) with the report or
// why it could not be read.
import { ingestFile } from './ingest/index.js';
import { NotAReportError, type Report } from './model.js';

export type ReadResult = { report: Report } | { problem: string };

export async function readOne(file: string): Promise<ReadResult> {
  try {
    return { report: await ingestFile(file, file) };
  } catch (e) {
    return { problem: e instanceof NotAReportError ? e.reason : e instanceof Error ? e.message : String(e) };
  }
}

export async function readFiles(files: string[], each: (index: number, result: ReadResult) => void): Promise<void> {
  for (let i = 0; i < files.length; i++) each(i, await readOne(files[i]!));
}
