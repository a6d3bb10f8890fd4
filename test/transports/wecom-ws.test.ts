// The WeCom AI bot long connection through the whole service (startService, as `npm start` runs
// it) against a local fake of WeCom's WebSocket server, on real Redis: the transport contract,
// then what a long connection must survive (drops, outages, dead heartbeats, being kicked) and
// what only it can do (welcome, feedback, proactive sends for reminders).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WELCOME_TEXT } from '../../src/bot/texts.js';
import { silentLogger } from '../../src/log.js';
import { feedbackEvents } from '../../src/metrics.js';
import { startService, type RunningService } from '../../src/service.js';
import { ownRedis } from '../support/redis.js';
import { freshPrefix, redisServiceConfig, stopService } from '../support/redis-service.js';
import { PENDING_TEXT } from '../../src/bot/texts.js';
import { startFakeWecomWs, wecomTextBody, type ClientFrame, type FakeWecomWs } from '../fakes/wecom-ws.js';
import { ADMIN_IDS, NOW, nextMsgId, transportContract, type Ask, type TransportDriver } from './contract.js';

const BOT = { botId: 'aib-contract-bot', secret: 'contract-bot-secret-0123456789' };
/** Short timings so that drops and outages play out in seconds. */
const FAST = { heartbeatMs: 400, authTimeoutMs: 2000, backoffBaseMs: 200, backoffMaxMs: 1000, leaseMs: 3000, renewMs: 500, standbyPollMs: 300, stableMs: 500 };

interface Started {
  fake: FakeWecomWs;
  service: RunningService;
  prefix: string;
}

async function startWecom(env: Record<string, string> = {}, timings: Record<string, number> = {}): Promise<Started> {
  const fake = await startFakeWecomWs(BOT);
  const prefix = freshPrefix('wecom-ws');
  const config = redisServiceConfig(prefix, {
    ADMIN_IDS,
    WECOM_BOT_ID: BOT.botId,
    WECOM_BOT_SECRET: BOT.secret,
    WECOM_WS_URL: fake.url,
    ...env,
  });
  const service = await startService(config, silentLogger, { now: () => NOW, wecomWs: { ...FAST, ...timings } });
  await fake.waitFor('the bot to connect', () => fake.openConnections() === 1);
  return { fake, service, prefix };
}

/** The finished stream reply sent on `reqId`, once it arrives. */
function finished(fake: FakeWecomWs, reqId: string): ClientFrame | undefined {
  return fake.frames.find((f) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === reqId && f.body?.stream?.finish === true);
}

function answersOf(fake: FakeWecomWs): number {
  return fake.frames.filter((f) => (f.cmd === 'aibot_respond_msg' && f.body?.stream?.finish === true) || f.cmd === 'aibot_send_msg').length;
}

async function ask(fake: FakeWecomWs, m: Ask): Promise<string> {
  const reqId = fake.push(wecomTextBody({ msgid: m.msgId, chatid: m.group, userid: m.user, content: `@党建助手 ${m.text}` }));
  const frame = await fake.waitFor(`the answer to “${m.text}”`, () => finished(fake, reqId));
  return frame.body?.stream?.content ?? '';
}

transportContract('wecom-ws', async (): Promise<TransportDriver> => {
  const s = await startWecom();
  return {
    store: s.service.services.store,
    ask: (m) => ask(s.fake, m),
    async deliver(m) {
      s.fake.push(wecomTextBody({ msgid: m.msgId, chatid: m.group, userid: m.user, content: m.text }));
    },
    answers: () => answersOf(s.fake),
    async close() {
      await stopService(s);
    },
  };
});

