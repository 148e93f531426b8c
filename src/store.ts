// The knowledge stores, behind one interface (store/types.ts): the lowdb file (store/file.ts), the
// embedded default, and PostgreSQL (store/pg.ts), selected by DATABASE_URL (see knowledge.ts).
import { readStoreFile } from './store/file.js';
import type { StoreData } from './store/types.js';

export { ReportCache } from './store/cache.js';
export { decodeStore, encodeStore, StoreFormatError } from './store/codec.js';
export { emptyData, FileStore, readStoreFile } from './store/file.js';
export { checkReport, checkShape } from './store/schema.js';
export { merge, StoreWriteError, type Change, type KnowledgeStore, type Loaded, type ReportKey, type SourceStamp, type StoreData } from './store/types.js';
export { STORE_VERSION } from './store/version.js';

/** Reads a store file as it is (tests, tools): its data, and why it could not be trusted if so. */
export async function openStore(file: string): Promise<{ db: { data: StoreData }; corrupt?: string; invalid?: { id: string; why: string }[] }> {
  const { data, corrupt, invalid } = await readStoreFile(file);
  return { db: { data }, corrupt, invalid };
}
