// The platform message APIs that carry an answer after the callback has replied: the 公众号
// 客服消息 API (cgi-bin/token + cgi-bin/message/custom/send) and WeCom's application message API
// (cgi-bin/gettoken + cgi-bin/message/send). The access token is cached until shortly before it
// expires and fetched again once when the platform says it is invalid or expired.

export interface ApiOptions {
  /** e.g. https://api.weixin.qq.com (WECHAT_API_ROOT) or https://qyapi.weixin.qq.com (WECOM_API_ROOT) */
  root: string;
  /** the token request, relative to root, with its query */
  tokenPath: string;
  /** the send request, relative to root, without the access_token */
  sendPath: string;
  /** the JSON body that sends a text to a user */
  body: (to: string, text: string) => unknown;
  now?: () => number;
  timeoutMs?: number;
}

/** errcodes of an invalid or expired access token */
const TOKEN_ERRORS = new Set([40001, 40014, 41001, 42001]);

export class ApiError extends Error {
  constructor(
    message: string,
    readonly errcode?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface Answer {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

export class PlatformApi {
  private token?: { value: string; until: number };
  private fetching?: Promise<string>;
  private readonly root: string;
  constructor(private readonly o: ApiOptions) {
    this.root = o.root.replace(/\/+$/, '');
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  private async call(path: string, init?: RequestInit): Promise<Answer> {
    let res: Response;
    try {
      res = await fetch(`${this.root}${path}`, { ...init, signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000) });
    } catch (e) {
      throw new ApiError(`cannot reach ${this.root}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const text = await res.text();
    let data: Answer;
    try {
      data = JSON.parse(text) as Answer;
    } catch {
      throw new ApiError(`${this.root} answered HTTP ${res.status} with no JSON`);
    }
    return data;
  }

  async accessToken(): Promise<string> {
    if (this.token && this.token.until > this.now()) return this.token.value;
    this.fetching ??= (async () => {
      try {
        const a = await this.call(this.o.tokenPath);
        if (!a.access_token) throw new ApiError(`no access token: ${a.errcode ?? ''} ${a.errmsg ?? ''}`.trim(), a.errcode);
        const ttl = Math.max(60, (a.expires_in ?? 7200) - 300) * 1000;
        this.token = { value: a.access_token, until: this.now() + ttl };
        return a.access_token;
      } finally {
        this.fetching = undefined;
      }
    })();
    return this.fetching;
  }

  async sendText(to: string, text: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const a = await this.call(`${this.o.sendPath}?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(this.o.body(to, text)),
      });
      if (!a.errcode) return;
      if (TOKEN_ERRORS.has(a.errcode) && attempt === 0) {
        this.token = undefined;
        continue;
      }
      throw new ApiError(`sending failed: ${a.errcode} ${a.errmsg ?? ''}`.trim(), a.errcode);
    }
  }
}
