// The transport contract over WeCom's HTTP callbacks (the AI bot's encrypted JSON with its passive
// reply, and the legacy group robot's encrypted XML answered through the robot webhook), through
// the whole service on real Redis.
import { decrypt } from '@wecom/crypto';
import { expect } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { startService, type RunningService } from '../../src/service.js';
import { freshPrefix, redisServiceConfig, stopService } from '../support/redis-service.js';
import { aibotCallback, aibotText, legacyCallback, legacyTextXml, post, randomAesKey, startFake, type FakeServer, type WecomSecrets } from '../platforms/support.js';
import { ADMIN_IDS, NOW, transportContract, type Ask, type TransportDriver } from './contract.js';

async function startWecomHttp(): Promise<{ service: RunningService; fake: FakeServer; secrets: WecomSecrets; prefix: string; base: string }> {
  const fake = await startFake();
  const secrets: WecomSecrets = { token: 'ContractToken', aesKey: randomAesKey(), receiveId: '' };
  const prefix = freshPrefix('wecom-http');
  const config = redisServiceConfig(prefix, {
    ADMIN_IDS,
    WECOM_TOKEN: secrets.token,
    WECOM_ENCODING_AES_KEY: secrets.aesKey,
    WECOM_API_BASE: fake.url,
  });
  const service = await startService(config, silentLogger, { now: () => NOW });
  return { service, fake, secrets, prefix, base: `http://127.0.0.1:${service.port}` };
}

transportContract('wecom-aibot-http', async (): Promise<TransportDriver> => {
  const s = await startWecomHttp();
  // A passive reply answers a redelivery again (its first response was lost), so the chat shows
  // one answer per message: count the messages answered.
  const answered = new Set<string>();
  const send = async (m: Ask): Promise<string> => {
    const cb = aibotCallback(s.secrets, aibotText({ msgid: m.msgId, chatid: m.group, userid: m.user, content: `@党建助手 ${m.text}` }), NOW);
    const res = await post(`${s.base}${cb.path}`, cb.body, { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    if (res.text === '') return '';
    answered.add(m.msgId);
    const reply = JSON.parse(res.text) as { encrypt: string };
    return (JSON.parse(decrypt(s.secrets.aesKey, reply.encrypt).message) as { stream: { content: string } }).stream.content;
  };
  return {
    store: s.service.services.store,
    ask: send,
    async deliver(m) {
      await send(m);
    },
    answers: () => answered.size,
    async close() {
      await stopService(s);
    },
  };
});

transportContract('wecom-legacy-http', async (): Promise<TransportDriver> => {
  const s = await startWecomHttp();
  const deliver = async (m: Ask): Promise<void> => {
    const xml = legacyTextXml({ chatId: m.group, userId: m.user, name: '成员', content: `@党建助手 ${m.text}`, msgId: m.msgId, webhookUrl: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=contract-${m.group}` });
    const cb = legacyCallback(s.secrets, xml, NOW);
    const res = await post(`${s.base}${cb.path}`, cb.body, { 'content-type': 'text/xml' });
    expect(res.status).toBe(200);
  };
  return {
    store: s.service.services.store,
    async ask(m) {
      const before = s.fake.on('/cgi-bin/webhook/send').length;
      await deliver(m);
      const sent = await s.fake.waitFor('/cgi-bin/webhook/send', before + 1);
      return (sent[before]?.json as { markdown: { content: string } }).markdown.content;
    },
    deliver,
    answers: () => s.fake.on('/cgi-bin/webhook/send').length,
    async close() {
      await stopService(s);
    },
  };
});
