// Reports from a web address: the page or file (HTML, PDF, DOCX, XLSX, text) fetched with Node's
// fetch, its format told by its content and, failing that, by its name or Content-Type; the address
// is recorded as the report's source. The page is read, like every file, in the limited worker.
import { extname } from 'node:path';
import { NotAReportError, type Report } from '../model.js';
import { MAX_FILE_BYTES } from './index.js';
import { ingestBytesLimited } from './worker.js';

export const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** Longest wait for a page, in milliseconds. */
const TIMEOUT_MS = Number(process.env.GONGKAI_FETCH_TIMEOUT_MS) || 60_000;

const BY_TYPE: [RegExp, string][] = [
  [/application\/pdf/i, '.pdf'],
  [/wordprocessingml/i, '.docx'],
  [/spreadsheetml/i, '.xlsx'],
  [/application\/msword/i, '.doc'],
  [/application\/vnd\.ms-excel/i, '.xls'],
  [/text\/html|application\/xhtml/i, '.html'],
  [/text\/markdown/i, '.md'],
  [/text\/plain/i, '.txt'],
];

const KNOWN = new Set(['.pdf', '.docx', '.xlsx', '.doc', '.xls', '.html', '.htm', '.md', '.markdown', '.txt', '.text']);

export interface Fetched {
  bytes: Buffer;
  /** a file name for the content: from Content-Disposition, the address, or the Content-Type */
  name: string;
  contentType: string;
}

function nameFor(url: URL, disposition: string | null, type: string): string {
  const m = disposition && /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  let name = m ? decodeURIComponent(m[1]!) : decodeURIComponent(url.pathname.split('/').pop() ?? '');
  if (!KNOWN.has(extname(name).toLowerCase())) {
    const ext = BY_TYPE.find(([re]) => re.test(type))?.[1];
    if (ext) name = `${name || 'page'}${ext}`;
  }
  return name || 'page';
}

/** Fetches a report file. Throws NotAReportError saying what went wrong, in words. */
export async function fetchReport(address: string): Promise<Fetched> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new NotAReportError(address, '不是有效的网址');
  }
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS), headers: { 'user-agent': 'gongkai-bot (report reader)' } });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const code = err.cause?.code ?? (err.name === 'TypeError' ? err.cause?.message : err.name) ?? err.name;
    const why =
      code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? '找不到该网址的服务器'
        : code === 'ECONNREFUSED'
          ? '服务器拒绝连接'
          : code === 'TimeoutError' || code === 'AbortError'
            ? `等待 ${TIMEOUT_MS / 1000} 秒仍未取得页面`
            : `无法取得页面（${code || err.message}）`;
    throw new NotAReportError(address, `${why}：请检查网址，或把报告下载保存后读取文件`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new NotAReportError(address, `网址返回 HTTP ${res.status}${res.status === 404 ? '（页面不存在）' : res.status === 403 ? '（禁止访问）' : ''}：请检查网址，或在浏览器中打开后把报告保存为文件再读取`);
  }
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_FILE_BYTES) {
    await res.body?.cancel();
    throw new NotAReportError(address, `文件过大（超过${MAX_FILE_BYTES / 1024 / 1024}MB），不像是一份年度报告`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (res.body)
    for await (const chunk of res.body) {
      size += chunk.length;
      if (size > MAX_FILE_BYTES) throw new NotAReportError(address, `文件过大（超过${MAX_FILE_BYTES / 1024 / 1024}MB），不像是一份年度报告`);
      chunks.push(Buffer.from(chunk));
    }
  const type = res.headers.get('content-type') ?? '';
  return { bytes: Buffer.concat(chunks), name: nameFor(new URL(res.url || url), res.headers.get('content-disposition'), type), contentType: type };
}

/** Fetches and reads a report (in the limited worker, ingest/worker.ts); its id and source file are the address. */
export async function ingestUrl(address: string): Promise<Report> {
  const { bytes, name } = await fetchReport(address);
  return ingestBytesLimited(address, bytes, address, { name, url: address });
}
