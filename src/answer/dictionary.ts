// The template's terms and the words people use for them (report-format.md "Words people use"),
// each mapped to a slot of the question. Matched longest first over the normalised question.

/** Rows of table 三: the template's Row3.key, or a group key (不予公开 …), or 办理总计. */
export type Row3Key = string;

export type Measure2 =
  | 'made' // 本年新制作数量 / 本年制发件数
  | 'published' // 本年新公开数量
  | 'total' // 对外公开总数量 / 现行有效件数
  | 'repealed' // 本年废止件数
  | 'prev' // 上一年项目数量
  | 'change' // 本年增/减
  | 'decisions' // 处理决定数量 / 本年处理决定数量
  | 'amount' // 采购总金额 / 本年收费金额
  | 'count'; // 采购项目数量

export type Group4 = 'review' | 'suit' | 'direct' | 'after';

export type Intent = 'date' | 'overview' | 'problems' | 'plans' | 'handling' | 'policy' | 'list' | 'quantity' | 'rate' | 'compare' | 'help' | 'reports' | 'check' | 'proactive' | 'fee';

export type Slot =
  | { kind: 'row3'; key: Row3Key; weight: number }
  | { kind: 'col3'; column: string[] | 'legal' }
  | { kind: 'row2'; row: string; weight: number }
  | { kind: 'measure2'; measure: Measure2 }
  | { kind: 'group4'; group: Group4 }
  | { kind: 'col4'; column: string }
  | { kind: 'intent'; intent: Intent }
  | { kind: 'direction'; sign: 1 | -1 };

const T: [string[], Slot[]][] = [];
const add = (words: string[], ...slots: Slot[]) => T.push([words, slots]);
const row3 = (key: string, weight = 3): Slot => ({ kind: 'row3', key, weight });
const row2 = (row: string, weight = 3): Slot => ({ kind: 'row2', row, weight });
const m2 = (measure: Measure2): Slot => ({ kind: 'measure2', measure });
const intent = (i: Intent): Slot => ({ kind: 'intent', intent: i });

// ---- table 三: rows ----
add(['本年新收政府信息公开申请数量', '本年新收', '新收', '新受理'], row3('本年新收政府信息公开申请数量', 2.5));
add(['收到', '受理', '接到', '提交', '申请了多少', '依申请公开', '申请数量', '申请', '递交', '申请量'], row3('本年新收政府信息公开申请数量', 0.5));
add(['上年结转政府信息公开申请数量', '上年结转', '上年度结转', '去年结转', '上一年结转', '上年转来', '上年遗留'], row3('上年结转政府信息公开申请数量'));
add(['结转下年度继续办理', '结转下年度', '结转到下年度', '转下一年度', '转入下年度', '结转至下年度', '留到明年', '顺延到下年度', '顺延至下年度', '顺延', '还没办完', '尚未办结', '继续办理', '结转到下一年', '下年度继续'], row3('结转下年度继续办理'));
add(['结转'], row3('结转下年度继续办理', 1));
add(['予以公开', '同意公开', '公开了', '给了', '全部公开', '准予公开'], row3('予以公开'));
add(['部分公开', '部分给了', '部分同意'], row3('部分公开'));
add(['不予公开', '拒绝', '不公开', '不给', '拒绝公开', '没给'], row3('不予公开', 2));
add(['属于国家秘密', '国家秘密', '涉密', '保密'], row3('属于国家秘密'));
add(['其他法律行政法规禁止公开', '法律行政法规禁止公开', '法规禁止', '禁止公开'], row3('其他法律行政法规禁止公开'));
add(['危及三安全一稳定', '三安全一稳定', '危及"三安全一稳定"', '危及国家安全', '社会稳定'], row3('危及三安全一稳定'));
add(['保护第三方合法权益', '第三方合法权益', '第三方权益', '第三方'], row3('保护第三方合法权益'));
add(['属于三类内部事务信息', '三类内部事务信息', '内部事务信息', '内部事务'], row3('属于三类内部事务信息'));
add(['属于四类过程性信息', '四类过程性信息', '过程性信息', '过程性'], row3('属于四类过程性信息'));
add(['属于行政执法案卷', '行政执法案卷', '执法案卷'], row3('属于行政执法案卷'));
add(['属于行政查询事项', '行政查询事项', '查询事项'], row3('属于行政查询事项'));
add(['无法提供'], row3('无法提供', 2));
add(['本机关不掌握相关政府信息', '本机关不掌握', '不掌握', '没有这个信息', '查不到', '没有相关信息', '信息不存在'], row3('本机关不掌握相关政府信息'));
add(['没有现成信息需要另行制作', '没有现成信息', '另行制作', '需要另行制作'], row3('没有现成信息需要另行制作'));
add(['补正后申请内容仍不明确', '补正后仍不明确', '内容不明确', '申请内容不明确', '仍不明确'], row3('补正后申请内容仍不明确'));
add(['不予处理', '不处理'], row3('不予处理', 2));
add(['信访举报投诉类申请', '信访举报投诉', '信访', '举报投诉', '投诉举报'], row3('信访举报投诉类申请'));
add(['重复申请'], row3('重复申请'));
add(['要求提供公开出版物', '公开出版物', '出版物'], row3('要求提供公开出版物'));
add(['无正当理由大量反复申请', '大量反复申请', '反复申请'], row3('无正当理由大量反复申请'));
add(['要求行政机关确认或重新出具已获取信息', '重新出具', '确认或重新出具'], row3('要求行政机关确认或重新出具已获取信息'));
add(['其他处理', '其它处理'], row3('其他处理', 2));
add(['逾期不补正', '无正当理由逾期不补正', '不补正'], row3('申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'));
add(['逾期未按收费通知要求缴纳费用', '未按收费通知', '收费通知', '未缴纳费用', '逾期未缴费', '不缴费'], row3('申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'));
add(['本年度办理结果', '办理结果', '办理了多少', '办了多少', '办结', '答复', '处理了多少', '办理完成', '办理总数', '处理总数'], row3('办理总计', 1));

