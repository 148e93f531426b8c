// The national template (国办公开办函〔2019〕60号 and 〔2021〕30号): canonical labels of
// sections, tables 二/三/四, their columns and units. Everything a reader finds is mapped to these.
import type { TableId, TemplateVersion } from './model.js';
import { labelKey } from './text.js';

export const SECTIONS = [
  { index: 1, canonical: '一、总体情况', keys: ['总体情况'] },
  { index: 2, canonical: '二、主动公开政府信息情况', keys: ['主动公开政府信息情况', '主动公开政府信息'] },
  { index: 3, canonical: '三、收到和处理政府信息公开申请情况', keys: ['收到和处理政府信息公开申请', '收到和处理政府信息公开申请情况'] },
  {
    index: 4,
    canonical: '四、政府信息公开行政复议、行政诉讼情况',
    keys: ['行政复议、行政诉讼', '行政复议和行政诉讼', '申请行政复议、提起行政诉讼', '行政复议,行政诉讼', '行政法复议'],
  },
  { index: 5, canonical: '五、存在的主要问题及改进情况', keys: ['存在的主要问题及改进', '存在的主要问题和改进', '主要问题及改进情况', '存在的主要问题'] },
  { index: 6, canonical: '六、其他需要报告的事项', keys: ['其他需要报告的事项', '其它需要报告的事项'] },
] as const;

export const TABLE_SECTION: Record<TableId, number> = { 二: 2, 三: 3, 四: 4 };

// ---------- Table 二 ----------

export interface Block2 {
  /** canonical block label, e.g. 第二十条第（一）项 */
  label: string;
  item: string; // （一）
  rows: string[];
  columns: string[];
  units: string[];
}

const BLOCKS_2019: Block2[] = [
  { label: '第二十条第（一）项', item: '一', rows: ['规章', '规范性文件'], columns: ['本年新制作数量', '本年新公开数量', '对外公开总数量'], units: ['件', '件', '件'] },
  { label: '第二十条第（五）项', item: '五', rows: ['行政许可', '其他对外管理服务事项'], columns: ['上一年项目数量', '本年增/减', '处理决定数量'], units: ['项', '项', '件'] },
  { label: '第二十条第（六）项', item: '六', rows: ['行政处罚', '行政强制'], columns: ['上一年项目数量', '本年增/减', '处理决定数量'], units: ['项', '项', '件'] },
  { label: '第二十条第（八）项', item: '八', rows: ['行政事业性收费'], columns: ['上一年项目数量', '本年增/减'], units: ['项', '项'] },
  { label: '第二十条第（九）项', item: '九', rows: ['政府集中采购'], columns: ['采购项目数量', '采购总金额'], units: ['项', ''] },
];

const BLOCKS_2021: Block2[] = [
  { label: '第二十条第（一）项', item: '一', rows: ['规章', '行政规范性文件'], columns: ['本年制发件数', '本年废止件数', '现行有效件数'], units: ['件', '件', '件'] },
  { label: '第二十条第（五）项', item: '五', rows: ['行政许可'], columns: ['本年处理决定数量'], units: ['件'] },
  { label: '第二十条第（六）项', item: '六', rows: ['行政处罚', '行政强制'], columns: ['本年处理决定数量'], units: ['件'] },
  { label: '第二十条第（八）项', item: '八', rows: ['行政事业性收费'], columns: ['本年收费金额'], units: ['万元'] },
];

export function blocks2(version: TemplateVersion): Block2[] {
  return version === '2021' ? BLOCKS_2021 : BLOCKS_2019;
}

/** Row labels of table 二 as printed → canonical, per version (规范性文件 ↔ 行政规范性文件). */
export function canonicalRow2(label: string, version: TemplateVersion): string | null {
  const k = labelKey(label).replace(/^\d+[.、]/, '');
  if (!k) return null;
  if (k === '规章') return '规章';
  if (k === '规范性文件' || k === '行政规范性文件') return version === '2021' ? '行政规范性文件' : '规范性文件';
  if (k.startsWith('行政许可')) return '行政许可';
  if (k.startsWith('其他对外管理服务') || k.startsWith('对外管理服务')) return '其他对外管理服务事项';
  if (k.startsWith('行政处罚')) return '行政处罚';
  if (k.startsWith('行政强制')) return '行政强制';
  if (k.startsWith('行政事业性收费')) return '行政事业性收费';
  if (k.startsWith('政府集中采购')) return '政府集中采购';
  return null;
}

