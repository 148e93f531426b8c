// The CJK font every chart label is drawn with: Noto Sans SC Regular (SIL OFL 1.1), cut to the
// characters of GB 2312, the gazetteer, the domain words and the code (vendor/noto-sans-sc/, made by
// scripts/vendor-data.mjs), so Chinese renders on a bare machine with no system fonts.
import { fileURLToPath } from 'node:url';

export const FONT_FILE = fileURLToPath(new URL('../../vendor/noto-sans-sc/NotoSansSC-Regular.subset.ttf', import.meta.url));
export const FONT_FAMILY = 'Noto Sans SC';
