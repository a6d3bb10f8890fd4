// Issue 11, defect 2: a DingTalk group admin (isAdmin in a callback — any group owner or admin,
// even in a 1:1 chat) could bind its chat to the committee and export every branch's records, or
// bind its group to another branch and read or undo that branch's records. Now isAdmin manages
// only its own group's settings (推送, 提醒); binding and committee commands need ADMIN_IDS; a group
// admin's 绑定 <支部> becomes a request the committee group sees and ADMIN_IDS approve (批准/拒绝).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../src/bot/message.js';
import { createTestBot, say, type TestBot } from '../support/bot.js';
import { summary } from './support.js';

let tb: TestBot;
beforeEach(async () => {
  tb = await createTestBot({ env: { ADMIN_IDS: 'dingtalk:root' } });
});
afterEach(async () => tb.close());

const committee = { platform: 'dingtalk' as const, conversationId: 'cidCommittee==', conversationTitle: '党委' };
const branchA = { platform: 'dingtalk' as const, conversationId: 'cidA==', conversationTitle: '甲支部群' };
const branchB = { platform: 'dingtalk' as const, conversationId: 'cidB==', conversationTitle: '乙支部群' };
const groupAdmin: Partial<IncomingMessage> = { senderId: 'owner', senderName: '群主', senderIsAdmin: true };
const root: Partial<IncomingMessage> = { senderId: 'root' };

describe('defect 2: roles', () => {
  it('a group admin cannot become the committee nor take over another branch', async () => {
    await say(tb, '绑定 委员会', { ...committee, ...root });
    await say(tb, '绑定 乙支部', { ...branchB, ...root });
    await say(tb, '上报 昨天乙支部走基层', { ...branchB, senderId: 'member-b' });

    const counts = { attacks: 0, refused: 0 };
    const attempt = async (text: string, over: Partial<IncomingMessage>, refusedIf: (r: string) => boolean) => {
      counts.attacks += 1;
      const r = await say(tb, text, over);
      if (refusedIf(r)) counts.refused += 1;
      return r;
    };
    // 1:1 chat with isAdmin: 绑定 委员会, then 导出.
    const single = { platform: 'dingtalk' as const, conversationId: 'cidSingle==', chatType: 'single' as const, ...groupAdmin };
    await attempt('绑定 委员会', single, (r) => !r.includes('已把本群绑定为'));
    await attempt('导出', single, (r) => !r.includes('/export/'));
    // A group admin in its group: bind to the committee, or to another branch.
    await attempt('绑定 委员会', { ...branchA, ...groupAdmin }, (r) => !r.includes('已把本群绑定为'));
    const asked = await attempt('绑定 乙支部', { ...branchA, ...groupAdmin }, (r) => r.includes('已提交申请'));
    await attempt('记录', { ...branchA, ...groupAdmin }, (r) => !r.includes('昨天乙支部走基层'));
    await attempt('撤销 1', { ...branchA, ...groupAdmin }, (r) => !r.includes('已撤销'));
    // A group admin in the committee group itself may not use committee commands.
    await attempt('导出', { ...committee, ...groupAdmin }, (r) => !r.includes('/export/'));
    await attempt('汇总', { ...committee, ...groupAdmin }, (r) => !r.includes('各支部上报汇总'));
    // A group admin may not approve its own request.
    const code = /申请 \*\*([a-z0-9]{6})\*\*/u.exec(asked)?.[1] ?? '';
    await attempt(`批准 ${code}`, { ...committee, ...groupAdmin }, (r) => !r.includes('已批准'));
    expect(await tb.store.getBinding({ platform: 'dingtalk', conversationId: 'cidA==' })).toBeNull();
    expect(await tb.store.listReports('乙支部')).toHaveLength(1);

    // The group admin still manages its own group's settings.
    const push = await say(tb, '推送', { ...branchA, ...groupAdmin });
    // ADMIN_IDS in the committee group approves; the branch group is then bound.
    const approved = await say(tb, `批准 ${code}`, { ...committee, ...root });
    const bound = await tb.store.getBinding({ platform: 'dingtalk', conversationId: 'cidA==' });
    const twice = await say(tb, `拒绝 ${code}`, { ...committee, ...root });
    summary('defect 2: group admin vs ADMIN_IDS', { ...counts, approvedByAdminIds: bound?.target.kind === 'branch' ? 1 : 0 });
    expect(counts.refused).toBe(counts.attacks);
    expect(push).not.toContain('仅限管理员');
    expect(approved).toContain('已批准');
    expect(bound?.target).toEqual({ kind: 'branch', branch: '乙支部' });
    expect(twice).toContain('已经被批准过');
  });

  it('a refused request binds nothing; ADMIN_IDS bind directly', async () => {
    await say(tb, '绑定 委员会', { ...committee, ...root });
    const asked = await say(tb, '绑定 甲支部', { ...branchA, ...groupAdmin });
    const code = /申请 \*\*([a-z0-9]{6})\*\*/u.exec(asked)?.[1] ?? '';
    expect(await say(tb, `拒绝 ${code}`, { ...committee, ...root })).toContain('已拒绝');
    expect(await tb.store.getBinding({ platform: 'dingtalk', conversationId: 'cidA==' })).toBeNull();
    expect(await say(tb, `批准 nosuch`, { ...committee, ...root })).toContain('没有编号');
    expect(await say(tb, '绑定 甲支部', { ...branchA, ...root })).toContain('已把本群绑定到支部');
  });
});
