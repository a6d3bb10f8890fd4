// Per-token request budget (token bucket). Keyed by a hash, so the tokens themselves are not kept;
// the table is bounded, oldest keys dropped first.
import { createHash } from 'node:crypto';

export class TokenRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    /** Requests allowed at once. */
    private readonly burst: number,
    /** Requests regained per second. */
    private readonly perSecond: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** True when the request may go ahead. */
  take(token: string, nowMs: number): boolean {
    const key = createHash('sha256').update(token).digest('base64url').slice(0, 22);
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: nowMs };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * this.perSecond);
    bucket.at = nowMs;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return allowed;
  }
}
