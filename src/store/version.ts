// The store's version: a hash of the code that turns files into reports, so that a store written
// by other ingestion code is rebuilt. Always the TypeScript source when it is there (the compiled
// dist/ and tsx give the same version, so switching between them does not rebuild the store).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function codeVersion(): string {
  const here = fileURLToPath(new URL('..', import.meta.url)); // src/ (or dist/src/)
  const source = resolve(here, '..', '..', 'src');
  const src = existsSync(join(source, 'model.ts')) && here.includes(`${'/'}dist${'/'}`) ? source : here;
  const h = createHash('sha1');
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts')) h.update(e.name).update(readFileSync(p));
    }
  };
  for (const f of ['model', 'template', 'text', 'check']) {
    for (const ext of ['.ts', '.js']) if (existsSync(join(src, f + ext))) h.update(readFileSync(join(src, f + ext)));
  }
  walk(join(src, 'ingest'));
  return h.digest('hex').slice(0, 12);
}

export const STORE_VERSION = codeVersion();
