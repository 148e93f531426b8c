// Attack (issue 26): reports that were refused or hidden. A Big5 report (traditional characters) is
// read as its GB or UTF-8 twin is, and a Big5 file that cannot be read says Big5 among the
// encodings tried; of two copies of one report, the one read better answers — a poorer copy that
// sorts first no longer hides it — and the other is named; two reports of one agency and year whose
// figures differ are both kept.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js/cn2t';
import { afterAll, describe, expect, it } from 'vitest';
import { createChat } from '../src/conversation/chat.js';
import { ingestBytes } from '../src/ingest/index.js';
import { openKnowledge } from '../src/knowledge.js';
import { NotAReportError } from '../src/model.js';
import { big5 } from './helpers/encodings.js';
import { TIANJIN, TIANJIN_TEXT } from './helpers/tianjin.js';

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-attack-reports-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const cell = (f: { table: string; row: string[]; column: string[]; value: number }) => `${f.table}|${f.row.join('›')}|${f.column.join('›')}=${f.value}`;

describe('Big5', () => {
  it('a report in Big5 (traditional characters) is read, every figure as in the original', async () => {
    const original = await ingestBytes(TIANJIN, Buffer.from(TIANJIN_TEXT));
    const traditional = toTraditional(TIANJIN_TEXT);
    expect(traditional).toContain('政府信息公開工作年度報告');
    const r = await ingestBytes('tianjin-big5.txt', big5(traditional));
    expect(r.source.encoding).toBe('Big5（繁体，已转为简体）');
    expect(r.agency).toBe('天津市工业和信息化局');
    expect(r.year).toBe(2020);
    expect(r.facts.map(cell).sort()).toEqual(original.facts.map(cell).sort());
    const chat = createChat({ knowledge: { reports: [r] } });
    expect((await chat.ask('c', '天津市工信局2020年收到多少政府信息公开申请？')).rendered.text).toContain('23件');
  });

  it('a file readable in no encoding says Big5 among those tried', async () => {
    const bytes = Buffer.concat([big5(toTraditional(TIANJIN_TEXT.slice(0, 400))), Buffer.from([0xff, 0xfe, 0x81, 0x30, 0xa1])]);
    const e = await ingestBytes('broken.txt', Buffer.concat([bytes, Buffer.alloc(64, 0x81)])).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NotAReportError);
    expect((e as NotAReportError).reason).toMatch(/乱码.*Big5（繁体）/);
  });
});

/** The Tianjin report without the rows of its table 三 (a copy whose table could not be read). */
function withoutTable3(text: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('三、收到和处理'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('四、政府信息公开行政复议'));
  return [...lines.slice(0, start + 1), ...lines.slice(end)].join('\n');
}

describe('two copies of one report', () => {
  it('the copy read better answers, the other is named, whatever their names sort as', async () => {
    const dir = join(tmp, 'copies');
    mkdirSync(dir);
    // the poor copy sorts first
    writeFileSync(join(dir, 'a-copy.txt'), withoutTable3(TIANJIN_TEXT));
    writeFileSync(join(dir, 'tianjin.txt'), TIANJIN_TEXT);
    const k = await openKnowledge({ dir, store: join(tmp, 'copies.json') });
    expect(k.reports.map((r) => r.id)).toEqual([join(dir, 'tianjin.txt')]);
    expect(k.problems).toEqual([
      expect.objectContaining({ file: join(dir, 'a-copy.txt'), duplicateOf: join(dir, 'tianjin.txt'), reason: expect.stringMatching(/^与 tianjin\.txt 是同一份报告（天津市工业和信息化局 2020年）的两份副本/) }),
    ]);
    const chat = createChat({ knowledge: k });
    expect((await chat.ask('c', '天津市工信局2020年收到多少政府信息公开申请？')).rendered.text).toContain('23件');
    // the same from the store, as a bot instance that reads no folder loads it
    const again = await openKnowledge({ dir, store: join(tmp, 'copies.json'), scan: false });
    expect(again.reports.map((r) => r.id)).toEqual([join(dir, 'tianjin.txt')]);
  });

  it('two reports of one agency and year whose figures differ are both kept', async () => {
    const dir = join(tmp, 'differ');
    mkdirSync(dir);
    writeFileSync(join(dir, 'first.txt'), TIANJIN_TEXT);
    writeFileSync(join(dir, 'corrected.txt'), TIANJIN_TEXT.replace('一、本年新收政府信息公开申请数量 | 20 | 3 | 0 | 0 | 0 | 0 | 23', '一、本年新收政府信息公开申请数量 | 21 | 3 | 0 | 0 | 0 | 0 | 24'));
    const k = await openKnowledge({ dir, store: join(tmp, 'differ.json') });
    expect(k.reports).toHaveLength(2);
    expect(k.problems).toEqual([]);
  });
});