// ---- table 三: columns (applicant type) ----
add(['自然人', '个人', '老百姓', '公民', '群众', '市民', '普通人', '居民'], { kind: 'col3', column: ['自然人'] });
add(['商业企业', '企业', '公司', '商家'], { kind: 'col3', column: ['法人或其他组织', '商业企业'] });
add(['科研机构', '科研单位', '研究机构', '高校'], { kind: 'col3', column: ['法人或其他组织', '科研机构'] });
add(['社会公益组织', '公益组织', '社会组织', '公益机构'], { kind: 'col3', column: ['法人或其他组织', '社会公益组织'] });
add(['法律服务机构', '律师事务所', '律所', '律师'], { kind: 'col3', column: ['法人或其他组织', '法律服务机构'] });
add(['法人或其他组织', '法人或其它组织', '法人和其他组织', '法人', '单位申请', '组织'], { kind: 'col3', column: 'legal' });

// ---- table 二 ----
add(['规章'], row2('规章'));
add(['行政规范性文件', '规范性文件', '红头文件'], row2('规范性文件'));
add(['行政许可', '许可', '审批', '批了多少', '批准'], row2('行政许可'));
add(['其他对外管理服务事项', '其它对外管理服务事项', '对外管理服务事项', '对外管理服务'], row2('其他对外管理服务事项'));
add(['行政处罚', '处罚', '罚款', '罚了'], row2('行政处罚'));
add(['行政强制', '强制措施', '强制执行', '强制'], row2('行政强制'));
add(['行政事业性收费', '事业性收费', '收费项目', '收费', '收了多少钱'], row2('行政事业性收费'));
add(['政府集中采购', '集中采购', '政府采购', '采购'], row2('政府集中采购'));
add(['花了多少钱', '花了多少', '花钱'], row2('政府集中采购', 1), m2('amount'));
add(['本年新制作数量', '本年新制作', '新制作', '制作', '本年制发件数', '本年制发', '制发', '新出台', '出台了几', '发布了几'], m2('made'));
add(['本年新公开数量', '本年新公开', '新公开'], m2('published'));
add(['对外公开总数量', '对外公开总数', '现行有效件数', '现行有效', '有效的', '总数量'], m2('total'));
add(['本年废止件数', '废止'], m2('repealed'));
add(['上一年项目数量', '上一年', '上年项目', '去年项目', '上年度项目', '原有'], m2('prev'));
add(['本年增/减', '本年增减', '增/减', '增减', '增减变化', '变化了多少', '变动'], m2('change'));
add(['减少了', '减少', '少了', '下降'], m2('change'), { kind: 'direction', sign: -1 });
add(['增加了', '增加', '多了', '新增'], m2('change'), { kind: 'direction', sign: 1 });
add(['本年处理决定数量', '处理决定数量', '处理决定数', '处理决定', '决定数量', '决定书'], m2('decisions'));
add(['总金额', '金额', '多少钱', '钱数', '费用'], m2('amount'));
add(['采购总金额', '采购金额'], m2('amount'), row2('政府集中采购', 2));
add(['收费金额', '本年收费金额'], m2('amount'), row2('行政事业性收费', 2));
add(['项目数量', '多少项', '几项', '项目数'], m2('count'));
add(['采购项目数量', '采购项目'], m2('count'), row2('政府集中采购', 2));

