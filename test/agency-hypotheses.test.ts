// Issue 23: agencies as people name them, on real reports copied under other agencies' names —
// short names by rule, one agency across titles, a place alone, a misprinted title asked back,
// refusals that name a handful of the nearest agencies — through the real answer().
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../src/answer/index.js';
import { ingestFile } from '../src/ingest/index.js';
import type { Knowledge } from '../src/knowledge.js';
import { agencyIdentity } from '../src/agency/identity.js';
import { agencyAliases, splitAgency } from '../src/answer/agencies.js';
import { renamedTianjin } from './helpers/tianjin.js';

const HONGZE = join(import.meta.dirname, '..', '..', 'shared', 'corpus');
const shared = existsSync(join(HONGZE, 'hongze-qu-2023.pdf'));

let k: Knowledge;
let many: Knowledge;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-hyp-'));
  const make = (file: string, agency: string) => renamedTianjin(dir, file, agency);
  k = { reports: [await make('zs.txt', '福州市长乐区自然资源与生态环境局'), await make('jj.txt', '三明市尤溪县交通与建设局'), await make('misprint.txt', '宁德市古田县人民政府'), await make('gz.txt', '上海市规划和自然资源局'), await make('street.txt', '保定市高新区新华门街道办事处')] };
  many = { reports: await Promise.all(Array.from({ length: 12 }, (_, i) => make(`m${i}.txt`, `${['南平', '龙岩', '莆田', '漳州', '泉州', '宁德'][i % 6]}市${['公安局', '财政局'][i % 2 ? 1 : 0]}${i}`))) };
});

