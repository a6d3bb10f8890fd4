// Several instances on one real Redis share one WeCom bot: only the lease holder has the long
// connection. A reminder run that lands on the other instance used to fail for groups whose only
// channel is that connection (until some later run happened to land on the holder); now it hands
// each message to the holder through Redis and gets its result back.
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { startService, type RunningService } from '../../src/service.js';
import { freshPrefix, redisServiceConfig } from '../support/redis-service.js';
import { deletePrefix, TEST_REDIS_URL } from '../support/redis.js';
import { startFakeWecomWs, type FakeWecomWs } from '../fakes/wecom-ws.js';
import { ADMIN_IDS, NOW } from './contract.js';
import { RedisStore } from '../../src/store/redis.js';
import { RELAY_QUEUE, WsRelay } from '../../src/push/ws-relay.js';

const BOT = { botId: 'aib-relay-bot', secret: 'relay-bot-secret-0123456789' };
const FAST = { heartbeatMs: 400, authTimeoutMs: 2000, backoffBaseMs: 200, backoffMaxMs: 1000, leaseMs: 3000, renewMs: 500, standbyPollMs: 300, stableMs: 500 };

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function wecomState(service: RunningService): Promise<string | undefined> {
  const body = (await (await fetch(`http://127.0.0.1:${service.port}/readyz`)).json()) as { transports?: Record<string, { state: string }> };
  return body.transports?.['wecom-ws']?.state;
}

describe('WeCom long connection, several instances: reminders', () => {
  it('a reminder run on the instance without the connection reaches a WS-only group through the holder', async () => {
    const fake: FakeWecomWs = await startFakeWecomWs(BOT);
    cleanups.push(() => fake.close());
    const prefix = freshPrefix('wecom-relay');
    cleanups.push(() => deletePrefix(prefix));
    const config = redisServiceConfig(prefix, {
      ADMIN_IDS,
      WECOM_BOT_ID: BOT.botId,
      WECOM_BOT_SECRET: BOT.secret,
      WECOM_WS_URL: fake.url,
    });
    const a = await startService(config, silentLogger, { now: () => NOW, wecomWs: FAST });
    cleanups.push(() => a.stop());
    await fake.waitFor('A to hold the connection', () => fake.openConnections() === 1);
    const b = await startService(config, silentLogger, { now: () => NOW, wecomWs: FAST });
    cleanups.push(() => b.stop());
    for (let i = 0; i < 100 && (await wecomState(b)) !== 'standby'; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(await wecomState(b)).toBe('standby');
    expect(await wecomState(a)).toBe('connected');

    // A group that reaches the bot only over the long connection, bound to a branch.
    const chatId = `wrkRelay${Date.now()}`;
    const branch = '长连接转发党支部';
    const group = { platform: 'wecom' as const, conversationId: chatId };
    await b.services.store.setBinding({ group, target: { kind: 'branch', branch }, boundBy: 'wecom:contract-admin', boundAt: NOW.toISOString() });
    await b.services.store.setPushChannel(group, { channel: { kind: 'wecom-ws', chatId }, setBy: 'auto', setAt: NOW.toISOString() });

    const reminders = b.services.reminders;
    const next = reminders.upcoming({ kind: 'branch', branch }, NOW, 5).find((o) => o.job !== 'grassroots');
    expect(next).toBeDefined();
    if (!next) return;
    const run = await reminders.run(next, next.at);
    const mine = run.results.filter((r) => r.group.conversationId === chatId);
    const sent = fake.frames.filter((f) => f.cmd === 'aibot_send_msg' && f.body?.chatid === chatId);
    // Once sent, a second run (say on A) does not send it again.
    const again = await a.services.reminders.run(next, next.at);
    console.log(
      `[transports] wecom reminder from the standby instance: status=${mine.map((r) => r.status).join(',')}, framesToGroup=${sent.length}, secondRun=${again.results.filter((r) => r.group.conversationId === chatId).map((r) => r.status).join(',')}`,
    );
    expect(mine.map((r) => r.status)).toEqual(['sent']);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body?.markdown?.content).toContain('党建');
    expect(again.results.filter((r) => r.group.conversationId === chatId).map((r) => r.status)).toEqual(['already-sent']);
    expect(fake.frames.filter((f) => f.cmd === 'aibot_send_msg' && f.body?.chatid === chatId)).toHaveLength(1);
  }, 60_000);
});

describe('WeCom long-connection relay without a holder', () => {
  it('reports "not sent" (so the next run retries) and leaves nothing queued', async () => {
    const prefix = freshPrefix('wecom-relay-none');
    const store = new RedisStore({ url: TEST_REDIS_URL, prefix });
    cleanups.push(async () => {
      await store.close();
      await deletePrefix(prefix);
    });
    const relay = new WsRelay(store, silentLogger, { waitMs: 500, graceMs: 500, pollMs: 50 });
    const result = await relay.send('wrkNobody', '【党建助手】提醒');
    // Never taken: not sent, so not "may have arrived"; the next run retries it.
    expect(result).toMatchObject({ ok: false, reason: 'not_configured' });
    expect(await store.takeQueue(RELAY_QUEUE)).toBeNull();
  });
});
