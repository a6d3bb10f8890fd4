// Issue 11, defect 3: DingTalk's sign covers only the timestamp, so one captured header pair
// (timestamp, sign) authorised any body for the hour it stays valid. Now the pair is remembered
// with its msgId through the store, for the whole window, and the same pair with another msgId
// is refused (401) by every instance on the same store. A redelivery (same pair, same msgId)
// still passes and is answered once, by the dedupe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dingtalkHeaders, dingtalkText } from '../platforms/support.js';
import { ADMIN, APP_SECRET, startStack, summary, type Stack } from './support.js';

const BRANCH = '签名重放测试党支部';
let one: Stack;
let two: Stack;

beforeAll(async () => {
  one = await startStack();
  // A second instance on the same Redis data (same prefix): the pair must be refused there too.
  two = await startStack({ env: { REDIS_PREFIX: one.prefix }, keepKeys: true });
});
afterAll(async () => {
  await two?.close();
  await one?.close();
});

function post(stack: Stack, headers: Record<string, string>, body: unknown): Promise<Response> {
  return fetch(`${stack.base}/dingtalk`, { method: 'POST', headers, body: JSON.stringify(body) });
}

describe('defect 3: a captured DingTalk header pair authorises nothing else', () => {
  it('refuses the pair with another msgId on every instance; a redelivery still passes', async () => {
    const bind = { ...dingtalkText({ msgId: 'sig-bind', content: `绑定 ${BRANCH}`, staffId: ADMIN, conversationId: 'cidSig==' }) };
    expect((await post(one, dingtalkHeaders(APP_SECRET), bind)).status).toBe(200);
    await one.fake.waitFor('/robot/sendBySession', 1);

    // A genuine report; the attacker captures its headers.
    const captured = dingtalkHeaders(APP_SECRET);
    const genuine = dingtalkText({ msgId: 'sig-genuine', content: '上报 昨天组织党员走基层', staffId: 'member', conversationId: 'cidSig==' });
    expect((await post(one, captured, genuine)).status).toBe(200);
    await one.fake.waitFor('/robot/sendBySession', 2);

    const counts = { forgedSent: 0, forgedRefused: 0, redeliveryAccepted: 0, recordsAfter: 0, answersAfter: 0 };
    const answersBefore = one.fake.requests.length + two.fake.requests.length;
    for (const [i, stack] of [one, two, one, two].entries()) {
      const forged = dingtalkText({ msgId: `sig-forged-${i}`, content: `上报 昨天伪造的活动${i}`, staffId: 'attacker', conversationId: 'cidSig==' });
      const res = await post(stack, captured, forged);
      counts.forgedSent += 1;
      if (res.status === 401) counts.forgedRefused += 1;
    }
    // The platform redelivering the genuine message with the same headers is not a forgery.
    const again = await post(two, captured, genuine);
    if (again.status === 200) counts.redeliveryAccepted += 1;
    await new Promise((r) => setTimeout(r, 500));
    const records = await one.service.services.store.listReports(BRANCH);
    counts.recordsAfter = records.length;
    counts.answersAfter = one.fake.requests.length + two.fake.requests.length - answersBefore;
    summary('defect 3: DingTalk header pair replay', counts);
    expect(counts).toEqual({ forgedSent: 4, forgedRefused: 4, redeliveryAccepted: 1, recordsAfter: 1, answersAfter: 0 });
    expect(records[0]?.text).toContain('昨天组织党员走基层');
  });
});
