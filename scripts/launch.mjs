// npm start / ask / ingest / check / compare: runs the compiled dist/<entry>.js when it is newer than every
// source file (built by `npm run build`, which install runs), else the TypeScript through tsx —
// so an edit is never run stale, and a start does not pay for the tsx loader when it needn't.
//   node scripts/launch.mjs bots/main [arguments…]
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distIsCurrent } from './dist-current.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/launch.mjs ENTRY [arguments…]   (ENTRY without extension, e.g. bots/main)');
  process.exit(2);
}

const js = join(root, 'dist', `${entry}.js`);
const compiled = process.env.GONGKAI_NO_DIST !== '1' && existsSync(js) && distIsCurrent(root);
const target = compiled ? js : join(root, `${entry}.ts`);
if (!compiled) {
  const { register } = await import('tsx/esm/api');
  register();
}
process.argv = [process.argv[0], target, ...args];
await import(pathToFileURL(target).href);
