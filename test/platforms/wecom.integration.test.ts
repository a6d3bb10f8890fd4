// WeCom end to end: the real app on loopback, the real bot (handlers, knowledge, embedded store),
// callbacks encrypted and signed exactly as WeCom does, and a fake WeCom API recording pushes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decrypt, getSignature } from '@wecom/crypto';
import { EXPIRED_TEXT, PENDING_TEXT, WELCOME_TEXT } from '../../src/platforms/wecom/aibot.js';
import type { BackgroundTasks } from '../../src/tasks.js';
import type { TestBot } from '../support/bot.js';
import { startPlatformApp, type PlatformApp } from '../support/platform-app.js';
import {
  aibotCallback,
  aibotText,
  legacyCallback,
  legacyTextXml,
  post,
  queryString,
  randomAesKey,
  sealWecom,
  type CapturedLogger,
  type FakeServer,
  type RunningApp,
  type WecomSecrets,
} from './support.js';

const secrets: WecomSecrets = { token: 'TestToken2026', aesKey: randomAesKey(), receiveId: '' };
const CRITERION = '每半年至少组织党员开展一次走基层';
const SOURCE = '附件第7条';
const KEY = 'robot-key-1234';
const JSON_HEADERS = { 'content-type': 'application/json' };
const XML_HEADERS = { 'content-type': 'text/xml' };

let stack: PlatformApp;
let fake: FakeServer;
let tb: TestBot;
let app: RunningApp;
let tasks: BackgroundTasks;
let log: CapturedLogger;
let seq = 0;
const nextId = (p: string): string => `${p}-${Date.now()}-${++seq}`;


interface PassiveReply {
  encrypt: string;
  msgsignature: string;
  timestamp: number;
  nonce: string;
}
interface StreamBody {
  msgtype: string;
  stream: { id: string; finish: boolean; content: string };
}

/** Checks the passive reply's signature the way WeCom does, then decrypts it. */
function openReply(text: string, nonce: string): StreamBody & { text?: { content: string } } {
  const reply = JSON.parse(text) as PassiveReply;
  expect(reply.nonce).toBe(nonce);
  expect(typeof reply.timestamp).toBe('number');
  expect(reply.msgsignature).toBe(getSignature(secrets.token, String(reply.timestamp), reply.nonce, reply.encrypt));
  const opened = decrypt(secrets.aesKey, reply.encrypt);
  expect(opened.id).toBe('');
  return JSON.parse(opened.message) as StreamBody & { text?: { content: string } };
}

async function postAibot(base: string, message: unknown): Promise<{ status: number; text: string; nonce: string; type: string }> {
  const cb = aibotCallback(secrets, message);
  const res = await post(`${base}${cb.path}`, cb.body, JSON_HEADERS);
  return { ...res, nonce: cb.query.nonce };
}

beforeAll(async () => {
  stack = await startPlatformApp((url) => ({ WECOM_TOKEN: secrets.token, WECOM_ENCODING_AES_KEY: secrets.aesKey, WECOM_API_BASE: url }));
  ({ fake, tb, app, tasks, log } = stack);
});

afterAll(() => stack.close());
beforeEach(() => stack.reset());

