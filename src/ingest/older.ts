// Reports from before the 2019 template (years up to 2018): free-form sections, and an older
// 政府信息公开情况统计表 (指标名称 | 计量单位 | 年末统计, or 本年度 | 历年累计), often flattened into one run
// (主动公开信息数条26其中：1．网站公开条26…), or figures only in the narrative. What they state is read
// with its own label; where a template cell means the same thing (受理依申请公开信息总数 = 表三 本年新收
// 总计) it is also a fact of that cell, and where there is no equivalent the entry says so.
import type { Fact, Location, OlderFigure, TableId, Unread } from '../model.js';
import { normalizeText } from '../text.js';
import { lineIndexOf, type Layout } from './document.js';
import type { TableResult } from './tables.js';

interface Maps {
  table: TableId;
  row: string[];
  column: string[];
}

const NEW: Maps = { table: '三', row: ['一、本年新收政府信息公开申请数量'], column: ['总计'] };

/** Old labels → the template cell of the same meaning, or why there is none. */
const MAPPING: { re: RegExp; maps: Maps | null; why?: string }[] = [
  { re: /^受理(依申请公开|政府信息公开)?(信息|申请)?总?数/, maps: NEW },
  { re: /^对申请的答复总数|^答复总数|^办结总数/, maps: { table: '三', row: ['三、本年度办理结果', '（七）总计'], column: ['总计'] } },
  { re: /^同意公开(答复)?数/, maps: { table: '三', row: ['三、本年度办理结果', '（一）予以公开'], column: ['总计'] } },
  { re: /^同意部分公开(答复)?数/, maps: { table: '三', row: ['三、本年度办理结果', '（二）部分公开'], column: ['总计'] } },
  { re: /^行政复议数/, maps: { table: '四', row: ['行政复议'], column: ['总计'] } },
  { re: /^行政诉讼数/, maps: null, why: '模板把行政诉讼分为“未经复议直接起诉”和“复议后起诉”两组，旧表只有合计' },
  { re: /^(否决公开|不予公开)(答复)?(总)?数/, maps: null, why: '模板的“（三）不予公开”只按理由分项，没有合计行' },
  { re: /^主动公开|公开数$/, maps: null, why: '模板表二按规章、规范性文件、许可、处罚等分项统计，没有主动公开信息总数' },
  { re: /申请数$/, maps: null, why: '模板不按申请方式（当面、网上、信函等）统计' },
  { re: /收费|减免/, maps: null, why: '模板表格没有收费栏（2021年版在“六、其他需要报告的事项”中以文字说明）' },
];

const UNITS = '条|件|元|万元|次|人次|个|项';

/** The old statistics table: rows of label, unit and one or two value columns, as printed or run together. */
function oldTable(layout: Layout): { text: string; start: number; columns: string[] } | null {
  const t = layout.doc.text;
  const m = /指标名称\s*[|｜]?\s*计量单位\s*[|｜]?\s*((?:\d{4}年度?|本年度?|年末统计|统计数|数量|历年累计|累计)(?:\s*[|｜]?\s*(?:\d{4}年度?|本年度?|年末统计|统计数|数量|历年累计|累计))*)/.exec(t);
  if (!m) return null;
  const columns = m[1]!.split(/\s*[|｜]\s*|\s+|(?<=年度|统计)(?=历年|累计)|(?<=年度?)(?=历年)/).filter(Boolean);
  const start = m.index + m[0].length;
  return { text: t.slice(start, start + 4000), start, columns };
}

interface OldRow {
  label: string;
  unit: string;
  digits: string;
  raw: string;
  offset: number;
  /** index of the row this one is a part of (其中：1．…), or -1 */
  parent: number;
}

