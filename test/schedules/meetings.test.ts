// 三会一课 on schedule: 进度 shows each kind against its period, and a week before a period ends
// only branches missing a kind due then are reminded, exactly once, over a fake robot server.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shanghaiInstant } from '../../src/time.js';
import { createTestBot, say, type TestBot } from '../support/bot.js';
import { startFake, type FakeServer } from '../platforms/support.js';
import { report, wecomBranch } from '../push/support.js';

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => fake.close());

for (const kind of ['embedded', 'redis'] as const) {
  describe(`三会一课 (${kind} store)`, () => {
    let tb: TestBot;
    beforeEach(async () => {
      fake.requests.length = 0;
      fake.respond(undefined);
      tb = await createTestBot({ store: kind, env: { WECOM_API_BASE: fake.url, ADMIN_IDS: 'console:admin' }, now: new Date('2026-11-20T02:00:00Z') });
    });
    afterEach(async () => tb.close());
    const sentTo = (key: string): string[] => fake.requests.filter((r) => r.query.get('key') === key).map((r) => JSON.stringify(r.json));

    it('shows each kind against its month or quarter in 进度', async () => {
      await say(tb, '绑定 甲支部', { conversationId: 'g', senderId: 'admin' });
      await say(tb, '上报 11月3日召开支部委员会会议，5人参加', { conversationId: 'g' });
      await say(tb, '上报 10月10日书记讲党课', { conversationId: 'g' });
      await say(tb, '上报 9月10日召开支部党员大会', { conversationId: 'g' }); // last quarter: does not count
      const text = await say(tb, '进度', { conversationId: 'g' });
      expect(text).toContain('**三会一课（附件第3、22条）**');
      expect(text).toMatch(/支部委员会（每月）：本月已开 1 次（2026-11-03，#1）✅/u);
      expect(text).toContain('党小组会（每月）：本月尚无记录 ⬜，2026-11-30 前召开（还有 10 天）');
      expect(text).toContain('支部党员大会（每季度）：本季度尚无记录 ⬜，2026-12-31 前召开');
      expect(text).toMatch(/党课（每季度）：本季度已开 1 次（2026-10-10，#2）✅/u);
    });

    it('reminds a week before the month ends only the branches missing a kind due then, once', async () => {
      const onTrack = await wecomBranch(tb.store, fake.url, 'wrkOk', '甲支部');
      const missing = await wecomBranch(tb.store, fake.url, 'wrkMiss', '乙支部');
      await report(tb.store, '甲支部', '2026-11-03', [3, 22], '召开支部委员会');
      await report(tb.store, '甲支部', '2026-11-10', [3, 22], '第一党小组会');
      await report(tb.store, '乙支部', '2026-11-04', [3, 22], '召开支部委员会');
      const [occurrence] = tb.services.reminders.onDate('2026-11-23').filter((o) => o.job === 'meetings');
      if (!occurrence) throw new Error('no 三会一课 reminder on 11-23');
      const first = await tb.services.reminders.run(occurrence, shanghaiInstant('2026-11-23', '09:00'));
      expect(first.results.map((r) => [r.label, r.status])).toEqual([['乙支部', 'sent']]);
      expect(sentTo(onTrack.key)).toEqual([]);
      const [text] = sentTo(missing.key);
      expect(text).toContain('党小组会：本月（2026年11月）还没有记录');
      expect(text).not.toContain('支部委员会：本月');
      expect(text).toContain('附件第22条');
      await tb.services.reminders.run(occurrence, shanghaiInstant('2026-11-23', '10:00'));
      expect(sentTo(missing.key)).toHaveLength(1);
    });

    it('names the quarterly kinds at the end of a quarter', async () => {
      const b = await wecomBranch(tb.store, fake.url, 'wrkQ', '丙支部');
      const [occurrence] = tb.services.reminders.onDate('2026-12-24').filter((o) => o.job === 'meetings');
      if (!occurrence) throw new Error('no 三会一课 reminder on 12-24');
      await tb.services.reminders.run(occurrence, shanghaiInstant('2026-12-24', '09:00'));
      const [text] = sentTo(b.key);
      expect(text).toContain('支部党员大会：本季度（2026年第四季度）还没有记录');
      expect(text).toContain('党课：本季度');
      expect(text).toContain('4 项未召开');
    });
  });
}
