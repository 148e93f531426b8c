// The entry of a thread of `bench/pg.ts load`: tsx registered (a worker does not inherit it on Node 20), then the worker.
import { register } from 'tsx/esm/api';

register();
await import('./load-worker.ts');
