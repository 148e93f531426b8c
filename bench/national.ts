// Reports at national scale without a million files: reading a report (13 ms of parsing) would
// take hours at 1,000,000, so a pool of generated reports is read once (`POOL` of each template
// version, through the real reader) and every report of the corpus is one of them given its own
// agency, year, id and source hash, its text naming its own agency. The manifest entry carries the
// pool report's figures, so answers are checked as for the file corpora.
//
// Agencies: those of generate.ts, then the streets (街道办事处) of every city's common districts —
// 228,000 agencies, enough for 1,250,000 reports.
import { createHash } from 'node:crypto';
import type { Report } from '../src/model.js';
import { ingestBytes } from '../src/ingest/index.js';
import { allAgencies, generateReport, moreAgencies, YEARS, type Agency, type ManifestEntry } from './generate.js';
import { random as rng } from '../src/random.js';

const STREET_HEADS = ['东风', '人民', '建设', '解放', '和平', '新华', '胜利', '中山', '光明', '友谊', '长江', '黄河', '红旗', '团结', '幸福', '朝阳', '向阳', '前进', '民主', '文化'];
const STREET_TAILS = ['', '路', '里', '桥', '门', '湖'];

/** Street offices under every district of moreAgencies(): 城关区东风路街道办事处 … */
export function streetAgencies(): Agency[] {
  const places = [...new Set(moreAgencies().map((a) => a.place))];
  const out: Agency[] = [];
  for (const place of places)
    for (const h of STREET_HEADS)
      for (const t of STREET_TAILS) {
        const street = `${h}${t}街道`;
        out.push({ name: `${place}${street}办事处`, short: `${place}${street}`, place, kind: 'government', self: `${street}办事处` });
      }
  return out;
}

export const POOL = 400;

export interface Pooled {
  report: Report;
  entry: Omit<ManifestEntry, 'file'>;
  agency: string;
}

/** POOL reports of each template version, read by the real reader (about 10 s). */
export async function pool(seed = 20250601): Promise<{ '2019': Pooled[]; '2021': Pooled[] }> {
  const agencies = allAgencies();
  const r = rng(seed);
  const out = { '2019': [] as Pooled[], '2021': [] as Pooled[] };
  for (let i = 0; i < POOL * 2; i++) {
    const a = agencies[i % agencies.length]!;
    const year = i % 2 ? 2020 : 2022;
    const { text, entry } = generateReport(a, year, Math.floor(r() * 2 ** 31));
    const report = await ingestBytes(`/pool/${i}.txt`, Buffer.from(text));
    out[entry.format].push({ report, entry, agency: a.name });
  }
  return out;
}

/** The pool report p as the report of agency a for `year`, stored as `id`. */
export function relabel(p: Pooled, a: Agency, year: number, id: string): Report {
  const r = p.report;
  const from = String(r.year);
  const to = String(year);
  const own = (s: string) => s.split(p.agency).join(a.name).split(from + '年').join(to + '年');
  return {
    ...r,
    id,
    agency: a.name,
    year,
    title: `${a.name}${year}年政府信息公开工作年度报告`,
    sections: r.sections.map((s) => ({ ...s, text: own(s.text) })),
    source: { ...r.source, file: id, sha1: createHash('sha1').update(id).digest('hex') },
  };
}

/**
 * N reports (report and manifest entry, and the report's place i in the corpus), agencies in a
 * shuffled order each with consecutive years, as generate() makes them; `mine`: only the reports
 * whose place it accepts are made (a thread of the load makes its share of the same corpus).
 */
export function* national(
  n: number,
  dir: string,
  pooled: { '2019': Pooled[]; '2021': Pooled[] },
  seed = 20250601,
  mine: (i: number) => boolean = () => true,
): Generator<{ i: number; report: Report; entry: ManifestEntry }> {
  const r = rng(seed);
  const agencies = [...allAgencies(), ...moreAgencies(), ...streetAgencies()];
  const order = agencies.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let made = 0;
  for (let ai = 0; made < n; ai++) {
    if (ai >= agencies.length) throw new Error(`at most ${agencies.length * YEARS.length} reports`);
    const a = agencies[order[ai]!]!;
    for (const year of YEARS.slice(Math.floor(r() * 3))) {
      if (made >= n) break;
      const list = pooled[year >= 2021 ? '2021' : '2019'];
      const p = list[Math.floor(r() * list.length)]!;
      const file = `a${String(ai).padStart(6, '0')}-${year}.txt`;
      const id = `${dir}/${file}`;
      const i = made++;
      if (mine(i)) yield { i, report: relabel(p, a, year, id), entry: { ...p.entry, file, agency: a.name, short: a.short, year } };
    }
  }
}
