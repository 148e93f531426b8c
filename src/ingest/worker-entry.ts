// Inside the ingest worker thread: reads one file at a time with the limits it is given and posts
// back the report, or the reason in words why it could not be read.
import { parentPort } from 'node:worker_threads';
import { ingestBytes, ingestFile } from './index.js';
import { reasonOf, setIngestLimits, type IngestLimits } from './limits.js';

/** A file to read: its path, or its bytes (an upload, a page fetched) with the name that tells the format. */
export type Source = { file: string } | { file: string; bytes: Uint8Array; name?: string; url?: string };

export interface Job {
  job: number;
  source: Source;
  id: string;
  limits: IngestLimits;
}

const port = parentPort!;
port.on('message', async (m: Job) => {
  setIngestLimits(m.limits);
  try {
    const s = m.source;
    const report = 'bytes' in s ? await ingestBytes(s.file, Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength), m.id, { name: s.name, url: s.url }) : await ingestFile(s.file, m.id);
    port.postMessage({ job: m.job, report });
  } catch (e) {
    port.postMessage({ job: m.job, reason: reasonOf(e) });
  }
});
port.postMessage({ ready: true });
