import type { FailureReason } from '../../src/send-failure.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postJson, type SendResult } from '../../src/platforms/http.js';
import { sendWecomWebhook, wecomWebhookKey, wecomWebhookUrl } from '../../src/platforms/wecom/webhook.js';
import { rebaseSessionWebhook, sendDingtalkRobot, sendDingtalkSession } from '../../src/platforms/dingtalk/send.js';
import { DingtalkOpenApi, markdownParams } from '../../src/platforms/dingtalk/openapi.js';
import { dingtalkSign } from '../../src/platforms/dingtalk/sign.js';
import { captureLogger, startFake, type FakeServer } from './support.js';
import type { Reply } from '../../src/core.js';

const fast = { timeoutMs: 500, retries: 2, backoffMs: 5 };
const SECRET_KEY = 'wecom-key-0000-secret';
const TEXT = '这是一条不应出现在日志里的消息正文';

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.respond(undefined);
});

describe('outbound HTTP client', () => {
  it('retries 5xx with back-off, then succeeds', async () => {
    let n = 0;
    fake.respond(() => (++n < 3 ? { status: 502, body: {} } : undefined));
    const cap = captureLogger();
    const result = await sendWecomWebhook(wecomWebhookUrl(fake.url, SECRET_KEY), TEXT, { logger: cap.logger, ...fast });
    expect(result).toEqual({ ok: true });
    expect(fake.requests).toHaveLength(3);
  });

  it('gives up after the bounded retries on 5xx, marked retryable', async () => {
    fake.respond(() => ({ status: 503, body: {} }));
    const cap = captureLogger();
    const result = await sendWecomWebhook(wecomWebhookUrl(fake.url, SECRET_KEY), TEXT, { logger: cap.logger, ...fast });
    expect(result).toMatchObject({ ok: false, status: 503, reason: 'busy' });
    expect(fake.requests).toHaveLength(3);
  });

  it('does not retry 4xx; 404 means the address is dead', async () => {
    fake.respond(() => ({ status: 404, body: {} }));
    const cap = captureLogger();
    const result = await sendWecomWebhook(wecomWebhookUrl(fake.url, SECRET_KEY), TEXT, { logger: cap.logger, ...fast });
    expect(result).toMatchObject({ ok: false, status: 404, reason: 'invalid_webhook' });
    expect(fake.requests).toHaveLength(1);
  });

  it('retries refused connections and reports them retryable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const outcome = await postJson(`http://127.0.0.1:${port}/x`, {}, fast);
    expect(outcome).toEqual({ kind: 'network', reason: 'refused' });
  });

  it('times out a slow server per request', async () => {
    fake.respond(() => ({ body: { errcode: 0 }, delayMs: 400 }));
    const started = Date.now();
    const outcome = await postJson(`${fake.url}/slow`, {}, { timeoutMs: 100, retries: 1, backoffMs: 5 });
    expect(outcome).toEqual({ kind: 'network', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('does not follow redirects to another host', async () => {
    let hits = 0;
    const redirector: Server = createServer((_req, res) => {
      hits += 1;
      res.writeHead(302, { location: `${fake.url}/elsewhere` });
      res.end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    const { port } = redirector.address() as AddressInfo;
    const outcome = await postJson(`http://127.0.0.1:${port}/x`, {}, { ...fast, retries: 0 });
    expect(outcome.kind).toBe('network');
    expect(fake.on('/elsewhere')).toHaveLength(0);
    expect(hits).toBe(1);
    redirector.closeAllConnections();
    await new Promise<void>((r) => redirector.close(() => r()));
  });

  const wecomCodes: Array<[number, { reason: FailureReason }]> = [
    [93000, { reason: 'invalid_webhook' }],
    [40058, { reason: 'invalid_message' }],
    [45009, { reason: 'rate_limited' }],
  ];
  for (const [errcode, expected] of wecomCodes) {
    it(`reads WeCom errcode ${errcode} on HTTP 200 as a failure and logs its meaning, not the key or text`, async () => {
      fake.respond(() => ({ body: { errcode, errmsg: `hint: key ${SECRET_KEY}` } }));
      const cap = captureLogger();
      const result = await sendWecomWebhook(wecomWebhookUrl(fake.url, SECRET_KEY), TEXT, { logger: cap.logger, ...fast });
      expect(result).toMatchObject({ ok: false, errcode, ...expected });
      expect(fake.requests).toHaveLength(1); // errcodes are not retried on the spot
      expect(cap.text()).toContain(`"errcode":${errcode}`);
      expect(cap.text()).toContain('"meaning"');
      expect(cap.text()).not.toContain(SECRET_KEY);
      expect(cap.text()).not.toContain(TEXT);
    });
  }

  const dingtalkCodes: Array<[number, { reason: FailureReason }]> = [
    [310000, { reason: 'security' }],
    [400101, { reason: 'invalid_webhook' }],
    [400102, { reason: 'invalid_webhook' }],
    [410100, { reason: 'rate_limited' }],
    [130101, { reason: 'rate_limited' }],
    [460101, { reason: 'invalid_message' }],
    [300001, { reason: 'session_expired' }],
  ];
  for (const [errcode, expected] of dingtalkCodes) {
    it(`reads DingTalk errcode ${errcode}`, async () => {
      fake.respond(() => ({ body: { errcode, errmsg: 'x' } }));
      const cap = captureLogger();
      const result = await sendDingtalkRobot('robot-token-secret', 'SECrobotsecret', { msgtype: 'text', text: { content: TEXT } }, {
        logger: cap.logger,
        oapiBase: fake.url,
        ...fast,
      });
      expect(result).toMatchObject({ ok: false, errcode, ...expected });
      expect(cap.text()).not.toContain('robot-token-secret');
      expect(cap.text()).not.toContain('SECrobotsecret');
      expect(cap.text()).not.toContain(TEXT);
    });
  }
});

describe('WeCom webhook sender', () => {
  it('takes only the key from a webhook URL and sends to the configured base', async () => {
    expect(wecomWebhookKey('https://evil.example/cgi-bin/webhook/send?key=abc-123')).toBe('abc-123');
    expect(wecomWebhookKey('https://qyapi.weixin.qq.com/cgi-bin/webhook/send')).toBeUndefined();
    expect(wecomWebhookKey('https://x/?key=a&key=b')).toBeUndefined();
    expect(wecomWebhookKey('https://x/?key=a%26b%3Dc')).toBeUndefined();
    expect(wecomWebhookKey('not a url')).toBeUndefined();
    expect(wecomWebhookUrl('http://base/', 'k')).toBe('http://base/cgi-bin/webhook/send?key=k');
  });
});

describe('DingTalk senders', () => {
  it('rebases a sessionWebhook onto the configured base, keeping path and query only', () => {
    expect(rebaseSessionWebhook('https://evil.example/robot/sendBySession?session=abc', 'http://oapi.local')).toBe(
      'http://oapi.local/robot/sendBySession?session=abc',
    );
    expect(rebaseSessionWebhook('https://oapi.dingtalk.com/admin/delete?x=1', 'http://oapi.local')).toBeUndefined();
    expect(rebaseSessionWebhook('::::', 'http://oapi.local')).toBeUndefined();
  });

  it('signs custom robot pushes with the current timestamp', async () => {
    const cap = captureLogger();
    const now = new Date('2026-11-05T02:00:00Z');
    const result = await sendDingtalkRobot('tok', 'SECabc', { msgtype: 'markdown', markdown: { title: 't', text: 'x' } }, {
      logger: cap.logger,
      oapiBase: fake.url,
      now: () => now,
      ...fast,
    });
    expect(result.ok).toBe(true);
    const [req] = fake.on('/robot/send');
    expect(req?.query.get('access_token')).toBe('tok');
    expect(req?.query.get('timestamp')).toBe(String(now.getTime()));
    expect(req?.query.get('sign')).toBe(dingtalkSign('SECabc', String(now.getTime())));
  });

  it('sends through a session webhook', async () => {
    const cap = captureLogger();
    const result = await sendDingtalkSession(`${fake.url}/robot/sendBySession?session=s`, { msgtype: 'text', text: { content: 'hi' } }, { logger: cap.logger, ...fast });
    expect(result.ok).toBe(true);
    expect(fake.on('/robot/sendBySession')[0]?.query.get('session')).toBe('s');
  });
});

describe('DingTalk OpenAPI', () => {
  function api(now: { t: number }, cap = captureLogger()): DingtalkOpenApi {
    return new DingtalkOpenApi({
      apiBase: fake.url,
      appKey: 'appkey',
      appSecret: 'app-secret-value',
      robotCode: 'robotcode',
      logger: cap.logger,
      now: () => new Date(now.t),
      ...fast,
    });
  }

  /** One `sampleMarkdown` group message, as the push service sends it. */
  function groupMarkdown(client: DingtalkOpenApi, cid: string, reply: Reply): Promise<SendResult> {
    return client.sendGroup(cid, 'sampleMarkdown', JSON.stringify(markdownParams(reply)[0]));
  }

  it('fetches the token once, shares it between concurrent sends and refreshes it before expiry', async () => {
    const clock = { t: Date.parse('2026-11-05T02:00:00Z') };
    const cap = captureLogger();
    const client = api(clock, cap);
    const reply = { title: '标准', markdown: '**第7条**' };
    const results = await Promise.all([groupMarkdown(client, 'cid1', reply), groupMarkdown(client, 'cid2', reply)]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.on('/v1.0/oauth2/accessToken')).toHaveLength(1);
    expect((fake.on('/v1.0/oauth2/accessToken')[0]?.json as Record<string, string>).appSecret).toBe('app-secret-value');
    const sends = fake.on('/v1.0/robot/groupMessages/send');
    expect(sends).toHaveLength(2);
    expect(sends[0]?.headers['x-acs-dingtalk-access-token']).toBe('fake-access-token');
    const body = sends[0]?.json as Record<string, string>;
    expect(body).toMatchObject({ robotCode: 'robotcode', msgKey: 'sampleMarkdown' });
    expect(JSON.parse(body.msgParam ?? '')).toEqual({ title: '标准', text: '**第7条**' });

    clock.t += 60 * 60_000; // an hour later: still cached
    await groupMarkdown(client, 'cid1', reply);
    expect(fake.on('/v1.0/oauth2/accessToken')).toHaveLength(1);
    clock.t += 57 * 60_000; // 3 minutes before expiry: refreshed
    await groupMarkdown(client, 'cid1', reply);
    expect(fake.on('/v1.0/oauth2/accessToken')).toHaveLength(2);
    expect(cap.text()).not.toContain('app-secret-value');
    expect(cap.text()).not.toContain('fake-access-token');
  });

  it('drops a rejected token and retries once with a fresh one', async () => {
    const clock = { t: Date.now() };
    const client = api(clock);
    let rejected = false;
    fake.respond((r) => {
      if (r.path === '/v1.0/robot/groupMessages/send' && !rejected) {
        rejected = true;
        return { status: 401, body: { code: 'InvalidAuthentication', message: 'token expired' } };
      }
      return undefined;
    });
    const result = await groupMarkdown(client, 'cid', { title: 't', markdown: 'x' });
    expect(result.ok).toBe(true);
    expect(fake.on('/v1.0/oauth2/accessToken')).toHaveLength(2);
    expect(fake.on('/v1.0/robot/groupMessages/send')).toHaveLength(2);
  });

  it('reports a wrong appKey/appSecret as a failure, not a dead chat', async () => {
    const client = api({ t: Date.now() });
    fake.respond((r) => (r.path === '/v1.0/oauth2/accessToken' ? { status: 400, body: { code: 'invalidClientIdOrSecret', message: 'x' } } : undefined));
    const result = await groupMarkdown(client, 'cid', { title: 't', markdown: 'x' });
    expect(result).toMatchObject({ ok: false, reason: 'token', status: 400 });
    expect(fake.on('/v1.0/robot/groupMessages/send')).toHaveLength(0);
  });
});
