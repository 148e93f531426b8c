// Across reports: the same agency's previous year (carried-over counts, documents in force, large
// changes) and a city's figures against the sum of its districts' reports. This year's 上年结转 that
// is not last year's 结转下年度 is an inconsistency between two published documents (不一致); the
// rest are hints: another report may use another scope; they are worth a look, not errors.
import type { Finding, Report } from '../model.js';
import { blocks2, COLUMNS_3, pathKey } from '../template.js';
import { CARRIED, finding, indexFacts, NEW, NEXT, TOTAL, total4 } from './finding.js';

export interface AcrossOptions {
  /** the districts and counties of a city, by name (清江浦区, 涟水县…): the city is compared with their sum only when all are loaded */
  districts?: string[];
}

const compact = (s: string) => s.replace(/\s+/g, '');

/** The same agency: equal names, or one is the other with the city in front (淮安市洪泽区人民政府 / 洪泽区人民政府). */
export function sameAgency(a: string, b: string): boolean {
  const [x, y] = [compact(a), compact(b)].sort((p, q) => q.length - p.length) as [string, string];
  if (x === y) return true;
  return y.length >= 4 && x.endsWith(y) && /[省市]$/.test(x.slice(0, x.length - y.length));
}

/** The report of the same agency for the year before, when loaded. */
export function previousReport(r: Report, others: Report[]): Report | undefined {
  return others.find((o) => o !== r && o.year === r.year - 1 && sameAgency(o.agency, r.agency));
}

const name = (r: Report) => `${r.agency}${r.year}年报告`;

/** Key figures compared across reports: label, and how to read it. */
export const KEY_FIGURES: { label: string; get: (r: Report) => number | undefined; table: '二' | '三' | '四'; row: string[]; column: string[] }[] = [
  { label: '本年新收政府信息公开申请', table: '三', row: NEW, column: ['总计'], get: (r) => indexFacts(r.facts, '三')(NEW, ['总计'])?.value },
  { label: '本年度办理结果总计', table: '三', row: TOTAL, column: ['总计'], get: (r) => indexFacts(r.facts, '三')(TOTAL, ['总计'])?.value },
  { label: '予以公开', table: '三', row: ['三、本年度办理结果', '（一）予以公开'], column: ['总计'], get: (r) => indexFacts(r.facts, '三')(['三、本年度办理结果', '（一）予以公开'], ['总计'])?.value },
  { label: '结转下年度继续办理', table: '三', row: NEXT, column: ['总计'], get: (r) => indexFacts(r.facts, '三')(NEXT, ['总计'])?.value },
  { label: '行政复议', table: '四', row: ['行政复议'], column: ['总计'], get: (r) => total4(r, '行政复议') },
  { label: '行政诉讼', table: '四', row: ['行政诉讼'], column: ['总计'], get: (r) => total4(r, '行政诉讼') },
];

export function acrossFindings(r: Report, others: Report[], opts: AcrossOptions = {}): Finding[] {
  const out: Finding[] = [];
  const prev = previousReport(r, others);
  if (prev) out.push(...againstPrevious(r, prev));
  out.push(...againstDistricts(r, others, opts));
  return out;
}

