// Bad input files for the ingestion tests: an article that is not a report, a binary, a PNG, empty
// files, and the Tianjin report with broken table rows.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TIANJIN, tianjinHtml, tianjinWith } from './tianjin.js';

export const ARTICLE = `春天的江南
三月的江南，细雨如丝。清晨走在河边，柳枝已经抽出了新芽，远处的桃花也开了几朵。
一、出门
我们一行三人，沿着石板路走了两个小时，看到了十二座古桥，拍了300余张照片。
二、归来
回到家里，已是傍晚。母亲做了一桌菜，我们边吃边聊，说起明年还要再去。
`;

/** The Tianjin report with rows of tables 二, 三 and 四 missing cells. */
export function brokenTianjin(): string {
  let s = tianjinWith('4.保护第三方合法权益 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |', '4.保护第三方合法权益 | 1 | 0 | 0 | 1 |');
  s = s.replace('2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '2.重复申请 | 0 | 0 |');
  s = s.replace('行政许可 | 7 | 减少1项 | 644 |', '行政许可 | 7 | 644 |');
  s = s.replace('\n0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |', '\n0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |');
  return s;
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex');
/** Deterministic "random" bytes (a binary that is not any format). */
function noise(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x >> 16;
  }
  return b;
}

/** Writes the bad files (and the good ones) into a folder. */
export function writeBadFolder(dir: string): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const f = (name: string) => join(dir, name);
  writeFileSync(f('empty.txt'), '');
  writeFileSync(f('blank.md'), '\n   \n\t\n');
  writeFileSync(f('article.txt'), ARTICLE);
  writeFileSync(f('random.txt'), noise(4096));
  writeFileSync(f('image.png'), PNG);
  writeFileSync(f('image-as-report.html'), PNG);
  writeFileSync(f('broken.txt'), brokenTianjin());
  copyFileSync(TIANJIN, f('tianjin.txt'));
  writeFileSync(f('tianjin-page.html'), tianjinHtml());
  return {
    empty: f('empty.txt'),
    blank: f('blank.md'),
    article: f('article.txt'),
    random: f('random.txt'),
    png: f('image.png'),
    pngHtml: f('image-as-report.html'),
    broken: f('broken.txt'),
    good: f('tianjin.txt'),
    page: f('tianjin-page.html'),
  };
}
