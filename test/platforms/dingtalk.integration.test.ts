// DingTalk end to end: the real app on loopback, the real bot, callbacks signed as DingTalk signs
// them, and a fake DingTalk (sessionWebhook host and OpenAPI) recording what reaches it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BackgroundTasks } from '../../src/tasks.js';
import type { TestBot } from '../support/bot.js';
import { startPlatformApp, type PlatformApp } from '../support/platform-app.js';
import {
  dingtalkHeaders,
  dingtalkText,
  post,
  type CapturedLogger,
  type FakeServer,
  type RunningApp,
} from './support.js';

const APP_SECRET = 'test-app-secret-0123456789';
const APP_KEY = 'dingappkey';
const ROBOT_CODE = 'dingrobotcode';
const CRITERION = '每半年至少组织党员开展一次走基层';
const SOURCE = '附件第7条';

let stack: PlatformApp;
let fake: FakeServer;
let tb: TestBot;
let app: RunningApp;
let tasks: BackgroundTasks;
let log: CapturedLogger;
let seq = 0;
const nextId = (p: string): string => `${p}${Date.now()}${++seq}`;


interface SessionBody {
  msgtype: string;
  markdown: { title: string; text: string };
  at?: { atUserIds?: string[] };
}

function send(base: string, body: unknown, headers: Record<string, string> = dingtalkHeaders(APP_SECRET)): ReturnType<typeof post> {
  return post(`${base}/dingtalk`, JSON.stringify(body), headers);
}

beforeAll(async () => {
  stack = await startPlatformApp((url) => ({
    DINGTALK_APP_SECRET: APP_SECRET,
    DINGTALK_APP_KEY: APP_KEY,
    DINGTALK_ROBOT_CODE: ROBOT_CODE,
    DINGTALK_API_BASE: url,
    DINGTALK_OAPI_BASE: url,
    DINGTALK_MODE: 'http',
  }));
  ({ fake, tb, app, tasks, log } = stack);
});

afterAll(() => stack.close());
beforeEach(() => stack.reset());

