// Running reminders against the real store and a fake robot server: who gets the 走基层 reminder,
// sent once per (reminder, group), a failed send retried on the next run, groups without a
// channel skipped, the catch-up window, and messages that cite the notice and say how to act.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shanghaiInstant } from '../../src/time.js';
import { createTestBot, say, type TestBot } from '../support/bot.js';
import { startFake, type FakeServer } from '../platforms/support.js';
import { bind, group, report, wecomBranch } from '../push/support.js';

let fake: FakeServer;
let tb: TestBot;

beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => fake.close());
beforeEach(async () => {
  fake.requests.length = 0;
  fake.respond(undefined);
  tb = await createTestBot({ env: { WECOM_API_BASE: fake.url, ADMIN_IDS: 'console:admin' } });
});
afterEach(async () => tb.close());

const sentTo = (key: string): number => fake.requests.filter((r) => r.query.get('key') === key).length;
const textTo = (key: string): string => JSON.stringify(fake.requests.filter((r) => r.query.get('key') === key).map((r) => r.json));

describe('走基层 reminder audience', () => {
  it('reminds only branches with no 走基层 record in the current half-year, and tells the committee', async () => {
    const done = await wecomBranch(tb.store, fake.url, 'wrkDone', '甲支部');
    const lastHalf = await wecomBranch(tb.store, fake.url, 'wrkOld', '乙支部');
    const other = await wecomBranch(tb.store, fake.url, 'wrkOther', '丙支部');
    const never = await wecomBranch(tb.store, fake.url, 'wrkNever', '丁支部');
    const committee = await wecomBranch(tb.store, fake.url, 'wrkCommittee', 'committee');
    await report(tb.store, '甲支部', '2026-07-15', [7]);
    await report(tb.store, '乙支部', '2026-05-20', [7]); // previous half-year: does not count
    await report(tb.store, '丙支部', '2026-09-01', [3, 22]); // not 走基层

    const [occurrence] = tb.services.reminders.onDate('2026-11-01').filter((o) => o.job === 'grassroots');
    if (!occurrence) throw new Error('no 走基层 reminder on 11-01');
    const plan = await tb.services.reminders.deliveries(occurrence, '2026-11-01');
    expect(plan.map((d) => d.label).sort()).toEqual(['丁支部', '丙支部', '乙支部', '委员会'].sort());

    const run = await tb.services.reminders.run(occurrence, shanghaiInstant('2026-11-01', '09:00'));
    expect(run.results.every((r) => r.status === 'sent')).toBe(true);
    expect(sentTo(done.key)).toBe(0);
    for (const b of [lastHalf, other, never]) expect(sentTo(b.key)).toBe(1);
    const branchText = textTo(never.key);
    expect(branchText).toContain('还剩 60 天');
    expect(branchText).toContain('【附件第7条 · 团结凝聚群众好】');
    expect(branchText).toContain('完成后发送：上报');
    const overview = textTo(committee.key);
    expect(overview).toContain('已开展 1 个支部；未开展 3 个（丙支部、丁支部、乙支部）');
    expect(overview).toContain('汇总');
  });
});

describe('exactly once per (reminder, group)', () => {
  it('sends once, skips on the next run, and retries a failed send on the next run', async () => {
    const a = await wecomBranch(tb.store, fake.url, 'wrkA', '甲支部');
    const b = await wecomBranch(tb.store, fake.url, 'wrkB', '乙支部');
    const noChannel = group('wrkNoChannel');
    await bind(tb.store, noChannel, '丙支部');
    fake.respond((req) => (req.query.get('key') === b.key ? { body: { errcode: 45009, errmsg: 'freq' } } : undefined));

    const at = shanghaiInstant('2026-09-10', '09:00');
    const first = await tb.services.reminders.runDue(at);
    expect(first.map((r) => r.occurrence.id)).toEqual(['2026-09-10:phase-start:1']);
    const status = (runs: typeof first) => Object.fromEntries((runs[0]?.results ?? []).map((r) => [r.label, r.status]));
    expect(status(first)).toEqual({ 甲支部: 'sent', 乙支部: 'failed', 丙支部: 'no-channel' });
    expect(first[0]?.results.find((r) => r.label === '乙支部')?.detail).toContain('45009');

    // The next day's firing: still within 48 h; A is not sent again, B is retried and now works.
    fake.respond(undefined);
    const second = await tb.services.reminders.runDue(shanghaiInstant('2026-09-11', '09:00'));
    expect(status(second)).toEqual({ 甲支部: 'already-sent', 乙支部: 'sent', 丙支部: 'no-channel' });
    expect(sentTo(a.key)).toBe(1);
    expect(sentTo(b.key)).toBe(4 + 1); // 1 + 3 back-off retries on the first day, 1 on the next

    // Two days later it is out of the window: nothing is due any more.
    expect(tb.services.reminders.due(shanghaiInstant('2026-09-12', '09:00'))).toEqual([]);
  });

  it('skips a dead channel without claiming it', async () => {
    const a = await wecomBranch(tb.store, fake.url, 'wrkA', '甲支部');
    await tb.store.markPushChannelDead(a.group, '企业微信机器人地址或 key 无效（93000）', '2026-09-01T00:00:00Z');
    const [run] = await tb.services.reminders.runDue(shanghaiInstant('2026-09-10', '10:00'));
    expect(run?.results).toMatchObject([{ label: '甲支部', status: 'dead-channel' }]);
    expect(fake.requests).toHaveLength(0);
    expect(await tb.store.claimReminder('2026-09-10:phase-start:1', a.group, 1000)).toBe('claimed');
  });
});

describe('reminder messages', () => {
  it('are short, cite the notice, end with how to act, and their examples are accepted by 上报', async () => {
    await bind(tb.store, group('wrkA'), '甲支部');
    await say(tb, '绑定 甲支部', { conversationId: 'console-a', senderId: 'admin' });
    const examples: string[] = [];
    for (const occurrence of tb.services.reminders.calendar(2026)) {
      const [delivery] = (await tb.services.reminders.deliveries(occurrence, occurrence.date)).filter((d) => d.label === '甲支部');
      if (!delivery) throw new Error(`no delivery for ${occurrence.id}`);
      const text = delivery.reply.markdown;
      expect(text.startsWith('**【党建助手】'), occurrence.id).toBe(true);
      expect(text, occurrence.id).toMatch(/【(晋科社行党发〔2019〕5号 · 三、方法步骤|附件第7条 · 团结凝聚群众好|附件第22条 · 加强自身建设好)/u);
      const last = text.split('\n').pop() ?? '';
      expect(last, occurrence.id).toMatch(/^(完成后发送|现在发送|发送“总结”)/u);
      expect(Buffer.byteLength(text)).toBeLessThan(1200);
      const example = /例如：(上报 .+)$/u.exec(last)?.[1];
      if (example) examples.push(example);
    }
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const example of new Set(examples)) {
      expect(await say(tb, example, { conversationId: 'console-a' }), example).toContain('已记录');
    }
  });
});
