// The report's sections: all six of the template present and numbered as the template numbers
// them; 五 (problems and improvements) says something; 六 says whether fees were charged.
import type { Finding, Report } from '../model.js';
import { SECTIONS } from '../template.js';
import { parseChineseNumeral, sentences } from '../text.js';
import { finding, indexFacts } from './finding.js';

const NUMERALS = ['', '一', '二', '三', '四', '五', '六'];
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function numberOf(heading: string): number | null {
  const m = /^\s*([一二三四五六七八九十]{1,2})\s*[、.．]/.exec(heading);
  return m ? parseChineseNumeral(m[1]!) : null;
}

/** Reports before 2019 follow the older layout (no six-part template): not checked. */
export function sectionFindings(r: Report): Finding[] {
  const out: Finding[] = [];
  if (r.year < 2019) return out;
  const found = r.sections.filter((s) => s.index >= 1 && s.index <= 6);
  let previous: { number: number; offset: number } | null = null;
  for (const sec of SECTIONS) {
    const s = found.find((x) => x.index === sec.index);
    const base = { kind: 'section' as const, table: null, row: [], column: [], section: sec.canonical };
    if (!s) {
      out.push(
        finding({
          ...base,
          code: 'sec-missing',
          severity: 'warning',
          rule: '模板规定的六个部分都应有',
          expected: sec.canonical,
          printed: null,
          message: `报告中找不到「${sec.canonical}」这一部分`,
          explanation: `按国办公开办函规定的格式，年度报告应有六个部分；「${sec.canonical}」缺失（或标题写法让人认不出）。没有可报告的内容时也应保留标题，写明“无”或说明情况。`,
        }),
      );
      continue;
    }
    const n = s.heading ? numberOf(s.heading) : null;
    if (n === null) {
      out.push(
        finding({
          ...base,
          code: 'sec-heading',
          severity: 'warning',
          rule: '每一部分应有编号的标题',
          expected: sec.canonical,
          printed: s.heading || null,
          message: s.heading ? `「${s.heading}」没有按模板编号（应为「${sec.canonical}」）` : `「${sec.canonical}」这一部分没有标题（内容从「${s.text.replace(/\s+/g, '').slice(0, 12)}」开始）`,
          explanation: '模板的六个部分各有编号标题（一、至六、），读者和检索工具靠它找到各部分。',
          at: s.at,
        }),
      );
      continue;
    }
    if (n !== sec.index) {
      const offset = n - sec.index;
      const how =
        previous && n <= previous.number
          ? `编号重新开始（前一部分已是「${NUMERALS[previous.number] ?? previous.number}、」）`
          : previous && previous.offset === offset
            ? `编号整体错位（与前一部分一样差${Math.abs(offset)}）`
            : '编号不对';
      out.push(
        finding({
          ...base,
          code: 'sec-number',
          severity: 'warning',
          rule: '各部分按模板编号：一、至六、',
          expected: `${NUMERALS[sec.index]}、`,
          printed: s.heading,
          message: `「${s.heading}」${how}，按模板应为「${sec.canonical}」`,
          explanation: '年度报告的六个部分按模板固定编号；增加的内容应放在相应部分之下，而不是另起编号，否则“第几部分”对不上。',
          at: s.at,
        }),
      );
    }
    previous = { number: n, offset: n - sec.index };
  }
  // 五: problems and improvements
  const five = found.find((s) => s.index === 5);
  if (five) {
    // the signature (agency and date) that closes a report whose 六 is missing is not content
    const body = five.text
      .trim()
      .replace(/\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/, '')
      .replace(new RegExp(`\\s*${escapeRe(r.agency)}$`), '')
      .replace(/(^|[。；;\n])\s*[^。；;\n]{2,30}(局|委员会|委|办公室|办公厅|人民政府|政府|厅|中心|院|管委会)$/, '$1');
    const text = body.replace(/\s+/g, '');
    const said = sentences(body).filter((x) => x.replace(/[。；;\s]/g, '').length > 0);
    const empty = !text || /^(无|暂无|没有)[。.]?$/.test(text);
    if (empty || said.length <= 1)
      out.push(
        finding({
          code: 'sec-five-empty',
          kind: 'section',
          severity: 'warning',
          table: null,
          row: [],
          column: [],
          rule: '「五、存在的主要问题及改进情况」应写明问题和改进措施',
          expected: '问题和改进措施',
          printed: text ? text.slice(0, 40) : '',
          message: empty ? `「五、存在的主要问题及改进情况」${text ? `只写了「${text}」` : '是空的'}` : `「五、存在的主要问题及改进情况」只有一句：「${text.slice(0, 40)}」`,
          explanation: '这一部分应写出本年存在的主要问题和下一年的改进措施（一是…二是…）；空着、只写“无”或一句话，审核时通常会被退回。',
          section: five.canonical,
          at: five.at,
        }),
      );
  }
  // 六: fees (the 2021 format asks for the 信息处理费 charged)
  const six = found.find((s) => s.index === 6);
  const format2021 = r.versions['三'] === '2021' || r.versions['二'] === '2021' || r.year >= 2021;
  if (six && format2021 && !/(收费|费用|处理费|收取|缴费|缴纳)/.test(six.text))
    out.push(
      finding({
        code: 'sec-six-fees',
        kind: 'section',
        severity: 'warning',
        table: null,
        row: [],
        column: [],
        rule: '「六、其他需要报告的事项」应说明是否收取信息处理费',
        expected: '是否收取信息处理费',
        printed: six.text.replace(/\s+/g, '').slice(0, 40),
        message: '「六、其他需要报告的事项」没有说明是否收取信息处理费',
        explanation: '2021年起的格式要求在第六部分报告依据《政府信息公开信息处理费管理办法》收取信息处理费的情况（未收取也应写明）。',
        section: six.canonical,
        at: six.at,
      }),
    );
  if (six) {
    // a general "no fees" against table 二's 行政事业性收费 (not the 信息处理费, which table 二 does not hold)
    const none = /(未|没有|不)(收取|收)(任何)?(费用|费)|无收费|零收费/.exec(six.text);
    const fee = indexFacts(r.facts, '二')(['第二十条第（八）项', '行政事业性收费'], ['本年收费金额']);
    if (none && !/信息处理费/.test(six.text) && fee && fee.value > 0)
      out.push(
        finding({
          code: 'sec-six-fee-table',
          kind: 'section',
          severity: 'hint',
          table: '二',
          row: ['第二十条第（八）项', '行政事业性收费'],
          column: ['本年收费金额'],
          rule: '第六部分的收费说明与表二「行政事业性收费」一致',
          expected: fee.value,
          printed: 0,
          message: `「六、其他需要报告的事项」写「${none[0]}」，表二「行政事业性收费」本年收费金额为${fee.value}${fee.unit}`,
          explanation: '表二的行政事业性收费是本机关依法收取的各类行政事业性收费，与依申请公开的信息处理费不同；第六部分说未收费时，宜写明指的是信息处理费，以免读者误解。',
          section: six.canonical,
          at: six.at,
        }),
      );
  }
  return out;
}
