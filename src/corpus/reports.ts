// The reports the corpus is generated from: the bundled knowledge, and — where it stands beside the
// checkout — the shared collection of real reports (../shared: corpus, corpus-dept, corpus-extra).
// One report of an agency and year, however many folders hold it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_DIR, reportFiles, ROOT } from '../knowledge.js';
import { readOne } from '../read-files.js';
import type { Report } from '../model.js';

export const SHARED = join(ROOT, '..', 'shared');
const SHARED_DIRS = ['corpus', 'corpus-dept', 'corpus-extra'];

/** The folders of reports the corpus uses here. */
export function corpusFolders(): string[] {
  return [BUNDLED_DIR, ...SHARED_DIRS.map((d) => join(SHARED, d)).filter((d) => existsSync(d))];
}

/** The reports of the folders, read from their files (no store is written); one per agency and year. */
export async function corpusReports(folders = corpusFolders()): Promise<Report[]> {
  const seen = new Map<string, Report>();
  for (const dir of folders) {
    for (const file of reportFiles(dir)) {
      const res = await readOne(file);
      if (!('report' in res)) continue;
      const r = res.report;
      if (!seen.has(`${r.agency}|${r.year}`)) seen.set(`${r.agency}|${r.year}`, r);
    }
  }
  return [...seen.values()].sort((a, b) => (a.agency + a.year).localeCompare(b.agency + b.year));
}
