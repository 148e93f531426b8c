// npm start / ask / ingest / check / compare: runs the compiled dist/<entry>.js when it is newer than every
// source file (built by `npm run build`, which install runs), else the TypeScript through tsx —
// so an edit is never run stale, and a start does not pay for the tsx loader when it needn't.
//   node scripts/launch.mjs bots/main [arguments…]
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/launch.mjs ENTRY [arguments…]   (ENTRY without extension, e.g. bots/main)');
  process.exit(2);
}

function newestSource() {
  let newest = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  // every file of the code and of the data it loads (a copied asset must not go stale either)
  for (const d of ['src', 'bots', 'domain']) if (existsSync(join(root, d))) walk(join(root, d));
  for (const f of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) if (existsSync(join(root, f))) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return newest;
}

const js = join(root, 'dist', `${entry}.js`);
const stamp = join(root, 'dist', '.built');
const compiled = process.env.GONGKAI_NO_DIST !== '1' && existsSync(js) && existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource();
const target = compiled ? js : join(root, `${entry}.ts`);
if (!compiled) {
  const { register } = await import('tsx/esm/api');
  register();
}
process.argv = [process.argv[0], target, ...args];
await import(pathToFileURL(target).href);
