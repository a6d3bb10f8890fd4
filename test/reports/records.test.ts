// Issue 14: every activity accepted and read correctly, corrections with an audit trail. Through
// the real bot on both stores.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBot, say, type TestBot } from '../support/bot.js';

const ADMIN = { senderId: 'admin', senderName: '管理员' };
const A = { conversationId: 'group-a' };
const BRANCH = '省化学会党支部';

for (const kind of ['embedded', 'redis'] as const) {
  describe(`records a secretary can hand in (${kind} store)`, () => {
    let tb: TestBot;
    beforeEach(async () => {
      tb = await createTestBot({ store: kind, env: { ADMIN_IDS: 'console:admin' }, now: new Date('2026-11-05T02:00:00Z') });
      await say(tb, `绑定 ${BRANCH}`, { ...A, ...ADMIN });
    });
    afterEach(async () => tb.close());
    const only = async () => (await tb.store.listReports(BRANCH))[0];

    it.each([
      ['上报 今天上午主题党日活动 10人', { date: '2026-11-05', participants: 10, criteria: [3, 22] }],
      ['上报 昨天召开支部委员会会议，研究发展党员工作，5名委员参加', { date: '2026-11-04', participants: 5, criteria: [3, 22], meeting: '支部委员会' }],
      ['上报：昨天开了支部委员会', { date: '2026-11-04', criteria: [3, 22], meeting: '支部委员会' }],
      ['上报 10月8日召开支部党员大会', { date: '2026-10-08', criteria: [3, 22], meeting: '支部党员大会' }],
      ['上报 10月9日第一党小组会学习党章', { criteria: [3, 22], meeting: '党小组会' }],
      ['上报 10月10日书记讲党课', { criteria: [3, 22], meeting: '党课' }],
      ['上报 昨天召开组织生活会', { criteria: [3, 22] }],
      ['上报 昨天开展民主评议党员', { criteria: [22] }],
      ['上报 昨天书记与两名党员谈心谈话', { criteria: [20] }],
    ])('records %s under its criteria', async (text, expected) => {
      const replyText = await say(tb, text, A);
      expect(replyText).toContain('已记录 **#1**');
      expect(await only()).toMatchObject(expected);
    });

    it('records an unclear report as 未归类, asks for the criterion, and 归类 files it', async () => {
      const first = await say(tb, '上报 昨天和大家一起整理了资料', A);
      expect(first).toContain('对应标准：未归类');
      expect(first).toContain('请回复“归类 1 <条目>”');
      expect((await only())?.criteria).toEqual([]);
      expect(await say(tb, '总结', A)).toContain('**未归类**');
      expect(await say(tb, '归类 1 12', { ...A, senderId: 'someone-else' })).toContain('只有上报人本人或管理员可以归类');
      const filed = await say(tb, '归类 1 12 7', A);
      expect(filed).toContain('修改前：未归类');
      expect(filed).toContain('修改后：第7条（团结凝聚群众好）、第12条（建设先进文化好）');
      expect((await only())?.criteria).toEqual([7, 12]);
      expect(await say(tb, '归类 1 30', A)).toContain('没有第30条');
      expect(await say(tb, '归类 9 7', A)).toContain('没有编号为 #9 的记录');
    });

    it('refuses an impossible written date with an example instead of using today', async () => {
      for (const text of ['上报 13月40日 走基层', '上报 2月30日组织走基层', '上报 2026-13-01 走基层']) {
        const replyText = await say(tb, text, A);
        expect(replyText).toContain('不是有效日期');
        expect(replyText).toContain('例如：');
      }
      expect(await tb.store.listReports(BRANCH)).toEqual([]);
    });

    it('reads headcounts from names and 全体党员, and shows the number once', async () => {
      const names = await say(tb, '上报 昨天张三、李四、王五三位同志到企业走基层', A);
      expect(names).toContain('人数：3人（张三、李四、王五）');
      expect(await only()).toMatchObject({ participants: 3, attendees: ['张三', '李四', '王五'] });
      const listed = await say(tb, '上报 昨天张三、李四参加科普活动', A);
      expect(listed).toContain('人数：2人（张三、李四）');
      const all = await say(tb, '上报 昨天全体党员参加主题党日', A);
      expect(all).toContain('人数：全体党员');
      const counted = await say(tb, '上报 上周五组织15名党员走基层，共15人参加', A);
      expect(counted.match(/15人/gu)?.length).toBe(1);
    });

    it('never doubles a count or keeps relative words in 总结', async () => {
      await say(tb, '上报 上周五组织15名党员走基层，共15人参加', A);
      await say(tb, '上报 昨天召开支部委员会会议，5人参加', A);
      await say(tb, '上报 今天上午主题党日活动 10人', A);
      const text = await say(tb, '总结', A);
      expect(text).toContain('2026-10-30：组织15名党员走基层（第7条）');
      expect(text).toContain('2026-11-04：召开支部委员会会议，5人参加（第3、22条）');
      expect(text).toContain('2026-11-05：主题党日活动，10人参加（第3、22条）');
      expect(text).not.toMatch(/15人参加|昨天|上周五|今天/u);
    });

    it('reads the optional 纪实 fields', async () => {
      const text = await say(
        tb,
        '上报 10月20日在学会三楼会议室召开支部党员大会，由支部书记张三主持，李四主讲，缺席：王五（出差）、赵六（病假），12人参加',
        A,
      );
      expect(text).toContain('地点：学会三楼会议室');
      expect(text).toContain('主持人：支部书记张三');
      expect(text).toContain('主讲人：李四');
      expect(text).toContain('缺席：王五（出差）、赵六（病假）');
      expect(await only()).toMatchObject({
        place: '学会三楼会议室',
        host: '支部书记张三',
        speaker: '李四',
        absentees: [{ name: '王五', reason: '出差' }, { name: '赵六', reason: '病假' }],
        participants: 12,
      });
      const labelled = await say(tb, '上报 昨天党课，地点：党员活动室，主讲人：刘七，缺席：无', A);
      expect(labelled).toContain('地点：党员活动室');
      expect(labelled).toContain('主讲人：刘七');
      expect(labelled).not.toContain('- 缺席');
      expect((await tb.store.listReports(BRANCH))[0]?.absentees).toBeUndefined();
    });

    it('corrects date, headcount, criteria and content with before/after, and logs every change and 撤销', async () => {
      await say(tb, '上报 昨天组织8名党员走基层', A);
      const date = await say(tb, '修改 #1 日期 10月13日', A);
      expect(date).toContain('修改前：2026-11-04');
      expect(date).toContain('修改后：2026-10-13');
      expect(await say(tb, '修改 #1 人数 9', A)).toContain('修改后：9人');
      expect(await say(tb, '修改 1 标准 7 22', A)).toContain('修改后：第7、22条');
      expect(await say(tb, '修改 #1 内容 组织党员到太原企业走基层', A)).toContain('修改后：组织党员到太原企业走基层');
      expect(await only()).toMatchObject({ date: '2026-10-13', participants: 9, criteria: [7, 22], text: '组织党员到太原企业走基层' });

      expect(await say(tb, '修改 #1 人数 9', A)).toContain('无需修改');
      expect(await say(tb, '修改 #1 日期 13月40日', A)).toContain('不是有效日期');
      expect(await say(tb, '修改 #1 日期 2026年12月30日', A)).toContain('晚于今天');
      // Without a year, 12月30日 is the most recent one (2025-12-30): before the campaign year.
      expect(await say(tb, '修改 #1 日期 12月30日', A)).toContain('早于 2026 年度活动');
      expect(await say(tb, '修改 #1 颜色 红', A)).toContain('“颜色”不能修改');
      expect(await say(tb, '修改 #1 人数 9', { ...A, senderId: 'user-2', senderName: '李四' })).toContain('只有上报人本人或管理员可以修改');
      expect(await say(tb, '修改 #1 地点 太原市某科技企业', { ...A, ...ADMIN })).toContain('修改后：太原市某科技企业');
      expect(await say(tb, '撤销 1', { ...A, ...ADMIN })).toContain('已撤销记录 #1');

      const audit = await tb.store.listAudit(BRANCH);
      expect(audit.map((a) => [a.action, a.field ?? '', a.before, a.after, a.by])).toEqual([
        ['update', '日期', '2026-11-04', '2026-10-13', 'user-1'],
        ['update', '人数', '8人', '9人', 'user-1'],
        ['update', '标准', '第7条', '第7、22条', 'user-1'],
        ['update', '内容', '昨天组织8名党员走基层', '组织党员到太原企业走基层', 'user-1'],
        ['update', '地点', '（未填）', '太原市某科技企业', 'admin'],
        ['delete', '', expect.stringContaining('#1 2026-10-13 · 9人'), '（已撤销）', 'admin'],
      ]);
      expect(audit.every((a) => a.at === '2026-11-05T02:00:00.000Z')).toBe(true);
    });
  });
}
