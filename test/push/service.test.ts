// The push service against local fake WeCom / DingTalk servers over real HTTP: the right address,
// a correct DingTalk signature (checked at the fake), errcodes read and explained, dead channels
// marked while the other groups still get theirs, and no secret in any log line.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { dingtalkSign } from '../../src/platforms/dingtalk/sign.js';
import { wecomWebhookUrl } from '../../src/platforms/wecom/webhook.js';
import { createPushService, type PushService } from '../../src/push/index.js';
import { EmbeddedStore } from '../../src/store/index.js';
import { captureLogger, startFake, type CapturedLogger, type FakeServer, type Recorded } from '../platforms/support.js';
import { dingtalkSecret, dingtalkToken, group, setChannel, wecomKey } from './support.js';
import { reply } from '../../src/core.js';

const fast = { timeoutMs: 1000, retries: 1, backoffMs: 5 };
const SECRET_KEY = 'late-reply-robot-key';
const message = reply('【党建助手】测试', '**【党建助手】测试**\n\n内容');

let fake: FakeServer;
let dir: string;
let store: EmbeddedStore;
let log: CapturedLogger;
let push: PushService;

beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => fake.close());

function config(extra: Record<string, string> = {}) {
  return loadConfig({ NODE_ENV: 'test', WECOM_API_BASE: fake.url, DINGTALK_OAPI_BASE: fake.url, DINGTALK_API_BASE: fake.url, ...extra });
}

