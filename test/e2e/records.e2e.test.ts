// Issue 14 end to end: the whole service (startService) on both stores, callbacks signed as WeCom
// and DingTalk send them, a fake platform API. Reports with 纪实 fields, a correction, 总结's Word
// document and 导出's workbook, both opened again and read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { chatWith, startStack, type Stack, type StackChat } from '../support/stack.js';

const NOW = new Date('2026-11-05T02:00:00Z'); // 10:00 in Shanghai, 总结提高阶段
const BRANCH = '省化学会党支部';

for (const kind of ['embedded', 'redis'] as const) {
  describe(`records, corrections and files through the routes (${kind} store)`, () => {
    let stack: Stack;
    let base: string;
    let chat: StackChat;

    beforeAll(async () => {
      stack = await startStack({ store: kind, now: () => NOW, env: { ADMIN_IDS: 'wecom:secretary-admin,dingtalk:dt-admin' } });
      base = stack.base;
      chat = chatWith(stack, NOW);
    }, 60_000);

    afterAll(() => stack.close());

    const dingtalk: StackChat['dingtalk'] = (content, over) => chat.dingtalk(content, over);
    const wecomAsk: StackChat['wecom'] = (content, userid, chatid) => chat.wecom(content, userid, chatid);

    it('records, corrects, and serves the Word summary and the Excel workbook that read back right', async () => {
      expect(await dingtalk(`绑定 ${BRANCH}`, { isAdmin: true, staffId: 'dt-admin' })).toContain('已把本群绑定到支部');
      const meeting = await dingtalk('上报 10月20日在学会三楼会议室召开支部党员大会，由支部书记张三主持，李四主讲，缺席：王五（出差），12人参加');
      expect(meeting).toContain('主讲人：李四');
      expect(await dingtalk('上报 昨天组织8名党员到企业开展走基层服务')).toContain('已记录 **#2**');
      expect(await dingtalk('上报 昨天和大家一起整理了资料')).toContain('未归类');
      expect(await dingtalk('修改 #2 人数 9')).toContain('修改后：9人');
      expect(await dingtalk('修改 #2 人数 7', { staffId: 'staff-2' })).toContain('只有上报人本人或管理员可以修改');

      // WeCom: the same branch in a second group; 总结 there gives the Word link.
      expect(await wecomAsk(`绑定 ${BRANCH}`, 'secretary-admin', 'wrkBranchA')).toContain('已把本群绑定到支部');
      const summary = await wecomAsk('总结', 'member-2', 'wrkBranchA');
      const docLink = /\/summary\/([\w-]+\.[\w-]+)\.docx/u.exec(summary)?.[1];
      expect(docLink).toBeDefined();
      const doc = await fetch(`${base}/summary/${docLink}.docx`);
      expect(doc.status).toBe(200);
      expect(doc.headers.get('content-type')).toContain('wordprocessingml');
      const zip = await JSZip.loadAsync(Buffer.from(await doc.arrayBuffer()));
      const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
      const plain = xml.replace(/<[^>]+>/gu, '');
      expect(plain).toContain(BRANCH);
      expect(plain).toContain('2026年度“双强六好”党组织建设工作总结');
      for (const s of ['一、坚持政治方向好', '二、团结凝聚群众好', '六、加强自身建设好', '七、问题不足', '八、整改措施', '附：未归类的活动']) expect(plain).toContain(s);
      expect(plain).toContain('在学会三楼会议室召开支部党员大会');
      expect(plain).toContain('地点：学会三楼会议室');
      expect(plain).toContain('缺席：王五（出差）');
      expect(plain).toContain('组织8名党员到企业开展走基层服务');
      expect(plain).toContain('9人');
      expect(plain).toContain('尚无记录的条目');
      expect(plain).not.toContain('昨天');
      expect(xml).toContain('w:eastAsia="宋体"');
      expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/u);
      // A forged or committee-scoped token gets nothing.
      for (const bad of [`${docLink?.slice(0, -2)}AA`, 'abc']) expect((await fetch(`${base}/summary/${bad}.docx`)).status).toBe(403);

      // Committee: 导出 gives the workbook.
      expect(await wecomAsk('绑定 委员会', 'secretary-admin', 'wrkCommittee')).toContain('委员会');
      const exported = await wecomAsk('导出', 'secretary-admin', 'wrkCommittee');
      const token = /\/export\/([\w-]+\.[\w-]+)\.xlsx/u.exec(exported)?.[1];
      expect(exported).toContain('.csv');
      const res = await fetch(`${base}/export/${token}.xlsx`);
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['记录', '标准覆盖', '走基层', '三会一课', '修改记录']);
      const rows = (name: string): string[][] => {
        const out: string[][] = [];
        wb.getWorksheet(name)?.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
        return out;
      };
      const records = rows('记录');
      expect(records[0]?.slice(0, 4)).toEqual(['支部', '编号', '活动日期', '人数']);
      const second = records.find((r) => r[1] === '2');
      expect(second?.slice(0, 4)).toEqual([BRANCH, '2', '2026-11-04', '9']);
      expect(second).toContain('2026-11-05 10:00:00'); // received at, Asia/Shanghai
      const first = records.find((r) => r[1] === '1');
      expect(first).toContain('支部党员大会');
      expect(first).toContain('学会三楼会议室');
      const cover = rows('标准覆盖');
      expect(cover[0]?.[7]).toBe('第7条');
      expect(cover.find((r) => r[0] === BRANCH)?.[7]).toBe('1');
      expect(rows('走基层').find((r) => r[0] === BRANCH)?.slice(3, 5)).toEqual(['1', '2026-11-04（#2）']);
      expect(rows('三会一课').find((r) => r[0] === BRANCH && r[1] === '支部党员大会' && r[3] === '2026年第四季度')?.slice(4, 7)).toEqual(['1', '2026-10-20（#1）', '是']);
      const log = rows('修改记录');
      expect(log[1]?.slice(0, 7)).toEqual(['2026-11-05 10:00:00', BRANCH, '2', '修改', '人数', '8人', '9人']);
      expect(log[1]?.[8]).toContain('staff-1');
      expect(log).toHaveLength(2);
      expect((await fetch(`${base}/export/${token?.slice(0, -2)}AA.xlsx`)).status).toBe(403);
    }, 120_000);
  });
}
