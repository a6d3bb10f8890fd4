// “推送” through the real bot: admins only, secrets never echoed, test message to the fake robot,
// a dead channel shown in 推送 and in the committee's 汇总, 关闭 / 开启.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dingtalkSign } from '../../src/platforms/dingtalk/sign.js';
import { createTestBot, say, type TestBot } from '../support/bot.js';
import { startFake, type FakeServer } from '../platforms/support.js';
import { dingtalkSecret, dingtalkToken, wecomKey } from './support.js';

const ADMIN = { senderId: 'admin', senderName: '管理员' };
const WECOM = { platform: 'wecom' as const, conversationId: 'wrkBranch', ...ADMIN };
const DING = { platform: 'dingtalk' as const, conversationId: 'cidBranch==', ...ADMIN };
const COMMITTEE = { conversationId: 'committee', ...ADMIN };

let fake: FakeServer;
let tb: TestBot;

beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => fake.close());

beforeEach(async () => {
  fake.requests.length = 0;
  fake.respond(undefined);
  tb = await createTestBot({
    env: { ADMIN_IDS: 'console:admin,wecom:admin,dingtalk:admin', WECOM_API_BASE: fake.url, DINGTALK_OAPI_BASE: fake.url },
  });
});
afterEach(async () => tb.close());

describe('推送 (WeCom group robot)', () => {
  it('is for admins only', async () => {
    const text = await say(tb, `推送 ${wecomKey()}`, { ...WECOM, senderId: 'member' });
    expect(text).toContain('仅限管理员');
    expect(await tb.store.getPushChannel({ platform: 'wecom', conversationId: 'wrkBranch' })).toBeNull();
  });

  it('sets the channel from a webhook URL, masks the key, and sends a test message', async () => {
    const key = wecomKey();
    await say(tb, '绑定 第一党支部', WECOM);
    const set = await say(tb, `推送 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`, WECOM);
    expect(set).toContain('已设置本群推送：企业微信群机器人');
    expect(set).toContain(`${key.slice(0, 4)}…${key.slice(-4)}`);
    expect(set).not.toContain(key);

    const shown = await say(tb, '推送', WECOM);
    expect(shown).toContain('正常');
    expect(shown).toContain('管理员设置');
    expect(shown).not.toContain(key);

    const tested = await say(tb, '推送 测试', WECOM);
    expect(tested).toContain('测试消息已发出');
    expect(tested).not.toContain(key);
    const [req] = fake.on('/cgi-bin/webhook/send');
    expect(req?.query.get('key')).toBe(key);
    expect(JSON.stringify(req?.json)).toContain('推送测试');
  });

  it('marks a dead robot, says why, and lists it in the committee 汇总', async () => {
    const key = wecomKey();
    await say(tb, '绑定 第一党支部', WECOM);
    await say(tb, '绑定 委员会', COMMITTEE);
    await say(tb, `推送 ${key}`, WECOM);
    fake.respond(() => ({ body: { errcode: 93000, errmsg: 'invalid webhook url' } }));
    const tested = await say(tb, '推送 测试', WECOM);
    expect(tested).toContain('测试消息发送失败');
    expect(tested).toContain('93000');
    expect(tested).toContain('已把这个地址标为失效');
    expect(await say(tb, '推送', WECOM)).toContain('❌ 已失效');

    const overview = await say(tb, '汇总', COMMITTEE);
    expect(overview).toContain('**推送失效**（1');
    expect(overview).toContain('第一党支部：企业微信机器人地址或 key 无效（93000）');
    expect(overview).toContain('**未设置推送**（1');
    expect(overview).not.toContain(key);

    // Working again: a successful test brings the channel back to life.
    fake.respond(undefined);
    expect(await say(tb, '推送 测试', WECOM)).toContain('测试消息已发出');
    expect(await say(tb, '推送', WECOM)).toContain('正常');
    expect(await say(tb, '汇总', COMMITTEE)).not.toContain('推送失效');
  });

  it('turns pushes off and on again, keeping the address', async () => {
    await say(tb, `推送 ${wecomKey()}`, WECOM);
    expect(await say(tb, '推送 关闭', WECOM)).toContain('已关闭本群推送');
    expect(await say(tb, '推送', WECOM)).toContain('已关闭');
    expect(await say(tb, '推送 测试', WECOM)).toContain('推送已关闭');
    expect(fake.requests).toHaveLength(0);
    expect(await say(tb, '推送 开启', WECOM)).toContain('已开启本群推送');
    expect(await say(tb, '推送', WECOM)).toContain('正常');
  });

  it('answers bad input with usage and an example, without echoing it', async () => {
    const token = dingtalkToken();
    const text = await say(tb, `推送 https://oapi.dingtalk.com/robot/send?access_token=${token}`, WECOM);
    expect(text).toContain('请使用企业微信群机器人的 webhook 地址');
    expect(text).toContain('用法：推送');
    expect(text).toContain('例如：推送 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=');
    expect(text).not.toContain(token);
  });

  it('shows how to set a channel when there is none, and refuses single chats', async () => {
    expect(await say(tb, '推送', WECOM)).toContain('本群还没有推送地址');
    expect(await say(tb, '推送', { ...WECOM, chatType: 'single' })).toContain('请在要接收提醒的群里发送');
  });
});

describe('推送 (DingTalk custom robot)', () => {
  it('keeps token and SEC secret out of every reply and signs the test message', async () => {
    const token = dingtalkToken();
    const secret = dingtalkSecret();
    fake.respond((req) => {
      const timestamp = req.query.get('timestamp') ?? '';
      return { body: req.query.get('sign') === dingtalkSign(secret, timestamp) ? { errcode: 0 } : { errcode: 310000 } };
    });
    const replies = [
      await say(tb, `推送 https://oapi.dingtalk.com/robot/send?access_token=${token} ${secret}`, DING),
      await say(tb, '推送', DING),
      await say(tb, '推送 测试', DING),
    ];
    expect(replies[0]).toContain('钉钉自定义机器人');
    expect(replies[0]).toContain('已加签');
    expect(replies[0]).toContain('注意：本群还没有绑定支部');
    expect(replies[2]).toContain('测试消息已发出');
    for (const text of replies) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(3, 15));
    }
    expect(fake.on('/robot/send')[0]?.query.get('access_token')).toBe(token);
  });
});