function oldRows(text: string): OldRow[] {
  const t = normalizeText(text);
  const rows: OldRow[] = [];
  const re = new RegExp(`((?:其中[:：]\\s*)?(?:\\d{1,2}\\s*[.、]\\s*)?[^\\d\\s|]{2,40}?)\\s*[|]?\\s*(${UNITS})\\s*[|]?\\s*((?:\\d+(?:\\.\\d+)?\\s*[|]?\\s*)+)`, 'g');
  let m: RegExpExecArray | null;
  let parent = -1;
  while ((m = re.exec(t))) {
    let label = m[1]!.replace(/^[|\s]+/, '');
    const sub = /^(其中[:：]\s*)?(\d{1,2})\s*[.、]\s*/.exec(label);
    if (/^其中/.test(label) || sub) label = label.replace(/^其中[:：]\s*/, '').replace(/^\d{1,2}\s*[.、]\s*/, '');
    let raw = m[3]!.trim();
    // the next sub-item's number stuck on the run (…条26 2．政府公报…): given back to it
    const after = t.slice(m.index + m[0].length);
    const stuck = /^[.、]/.test(after) ? /(\d)\s*$/.exec(raw) : null;
    if (stuck) {
      raw = raw.slice(0, stuck.index).trim();
      re.lastIndex = m.index + m[0].length - (m[3]!.length - (m[3]!.trimEnd().length - 1));
    }
    const isSub = Boolean(sub) || /^其中/.test(m[1]!);
    if (!isSub) parent = rows.length;
    rows.push({ label, unit: m[2]!, digits: raw, raw, offset: m.index, parent: isSub ? parent : -1 });
  }
  return rows;
}

/** Splits of a run into `k` numbers (no leading zeros), each column as printed when spaces separate them. */
function splitsOf(run: string, k: number): number[][] {
  const spaced = run.split(/\s*[|]\s*|\s+/).filter(Boolean);
  if (spaced.length === k && spaced.every((s) => /^(0|[1-9]\d*)(\.\d+)?$/.test(s))) return [spaced.map(Number)];
  const d = run.replace(/[\s|]+/g, '');
  if (k === 1) return /^(0|[1-9]\d*)(\.\d+)?$/.test(d) ? [[Number(d)]] : [];
  const out: number[][] = [];
  for (let i = 1; i < d.length; i++) {
    const a = d.slice(0, i);
    const b = d.slice(i);
    if (/^(0|[1-9]\d*)(\.\d+)?$/.test(a) && /^(0|[1-9]\d*)(\.\d+)?$/.test(b)) out.push([Number(a), Number(b)]);
  }
  return out;
}

export interface OlderResult {
  tables: TableResult;
  older: OlderFigure[];
}

