// The whole service (startService, as `npm start` runs it) on a loopback port and real Redis under
// a throw-away prefix, as the transport tests start it against a platform fake.
import { randomUUID } from 'node:crypto';
import type { Config } from '../../src/config.js';
import type { RunningService } from '../../src/service.js';
import { testConfig } from './bot.js';
import { deletePrefix, TEST_REDIS_URL } from './redis.js';

/** A Redis prefix of one test's own, e.g. `test:wecom-ws:<uuid>:`. */
export function freshPrefix(name: string): string {
  return `test:${name}:${randomUUID()}:`;
}

/** The service's config on 127.0.0.1 (any free port) and real Redis under `prefix`, then `env`. */
export function redisServiceConfig(prefix: string, env: Record<string, string>): Config {
  return testConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, ...env });
}

/** A started service with the fake it talks to. */
export interface StartedService {
  service: RunningService;
  fake: { close(): Promise<void> };
  prefix: string;
}

/** Stops the service, closes its fake and deletes its keys. */
export async function stopService(s: StartedService): Promise<void> {
  await s.service.stop();
  await s.fake.close();
  await deletePrefix(s.prefix);
}
