// 我的ID: the id it shows is exactly what ADMIN_IDS needs; help lists it from its declaration.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestBot, say, type TestBot } from '../support/bot.js';

const open: TestBot[] = [];
afterEach(async () => {
  for (const tb of open.splice(0)) await tb.close();
});

async function bot(env: Record<string, string> = {}): Promise<TestBot> {
  const tb = await createTestBot({ env });
  open.push(tb);
  return tb;
}

describe('我的ID', () => {
  it('replies with 平台:用户ID and the group id; that id in ADMIN_IDS makes the sender admin', async () => {
    const msg = { platform: 'wecom' as const, senderId: 'zhang_san-01', senderName: '张三', conversationId: 'wrkGroup_1' };
    const first = await say(await bot(), '我的ID', msg);
    expect(first).toContain('**你的 ID**（张三）：`wecom:zhang_san-01`');
    expect(first).toContain('**本群 ID**：`wrkGroup_1`（wecom）');
    expect(first).toContain('当前身份：成员');
    expect(await say(open[0] as TestBot, '绑定 测试支部', msg)).toContain('管理员');

    const id = /`(wecom:[^`]+)`/u.exec(first)?.[1] ?? '';
    const admin = await bot({ ADMIN_IDS: id });
    expect(await say(admin, 'whoami', msg)).toContain('当前身份：管理员');
    expect(await say(admin, '绑定 测试支部', msg)).toContain('已把本群绑定到支部');
  });

  it('answers in a single chat and escapes an id that is not plain', async () => {
    const tb = await bot();
    const single = await say(tb, '/WHOAMI', { platform: 'dingtalk', senderId: '0123', chatType: 'single', conversationId: 'cid1' });
    expect(single).toContain('`dingtalk:0123`');
    expect(single).toContain('这是单聊');
    const odd = await say(tb, '我的id', { senderId: 'a*b<@all>' });
    expect(odd).not.toContain('<@all>');
    expect(odd).not.toContain('*b');
  });

  it('is listed by 帮助, derived from its declaration', async () => {
    const help = await say(await bot(), '帮助');
    expect(help).toContain('**我的ID**：查看自己的 平台:用户ID');
    expect(await say(open[0] as TestBot, '帮助 whoami')).toContain('别名：whoami');
  });
});
