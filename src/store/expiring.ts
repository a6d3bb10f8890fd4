// In-memory entries with an expiry (leases, locks, conversation memory, WeCom streams) for the
// embedded store. A Map keeps insertion order and a write moves its key to the back, so the
// oldest writes sit at the front: each write sweeps expired entries from the front and stops at
// the first live one, amortised O(1), where scanning the whole map on every write made a busy
// store quadratic. With mixed lifetimes an expired entry may wait behind a live one; reads
// never return it.
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  /** `max` bounds the size: beyond it the oldest entries go first, live or not. */
  constructor(private readonly max = Number.POSITIVE_INFINITY) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, nowMs: number): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires > nowMs) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  has(key: string, nowMs: number): boolean {
    return this.get(key, nowMs) !== undefined;
  }

  set(key: string, value: V, expiresAt: number, nowMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: expiresAt });
    for (const [k, e] of this.entries) {
      if (e.expires > nowMs && this.entries.size <= this.max) break;
      this.entries.delete(k);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