// ---- table 四 ----
add(['行政复议', '复议', '被复议'], { kind: 'group4', group: 'review' });
add(['行政诉讼', '诉讼', '起诉', '打官司', '被告', '被起诉', '被诉', '告上法庭', '官司'], { kind: 'group4', group: 'suit' });
add(['未经复议直接起诉', '直接起诉', '直接提起诉讼', '直接提起行政诉讼'], { kind: 'group4', group: 'direct' });
add(['复议后起诉', '复议后提起诉讼', '经复议后起诉', '复议后再起诉'], { kind: 'group4', group: 'after' });
add(['结果维持', '维持'], { kind: 'col4', column: '结果维持' });
add(['结果纠正', '纠正', '纠错', '被纠错', '撤销'], { kind: 'col4', column: '结果纠正' });
add(['其他结果', '其它结果'], { kind: 'col4', column: '其他结果' });
add(['尚未审结', '未审结', '还在审理', '审理中', '没审完'], { kind: 'col4', column: '尚未审结' });

// ---- intents ----
add(['哪天发布', '哪一天发布', '什么时候发布', '何时发布', '发布日期', '发布时间', '哪天发的', '什么时候发的', '落款日期', '成文日期', '发布于', '哪天公布', '什么时候公布', '何时公布', '公布日期', '哪天出的'], intent('date'));
add(['讲了什么', '说了什么', '主要内容', '讲什么', '概况', '概要', '摘要', '总结一下', '介绍一下', '包括哪些内容', '有哪些内容', '什么内容', '讲了哪些', '包含哪些'], intent('overview'));
add(['存在的主要问题', '存在哪些主要问题', '存在哪些问题', '存在的问题', '主要问题', '存在问题', '问题', '不足', '短板', '薄弱环节'], intent('problems'));
add(['改进情况', '改进措施', '整改', '改进', '措施', '下一步', '打算', '计划', '今后', '工作安排', '怎么改', '如何改'], intent('plans'));
add(['怎么处理', '如何处理', '怎么办理', '如何办理', '办理流程', '处理流程', '怎么申请', '如何申请', '申请流程', '程序'], intent('handling'));
add(['政策文件', '政策', '哪些文件', '什么文件'], intent('policy'));
add(['哪些', '哪几', '哪几个', '什么栏目', '分别是', '列举', '列出', '名单', '有啥', '都有什么', '是什么'], intent('list'));
add(['多少', '几件', '几个', '几场', '几篇', '几次', '几家', '几条', '几名', '几项', '数量', '数目', '是多少', '有几', '几'], intent('quantity'));
add(['答复率', '比例', '比率', '占比', '百分之', '百分比', '率'], intent('rate'));
add(['相比', '比较', '对比', '同比', '比上年', '增长', '变化', '差多少', '多收到', '少收到', '多了多少', '少了多少'], intent('compare'));
add(['主动公开'], intent('proactive'));
add(['信息处理费', '处理费'], intent('fee'));
add(['报告自检', '自检', '勾稽', '核对报告'], intent('check'));
add(['有哪些报告', '哪些报告', '报告列表', '知识库', '有哪些年报', '哪些年报', '收录'], intent('reports'));

