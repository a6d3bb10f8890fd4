// At most 20 messages per minute per robot: the 21st waits (it does not fail) until the oldest
// send leaves the sliding window. Fake timers: nothing here waits for real minutes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as realSleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { createPushService, SlidingWindowLimiter } from '../../src/push/index.js';
import { EmbeddedStore } from '../../src/store/index.js';
import { startFake } from '../platforms/support.js';
import { group, setChannel, wecomKey } from './support.js';
import { reply } from '../../src/core.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Waits in real time (sockets need real event-loop turns) until `check` holds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (check()) return;
    await realSleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('SlidingWindowLimiter', () => {
  it('lets 20 through at once, holds the rest until the window slides, per key', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-01T01:00:00Z') });
    const limiter = new SlidingWindowLimiter(20, 60_000);
    const start = Date.now();
    const granted: number[] = [];
    const all = Array.from({ length: 25 }, () => limiter.acquire('robot-a').then(() => granted.push(Date.now() - start)));
    let other = false;
    void limiter.acquire('robot-b').then(() => {
      other = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toHaveLength(20);
    expect(other).toBe(true);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(granted).toHaveLength(20);
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all(all);
    expect(granted).toHaveLength(25);
    expect(Math.min(...granted.slice(20))).toBeGreaterThanOrEqual(60_000);
  });
});

describe('PushService rate limit', () => {
  it('spreads 25 messages to one WeCom robot over more than a minute, all delivered', async () => {
    const fake = await startFake();
    const dir = mkdtempSync(join(tmpdir(), 'djzs-rate-'));
    const store = new EmbeddedStore({ dir });
    try {
      const config = loadConfig({ NODE_ENV: 'test', WECOM_API_BASE: fake.url });
      const push = createPushService(config, store, silentLogger, { http: { timeoutMs: 2000, retries: 0 } });
      const g = group('wrkRate');
      await setChannel(store, g, { kind: 'wecom-webhook', url: `${fake.url}/cgi-bin/webhook/send?key=${wecomKey()}` });
      const arrivals: number[] = [];
      fake.respond(() => {
        arrivals.push(Date.now());
        return undefined;
      });

      // Only Date and the timers the limiter uses are faked; sockets run on the real loop.
      vi.useFakeTimers({ now: new Date('2026-11-01T01:00:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
      const start = Date.now();
      const messages = Array.from({ length: 25 }, (_, i) => reply('提醒', `【党建助手】第 ${i + 1} 条`));
      const done = push.forEach(messages, (m) => push.send(g, m));

      await until(() => arrivals.length === 20, '20 sends');
      await realSleep(100);
      expect(arrivals).toHaveLength(20);
      await vi.advanceTimersByTimeAsync(60_000);
      await realSleep(50);
      expect(arrivals).toHaveLength(20);
      await vi.advanceTimersByTimeAsync(1_500);
      await until(() => arrivals.length === 25, '25 sends');
      const results = await done;
      expect(results.every((r) => r.status === 'sent')).toBe(true);
      const late = arrivals.slice(20).map((t) => t - start);
      expect(Math.min(...late)).toBeGreaterThan(60_000);
      // Never more than 20 inside any one-minute window.
      for (const t of arrivals) expect(arrivals.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(20);
    } finally {
      vi.useRealTimers();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      await fake.close();
    }
  });
});
