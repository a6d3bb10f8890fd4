// “提醒” through the real bot: the next reminders of this group with dates, 走基层 marked as not
// needed once done, the committee's view, push status, and admins only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBot, say, type TestBot } from '../support/bot.js';
import { wecomKey } from '../push/support.js';

const ADMIN = { senderId: 'admin', senderName: '管理员' };
const BRANCH = { conversationId: 'group-a', ...ADMIN };
const COMMITTEE = { conversationId: 'group-c', ...ADMIN };

let tb: TestBot;
beforeEach(async () => {
  // 2026-09-01 10:00 Shanghai: before the campaign starts.
  tb = await createTestBot({ env: { ADMIN_IDS: 'console:admin' }, now: new Date('2026-09-01T02:00:00Z') });
});
afterEach(async () => tb.close());

describe('提醒', () => {
  it('lists the next reminders of a branch group with dates and says pushes are not set', async () => {
    await say(tb, '绑定 第一党支部', BRANCH);
    const text = await say(tb, '提醒', BRANCH);
    expect(text).toContain('**本群接下来的提醒**（支部“第一党支部”，北京时间）');
    const items = text.split('\n').filter((l) => l.startsWith('- 2026年'));
    expect(items).toEqual([
      '- 2026年9月10日 09:00　动员部署阶段开始',
      '- 2026年9月17日 09:00　动员部署阶段还剩 3 天',
      '- 2026年9月21日 09:00　组织实施阶段开始',
      '- 2026年9月23日 09:00　三会一课提醒（支部委员会、支部党员大会、党小组会、党课尚无记录的支部）',
      '- 2026年10月24日 09:00　三会一课提醒（支部委员会、党小组会尚无记录的支部）',
      '- 2026年10月28日 09:00　组织实施阶段还剩 3 天',
      '- 2026年11月1日 09:00　总结提高阶段开始',
      '- 2026年11月1日 09:00　走基层提醒（本半年尚未开展的支部）',
    ]);
    expect(text).toContain('推送：❌ 未设置');
  });

  it('marks 走基层 as not needed once this half-year has a record, and shows the push channel', async () => {
    await say(tb, '绑定 第一党支部', BRANCH);
    await say(tb, '上报 8月20日 组织8名党员到社区开展走基层服务', BRANCH);
    const key = wecomKey();
    await say(tb, `推送 ${key}`, { ...BRANCH, platform: 'console' });
    const text = await say(tb, '提醒', BRANCH);
    expect(text).toContain('走基层提醒（本半年尚未开展的支部）（本半年已开展，届时不发送）');
    expect(text).toContain('推送：企业微信群机器人');
    expect(text).not.toContain(key);
  });

  it('shows the committee only what it receives', async () => {
    await say(tb, '绑定 委员会', COMMITTEE);
    const text = await say(tb, '提醒', COMMITTEE);
    expect(text).toContain('（委员会，北京时间）');
    expect(text).toContain('2026年11月1日 09:00　走基层提醒（本半年尚未开展的支部）（委员会收到各支部进度一览）');
    expect(text).not.toContain('阶段开始');
    expect(text).toContain('阶段提醒只发到各支部群');
  });

  it('is for admins, and explains that an unbound group gets nothing', async () => {
    expect(await say(tb, '提醒', { conversationId: 'group-a', senderId: 'member' })).toContain('仅限管理员');
    expect(await say(tb, '提醒', BRANCH)).toContain('绑定后本群才会收到提醒');
  });

  it('appears in 帮助', async () => {
    const help = await say(tb, '帮助', BRANCH);
    expect(help).toContain('**提醒**（群管理员）');
    expect(help).toContain('**推送 [机器人地址 [SEC密钥]|测试|关闭|开启]**（群管理员）');
  });
});
