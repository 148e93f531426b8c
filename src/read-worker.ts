// A worker thread of readFiles (read-files.ts): reads the files it is given, one at a time; asked
// to, packs each report as the stores write it (so that the main thread, which writes, does not)
// and, slim, sends back only the report's id, agency and year with what was packed.
import { parentPort } from 'node:worker_threads';
import type { Report } from './model.js';
import { readOne, type ReadResult } from './read-files.js';
import { packFor } from './store/codec.js';

parentPort?.on('message', async (m: { i: number; file: string; pack?: boolean; slim?: boolean }) => {
  let r: ReadResult = await readOne(m.file);
  if (m.pack && 'report' in r) {
    const { id, agency, year } = r.report;
    r = { report: m.slim ? ({ id, agency, year } as Report) : r.report, packed: packFor(r.report) };
  }
  parentPort!.postMessage({ i: m.i, r });
});
