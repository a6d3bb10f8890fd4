// Several instances on one real Redis: node-cron fires on every instance, the Redis-backed
// runCoordinator lets exactly one run each firing, and the per-group markers keep the start-up
// catch-up and later firings from sending anything twice. Fake timers drive node-cron; Redis and
// HTTP run on real sockets.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { setTimeout as realSleep } from 'node:timers/promises';
import { silentLogger } from '../../src/log.js';
import { reminderRuns } from '../../src/metrics.js';
import { shanghaiInstant } from '../../src/time.js';
import { startSchedules, type RunningSchedules } from '../../src/reminders/index.js';
import { createTestBot, type TestBot } from '../support/bot.js';
import { startFake, type FakeServer } from '../platforms/support.js';
import { wecomBranch } from '../push/support.js';

let fake: FakeServer;
let instances: TestBot[] = [];
let schedules: RunningSchedules[] = [];
let keys: string[] = [];

let savedTz: string | undefined;
beforeAll(async () => {
  fake = await startFake();
  // The host's zone must not matter: 09:00 is 09:00 in Shanghai.
  savedTz = process.env.TZ;
  process.env.TZ = 'America/New_York';
});
afterAll(async () => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
  await fake.close();
});

beforeEach(async () => {
  fake.requests.length = 0;
  const prefix = `test:${randomUUID()}:`;
  instances = [];
  for (let i = 0; i < 2; i += 1) {
    instances.push(await createTestBot({ store: 'redis', env: { REDIS_PREFIX: prefix, WECOM_API_BASE: fake.url } }));
  }
  const first = instances[0];
  if (!first) throw new Error('no instance');
  for (const inst of instances) await inst.store.ping();
  keys = [];
  for (const [id, branch] of [['wrkA', '甲支部'], ['wrkB', '乙支部'], ['wrkC', '丙支部']] as const) {
    keys.push((await wecomBranch(first.store, fake.url, id, branch)).key);
  }
  schedules = [];
});

afterEach(async () => {
  vi.useRealTimers();
  for (const s of schedules) await s.stop(1000);
  for (const inst of instances) await inst.close();
});

function restartedInstance(): TestBot {
  const inst = instances[1];
  if (!inst) throw new Error('no second instance');
  return inst;
}

const perKey = (): number[] => keys.map((k) => fake.requests.filter((r) => r.query.get('key') === k).length);

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (check()) return;
    await realSleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function counter(job: string, result: string): Promise<number> {
  const { values } = await reminderRuns.get();
  return values.find((v) => v.labels.job === job && v.labels.result === result)?.value ?? 0;
}

describe('two scheduler instances on one Redis', () => {
  it('fire once per group at 09:00 Shanghai, and the next day’s firing sends nothing again', async () => {
    const ranBefore = await counter('phase-start', 'ran');
    const skippedBefore = await counter('phase-start', 'skipped');
    // Two seconds before 09:00 on the first day of 动员部署阶段, with the host clock faked.
    vi.useFakeTimers({ now: new Date('2026-09-10T00:59:58Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    for (const inst of instances) schedules.push(startSchedules({ runner: inst.services.reminders, store: inst.store, logger: silentLogger }));

    await vi.advanceTimersByTimeAsync(2_500);
    await until(() => perKey().every((n) => n === 1), 'one message per group');
    await realSleep(300); // let both instances finish (and show nothing more is sent)
    expect(perKey()).toEqual([1, 1, 1]);
    expect(JSON.stringify(fake.requests[0]?.json)).toContain('动员部署阶段');
    expect((await counter('phase-start', 'ran')) - ranBefore).toBe(1);
    expect((await counter('phase-start', 'skipped')) - skippedBefore).toBe(1);

    // 24 hours later both instances fire again; the 9/10 reminder is still in the window but marked sent.
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    await realSleep(300); // let both instances finish (and show nothing more is sent)
    expect(perKey()).toEqual([1, 1, 1]);
    expect((await counter('phase-start', 'ran')) - ranBefore).toBe(2);
    expect((await counter('phase-start', 'skipped')) - skippedBefore).toBe(2);
  }, 20_000);

  it('catch up on start-up after a missed time: concurrent starts and a later restart send once', async () => {
    // Nobody ran at 09:00; both instances start at 15:00 the same day.
    const at = shanghaiInstant('2026-09-10', '15:00');
    for (const inst of instances) schedules.push(startSchedules({ runner: inst.services.reminders, store: inst.store, logger: silentLogger, now: () => at }));
    const runs = await Promise.all(schedules.map((s) => s.catchUp()));
    expect(perKey()).toEqual([1, 1, 1]);
    const statuses = runs.flatMap((r) => r.flatMap((o) => o.results.map((x) => x.status))).sort();
    expect(statuses.filter((s) => s === 'sent')).toHaveLength(3);
    expect(statuses.every((s) => s === 'sent' || s === 'busy' || s === 'already-sent')).toBe(true);

    // A restart the next morning, still within 48 hours: nothing new goes out.
    const later = shanghaiInstant('2026-09-11', '08:00');
    const restarted = startSchedules({ runner: restartedInstance().services.reminders, store: restartedInstance().store, logger: silentLogger, now: () => later });
    schedules.push(restarted);
    const again = await restarted.catchUp();
    expect(again.flatMap((o) => o.results.map((r) => r.status))).toEqual(['already-sent', 'already-sent', 'already-sent']);
    expect(perKey()).toEqual([1, 1, 1]);
  });
});
