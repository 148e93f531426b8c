// Issue 12: agencies as people name them — a government by its place (its 办公厅's report), a place
// within the agency's (another body: refused), a sub-unit (answered for the agency, saying so), a
// report that misprints its own place (the gazetteer's name in answers, the printed one in the
// source), short forms made by rule. Reports made here from the bundled one; the real answer().
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../src/answer/index.js';
import type { Knowledge } from '../src/knowledge.js';
import { say } from './helpers/say.js';
import { renamedTianjin } from './helpers/tianjin.js';

let k: Knowledge;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-names-'));
  const make = (file: string, agency: string) => renamedTianjin(dir, file, agency);
  k = { reports: [await make('office.txt', '南京市人民政府办公厅'), await make('misprint.txt', '夭津市工业和信息化局'), await make('made.txt', '淮安市清江浦区农业农村委员会')] };
  // two districts of one name in two cities, the second with another figure
  const lz = await make('lanzhou.txt', '兰州市铁东区人民政府');
  const bd = await make('baoding.txt', '保定市铁东区人民政府');
  bd.facts = bd.facts.map((f) => (f.table === '三' && f.row[0] === '一、本年新收政府信息公开申请数量' && f.column[0] === '总计' ? { ...f, value: 65, raw: '65' } : f));
  twoCities = { reports: [lz, bd] };
  sixCities = { reports: await Promise.all(['保定市', '兰州市', '南京市', '杭州市', '西安市', '成都市'].map((c) => make(`${c}.txt`, `${c}城关区人民政府`))) };
});
let twoCities: Knowledge;
let sixCities: Knowledge;

const ask = (q: string) => say(q, { knowledge: k });

describe('agencies as people name them', () => {
  it('a name six agencies answer to: which one is asked, and each choice, picked, is answered for that agency', () => {
    const a = answer('城关区2020年收到多少政府信息公开申请？', { knowledge: sixCities });
    expect(a.kind).toBe('choice');
    expect(a.figures).toEqual([]);
    const pick = a.choices!.find((c) => c.label.startsWith('兰州市'))!;
    const b = answer(pick.question, { knowledge: sixCities });
    expect(b.figures[0]?.value).toBe(23);
    expect(b.citations[0]!.report).toBe('兰州市城关区人民政府2020年政府信息公开工作年度报告');
    // the agency named in full and again by the shorter name: one agency, not a comparison of two (it gave a difference of 0)
    const twice = answer('兰州市城关区人民政府城关区2020年收到多少政府信息公开申请？', { knowledge: sixCities });
    expect(twice.kind).not.toBe('comparison');
    expect(twice.figures[0]?.value).toBe(23);
    expect(twice.citations.map((c) => c.report)).toEqual(['兰州市城关区人民政府2020年政府信息公开工作年度报告']);
  });
  it('a name two cities\' districts answer to, after the city the question names, is that city\'s district; without a city, neither', () => {
    const a = say('保定市铁东2020年收到多少政府信息公开申请？', { knowledge: twoCities });
    expect(a.figures[0]?.value).toBe(65);
    expect(a.text).toContain('保定市铁东区人民政府');
    expect(say('兰州铁东区2020年收到多少政府信息公开申请？', { knowledge: twoCities }).figures[0]?.value).toBe(23);
    expect(say('铁东区2020年收到多少政府信息公开申请？', { knowledge: twoCities }).figures).toEqual([]);
  });
  it('a government by its place finds its 办公厅’s report', () => {
    expect(ask('南京市政府2020年收到多少政府信息公开申请？').text).toContain('南京市人民政府办公厅2020年共新收政府信息公开申请23件');
    expect(ask('南京2020年收到多少政府信息公开申请？').figures[0]?.value).toBe(23);
  });
  it('a place within the agency’s place is another body: refused, never answered for the city', () => {
    const a = ask('南京市玄武区2020年收到多少政府信息公开申请？');
    expect(a.figures).toEqual([]);
    expect(a.text).toContain('南京市玄武区');
  });
  it('a sub-unit is answered for the agency, saying so', () => {
    const a = ask('天津市工信局规划处2020年收到多少政府信息公开申请？');
    expect(a.figures[0]?.value).toBe(23);
    expect(a.text).toMatch(/「规划处」是天津市工业和信息化局的内设机构/);
  });
  it('a report that misprints its place: found by the real name, answered with it, the printed title kept in the source', () => {
    const a = ask('天津市工信局2020年收到多少政府信息公开申请？');
    expect(a.text).toContain('天津市工业和信息化局2020年共新收');
    expect(a.citations[0]!.report).toContain('夭津市工业和信息化局');
  });
  it('a short form made by rule where the data lists none (农业农村委员会 → 农委)', () => {
    expect(ask('清江浦区农委2020年收到多少政府信息公开申请？').figures[0]?.value).toBe(23);
  });
});
