// A per-client token bucket: `perWindow` requests a window (a minute unless told), in bursts of up
// to `perWindow`. Bounded: the least recently seen clients are forgotten past `maxClients`.
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    readonly perWindow: number,
    private readonly now: () => number = Date.now,
    private readonly maxClients = 10_000,
    readonly windowMs = 60_000,
  ) {}

  private bucket(client: string): { tokens: number; at: number } {
    const t = this.now();
    const rate = this.perWindow / this.windowMs;
    const b = this.buckets.get(client) ?? { tokens: this.perWindow, at: t };
    b.tokens = Math.min(this.perWindow, b.tokens + (t - b.at) * rate);
    b.at = t;
    this.buckets.delete(client);
    this.buckets.set(client, b);
    while (this.buckets.size > this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
    return b;
  }

  private wait(tokens: number, cost: number): number {
    return Math.max(1, Math.ceil((cost - tokens) / (this.perWindow / this.windowMs) / 1000));
  }

  /** Takes `cost` tokens for a client: 0 when allowed, else the seconds to wait. */
  take(client: string, cost = 1): number {
    if (this.perWindow <= 0) return 0;
    const b = this.bucket(client);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return 0;
    }
    return this.wait(b.tokens, cost);
  }

  /** The seconds a client must wait before it may take `cost` tokens, or 0 (nothing taken). */
  peek(client: string, cost = 1): number {
    if (this.perWindow <= 0) return 0;
    const b = this.bucket(client);
    return b.tokens >= cost ? 0 : this.wait(b.tokens, cost);
  }
}
