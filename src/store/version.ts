// The store's version: a hash of the code that turns files into reports, and of the domain data it
// reads (the template's labels, numerals, simplified forms), so that a store written by other
// ingestion code is rebuilt. Always the TypeScript source when it is there (the compiled
// dist/ and tsx give the same version, so switching between them does not rebuild the store).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// the domain files the readers use (through template.ts and text.ts)
export const INGEST_DOMAIN = ['template.json', 'numerals.json', 'simplified.json'];

/** `src`: the source folder to hash (default: this code's own, the TypeScript when it is there). */
export function codeVersion(src = ownSource()): string {
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
  for (const f of INGEST_DOMAIN) {
    const p = join(src, '..', 'domain', f);
    if (existsSync(p)) h.update(f).update(readFileSync(p));
  }
  return h.digest('hex').slice(0, 12);
}

function ownSource(): string {
  const here = fileURLToPath(new URL('..', import.meta.url)); // src/ (or dist/src/)
  const source = resolve(here, '..', '..', 'src');
  return existsSync(join(source, 'model.ts')) && here.includes(`${'/'}dist${'/'}`) ? source : here;
}

export const STORE_VERSION = codeVersion();