beforeEach(() => {
  fake.requests.length = 0;
  fake.respond(undefined);
  dir = mkdtempSync(join(tmpdir(), 'djzs-push-'));
  store = new EmbeddedStore({ dir });
  log = captureLogger();
  push = createPushService(config(), store, log.logger, { http: fast, retry: { backoffMs: 5, rateWindowMs: 5 } });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The fake checks DingTalk's custom robot signature the way DingTalk does. */
function verifyingDingtalk(secret: string) {
  return (req: Recorded) => {
    if (req.path !== '/robot/send') return undefined;
    const timestamp = req.query.get('timestamp') ?? '';
    const sign = req.query.get('sign') ?? '';
    const fresh = Math.abs(Date.now() - Number(timestamp)) < 3_600_000;
    const ok = fresh && sign === dingtalkSign(secret, timestamp);
    return { body: ok ? { errcode: 0, errmsg: 'ok' } : { errcode: 310000, errmsg: 'sign not match' } };
  };
}

describe('PushService', () => {
  it('sends a long late reply as ordered markdown parts within 4096 bytes, mentioning first', async () => {
    const markdown = Array.from({ length: 400 }, (_, i) => `- 第${i + 1}项：每半年至少组织党员开展一次走基层`).join('\n');
    const result = await push.sendVia({ kind: 'wecom-webhook', url: wecomWebhookUrl(fake.url, SECRET_KEY) }, { title: 't', markdown }, { mentionUserId: 'zhangsan' });
    expect(result.ok).toBe(true);
    const sent = fake.on('/cgi-bin/webhook/send');
    expect(sent.length).toBeGreaterThan(2);
    sent.forEach((r, i) => {
      expect(r.query.get('key')).toBe(SECRET_KEY);
      const body = r.json as { msgtype: string; markdown: { content: string } };
      expect(body.msgtype).toBe('markdown');
      expect(Buffer.byteLength(body.markdown.content)).toBeLessThanOrEqual(4096);
      expect(body.markdown.content.endsWith(`（${i + 1}/${sent.length}）`)).toBe(true);
    });
    expect((sent[0]?.json as { markdown: { content: string } }).markdown.content.startsWith('<@zhangsan>')).toBe(true);
  });

  it('sends WeCom markdown to the configured API base, whatever host the stored URL names', async () => {
    const g = group('wrkA');
    const key = wecomKey();
    await setChannel(store, g, { kind: 'wecom-webhook', url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}` });
    expect(await push.send(g, message)).toEqual({ status: 'sent' });
    const [req] = fake.on('/cgi-bin/webhook/send');
    expect(req?.query.get('key')).toBe(key);
    expect(req?.json).toEqual({ msgtype: 'markdown', markdown: { content: message.markdown } });
    expect(log.text()).not.toContain(key);
  });

  it('signs DingTalk custom robot pushes so that the fake accepts them', async () => {
    const g = group('cidA', 'dingtalk');
    const token = dingtalkToken();
    const secret = dingtalkSecret();
    fake.respond(verifyingDingtalk(secret));
    await setChannel(store, g, { kind: 'dingtalk-robot', accessToken: token, secret });
    expect(await push.send(g, message)).toEqual({ status: 'sent' });
    const [req] = fake.on('/robot/send');
    expect(req?.query.get('access_token')).toBe(token);
    expect(req?.json).toMatchObject({ msgtype: 'markdown', markdown: { title: message.title, text: message.markdown } });

    // A wrong secret is refused by the fake (310000), explained, and does not kill the channel.
    await setChannel(store, g, { kind: 'dingtalk-robot', accessToken: token, secret: dingtalkSecret() });
    const failed = await push.send(g, message);
    expect(failed).toMatchObject({ status: 'failed', markedDead: false });
    if (failed.status === 'failed') expect(failed.explanation).toContain('310000');
    expect((await store.getPushChannel(g))?.dead).toBeUndefined();
    for (const secretText of [token, secret]) expect(log.text()).not.toContain(secretText);
  });

  it('sends an unsigned DingTalk robot push without timestamp and sign', async () => {
    const g = group('cidB', 'dingtalk');
    await setChannel(store, g, { kind: 'dingtalk-robot', accessToken: dingtalkToken() });
    expect(await push.send(g, message)).toEqual({ status: 'sent' });
    const [req] = fake.on('/robot/send');
    expect(req?.query.has('sign')).toBe(false);
    expect(req?.query.has('timestamp')).toBe(false);
  });

  it('sends through the DingTalk enterprise robot OpenAPI when configured', async () => {
    const withApi = createPushService(
      config({ DINGTALK_APP_SECRET: 'app-secret-0123456789', DINGTALK_APP_KEY: 'appkey', DINGTALK_ROBOT_CODE: 'robotcode' }),
      store,
      log.logger,
      { http: fast },
    );
    const g = group('cidOpen==', 'dingtalk');
    await setChannel(store, g, { kind: 'dingtalk-openapi', openConversationId: 'cidOpen==' });
    expect(await withApi.send(g, message)).toEqual({ status: 'sent' });
    const [req] = fake.on('/v1.0/robot/groupMessages/send');
    expect(req?.headers['x-acs-dingtalk-access-token']).toBe('fake-access-token');
    expect(req?.json).toMatchObject({ robotCode: 'robotcode', openConversationId: 'cidOpen==', msgKey: 'sampleMarkdown' });
    // Without the app configured the same channel fails with an explanation, and stays alive.
    const failed = await push.send(g, message);
    expect(failed).toMatchObject({ status: 'failed', markedDead: false });
  });

  it('marks a channel dead on 93000, skips it afterwards, and sends to the others', async () => {
    const keys = [wecomKey(), wecomKey(), wecomKey()];
    const groups = keys.map((_, i) => group(`wrk${i}`));
    for (const [i, g] of groups.entries()) await setChannel(store, g, { kind: 'wecom-webhook', url: `${fake.url}/cgi-bin/webhook/send?key=${keys[i]}` });
    const deadKey = keys[1];
    fake.respond((req) => (req.query.get('key') === deadKey ? { body: { errcode: 93000, errmsg: 'invalid webhook url' } } : undefined));

    const results = await push.forEach(groups, (g) => push.send(g, message));
    expect(results.map((r) => r.status)).toEqual(['sent', 'failed', 'sent']);
    expect(results[1]).toMatchObject({ markedDead: true, reason: 'invalid_webhook' });
    const dead = await store.getPushChannel(groups[1] ?? group('x'));
    expect(dead?.dead?.reason).toContain('93000');

    // The dead channel is not tried again; the others still are.
    const again = await push.forEach(groups, (g) => push.send(g, message));
    expect(again.map((r) => r.status)).toEqual(['sent', 'dead', 'sent']);
    expect(fake.requests.filter((r) => r.query.get('key') === deadKey)).toHaveLength(1);
    for (const k of keys) expect(log.text()).not.toContain(k);
  });

  it('reports a frequency limit as retryable without killing the channel', async () => {
    const g = group('wrkBusy');
    await setChannel(store, g, { kind: 'wecom-webhook', url: `${fake.url}/cgi-bin/webhook/send?key=${wecomKey()}` });
    fake.respond(() => ({ body: { errcode: 45009, errmsg: 'api freq out of limit' } }));
    const result = await push.send(g, message);
    expect(result).toMatchObject({ status: 'failed', reason: 'rate_limited', markedDead: false });
    expect((await store.getPushChannel(g))?.dead).toBeUndefined();
  });

  it('answers no-channel for a group without one', async () => {
    expect(await push.send(group('nobody'), message)).toEqual({ status: 'no-channel' });
  });
});
