// A real running server with the demo data, for the browser tests, the screenshots and trying
// the dashboard by hand (`npx tsx test/dashboard/demo-server.ts` prints the links).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startService, type RunningService } from '../../src/service.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { testConfig } from '../support/bot.js';
import { deletePrefix, TEST_REDIS_URL } from '../support/redis.js';
import { NOW, seedDemo, type Seed } from './seed.js';

export interface DemoServer {
  service: RunningService;
  base: string;
  clock: { now: Date };
  committeeUrl(): string;
  branchUrl(branch: string): string;
  close(): Promise<void>;
}

export async function startDemoServer(
  options: { store?: 'embedded' | 'redis'; extra?: Seed[]; env?: Record<string, string>; logger?: Logger; seed?: boolean } = {},
): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'djzs-dash-'));
  const prefix = `test:${randomUUID()}:`;
  const storeEnv: Record<string, string> = options.store === 'redis' ? { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, PHOTO_DIR: join(dir, 'files') } : { DATA_DIR: dir };
  const clock = { now: NOW };
  const config = testConfig({ PORT: '0', HOST: '127.0.0.1', EXPORT_SECRET: 'dashboard-test-secret-0123456789', ADMIN_IDS: 'console:admin', ...storeEnv, ...options.env });
  const service = await startService(config, options.logger ?? silentLogger, { now: () => clock.now });
  if (options.seed !== false) await seedDemo(service.services.store, options.extra);
  const base = `http://127.0.0.1:${service.port}`;
  const links = service.services.dashboardLinks;
  return {
    service,
    base,
    clock,
    committeeUrl: () => `${base}/d/${links.issue({ kind: 'committee' }, clock.now)}`,
    branchUrl: (branch) => `${base}/d/${links.issue({ kind: 'branch', branch }, clock.now)}`,
    async close() {
      await service.stop();
      if (options.store === 'redis') await deletePrefix(prefix);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1]?.endsWith('demo-server.ts')) {
  const demo = await startDemoServer();
  process.stdout.write(`委员会看板：${demo.committeeUrl()}\n支部页面：${demo.branchUrl('省化学会党支部')}\n（Ctrl+C 结束）\n`);
  process.on('SIGINT', () => void demo.close().then(() => process.exit(0)));
}
