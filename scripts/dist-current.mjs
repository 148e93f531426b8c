// Whether dist/ (built by `npm run build`, which install runs) is current: its stamp is newer than
// every file of the code and of the data it loads — the rule by which scripts/launch.mjs runs the
// compiled code, and by which test/build.test.ts runs the dist/ the install built.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time (ms) of the sources and data dist/ is built from. */
export function newestSource(root) {
  let newest = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  // every file of the code and of the data it loads (a copied asset must not go stale either)
  for (const d of ['src', 'bots', 'domain', 'vendor']) if (existsSync(join(root, d))) walk(join(root, d));
  for (const f of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) if (existsSync(join(root, f))) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return newest;
}

/** dist/ of the project at root was built (stamped) after its last source change. */
export function distIsCurrent(root) {
  const stamp = join(root, 'dist', '.built');
  return existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource(root);
}
