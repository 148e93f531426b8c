// Figures read by OCR from a scanned page: every one is marked how: 'ocr', and kept only where the
// template's identities confirm it, as for flattened digit runs. Table 三: a cell is kept when its row
// adds up (总计 = 自然人 + the five 法人或其他组织 columns) and no identity of its column fails
// (一 + 二 = （七）+ 四, and （七）= the sum of the result rows; each checked where all its rows were
// read). Table 四: a group is kept when its four results add up to its 总计. Table 二 has no identity
// to confirm an OCR reading: its figures are left unread, saying so.
import type { Fact, TableId, Unread } from '../model.js';
import { COLUMNS_3, GROUPS_4, pathKey, RESULT_COLUMNS_4, rows3 } from '../template.js';
import type { TableResult } from './tables.js';

const NEW = '一、本年新收政府信息公开申请数量';
const CARRIED = '二、上年结转政府信息公开申请数量';
const TOTAL = '三、本年度办理结果 › （七）总计';
const NEXT = '四、结转下年度继续办理';

export function confirmOcr(tables: TableResult): TableResult {
  const facts: Fact[] = [];
  const unread: Unread[] = [];
  const by = (t: TableId) => tables.facts.filter((f) => f.table === t);
  const key = (f: Fact) => `${pathKey(f.row)}|${pathKey(f.column)}`;
  // ---- 三
  const f3 = new Map(by('三').map((f) => [key(f), f]));
  const v = (row: string, col: string[]) => f3.get(`${row}|${pathKey(col)}`)?.value;
  const rows = rows3(tables.versions['三'] ?? '2019');
  const rowOk = new Map<string, boolean>();
  for (const r of rows) {
    const p = pathKey(r.path);
    const vals = COLUMNS_3.map((c) => v(p, c));
    rowOk.set(p, vals.every((x) => x !== undefined) && vals.slice(0, 6).reduce((a, b) => a! + b!, 0) === vals[6]);
  }
  // column identities, each checked where all its members were read; a failing one drops its column
  const parts = rows.filter((r) => r.path[0] === '三、本年度办理结果' && r.path[1] !== '（七）总计').map((r) => pathKey(r.path));
  const read = (p: string) => rowOk.get(p) === true;
  const colOk = COLUMNS_3.map((c) => {
    const [a, b, t, n] = [NEW, CARRIED, TOTAL, NEXT].map((p) => (read(p) ? v(p, c) : undefined));
    if (a !== undefined && b !== undefined && t !== undefined && n !== undefined && a + b !== t + n) return false;
    const ps = parts.map((p) => (read(p) ? v(p, c) : undefined));
    if (t !== undefined && ps.every((x) => x !== undefined) && ps.reduce((s, x) => s + x!, 0) !== t) return false;
    return true;
  });
  for (const f of by('三')) {
    const ci = COLUMNS_3.findIndex((c) => pathKey(c) === pathKey(f.column));
    if (rowOk.get(pathKey(f.row)) && colOk[ci]) facts.push({ ...f, how: 'ocr' });
  }
  const before = new Map(tables.unread.filter((u) => u.table === '三').map((u) => [u.what, u]));
  for (const r of rows) {
    const p = pathKey(r.path);
    if (rowOk.get(p)) continue;
    const u = before.get(p);
    unread.push({
      table: '三',
      what: p,
      why: f3.has(`${p}|总计`) ? '扫描件识别的这一行各列之和与总计不符，未采用' : u ? `扫描件识别：${u.why}` : '扫描件中未识别出这一行',
      ...(u?.at ? { at: u.at } : {}),
    });
  }
  // ---- 四
  const f4 = by('四');
  for (const g of GROUPS_4) {
    const vals = RESULT_COLUMNS_4.map((c) => f4.find((f) => pathKey(f.row) === pathKey(g) && f.column[0] === c));
    const ok = vals.every(Boolean) && vals.slice(0, 4).reduce((s, f) => s + f!.value, 0) === vals[4]!.value;
    if (ok) facts.push(...vals.map((f) => ({ ...f!, how: 'ocr' as const })));
    else unread.push({ table: '四', what: g.join(' › '), why: vals.every(Boolean) ? '扫描件识别的四项之和与总计不符，未采用' : '扫描件中未识别出这一组' });
  }
  // ---- 二
  const n2 = by('二').length;
  if (n2) unread.push({ table: '二', what: '表二（主动公开政府信息情况）', why: `扫描件识别出${n2}个数字，但表二没有恒等式可以核对识别结果，未采用` });
  return {
    facts,
    unread: [...tables.unread.filter((u) => u.table === null || (u.table === '二' && !n2)), ...unread],
    versions: tables.versions,
  };
}
