// PLACEHOLDER signatures; the implementation lands with the store.
import type { Report } from './model.js';

export interface Knowledge {
  reports: Report[];
}

export interface OpenOptions {
  /** folder of report files; default: the bundled knowledge/ */
  dir?: string;
  /** store file; default data/<name>.json */
  store?: string;
}

export async function openKnowledge(opts: OpenOptions = {}): Promise<Knowledge> {
  void opts;
  return { reports: [] };
}
