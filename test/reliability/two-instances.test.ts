// Two server instances sharing one Redis, with schedules on (SCHEDULES_ENABLED=true) and the
// clock injected one minute after the first 阶段开始 reminder was due. Both start at the same time,
// so both run the start-up catch-up concurrently; then both run the same firing again (as two
// cron timers would if the lock were lost). The fake robot API is slow, so the two instances'
// sends overlap. Every branch group gets exactly one reminder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { startService, type RunningService } from '../../src/service.js';
import { RedisStore } from '../../src/store/redis.js';
import { shanghaiInstant } from '../../src/time.js';
import { testConfig } from '../support/bot.js';
import { deletePrefix, TEST_REDIS_URL } from '../support/redis.js';
import { captureLogger, startFake, type CapturedLogger, type FakeServer } from '../platforms/support.js';
import { summary } from './support.js';

const GROUPS = 60;
const PREFIX = `test:reliability:two:${randomUUID()}:`;
const firstPhase = loadKnowledge({ campaignYear: 2026 }).calendar.phases[0];
if (!firstPhase) throw new Error('no phases in the 2026 calendar');
const NOW = new Date(shanghaiInstant(firstPhase.start, '09:00').getTime() + 60_000);

let fake: FakeServer;
let a: RunningService;
let b: RunningService;
const logA: CapturedLogger = captureLogger();
const logB: CapturedLogger = captureLogger();

function config(): ReturnType<typeof testConfig> {
  return testConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: PREFIX,
    WECOM_API_BASE: fake.url,
    SCHEDULES_ENABLED: 'true',
    REMINDER_TIME: '09:00',
  });
}

beforeAll(async () => {
  fake = await startFake();
  fake.respond((req) => (req.path === '/cgi-bin/webhook/send' ? { status: 200, body: { errcode: 0, errmsg: 'ok' }, delayMs: 30 } : undefined));
  const store = new RedisStore({ url: TEST_REDIS_URL, prefix: PREFIX });
  for (let i = 0; i < GROUPS; i++) {
    const group = { platform: 'wecom' as const, conversationId: `wrkTwo${i}` };
    await store.setBinding({ group, target: { kind: 'branch', branch: `双实例第${i}党支部` }, boundBy: 'admin', boundAt: NOW.toISOString() });
    await store.setPushChannel(group, { channel: { kind: 'wecom-webhook', url: `${fake.url}/cgi-bin/webhook/send?key=two-robot-${i}` }, setBy: 'admin', setAt: NOW.toISOString() });
  }
  await store.close();
  // Both instances start together: each runs the catch-up of what came due as it starts.
  [a, b] = await Promise.all([startService(config(), logA.logger, { now: () => NOW }), startService(config(), logB.logger, { now: () => NOW })]);
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await fake?.close();
  await deletePrefix(PREFIX);
});

/** The catch-up's deliveries on one instance, by status (from its log lines). */
function catchUpStatuses(log: CapturedLogger): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of log.lines) {
    const entry = JSON.parse(line) as { msg?: string; status?: string };
    if (entry.msg === 'reminder delivery' && entry.status) out[entry.status] = (out[entry.status] ?? 0) + 1;
  }
  return out;
}

function pushesPerRobot(): Map<string, number> {
  const per = new Map<string, number>();
  for (const r of fake.on('/cgi-bin/webhook/send')) {
    const key = r.query.get('key') ?? '';
    per.set(key, (per.get(key) ?? 0) + 1);
  }
  return per;
}

describe('two instances, one Redis, schedules on', () => {
  it('send exactly one reminder per group', async () => {
    await fake.waitFor('/cgi-bin/webhook/send', GROUPS, 20_000);
    await Promise.all([a.tasks.drain(20_000), b.tasks.drain(20_000)]);
    const afterCatchUp = fake.on('/cgi-bin/webhook/send').length;
    const catchUpA = catchUpStatuses(logA);
    const catchUpB = catchUpStatuses(logB);

    // The same firing on both instances at once (two timers, no lock): nothing goes out twice.
    const [runA, runB] = await Promise.all([a.services.reminders.runDue(NOW, 'phase-start'), b.services.reminders.runDue(NOW, 'phase-start')]);
    const statuses = new Map<string, number>();
    for (const r of [...runA, ...runB].flatMap((run) => run.results)) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    await new Promise((r) => setTimeout(r, 200));

    const per = pushesPerRobot();
    const twice = [...per.values()].filter((n) => n > 1).length;
    const text = String((fake.on('/cgi-bin/webhook/send')[0]?.json as { markdown?: { content?: string } }).markdown?.content ?? '');
    summary('two instances with schedules', {
      groups: GROUPS,
      pushesAfterCatchUp: afterCatchUp,
      instanceA: JSON.stringify(catchUpA),
      instanceB: JSON.stringify(catchUpB),
      pushesTotal: fake.on('/cgi-bin/webhook/send').length,
      groupsReached: per.size,
      groupsWithMoreThanOne: twice,
      ...Object.fromEntries([...statuses].map(([k, n]) => [`secondFiring_${k}`, n])),
    });
    expect(text).toContain(firstPhase.name);
    expect(per.size).toBe(GROUPS);
    expect((catchUpA.sent ?? 0) + (catchUpB.sent ?? 0)).toBe(GROUPS);
    expect(twice).toBe(0);
    expect(fake.on('/cgi-bin/webhook/send')).toHaveLength(GROUPS);
    expect(statuses.get('sent') ?? 0).toBe(0);
    expect(statuses.get('already-sent')).toBe(2 * GROUPS);
  }, 40_000);
});
