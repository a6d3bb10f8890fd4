// Chooses the store: Redis when REDIS_URL is set (any number of instances), else the embedded
// file store (one instance only).
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { EmbeddedStore } from './embedded.js';
import type { Store } from './types.js';

export { EmbeddedStore } from './embedded.js';
export { DataDirLockedError } from './data-lock.js';
export * from './types.js';

export type StoreConfig = Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX' | 'DATA_DIR'>;

export async function createStore(config: StoreConfig, logger: Logger): Promise<Store> {
  if (config.REDIS_URL !== undefined) {
    // Loaded only when used: ioredis would cost the embedded store about 8 MiB of memory for nothing.
    const { RedisStore } = await import('./redis.js');
    logger.info({ store: 'redis', redis: describeRedisUrl(config.REDIS_URL), prefix: config.REDIS_PREFIX }, 'store: redis');
    return new RedisStore({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger });
  }
  const dir = resolve(config.DATA_DIR);
  const store = new EmbeddedStore({ dir, logger });
  logger.info({ store: 'embedded', dataDir: dir, loadMs: store.loaded.ms, entries: store.loaded.entries }, 'store: embedded journal store (single process)');
  return store;
}

/** The Redis address for logs: scheme, host, port and db, never the user name or password. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(unparsable REDIS_URL)';
  }
}
