// npm run build (and `prepare`, on npm install / npm ci): compiles src/ and bots/ to dist/ with tsc,
// and puts the data files the code loads relative to itself beside the compiled code (ASSETS:
// domain/*.json, vendor/'s gazetteer and font, the web page's static files): a link to the source
// folder, else a copy.
// A failed build never fails the install: dist/ is then left without its stamp and npm start runs
// the TypeScript through tsx (scripts/launch.mjs), as before.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
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
// folders of non-TypeScript files that src/ and bots/ load through import.meta.url
const ASSETS = ['domain', 'vendor', 'bots/web/public'];

function placeAssets() {
  for (const a of ASSETS) {
    const from = join(root, a);
    const to = join(root, 'dist', a);
    rmSync(to, { recursive: true, force: true });
    mkdirSync(dirname(to), { recursive: true });
    try {
      symlinkSync(relative(dirname(to), from), to, 'junction');
    } catch {
      cpSync(from, to, { recursive: true }); // no links here (some Windows setups): a copy, rebuilt when the files change
    }
  }
}

if (r.status === 0) placeAssets();
if (r.status === 0) {
  writeFileSync(stamp, new Date().toISOString() + '\n');
  console.error('build: compiled src/ and bots/ to dist/ (npm start runs it)');
} else {
  console.error('build: tsc failed; npm start / ask / ingest / check will run the TypeScript through tsx');
}
process.exit(process.argv.includes('--strict') ? (r.status ?? 1) : 0);
