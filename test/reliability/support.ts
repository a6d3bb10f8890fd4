// Shared by the reliability cases: the whole service (startService, as `npm start` runs it) on
// loopback with a fake platform API, real Redis under a throw-away prefix, key counting, a
// redis-server with an append-only file (so that a restart keeps what was acknowledged), and the
// one summary line each case prints.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { silentLogger } from '../../src/log.js';
import type { Logger } from '../../src/log.js';
import { startService, type RunningService } from '../../src/service.js';
import { testConfig } from '../support/bot.js';
import { deletePrefix, ownRedis, TEST_REDIS_URL } from '../support/redis.js';
import { randomAesKey, startFake, type FakeServer, type WecomSecrets } from '../platforms/support.js';

export const APP_SECRET = 'reliability-dingtalk-secret-0123456789';
export const ADMIN = 'admin';

export interface Stack {
  service: RunningService;
  base: string;
  fake: FakeServer;
  prefix: string;
  redisUrl: string;
  wecom: WecomSecrets;
  /** Number of keys under this stack's prefix. */
  keyCount(): Promise<number>;
  close(): Promise<void>;
}

export interface StackOptions {
  redisUrl?: string;
  now?: () => Date;
  env?: Record<string, string>;
  logger?: Logger;
  /** Keep the prefix's keys after close (the caller inspects them). */
  keepKeys?: boolean;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const fake = await startFake();
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const prefix = `test:reliability:${randomUUID()}:`;
  const wecom: WecomSecrets = { token: 'ReliabilityToken', aesKey: randomAesKey(), receiveId: '' };
  const config = testConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    ADMIN_IDS: `wecom:${ADMIN},dingtalk:${ADMIN}`,
    WECOM_TOKEN: wecom.token,
    WECOM_ENCODING_AES_KEY: wecom.aesKey,
    WECOM_API_BASE: fake.url,
    DINGTALK_APP_SECRET: APP_SECRET,
    DINGTALK_API_BASE: fake.url,
    DINGTALK_OAPI_BASE: fake.url,
    EXPORT_SECRET: 'reliability-export-secret-0123456789',
    SCHEDULES_ENABLED: 'false',
    ...options.env,
  });
  const service = await startService(config, options.logger ?? silentLogger, options.now ? { now: options.now } : {});
  return {
    service,
    base: `http://127.0.0.1:${service.port}`,
    fake,
    prefix,
    redisUrl,
    wecom,
    keyCount: () => countKeys(prefix, redisUrl),
    async close() {
      await service.stop();
      await fake.close();
      if (!options.keepKeys) await deletePrefix(prefix, redisUrl);
    },
  };
}

export async function countKeys(prefix: string, url: string = TEST_REDIS_URL): Promise<number> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    let n = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      n += keys.length;
    } while (cursor !== '0');
    return n;
  } finally {
    redis.disconnect();
  }
}

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
