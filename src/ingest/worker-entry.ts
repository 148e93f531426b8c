// Inside the ingest worker thread: reads one file at a time with the limits it is given and posts
// back the report, or the reason in words why it could not be read.
import { parentPort } from 'node:worker_threads';
import { ingestFile } from './index.js';
import { reasonOf, setIngestLimits, type IngestLimits } from './limits.js';

export interface Job {
  job: number;
  file: string;
  id: string;
  limits: IngestLimits;
}

const port = parentPort!;
port.on('message', async (m: Job) => {
  setIngestLimits(m.limits);
  try {
    const report = await ingestFile(m.file, m.id);
    port.postMessage({ job: m.job, report });
  } catch (e) {
    port.postMessage({ job: m.job, reason: reasonOf(e) });
  }
});
port.postMessage({ ready: true });
