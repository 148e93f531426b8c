// The store's schema (src/store/schema.ts) accepts every report the readers make — else a valid
// store would be rebuilt at every start — and rejects the damage a hand edit does. Real readers on
// the bundled report, the HTML/broken test renderings and (when present) the real corpus.
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../src/ingest/index.js';
import type { Report } from '../src/model.js';
import { checkReport, decodeStore, encodeStore, readStoreFile, STORE_VERSION } from '../src/store.js';
import { codeVersion } from '../src/store/version.js';
import { writeBadFolder } from './helpers/bad.js';
import { REPO, TIANJIN } from './helpers/tianjin.js';

const CORPUS = join(REPO, '..', 'shared', 'corpus');
const tmp = mkdtempSync(join(tmpdir(), 'gongkai-schema-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function readerOutput(): Promise<Report[]> {
  const files = writeBadFolder(join(tmp, 'in'));
  const out = [await ingestFile(TIANJIN, TIANJIN), await ingestFile(files.page!, files.page!), await ingestFile(files.broken!, files.broken!)];
  if (existsSync(CORPUS)) for (const f of readdirSync(CORPUS).sort()) out.push(await ingestFile(join(CORPUS, f), join(CORPUS, f)));
  else console.log('skipped part: ../shared/corpus not present (schema over the real reports)');
  return out;
}

describe('the store schema', () => {
  it('accepts every report the readers make, as made and after a round trip through the store file', async () => {
    const reports = await readerOutput();
    expect(reports.length).toBeGreaterThanOrEqual(3);
    for (const r of reports) expect(checkReport(r), r.id).toBeUndefined();
    const { writeFileSync } = await import('node:fs');
    const file = join(tmp, 'store.json');
    writeFileSync(file, encodeStore({ version: STORE_VERSION, stamps: {}, extra: [], reports }));
    const loaded = await readStoreFile(file);
    expect(loaded.corrupt).toBeUndefined();
    expect(loaded.invalid).toBeUndefined();
    expect(loaded.data.reports).toEqual(reports);
  });

  it('names the field of a damaged report, in the plain and in the packed format', async () => {
    const r = await ingestFile(TIANJIN, TIANJIN);
    expect(checkReport({ ...r, agency: 12345 })).toMatch(/^agency：/);
    expect(checkReport({ ...r, source: null })).toMatch(/^source：/);
    expect(checkReport({ ...r, facts: [{ ...r.facts[0]!, value: null }] })).toMatch(/^facts\.0\.value：/);
    // packed: a sentence value replaced by a number is found while decoding
    const text = encodeStore({ version: STORE_VERSION, stamps: {}, extra: [], reports: [r] });
    const raw = JSON.parse(text) as { values: string[] };
    const i = raw.values.indexOf(JSON.stringify(r.figures[0]!.sentence));
    expect(i).toBeGreaterThanOrEqual(0);
    raw.values[i] = '42';
    const file = join(tmp, 'packed.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(raw));
    const loaded = await readStoreFile(file);
    expect(loaded.invalid).toEqual([{ id: TIANJIN, why: expect.stringMatching(/^figures：取值 42 不是文字/) }]);
    expect(loaded.data.reports).toEqual([]);
    // and the decoded store without the damage is the report again
    expect(decodeStore(text).reports).toEqual([r]);
  });
});

describe('the store version', () => {
  it('changes with the ingestion code and the domain data the readers use, not with the answering words', () => {
    const copy = join(tmp, 'project');
    for (const d of ['src', 'domain']) cpSync(join(REPO, d), join(copy, d), { recursive: true });
    const src = join(copy, 'src');
    const v0 = codeVersion(src);
    expect(v0).toBe(codeVersion(join(REPO, 'src')));
    expect(v0).toBe(STORE_VERSION);
    appendFileSync(join(copy, 'domain', 'vocabulary.json'), '\n');
    expect(codeVersion(src)).toBe(v0);
    appendFileSync(join(copy, 'domain', 'template.json'), '\n');
    const v1 = codeVersion(src);
    expect(v1).not.toBe(v0);
    appendFileSync(join(src, 'ingest', 'tables.ts'), '\n');
    expect(codeVersion(src)).not.toBe(v1);
  });
});
