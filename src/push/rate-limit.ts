// Per-robot sliding window: at most `limit` sends in any `windowMs`. A caller over the limit waits
// for the oldest send to leave the window instead of failing. Callers for one key are served in
// arrival order, so a long fan-out cannot starve a late reply forever.
import { sleep, systemNow, type Now } from '../time.js';

/** A window shared between processes (Redis): 0 = counted, n = wait n ms, null = not shared. */
export type SharedWindow = (key: string, limit: number, windowMs: number) => Promise<number | null>;

export class SlidingWindowLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: Now = systemNow,
    /** With several instances the limit is per robot, not per process: counted in the store. */
    private readonly shared?: SharedWindow,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  }

  /** Resolves when a send for `key` may start now; the send is counted from that moment. */
  acquire(key: string): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.take(key));
    this.tails.set(key, mine);
    mine
      .finally(() => {
        if (this.tails.get(key) === mine) this.tails.delete(key);
      })
      .catch(() => undefined);
    return mine;
  }

  /** Sends counted for `key` in the current window (for tests and status). */
  inWindow(key: string): number {
    return this.recent(key, this.now().getTime()).length;
  }

  private recent(key: string, now: number): number[] {
    const times = (this.sent.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (times.length === 0) this.sent.delete(key);
    else this.sent.set(key, times);
    return times;
  }

  private async take(key: string): Promise<void> {
    while (this.shared) {
      let wait: number | null;
      try {
        wait = await this.shared(key, this.limit, this.windowMs);
      } catch {
        wait = null; // the store is unreachable: this process's own window still applies
      }
      if (wait === null) break;
      if (wait === 0) {
        const now = this.now().getTime();
        this.sent.set(key, [...this.recent(key, now), now]);
        return;
      }
      await sleep(wait);
    }
    for (;;) {
      const now = this.now().getTime();
      const times = this.recent(key, now);
      const oldest = times[0];
      if (times.length < this.limit || oldest === undefined) {
        this.sent.set(key, [...times, now]);
        return;
      }
      await sleep(oldest + this.windowMs - now + 1);
    }
  }
}
