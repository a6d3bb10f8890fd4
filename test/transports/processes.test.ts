// The long connections as a deployer runs them: `src/main.ts` in processes of their own, with
// only long-connection credentials (no callback secrets, nothing reaches their HTTP port), local
// fakes of both platforms, one real Redis. Two instances share one WeCom bot: exactly one holds
// the connection, and when it is killed the other takes over within 15 s. SIGTERM closes both
// sockets and exits 0.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, freePort, TEST_REDIS_URL } from '../support/redis.js';
import { killHard, spawnMain, type MainProcess } from '../support/main-process.js';
import { until, type Check } from '../support/wait.js';
import { dingtalkText } from '../platforms/support.js';
import { startFakeWecomWs, wecomTextBody, type FakeWecomWs } from '../fakes/wecom-ws.js';
import { startFakeDingtalkStream, type FakeDingtalkStream } from '../fakes/dingtalk-stream.js';

const BOT = { botId: 'aib-process-bot', secret: 'process-bot-secret-0123456789' };
const APP = { clientId: 'dingprocesskey', clientSecret: 'process-dingtalk-secret-0123456789' };
const PREFIX = `test:processes:${randomUUID()}:`;

interface Instance extends MainProcess {
  port: number;
}

let wecom: FakeWecomWs;
let dingtalk: FakeDingtalkStream;
const instances: Instance[] = [];

async function launch(): Promise<Instance> {
  const port = await freePort();
  const main = spawnMain({
    PORT: String(port),
    LOG_LEVEL: 'info',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: PREFIX,
    // Only long-connection credentials: no WECOM_TOKEN, no callback URL anywhere.
    WECOM_BOT_ID: BOT.botId,
    WECOM_BOT_SECRET: BOT.secret,
    WECOM_WS_URL: wecom.url,
    DINGTALK_APP_KEY: APP.clientId,
    DINGTALK_APP_SECRET: APP.clientSecret,
    DINGTALK_API_BASE: dingtalk.http.url,
    DINGTALK_OAPI_BASE: dingtalk.http.url,
  });
  const instance = { ...main, port };
  instances.push(instance);
  return instance;
}

async function wecomState(i: Instance): Promise<string | undefined> {
  try {
    const body = (await (await fetch(`http://127.0.0.1:${i.port}/readyz`)).json()) as { transports?: Record<string, { state: string }> };
    return body.transports?.['wecom-ws']?.state;
  } catch {
    return undefined;
  }
}

/** Polls every 100 ms; a timeout shows the end of every instance's output. */
function waitFor<T>(what: string, check: Check<T>, timeoutMs: number): Promise<T> {
  return until(what, check, { timeoutMs, everyMs: 100, detail: () => instances.map((i) => i.output().slice(-2000)).join('\n----\n') });
}

async function askWecom(text: string, msgid: string): Promise<string> {
  const reqId = wecom.push(wecomTextBody({ msgid, chatid: 'wrkProcess', userid: 'u1', content: `@党建助手 ${text}` }));
  const frame = await waitFor(
    `the WeCom answer to ${text}`,
    () => wecom.frames.find((f) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === reqId && f.body?.stream?.finish === true),
    15_000,
  );
  return frame.body?.stream?.content ?? '';
}

beforeAll(async () => {
  wecom = await startFakeWecomWs(BOT);
  dingtalk = await startFakeDingtalkStream(APP);
});

afterAll(async () => {
  for (const i of instances) killHard(i.child);
  await wecom?.close();
  await dingtalk?.close();
  await deletePrefix(PREFIX);
});

describe('npm start with only long-connection credentials', () => {
  it('two instances: one WeCom connection, both on DingTalk; the holder killed → the other takes over within 15 s; SIGTERM exits 0', async () => {
    const a = await launch();
    const b = await launch();
    await waitFor('one WeCom connection and two DingTalk connections', () => wecom.openConnections() === 1 && dingtalk.openConnections() === 2, 40_000);
    const states = await waitFor('one holder and one standby', async () => {
      const s = [await wecomState(a), await wecomState(b)];
      return s.includes('connected') && s.includes('standby') ? s : undefined;
    }, 20_000);
    // Nobody fights for the connection: it stays the one it was.
    await new Promise((r) => setTimeout(r, 2000));
    expect(wecom.authentications).toBe(1);
    expect(wecom.openConnections()).toBe(1);

    // Answers in a (fake) group without any inbound request, on both platforms.
    expect(await askWecom('第7条', `p-${randomUUID()}`)).toContain('走基层');
    const msgId = `p-dt-${randomUUID()}`;
    dingtalk.push({ ...dingtalkText({ msgId, content: '帮助', staffId: 'u1', conversationId: 'cidProcess' }) });
    await waitFor('the DingTalk answer', () => dingtalk.http.on('/robot/sendBySession').find((r) => r.query.get('session') === `sess-${msgId}`), 15_000);

    const [holder, standby] = states[0] === 'connected' ? [a, b] : [b, a];
    const killedAt = Date.now();
    holder.child.kill('SIGKILL');
    await holder.exited;
    await waitFor('the standby instance to take the WeCom connection', () => wecom.authentications === 2 && wecom.openConnections() === 1, 20_000);
    const takeoverMs = Date.now() - killedAt;
    console.log(`[transports] wecom failover after SIGKILL: ${takeoverMs} ms`);
    expect(takeoverMs).toBeLessThanOrEqual(15_000);
    expect(await wecomState(standby)).toBe('connected');
    expect(await askWecom('帮助', `p-${randomUUID()}`)).toContain('上报');

    standby.child.kill('SIGTERM');
    expect(await standby.exited).toBe(0);
    await waitFor('both sockets closed', () => wecom.openConnections() === 0 && dingtalk.openConnections() === 0, 5000);
    expect(standby.output()).toContain('"msg":"stopped"');
  }, 120_000);
});
