// DingTalk Stream acknowledges a robot message only once it is handled. The instance that gets
// the frame is a real process (`src/main.ts`) on a Redis of the test's own; that Redis is frozen
// (SIGSTOP) so the message cannot be handled, and the process is killed (SIGKILL) meanwhile. An
// ack sent on receipt (as before) made the platform forget the message: the report was never
// stored and nobody answered. Now the frame is unacked, so the platform sends it again (here to a
// second instance), which stores the report once, acks after storing it, and answers once.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { startService, type RunningService } from '../../src/service.js';
import { RedisStore } from '../../src/store/redis.js';
import { testConfig } from '../support/bot.js';
import { freePort, ownRedis, type OwnRedis } from '../support/redis.js';
import { killHard, spawnMain, type MainProcess } from '../support/main-process.js';
import { until } from '../support/wait.js';
import { dingtalkText } from '../platforms/support.js';
import { startFakeDingtalkStream, type FakeDingtalkStream } from '../fakes/dingtalk-stream.js';

const APP = { clientId: 'dingackkey', clientSecret: 'ack-dingtalk-secret-0123456789' };
const PREFIX = 'test:dingtalk-ack:';
const GROUP = 'cidAck';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** What both instances share: the test's Redis and the app's credentials against the fake. */
function sharedEnv(redis: OwnRedis, fake: FakeDingtalkStream): Record<string, string> {
  return {
    REDIS_URL: redis.url,
    REDIS_PREFIX: PREFIX,
    DINGTALK_APP_KEY: APP.clientId,
    DINGTALK_APP_SECRET: APP.clientSecret,
    DINGTALK_API_BASE: fake.http.url,
    DINGTALK_OAPI_BASE: fake.http.url,
  };
}

function launch(redis: OwnRedis, fake: FakeDingtalkStream, port: number): MainProcess {
  const main = spawnMain({ PORT: String(port), LOG_LEVEL: 'info', ...sharedEnv(redis, fake) });
  cleanups.push(() => killHard(main.child));
  return main;
}

describe('DingTalk Stream: ack after handling', () => {
  it('a frame whose instance dies before handling it is not acked; its redelivery is stored once, acked after storing, answered once', async () => {
    const redis = await ownRedis();
    cleanups.push(() => redis.destroy());
    const fake = await startFakeDingtalkStream(APP);
    cleanups.push(() => fake.close());
    // The committee bound the group already.
    const setup = new RedisStore({ url: redis.url, prefix: PREFIX });
    cleanups.push(() => setup.close());
    await setup.setBinding({ group: { platform: 'dingtalk', conversationId: GROUP }, target: { kind: 'branch', branch: '应答测试支部' }, boundBy: 'dingtalk:admin', boundAt: new Date().toISOString() });

    const a = launch(redis, fake, await freePort());
    await until('instance A on the stream', () => fake.openConnections() === 1, { timeoutMs: 40_000, detail: () => a.output().slice(-3000) });

    const msgId = `ack-${randomUUID()}`;
    const report = { ...dingtalkText({ msgId, content: '上报 今天组织8名党员走基层', staffId: 'u1', conversationId: GROUP }), senderStaffId: 'u1' };
    // Redis frozen: A receives the frame but cannot handle it.
    await redis.freeze();
    const first = fake.push(report);
    const pushedAt = Date.now();
    // Give an ack on receipt every chance to arrive (it used to, within milliseconds); handling
    // cannot finish meanwhile (Redis answers nothing, commands wait 1.5 s before failing).
    await until('A to ack or a second to pass', () => fake.acks.includes(first) || (Date.now() - pushedAt > 1000 ? 'waited' : undefined), { timeoutMs: 5000 });
    a.child.kill('SIGKILL');
    await new Promise<void>((done) => a.child.once('exit', () => done()));
    await redis.thaw();
    const ackedByDeadInstance = fake.acks.includes(first);

    // The platform redelivers what was not acked, to the connection still there: instance B.
    let b: RunningService | undefined;
    const bConfig = testConfig({ PORT: '0', HOST: '127.0.0.1', ...sharedEnv(redis, fake) });
    b = await startService(bConfig, silentLogger, { dingtalkStream: { heartbeatMs: 1000, backoffBaseMs: 200, backoffMaxMs: 1000 } });
    cleanups.push(() => b?.stop());
    await until('instance B on the stream', () => fake.openConnections() === 1, { timeoutMs: 20_000 });
    let storedAtAck: boolean | undefined;
    let second = '';
    if (!ackedByDeadInstance) {
      second = fake.push(report);
      await until('B to ack the redelivery', () => fake.acks.includes(second), { timeoutMs: 15_000 });
      storedAtAck = (await b.services.store.findReportByMessage('dingtalk', `dingtalk:${msgId}`)) !== null;
    }
    const sessionAnswers = (): number => fake.http.on('/robot/sendBySession').filter((r) => r.query.get('session') === `sess-${msgId}`).length;
    if (!ackedByDeadInstance) await until('the answer', () => sessionAnswers() > 0, { timeoutMs: 15_000 });
    // A second redelivery (the platform may repeat itself) is acked and not answered again.
    const third = fake.push(report);
    await until('the repeat to be acked', () => fake.acks.includes(third), { timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 300));
    const stored = (await b.services.store.listReports('应答测试支部')).filter((r) => r.messageId === `dingtalk:${msgId}`).length;
    console.log(
      `[transports] dingtalk stream ack after handling: ackedByDeadInstance=${ackedByDeadInstance}, storedAtAck=${storedAtAck}, reportsStored=${stored}, answers=${sessionAnswers()}`,
    );
    expect(ackedByDeadInstance).toBe(false);
    expect(storedAtAck).toBe(true);
    expect(stored).toBe(1);
    expect(sessionAnswers()).toBe(1);
  }, 120_000);
});
