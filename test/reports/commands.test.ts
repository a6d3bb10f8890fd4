// The report workflow through the real router, handlers, knowledge and store (both kinds).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBot, say, type TestBot } from '../support/bot.js';

const ADMIN = { senderId: 'admin', senderName: '管理员' };
const GROUP_A = { conversationId: 'group-a' };
const GROUP_B = { conversationId: 'group-b' };
const COMMITTEE = { conversationId: 'group-committee' };

for (const kind of ['embedded', 'redis'] as const) {
  describe(`reports (${kind} store)`, () => {
    let tb: TestBot;
    beforeEach(async () => {
      // 2026-11-05 10:00 in Shanghai: 总结提高阶段.
      tb = await createTestBot({ store: kind, env: { ADMIN_IDS: 'console:admin' }, now: new Date('2026-11-05T02:00:00Z') });
    });
    afterEach(async () => tb.close());

    const bindA = async () => say(tb, '绑定 省化学会党支部', { ...GROUP_A, ...ADMIN });

    it('refuses to record in a group that is not bound, and stores nothing', async () => {
      const text = await say(tb, '上报 昨天组织8名党员走基层', GROUP_A);
      expect(text).toContain('还没有绑定支部');
      expect(await tb.store.listBranches()).toEqual([]);
    });

    it('lets only admins bind, and shows the binding to anyone', async () => {
      expect(await say(tb, '绑定 省化学会党支部', GROUP_A)).toContain('只有管理员可以绑定');
      expect(await say(tb, '绑定', GROUP_A)).toContain('还没有绑定支部');
      expect(await bindA()).toContain('已把本群绑定到支部“**省化学会党支部**”');
      expect(await say(tb, '绑定', GROUP_A)).toContain('本群已绑定到支部“省化学会党支部”');
    });

    it('records a report with date, participants and criteria, and echoes them', async () => {
      await bindA();
      const text = await say(tb, '上报 昨天组织8名党员到企业开展走基层服务', GROUP_A);
      expect(text).toContain('已记录 **#1**');
      expect(text).toContain('日期：2026-11-04（按“昨天”识别）');
      expect(text).toContain('人数：8人');
      expect(text).toContain('第7条（团结凝聚群众好）');
      const [stored] = await tb.store.listReports('省化学会党支部');
      expect(stored).toMatchObject({ id: 1, date: '2026-11-04', participants: 8, criteria: [7], reporterId: 'user-1', reporterName: '张三' });
      expect(stored?.group).toEqual({ platform: 'console', conversationId: 'group-a' });
    });

    it('reads explicit criteria, other date forms and a report without a space', async () => {
      await bindA();
      expect(await say(tb, '上报 第3、22条 10月12日召开支部大会，讲党课，十二人参加', GROUP_A)).toContain('第3条（坚持政治方向好）、第22条（加强自身建设好）');
      expect(await say(tb, '上报2026-10-20开展廉政文化活动', GROUP_A)).toContain('第24条');
      const reports = await tb.store.listReports('省化学会党支部');
      expect(reports.map((r) => [r.id, r.date, r.participants ?? null, r.criteria])).toEqual([
        [2, '2026-10-20', null, [24]],
        [1, '2026-10-12', 12, [3, 22]],
      ]);
    });

    it('defaults to today and refuses dates in the future or before the campaign year', async () => {
      await bindA();
      expect(await say(tb, '上报 组织党员参加文体活动', GROUP_A)).toContain('2026-11-05（未写日期，按今天记录）');
      const future = await say(tb, '上报 2026年12月1日组织走基层', GROUP_A);
      expect(future).toContain('晚于今天');
      expect(future).toContain('用法：上报');
      // Without a year, 12月1日 is the most recent one (2025-12-01): before the campaign year.
      expect(await say(tb, '上报 12月1日组织走基层', GROUP_A)).toContain('活动日期 2025-12-01 早于 2026 年度活动');
      expect(await say(tb, '上报 2025-10-01 组织走基层', GROUP_A)).toContain('早于 2026 年度活动');
      expect(await say(tb, '上报 第30条 支部大会', GROUP_A)).toContain('没有第30条');
      expect(await tb.store.listReports('省化学会党支部')).toHaveLength(1);
    });

    it('gives a usage example for an empty or unreadable report and stores nothing', async () => {
      await bindA();
      const empty = await say(tb, '上报', GROUP_A);
      expect(empty).toContain('请写上活动内容');
      expect(empty).toContain('例如：上报 昨天组织8名党员到企业开展走基层服务');
      expect(await say(tb, '上报 ', GROUP_A)).toContain('请写上活动内容');
      expect(await tb.store.listReports('省化学会党支部')).toEqual([]);
    });

    it('stores a redelivered report message once', async () => {
      await bindA();
      const message = { ...GROUP_A, messageId: 'redelivered-1' };
      const texts = await Promise.all([1, 2, 3].map(() => say(tb, '上报 昨天组织党员走基层', message)));
      // One record; every delivery gets the answer the first one got.
      expect(await tb.store.listReports('省化学会党支部')).toHaveLength(1);
      expect(new Set(texts).size).toBe(1);
      expect(texts[0]).toContain('已记录 **#1**');
    });

    it('lists records, and lets only the reporter or an admin undo one', async () => {
      await bindA();
      await say(tb, '上报 昨天组织党员走基层', GROUP_A);
      await say(tb, '上报 今天召开组织生活会', { ...GROUP_A, senderId: 'user-2', senderName: '李四' });
      const list = await say(tb, '记录', GROUP_A);
      expect(list.indexOf('#2')).toBeLessThan(list.indexOf('#1'));
      expect(list).toContain('（李四）');

      const refused = await say(tb, '撤销 2', GROUP_A);
      expect(refused).toContain('只有上报人本人或管理员可以撤销');
      expect(await tb.store.getReport('省化学会党支部', 2)).not.toBeNull();

      const own = await say(tb, '撤销 #1', GROUP_A);
      expect(own).toContain('已撤销记录 #1');
      expect(own).toContain('对应标准：第7条');
      expect(await say(tb, '撤销 2', { ...GROUP_A, ...ADMIN })).toContain('已撤销记录 #2');
      expect(await say(tb, '撤销 2', { ...GROUP_A, ...ADMIN })).toContain('没有编号为 #2 的记录');
      expect(await say(tb, '撤销 abc', GROUP_A)).toContain('用法：撤销 <编号>');
    });

    it('never lets group B read or change branch A records', async () => {
      await bindA();
      await say(tb, '绑定 省物理学会党支部', { ...GROUP_B, ...ADMIN });
      await say(tb, '上报 昨天组织党员走基层', GROUP_A);
      expect(await say(tb, '记录', GROUP_B)).toContain('还没有上报记录');
      expect(await say(tb, '撤销 1', { ...GROUP_B, ...ADMIN })).toContain('没有编号为 #1 的记录');
      expect(await tb.store.getReport('省化学会党支部', 1)).not.toBeNull();
      expect(await say(tb, '进度', GROUP_B)).toContain('共 0 条记录');
    });

    it('shows progress by standard, the 走基层 half-year status and the phase', async () => {
      await bindA();
      expect(await say(tb, '进度', GROUP_A)).toContain('2026年下半年尚未开展 ⬜，距半年结束（2026-12-31）还有 56 天');
      await say(tb, '上报 10月12日组织8名党员到企业开展走基层服务', GROUP_A);
      await say(tb, '上报 昨天召开支部大会，讲党课', GROUP_A);
      const text = await say(tb, '进度', GROUP_A);
      expect(text).toContain('共 2 条记录');
      expect(text).toContain('**团结凝聚群众好**（1/4）：✅ 第7条（1次）；⬜ 第4、5、6条');
      expect(text).toContain('2026年下半年已开展 1 次（2026-10-12，#1）✅');
      expect(text).toContain('总结提高阶段');
      expect(text).toContain('截止 2026-11-15，还剩 10 天');
    });

    it('drafts the summary grouped by the six standards', async () => {
      await bindA();
      await say(tb, '上报 10月12日组织8名党员到企业开展走基层服务', GROUP_A);
      const text = await say(tb, '总结', GROUP_A);
      expect(text).toContain('省化学会党支部“双强六好”党组织建设工作总结（草稿）');
      const second = text.indexOf('**二、团结凝聚群众好**');
      const third = text.indexOf('**三、推动事业发展好**');
      const activity = text.indexOf('2026-10-12：组织8名党员到企业开展走基层服务（第7条）');
      expect(second).toBeGreaterThan(-1);
      expect(activity).toBeGreaterThan(second);
      expect(activity).toBeLessThan(third);
      expect(text).toContain('尚无记录的条目：第4、5、6条');
      expect(text).toContain('学会部617室');
    });

    it('keeps 汇总 and 导出 to the committee group', async () => {
      await bindA();
      await say(tb, '绑定 省物理学会党支部', { ...GROUP_B, ...ADMIN });
      await say(tb, '上报 10月12日组织党员走基层', GROUP_A);
      expect(await say(tb, '汇总', GROUP_A)).toContain('只能在绑定为“委员会”的群里使用');
      expect(await say(tb, '导出', GROUP_A)).toContain('只能在绑定为“委员会”的群里使用');
      expect(await say(tb, '绑定 委员会', COMMITTEE)).toContain('只有管理员可以绑定');
      expect(await say(tb, '绑定 委员会', { ...COMMITTEE, ...ADMIN })).toContain('**委员会**群');
      // Committee commands: the committee group, and an admin from ADMIN_IDS (issue 11, defect 2).
      expect(await say(tb, '汇总', COMMITTEE)).toContain('仅限系统管理员');
      const overview = await say(tb, '汇总', { ...COMMITTEE, ...ADMIN });
      expect(overview).toContain('**省化学会党支部**：1 条，覆盖 1/25，走基层✅，最近 2026-10-12');
      expect(overview).toContain('**从未上报**（1）：省物理学会党支部');
      expect(await say(tb, '导出', { ...COMMITTEE, ...ADMIN })).toMatch(/http:\/\/localhost:\d+\/export\/[\w-]+\.[\w-]+\.csv/u);
      expect(await say(tb, '上报 昨天走基层', COMMITTEE)).toContain('本群是委员会群');
    });
  });
}