// English → Chinese words before matching.
export const ENGLISH: [RegExp, string][] = [
  [/\b(freedom of information|information[- ]disclosure|disclosure|open government information)\s+(requests?|applications?)\b/g, '政府信息公开申请'],
  [/\b(requests?|applications?)\b/g, '申请'],
  [/\b(received|receive|got|filed|submitted|new)\b/g, '收到'],
  [/\b(individuals?|natural persons?|citizens?|people|persons?)\b/g, '自然人'],
  [/\b(companies|company|enterprises?|businesses|business|firms?)\b/g, '商业企业'],
  [/\b(legal persons?|organi[sz]ations?)\b/g, '法人或其他组织'],
  [/\b(fully disclosed|granted|disclosed in full|approved)\b/g, '予以公开'],
  [/\b(partially disclosed|partly disclosed|partial(ly)?)\b/g, '部分公开'],
  [/\b(refused|denied|rejected|withheld|refusals?)\b/g, '不予公开'],
  [/\b(carried over|carry[- ]over|pending)\b/g, '结转下年度'],
  [/\b(administrative reviews?|reviews?|appeals?)\b/g, '行政复议'],
  [/\b(lawsuits?|litigation|sued|court cases?)\b/g, '行政诉讼'],
  [/\b(licen[cs]es?|licen[cs]ing|permits?)\b/g, '行政许可'],
  [/\b(penalt(y|ies)|fines?)\b/g, '行政处罚'],
  [/\b(procurement|purchases?|purchasing)\b/g, '政府集中采购'],
  [/\b(handling )?fees?\b/g, '收费'],
  [/\b(regulations|rules)\b/g, '规章'],
  [/\b(normative documents|policies|policy documents|policy)\b/g, '政策'],
  [/\b(problems?|issues?|shortcomings?)\b/g, '问题'],
  [/\b(improvements?|plans?)\b/g, '改进措施'],
  [/\b(published|released|publication date|release date)\b/g, '发布日期'],
  [/\b(how many|how much|number of|total)\b/g, '多少'],
  [/\b(what does .* cover|overview|summary|summar(y|ise|ize))\b/g, '主要内容'],
  [/\bhelp\b/g, '帮助'],
  [/\b(in|for|during) (the year )?(\d{4})\b/g, ' $3年'],
];

export interface Term {
  word: string;
  slots: Slot[];
}

const MAP = new Map<string, Slot[]>();
for (const [words, slots] of T) {
  for (const w of words) {
    const prev = MAP.get(w);
    MAP.set(w, prev ? [...prev, ...slots] : slots);
  }
}
export const TERMS: Map<string, Slot[]> = MAP;
export const MAX_TERM = Math.max(...[...MAP.keys()].map((k) => k.length));

export interface Match {
  word: string;
  start: number;
  end: number;
  slots: Slot[];
  fuzzy?: boolean;
}

/** Longest-first dictionary matching; returns matches and the unmatched text runs. */
export function matchTerms(text: string, skip?: (i: number) => boolean): { matches: Match[]; rest: string[] } {
  const matches: Match[] = [];
  const rest: string[] = [];
  let run = '';
  let i = 0;
  while (i < text.length) {
    if (skip?.(i)) {
      if (run) rest.push(run);
      run = '';
      i++;
      continue;
    }
    let found: Match | null = null;
    for (let L = Math.min(MAX_TERM, text.length - i); L >= 1; L--) {
      const w = text.slice(i, i + L);
      const s = MAP.get(w);
      if (s) {
        found = { word: w, start: i, end: i + L, slots: s };
        break;
      }
    }
    if (found) {
      if (run) rest.push(run);
      run = '';
      matches.push(found);
      i = found.end;
    } else {
      run += text[i];
      i++;
    }
  }
  if (run) rest.push(run);
  return { matches, rest };
}

const slotId = (s: Slot): string | null =>
  s.kind === 'row3' ? `row3:${s.key}` : s.kind === 'row2' ? `row2:${s.row}` : s.kind === 'measure2' ? `m2:${s.measure}` : s.kind === 'group4' ? `g4:${s.group}` : null;

const SYNONYMS = new Map<string, string[]>();
for (const [word, slots] of MAP) {
  for (const s of slots) {
    const id = slotId(s);
    if (!id) continue;
    const list = SYNONYMS.get(id) ?? [];
    list.push(word);
    SYNONYMS.set(id, list);
  }
}

/** Every word of the dictionary that fills the same slot value (行政许可 → 许可, 审批, 批准 …). */
export function synonymsOf(kind: 'row3' | 'row2' | 'measure2' | 'group4', value: string): string[] {
  const id = kind === 'row3' ? `row3:${value}` : kind === 'row2' ? `row2:${value}` : kind === 'measure2' ? `m2:${value}` : `g4:${value}`;
  return SYNONYMS.get(id) ?? [];
}
