// The year turn: a date written without a year is the most recent such day, for 上报 and 修改 alike,
// and 进度/记录 count what was recorded; a date before the campaign year is refused in Chinese.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestBot, say, type TestBot } from '../support/bot.js';

const ADMIN = { senderId: 'admin', senderName: '管理员' };
const GROUP = { conversationId: 'group-a' };
// 2027-01-04 10:00 in Shanghai.
const NEW_YEAR = new Date('2027-01-04T02:00:00Z');

let tb: TestBot | undefined;
afterEach(async () => {
  await tb?.close();
  tb = undefined;
});

async function bound(env: Record<string, string>): Promise<TestBot> {
  tb = await createTestBot({ env: { ADMIN_IDS: 'console:admin', ...env }, now: NEW_YEAR });
  expect(await say(tb, '绑定 省化学会党支部', { ...GROUP, ...ADMIN })).toContain('已把本群绑定到支部');
  return tb;
}

describe('dates at the year turn', () => {
  it('reads 12月28日 on 2027-01-04 as 2026-12-28 and counts it in 进度 (campaign year 2026)', async () => {
    const t = await bound({ CAMPAIGN_YEAR: '2026' });
    const text = await say(t, '上报 12月28日组织8名党员到企业开展走基层服务', GROUP);
    expect(text).toContain('已记录 **#1**');
    expect(text).toContain('2026-12-28');
    expect(await say(t, '上报 1月3日召开支部委员会，5人参加', GROUP)).toContain('2027-01-03');
    expect(await say(t, '上报 12.30 组织党员学习', GROUP)).toContain('2026-12-30');
    const [newest] = await t.store.listReports('省化学会党支部', 1);
    expect(newest?.date).toBe('2026-12-30');
    expect(await say(t, '记录', GROUP)).toContain('#1 2026-12-28');
    const progress = await say(t, '进度', GROUP);
    expect(progress).toContain('第7条');
    expect(progress).not.toMatch(/2027-12-28|2027-12-30/);
    // 修改 follows the same rule.
    expect(await say(t, '修改 #2 日期 12月31日', GROUP)).toContain('2026-12-31');
    // A year written out is taken as written: the future is refused.
    expect(await say(t, '上报 2027年12月28日组织党员学习', GROUP)).toContain('晚于今天');
  });

  it('refuses a last-year date when the campaign year is the new one, saying why', async () => {
    const t = await bound({ CAMPAIGN_YEAR: '2027' });
    const text = await say(t, '上报 12月28日组织党员学习', GROUP);
    expect(text).toContain('活动日期 2026-12-28 早于 2027 年度活动');
    expect(await t.store.listReports('省化学会党支部')).toEqual([]);
  });
});

describe('times a person reads', () => {
  it('shows the day a group was bound in Shanghai time (02:00 on 11-05 is still 11-04 in UTC)', async () => {
    tb = await createTestBot({ env: { ADMIN_IDS: 'console:admin' }, now: new Date('2026-11-04T18:00:00Z') });
    await say(tb, '绑定 省化学会党支部', { ...GROUP, ...ADMIN });
    expect(await say(tb, '绑定', GROUP)).toContain('2026-11-05 绑定');
  });
});
