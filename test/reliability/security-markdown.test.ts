// Issue 11, defect 9: markdown and mention injection under the bot's name. Report texts, names
// and command arguments are user text; echoed raw, both platforms' markdown obeys them (WeCom
// `<@all>` and `<font>`, DingTalk images as tracking pixels, links on both). Through the real bot
// (real handlers and store) and, for the pushed form, the whole service with a fake DingTalk.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBot, say, type TestBot } from '../support/bot.js';
import { dingtalkHeaders, dingtalkText } from '../platforms/support.js';
import { ADMIN, APP_SECRET, startStack, summary, type Stack } from './support.js';

const INJECTIONS = [
  '<@all>',
  '[点此领取](http://evil.example/x)',
  '![](http://evil.example/pixel.png)',
  '<font color="warning">紧急通知</font>',
  '# 伪造标题',
  '**加粗**',
  'http://evil.example/bare',
];
const PAYLOAD = INJECTIONS.join(' ');

/** Markup that would render as something other than the user's plain text. */
const RENDERED = [/<@/u, /\]\(/u, /!\[/u, /<font/iu, /(^|\n)#\s/u, /\*\*加粗/u, /https?:\/\/evil/u];

function markupIn(text: string): string[] {
  return RENDERED.filter((re) => re.test(text)).map(String);
}

let tb: TestBot;
beforeEach(async () => {
  tb = await createTestBot({ env: { ADMIN_IDS: 'console:admin' } });
});
afterEach(async () => tb.close());

describe('defect 9: user text is escaped in every markdown reply', () => {
  it('report texts, names and arguments never render as markup', async () => {
    const name = '<@all>张三[x](http://evil.example)';
    await say(tb, '绑定 注入测试党支部', { senderId: 'admin' });
    const replies: Record<string, string> = {
      上报: await say(tb, `上报 昨天走基层 ${PAYLOAD}`, { senderName: name }),
      记录: await say(tb, '记录'),
      总结: await say(tb, '总结'),
      撤销他人: await say(tb, '撤销 1', { senderId: 'someone-else' }),
      未知命令: await say(tb, `/${INJECTIONS[0]}${INJECTIONS[1]}`),
      帮助: await say(tb, `帮助 ${PAYLOAD}`),
      标准: await say(tb, `标准 ${PAYLOAD}`),
      提问: await say(tb, PAYLOAD),
    };
    const leaks = Object.entries(replies).flatMap(([k, text]) => markupIn(text).map((m) => `${k}: ${m}`));
    summary('defect 9: markdown/mention injection', { replies: Object.keys(replies).length, injections: INJECTIONS.length, leaks: leaks.length });
    expect(leaks).toEqual([]);
    // The text is still there, readable.
    expect(replies.上报).toContain('点此领取');
    expect(replies.上报).toContain('张三');
    expect(replies.记录).toContain('点此领取');
  });
});

describe('defect 9: the pushed DingTalk answer carries no user markup', () => {
  let stack: Stack;
  afterAll(async () => stack?.close());
  it('a report over DingTalk comes back escaped in the sessionWebhook markdown', async () => {
    stack = await startStack();
    const post = (msgId: string, content: string, staffId: string, nick?: string) =>
      fetch(`${stack.base}/dingtalk`, {
        method: 'POST',
        headers: dingtalkHeaders(APP_SECRET),
        body: JSON.stringify({ ...dingtalkText({ msgId, content, staffId, conversationId: 'cidInject==' }), ...(nick ? { senderNick: nick } : {}) }),
      });
    await post('inj-bind', '绑定 注入测试党支部', ADMIN);
    await stack.fake.waitFor('/robot/sendBySession', 1);
    await post('inj-report', `上报 昨天走基层 ${PAYLOAD}`, 'member', '<@all>');
    const sent = await stack.fake.waitFor('/robot/sendBySession', 2);
    const text = (sent[1]?.json as { markdown: { text: string } }).markdown.text;
    expect(text).toContain('点此领取');
    expect(markupIn(text)).toEqual([]);
  });
});
