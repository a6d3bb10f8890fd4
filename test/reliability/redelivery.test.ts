// Redeliveries: platforms resend a callback they think was lost. The same callback sent three
// times at once is processed once and answered once, on every route: WeCom AI bot (each of the
// three passive replies carries the one answer, since WeCom redelivers when it did not get the
// response: the redelivery waits for the attempt in progress and repeats its reply), WeCom legacy
// group robot and DingTalk (one answer pushed to the fake platform). Reports are recorded once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt } from '@wecom/crypto';
import { aibotCallback, aibotText, dingtalkHeaders, dingtalkText, legacyCallback, legacyTextXml, post } from '../platforms/support.js';
import { ADMIN, APP_SECRET, startStack, summary, type Stack } from './support.js';

const NOW = new Date();
const ROUNDS = 10;
const BRANCH = '重投测试党支部';
const WEBHOOK = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=redelivery-key';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ now: () => NOW });
});

afterAll(async () => {
  await stack?.close();
});

function thrice<T>(send: () => Promise<T>): Promise<T[]> {
  return Promise.all([send(), send(), send()]);
}

function streamContent(text: string): string {
  const reply = JSON.parse(text) as { encrypt: string };
  return (JSON.parse(decrypt(stack.wecom.aesKey, reply.encrypt).message) as { stream: { content: string } }).stream.content;
}

describe('the same callback delivered three times at once', () => {
  it('is processed once and answered once on every route', async () => {
    const s = stack.wecom;
    const store = stack.service.services.store;
    const fake = stack.fake;
    const bind = aibotCallback(s, aibotText({ msgid: 'bind-ai', chatid: 'wrkRe', userid: ADMIN, content: `绑定 ${BRANCH}` }), NOW);
    expect(streamContent((await post(`${stack.base}${bind.path}`, bind.body, { 'content-type': 'application/json' })).text)).toContain('已把本群绑定');
    const bindLg = legacyCallback(s, legacyTextXml({ chatId: 'wrkReLegacy', userId: ADMIN, name: '管理员', content: `绑定 ${BRANCH}`, msgId: 'bind-lg', webhookUrl: WEBHOOK }), NOW);
    await post(`${stack.base}${bindLg.path}`, bindLg.body, { 'content-type': 'text/xml' });
    const bindDt = { ...dingtalkText({ msgId: 'bind-dt', content: `绑定 ${BRANCH}`, staffId: ADMIN, conversationId: 'cidRe' }), isAdmin: true };
    await post(`${stack.base}/dingtalk`, JSON.stringify(bindDt), dingtalkHeaders(APP_SECRET, NOW));
    await fake.waitFor('/', 2);

    const counts = { callbacks: 0, deliveries: 0, aibotAnswers: 0, aibotRepeats: 0, legacyPushes: 0, dingtalkAnswers: 0, reportsStored: 0, non200: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const text = i % 2 === 0 ? '第7条' : `上报 重投活动${i} 组织党员到企业开展走基层服务`;

      const ai = aibotCallback(s, aibotText({ msgid: `re-ai-${i}`, chatid: 'wrkRe', userid: 'member', content: `@党建助手 ${text}` }), NOW);
      const aiRes = await thrice(() => post(`${stack.base}${ai.path}`, ai.body, { 'content-type': 'application/json' }));
      expect(aiRes.map((r) => r.status)).toEqual([200, 200, 200]);
      const contents = new Set(aiRes.map((r) => streamContent(r.text)));
      expect(contents.size).toBe(1);
      expect([...contents][0]).toContain(i % 2 === 0 ? '走基层' : '已记录');
      counts.aibotAnswers += contents.size;
      counts.aibotRepeats += aiRes.length - contents.size;

      const beforeLegacy = fake.on('/cgi-bin/webhook/send').length;
      const lg = legacyCallback(s, legacyTextXml({ chatId: 'wrkReLegacy', userId: 'member', name: '成员', content: `@党建助手 ${text}`, msgId: `re-lg-${i}`, webhookUrl: WEBHOOK }), NOW);
      const lgRes = await thrice(() => post(`${stack.base}${lg.path}`, lg.body, { 'content-type': 'text/xml' }));
      expect(lgRes.map((r) => r.status)).toEqual([200, 200, 200]);

      const beforeDing = fake.on('/robot/sendBySession').length;
      const dt = JSON.stringify(dingtalkText({ msgId: `re-dt-${i}`, content: text, staffId: 'member', conversationId: 'cidRe' }));
      const headers = dingtalkHeaders(APP_SECRET, new Date(NOW.getTime() + 1 + i)); // each message its own timestamp, as DingTalk sends
      const dtRes = await thrice(() => post(`${stack.base}/dingtalk`, dt, headers));
      expect(dtRes.map((r) => r.status)).toEqual([200, 200, 200]);

      await fake.waitFor('/cgi-bin/webhook/send', beforeLegacy + 1);
      await fake.waitFor('/robot/sendBySession', beforeDing + 1);
      await new Promise((r) => setTimeout(r, 150)); // room for a (wrong) second answer to arrive
      const legacyPushes = fake.on('/cgi-bin/webhook/send').length - beforeLegacy;
      const dingAnswers = fake.on('/robot/sendBySession').length - beforeDing;
      expect(legacyPushes).toBe(1);
      expect(dingAnswers).toBe(1);
      counts.legacyPushes += legacyPushes;
      counts.dingtalkAnswers += dingAnswers;
      counts.callbacks += 9;
      counts.non200 += [...aiRes, ...lgRes, ...dtRes].filter((r) => r.status !== 200).length;
    }
    const reports = await store.listReports(BRANCH);
    counts.reportsStored = reports.length;
    counts.deliveries = counts.aibotAnswers + counts.legacyPushes + counts.dingtalkAnswers;
    summary('redeliveries (3 at once)', { messages: 3 * ROUNDS, ...counts });
    // Half of the rounds were reports, one per route: each stored once.
    expect(reports).toHaveLength(3 * (ROUNDS / 2));
    expect(new Set(reports.map((r) => `${r.group.platform}:${r.messageId}`)).size).toBe(reports.length);
    expect(counts.deliveries).toBe(3 * ROUNDS);
  });
});
