// Small HTTP helpers on node:http shared by the web API and the callbacks: bounded bodies, JSON
// and text answers, the client's address.
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The request body, at most `limit` bytes (413 past that; the rest is not read). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, `请求内容过大（上限 ${formatBytes(limit)}）`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        reject(new HttpError(413, `请求内容过大（上限 ${formatBytes(limit)}）`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (e) => {
      if (!done) {
        done = true;
        reject(new HttpError(400, `请求读取失败（${e.message}）`));
      }
    });
  });
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(data);
}

export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * The client's address, as Express's `trust proxy` set to a number of hops takes it: the socket's
 * address and the X-Forwarded-For entries from the right are the path back to the client; the
 * `hops` nearest are trusted proxies, and the address the farthest of them appended is the client.
 * A client writes what it likes at the left of the header, so the left is never taken (nginx's
 * $proxy_add_x_forwarded_for appends the address it saw). 0 hops: the socket's address.
 */
export function clientAddress(req: IncomingMessage, hops: number): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  if (hops <= 0) return socket;
  const xff = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(xff) ? xff.join(',') : (xff ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const path = [socket, ...forwarded.reverse()];
  return path[Math.min(hops, path.length - 1)]!;
}

/** The media type of a request's body, lower case without parameters ('' when none is given). */
export function mediaType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Whether a browser request comes from this server's own page (or an origin allowed by CORS):
 * Sec-Fetch-Site when the browser sends it, else Origin against the Host. A request with neither
 * is not a browser's cross-site form (curl, scripts): allowed.
 */
export function sameOrigin(req: IncomingMessage, allowed: string[]): boolean {
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin.replace(/\/+$/, '') : undefined;
  const listed = origin !== undefined && (allowed.includes('*') || allowed.includes(origin));
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none' || listed;
  if (origin === undefined) return true;
  if (listed) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
