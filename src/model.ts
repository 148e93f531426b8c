// The report model: what every reader (text, HTML, Markdown, PDF, flattened text)
// turns a report file into, and what the store keeps and the answering reads.

export type TemplateVersion = '2019' | '2021';
export type TableId = '二' | '三' | '四';
export type SourceFormat = 'text' | 'html' | 'markdown' | 'pdf' | 'flattened' | 'docx' | 'xlsx';

/** How a figure was read: a table cell as printed, digits split by the template's
 * identities, an unlabeled row placed by the template's row order, a narrative sentence, or a figure
 * read by OCR from a scanned page (kept only where the template's identities confirm it). */
export type ReadHow = 'cell' | 'decoded' | 'placed' | 'narrative' | 'ocr';

/** Where in the source file something stands (1-based line; page for PDFs). */
export interface Location {
  line?: number;
  page?: number;
}

/** One cell of table 二, 三 or 四. Paths use the template's canonical labels (see template.ts). */
export interface Fact {
  table: TableId;
  /** e.g. ['三、本年度办理结果', '（四）无法提供', '1.本机关不掌握相关政府信息'] */
  row: string[];
  /** e.g. ['法人或其他组织', '商业企业'] or ['总计'] or ['处理决定数量'] */
  column: string[];
  value: number;
  /** 件, 项, 万元, 元, or '' when the template gives none */
  unit: string;
  /** the cell as printed ('减少1项', '2936万元', '' for a blank HTML cell) */
  raw: string;
  at: Location;
  how: ReadHow;
}

export interface Section {
  /** 1..6 in the template's order; 0 for the preamble before 一、总体情况; 7+ for sections an agency added */
  index: number;
  /** the template's heading for this section (e.g. 五、存在的主要问题及改进情况), or the printed one for added sections */
  canonical: string;
  /** the heading as printed */
  heading: string;
  text: string;
  at: Location;
}

/** A figure stated in the narrative: 全年共办理依申请公开23件 → 23 件, counts 依申请公开. */
export interface NarrativeFigure {
  value: number;
  unit: string;
  approximate: boolean;
  /** the number as printed (e.g. '1700余', '五') */
  raw: string;
  /** what it counts: the words around the number that name the thing (e.g. 原创文章, 新闻发布会) */
  counts: string;
  sentence: string;
  /** the canonical heading of the section it stands in */
  section: string;
  at: Location;
}

export type DocumentKind = 'policy' | 'law' | 'media' | 'other';

/** A document named in 《》. */
export interface DocumentRef {
  title: string;
  /** what was done to it (制定, 牵头制定, 印发, 修订, 废止, 解读 …), or null when the sentence says nothing */
  action: string | null;
  kind: DocumentKind;
  sentence: string;
  section: string;
  at: Location;
}

/** A table, or part of one, that could not be read with certainty (never guessed). */
export interface Unread {
  table: TableId | null;
  /** which rows/cells, in canonical labels where known */
  what: string;
  why: string;
  at?: Location;
  /** set when what stops the reading is the report's own print, not the reader: the 报告自检 reports it */
  defect?: TableDefect;
}

/**
 * A table printed so that no reading of it can be right: a row with cells left blank (`blank`), a
 * digit run that no way of cutting it into cells makes add up (`digits`), a table not printed at all
 * (`missing`).
 */
export interface TableDefect {
  kind: 'blank' | 'digits' | 'missing';
  /** the row, in the template's labels ([] for a whole table) */
  row: string[];
  /** blank: the row's cells in column order, null where blank, when the blank cells' places are certain */
  cells?: (number | null)[];
  /** blank: the values printed, in order, when a row is short and it is not certain which cells are blank */
  values?: number[];
  /** digits: the run as printed */
  printed?: string;
  /** digits: the readings tried (each the row's cells), the nearest first; and how many there were */
  readings?: number[][];
  count?: number;
}

/** What a finding is about: a table identity, the narrative against the tables, a table's own cells,
 * the sections, or other reports (the same agency's previous year, a city's districts). */
export type FindingKind = 'identity' | 'narrative' | 'cells' | 'section' | 'across';

/** error: an identity of the template fails; warning: the report is inconsistent; hint: worth a look. */
export type Severity = 'error' | 'warning' | 'hint';

/** One thing the 报告自检 found. */
export interface Finding {
  /** stable across re-runs: the rule and the place (not the figures), e.g. t3-balance-3f2a91c0 */
  id: string;
  kind: FindingKind;
  severity: Severity;
  /** the table concerned, or null (a section, a narrative statement with no table) */
  table: TableId | null;
  /** the identity or rule, in words (e.g. '一 + 二 = （七）总计 + 四') */
  rule: string;
  row: string[];
  column: string[];
  /** what the rule expects and what the report prints (numbers for figures; words for sections) */
  expected: number | string | null;
  printed: number | string | null;
  /** where, what was expected and what is printed, in one sentence */
  message: string;
  /** why this matters and what to look at, in plain words */
  explanation: string;
  /** the canonical section it stands in, when it is about one */
  section?: string;
  at?: Location;
}

/** A figure of a report from before the 2019 template (its old 统计表 or its narrative), with its own label. */
export interface OlderFigure {
  /** the label as printed (受理依申请公开信息总数) */
  label: string;
  /** the old table's column (年末统计, 2016年度, 历年累计) */
  column: string;
  value: number;
  unit: string;
  raw: string;
  /** the template cell of the same meaning, also given as a fact; null where there is none */
  maps: { table: TableId; row: string[]; column: string[] } | null;
  /** why there is no template equivalent */
  why?: string;
  at: Location;
  how: ReadHow;
}

export interface Report {
  /** stable id: the source file's path relative to the knowledge folder */
  id: string;
  /** 发布机关, e.g. 天津市工业和信息化局 */
  agency: string;
  /** the year the report covers */
  year: number;
  title: string;
  /** publication date as YYYY-MM-DD, or null when the report does not give it */
  published: string | null;
  /** the printed date text (e.g. 2021年1月27日) */
  publishedText: string | null;
  versions: Partial<Record<TableId, TemplateVersion>>;
  sections: Section[];
  facts: Fact[];
  figures: NarrativeFigure[];
  documents: DocumentRef[];
  unread: Unread[];
  findings: Finding[];
  /** reports before the 2019 template: what they state, with their own labels and the nearest template cell */
  older?: OlderFigure[];
  source: {
    file: string;
    format: SourceFormat;
    sha1: string;
    bytes: number;
    /** text files: the encoding read (UTF-8, GB18030, UTF-16LE …) */
    encoding?: string;
    /** read from a web address: the address (file is the address too) */
    url?: string;
    /** a scanned PDF whose pages were read by OCR (its figures are marked how: 'ocr') */
    scanned?: boolean;
  };
}

/** Raised by a reader when a file cannot be a report (empty, binary, no report structure). */
export class NotAReportError extends Error {
  constructor(
    public readonly file: string,
    public readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'NotAReportError';
  }
}