describe('WeCom long connection', () => {
  let s: Started;

  beforeAll(async () => {
    s = await startWecom();
  }, 30_000);

  afterAll(async () => {
    await stopService(s);
  }, 30_000);

  it('shows its state in /readyz', async () => {
    const res = await fetch(`http://127.0.0.1:${s.service.port}/readyz`);
    const body = (await res.json()) as { status: string; transports: Record<string, { state: string }> };
    expect(res.status).toBe(200);
    expect(body.transports['wecom-ws']?.state).toBe('connected');
  });

  it('reconnects after the server drops the socket and answers the next message', async () => {
    const before = s.fake.authentications;
    s.fake.dropAll();
    await s.fake.waitFor('a new connection', () => s.fake.authentications > before && s.fake.openConnections() === 1);
    expect(await ask(s.fake, { text: '第7条', group: 'wrkDrop', user: 'u1', msgId: nextMsgId('drop') })).toContain('走基层');
  });

  it('after a 5 s outage of the server: exactly one connection again, and it answers', async () => {
    await s.fake.down();
    await new Promise((r) => setTimeout(r, 5000));
    const before = s.fake.authentications;
    await s.fake.up();
    await s.fake.waitFor('the bot to come back', () => s.fake.openConnections() === 1, 15_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(s.fake.openConnections()).toBe(1);
    expect(s.fake.authentications).toBe(before + 1);
    expect(await ask(s.fake, { text: '帮助', group: 'wrkOutage', user: 'u1', msgId: nextMsgId('outage') })).toContain('上报');
  }, 30_000);

  it('drops a socket whose pings go unanswered and connects again', async () => {
    const before = s.fake.authentications;
    s.fake.mute(true);
    try {
      await s.fake.waitFor('a reconnect after missed heartbeats', () => s.fake.authentications > before, 10_000);
    } finally {
      s.fake.mute(false);
    }
    await s.fake.waitFor('one connection', () => s.fake.openConnections() === 1);
  }, 15_000);

  it('greets enter_chat with the welcome text and counts feedback', async () => {
    const reqId = s.fake.push(
      { msgid: nextMsgId('enter'), msgtype: 'event', chattype: 'single', from: { userid: 'newcomer' }, event: { eventtype: 'enter_chat' } },
      'aibot_event_callback',
    );
    const welcome = await s.fake.waitFor('the welcome', () => s.fake.frames.find((f) => f.cmd === 'aibot_respond_welcome_msg' && f.headers.req_id === reqId));
    expect(welcome.body).toEqual({ msgtype: 'text', text: { content: WELCOME_TEXT } });

    const count = async (): Promise<number> => (await feedbackEvents.get()).values.find((v) => v.labels.feedback === 'inaccurate')?.value ?? 0;
    const before = await count();
    s.fake.push({ msgid: nextMsgId('fb'), msgtype: 'event', from: { userid: 'u1' }, event: { eventtype: 'feedback_event', feedback: { id: 'x', type: 2 } } }, 'aibot_event_callback');
    await until('feedback counted', async () => (await count()) === before + 1);
    expect(await count()).toBe(before + 1);
  });

  it('delivers a reminder to a group over the long connection (aibot_send_msg)', async () => {
    const group = `wrkRemind${Date.now()}`;
    const branch = '长连接提醒党支部';
    expect(await ask(s.fake, { text: `绑定 ${branch}`, group, user: 'contract-admin', msgId: nextMsgId('bind') })).toContain('已把本群绑定');
    // The group talked to the bot over the long connection: that is its push channel now.
    expect((await s.service.services.store.getPushChannel({ platform: 'wecom', conversationId: group }))?.channel).toEqual({ kind: 'wecom-ws', chatId: group });
    const reminders = s.service.services.reminders;
    const next = reminders.upcoming({ kind: 'branch', branch }, NOW, 5).find((o) => o.job !== 'grassroots');
    expect(next).toBeDefined();
    if (!next) return;
    const run = await reminders.run(next, next.at);
    const mine = run.results.filter((r) => r.group.conversationId === group);
    expect(mine.map((r) => r.status)).toEqual(['sent']);
    const sent = s.fake.frames.filter((f) => f.cmd === 'aibot_send_msg' && f.body?.chatid === group);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body?.markdown?.content).toContain('党建');
  });
});

describe('WeCom long connection: one holder per bot', () => {
  it('a kicked instance stands by instead of taking the connection back', async () => {
    const s = await startWecom({}, { kickedStandbyMs: 60_000 });
    try {
      const before = s.fake.authentications;
      // Someone else (another deployment, a developer's laptop) connects with the same bot.
      const { WSClient } = await import('@wecom/aibot-node-sdk');
      const intruder = new WSClient({ ...BOT, wsUrl: s.fake.url, maxReconnectAttempts: 0, logger: { debug() {}, info() {}, warn() {}, error() {} } });
      intruder.on('error', () => undefined);
      intruder.connect();
      await s.fake.waitFor('the intruder to connect', () => s.fake.authentications === before + 1);
      await until('our instance to stand by', async () => (await readyState(s.service.port)) === 'standby');
      await new Promise((r) => setTimeout(r, 3000));
      expect(s.fake.authentications).toBe(before + 1);
      expect(s.fake.openConnections()).toBe(1);
      expect(await readyState(s.service.port)).toBe('standby');
      intruder.disconnect();
    } finally {
      await stopService(s);
    }
  }, 30_000);
});

describe('WeCom long connection: a slow answer', () => {
  it('sends "正在查询…" first, then the finished answer on the same stream id', async () => {
    // A Redis of its own, frozen while the question is asked: the answer cannot be ready before
    // the fast path (200 ms here) runs out, however fast the machine is.
    const redis = await ownRedis();
    const s = await startWecom({ REDIS_URL: redis.url }, { fastAnswerMs: 200 });
    try {
      const msgId = nextMsgId('slow');
      await redis.freeze();
      const reqId = s.fake.push(wecomTextBody({ msgid: msgId, chatid: 'wrkSlow', userid: 'u1', content: '@党建助手 第7条' }));
      const streamFrames = (): ClientFrame[] => s.fake.frames.filter((f) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === reqId && f.body?.stream !== undefined);
      await s.fake.waitFor('the pending frame', () => streamFrames().length > 0);
      await redis.thaw();
      await s.fake.waitFor('the finished frame', () => finished(s.fake, reqId));
      const frames = streamFrames().map((f) => f.body?.stream);
      const [pending, done] = [frames[0], frames.at(-1)];
      expect(frames).toHaveLength(2);
      expect(pending).toMatchObject({ finish: false, content: PENDING_TEXT });
      expect(done?.finish).toBe(true);
      expect(done?.content).toContain('走基层');
      expect(done?.id).toBe(pending?.id);
    } finally {
      await redis.thaw();
      await s.service.stop();
      await s.fake.close();
      await redis.destroy();
    }
  }, 30_000);
});

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function readyState(port: number): Promise<string | undefined> {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`);
  const body = (await res.json()) as { transports?: Record<string, { state: string }> };
  return body.transports?.['wecom-ws']?.state;
}