describe('GET /wecom URL verification', () => {
  it('answers the bare decrypted echostr as text/plain', async () => {
    const { encrypted, query } = sealWecom(secrets, '6543210987654321');
    const res = await fetch(`${app.url}/wecom?${queryString({ ...query, echostr: encrypted })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('6543210987654321');
  });

  it('decodes the query once: an unencoded "+" becomes a space and the check fails', async () => {
    let sealed = sealWecom(secrets, '1');
    while (!sealed.encrypted.includes('+')) sealed = sealWecom(secrets, String(Math.random()));
    const raw = `msg_signature=${sealed.query.msg_signature}&timestamp=${sealed.query.timestamp}&nonce=${sealed.query.nonce}&echostr=${sealed.encrypted}`;
    const res = await fetch(`${app.url}/wecom?${raw}`);
    expect(res.status).toBe(401);
  });

  it('rejects a forged signature (401) and missing parameters (400)', async () => {
    const { encrypted, query } = sealWecom(secrets, '1');
    const forged = { ...query, msg_signature: query.msg_signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) };
    expect((await fetch(`${app.url}/wecom?${queryString({ ...forged, echostr: encrypted })}`)).status).toBe(401);
    expect((await fetch(`${app.url}/wecom?${queryString({ ...query })}`)).status).toBe(400);
    const res = await fetch(`${app.url}/wecom?echostr=abc`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('msg_signature');
  });
});

describe('POST /wecom AI bot (encrypted JSON)', () => {
  it('answers a group question with its quoted criterion in a signed, encrypted stream reply', async () => {
    const res = await postAibot(app.url, aibotText({ msgid: nextId('ai'), chatid: 'wrkGroup1', userid: 'zhangsan', content: '@党建助手 第7条' }));
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    const body = openReply(res.text, res.nonce);
    expect(body.msgtype).toBe('stream');
    expect(body.stream.finish).toBe(true);
    expect(body.stream.id).toMatch(/^[0-9a-f]{32}$/);
    expect(body.stream.content).toContain(CRITERION);
    expect(body.stream.content).toContain(SOURCE);
    expect(Buffer.byteLength(body.stream.content)).toBeLessThanOrEqual(20480);
  });

  it('answers a single chat (no chatid)', async () => {
    const res = await postAibot(app.url, aibotText({ msgid: nextId('ai'), userid: 'lisi', content: '第7条' }));
    expect(openReply(res.text, res.nonce).stream.content).toContain(CRITERION);
  });

  it('answers a redelivered message (its response was lost) with the same answer again', async () => {
    const msg = aibotText({ msgid: nextId('dup'), chatid: 'wrkGroup1', userid: 'zhangsan', content: '第7条' });
    const first = await postAibot(app.url, msg);
    const second = await postAibot(app.url, msg);
    expect(openReply(first.text, first.nonce).stream.content).toContain(CRITERION);
    expect(second.status).toBe(200);
    expect(openReply(second.text, second.nonce).stream.content).toBe(openReply(first.text, first.nonce).stream.content);
  });

  it('answers three concurrent deliveries of one message with one answer each, worked out once', async () => {
    const msg = aibotText({ msgid: nextId('dup3'), chatid: 'wrkGroup1', userid: 'zhangsan', content: '上报 昨天组织党员走基层' });
    const results = await Promise.all([postAibot(app.url, msg), postAibot(app.url, msg), postAibot(app.url, msg)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const contents = results.map((r) => openReply(r.text, r.nonce).stream.content);
    expect(new Set(contents).size).toBe(1);
  });

  it('takes text from a mixed (text + image) message: a question is answered, the image not kept without a report', async () => {
    const res = await postAibot(app.url, {
      msgid: nextId('mixed'),
      chatid: 'wrkGroup1',
      chattype: 'group',
      from: { userid: 'zhangsan' },
      msgtype: 'mixed',
      mixed: { msg_item: [{ msgtype: 'text', text: { content: '@党建助手 第7条' } }, { msgtype: 'image', image: { url: 'x' } }] },
    });
    const content = openReply(res.text, res.nonce).stream.content;
    expect(content).toContain(CRITERION);
    expect(content).toContain('没有对应的上报记录，没有保存');
  });

  it('acknowledges events: a welcome on enter_chat, empty 200 for feedback and card events', async () => {
    const enter = await postAibot(app.url, { msgid: nextId('ev'), aibotid: 'A', from: { userid: 'u' }, msgtype: 'event', event: { eventtype: 'enter_chat' } });
    expect(openReply(enter.text, enter.nonce).text?.content).toBe(WELCOME_TEXT);
    for (const eventtype of ['feedback_event', 'template_card_event']) {
      const res = await postAibot(app.url, { msgid: nextId('ev'), from: { userid: 'u' }, msgtype: 'event', event: { eventtype } });
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
    }
  });

  it('answers an image with no recent report with how to attach photos (nothing downloaded)', async () => {
    const res = await postAibot(app.url, { msgid: nextId('img'), from: { userid: 'u' }, chattype: 'single', msgtype: 'image', image: { url: 'https://127.0.0.1:1/never-fetched' } });
    expect(res.status).toBe(200);
    expect(openReply(res.text, res.nonce).stream.content).toContain('附图 #编号');
  });

  it('acknowledges messages it does not read (a file) with an empty 200', async () => {
    const res = await postAibot(app.url, { msgid: nextId('file'), from: { userid: 'u' }, chattype: 'single', msgtype: 'file', file: { url: 'x' } });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
  });

  it('streams a slow answer: "正在查询…" first, then the answer on stream refresh', async () => {
    const slowApp = await stack.variant({ bot: stack.slowBot(300), wecomReplyDeadlineMs: 50 });
    try {
      const msg = aibotText({ msgid: nextId('slow'), chatid: 'wrkGroup1', userid: 'zhangsan', content: '第7条' });
      const first = await postAibot(slowApp.url, msg);
      const started = openReply(first.text, first.nonce);
      expect(started.stream).toMatchObject({ finish: false, content: PENDING_TEXT });
      const refresh = { msgid: nextId('refresh'), aibotid: 'A', chatid: 'wrkGroup1', chattype: 'group', from: { userid: 'zhangsan' }, msgtype: 'stream', stream: { id: started.stream.id } };
      const early = await postAibot(slowApp.url, refresh);
      expect(openReply(early.text, early.nonce).stream).toMatchObject({ id: started.stream.id, finish: false });
      await tasks.drain(5000);
      const late = await postAibot(slowApp.url, { ...refresh, msgid: nextId('refresh') });
      const done = openReply(late.text, late.nonce).stream;
      expect(done.id).toBe(started.stream.id);
      expect(done.finish).toBe(true);
      expect(done.content).toContain(CRITERION);
      // An unknown or expired stream id is closed politely.
      const unknown = await postAibot(slowApp.url, { ...refresh, msgid: nextId('refresh'), stream: { id: 'f'.repeat(32) } });
      expect(openReply(unknown.text, unknown.nonce).stream).toMatchObject({ finish: true, content: EXPIRED_TEXT });
    } finally {
      await slowApp.close();
    }
  });
});

describe('POST /wecom legacy group robot (encrypted XML)', () => {
  const evilWebhook = `https://evil.example/cgi-bin/webhook/send?key=${KEY}`;

  it('acknowledges at once and pushes the answer to our webhook base with a <@userid> mention', async () => {
    const xml = legacyTextXml({ chatId: 'wrkLegacy1', userId: 'zhangsan', name: '张三', content: '@RobotA 第7条', msgId: nextId('lg'), webhookUrl: evilWebhook });
    const cb = legacyCallback(secrets, xml);
    const res = await post(`${app.url}${cb.path}`, cb.body, XML_HEADERS);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [sent] = await fake.waitFor('/cgi-bin/webhook/send', 1);
    expect(sent?.query.get('key')).toBe(KEY);
    const body = sent?.json as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content.startsWith('<@zhangsan>')).toBe(true);
    expect(body.markdown.content).toContain(CRITERION);
    expect(body.markdown.content).toContain(SOURCE);
    expect(Buffer.byteLength(body.markdown.content)).toBeLessThanOrEqual(4096);
  });

  it('captures the group push channel, never overriding an admin-set one, updating an auto one', async () => {
    const group = { platform: 'wecom' as const, conversationId: 'wrkLegacyPush' };
    const send = async (key: string): Promise<void> => {
      const xml = legacyTextXml({ chatId: group.conversationId, userId: 'u1', name: '甲', content: '帮助', msgId: nextId('push'), webhookUrl: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}` });
      const cb = legacyCallback(secrets, xml);
      expect((await post(`${app.url}${cb.path}`, cb.body, XML_HEADERS)).status).toBe(200);
      await tasks.drain(5000);
    };
    await send('key-one');
    expect(await tb.store.getPushChannel(group)).toMatchObject({
      setBy: 'auto',
      channel: { kind: 'wecom-webhook', url: `${fake.url}/cgi-bin/webhook/send?key=key-one` },
    });
    await send('key-two');
    expect((await tb.store.getPushChannel(group))?.channel).toEqual({ kind: 'wecom-webhook', url: `${fake.url}/cgi-bin/webhook/send?key=key-two` });
    const adminUrl = `${fake.url}/cgi-bin/webhook/send?key=admin-key`;
    await tb.store.setPushChannel(group, { channel: { kind: 'wecom-webhook', url: adminUrl }, setBy: 'wecom:admin', setAt: new Date().toISOString() });
    await send('key-three');
    expect(await tb.store.getPushChannel(group)).toMatchObject({ setBy: 'wecom:admin', channel: { url: adminUrl } });
  });

  it('answers three concurrent deliveries of one MsgId exactly once', async () => {
    const xml = legacyTextXml({ chatId: 'wrkLegacy1', userId: 'zhangsan', name: '张三', content: '第7条', msgId: nextId('lg3'), webhookUrl: evilWebhook });
    const results = await Promise.all([0, 1, 2].map(() => {
      const cb = legacyCallback(secrets, xml);
      return post(`${app.url}${cb.path}`, cb.body, XML_HEADERS);
    }));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await tasks.drain(5000);
    expect(fake.on('/cgi-bin/webhook/send')).toHaveLength(1);
  });

  it('acknowledges events (add_to_chat) without answering', async () => {
    const xml = `<xml><WebhookUrl><![CDATA[${evilWebhook}]]></WebhookUrl><ChatId><![CDATA[wrkLegacy2]]></ChatId><ChatType>group</ChatType><From><UserId>u</UserId></From><MsgType>event</MsgType><Event><EventType>add_to_chat</EventType></Event></xml>`;
    const cb = legacyCallback(secrets, xml);
    const res = await post(`${app.url}${cb.path}`, cb.body, XML_HEADERS);
    expect(res.status).toBe(200);
    await tasks.drain(5000);
    expect(fake.on('/cgi-bin/webhook/send')).toHaveLength(0);
  });
});

describe('POST /wecom rejects what it cannot trust or read', () => {
  const good = () => aibotText({ msgid: nextId('ok'), chatid: 'wrkGroup1', userid: 'zhangsan', content: '第7条' });

  async function expectStillServing(): Promise<void> {
    const res = await postAibot(app.url, good());
    expect(openReply(res.text, res.nonce).stream.content).toContain(CRITERION);
  }

  it('401 for a forged signature, a stale timestamp, a wrong AES key; nothing is answered', async () => {
    const cb = aibotCallback(secrets, good());
    const forged = cb.path.replace(/msg_signature=(.)/, (_m, c: string) => `msg_signature=${c === 'a' ? 'b' : 'a'}`);
    expect((await post(`${app.url}${forged}`, cb.body, JSON_HEADERS)).status).toBe(401);
    const stale = aibotCallback(secrets, good(), new Date(Date.now() - 2 * 3600_000));
    expect((await post(`${app.url}${stale.path}`, stale.body, JSON_HEADERS)).status).toBe(401);
    const wrongKey = aibotCallback({ ...secrets, aesKey: randomAesKey() }, good());
    expect((await post(`${app.url}${wrongKey.path}`, wrongKey.body, JSON_HEADERS)).status).toBe(401);
    const legacyForged = legacyCallback(secrets, legacyTextXml({ chatId: 'c', userId: 'u', name: 'n', content: '第7条', msgId: nextId('f'), webhookUrl: `https://x/?key=${KEY}` }));
    const badPath = legacyForged.path.replace(/nonce=\d/, 'nonce=x');
    expect((await post(`${app.url}${badPath}`, legacyForged.body, XML_HEADERS)).status).toBe(401);
    await tasks.drain(5000);
    expect(fake.requests).toHaveLength(0);
  });

  it('401 when WECOM_RECEIVE_ID is set and the receive id differs', async () => {
    const strict = await stack.variant({ config: { ...tb.config, WECOM_RECEIVE_ID: 'wwExpectedCorp' } });
    try {
      const res = await postAibot(strict.url, good());
      expect(res.status).toBe(401);
      const cb = aibotCallback({ ...secrets, receiveId: 'wwExpectedCorp' }, good());
      const ok = await post(`${strict.url}${cb.path}`, cb.body, JSON_HEADERS);
      expect(ok.status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('400 for bad JSON, bad XML, DOCTYPE tricks, missing fields, missing query or wrong content type — and keeps serving', async () => {
    const { query } = sealWecom(secrets, 'x');
    const path = `/wecom?${queryString({ ...query })}`;
    const cases: Array<[string, string, Record<string, string>, string]> = [
      ['bad JSON', '{"encrypt": ', JSON_HEADERS, 'malformed JSON'],
      ['JSON without encrypt', '{"foo":"bar"}', JSON_HEADERS, 'lacks encrypt'],
      ['bad XML', '<xml><Encrypt>abc</xml>', XML_HEADERS, 'malformed XML'],
      ['XML without Encrypt', '<xml><Other>1</Other></xml>', XML_HEADERS, 'lacks Encrypt'],
      ['DOCTYPE', '<!DOCTYPE x [<!ENTITY a "aaaaaaaa">]><xml><Encrypt>&a;</Encrypt></xml>', XML_HEADERS, 'DOCTYPE'],
      ['neither', 'encrypt=abc', JSON_HEADERS, 'JSON or XML'],
      ['wrong content type', JSON.stringify({ encrypt: 'abc' }), { 'content-type': 'application/x-www-form-urlencoded' }, 'content type'],
    ];
    for (const [name, body, headers, reason] of cases) {
      const res = await post(`${app.url}${path}`, body, headers);
      expect(res.status, name).toBe(400);
      expect(res.text, name).toContain(reason);
      expect(res.text.length, name).toBeLessThan(100);
    }
    // fetch adds text/plain to string bodies: send bytes to have no content type at all.
    const untyped = await fetch(`${app.url}${path}`, { method: 'POST', body: new TextEncoder().encode(JSON.stringify({ encrypt: 'abc' })) });
    expect(untyped.status).toBe(400);
    const missing = await post(`${app.url}/wecom?timestamp=1&nonce=2`, JSON.stringify({ encrypt: 'abc' }), JSON_HEADERS);
    expect(missing.status).toBe(400);
    // Decrypts fine but is not the expected JSON.
    const notJson = sealWecom(secrets, 'not json at all');
    const res = await post(`${app.url}/wecom?${queryString({ ...notJson.query })}`, JSON.stringify({ encrypt: notJson.encrypted }), JSON_HEADERS);
    expect(res.status).toBe(400);
    const noMsgid = aibotCallback(secrets, { msgtype: 'text', text: { content: '第7条' } });
    expect((await post(`${app.url}${noMsgid.path}`, noMsgid.body, JSON_HEADERS)).status).toBe(400);
    await expectStillServing();
  });

  it('413 for a body over 256 KB, and keeps serving', async () => {
    const { query } = sealWecom(secrets, 'x');
    const big = JSON.stringify({ encrypt: 'A'.repeat(300 * 1024) });
    const res = await post(`${app.url}/wecom?${queryString({ ...query })}`, big, JSON_HEADERS);
    expect(res.status).toBe(413);
    await expectStillServing();
  });

  it('never logs the token, the AES key, the webhook key or the message text', async () => {
    await tasks.drain(5000);
    const text = log.text();
    expect(text).toContain('"platform":"wecom"');
    expect(text).not.toContain(secrets.token);
    expect(text).not.toContain(secrets.aesKey);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('第7条');
    expect(text).not.toContain(CRITERION);
  });
});
