// DingTalk through the whole service (startService) on real Redis: the transport contract over
// Stream mode and over HTTP callbacks, then what the stream must survive (drops, a socket outage
// while the gateway still answers, a dead heartbeat, an announced disconnect) and several
// instances connected at once answering a message once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { startService, type RunningService } from '../../src/service.js';
import { deletePrefix } from '../support/redis.js';
import { freshPrefix, redisServiceConfig, stopService } from '../support/redis-service.js';
import { dingtalkHeaders, dingtalkText, post } from '../platforms/support.js';
import { startFakeDingtalkStream, type FakeDingtalkStream } from '../fakes/dingtalk-stream.js';
import { ADMIN_IDS, NOW, nextMsgId, transportContract, type Ask, type TransportDriver } from './contract.js';

const APP = { clientId: 'dingcontractkey', clientSecret: 'contract-dingtalk-secret-0123456789' };
const FAST = { heartbeatMs: 400, connectTimeoutMs: 2000, backoffBaseMs: 300, backoffMaxMs: 2000, stableMs: 500 };

interface Started {
  fake: FakeDingtalkStream;
  service: RunningService;
  prefix: string;
}

async function startDingtalk(env: Record<string, string> = {}, fake?: FakeDingtalkStream, prefix = freshPrefix('dingtalk')): Promise<Started> {
  const f = fake ?? (await startFakeDingtalkStream(APP));
  const config = redisServiceConfig(prefix, {
    ADMIN_IDS,
    DINGTALK_APP_KEY: APP.clientId,
    DINGTALK_APP_SECRET: APP.clientSecret,
    DINGTALK_API_BASE: f.http.url,
    DINGTALK_OAPI_BASE: f.http.url,
    ...env,
  });
  const service = await startService(config, silentLogger, { now: () => NOW, dingtalkStream: FAST });
  return { fake: f, service, prefix };
}

function body(m: Ask): Record<string, unknown> {
  return { ...dingtalkText({ msgId: m.msgId, content: m.text, staffId: m.user, conversationId: m.group }), senderStaffId: m.user };
}

function sessionAnswers(fake: FakeDingtalkStream, msgId: string): string[] {
  return fake.http
    .on('/robot/sendBySession')
    .filter((r) => r.query.get('session') === `sess-${msgId}`)
    .map((r) => (r.json as { markdown: { text: string } }).markdown.text);
}

async function answerOf(fake: FakeDingtalkStream, msgId: string): Promise<string> {
  const texts = await fake.waitFor(`the answer to ${msgId}`, () => {
    const found = sessionAnswers(fake, msgId);
    return found.length > 0 ? found : undefined;
  });
  return texts[0] ?? '';
}

async function streamAsk(fake: FakeDingtalkStream, m: Ask): Promise<string> {
  fake.push(body(m));
  return answerOf(fake, m.msgId);
}

transportContract('dingtalk-stream', async (): Promise<TransportDriver> => {
  const s = await startDingtalk();
  await s.fake.waitFor('the stream to connect', () => s.fake.openConnections() === 1);
  return {
    store: s.service.services.store,
    ask: (m) => streamAsk(s.fake, m),
    async deliver(m) {
      // A redelivery: the same robot message in a new frame.
      s.fake.push(body(m));
    },
    answers: () => s.fake.http.on('/robot/sendBySession').length,
    async close() {
      await stopService(s);
    },
  };
});

transportContract('dingtalk-http', async (): Promise<TransportDriver> => {
  const s = await startDingtalk({ DINGTALK_MODE: 'http' });
  const base = `http://127.0.0.1:${s.service.port}`;
  // The server accepts one (timestamp, sign) pair per msgId: each message gets its own millisecond
  // near the service's clock, and a redelivery of the same message repeats its pair.
  const stamps = new Map<string, Date>();
  const stampOf = (msgId: string): Date => {
    const known = stamps.get(msgId);
    if (known) return known;
    const at = new Date(NOW.getTime() + stamps.size + 1);
    stamps.set(msgId, at);
    return at;
  };
  const deliver = async (m: Ask): Promise<void> => {
    const res = await post(`${base}/dingtalk`, JSON.stringify(body(m)), dingtalkHeaders(APP.clientSecret, stampOf(m.msgId)));
    expect(res.status).toBe(200);
  };
  return {
    store: s.service.services.store,
    async ask(m) {
      await deliver(m);
      return answerOf(s.fake, m.msgId);
    },
    deliver,
    answers: () => s.fake.http.on('/robot/sendBySession').length,
    async close() {
      expect(s.fake.gatewayCalls()).toBe(0); // HTTP mode opens no stream
      await stopService(s);
    },
  };
});

