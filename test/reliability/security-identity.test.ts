// Issue 11, defects 7 and 12, through the real bot and store:
//   7. a report's reporter is a user of one platform: WeCom `sec1` may not undo or change the
//      record of DingTalk `sec1` (the same id on another platform is another person);
//   12. only the bot's own mention is stripped: 上报 昨天与 @张三 @李四 一起走基层 keeps the names.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stripMentions } from '../../src/bot/mention.js';
import { createTestBot, say, type TestBot } from '../support/bot.js';
import { summary } from './support.js';

let tb: TestBot;
beforeEach(async () => {
  tb = await createTestBot({ env: { ADMIN_IDS: 'wecom:admin,dingtalk:admin' } });
});
afterEach(async () => tb.close());

const BRANCH = '身份测试党支部';

describe('defect 7: the reporter is a user of one platform', () => {
  it('WeCom sec1 cannot undo or amend DingTalk sec1’s record; DingTalk sec1 can', async () => {
    const wecom = { platform: 'wecom' as const, conversationId: 'wrkId' };
    const dingtalk = { platform: 'dingtalk' as const, conversationId: 'cidId==' };
    await say(tb, `绑定 ${BRANCH}`, { ...wecom, senderId: 'admin' });
    await say(tb, `绑定 ${BRANCH}`, { ...dingtalk, senderId: 'admin' });
    const recorded = await say(tb, '上报 昨天组织党员走基层', { ...dingtalk, senderId: 'sec1' });
    expect(recorded).toContain('已记录');
    const amend = await say(tb, '修改 #1 内容 改掉的内容', { ...wecom, senderId: 'sec1' });
    const undo = await say(tb, '撤销 1', { ...wecom, senderId: 'sec1' });
    const still = await tb.store.getReport(BRANCH, 1);
    const own = await say(tb, '撤销 1', { ...dingtalk, senderId: 'sec1' });
    summary('defect 7: reporter id with its platform', {
      otherPlatformAmendRefused: amend.includes('只有上报人本人或管理员') ? 1 : 0,
      otherPlatformUndoRefused: undo.includes('只有上报人本人或管理员') ? 1 : 0,
      ownUndoAccepted: own.includes('已撤销') ? 1 : 0,
    });
    expect(amend).toContain('只有上报人本人或管理员');
    expect(undo).toContain('只有上报人本人或管理员');
    expect(still?.text).toBe('昨天组织党员走基层');
    expect(own).toContain('已撤销');
  });
});

describe('defect 12: only the bot’s own mention is stripped', () => {
  it('keeps the people a report names and removes the bot', async () => {
    await say(tb, `绑定 ${BRANCH}`, { senderId: 'admin', platform: 'wecom' });
    await say(tb, '@党建助手 上报 昨天与 @张三 @李四 一起走基层', { platform: 'wecom' });
    await say(tb, '上报 前天和＠王五一起学习 @党建助手', { platform: 'wecom' });
    const [second, first] = await tb.store.listReports(BRANCH);
    const cases = {
      '@党建助手 第7条': '第7条',
      '@党建助手第7条': '第7条',
      '第7条 @党建助手': '第7条',
      '@小助手 第7条': '第7条', // a renamed bot: its mention comes first
      '上报 昨天与 @张三 @李四 一起走基层': '上报 昨天与 @张三 @李四 一起走基层',
    };
    let right = 0;
    for (const [input, expected] of Object.entries(cases)) if (stripMentions(input) === expected) right += 1;
    summary('defect 12: mention stripping', { cases: Object.keys(cases).length, right, namesKept: first?.text.includes('@张三 @李四') ? 1 : 0 });
    expect(first?.text).toBe('昨天与 @张三 @李四 一起走基层');
    expect(second?.text).toBe('前天和＠王五一起学习');
    for (const [input, expected] of Object.entries(cases)) expect(stripMentions(input)).toBe(expected);
  });
});
