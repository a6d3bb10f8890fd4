// Reports end to end: the whole service as `npm start` runs it (startService), real Redis, real
// HTTP on loopback, callbacks signed and encrypted as WeCom and DingTalk do, and a fake platform
// API recording every answer the bot sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../src/service.js';
import { chatWith, startStack, type Stack, type StackChat } from '../support/stack.js';
import { dingtalkText, post, type FakeServer } from '../platforms/support.js';

const NOW = new Date('2026-11-05T02:00:00Z'); // 10:00 in Shanghai, 总结提高阶段
const BRANCH = '省化学会党支部';

let stack: Stack;
let fake: FakeServer;
let service: RunningService;
let base: string;
let chat: StackChat;

beforeAll(async () => {
  stack = await startStack({ now: () => NOW, env: { ADMIN_IDS: 'wecom:secretary-admin,dingtalk:dt-admin' } });
  ({ fake, service, base } = stack);
  chat = chatWith(stack, NOW);
});

afterAll(() => stack.close());

/** A DingTalk group message → the markdown delivered to its sessionWebhook; a WeCom one → its passive reply. */
const dingtalk: StackChat['dingtalk'] = (content, over) => chat.dingtalk(content, over);
const wecomAsk: StackChat['wecom'] = (content, userid, chatid) => chat.wecom(content, userid, chatid);

describe('reports through the WeCom and DingTalk routes', () => {
  it('binds, records, dedupes, shows progress and guards records across people and groups', async () => {
    expect(await dingtalk('绑定 省化学会党支部')).toContain('只有管理员可以绑定');
    expect(await dingtalk('绑定 省化学会党支部', { isAdmin: true, staffId: 'dt-admin' })).toContain(`已把本群绑定到支部“**${BRANCH}**”`);

    // The same callback delivered three times at once is recorded and answered once.
    const body = { ...dingtalkText({ msgId: 'dt-report-1', content: '上报 昨天组织8名党员到企业开展走基层服务', staffId: 'staff-1', conversationId: 'cidBranchA' }), createAt: NOW.getTime() };
    const before = fake.on('/robot/sendBySession').length;
    const statuses = await Promise.all([1, 2, 3].map(() => post(`${base}/dingtalk`, JSON.stringify(body), chat.dingtalkHeaders())));
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 200]);
    const sent = await fake.waitFor('/robot/sendBySession', before + 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.on('/robot/sendBySession').length).toBe(before + 1);
    const answer = (sent[sent.length - 1]?.json as { markdown: { text: string } }).markdown.text;
    expect(answer).toContain('已记录 **#1**');
    expect(answer).toContain('2026-11-04');
    expect(await service.services.store.listReports(BRANCH)).toHaveLength(1);

    expect(await dingtalk('进度')).toContain('2026年下半年已开展 1 次（2026-11-04，#1）✅');

    // A second group of the same branch, on WeCom: the branch's records are visible there,
    // but a member who did not report #1 cannot undo it.
    expect(await wecomAsk('绑定 省化学会党支部', 'secretary-admin', 'wrkBranchA')).toContain('已把本群绑定到支部');
    expect(await wecomAsk('记录', 'member-2', 'wrkBranchA')).toContain('#1 2026-11-04 · 8人 · 第7条');
    expect(await wecomAsk('撤销 1', 'member-2', 'wrkBranchA')).toContain('只有上报人本人或管理员可以撤销');
    expect(await service.services.store.listReports(BRANCH)).toHaveLength(1);

    // Another branch's group sees nothing of branch A.
    expect(await dingtalk('绑定 省物理学会党支部', { isAdmin: true, staffId: 'dt-admin', group: 'cidBranchB' })).toContain('省物理学会党支部');
    expect(await dingtalk('记录', { group: 'cidBranchB' })).toContain('还没有上报记录');
    expect(await dingtalk('汇总', { group: 'cidBranchB' })).toContain('只能在绑定为“委员会”的群里使用');
  });

  it('serves the committee export only with a valid signed link', async () => {
    expect(await wecomAsk('绑定 委员会', 'secretary-admin', 'wrkCommittee')).toContain('**委员会**群');
    const overview = await wecomAsk('汇总', 'secretary-admin', 'wrkCommittee');
    expect(overview).toContain(`**${BRANCH}**：1 条，覆盖 1/25，走基层✅`);
    expect(overview).toContain('**从未上报**（1）：省物理学会党支部');

    const text = await wecomAsk('导出', 'secretary-admin', 'wrkCommittee');
    const link = /\/export\/([\w-]+\.[\w-]+)\.csv/u.exec(text);
    expect(link).not.toBeNull();
    const token = link?.[1] ?? '';
    const ok = await fetch(`${base}/export/${token}.csv`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await ok.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain('支部,编号,活动日期,人数,对应标准,活动内容');
    expect(csv).toContain(`${BRANCH},1,2026-11-04,8,第7条,昨天组织8名党员到企业开展走基层服务`);

    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [tampered, 'abc', `${token}x`, '']) {
      const res = await fetch(`${base}/export/${bad}.csv`);
      expect(res.status).toBe(403);
      const page = await res.text();
      expect(page).not.toContain(BRANCH);
      expect(page).toContain('链接无效或已过期');
    }
    expect((await fetch(`${base}/export/`)).status).toBe(404);
  });
});
