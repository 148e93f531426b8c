// The entry of a reading thread (read-files.ts) when running the TypeScript sources (tsx, vitest).
// On Node 20 a worker does not inherit tsx's loader hooks, so they are registered here before the
// TypeScript entry is loaded. (Registering through createRequire's `tsx/esm/api` resolved its CommonJS
// build, which cannot be imported from a worker: every thread died at start and every file was read
// in the main thread, one at a time.)
import { register } from 'tsx/esm/api';

register();
await import('./read-worker.ts');
