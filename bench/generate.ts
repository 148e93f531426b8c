// Synthetic knowledge folders for the benchmark: N text reports made from the bundled Tianjin
// report, for agencies named like real ones (XX市XX局, XX区人民政府, XX区XX局), years 2019–2025
// with the template version that fits the year (2019–2020: 2019 format; 2021+: 2021 format).
// Figures are varied but satisfy every identity of tables 三 and 四, and the narrative
// (全年我局共办理依申请公开N件 …) states the table's figure, so each report ingests with nothing
// unread and passes 报告自检.
//
//   npx tsx bench/generate.ts N [DIR]     (default DIR: bench/out/reports-N)
//
// The folder also gets manifest.json: for each file, its agency, year and the figures a question
// may ask for (used by bench/run.ts for its question set and to count correct figures).
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { random as rng } from '../src/random.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const BUNDLED_REPORT = resolve(HERE, '../knowledge/tianjin-gxj-2020.txt');
/** bump when the output changes, so that cached folders are made again */
export const GENERATOR_VERSION = 3;

export interface ManifestEntry {
  file: string;
  agency: string;
  /** a shorter name people use (市工信局 style or the district alone), when there is one */
  short: string;
  year: number;
  format: '2019' | '2021';
  /** 本年新收政府信息公开申请数量 · 总计 */
  received: number;
  /** 三、本年度办理结果 （七）总计 · 总计 */
  handled: number;
  /** 行政许可 处理决定数量 */
  licences: number;
  /** 行政复议 总计 */
  reviews: number;
  /** 不予公开: the sum of its eight items, 总计 column */
  refused: number;
  /** 自然人 column of 本年新收 */
  persons: number;
}

export interface Manifest {
  version: number;
  n: number;
  seed: number;
  reports: ManifestEntry[];
}

// ---------- names ----------

const CITIES = [
  '天津', '北京', '上海', '重庆', '南京', '杭州', '苏州', '无锡', '宁波', '合肥', '福州', '厦门', '济南', '青岛', '郑州', '武汉',
  '长沙', '广州', '深圳', '成都', '西安', '昆明', '南宁', '贵阳', '兰州', '太原', '石家庄', '沈阳', '大连', '长春', '哈尔滨', '南昌',
  '海口', '银川', '西宁', '呼和浩特', '乌鲁木齐', '拉萨', '淮安', '徐州', '常州', '南通', '扬州', '镇江', '温州', '绍兴', '嘉兴', '台州',
  '金华', '泉州', '烟台', '潍坊', '洛阳', '宜昌', '襄阳', '株洲', '佛山', '东莞', '珠海', '绵阳', '宝鸡', '遵义', '桂林', '柳州',
  '大同', '唐山', '保定', '鞍山', '吉林', '齐齐哈尔', '九江', '三亚',
];

/** [full name, short form] */
const BUREAUS: [string, string][] = [
  ['工业和信息化局', '工信局'],
  ['发展和改革委员会', '发改委'],
  ['教育局', '教育局'],
  ['科学技术局', '科技局'],
  ['公安局', '公安局'],
  ['民政局', '民政局'],
  ['司法局', '司法局'],
  ['财政局', '财政局'],
  ['人力资源和社会保障局', '人社局'],
  ['规划和自然资源局', '规划资源局'],
  ['生态环境局', '生态环境局'],
  ['住房和城乡建设委员会', '住建委'],
  ['交通运输委员会', '交通委'],
  ['水务局', '水务局'],
  ['农业农村委员会', '农业农村委'],
  ['商务局', '商务局'],
  ['文化和旅游局', '文旅局'],
  ['卫生健康委员会', '卫健委'],
  ['退役军人事务局', '退役军人事务局'],
  ['应急管理局', '应急局'],
  ['审计局', '审计局'],
  ['市场监督管理委员会', '市场监管委'],
  ['统计局', '统计局'],
  ['医疗保障局', '医保局'],
  ['城市管理委员会', '城管委'],
  ['体育局', '体育局'],
];

const DISTRICTS = [
  '和平区', '河西区', '南开区', '河东区', '红桥区', '滨海新区', '西青区', '津南区', '北辰区', '武清区', '宝坻区', '静海区', '蓟州区',
  '海淀区', '朝阳区', '丰台区', '浦东新区', '徐汇区', '静安区', '玄武区', '秦淮区', '西湖区', '拱墅区', '天河区', '越秀区', '武侯区',
  '雁塔区', '历下区', '江岸区', '岳麓区', '福田区', '南山区', '思明区', '清江浦区', '淮阴区', '姑苏区', '鼓楼区', '江北区', '渝中区',
];

