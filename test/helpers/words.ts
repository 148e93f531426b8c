// What both stores promise of `mentioning` (src/store/types.ts), on real reports: the bundled report
// under another agency's name with a sentence of its own, words no other report holds.
import { expect } from 'vitest';
import { ingestBytes } from '../../src/ingest/index.js';
import type { KnowledgeStore } from '../../src/store/types.js';
import { TIANJIN_TEXT } from './tianjin.js';

const GXJ = '天津市工业和信息化局';

/** The bundled report as another agency's, with one sentence of its own. */
export async function reportWith(agency: string, extra: string, id: string) {
  const lines = TIANJIN_TEXT.replaceAll(GXJ, agency).split('\n');
  lines.splice(5, 0, extra);
  return ingestBytes(id, Buffer.from(lines.join('\n')));
}

export const STAMP = { size: 1, mtimeMs: 1 };

/**
 * Words find the reports that hold them (as many as asked); a report replaced or removed is found no
 * more. `after` checks a store's own side of each step (its files, another process's view).
 */
export async function wordsThroughChanges(store: KnowledgeStore, after: { put?: () => unknown; replaced?: () => unknown; removed?: () => unknown } = {}): Promise<void> {
  const kjj = await reportWith('天津市科学技术局', '全年组织科普讲座48场。', '/r/kjj.txt');
  const sjj = await reportWith('天津市审计局', '全年开展审计培训12场。', '/r/sjj.txt');
  await store.apply([
    { kind: 'put', report: kjj, stamp: STAMP },
    { kind: 'put', report: sjj, stamp: STAMP },
  ]);
  await after.put?.();
  expect((await store.mentioning('科普讲座')).map((k) => k.id)).toEqual(['/r/kjj.txt']);
  expect((await store.mentioning('审计培训')).map((k) => k.id)).toEqual(['/r/sjj.txt']);
  expect(await store.mentioning('量子计算机')).toEqual([]);
  // a word both hold: both, as many as asked
  expect((await store.mentioning('政府信息公开')).length).toBe(2);
  expect((await store.mentioning('政府信息公开', 1)).length).toBe(1);

  // replaced: the new report's words, never the old one's
  const kjj2 = await reportWith('天津市科学技术局', '全年组织航模比赛6场。', '/r/kjj.txt');
  await store.apply([{ kind: 'put', report: kjj2, stamp: STAMP }]);
  expect(await store.mentioning('科普讲座')).toEqual([]);
  expect((await store.mentioning('航模比赛')).map((k) => k.id)).toEqual(['/r/kjj.txt']);
  await after.replaced?.();

  // removed: found no more
  await store.apply([{ kind: 'remove', id: '/r/sjj.txt' }]);
  expect(await store.mentioning('审计培训')).toEqual([]);
  await after.removed?.();
}
