// The running service: schedules start with it (one node-cron task per job), what came due while
// it was down is caught up on start-up, and stop() removes the timers. SCHEDULES_ENABLED=false
// starts none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import cron from 'node-cron';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/log.js';
import { startService } from '../../src/service.js';
import { EmbeddedStore } from '../../src/store/index.js';
import { testConfig } from '../support/bot.js';
import { startFake, type FakeServer } from '../platforms/support.js';
import { wecomBranch } from '../push/support.js';

let fake: FakeServer;
let dir: string;
let key: string;

beforeAll(async () => {
  fake = await startFake();
  dir = mkdtempSync(join(tmpdir(), 'djzs-svc-'));
  const store = new EmbeddedStore({ dir });
  key = (await wecomBranch(store, fake.url, 'wrkA', '甲支部')).key;
  await store.close();
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const reminderTasks = (): string[] => [...cron.getTasks().values()].map((t) => t.name ?? '').filter((n) => n.startsWith('djzs-reminders:'));

describe('service with schedules', () => {
  it('catches up on start-up and stops its timers on shutdown', async () => {
    const env = { DATA_DIR: dir, WECOM_API_BASE: fake.url, PORT: '0', HOST: '127.0.0.1', SCHEDULES_ENABLED: 'true' };
    // Started at 10:00 on the first day of 动员部署阶段: the 09:00 reminder was missed.
    const service = await startService(testConfig(env), silentLogger, { now: () => new Date('2026-09-10T02:00:00Z'), drainMs: 2000 });
    try {
      expect(reminderTasks().sort()).toEqual(['djzs-reminders:grassroots', 'djzs-reminders:meetings', 'djzs-reminders:paper', 'djzs-reminders:phase-ending', 'djzs-reminders:phase-start']);
      await fake.waitFor('/cgi-bin/webhook/send', 1);
      expect(fake.requests[0]?.query.get('key')).toBe(key);
    } finally {
      await service.stop();
    }
    expect(reminderTasks()).toEqual([]);

    // Restarted: the marker says it went out already.
    const again = await startService(testConfig(env), silentLogger, { now: () => new Date('2026-09-10T03:00:00Z'), drainMs: 2000 });
    await again.tasks.drain(2000);
    await again.stop();
    expect(fake.requests).toHaveLength(1);
  });

  it('starts no schedules when SCHEDULES_ENABLED=false', async () => {
    const service = await startService(testConfig({ DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1' }), silentLogger);
    try {
      expect(reminderTasks()).toEqual([]);
    } finally {
      await service.stop();
    }
  });
});
