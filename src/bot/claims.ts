// A bounded in-memory "claim once" map, used when the shared store cannot be reached.
export class MemoryClaims {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  claim(key: string, ttlMs: number, nowMs: number): boolean {
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > nowMs) return false;
    this.expiries.delete(key);
    this.expiries.set(key, nowMs + ttlMs);
    // Maps iterate in insertion order: drop the oldest claims beyond capacity.
    for (const old of this.expiries.keys()) {
      if (this.expiries.size <= this.capacity) break;
      this.expiries.delete(old);
    }
    return true;
  }
}
