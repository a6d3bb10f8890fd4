// Reading “推送” arguments and showing channels: which robot a pasted address means, and masking.
import { channelDead, retryable } from '../../src/send-failure.js';
import { describe, expect, it } from 'vitest';
import { describeChannel, explainFailure, mask, parsePushArgs } from '../../src/push/index.js';
import { dingtalkSecret, dingtalkToken, wecomKey } from './support.js';
import { interpretWebhook, type ErrorTable, type SendFailure } from '../../src/platforms/http.js';
import { WECOM_ERRORS } from '../../src/platforms/wecom/errors.js';
import { DINGTALK_ERRORS } from '../../src/platforms/dingtalk/errors.js';

const BASE = 'http://wecom.test';

describe('parsePushArgs', () => {
  it('reads the words 测试 / 关闭 / 开启 and an empty argument', () => {
    expect(parsePushArgs('', 'wecom', BASE)).toEqual({ kind: 'show' });
    expect(parsePushArgs('测试', 'wecom', BASE)).toEqual({ kind: 'test' });
    expect(parsePushArgs('关闭', 'dingtalk', BASE)).toEqual({ kind: 'close' });
    expect(parsePushArgs('开启', 'dingtalk', BASE)).toEqual({ kind: 'open' });
  });

  it('turns a WeCom webhook URL or bare key into our own send address', () => {
    const key = wecomKey();
    const expected = { kind: 'set', channel: { kind: 'wecom-webhook', url: `${BASE}/cgi-bin/webhook/send?key=${key}` } };
    expect(parsePushArgs(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`, 'wecom', BASE)).toEqual(expected);
    // The host in the pasted URL is ignored: we only ever call WECOM_API_BASE.
    expect(parsePushArgs(`https://evil.example/cgi-bin/webhook/send?key=${key}`, 'wecom', BASE)).toEqual(expected);
    expect(parsePushArgs(key, 'wecom', BASE)).toEqual(expected);
    expect(parsePushArgs(key, 'console', BASE)).toEqual(expected);
  });

  it('reads a DingTalk robot URL or bare token, with an optional SEC secret', () => {
    const token = dingtalkToken();
    const secret = dingtalkSecret();
    expect(parsePushArgs(`https://oapi.dingtalk.com/robot/send?access_token=${token}`, 'dingtalk', BASE)).toEqual({
      kind: 'set',
      channel: { kind: 'dingtalk-robot', accessToken: token },
    });
    expect(parsePushArgs(`https://oapi.dingtalk.com/robot/send?access_token=${token} ${secret}`, 'dingtalk', BASE)).toEqual({
      kind: 'set',
      channel: { kind: 'dingtalk-robot', accessToken: token, secret },
    });
    expect(parsePushArgs(`${token} ${secret}`, 'console', BASE)).toMatchObject({ kind: 'set', channel: { kind: 'dingtalk-robot' } });
  });

  it('explains bad input without repeating it', () => {
    const token = dingtalkToken();
    const cases: Array<[string, 'wecom' | 'dingtalk' | 'console']> = [
      ['https://example.com/hook?x=1', 'wecom'],
      [`https://oapi.dingtalk.com/robot/send?access_token=${token}`, 'wecom'],
      [`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${wecomKey()}`, 'dingtalk'],
      [`${token} notasecret`, 'dingtalk'],
      [dingtalkSecret(), 'dingtalk'],
      ['a b c', 'dingtalk'],
      ['短', 'console'],
    ];
    for (const [input, platform] of cases) {
      const parsed = parsePushArgs(input, platform, BASE);
      expect(parsed.kind, input).toBe('invalid');
      if (parsed.kind === 'invalid') for (const word of input.split(' ')) if (word.length > 6) expect(parsed.problem).not.toContain(word);
    }
  });
});

describe('showing channels', () => {
  it('masks keys and tokens and never shows a signing secret', () => {
    const key = wecomKey();
    const token = dingtalkToken();
    const secret = dingtalkSecret();
    expect(mask('ab12cdefghijklmnef90')).toBe('ab12…ef90');
    expect(mask('short')).toBe('****');
    const wecom = describeChannel({ kind: 'wecom-webhook', url: `${BASE}/cgi-bin/webhook/send?key=${key}` });
    expect(wecom).toContain(`${key.slice(0, 4)}…${key.slice(-4)}`);
    expect(wecom).not.toContain(key);
    const ding = describeChannel({ kind: 'dingtalk-robot', accessToken: token, secret });
    expect(ding).toContain('已加签');
    expect(ding).not.toContain(token);
    expect(ding).not.toContain(secret.slice(3, 12));
  });

  it('explains platform errcodes in Chinese', () => {
    // Through the platform's own errcode table, as the senders read an answer.
    const answer = (table: ErrorTable, errcode: number): SendFailure => {
      const result = interpretWebhook(table, { kind: 'response', status: 200, body: { errcode } });
      if (result.ok) throw new Error('expected a failure');
      return result;
    };
    expect(explainFailure(answer(WECOM_ERRORS, 93000))).toContain('机器人地址或 key 无效');
    expect(answer(WECOM_ERRORS, 93000).reason).toBe('invalid_webhook');
    expect(channelDead(answer(WECOM_ERRORS, 93000).reason)).toBe(true);
    expect(explainFailure(answer(DINGTALK_ERRORS, 310000))).toContain('加签密钥');
    expect(explainFailure(answer(WECOM_ERRORS, 45009))).toContain('每分钟最多 20 条');
    expect(answer(WECOM_ERRORS, 45009).reason).toBe('rate_limited');
    expect(retryable(answer(WECOM_ERRORS, 45009).reason)).toBe(true);
    expect(answer(DINGTALK_ERRORS, 130101).reason).toBe('rate_limited');
    expect(answer(DINGTALK_ERRORS, -1).reason).toBe('busy');
    expect(answer(DINGTALK_ERRORS, 424242).reason).toBe('rejected');
    expect(explainFailure({ ok: false, meaning: 'request timed out', reason: 'timeout' })).toContain('不再重发');
    expect(explainFailure({ ok: false, errcode: 123, meaning: 'unknown error', reason: 'rejected' })).toContain('123');
  });
});
