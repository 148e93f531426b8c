// POST /api/check: a report uploaded for 报告自检, added to the knowledge only when staff ask.
// Nobody can stall the server with it: the file is read in a worker thread of its own under the
// ingest limits (time, memory, pages, decoded size checked while inflating, src/ingest/worker.ts),
// never in the server's thread, and only a few uploads are taken at a time — the rest get 429 with
// Retry-After before their body is read. The staff token is checked after the rate limit, and a
// client's failed guesses are limited; without a staff token on the server, anyone may upload, under
// a stricter per-client limit of its own. The body is the file (application/octet-stream, which a
// browser sends cross-site only after a CORS preflight) or a multipart form from this site's pages.
import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname, join } from 'node:path';
import { REPORT_EXTENSIONS } from '../../src/ingest/index.js';
import { envLimits, LimitedReader } from '../../src/ingest/worker.js';
import type { Knowledge } from '../../src/knowledge.js';
import { NotAReportError, type Report } from '../../src/model.js';
import { StoreWriteError } from '../../src/store/types.js';
import { checkView } from './check.js';
import { HttpError, mediaType, readBody, sameOrigin, sendJson } from './http.js';
import { RateLimiter } from './ratelimit.js';

/** extensions an upload may have: the readers' (.doc and .xls get a message saying what to save them as) */
export const UPLOAD_EXTENSIONS = REPORT_EXTENSIONS;

/** The worker's limits for an upload: stricter than for the knowledge folder (a server answers meanwhile). */
export const UPLOAD_LIMITS = { memoryMb: 192, timeoutMs: 30_000 };

/** The upload limits, lowered by GONGKAI_INGEST_TIMEOUT_S / GONGKAI_INGEST_MEMORY_MB when those are lower. */
export function uploadLimits(env: Record<string, string | undefined>): { memoryMb: number; timeoutMs: number } {
  const l = envLimits(env);
  return { memoryMb: Math.min(l.memoryMb ?? Infinity, UPLOAD_LIMITS.memoryMb), timeoutMs: Math.min(l.timeoutMs ?? Infinity, UPLOAD_LIMITS.timeoutMs) };
}

/** Failed staff-token guesses a client may make in STAFF_WINDOW_MS before it is refused (429). */
const STAFF_FAILURES = 10;
const STAFF_WINDOW_MS = 15 * 60_000;

export interface UploadConfig {
  uploadMax: number;
  staffToken?: string;
  knowledgeDir: string;
  corsOrigins: string[];
  /** uploads being read or waiting for the worker; more get 429 */
  uploadQueue: number;
  /** uploads an hour per client when the server has no staff token (anyone may upload) */
  uploadRateLimit: number;
  /** the worker's limits for an upload (uploadLimits()) */
  uploadLimits: { memoryMb: number; timeoutMs: number };
}

export interface UploadDeps {
  cfg: UploadConfig;
  knowledge: Knowledge;
  log: (line: string) => void;
  /** the client's address (behind the trusted proxies) */
  client(req: IncomingMessage): string;
  /** the per-client limit of every API call: true when it answered 429 */
  limited(req: IncomingMessage, res: ServerResponse, cost: number): Promise<boolean>;
  now?: () => number;
}

export interface Uploads {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  stop(): Promise<void>;
}

const tooMany = (res: ServerResponse, wait: number, error: string) => sendJson(res, 429, { error }, { 'retry-after': String(wait), connection: 'close' });