const DISTRICT_BUREAUS: [string, string][] = [
  ['教育局', '教育局'],
  ['民政局', '民政局'],
  ['财政局', '财政局'],
  ['生态环境局', '生态环境局'],
  ['住房和建设委员会', '住建委'],
  ['卫生健康委员会', '卫健委'],
  ['市场监督管理局', '市场监管局'],
  ['人力资源和社会保障局', '人社局'],
  ['应急管理局', '应急局'],
  ['农业农村委员会', '农委'],
];

export interface Agency {
  name: string;
  short: string;
  /** the place, for 《…市…》 titles and the 我局/我区 of the narrative */
  place: string;
  kind: 'bureau' | 'government';
  /** how the narrative calls the body (市工业和信息化局 in titles of its own documents) */
  self: string;
}

/** Every agency name the generator can make, in a fixed order. */
export function allAgencies(): Agency[] {
  const out: Agency[] = [];
  for (const c of CITIES)
    for (const [b, s] of BUREAUS) out.push({ name: `${c}市${b}`, short: `${c}市${s}`, place: `${c}市`, kind: 'bureau', self: `市${b}` });
  for (const d of DISTRICTS) {
    out.push({ name: `${d}人民政府`, short: d.replace(/(新区|区)$/, ''), place: d, kind: 'government', self: `${d}人民政府` });
    for (const [b, s] of DISTRICT_BUREAUS) out.push({ name: `${d}${b}`, short: `${d}${s}`, place: d, kind: 'bureau', self: `区${b}` });
  }
  return out;
}

/** District names that many cities have: with the cities, enough agencies for 100,000+ reports. */
const COMMON_DISTRICTS = [
  '城关区', '新城区', '老城区', '东城区', '西城区', '南城区', '北城区', '高新区', '经开区', '开发区', '城东区', '城西区',
  '城南区', '城北区', '中心区', '新华区', '长安区', '桥西区', '桥东区', '铁西区', '铁东区', '沙河区', '龙华区', '青山区',
];

/** More agencies, after allAgencies() (so that the corpora of up to ~13,000 reports stay as they were). */
export function moreAgencies(): Agency[] {
  const out: Agency[] = [];
  for (const c of CITIES)
    for (const d of COMMON_DISTRICTS) {
      const place = `${c}市${d}`;
      out.push({ name: `${place}人民政府`, short: `${c}市${d.replace(/区$/, '')}`, place, kind: 'government', self: `${d}人民政府` });
      for (const [b, s] of DISTRICT_BUREAUS) out.push({ name: `${place}${b}`, short: `${place}${s}`, place, kind: 'bureau', self: `区${b}` });
    }
  return out;
}

// ---------- randomness ----------


