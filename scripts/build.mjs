// npm run build (and `prepare`, on npm install / npm ci): compiles src/ and bots/ to dist/ with tsc.
// A failed build never fails the install: dist/ is then left without its stamp and npm start runs
// the TypeScript through tsx (scripts/launch.mjs), as before.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.built');
rmSync(stamp, { force: true });
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.error('build: typescript is not installed (npm install --omit=dev?): npm start will use tsx if present');
  process.exit(0);
}
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (r.status === 0) {
  writeFileSync(stamp, new Date().toISOString() + '\n');
  console.error('build: dist/ is up to date');
} else {
  console.error('build: tsc failed; npm start / ask / ingest / check will run the TypeScript through tsx');
}
process.exit(process.argv.includes('--strict') ? (r.status ?? 1) : 0);