function againstPrevious(r: Report, prev: Report): Finding[] {
  const out: Finding[] = [];
  const section3 = '三、收到和处理政府信息公开申请情况';
  // this year's 上年结转 is last year's 结转下年度
  const g = indexFacts(r.facts, '三');
  const p = indexFacts(prev.facts, '三');
  // one finding for the row: the 总计 column when it differs, naming every column that does
  const differ = COLUMNS_3.flatMap((col) => {
    const [now, then] = [g(CARRIED, col), p(NEXT, col)];
    return now && then && now.value !== then.value ? [{ col, now, then }] : [];
  });
  if (differ.length) {
    const main = differ.find((d) => d.col[0] === '总计') ?? differ[0]!;
    const list = differ.map((d) => `「${d.col.at(-1)}」${d.now.value}（上年结转下年度${d.then.value}）`).join('、');
    out.push(
      finding({
        code: 'y-carried',
        kind: 'across',
        severity: 'warning',
        table: '三',
        rule: '本年“上年结转”等于上一年报告的“结转下年度继续办理”',
        row: CARRIED,
        column: main.col,
        expected: main.then.value,
        printed: main.now.value,
        message: `表三「二、上年结转」与${name(prev)}的「四、结转下年度继续办理」不同：${list}`,
        explanation: '上一年结转下来的申请，就是本年的“上年结转”；两数不同，可能是某一年填错，或上一年报告后又有调整（应在报告中说明）。',
        section: section3,
        at: main.now.at,
      }),
    );
  }
  // table 二 第二十条第（一）项 in the 2021 format: 现行有效 = last year's + 本年制发 − 本年废止
  const g2 = indexFacts(r.facts, '二');
  const p2 = indexFacts(prev.facts, '二');
  if (r.versions['二'] === '2021' && prev.versions['二'] === '2021') {
    for (const row of blocks2('2021')[0]!.rows) {
      const path = ['第二十条第（一）项', row];
      const [made, gone, now, then] = [g2(path, ['本年制发件数']), g2(path, ['本年废止件数']), g2(path, ['现行有效件数']), p2(path, ['现行有效件数'])];
      if (!made || !gone || !now || !then) continue;
      const expected = then.value + made.value - gone.value;
      if (expected === now.value) continue;
      out.push(
        finding({
          code: 'y-in-force',
          kind: 'across',
          severity: 'hint',
          table: '二',
          rule: '现行有效件数 = 上年现行有效 + 本年制发 − 本年废止',
          row: path,
          column: ['现行有效件数'],
          expected,
          printed: now.value,
          message: `表二「${row}」现行有效${now.value}件；按上年${then.value} + 本年制发${made.value} − 本年废止${gone.value}应为${expected}件`,
          explanation: '现行有效件数一般由上一年的现行有效件数加上本年制发、减去本年废止得来；不相等时可能有清理、宣布失效或统计口径变化，值得核对或说明。',
          section: '二、主动公开政府信息情况',
          at: now.at,
        }),
      );
    }
  }
  // 2019 format: this year's 上一年项目数量 = last year's 上一年项目数量 + 本年增/减
  if (r.versions['二'] === '2019' && prev.versions['二'] === '2019') {
    for (const b of blocks2('2019').filter((x) => x.columns.includes('本年增/减'))) {
      for (const row of b.rows) {
        const path = [b.label, row];
        const [now, then, delta] = [g2(path, ['上一年项目数量']), p2(path, ['上一年项目数量']), p2(path, ['本年增/减'])];
        if (!now || !then || !delta || then.value + delta.value === now.value) continue;
        out.push(
          finding({
            code: 'y-items',
            kind: 'across',
            severity: 'hint',
            table: '二',
            rule: '上一年项目数量 = 上年报告的上一年项目数量 + 本年增/减',
            row: path,
            column: ['上一年项目数量'],
            expected: then.value + delta.value,
            printed: now.value,
            message: `表二「${row}」上一年项目数量为${now.value}项；${name(prev)}为${then.value}项、增减${delta.value}，应为${then.value + delta.value}项`,
            explanation: '本年表中的“上一年项目数量”应接得上上一年报告的项目数量与增减。',
            section: '二、主动公开政府信息情况',
            at: now.at,
          }),
        );
      }
    }
  }
  // large changes in the key figures
  for (const k of KEY_FIGURES) {
    const [now, then] = [k.get(r), k.get(prev)];
    if (now === undefined || then === undefined) continue;
    const diff = now - then;
    if (Math.abs(diff) < 10 || (now <= then * 2 && now >= then / 2)) continue;
    out.push(
      finding({
        code: 'y-change',
        kind: 'across',
        severity: 'hint',
        table: k.table,
        rule: '与上一年相比变化很大（翻倍以上或减半以上）',
        row: k.row,
        column: k.column,
        expected: then,
        printed: now,
        message: `「${k.label}」从${prev.year}年的${then}件变为${r.year}年的${now}件（${diff > 0 ? '+' : ''}${diff}）`,
        explanation: '变化这么大不一定是错误，但读者会关心原因；如确实如此，可在正文简要说明（如机构调整、集中申请）。',
      }),
    );
  }
  return out;
}

const CITY = /^(.{2,8}?市)(人民政府)?$/;
const DISTRICT = /^(.{2,8}?市)?(.{1,6}?[区县市])人民政府$/;

/** A city's report against its districts' reports of the same year. */
function againstDistricts(r: Report, others: Report[], opts: AcrossOptions): Finding[] {
  const city = CITY.exec(compact(r.agency))?.[1];
  if (!city) return [];
  const mine = others.filter((o) => {
    if (o === r || o.year !== r.year) return false;
    const m = DISTRICT.exec(compact(o.agency));
    if (!m || m[2] === city) return false;
    return m[1] === city || compact(o.sections[0]?.text ?? '').includes(city + m[2]);
  });
  if (!mine.length) return [];
  const placeOf = (o: Report) => DISTRICT.exec(compact(o.agency))![2]!;
  const loaded = mine.map(placeOf);
  const out: Finding[] = [];
  const base = { kind: 'across' as const, severity: 'hint' as const };
  if (opts.districts?.length) {
    const missing = opts.districts.filter((d) => !loaded.includes(d));
    if (missing.length) {
      out.push(
        finding({
          ...base,
          code: 'city-missing',
          table: null,
          rule: '全市数字与各区县之和比较，须载入全部区县报告',
          row: [],
          column: [],
          expected: opts.districts.join('、'),
          printed: loaded.join('、'),
          message: `${city}${r.year}年：已载入${loaded.join('、')}的报告，缺${missing.join('、')}，未与各区县之和比较`,
          explanation: '只有全部区县的报告都在时，各区县之和才有意义。',
        }),
      );
      return out;
    }
  }
  for (const k of KEY_FIGURES) {
    const own = k.get(r);
    const parts = mine.map((o) => k.get(o));
    if (own === undefined || parts.some((x) => x === undefined)) continue;
    const sum = parts.reduce((s, x) => s! + x!, 0)!;
    // without the list of districts only a city figure below the loaded districts' sum says something
    if (sum === own || (!opts.districts?.length && own >= sum)) continue;
    out.push(
      finding({
        ...base,
        code: 'city-sum',
        table: k.table,
        rule: '全市数字与各区县报告之和比较',
        row: k.row,
        column: k.column,
        expected: sum,
        printed: own,
        message: `${r.agency}「${k.label}」为${own}件；${loaded.join('、')}报告之和为${sum}件${opts.districts?.length ? '' : '（只算已载入的区县，已比市里多）'}`,
        explanation: `市政府报告可能只含市本级，也可能是全市汇总；若为全市汇总，应不少于各区县之和。请确认口径（${pathKey(k.row)}）。`,
      }),
    );
  }
  return out;
}