describe('POST /dingtalk answers through the sessionWebhook', () => {
  it('answers a group question with the criterion, @-mentioning the sender, at our OAPI base', async () => {
    const res = await send(app.url, dingtalkText({ msgId: nextId('m'), content: '第7条', staffId: 'staff001', sessionHost: 'https://evil.example' }));
    expect(res.status).toBe(200);
    const [sent] = await fake.waitFor('/robot/sendBySession', 1);
    expect(sent?.query.get('session')).toMatch(/^sess-/);
    const body = sent?.json as SessionBody;
    expect(body.msgtype).toBe('markdown');
    expect(body.at?.atUserIds).toEqual(['staff001']);
    expect(body.markdown.text).toContain('@staff001');
    expect(body.markdown.text).toContain(CRITERION);
    expect(body.markdown.text).toContain(SOURCE);
    expect(body.markdown.title.length).toBeGreaterThan(0);
    expect(Buffer.byteLength(sent?.text ?? '')).toBeLessThanOrEqual(20000);
  });

  it('answers without a mention when the sender has no staffId', async () => {
    await send(app.url, dingtalkText({ msgId: nextId('m'), content: '第7条' }));
    const [sent] = await fake.waitFor('/robot/sendBySession', 1);
    const body = sent?.json as SessionBody;
    expect(body.at).toBeUndefined();
    expect(body.markdown.text).not.toContain('@');
    expect(body.markdown.text).toContain(CRITERION);
  });

  it('answers a single chat (conversationType 1)', async () => {
    await send(app.url, dingtalkText({ msgId: nextId('m'), content: '第7条', staffId: 's1', conversationType: '1', conversationId: 'cidSingle' }));
    const [sent] = await fake.waitFor('/robot/sendBySession', 1);
    expect((sent?.json as SessionBody).markdown.text).toContain(CRITERION);
  });

  it('records a report before acknowledging it, so a crash after the 200 cannot lose it', async () => {
    const conversationId = `cidAck${nextId('')}==`;
    await tb.store.setBinding({
      group: { platform: 'dingtalk', conversationId },
      target: { kind: 'branch', branch: '应答前记录支部' },
      boundBy: 'test',
      boundAt: new Date().toISOString(),
    });
    const msgId = nextId('ack');
    const res = await send(app.url, dingtalkText({ msgId, content: '上报 昨天组织党员走基层', conversationId, staffId: 's1' }));
    expect(res.status).toBe(200);
    // No waiting: at the moment of the acknowledgement the record is already stored.
    expect(await tb.store.findReportByMessage('dingtalk', `dingtalk:${msgId}`)).toMatchObject({ branch: '应答前记录支部' });
    await tasks.drain(5000);
  });

  it('acknowledges at the ack deadline when the answer is slow, and answers afterwards', async () => {
    const slowApp = await stack.variant({ bot: stack.slowBot(400), ackWindowMs: 50 });
    try {
      const started = Date.now();
      const res = await send(slowApp.url, dingtalkText({ msgId: nextId('slow'), content: '第7条', staffId: 's1' }));
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(300);
      expect(fake.on('/robot/sendBySession')).toHaveLength(0);
      await fake.waitFor('/robot/sendBySession', 1);
    } finally {
      await tasks.drain(5000);
      await slowApp.close();
    }
  });

  it('ignores other message types and conversation types with 200', async () => {
    const file = { ...dingtalkText({ msgId: nextId('file'), content: 'x' }), msgtype: 'file', content: { downloadCode: 'x', fileName: 'a.pdf' } };
    const other = dingtalkText({ msgId: nextId('other'), content: '第7条' });
    expect((await send(app.url, file)).status).toBe(200);
    expect((await send(app.url, { ...other, conversationType: '3' })).status).toBe(200);
    await tasks.drain(5000);
    expect(fake.requests).toHaveLength(0);
  });

  it('answers a picture with no recent report with how to attach photos, without downloading it', async () => {
    const picture = { ...dingtalkText({ msgId: nextId('pic'), content: 'x', conversationType: '1' }), msgtype: 'picture', content: { downloadCode: 'x' } };
    expect((await send(app.url, picture)).status).toBe(200);
    const sent = await fake.waitFor('/robot/sendBySession', 1);
    expect((sent[0]?.json as { markdown: { text: string } }).markdown.text).toContain('附图 #编号');
    expect(fake.on('/v1.0/robot/messageFiles')).toHaveLength(0);
  });

  it('accepts callbacks where optional fields are absent and unknown fields present', async () => {
    const minimal = { msgtype: 'text', text: { content: '第7条' }, msgId: nextId('min'), conversationType: '2', conversationId: 'cidMin', senderId: 'x', sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=min', somethingNew: { a: 1 } };
    expect((await send(app.url, minimal)).status).toBe(200);
    await fake.waitFor('/robot/sendBySession', 1);
  });
});

describe('POST /dingtalk falls back to the OpenAPI group send', () => {
  it('uses the OpenAPI when the sessionWebhook has expired, fetching the token once for two messages', async () => {
    const expired = Date.now() - 60_000;
    const cid = 'cidExpired==';
    for (const id of [nextId('exp'), nextId('exp')]) {
      expect((await send(app.url, dingtalkText({ msgId: id, content: '第7条', staffId: 'staff001', expiresAt: expired, conversationId: cid }))).status).toBe(200);
      await tasks.drain(5000);
    }
    expect(fake.on('/robot/sendBySession')).toHaveLength(0);
    expect(fake.on('/v1.0/oauth2/accessToken')).toHaveLength(1);
    expect(fake.on('/v1.0/oauth2/accessToken')[0]?.json).toEqual({ appKey: APP_KEY, appSecret: APP_SECRET });
    const sends = fake.on('/v1.0/robot/groupMessages/send');
    expect(sends).toHaveLength(2);
    for (const s of sends) {
      expect(s.headers['x-acs-dingtalk-access-token']).toBe('fake-access-token');
      const body = s.json as { robotCode: string; openConversationId: string; msgKey: string; msgParam: string };
      expect(body).toMatchObject({ robotCode: ROBOT_CODE, openConversationId: cid, msgKey: 'sampleMarkdown' });
      const param = JSON.parse(body.msgParam) as { title: string; text: string };
      expect(param.text).toContain(CRITERION);
      expect(Buffer.byteLength(body.msgParam)).toBeLessThanOrEqual(15000);
    }
  });

  it('uses the OpenAPI single-chat send for an expired single chat', async () => {
    await send(app.url, dingtalkText({ msgId: nextId('one'), content: '第7条', staffId: 'staff009', conversationType: '1', conversationId: 'cidOne', expiresAt: Date.now() - 1000 }));
    const [sent] = await fake.waitFor('/v1.0/robot/oToMessages/batchSend', 1);
    const body = sent?.json as { robotCode: string; userIds: string[]; msgKey: string; msgParam: string };
    expect(body).toMatchObject({ robotCode: ROBOT_CODE, userIds: ['staff009'], msgKey: 'sampleMarkdown' });
    expect(body.msgParam).toContain(CRITERION);
  });

  it('falls back when the session send answers "session does not exist" (300001)', async () => {
    fake.respond((r) => (r.path === '/robot/sendBySession' ? { body: { errcode: 300001, errmsg: 'session 不存在' } } : undefined));
    await send(app.url, dingtalkText({ msgId: nextId('gone'), content: '第7条', staffId: 's1', conversationId: 'cidGone' }));
    const [fallback] = await fake.waitFor('/v1.0/robot/groupMessages/send', 1);
    expect((fallback?.json as { openConversationId: string }).openConversationId).toBe('cidGone');
    expect(fake.on('/robot/sendBySession')).toHaveLength(1);
  });

  it('does not fall back for failures that are not about the session (throttled)', async () => {
    fake.respond((r) => (r.path === '/robot/sendBySession' ? { body: { errcode: 410100, errmsg: 'too fast' } } : undefined));
    await send(app.url, dingtalkText({ msgId: nextId('fast'), content: '第7条' }));
    await tasks.drain(5000);
    // Retried after back-off (1 + 3 tries), then given up: still no fallback.
    expect(fake.on('/robot/sendBySession')).toHaveLength(4);
    expect(fake.on('/v1.0/robot/groupMessages/send')).toHaveLength(0);
  });

  it('records an OpenAPI push channel for a group that has none', async () => {
    const group = { platform: 'dingtalk' as const, conversationId: 'cidPush==' };
    await send(app.url, dingtalkText({ msgId: nextId('push'), content: '帮助', conversationId: group.conversationId }));
    await tasks.drain(5000);
    expect(await tb.store.getPushChannel(group)).toMatchObject({ setBy: 'auto', channel: { kind: 'dingtalk-openapi', openConversationId: group.conversationId } });
    const admin = { channel: { kind: 'dingtalk-robot' as const, accessToken: 't', secret: 'SECx' }, setBy: 'dingtalk:admin', setAt: new Date().toISOString() };
    await tb.store.setPushChannel(group, admin);
    await send(app.url, dingtalkText({ msgId: nextId('push'), content: '帮助', conversationId: group.conversationId }));
    await tasks.drain(5000);
    expect(await tb.store.getPushChannel(group)).toMatchObject({ setBy: 'dingtalk:admin', channel: { kind: 'dingtalk-robot' } });
  });
});

describe('POST /dingtalk dedupe and rejection', () => {
  it('answers a message delivered twice, and three times concurrently, exactly once each', async () => {
    const msg = dingtalkText({ msgId: nextId('dup'), content: '第7条', staffId: 's1' });
    expect((await send(app.url, msg)).status).toBe(200);
    expect((await send(app.url, msg)).status).toBe(200);
    await tasks.drain(5000);
    expect(fake.on('/robot/sendBySession')).toHaveLength(1);

    fake.requests.length = 0;
    const msg3 = dingtalkText({ msgId: nextId('dup3'), content: '第7条', staffId: 's1' });
    const results = await Promise.all([send(app.url, msg3), send(app.url, msg3), send(app.url, msg3)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await tasks.drain(5000);
    expect(fake.on('/robot/sendBySession')).toHaveLength(1);
  });

  it('401 for a forged sign, a stale timestamp (2 h), a future one, or missing headers; nothing is answered', async () => {
    const msg = () => dingtalkText({ msgId: nextId('bad'), content: '第7条', staffId: 's1' });
    const headers = dingtalkHeaders(APP_SECRET);
    const forged = { ...headers, sign: headers.sign.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) };
    const cases: Array<[string, Record<string, string>]> = [
      ['forged', forged],
      ['other secret', dingtalkHeaders('another-secret')],
      ['stale', dingtalkHeaders(APP_SECRET, new Date(Date.now() - 2 * 3600_000))],
      ['future', dingtalkHeaders(APP_SECRET, new Date(Date.now() + 2 * 3600_000))],
      ['no sign', { timestamp: headers.timestamp, 'content-type': 'application/json' }],
      ['no headers', { 'content-type': 'application/json' }],
    ];
    for (const [name, h] of cases) expect((await send(app.url, msg(), h)).status, name).toBe(401);
    await tasks.drain(5000);
    expect(fake.requests).toHaveLength(0);
  });

  it('400 for bad JSON, a wrong shape or a wrong content type, 413 over 256 KB — and keeps serving', async () => {
    const headers = dingtalkHeaders(APP_SECRET);
    expect((await post(`${app.url}/dingtalk`, '{"msgtype":', headers)).status).toBe(400);
    expect((await post(`${app.url}/dingtalk`, '[1,2]', headers)).status).toBe(400);
    expect((await send(app.url, { msgtype: 'text', text: { content: 'x' } })).status).toBe(400);
    const wrongType = await post(`${app.url}/dingtalk`, JSON.stringify(dingtalkText({ msgId: nextId('t'), content: 'x' })), { ...headers, 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.text).toContain('application/json');
    const big = JSON.stringify({ ...dingtalkText({ msgId: nextId('big'), content: 'x' }), padding: 'x'.repeat(300 * 1024) });
    expect((await post(`${app.url}/dingtalk`, big, headers)).status).toBe(413);
    await tasks.drain(5000);
    expect(fake.requests).toHaveLength(0);
    await send(app.url, dingtalkText({ msgId: nextId('after'), content: '第7条', staffId: 's1' }));
    await fake.waitFor('/robot/sendBySession', 1);
  });

  it('never logs the app secret, the access token, session keys or the message text', async () => {
    await tasks.drain(5000);
    const text = log.text();
    expect(text).toContain('"platform":"dingtalk"');
    expect(text).not.toContain(APP_SECRET);
    expect(text).not.toContain('fake-access-token');
    expect(text).not.toContain('sess-');
    expect(text).not.toContain('第7条');
    expect(text).not.toContain(CRITERION);
  });
});