/** Words in table 二's headers that tell the version. */
export function version2FromText(text: string): TemplateVersion | null {
  const k = labelKey(text);
  if (/本年制发|本年废止|现行有效|本年收费金额/.test(k)) return '2021';
  if (/本年新制作|本年新公开|对外公开总数|上一年项目数量|采购项目数量|采购总金额/.test(k)) return '2019';
  return null;
}

// ---------- Table 三 ----------

export const COLUMNS_3: string[][] = [
  ['自然人'],
  ['法人或其他组织', '商业企业'],
  ['法人或其他组织', '科研机构'],
  ['法人或其他组织', '社会公益组织'],
  ['法人或其他组织', '法律服务机构'],
  ['法人或其他组织', '其他'],
  ['总计'],
];

export interface Row3 {
  path: string[];
  /** key words that identify the row's own label (without numbering) */
  key: string;
  /** group key when the row is an item under （三）（四）（五）（六） */
  group?: string;
  versions: TemplateVersion[];
}

const R3 = '三、本年度办理结果';
const G3 = '（三）不予公开';
const G4 = '（四）无法提供';
const G5 = '（五）不予处理';
const G6 = '（六）其他处理';
const BOTH: TemplateVersion[] = ['2019', '2021'];

export const ROWS_3: Row3[] = [
  { path: ['一、本年新收政府信息公开申请数量'], key: '本年新收政府信息公开申请数量', versions: BOTH },
  { path: ['二、上年结转政府信息公开申请数量'], key: '上年结转政府信息公开申请数量', versions: BOTH },
  { path: [R3, '（一）予以公开'], key: '予以公开', versions: BOTH },
  { path: [R3, '（二）部分公开'], key: '部分公开', versions: BOTH },
  ...[
    '属于国家秘密',
    '其他法律行政法规禁止公开',
    '危及三安全一稳定',
    '保护第三方合法权益',
    '属于三类内部事务信息',
    '属于四类过程性信息',
    '属于行政执法案卷',
    '属于行政查询事项',
  ].map((key, i): Row3 => ({ path: [R3, G3, `${i + 1}.${key === '危及三安全一稳定' ? '危及“三安全一稳定”' : key}`], key, group: '不予公开', versions: BOTH })),
  ...['本机关不掌握相关政府信息', '没有现成信息需要另行制作', '补正后申请内容仍不明确'].map(
    (key, i): Row3 => ({ path: [R3, G4, `${i + 1}.${key}`], key, group: '无法提供', versions: BOTH }),
  ),
  ...['信访举报投诉类申请', '重复申请', '要求提供公开出版物', '无正当理由大量反复申请', '要求行政机关确认或重新出具已获取信息'].map(
    (key, i): Row3 => ({ path: [R3, G5, `${i + 1}.${key}`], key, group: '不予处理', versions: BOTH }),
  ),
  { path: [R3, G6], key: '其他处理', versions: ['2019'] },
  ...[
    '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    '其他',
  ].map((key, i): Row3 => ({ path: [R3, G6, `${i + 1}.${key}`], key, group: '其他处理', versions: ['2021'] })),
  { path: [R3, '（七）总计'], key: '总计', versions: BOTH },
  { path: ['四、结转下年度继续办理'], key: '结转下年度继续办理', versions: BOTH },
];

/** Group labels of table 三 (the rows under 三、本年度办理结果 that may share a line with their first item). */
export const GROUPS_3 = [
  { key: '予以公开', label: '（一）予以公开' },
  { key: '部分公开', label: '（二）部分公开' },
  { key: '不予公开', label: G3 },
  { key: '无法提供', label: G4 },
  { key: '不予处理', label: G5 },
  { key: '其他处理', label: G6 },
  { key: '总计', label: '（七）总计' },
];

export function rows3(version: TemplateVersion): Row3[] {
  return ROWS_3.filter((r) => r.versions.includes(version));
}

// ---------- Table 四 ----------

export const RESULT_COLUMNS_4 = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
export const GROUPS_4: string[][] = [['行政复议'], ['行政诉讼', '未经复议直接起诉'], ['行政诉讼', '复议后起诉']];

export function pathKey(path: string[]): string {
  return path.join(' › ');
}
