// Agency names as people write them: the full name, common short forms (工业和信息化局 → 工信局),
// with or without the place (天津市工信局, 市工信局, 工信局), and place names for governments' own reports.

/** Long body words and their usual short forms (both directions are generated). */
const SHORT: [string, string][] = [
  ['工业和信息化局', '工信局'],
  ['工业和信息化委员会', '工信委'],
  ['经济和信息化委员会', '经信委'],
  ['经济和信息化局', '经信局'],
  ['科学技术委员会', '科委'],
  ['科学技术局', '科技局'],
  ['科学技术厅', '科技厅'],
  ['发展和改革委员会', '发改委'],
  ['发展和改革局', '发改局'],
  ['交通运输委员会', '交通委'],
  ['交通运输局', '交通局'],
  ['交通运输厅', '交通厅'],
  ['教育委员会', '教委'],
  ['卫生健康委员会', '卫健委'],
  ['卫生健康局', '卫健局'],
  ['住房和城乡建设委员会', '住建委'],
  ['住房和城乡建设局', '住建局'],
  ['住房和城乡建设厅', '住建厅'],
  ['人力资源和社会保障局', '人社局'],
  ['人力资源和社会保障厅', '人社厅'],
  ['市场监督管理局', '市场监管局'],
  ['生态环境局', '环保局'],
  ['自然资源和规划局', '自然资源局'],
  ['农业农村局', '农业局'],
  ['商务委员会', '商务委'],
  ['民政局', '民政局'],
  ['人民政府办公厅', '政府办公厅'],
  ['人民政府办公室', '政府办公室'],
  ['人民政府办公厅', '政府办'],
  ['人民政府办公室', '政府办'],
  ['人民政府', '政府'],
  ['综合实验区', '实验区'],
  ['管理委员会', '管委会'],
];

const PLACE_UNIT = /^(.+?(?:自治区|自治州|自治县|特别行政区|综合实验区|新区|开发区|省|市|区|县|州|盟|旗))/;
const PLACE_SUFFIX = /(自治区|自治州|自治县|特别行政区|综合实验区|新区|开发区|省|市|区|县|州|盟|旗)$/;

/** Splits 天津市工业和信息化局 into places ['天津市'] and body '工业和信息化局'. */
export function splitAgency(name: string): { places: string[]; body: string } {
  const places: string[] = [];
  let rest = name;
  for (let n = 0; n < 4; n++) {
    const m = PLACE_UNIT.exec(rest);
    if (!m) break;
    const p = m[1]!;
    // a body word that happens to end in 区/市 (e.g. 市场监督管理局) is not a place
    if (p.length < 2 || /^(市场|区域|县域)/.test(rest)) break;
    if (p.length > 8) break;
    places.push(p);
    rest = rest.slice(p.length);
  }
  return { places, body: rest };
}

function bodyForms(body: string): string[] {
  const out = new Set<string>([body]);
  for (const [long, short] of SHORT) {
    for (const b of [...out]) {
      if (b.includes(long)) out.add(b.replace(long, short));
      if (b.endsWith(short) && !b.includes(long) && short.length >= 2) out.add(b.slice(0, b.length - short.length) + long);
    }
  }
  return [...out];
}

/** Is the report a government's own (人民政府, or a place such as 平潭综合实验区)? */
export function isGovernment(name: string): boolean {
  const { body } = splitAgency(name);
  return body === '' || /^(人民政府|政府|管委会|管理委员会)$/.test(body);
}

/** All the names a user may use for an agency (at least 2 characters each). */
export function agencyAliases(name: string): string[] {
  const out = new Set<string>();
  const add = (s: string) => {
    if (s.length >= 2) out.add(s);
  };
  const { places, body } = splitAgency(name);
  const forms = body ? bodyForms(body) : [''];
  const last = places[places.length - 1];
  const placeChain = places.join('');
  const placeVariants = new Set<string>();
  if (placeChain) placeVariants.add(placeChain);
  if (last) {
    placeVariants.add(last);
    const bare = last.replace(PLACE_SUFFIX, '');
    if (bare.length >= 2) placeVariants.add(bare);
  }
  for (const f of forms) {
    add(placeChain + f);
    for (const p of placeVariants) add(p + f);
    if (f && last) {
      // 市工信局, 区政府: the unit word alone stands for "our" place
      const unit = PLACE_SUFFIX.exec(last)?.[1];
      if (unit && unit.length === 1 && !/^(人民政府|政府)$/.test(f)) add(unit + f);
    }
    if (f && (f.length >= 3 || SHORT.some(([, sh]) => sh === f)) && !/^(人民政府|政府|政府办|办公厅|办公室|实验区|管委会)$/.test(f)) add(f);
  }
  if (isGovernment(name)) {
    for (const p of placeVariants) {
      add(p);
      add(p + '政府');
      add(p + '人民政府');
      add(p + '管委会');
    }
  }
  return [...out];
}

/** Chinese place names and a few common words in English (for English questions). */
export const ENGLISH_PLACES: Record<string, string> = {
  beijing: '北京', shanghai: '上海', tianjin: '天津', chongqing: '重庆', nanjing: '南京', huaian: '淮安', "huai'an": '淮安',
  pingtan: '平潭', hongze: '洪泽', guangzhou: '广州', shenzhen: '深圳', hangzhou: '杭州', wuhan: '武汉', chengdu: '成都',
};

/**
 * A phrase naming an agency or a place that may not be in the knowledge (北京市交通委, 南京市人民政府).
 * Only the part of the question outside known aliases is searched.
 */
const UNKNOWN_AGENCY =
  /([\u4e00-\u9fff]{2,5}?(?:省|市|区|县|州))((?:人民政府|政府)(?:办公厅|办公室)?|[\u4e00-\u9fff]{1,10}?(?:委员会|局|委|厅|办公室|办))?/g;
const NOT_PLACE = /[的了在是和与及年有等我你他她它这那个么什怎哪吗呢吧啊全共多少几被因为给对从向到去今前本该此各每城门超网]/;

export function unknownAgencyIn(text: string): string | null {
  const re = new RegExp(UNKNOWN_AGENCY.source, 'y');
  for (let i = 0; i < text.length; i++) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) continue;
    let place = m[1]!;
    place = place.replace(/^(请问|请|问|查询|查|知道|想知道|看看|看|告诉我|帮我)+/, '');
    if (place.length < 3 || NOT_PLACE.test(place.slice(0, -1))) continue;
    return place + (m[2] ?? '');
  }
  return null;
}
