// Answering from a store without loading every report: the catalog of a national store. A bot
// instance loads the id, agency and year of every report (the agency and alias index) and, for each
// question, fetches the reports it needs through an LRU cache (src/store/cache.ts):
//   - the agencies the question names (all their years), those it names with a typo (a sound-alike
//     or look-alike, src/agency/guesses.ts), and the conversation's agency for a follow-up;
//   - for a question naming none, the reports the store's inverted index finds by the question's
//     own words (reports.terms in PostgreSQL), else the newest reports;
// then the engine answers from those, exactly as it answers from a folder. The catalog stays with
// the knowledge, so that what the engine says of the whole knowledge (how many reports, which
// agencies, 去年) is said of the whole store, never of the reports fetched.
import type { Knowledge } from '../knowledge.js';
import type { Report } from '../model.js';
import { ReportCache } from '../store/cache.js';
import { distinctReports } from '../store/distinct.js';
import { bigrams } from '../store/terms.js';
import type { KnowledgeStore, ReportKey } from '../store/types.js';
import { contentRuns, runWords } from './content.js';
import { glossEnglish, isEnglish } from './english.js';
import { agencyGuesses, decideGuesses } from '../agency/guesses.js';
import { indexOf, type KIndex } from './knowledge-index.js';
import type { Previous } from './types.js';
import { understand } from './understand.js';

export interface CatalogOptions {
  /** reports kept in memory, the most recently used (LRU); default 2,000 */
  cacheReports?: number;
  /** the most agencies one name may fetch (a name many agencies answer to, such as 区政府); default 8 */
  maxPerName?: number;
  /** reports answered from for a question that names no agency; default 12 (the engine reads the 40 newest of a folder; these are chosen by the question's words) */
  unnamed?: number;
}

/** A report as the catalog knows it before it is fetched: its key, and nothing the engine reads. */
function shell(k: ReportKey): Report {
  return {
    id: k.id,
    agency: k.agency,
    year: k.year,
    title: `${k.agency}${k.year}年政府信息公开工作年度报告`,
    published: null,
    publishedText: null,
    versions: {},
    sections: [],
    facts: [],
    figures: [],
    documents: [],
    unread: [],
    findings: [],
    source: { file: k.id, format: 'text', sha1: k.id, bytes: 0 },
  };
}

export class Catalog {
  /** every stored report's key, newest year first, then by id */
  keys: ReportKey[] = [];
  byAgency = new Map<string, ReportKey[]>();
  newestYear = 0;
  private shellIndex?: KIndex;
  private readonly views = new Map<string, Knowledge>();
  private readonly words = new Map<string, Promise<ReportKey[]>>();

  constructor(
    readonly cache: ReportCache,
    keys: ReportKey[],
    private readonly base: Omit<Knowledge, 'reports' | 'catalog'> = {},
    readonly opts: CatalogOptions = {},
  ) {
    this.load(keys);
  }

