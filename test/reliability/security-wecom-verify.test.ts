// Issue 11, defect 8, against the whole service: WeCom's URL check (GET /wecom?echostr=) decrypts
// what it is given. Fed a captured callback's ciphertext (with that callback's signature) or the
// bot's own passive reply, it used to answer the decrypted message. Now a plaintext that is a
// message (JSON or XML) is refused, and verifications are rate-limited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aibotCallback, aibotText, legacyTextXml, queryString, sealWecom } from '../platforms/support.js';
import { startStack, summary, type Stack } from './support.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

async function verify(q: { msg_signature: string; timestamp: string; nonce: string }, echostr: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${stack.base}/wecom?${queryString({ ...q, echostr })}`);
  return { status: res.status, text: await res.text() };
}

describe('defect 8: the URL check is not a decryption service', () => {
  it('refuses captured ciphertexts, answers real checks, and rate-limits', async () => {
    const secret = '请勿泄露的上报内容';
    const counts = { capturedRefused: 0, leaked: 0, genuineOk: 0, rateLimited: 0 };

    // 1. A captured AI bot callback: its query signs its `encrypt`, so it passes the signature check.
    const ai = aibotCallback(stack.wecom, aibotText({ msgid: 'echo-ai-1', chatid: 'wrkEcho', userid: 'u1', content: `上报 ${secret}` }));
    const aiEncrypt = (JSON.parse(ai.body) as { encrypt: string }).encrypt;
    // 2. A captured legacy XML callback.
    const xml = sealWecom(stack.wecom, legacyTextXml({ chatId: 'wrkEcho', userId: 'u1', name: '张三', content: secret, msgId: 'echo-x-1', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }));
    // 3. The bot's own passive reply to a genuine callback (an answer the attacker saw on the wire).
    const question = aibotCallback(stack.wecom, aibotText({ msgid: 'echo-ai-2', chatid: 'wrkEcho', userid: 'u1', content: '第7条' }));
    const passive = await fetch(`${stack.base}${question.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: question.body });
    const reply = (await passive.json()) as { encrypt: string; msgsignature: string; timestamp: number; nonce: string };

    const attacks = [
      verify(ai.query, aiEncrypt),
      verify(xml.query, xml.encrypted),
      verify({ msg_signature: reply.msgsignature, timestamp: String(reply.timestamp), nonce: reply.nonce }, reply.encrypt),
    ];
    for (const r of await Promise.all(attacks)) {
      if (r.status === 400) counts.capturedRefused += 1;
      if (r.text.includes(secret) || r.text.includes('stream') || r.text.includes('<xml>')) counts.leaked += 1;
    }

    // Genuine checks still work, at most VERIFY_PER_MINUTE (10) a minute in all.
    for (let i = 0; i < 12; i += 1) {
      const echo = `${1000000000000000 + i}`;
      const sealed = sealWecom(stack.wecom, echo);
      const r = await verify(sealed.query, sealed.encrypted);
      if (r.status === 200 && r.text === echo) counts.genuineOk += 1;
      if (r.status === 429) counts.rateLimited += 1;
    }
    summary('defect 8: WeCom echostr oracle', counts);
    expect(counts.capturedRefused).toBe(3);
    expect(counts.leaked).toBe(0);
    expect(counts.genuineOk).toBeGreaterThan(0);
    expect(counts.genuineOk + 3).toBeLessThanOrEqual(10);
    expect(counts.rateLimited).toBeGreaterThan(0);
  });
});
