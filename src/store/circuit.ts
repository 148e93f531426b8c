// A circuit breaker for shared state (Redis, PostgreSQL): every call gets a short timeout; the first
// call that times out or finds the server gone opens the circuit, and while it is open calls fail at
// once (Unavailable) instead of waiting, so callers go on from this instance's own memory. A probe
// runs every `retryMs` while open, and the first that succeeds closes it. Each change is said once
// in the log, in words, without the server's address.

/** The shared state (or the store) is down: the caller uses what it has in memory. */
export class Unavailable extends Error {
  constructor(readonly what: string) {
    super(`${what}暂时不可用`);
    this.name = 'Unavailable';
  }
}

export class Timeout extends Error {
  constructor(ms: number) {
    super(`${ms} ms 内没有响应`);
    this.name = 'Timeout';
  }
}

/** `p`, or a Timeout after `ms` (the call itself is left to finish or fail on its own). */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(ms)), ms);
    timer.unref();
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/**
 * Errors that mean the server is out of reach, not that the request was wrong: a timeout, a
 * connection error, PostgreSQL's connection and shutdown classes (08…, 57P…, 53…). A query's own
 * SQL error passes through without opening the circuit.
 */
export function isOutage(e: unknown): boolean {
  if (e instanceof Timeout || e instanceof Unavailable) return true;
  // an error the database sent (it has a severity and a SQLSTATE): only its connection classes
  const { code, severity } = (e ?? {}) as { code?: unknown; severity?: unknown };
  if (typeof severity === 'string' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return /^(08|57P|53)/.test(code);
  return true;
}

/** Why, in a few words, without addresses (connect ECONNREFUSED 10.0.0.5:6379 → 连接被拒绝). */
export function outageWords(e: unknown): string {
  if (e instanceof Timeout) return e.message;
  const code = String((e as { code?: unknown } | undefined)?.code ?? '');
  const msg = e instanceof Error ? e.message : String(e);
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(msg)) return '连接被拒绝';
  if (code === 'ECONNRESET' || /ECONNRESET/.test(msg)) return '连接被重置';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return '找不到服务器';
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(msg)) return '连接超时';
  if (/closed|terminated|writeable|not connected|max retries/i.test(msg)) return '连接已断开';
  if (/^(08|57P|53)/.test(code)) return `数据库连接异常（${code}）`;
  return '连接失败';
}

export interface CircuitOptions {
  /** what is guarded, in words: 'Redis', 'PostgreSQL', '知识库数据库' */
  name: string;
  /** longest wait for one call */
  timeoutMs: number;
  /** a cheap call that succeeds when the server is back (PING, SELECT 1) */
  probe: () => Promise<unknown>;
  /** how often the probe runs while open (default 1 s) */
  retryMs?: number;
  /** what is done meanwhile, for the log line ('对话和去重暂时只在本实例内') */
  meanwhile?: string;
  log: (line: string) => void;
}

export class Circuit {
  private down = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** times the circuit opened (tests, the bench) */
  outages = 0;

  constructor(private readonly opts: CircuitOptions) {}

  get open(): boolean {
    return this.down;
  }

  /** Runs a call with the timeout (or its own); throws Unavailable when the circuit is open or the call found the server gone. */
  async run<T>(call: () => Promise<T>, timeoutMs = this.opts.timeoutMs): Promise<T> {
    if (this.down) throw new Unavailable(this.opts.name);
    try {
      return await withTimeout(call(), timeoutMs);
    } catch (e) {
      if (!isOutage(e)) throw e;
      this.trip(e);
      throw new Unavailable(this.opts.name);
    }
  }

  /** Opens the circuit: the server was found out of reach (also from outside a call: at start). */
  trip(e: unknown): void {
    if (this.down || this.stopped) return;
    this.down = true;
    this.outages++;
    this.opts.log(`${this.opts.name}不可用（${outageWords(e)}）${this.opts.meanwhile ? `：${this.opts.meanwhile}` : ''}；恢复后自动重连。`);
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.probe(), this.opts.retryMs ?? 1000);
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    this.timer = null;
    try {
      await withTimeout(this.opts.probe(), this.opts.timeoutMs);
    } catch {
      this.schedule();
      return;
    }
    if (this.stopped) return;
    this.down = false;
    this.opts.log(`${this.opts.name}已恢复。`);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