  private load(keys: ReportKey[]): void {
    this.keys = [...keys].sort((a, b) => b.year - a.year || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.byAgency = new Map();
    this.newestYear = 0;
    for (const k of this.keys) {
      this.newestYear = Math.max(this.newestYear, k.year);
      (this.byAgency.get(k.agency) ?? this.byAgency.set(k.agency, []).get(k.agency)!).push(k);
    }
    this.shellIndex = undefined;
    this.views.clear();
    this.words.clear();
  }

  /** The catalog of a store: its agency index loaded, no report fetched yet. */
  static async open(store: KnowledgeStore, base: Omit<Knowledge, 'reports' | 'catalog'> = {}, opts: CatalogOptions = {}): Promise<Catalog> {
    const cache = new ReportCache(store);
    return new Catalog(cache, await store.list(), base, opts);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The agencies and aliases of every stored report, as the engine's index (built on first use). */
  get index(): KIndex {
    this.shellIndex ??= indexOf({ reports: this.keys.map(shell) });
    return this.shellIndex;
  }

  /** The knowledge a question is answered from: the reports it needs, with this catalog. */
  async knowledgeFor(question: string, previous?: Previous): Promise<Knowledge> {
    const ids = await this.idsFor(question, previous);
    const key = ids.join('\n');
    let k = this.views.get(key);
    if (k) {
      this.views.delete(key);
      this.views.set(key, k);
      return k;
    }
    // one knowledge object per set of reports, so that the engine's indexes over it are built once
    // (a few: they hold their reports, also those the cache has let go)
    // two copies of one report answer as one, the better read (store/distinct.ts)
    k = { ...this.base, reports: distinctReports(await this.cache.get(ids, this.opts.cacheReports ?? 2000)), catalog: this };
    this.views.set(key, k);
    while (this.views.size > 64) this.views.delete(this.views.keys().next().value!);
    return k;
  }

  /** The ids of the reports a question needs (see the top of this file). */
  async idsFor(question: string, previous?: Previous): Promise<string[]> {
    if (!this.keys.length) return [];
    const raw = String(question ?? '').slice(0, 500);
    const text = isEnglish(raw) ? glossEnglish(raw) : raw;
    const ix = this.index;
    const q = understand(text, ix);
    const max = this.opts.maxPerName ?? 8;
    const agencies = new Set<string>();
    // a name many agencies answer to (铁东区: 保定市's, 兰州市's …): those sharing most of the question's other words (保定市) first
    const add = (rs: Report[] | null | undefined) => {
      const names = [...new Set((rs ?? []).map((r) => r.agency))].filter((a) => !agencies.has(a));
      const shared = (a: string) => [...bigrams(a)].filter((g) => text.includes(g)).length;
      if (names.length > max) names.sort((x, y) => shared(y) - shared(x));
      for (const a of names.slice(0, max)) agencies.add(a);
    };
    for (const a of q.agencies) add(a.reports);
    add(q.agencyReports);
    // a name one typo away from a stored agency's (src/agency/guesses.ts): the agencies it may stand for
    if (!agencies.size && q.unknownAgency) {
      const d = decideGuesses(agencyGuesses(q, ix));
      for (const g of d.kind === 'answer' ? [d.best] : d.kind === 'ask' ? d.options : []) add(ix.aliases.get(g.meant) ?? [...ix.agencies].find(([a]) => a.includes(g.meant))?.[1]);
    }
    // a follow-up: the conversation's agency, and every agency the word it was named by stands for (洪泽区: both of its printed names)
    const before = previous?.query;
    if (before?.agency && this.byAgency.has(before.agency)) agencies.add(before.agency);
    if (before?.agencyWord) add(ix.aliases.get(before.agencyWord));
    if (agencies.size) return [...agencies].flatMap((a) => this.byAgency.get(a)!.map((k) => k.id));
    if (q.unknownAgency) return this.keys.slice(0, 1).map((k) => k.id); // the engine says the knowledge has no such agency
    return this.unnamed(q);
  }

  /** A question naming no agency: the reports holding its own words (the store's inverted index), most words first, else the newest. */
  private async unnamed(q: ReturnType<typeof understand>): Promise<string[]> {
    const n = this.opts.unnamed ?? 12;
    // the question's own words, not the template's (申请, 公开: in every report, they choose none)
    const words = [...new Set(contentRuns(q, true).flatMap(runWords).filter((w) => w.length >= 2))].slice(0, 6);
    const limit = Math.max(200, n * 10);
    const found = await Promise.all(words.map((w) => this.mentioning(w, limit)));
    // a word nearly every report holds (found up to the limit) chooses only when no other word does
    const rare = found.filter((ks) => ks.length < limit);
    const score = new Map<string, { k: ReportKey; hits: number }>();
    for (const ks of rare.length ? rare : found) {
      for (const k of ks) {
        const s = score.get(k.id);
        if (s) s.hits++;
        else score.set(k.id, { k, hits: 1 });
      }
    }
    // the years it asks (2024年, 去年): reports of those years only
    const inYears = (k: ReportKey) => !q.years.length || q.years.includes(k.year);
    const best = [...score.values()].filter((s) => inYears(s.k)).sort((a, b) => b.hits - a.hits || b.k.year - a.k.year || (a.k.id < b.k.id ? -1 : 1)).slice(0, n);
    if (best.length) return best.map((s) => s.k.id);
    const newest: ReportKey[] = [];
    for (const k of this.keys) if (inYears(k) && newest.push(k) >= n) break;
    return (newest.length ? newest : this.keys.slice(0, n)).map((k) => k.id);
  }

  /** The store's reports holding a word, kept for the most recently asked 5,000 words (the same words come back: 政务新媒体, 培训). */
  private mentioning(word: string, limit: number): Promise<ReportKey[]> {
    const key = `${limit}\u0000${word}`;
    let hit = this.words.get(key);
    if (hit) this.words.delete(key);
    else {
      hit = this.cache.store.mentioning(word, limit);
      hit.catch(() => this.words.get(key) === hit && this.words.delete(key));
    }
    this.words.set(key, hit);
    while (this.words.size > 5000) this.words.delete(this.words.keys().next().value!);
    return hit;
  }

  /** After an ingest or an upload changed the store: the index and the cache are loaded again. */
  async refresh(): Promise<void> {
    this.cache.refresh();
    this.load(await this.cache.store.list());
  }
}

/** The knowledge of a store, answered on demand (nothing fetched until a question needs it). */
export async function catalogKnowledge(store: KnowledgeStore, base: Omit<Knowledge, 'reports' | 'catalog'> = {}, opts: CatalogOptions = {}): Promise<Knowledge> {
  const catalog = await Catalog.open(store, { ...base, store }, opts);
  return { ...base, store, reports: [], catalog };
}
