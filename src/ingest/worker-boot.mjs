// The entry of the ingest worker thread (see worker.ts). On Node 20 a worker does not inherit tsx's
// loader hooks, so they are registered here before the TypeScript entry is loaded.
import { register } from 'tsx/esm/api';

register();
await import('./worker-entry.ts');
