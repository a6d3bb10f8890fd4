// Issue 11, defects 5 and 10, against local fake platforms over real HTTP:
//   5. a platform that accepts a message but answers after the attempt timeout must get it once:
//      a timed-out send is "unknown" (it may have arrived) and is never repeated;
//   10. a send the platform refused for now (WeCom 45009 / -1, DingTalk 130101) is tried again
//      after a back-off instead of being dropped after one try, and what is finally given up is
//      counted in djzs_push_drops_total.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { registry } from '../../src/metrics.js';
import { wecomWebhookUrl } from '../../src/platforms/wecom/webhook.js';
import { createPushService, type PushService } from '../../src/push/index.js';
import { EmbeddedStore } from '../../src/store/index.js';
import { captureLogger, startFake, type FakeServer } from '../platforms/support.js';
import { dingtalkToken, wecomKey } from '../push/support.js';
import { summary } from './support.js';
import { reply } from '../../src/core.js';

const message = reply('测试', '**测试**\n\n内容');

let fake: FakeServer;
let dir: string;
let store: EmbeddedStore;

beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.respond(undefined);
  dir = mkdtempSync(join(tmpdir(), 'djzs-sends-'));
  store = new EmbeddedStore({ dir });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function pushService(http: { timeoutMs: number; retries?: number; backoffMs?: number }): PushService {
  const config = loadConfig({ NODE_ENV: 'test', WECOM_API_BASE: fake.url, DINGTALK_OAPI_BASE: fake.url, DINGTALK_API_BASE: fake.url });
  return createPushService(config, store, captureLogger().logger, { http: { backoffMs: 5, ...http }, retry: { backoffMs: 20, rateWindowMs: 40 } });
}

async function drops(reason: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'djzs_push_drops_total');
  return (metric?.values ?? []).filter((v) => v.labels.reason === reason).reduce((n, v) => n + v.value, 0);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('defect 5: a slow platform gets each message once', () => {
  it('does not resend a sessionWebhook, robot webhook or custom robot send that timed out', async () => {
    // Accepts everything, answers after 3× the attempt timeout (as the red team's 6 s vs 5 s).
    fake.respond(() => ({ body: { errcode: 0, errmsg: 'ok' }, delayMs: 600 }));
    const push = pushService({ timeoutMs: 200 });
    const unknownBefore = await drops('unknown');
    const session = await push.sendSession(`${fake.url}/robot/sendBySession?session=slow`, message);
    const webhook = await push.sendVia({ kind: 'wecom-webhook', url: wecomWebhookUrl(fake.url, wecomKey()) }, message);
    const robot = await push.sendVia({ kind: 'dingtalk-robot', accessToken: dingtalkToken() }, message);
    await sleep(1500); // any retry would have arrived by now
    const counts = {
      sends: 3,
      sessionPosts: fake.on('/robot/sendBySession').length,
      webhookPosts: fake.on('/cgi-bin/webhook/send').length,
      robotPosts: fake.requests.filter((r) => r.path === '/robot/send').length,
      unknownDrops: (await drops('unknown')) - unknownBefore,
    };
    summary('defect 5: slow platform (timeout = unknown, not resent)', counts);
    for (const r of [session, webhook, robot]) expect(r).toMatchObject({ ok: false, reason: 'timeout' });
    expect(counts).toEqual({ sends: 3, sessionPosts: 1, webhookPosts: 1, robotPosts: 1, unknownDrops: 3 });
  });

  it('still repeats what cannot have arrived: a refused connection and a 5xx', async () => {
    let n = 0;
    fake.respond(() => (++n === 1 ? { status: 502, body: {} } : undefined));
    const push = pushService({ timeoutMs: 1000, retries: 2 });
    expect(await push.sendSession(`${fake.url}/robot/sendBySession?session=5xx`, message)).toEqual({ ok: true });
    expect(fake.on('/robot/sendBySession')).toHaveLength(2);
  });
});

describe('defect 10: sends refused for now are retried with back-off', () => {
  const cases: Array<{ name: string; errcode: number; send: (push: PushService) => Promise<{ ok: boolean }>; path: string }> = [
    { name: 'WeCom 45009', errcode: 45009, path: '/cgi-bin/webhook/send', send: (p) => p.sendVia({ kind: 'wecom-webhook', url: wecomWebhookUrl(fake.url, wecomKey()) }, message) },
    { name: 'WeCom -1', errcode: -1, path: '/cgi-bin/webhook/send', send: (p) => p.sendVia({ kind: 'wecom-webhook', url: wecomWebhookUrl(fake.url, wecomKey()) }, message) },
    { name: 'DingTalk 130101 (robot)', errcode: 130101, path: '/robot/send', send: (p) => p.sendVia({ kind: 'dingtalk-robot', accessToken: dingtalkToken() }, message) },
    { name: 'DingTalk 130101 (session)', errcode: 130101, path: '/robot/sendBySession', send: (p) => p.sendSession(`${fake.url}/robot/sendBySession?session=busy`, message) },
  ];
  const counts = { cases: 0, delivered: 0, posts: 0 };

  for (const c of cases) {
    it(`${c.name}: refused twice, then delivered on the third try`, async () => {
      let n = 0;
      fake.respond(() => (++n <= 2 ? { body: { errcode: c.errcode, errmsg: 'busy' } } : undefined));
      const started = Date.now();
      const result = await c.send(pushService({ timeoutMs: 1000 }));
      counts.cases += 1;
      const posts = fake.requests.filter((r) => r.path === c.path).length;
      counts.posts += posts;
      if (result.ok) counts.delivered += 1;
      expect(result).toEqual({ ok: true });
      expect(posts).toBe(3);
      // Waited before each retry (the rate window for a rate limit, doubled).
      expect(Date.now() - started).toBeGreaterThanOrEqual(c.errcode === -1 ? 20 + 40 : 40 + 80);
    });
  }

  it('gives up after the bounded retries and counts the drop', async () => {
    fake.respond(() => ({ body: { errcode: 45009, errmsg: 'api freq out of limit' } }));
    const before = await drops('retries_exhausted');
    const result = await pushService({ timeoutMs: 1000 }).sendVia({ kind: 'wecom-webhook', url: wecomWebhookUrl(fake.url, wecomKey()) }, message);
    const dropped = (await drops('retries_exhausted')) - before;
    summary('defect 10: retryable send failures', { ...counts, exhaustedPosts: fake.on('/cgi-bin/webhook/send').length, dropsCounted: dropped });
    expect(result).toMatchObject({ ok: false, errcode: 45009, reason: 'rate_limited' });
    expect(fake.on('/cgi-bin/webhook/send')).toHaveLength(4); // 1 + 3 retries
    expect(dropped).toBe(1);
  });
});
