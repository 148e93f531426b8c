// What every knowledge store holds and how it is changed: the same for the lowdb file and PostgreSQL.
import type { Report } from '../model.js';

export interface SourceStamp {
  size: number;
  mtimeMs: number;
  /** why the file could not be read, so that an unchanged bad file is not read again */
  problem?: string;
}

/** A report as the stores write it: packed (codec.ts packReport) and its terms (terms.ts reportTermCodes). */
export interface Packed {
  body: Uint8Array;
  terms: number[];
}

export interface StoreData {
  version: string;
  /** report id (absolute source path) → the file's size and mtime when it was ingested */
  stamps: Record<string, SourceStamp>;
  reports: Report[];
  /** files added with `npm run ingest` from outside the knowledge folder */
  extra: string[];
}

/**
 * One change to the store. Stores apply changes by merging them into what is stored now (never by
 * overwriting it with what the process read earlier), so that two ingests at once lose nothing.
 */
export type Change =
  /**
   * a file read into a report: replaces the report read before from the same file. With `packed`
   * (made where the file was read), the store writes those bytes and terms and reads only the
   * report's id, agency and year: `report` may be just those (see read-files.ts, `slim`).
   */
  | { kind: 'put'; report: Report; stamp: SourceStamp; packed?: Packed }
  /** a file that could not be read: its old report (if any) goes, the stamp keeps why */
  | { kind: 'problem'; id: string; stamp: SourceStamp }
  /** a file that is gone: its report and stamp go */
  | { kind: 'remove'; id: string }
  /** a file added from outside the knowledge folder, kept while it exists */
  | { kind: 'extra'; file: string };

export interface Loaded {
  data: StoreData;
  /** the store as a whole could not be read (corrupt, not a store): it starts empty and is rebuilt */
  corrupt?: string;
  /** reports that failed validation, with why: left out, so that their files are read again */
  invalid?: { id: string; why: string }[];
}

/** A store of reports: the lowdb file (src/store/file.ts) or PostgreSQL (src/store/pg.ts). */
export interface KnowledgeStore {
  readonly kind: 'file' | 'postgres';
  /** the file, or the database (without password), for messages */
  readonly where: string;
  /** the stored data; `{ reports: false }`: the stamps and extra files only, where the store can leave the reports out (PostgreSQL) */
  load(opts?: { reports?: boolean }): Promise<Loaded>;
  /** merges the changes into the store; throws StoreWriteError when the store cannot be written */
  apply(changes: Change[]): Promise<void>;
  /** agency, year and id of every stored report, in no particular order (for an agency index without loading every report) */
  list(): Promise<ReportKey[]>;
  /** the stored reports with these ids (unknown ids are left out) */
  get(ids: string[]): Promise<Report[]>;
  /** the stored reports of an agency (all years, or one), sorted by id */
  reportsOf(agency: string, year?: number): Promise<Report[]>;
  /** reports whose figures, documents or headings hold every two-character term of the words, at most `limit` (the inverted index of questions that name no agency) */
  mentioning(words: string, limit?: number): Promise<ReportKey[]>;
  /** a cheap fingerprint of what the store holds, different after any change by any process (instances follow the store with it) */
  version(): Promise<string>;
  close(): Promise<void>;
}

export interface ReportKey {
  id: string;
  agency: string;
  year: number;
}

/** The store could not be written (read-only or full disk, no permission, database refused). */
export class StoreWriteError extends Error {
  constructor(
    public readonly where: string,
    public readonly reason: string,
  ) {
    super(`知识库 ${where} 无法写入：${reason}`);
    this.name = 'StoreWriteError';
  }
}

/** Applies changes to data in memory (the file store does this under its lock, on what is on disk now). */
export function merge(data: StoreData, changes: Change[]): StoreData {
  const reports = new Map(data.reports.map((r) => [r.id, r]));
  const stamps = { ...data.stamps };
  const extra = new Set(data.extra);
  for (const c of changes) {
    if (c.kind === 'put') {
      reports.set(c.report.id, c.report);
      stamps[c.report.id] = c.stamp;
    } else if (c.kind === 'problem') {
      reports.delete(c.id);
      stamps[c.id] = c.stamp;
    } else if (c.kind === 'remove') {
      reports.delete(c.id);
      delete stamps[c.id];
      extra.delete(c.id);
    } else extra.add(c.file);
  }
  return { version: data.version, stamps, reports: [...reports.values()], extra: [...extra] };
}

/** What a batch of changes leaves of each id: the last put, problem or removal, in the order given. */
export interface Outcome {
  put?: Report;
  /** the put report packed where it was read, when it was */
  packed?: Packed;
  stamp?: SourceStamp;
  removed: boolean;
}

export function outcomes(changes: Change[]): { byId: Map<string, Outcome>; extra: Set<string> } {
  const byId = new Map<string, Outcome>();
  const extra = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'extra') {
      extra.add(c.file);
      continue;
    }
    const id = c.kind === 'put' ? c.report.id : c.id;
    if (c.kind === 'put') byId.set(id, { put: c.report, stamp: c.stamp, removed: false, ...(c.packed ? { packed: c.packed } : {}) });
    else if (c.kind === 'problem') byId.set(id, { stamp: c.stamp, removed: byId.get(id)?.removed ?? false });
    else {
      byId.set(id, { removed: true });
      extra.delete(id);
    }
  }
  return { byId, extra };
}
