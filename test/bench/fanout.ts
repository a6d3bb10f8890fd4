// Reminder fan-out: 1,000 branches, each bound to a group of its own whose push channel is a WeCom
// group robot with its own webhook key, all answered by the fake platform process. The server
// under test (its own process, schedules off) runs one reminder — the first 阶段开始 of the
// campaign year, which goes to every branch group — through its real ReminderRunner and
// PushService (PUSH_CONCURRENCY at its default, per-robot 20/minute limiter, claim/complete
// markers in Redis). Reported: total time, pushes/s, robots reached, most pushes any robot got in
// a minute (from the fake's arrival times).
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { RedisStore } from '../../src/store/redis.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import type { Store } from '../../src/store/types.js';
import { deletePrefix } from '../support/redis.js';
import { fakeCounts, ROOT, serverStats, spawnChild, type Child } from './children.js';

export interface FanoutResult {
  branches: number;
  occurrence: string;
  seconds: number;
  pushesPerSec: number;
  robots: number;
  maxPerMinute: number;
  statuses: Record<string, number>;
  peakRss: number;
  summary: string;
}

export interface FanoutOptions {
  fake: Child;
  branches: number;
  redisUrl: string;
  store?: 'embedded' | 'redis';
  /** Embedded: the data directory the server will use (seeded here, then closed). */
  dataDir?: string;
  prefix?: string;
  env: (prefix: string) => NodeJS.ProcessEnv;
  serverScript?: string;
  /** Node flags of the server process (the bench passes npm start's). */
  nodeFlags?: string[];
}

export async function runFanout(options: FanoutOptions): Promise<FanoutResult> {
  const { fake, branches, redisUrl } = options;
  const prefix = options.prefix ?? `bench:${randomUUID()}:`;
  const embedded = options.store === 'embedded';
  const store: Store = embedded ? new EmbeddedStore({ dir: options.dataDir ?? '' }) : new RedisStore({ url: redisUrl, prefix });
  let server: Child | undefined;
  try {
    for (let start = 0; start < branches; start += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, branches - start) }, async (_, j) => {
          const i = start + j;
          const group = { platform: 'wecom' as const, conversationId: `wrkBench${i}` };
          await store.setBinding({ group, target: { kind: 'branch', branch: `基准第${i}党支部` }, boundBy: 'bench', boundAt: new Date().toISOString() });
          await store.setPushChannel(group, { channel: { kind: 'wecom-webhook', url: `${fake.url}/cgi-bin/webhook/send?key=bench-robot-${i}` }, setBy: 'bench', setAt: new Date().toISOString() });
        }),
      );
    }
    // The embedded store is one process's: hand the data directory over to the server.
    if (embedded) await store.close();
    server = await spawnChild(options.serverScript ?? join(ROOT, 'dist', 'test', 'bench', 'server.js'), ['service'], { env: options.env(prefix), nodeFlags: options.nodeFlags ?? [] });
    const wallStart = performance.now();
    const done = await server.ask({ type: 'remind', job: 'phase-start' }, 'reminded');
    const wallMs = performance.now() - wallStart;
    const counts = await fakeCounts(fake);
    // The same reminder again: every group already has it, nothing goes out.
    const again = await server.ask({ type: 'remind', job: 'phase-start' }, 'reminded');
    const pushedAgain = ((await fakeCounts(fake)).byPath['/cgi-bin/webhook/send'] ?? 0) - (counts.byPath['/cgi-bin/webhook/send'] ?? 0);
    const stats = await serverStats(server);
    const pushes = counts.byPath['/cgi-bin/webhook/send'] ?? 0;
    const seconds = done.ms / 1000;
    const result: FanoutResult = {
      branches,
      occurrence: done.occurrence,
      seconds,
      pushesPerSec: pushes / seconds,
      robots: counts.robots.robots,
      maxPerMinute: counts.robots.maxPerMinute,
      statuses: done.statuses,
      peakRss: stats.peakRss,
      summary: '',
    };
    result.summary =
      `${branches} branches, reminder ${done.occurrence}: ${seconds.toFixed(2)} s in the runner (${(wallMs / 1000).toFixed(2)} s wall), ` +
      `${pushes} pushes, ${Math.round(result.pushesPerSec)} pushes/s, ${result.robots} robots reached, at most ${result.maxPerMinute} pushes to one robot in a minute, ` +
      `results ${JSON.stringify(done.statuses)}; run again: ${JSON.stringify(again.statuses)}, ${pushedAgain} pushes; server peak RSS ${(stats.peakRss / 1024 / 1024).toFixed(1)} MiB`;
    return result;
  } finally {
    await server?.stop();
    await store.close();
    if (!embedded) await deletePrefix(prefix, redisUrl);
  }
}