function shuffle<T>(xs: T[], r: () => number): T[] {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
/** mostly 0, sometimes a few, scaled */
const sparse = (r: () => number, scale: number, p = 0.35) => (r() < p ? int(r, 1, Math.max(1, Math.round(scale))) : 0);

// ---------- the bundled report, cut into its parts ----------

interface Parts {
  /** narrative lines from the preamble to the end of 一、总体情况 */
  intro: string[];
  /** the lines of section 五 (heading included) */
  five: string[];
}

function bundledParts(): Parts {
  const lines = readFileSync(BUNDLED_REPORT, 'utf8').replace(/\r\n?/g, '\n').split('\n');
  const i2 = lines.findIndex((l) => l.startsWith('二、主动公开政府信息情况'));
  const i5 = lines.findIndex((l) => l.startsWith('五、存在的主要问题及改进情况'));
  // lines[0..1]: title; the last two lines: signature and date
  return { intro: lines.slice(2, i2), five: lines.slice(i5, lines.length - 2) };
}

// ---------- tables ----------

const COLS = 7; // 自然人, five 法人或其他组织, 总计

interface Table3 {
  rows: { label: string[]; values: number[] }[];
  received: number[];
  handled: number[];
  refused: number;
}

const REFUSED_2019 = ['1.属于国家秘密', '2.其它法律行政法规禁止公开', '3.危及“三安全一稳定”', '4.保护第三方合法权益', '5.属于三类内部事务信息', '6.属于四类过程性信息', '7.属于行政执法案卷', '8.属于行政查询事项'];
const REFUSED_2021 = REFUSED_2019.map((l) => l.replace('其它', '其他'));
const UNABLE = ['1.本机关不掌握相关政府信息', '2.没有现成信息需要另行制作', '3.补正后申请内容仍不明确'];
const NOT_HANDLED = ['1.信访举报投诉类申请', '2.重复申请', '3.要求提供公开出版物', '4.无正当理由大量反复申请', '5.要求行政机关确认或重新出具已获取信息'];
const OTHER_2021 = [
  '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  '3.其他',
];

function table3(r: () => number, scale: number, v2021: boolean): Table3 {
  const other = v2021 ? '其他' : '其它';
  // result rows, each with the labels printed before its values (a group label shares a row with its first item)
  const results: string[][] = [
    ['(一)予以公开'],
    [`(二)部分公开(区分处理的,只计这一情形,不计${other}情形)`],
    ...(v2021 ? REFUSED_2021 : REFUSED_2019).map((l, i) => (i === 0 ? ['(三)不予公开', l] : [l])),
    ...UNABLE.map((l, i) => (i === 0 ? ['(四)无法提供', l] : [l])),
    ...NOT_HANDLED.map((l, i) => (i === 0 ? ['(五)不予处理', l] : [l])),
    ...(v2021 ? OTHER_2021.map((l, i) => (i === 0 ? ['(六)其他处理', l] : [l])) : [['(六)其它处理']]),
  ];
  const weights = results.map((_, i) => (i === 0 ? 1 : i === 1 ? 0.4 : 0.15));
  const vals: number[][] = results.map(() => new Array<number>(COLS).fill(0));
  const colScale = [1, 0.5, 0.05, 0.05, 0.1, 0.1];
  for (let c = 0; c < 6; c++)
    for (let i = 0; i < results.length; i++) vals[i]![c] = sparse(r, scale * colScale[c]! * weights[i]!, i === 0 ? 0.8 : 0.3);
  const total = new Array<number>(COLS).fill(0);
  for (let c = 0; c < 6; c++) for (const row of vals) total[c]! += row[c]!;
  const next = new Array<number>(COLS).fill(0);
  const carried = new Array<number>(COLS).fill(0);
  const received = new Array<number>(COLS).fill(0);
  for (let c = 0; c < 6; c++) {
    next[c] = sparse(r, Math.max(1, scale * colScale[c]! * 0.1), 0.3);
    carried[c] = Math.min(total[c]! + next[c]!, sparse(r, Math.max(1, scale * colScale[c]! * 0.1), 0.3));
    received[c] = total[c]! + next[c]! - carried[c]!; // 一 + 二 = （七） + 四
  }
  const withTotal = (xs: number[]) => {
    xs[6] = xs.slice(0, 6).reduce((a, b) => a + b, 0);
    return xs;
  };
  for (const row of vals) withTotal(row);
  [total, next, carried, received].forEach(withTotal);
  const refusedStart = 2;
  const refused = vals.slice(refusedStart, refusedStart + 8).reduce((s, row) => s + row[6]!, 0);
  return {
    rows: [
      { label: ['一、本年新收政府信息公开申请数量'], values: received },
      { label: ['二、上年结转政府信息公开申请数量'], values: carried },
      ...results.map((label, i) => ({ label: i === 0 ? ['三、本年度办理结果', ...label] : label, values: vals[i]! })),
      { label: ['(七)总计'], values: total },
      { label: ['四、结转下年度继续办理'], values: next },
    ],
    received,
    handled: total,
    refused,
  };
}

function render3(t: Table3, v2021: boolean): string[] {
  const other = v2021 ? '其他' : '其它';
  const out = [
    '(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 | ||||||||',
    `自然人 | 法人或${other}组织 | 总计 | |||||||`,
    `商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | ${other} | |||||`,
  ];
  for (const row of t.rows) out.push(`${row.label.join(' | ')} | ${row.values.join(' | ')} | ${row.label.length > 1 ? '' : '|'}`);
  return out;
}

function table4(r: () => number, scale: number): number[] {
  const out: number[] = [];
  for (let g = 0; g < 3; g++) {
    const four = [0, 1, 2, 3].map(() => sparse(r, Math.max(1, scale * 0.02), 0.25));
    out.push(...four, four.reduce((a, b) => a + b, 0));
  }
  return out;
}

function render4(values: number[]): string[] {
  return [
    '行政复议 | 行政诉讼 | |||||||||||||',
    '结果维持 | 结果纠正 | 其它结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 | ||||||||',
    '结果维持 | 结果纠正 | 其它结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其它结果 | 尚未审结 | 总计 | |||||',
    `${values.join(' | ')} |`,
  ];
}

function signed(r: () => number, n: number): string {
  if (n === 0) return '0';
  const style = int(r, 0, 2);
  if (style === 0) return n > 0 ? `增加${n}项` : `减少${-n}项`;
  if (style === 1) return n > 0 ? `+${n}` : `-${-n}`;
  return n > 0 ? `增${n}项` : `减${-n}项`;
}

function table2(r: () => number, scale: number, v2021: boolean): { lines: string[]; licences: number } {
  const licences = int(r, 0, Math.round(scale * 30));
  const fines = int(r, 0, Math.round(scale * 3));
  if (v2021) {
    const made = int(r, 0, 12);
    return {
      licences,
      lines: [
        '第二十条第（一）项 | |||',
        '信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |',
        `规章 | 0 | 0 | 0 |`,
        `行政规范性文件 | ${made} | ${int(r, 0, 5)} | ${made + int(r, 5, 80)} |`,
        '第二十条第（五）项 | |',
        '信息内容 | 本年处理决定数量 |',
        `行政许可 | ${licences} |`,
        '第二十条第（六）项 | |',
        '信息内容 | 本年处理决定数量 |',
        `行政处罚 | ${fines} |`,
        `行政强制 | ${int(r, 0, 3)} |`,
        '第二十条第（八）项 | |',
        '信息内容 | 本年收费金额（单位：万元） |',
        `行政事业性收费 | ${(int(r, 0, 500000) / 100).toFixed(2)} |`,
      ],
    };
  }
  const made = int(r, 0, 12);
  const before = int(r, 1, 40);
  return {
    licences,
    lines: [
      '第二十条第(一)项 | |||',
      '信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |',
      `规章 | 0 | 0 | 0 |`,
      `规范性文件 | ${made} | ${made} | ${made + int(r, 0, 60)} |`,
      '第二十条第(五)项 | |||',
      '信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |',
      `行政许可 | ${before} | ${signed(r, int(r, -3, 3))} | ${licences} |`,
      `其它对外管理服务事项 | ${int(r, 0, 10)} | ${signed(r, int(r, -2, 2))} | ${int(r, 0, 100)} |`,
      '第二十条第(六)项 | |||',
      '信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |',
      `行政处罚 | ${int(r, 1, 60)} | ${signed(r, int(r, -5, 9))} | ${fines} |`,
      `行政强制 | ${int(r, 0, 5)} | 0 | ${int(r, 0, 3)} |`,
      '第二十条第(八)项 | |||',
      '信息内容 | 上一年项目数量 | 本年增/减 | |',
      `行政事业性收费 | ${int(r, 0, 5)}项 | ${signed(r, int(r, -2, 0))} | |`,
      '第二十条第(九)项 | |||',
      '信息内容 | 采购项目数量 | 采购总金额 | |',
      `政府集中采购 | ${int(r, 1, 80)}项 | ${int(r, 10, 9000)}万元 |`,
    ],
  };
}

// ---------- narrative ----------

/** Varies the narrative's own figures (they are not table figures) and names the agency and years. */
function narrative(lines: string[], a: Agency, year: number, received: number, t4: number[], r: () => number): string[] {
  const city = a.place.replace(/(市|区|新区)$/, '');
  const self = a.kind === 'government' ? '我区' : '我局';
  return lines.map((l) =>
    l
      .replace(/天津市工业和信息化局/g, a.name)
      .replace(/市工业和信息化局/g, a.self)
      .replace(/我局/g, self)
      .replace(/2021年/g, `${year + 1}年`)
      .replace(/2020年/g, `${year}年`)
      .replace(/天津市/g, a.place)
      .replace(/天津/g, city)
      .replace(/全年(我局|我区)共办理依申请公开\d+件/, `全年${self}共办理依申请公开${received}件`)
      // what the narrative says of reviews and lawsuits agrees with table 四
      .replace(/未发生因政府信息公开引起的行政复议或者行政诉讼情况/, reviewsSaid(t4))
      .replace(/邀请\d+家企业机构、\d+名企业代表/, `邀请${int(r, 3, 40)}家企业机构、${int(r, 5, 60)}名企业代表`)
      .replace(/废止\d+件、宣布失效\d+件/, `废止${int(r, 0, 9)}件、宣布失效${int(r, 0, 9)}件`)
      .replace(/新闻报道\d+余条/, `新闻报道${int(r, 2, 9) * 50}余条`)
      .replace(/新闻发布会\d+场/, `新闻发布会${int(r, 1, 30)}场`)
      .replace(/完成(我局|我区)\d+个政务服务事项/, `完成${self}${int(r, 5, 90)}个政务服务事项`)
      .replace(/原创文章\d+篇/, `原创文章${int(r, 20, 400)}篇`)
      .replace(/共计发布信息\d+条/, `共计发布信息${int(r, 100, 2000)}条`)
      .replace(/服务号发布工作信息\d+条/, `服务号发布工作信息${int(r, 10, 500)}条`)
      .replace(/设置全面从严治党、新动能引育、智能制造等\d+个专栏/, `设置全面从严治党、新动能引育、智能制造等${int(r, 5, 30)}个专栏`)
      .replace(/局系统共\d+个网站/, `局系统共${int(r, 1, 30)}个网站`),
  );
}

/** The narrative's sentence on reviews and lawsuits, from table 四 (行政复议 总计; 行政诉讼 both groups). */
function reviewsSaid(t4: number[]): string {
  const [reviews, lawsuits] = [t4[4]!, t4[9]! + t4[14]!];
  if (!reviews && !lawsuits) return '未发生因政府信息公开引起的行政复议或者行政诉讼情况';
  return `因政府信息公开被申请行政复议${reviews}件、被提起行政诉讼${lawsuits}件`;
}

// ---------- one report ----------

export function generateReport(a: Agency, year: number, seed: number, parts = bundledParts()): { text: string; entry: Omit<ManifestEntry, 'file'> } {
  const r = rng(seed);
  const v2021 = year >= 2021;
  // agency size: most handle a few dozen requests a year, some thousands
  const scale = Math.exp(r() * Math.log(400)) * (a.kind === 'government' ? 3 : 1);
  const t2 = table2(r, scale, v2021);
  const t3 = table3(r, scale, v2021);
  const t4 = table4(r, scale);
  const received = t3.received[6]!;
  const month = int(r, 1, 3);
  const day = int(r, 1, 28);
  const six = ['六、其他需要报告的事项', v2021 ? `${year}年度，${a.kind === 'government' ? '我区' : '我局'}未收取政府信息公开信息处理费。` : '无。'];
  const lines = [
    a.name,
    `${year}年政府信息公开工作年度报告`,
    ...narrative(parts.intro, a, year, received, t4, r),
    '二、主动公开政府信息情况',
    ...t2.lines,
    '三、收到和处理政府信息公开申请情况',
    ...render3(t3, v2021),
    '四、政府信息公开行政复议、行政诉讼情况',
    ...render4(t4),
    ...narrative(parts.five, a, year, received, t4, r),
    ...six,
    a.name,
    `${year + 1}年${month}月${day}日`,
  ];
  return {
    text: lines.join('\n'),
    entry: {
      agency: a.name,
      short: a.short,
      year,
      format: v2021 ? '2021' : '2019',
      received,
      handled: t3.handled[6]!,
      licences: t2.licences,
      reviews: t4[4]!,
      refused: t3.refused,
      persons: t3.received[0]!,
    },
  };
}

export const YEARS = [2019, 2020, 2021, 2022, 2023, 2024, 2025];

/**
 * Writes N reports to dir (emptied first) and its manifest. Agencies are taken in a shuffled order,
 * each with its reports for consecutive years, as a city's staff would load them.
 */
export function generate(n: number, dir: string, seed = 20250601): Manifest {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = rng(seed);
  const agencies = [...shuffle(allAgencies(), r), ...shuffle(moreAgencies(), rng(seed + 1))];
  const parts = bundledParts();
  const reports: ManifestEntry[] = [];
  let ai = 0;
  while (reports.length < n) {
    const a = agencies[ai % agencies.length]!;
    if (ai >= agencies.length) throw new Error(`at most ${agencies.length * YEARS.length} reports`);
    const years = YEARS.slice(int(r, 0, 3));
    for (const year of years) {
      if (reports.length >= n) break;
      const file = `a${String(ai).padStart(4, '0')}-${year}.txt`;
      const { text, entry } = generateReport(a, year, Math.floor(r() * 2 ** 31), parts);
      writeFileSync(join(dir, file), text);
      reports.push({ file, ...entry });
    }
    ai++;
  }
  const manifest: Manifest = { version: GENERATOR_VERSION, n, seed, reports };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return manifest;
}

/** The folder for N reports under bench/out, made unless an identical one is there. */
export function corpus(n: number, root = resolve(HERE, 'out')): { dir: string; manifest: Manifest } {
  const dir = join(root, `reports-${n}`);
  const mf = join(dir, 'manifest.json');
  if (existsSync(mf)) {
    const m = JSON.parse(readFileSync(mf, 'utf8')) as Manifest;
    if (m.version === GENERATOR_VERSION && m.n === n) return { dir, manifest: m };
  }
  return { dir, manifest: generate(n, dir) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 100);
  const dir = resolve(process.argv[3] ?? join(HERE, 'out', `reports-${n}`));
  const t = Date.now();
  const m = generate(n, dir);
  console.log(`${m.reports.length} reports in ${dir} (${Date.now() - t} ms)`);
}