/** Reads the older statistics table and the narrative's statements for a report before the 2019 template. */
export function readOlder(layout: Layout, tables: TableResult, year: number): OlderResult {
  const older: OlderFigure[] = [];
  const facts: Fact[] = [];
  const unread: Unread[] = [];
  const at = (offset: number): Location => layout.lines[lineIndexOf(layout.doc, offset)]?.at ?? {};
  const table = oldTable(layout);
  if (table) {
    const rows = oldRows(table.text);
    const k = Math.max(1, table.columns.length);
    const annual = table.columns.findIndex((c) => !/累计/.test(c));
    const cum = table.columns.findIndex((c) => /累计/.test(c));
    const cands = rows.map((r) => splitsOf(r.raw, k).filter((s) => cum < 0 || annual < 0 || s[cum]! >= s[annual]!));
    // the narrative states this year's figure for some rows (主动公开政府信息3460条): a split it confirms is kept
    const stated = (label: string, unit: string) =>
      new Set(
        [...normalizeText(layout.doc.text.slice(0, table.start)).matchAll(new RegExp(`${label.slice(0, 4)}[^。；\\d]{0,12}?(\\d+)${unit}`, 'g'))].map((m) => Number(m[1])),
      );
    const pick: (number[] | null)[] = cands.map((c, i) => {
      if (c.length === 1) return c[0]!;
      if (c.length > 1 && annual >= 0) {
        const said = stated(rows[i]!.label, rows[i]!.unit);
        const ok = c.filter((s) => said.has(s[annual]!));
        if (ok.length === 1) return ok[0]!;
      }
      return null;
    });
    // parts (其中 1．… 2．…) add up to their row, column by column: a part's split follows when the others are known
    for (let pass = 0; pass < 2; pass++)
      rows.forEach((r, i) => {
        if (pick[i] || r.parent < 0 || !pick[r.parent]) return;
        const parts = rows.map((x, j) => (x.parent === r.parent ? j : -1)).filter((j) => j >= 0);
        const others = parts.filter((j) => j !== i);
        if (!others.every((j) => pick[j])) return;
        const want = pick[r.parent]!.map((v, c) => v - others.reduce((s, j) => s + pick[j]![c]!, 0));
        const ok = cands[i]!.filter((s) => s.every((v, c) => v === want[c]));
        if (ok.length === 1) pick[i] = ok[0]!;
      });
    rows.forEach((r, i) => {
      const mapping = MAPPING.find((x) => x.re.test(r.label));
      const p = pick[i];
      if (!p) {
        unread.push({
          table: null,
          what: `旧版统计表「${r.label}」`,
          why: cands[i]!.length ? `数字串“${r.raw}”可拆成${cands[i]!.length}种（${cands[i]!.slice(0, 3).map((s) => s.join('/')).join('；')}），未作选择` : `“${r.raw}”不是${k}个数`,
          at: at(table.start + r.offset),
        });
        return;
      }
      p.forEach((value, c) => {
        const column = table.columns[c] ?? '年末统计';
        const isAnnual = c === (annual >= 0 ? annual : 0);
        const maps = isAnnual ? (mapping?.maps ?? null) : null;
        older.push({
          label: r.label,
          column,
          value,
          unit: r.unit,
          raw: String(value),
          maps: maps ? { table: maps.table, row: maps.row, column: maps.column } : null,
          why: maps ? undefined : !isAnnual ? '历年累计数，模板只统计本年度' : (mapping?.why ?? '模板中没有意思相同的栏目'),
          at: at(table.start + r.offset),
          how: cands[i]!.length === 1 && splitsOf(r.raw, k).length === 1 ? 'cell' : 'decoded',
        });
        if (maps && !facts.some((f) => f.table === maps.table && f.row.join() === maps.row.join()))
          facts.push({ table: maps.table, row: maps.row, column: maps.column, value, unit: r.unit === '条' ? '件' : r.unit, raw: String(value), at: at(table.start + r.offset), how: cands[i]!.length === 1 ? 'cell' : 'decoded' });
      });
    });
  }
  // no table, or no request figure in it: the narrative saying that no request was received
  if (!facts.some((f) => f.row.join() === NEW.row.join())) {
    const s3 = layout.sections.find((s) => s.index === 3);
    const m = s3 && /[^。]*(未|没有)(收到|受理)[^。]{0,10}(政府)?信息公开申请[^。]*。?/.exec(s3.text);
    if (m) {
      older.push({ label: '收到政府信息公开申请', column: '本年度', value: 0, unit: '件', raw: m[0], maps: NEW, at: s3.at, how: 'narrative' });
      facts.push({ ...NEW, value: 0, unit: '件', raw: m[0], at: s3.at, how: 'narrative' });
    }
  }
  const note = `这是${year}年的报告，早于2019年的模板`;
  const unreadTables = (['二', '三', '四'] as TableId[]).map((t) => ({
    table: t,
    what: `表${t}`,
    why: `${note}：${table ? '只有旧版统计表，' : ''}${facts.some((f) => f.table === t) ? `已读入与模板意思相同的${facts.filter((f) => f.table === t).length}栏，其余栏目旧报告没有` : '没有这张表'}`,
  }));
  return {
    tables: {
      facts: [...tables.facts, ...facts],
      unread: [...tables.unread.filter((u) => !u.table), ...unreadTables, ...unread],
      versions: tables.versions,
    },
    older,
  };
}
