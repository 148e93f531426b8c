// The file store as it lies on disk (src/store/file.ts): the catalog, and a file per report. For
// tests that look at it, or change it behind the store's back, as a person or a damaged disk would.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/model.js';
import { packReport, unpackReport } from '../../src/store/codec.js';

export interface Catalog {
  format: number;
  version: string;
  stamps: Record<string, { size: number; mtimeMs: number; problem?: string }>;
  extra: string[];
  next: number;
  /** [id, agency, year, number] */
  reports: [string, string, number, number][];
}

export const readCatalog = (store: string): Catalog => JSON.parse(readFileSync(store, 'utf8')) as Catalog;

const fileOf = (store: string, n: number) => join(`${store}.d`, 'reports', `${n}.br`);

/** The catalog with each report read from its file. */
export function readDisk(store: string): Omit<Catalog, 'reports'> & { reports: Report[] } {
  const c = readCatalog(store);
  return { ...c, reports: c.reports.map((e) => unpackReport(readFileSync(fileOf(store, e[3])))) };
}

/** Changes one stored report (the first when no id is given) in its file. */
export function editReport(store: string, edit: (r: Record<string, unknown>) => void, id?: string): void {
  const e = readCatalog(store).reports.find((x) => id === undefined || x[0] === id)!;
  const r = unpackReport(readFileSync(fileOf(store, e[3]))) as unknown as Record<string, unknown>;
  edit(r);
  writeFileSync(fileOf(store, e[3]), packReport(r as unknown as Report));
}

/** Changes the catalog. */
export function editCatalog(store: string, edit: (c: Catalog) => void): void {
  const c = readCatalog(store);
  edit(c);
  writeFileSync(store, JSON.stringify(c));
}
