// A worker thread of readFiles (read-files.ts): reads the files it is given, one at a time.
import { parentPort } from 'node:worker_threads';
import { readOne } from './read-files.js';

parentPort?.on('message', async (m: { i: number; file: string }) => {
  parentPort!.postMessage({ i: m.i, r: await readOne(m.file) });
});