describe('DingTalk Stream mode', () => {
  let s: Started;

  beforeAll(async () => {
    s = await startDingtalk();
    await s.fake.waitFor('the stream to connect', () => s.fake.openConnections() === 1);
  }, 30_000);

  afterAll(async () => {
    await stopService(s);
  }, 30_000);

  it('acks every callback frame and answers system pings', async () => {
    const msgId = nextMsgId('ack');
    const frameId = s.fake.push(body({ text: '第7条', group: 'cidAck', user: 'u1', msgId }));
    await answerOf(s.fake, msgId);
    expect(s.fake.acks).toContain(frameId);
    const before = s.fake.pongs();
    s.fake.system('ping');
    await s.fake.waitFor('a ping answer', () => s.fake.pongs() > before);
  });

  it('reconnects after the server drops the socket and answers the next message', async () => {
    const accepted = s.fake.accepted;
    s.fake.dropAll();
    await s.fake.waitFor('a new connection', () => s.fake.accepted > accepted && s.fake.openConnections() === 1);
    expect(await streamAsk(s.fake, { text: '第7条', group: 'cidDrop', user: 'u1', msgId: nextMsgId('drop') })).toContain('走基层');
  });

  it('a 5 s socket outage while the gateway answers: one connection afterwards, at most 10 gateway calls', async () => {
    const calls = s.fake.gatewayCalls();
    await s.fake.down();
    await new Promise((r) => setTimeout(r, 5000));
    await s.fake.up();
    await s.fake.waitFor('the stream to come back', () => s.fake.openConnections() === 1, 15_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(s.fake.openConnections()).toBe(1);
    const used = s.fake.gatewayCalls() - calls;
    console.log(`[transports] dingtalk stream 5 s outage: gatewayCalls=${used}, connectionsAfter=${s.fake.openConnections()}`);
    expect(used).toBeLessThanOrEqual(10);
    expect(await streamAsk(s.fake, { text: '帮助', group: 'cidOutage', user: 'u1', msgId: nextMsgId('outage') })).toContain('上报');
  }, 30_000);

  it('drops a socket whose pings go unanswered, and moves to a new ticket on an announced disconnect', async () => {
    let accepted = s.fake.accepted;
    s.fake.mute(true);
    try {
      await s.fake.waitFor('a reconnect after a missed heartbeat', () => s.fake.accepted > accepted, 10_000);
    } finally {
      s.fake.mute(false);
    }
    await s.fake.waitFor('one connection', () => s.fake.openConnections() === 1);
    accepted = s.fake.accepted;
    const calls = s.fake.gatewayCalls();
    s.fake.system('disconnect');
    await s.fake.waitFor('a new ticket and connection', () => s.fake.gatewayCalls() > calls && s.fake.accepted > accepted && s.fake.openConnections() === 1);
  }, 20_000);

  it('shows its state in /readyz', async () => {
    const res = await fetch(`http://127.0.0.1:${s.service.port}/readyz`);
    const json = (await res.json()) as { transports: Record<string, { state: string }> };
    expect(json.transports['dingtalk-stream']?.state).toBe('connected');
  });
});

describe('DingTalk Stream mode: several instances', () => {
  it('every instance connects; a message pushed to each of them is answered once', async () => {
    const prefix = freshPrefix('dingtalk-two');
    const a = await startDingtalk({}, undefined, prefix);
    const b = await startDingtalk({}, a.fake, prefix);
    try {
      await a.fake.waitFor('two connections', () => a.fake.openConnections() === 2);
      const m: Ask = { text: '第7条', group: 'cidTwo', user: 'u1', msgId: nextMsgId('two') };
      // The platform's redelivery may land on the other instance's connection: push to both.
      expect(a.fake.pushEach(body(m))).toBe(2);
      await answerOf(a.fake, m.msgId);
      await new Promise((r) => setTimeout(r, 500));
      expect(sessionAnswers(a.fake, m.msgId)).toHaveLength(1);
    } finally {
      await b.service.stop();
      await a.service.stop();
      await a.fake.close();
      await deletePrefix(prefix);
    }
  }, 30_000);
});
