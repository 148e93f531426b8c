// The reply stating one fact: the figure in the template's words (a cell) or the report's own sentence
// (a narrative figure), how it was read or derived, and where it stands. What the reply says is
// structured; src/render words the notes and source lines.
import type { Fact } from '../facts/types.js';
import type { Report } from '../model.js';
import type { Figure, Note, Reply } from '../reply/types.js';
import { figureReply, fmt, howNotes, who } from './reply-parts.js';

const PHRASE_3: Record<string, string> = {
  本年新收政府信息公开申请数量: '新收政府信息公开申请',
  上年结转政府信息公开申请数量: '上年结转的政府信息公开申请',
  结转下年度继续办理: '结转下年度继续办理的申请',
  办理总计: '办理政府信息公开申请（本年度办理结果总计）',
};
const GROUP_LABEL: Record<string, string> = { 不予公开: '（三）不予公开', 无法提供: '（四）无法提供', 不予处理: '（五）不予处理', 其他处理: '（六）其他处理' };
const COLUMN_3: Record<string, string> = { legal: '法人或其他组织', '法人或其他组织›其他': '法人或其他组织中的其他' };
const MEASURE_2: Record<string, string> = {};
const NAME_4: Record<string, string> = { review: '政府信息公开行政复议', direct: '未经复议直接起诉的行政诉讼', after: '复议后起诉的行政诉讼', suit: '政府信息公开行政诉讼' };

const lastOf = (s: string) => s.split('›').pop() ?? s;

/** What a cell fact counts, in the template's words (the figure's label). */
export function factLabel(f: Fact): string {
  const x = f.slots;
  if (!x) return f.phrase;
  const col = COLUMN_3[x.column] ?? lastOf(x.column);
  if (x.table === '三') return `${f.cells.length === 1 ? (f.cells[0]!.row.at(-1) ?? x.row) : (GROUP_LABEL[x.row] ?? x.row)} · ${col}`;
  if (x.table === '二') return `${f.cells[0]?.row[1] ?? x.row} · ${f.cells[0]?.column[0] ?? MEASURE_2[x.column] ?? x.column}`;
  return x.row === 'suit' ? `行政诉讼（两组合计） · ${x.column}` : `${f.cells[0]?.row.join(' · ') ?? x.row} · ${x.column}`;
}

function table3Text(f: Fact, r: Report): string {
  const x = f.slots!;
  const unit = f.unit || '件';
  const rowLabel = GROUP_LABEL[x.row] ?? f.cells[0]?.row.at(-1) ?? x.row;
  const phrase = PHRASE_3[x.row] ?? `「${rowLabel.replace(/^\d+\.|^（.）/, '')}」的申请`;
  const note = f.note ? `（${f.note}）` : '';
  if (x.column !== '总计') return `${who(r)}${phrase}中，${COLUMN_3[x.column] ?? lastOf(x.column)}${fmt(f.value)}${unit}。${note}`;
  // the applicants behind a 总计
  const parts = f.report.facts.filter((c) => c.table === '三' && f.cells.length === 1 && c.row.join('›') === f.cells[0]!.row.join('›') && c.column[0] !== '总计' && c.value !== 0);
  const breakdown = parts.length && parts.length <= 6 && f.value !== 0 ? `（${parts.map((c) => `${c.column.at(-1)}${fmt(c.value)}${c.unit || unit}`).join('，')}）` : '';
  const lead = x.row === '本年新收政府信息公开申请数量' ? '共' : '';
  return `${who(r)}${lead}${phrase}${x.row === '本年新收政府信息公开申请数量' ? '' : '为'}${fmt(f.value)}${unit}${breakdown}。${note}`;
}

function table2Text(f: Fact, r: Report, value: number): string {
  const c = f.cells[0]!;
  const row = c.row[1] ?? f.slots!.row;
  const column = c.column[0] ?? '';
  if (column === '本年增/减') {
    const v = c.value;
    const how = v < 0 ? `减少了${fmt(-v)}${f.unit}` : v > 0 ? `增加了${fmt(v)}${f.unit}` : `没有增减（0${f.unit}）`;
    return `${who(r)}「${row}」事项本年${how}（表中“本年增/减”栏印为“${c.raw || fmt(v)}”）。`;
  }
  let text = `${who(r)}「${row}」的${column}为${fmt(value)}${f.unit}${c.raw && c.raw !== String(c.value) && !/^[\d.,]+$/.test(c.raw) ? `（表中印为“${c.raw}”）` : ''}。`;
  // 政府集中采购: its other column, when it counts in another unit
  const other = f.report.facts.find((o) => o.table === '二' && o.row.join('›') === c.row.join('›') && o.column[0] !== column && o.unit !== c.unit);
  if (row === '政府集中采购' && other) text += `${other.column[0]}：${fmt(other.value)}${other.unit}。`;
  return text;
}

/**
 * The reply stating a fact. `direction`: the question asked an increase (1) or a decrease (-1) —
 * a change printed in that direction is stated as its size (减少了几项 → 1).
 */
export function factReply(f: Fact, opts: { direction?: 1 | -1 | null; confidence?: number } = {}): Reply {
  const r = f.report;
  let value = f.value;
  if (f.slots?.table === '二' && f.slots.column === 'change' && opts.direction && Math.sign(value) === opts.direction) value = Math.abs(value);
  const figure: Figure = { value, unit: f.unit, label: factLabel(f) };
  let reply: Reply;
  if (f.slots) {
    const text = f.slots.table === '三' ? table3Text(f, r) : f.slots.table === '二' ? table2Text(f, r, value) : `${who(r)}${NAME_4[f.slots.row]}${f.slots.column === '总计' ? '共' : `「${f.slots.column}」`}${fmt(f.value)}${f.unit || '件'}${f.note ? `（${f.note}）` : ''}。`;
    reply = figureReply(text, [figure], [f.citation], howNotes(f.cells, r));
  } else {
    const notes: Note[] = f.approximate ? [{ code: 'approximate', p: { raw: f.raw } }] : [];
    reply = figureReply([`${who(r)}报告中写道：“${f.citation.quote}”`, `即「${f.phrase}」${fmt(f.value)}${f.unit}。`], [figure], [f.citation], notes);
  }
  reply = { ...reply, fact: { report: r.id, id: f.id } };
  return opts.confidence === undefined ? reply : { ...reply, confidence: opts.confidence };
}
