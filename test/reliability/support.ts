// Shared by the reliability cases: the whole service on loopback (startStack, test/support/stack.ts:
// a fake platform API, real Redis under a throw-away prefix), key counting, a
// redis-server with an append-only file (so that a restart keeps what was acknowledged), and the
// one summary line each case prints.
import { ownRedis } from '../support/redis.js';

export { ADMIN, APP_SECRET, countKeys, startStack, type Stack, type StackOptions } from '../support/stack.js';

/** The one line each case prints: `[reliability] name: k=v, …`. */
export function summary(name: string, counts: Record<string, number | string>): void {
  console.log(`[reliability] ${name}: ${Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(', ')}`);
}

/** Runs `tasks` with at most `limit` in flight. */
export async function inBatches<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await task(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export { freePort } from '../support/redis.js';
export type { OwnRedis as PersistentRedis } from '../support/redis.js';

/** Its own redis-server with an append-only file (see ownRedis): a restart loses nothing acknowledged. */
export function persistentRedis(): ReturnType<typeof ownRedis> {
  return ownRedis({ appendOnly: true });
}