describe('agencies as people name them (issue 23)', () => {
  it('short names made from the parts of a coordinated body, in either order, answer for it', () => {
    for (const q of ['长乐区资生局2020年收到多少政府信息公开申请？', '长乐生资局2020年收到多少政府信息公开申请？', '尤溪县交建局2020年收到多少政府信息公开申请？', '尤溪交通局2020年收到多少政府信息公开申请？'])
      expect(answer(q, { knowledge: k }).figures[0]?.value, q).toBe(23);
  });
  it('short names made from the head words of the coordinated parts answer for the body, and no part is taken for a body of its own', () => {
    for (const q of ['上海市规划资源局2020年收到多少政府信息公开申请？', '上海规划资源局2020年收到多少政府信息公开申请？', '长乐资源环境局2020年收到多少政府信息公开申请？', '尤溪县交通建设局2020年收到多少政府信息公开申请？'])
      expect(answer(q, { knowledge: k }).figures[0]?.value, q).toBe(23);
    expect(agencyAliases('上海市规划和自然资源局')).not.toContain('规划和自然资源和规划局');
    expect(answer('上海市规划局2020年收到多少政府信息公开申请？', { knowledge: k }).figures[0]?.value).toBe(23);
  });
  it('places are split off by their units, and a street named like a banner is no place (红旗路街道; 红旗区 is one district)', () => {
    expect(splitAgency('台州市西城区红旗路街道办事处')).toEqual({ places: ['台州市', '西城区'], body: '红旗路街道办事处' });
    expect(splitAgency('新乡市红旗区财政局')).toEqual({ places: ['新乡市', '红旗区'], body: '财政局' });
    expect(splitAgency('科尔沁右翼前旗人民政府')).toEqual({ places: ['科尔沁右翼前旗'], body: '人民政府' });
    // two cities' streets of one name are two agencies
    expect(agencyIdentity('台州市西城区红旗路街道办事处')).not.toBe(agencyIdentity('九江市西城区红旗路街道办事处'));
  });
  it('a street office by its customary short forms (…街道, …街道办); another street of the district is not it', () => {
    for (const q of ['保定市高新区新华门街道2020年收到多少政府信息公开申请？', '新华门街道办2020年收到多少政府信息公开申请？'])
      expect(answer(q, { knowledge: k }).figures[0]?.value, q).toBe(23);
    expect(answer('保定市高新区东风路街道2020年收到多少政府信息公开申请？', { knowledge: k }).figures).toEqual([]);
  });
  it('a place alone names the one loaded agency of it; asked about the place as a whole, none', () => {
    expect(answer('长乐2020年收到多少政府信息公开申请？', { knowledge: k }).figures[0]?.value).toBe(23);
    expect(answer('全长乐区各部门2020年一共收到多少政府信息公开申请？', { knowledge: k }).figures).toEqual([]);
  });
  it('a look-alike character in the place of the question is answered or asked back, never refused outright', () => {
    const a = answer('古由县2020年收到多少政府信息公开申请？', { knowledge: k });
    expect(a.kind === 'choice' ? a.choices![0]!.label : a.figures[0]?.value).toEqual(a.kind === 'choice' ? '宁德市古田县人民政府' : 23);
  });
  it('an agency not loaded is refused, naming at most five of the nearest and how to see the rest', () => {
    const a = answer('南平市教育局2020年收到多少政府信息公开申请？', { knowledge: many });
    expect(a.figures).toEqual([]);
    const list = a.notes.find((n) => n.code === 'known')!.p!.list as string;
    expect(list).toContain('最接近');
    expect(list.split('；').length).toBeLessThanOrEqual(5);
    expect(list).toContain('/reports');
  });
  it('a place named in English is the loaded agency of it, a homophone elsewhere in China notwithstanding; a place not loaded is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-en-'));
    // 淮安 and 怀安 (Hebei) are both Huai'an: the loaded one is meant
    const huaian = { reports: [await renamedTianjin(dir, 'ha.txt', '淮安市发展和改革委员会'), await renamedTianjin(dir, 'pt.txt', '平潭综合实验区公安局')] };
    for (const q of ["How many information disclosure requests did Huai'an receive in 2020?", 'How many requests did the HUAIAN development and reform commission receive in 2020?'])
      expect(answer(q, { knowledge: huaian }).citations[0]?.report, q).toContain('淮安市发展和改革委员会');
    expect(answer('How many requests did the Pingtan Public Security Bureau receive in 2020?', { knowledge: huaian }).figures[0]?.value).toBe(23);
    // the twin: a place that is no loaded agency's (天津市) is not answered for another agency
    const tianjin = answer('How many requests did the Tianjin Bureau receive in 2020?', { knowledge: huaian });
    expect(tianjin.figures).toEqual([]);
  });
  it('a province or city named alone that no loaded agency is of is not loaded (天津 over reports of 福建): refused, never answered for another', () => {
    const a = answer('天津2020年收到多少政府信息公开申请？', { knowledge: k });
    expect(a.figures).toEqual([]);
    expect(a.kind).toBe('refusal');
    expect(a.lines.join('')).toContain('天津');
    // the twin: a place that a loaded agency is of names it
    expect(answer('长乐2020年收到多少政府信息公开申请？', { knowledge: k }).figures[0]?.value).toBe(23);
  });
  it('a place is named without any of its units (平潭 for 平潭综合实验区), for the one agency of it that is loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-bare-'));
    const one = { reports: [await renamedTianjin(dir, 'ha.txt', '淮安市发展和改革委员会'), await renamedTianjin(dir, 'pt.txt', '平潭综合实验区公安局')] };
    const a = answer('平潭2020年收到多少政府信息公开申请？', { knowledge: one });
    expect(a.figures[0]?.value).toBe(23);
    expect(a.citations[0]?.report).toContain('平潭综合实验区公安局');
    // the twin: with two agencies of the place loaded, the place alone names neither
    const two = { reports: [...one.reports, await renamedTianjin(dir, 'pt2.txt', '平潭综合实验区财政金融局')] };
    expect(answer('平潭2020年收到多少政府信息公开申请？', { knowledge: two }).figures).toEqual([]);
  });
  it('two names of one district are one agency', () => {
    expect(agencyIdentity('洪泽区人民政府')).toBe(agencyIdentity('淮安市洪泽区人民政府'));
    expect(agencyIdentity('兰州市城关区人民政府')).not.toBe(agencyIdentity('保定市城关区人民政府'));
  });
  it.skipIf(!shared)('two years of one district under two titles: 比上年 across them (skipped without ../shared)', async () => {
    const two = { reports: [await ingestFile(join(HONGZE, 'hongze-qu-2023.pdf')), await ingestFile(join(HONGZE, 'hongze-qu-2024.pdf'))] };
    const a = answer('淮安市洪泽区人民政府2024年收到的政府信息公开申请比上年多多少？', { knowledge: two });
    expect(a.figures[0]?.value).toBe(74);
    expect(a.citations.map((c) => c.report)).toEqual(['淮安市洪泽区人民政府2024年政府信息公开工作年度报告', '洪泽区人民政府2023年政府信息公开工作年度报告']);
    expect(answer('淮安市洪泽区人民政府2023年收到多少政府信息公开申请？', { knowledge: two }).figures[0]?.value).toBe(21);
  });
});