export function createUploads(deps: UploadDeps): Uploads {
  const { cfg, knowledge, log } = deps;
  const reader = new LimitedReader(cfg.uploadLimits);
  const failures = new RateLimiter(STAFF_FAILURES, deps.now, 10_000, STAFF_WINDOW_MS);
  const anonymous = new RateLimiter(cfg.uploadRateLimit, deps.now, 10_000, 3600_000);
  let inFlight = 0;

  function tokenGiven(req: IncomingMessage): boolean {
    const given = Buffer.from(String(req.headers['x-staff-token'] ?? ''));
    const want = Buffer.from(cfg.staffToken!);
    return given.length === want.length && timingSafeEqual(given, want);
  }

  /** The file and what was asked, from the raw body or the multipart form. */
  async function body(req: IncomingMessage, url: URL, kind: string): Promise<{ name: string; bytes: Buffer; add: boolean }> {
    let name = url.searchParams.get('name') ?? '';
    let add = url.searchParams.get('add') === '1';
    if (kind === 'application/octet-stream') return { name, bytes: await readBody(req, cfg.uploadMax), add };
    const raw = await readBody(req, cfg.uploadMax + 64 * 1024);
    let form: FormData;
    try {
      form = await new Response(raw, { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
    } catch {
      throw new HttpError(400, '上传的表单无法解析（multipart/form-data），请重新选择文件上传');
    }
    const file = form.get('file');
    if (!file || typeof file === 'string') throw new HttpError(400, '表单中没有文件（字段名应为 file）');
    if (file.size > cfg.uploadMax) throw new HttpError(413, '上传的文件过大');
    name = String(form.get('name') ?? '') || file.name || name;
    if (form.get('add') === '1') add = true;
    return { name, bytes: Buffer.from(await file.arrayBuffer()), add };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (await deps.limited(req, res, 5)) return;
    const kind = mediaType(req);
    if (kind !== 'application/octet-stream' && kind !== 'multipart/form-data')
      throw new HttpError(415, '上传文件请用 Content-Type: application/octet-stream（请求体即文件），或 multipart/form-data 表单（字段 file）');
    if (kind === 'multipart/form-data' && !sameOrigin(req, cfg.corsOrigins)) throw new HttpError(403, '只接受本站页面提交的上传表单');
    if (inFlight >= cfg.uploadQueue) return tooMany(res, 30, '正在读取的上传较多，请 30 秒后再试。');
    const client = deps.client(req);
    if (cfg.staffToken) {
      // checked after the rate limit; a client that guessed wrong too often waits, whatever it sends now
      const wait = failures.peek(client);
      if (wait) return tooMany(res, wait, `工作人员口令错误次数过多，请 ${wait} 秒后再试。`);
      if (!tokenGiven(req)) {
        failures.take(client);
        throw new HttpError(403, '上传报告需要工作人员口令（X-Staff-Token）');
      }
    } else {
      const wait = anonymous.take(client);
      if (wait) return tooMany(res, wait, `上传太频繁了（每小时 ${cfg.uploadRateLimit} 份），请 ${wait} 秒后再试。`);
    }
    inFlight++;
    try {
      await read(req, res, url, kind);
    } finally {
      inFlight--;
    }
  }

  async function read(req: IncomingMessage, res: ServerResponse, url: URL, kind: string): Promise<void> {
    const got = await body(req, url, kind);
    const name = basename(got.name).replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(-100) || 'report.txt';
    const ext = extname(name).toLowerCase();
    if (!UPLOAD_EXTENSIONS.includes(ext)) throw new HttpError(415, `不支持的文件类型「${ext || '无扩展名'}」；可以上传 ${UPLOAD_EXTENSIONS.join(' ')}`);
    if (got.add && !cfg.staffToken) throw new HttpError(403, '加入知识库需要在服务器上设置工作人员口令（WEB_STAFF_TOKEN）');
    const { bytes } = got;
    if (!bytes.length) throw new HttpError(422, '无法读取这个文件：文件是空的');
    const sha1 = createHash('sha1').update(bytes).digest('hex');
    // a report added is read once, under the name it is kept by
    const file = got.add ? join(cfg.knowledgeDir, 'uploads', `${sha1.slice(0, 10)}-${name}`) : name;
    const known = got.add && (knowledge.catalog ? knowledge.catalog.keys.some((k) => k.id === file) : knowledge.reports.some((r) => r.source.sha1 === sha1));
    let report: Report;
    try {
      report = await reader.read({ file, bytes, name }, file);
    } catch (e) {
      if (e instanceof NotAReportError) throw new HttpError(422, `无法读取这个文件：${e.reason}`);
      throw e;
    }
    let added: string | undefined;
    if (known) added = '知识库中已有这份报告';
    else if (got.add) added = await add(file, bytes, report);
    // reviewed with the reports loaded in the bot as its context (its previous year), as npm run check
    // does with the files given beside it
    sendJson(res, 200, { file: name, check: checkView(report, knowledge.reports.filter((r) => r.source.sha1 !== sha1)), ...(added ? { added } : {}) });
  }

  /** Keeps the file in the knowledge folder and the report in the store (every instance following it sees it). */
  async function add(file: string, bytes: Buffer, report: Report): Promise<string> {
    mkdirSync(join(cfg.knowledgeDir, 'uploads'), { recursive: true });
    writeFileSync(file, bytes);
    const store = knowledge.store;
    let saved = false;
    if (store) {
      try {
        await store.apply([{ kind: 'put', report, stamp: { size: bytes.length, mtimeMs: statSync(file).mtimeMs } }]);
        saved = true;
      } catch (e) {
        if (!(e instanceof StoreWriteError)) throw e;
        log(`uploaded report kept in memory only: the store could not be written (${e.reason})`);
      }
    }
    if (knowledge.catalog) {
      if (!saved) throw new HttpError(503, '知识库暂时无法写入，报告未加入，请稍后再试');
      await knowledge.catalog.refresh();
    } else if (!knowledge.reports.some((r) => r.id === report.id)) knowledge.reports.push(report);
    log(`report added to the knowledge: ${file}`);
    return '已加入知识库';
  }

  return { handle, stop: () => reader.stop() };
}
