// SIGTERM under load: the real entry point (src/main.ts, as `npm start` runs it, here through
// tsx) in a process of its own, DingTalk callbacks (questions and reports) from 16 concurrent
// senders, a fake DingTalk whose sessionWebhook answers slowly (so answers are still being
// delivered when the signal arrives), and SIGTERM in the middle. Each request uses its own
// connection, so a request the server accepted is told apart from one it never saw:
//   - every request that got a response got 200, including those in flight at the signal;
//   - a request without a response was refused at connect (ECONNREFUSED: the listener had
//     closed) or, if its connection was reset, was never processed (no record, no answer);
//   - the process exits with code 0 after draining;
//   - every report acknowledged with 200 is stored exactly once and its answer was delivered
//     before the process exited, as was the answer to every question acknowledged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { RedisStore } from '../../src/store/redis.js';
import { deletePrefix, TEST_REDIS_URL } from '../support/redis.js';
import { dingtalkHeaders, dingtalkText, startFake, type FakeServer } from '../platforms/support.js';
import { ADMIN, APP_SECRET, freePort, summary } from './support.js';
import { killHard, spawnMain, untilHealthy, type MainProcess } from '../support/main-process.js';

const PREFIX = `test:reliability:sigterm:${randomUUID()}:`;
const BRANCH = '停机测试党支部';
const GROUP = 'cidSigterm';
const SENDERS = 16;
const ANSWER_DELAY_MS = 300;

let fake: FakeServer;
let child: ChildProcess;
let port: number;
let main: MainProcess;

beforeAll(async () => {
  fake = await startFake();
  fake.respond((req) => (req.path.startsWith('/robot/sendBySession') ? { status: 200, body: { errcode: 0, errmsg: 'ok' }, delayMs: ANSWER_DELAY_MS } : undefined));
  port = await freePort();
  main = spawnMain(
    {
      PORT: String(port),
      LOG_LEVEL: 'info',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: PREFIX,
      DINGTALK_APP_SECRET: APP_SECRET,
      DINGTALK_API_BASE: fake.url,
      DINGTALK_OAPI_BASE: fake.url,
      ADMIN_IDS: `dingtalk:${ADMIN}`,
      EXPORT_SECRET: 'sigterm-export-secret-0123456789',
      SHUTDOWN_TIMEOUT_MS: '10000',
    },
    { inherit: true },
  );
  child = main.child;
  await untilHealthy(main, port, 30_000);
}, 40_000);

afterAll(async () => {
  if (child) killHard(child);
  await fake?.close();
  await deletePrefix(PREFIX);
});

interface Outcome {
  msgId: string;
  kind: 'question' | 'report';
  start: number;
  end: number;
  status?: number;
  error?: string;
}

/** One POST on a connection of its own (no keep-alive). */
function postOnce(path: string, body: string, headers: Record<string, string>): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { ...headers, connection: 'close', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end(body);
  });
}

describe('SIGTERM under load', () => {
  it('completes in-flight requests, exits 0 and loses no accepted report or answer', async () => {
    const bind = { ...dingtalkText({ msgId: 'bind', content: `绑定 ${BRANCH}`, staffId: ADMIN, conversationId: GROUP }), isAdmin: true };
    expect('status' in (await postOnce('/dingtalk', JSON.stringify(bind), dingtalkHeaders(APP_SECRET)))).toBe(true);
    await fake.waitFor('/robot/sendBySession', 1);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const outcomes: Outcome[] = [];
    let seq = 0;
    let gone = false;
    const sender = async (): Promise<void> => {
      while (!gone) {
        seq += 1;
        const kind = seq % 2 === 0 ? 'report' : 'question';
        const msgId = `st-${seq}`;
        const text = kind === 'report' ? `上报 停机活动${seq} 组织党员到企业开展走基层服务` : '第7条';
        const start = performance.now();
        const r = await postOnce('/dingtalk', JSON.stringify(dingtalkText({ msgId, content: text, staffId: 'member', conversationId: GROUP })), dingtalkHeaders(APP_SECRET));
        outcomes.push({ msgId, kind, start, end: performance.now(), ...r });
        if ('error' in r && r.error === 'ECONNREFUSED') gone = true;
      }
    };
    const senders = Array.from({ length: SENDERS }, sender);
    await new Promise((r) => setTimeout(r, 1500));
    const sigtermAt = performance.now();
    child.kill('SIGTERM');
    const code = await exited;
    const exitedAt = performance.now();
    gone = true;
    await Promise.all(senders);

    // Everything below is what the server did before it exited: nothing is waited for.
    const delivered = new Map<string, number>();
    for (const r of fake.on('/robot/sendBySession')) {
      const id = (r.query.get('session') ?? '').replace(/^sess-/u, '');
      delivered.set(id, (delivered.get(id) ?? 0) + 1);
    }
    const store = new RedisStore({ url: TEST_REDIS_URL, prefix: PREFIX });
    const stored = await store.listReports(BRANCH);
    await store.close();
    const storedByMsg = new Map<string, number>();
    for (const r of stored) storedByMsg.set(r.messageId, (storedByMsg.get(r.messageId) ?? 0) + 1);

    const accepted = outcomes.filter((o) => o.status !== undefined);
    const failed = outcomes.filter((o) => o.error !== undefined);
    const inFlight = accepted.filter((o) => o.start < sigtermAt && o.end > sigtermAt);
    const acceptedReports = accepted.filter((o) => o.kind === 'report');
    const resetButProcessed = failed.filter((o) => o.error !== 'ECONNREFUSED' && (delivered.has(o.msgId) || storedByMsg.has(`dingtalk:${o.msgId}`)));
    const reportsLost = acceptedReports.filter((o) => storedByMsg.get(`dingtalk:${o.msgId}`) !== 1);
    const answersLost = accepted.filter((o) => delivered.get(o.msgId) !== 1);
    const errorKinds = new Map<string, number>();
    for (const o of failed) errorKinds.set(o.error ?? '', (errorKinds.get(o.error ?? '') ?? 0) + 1);

    summary('SIGTERM under load', {
      requests: outcomes.length,
      accepted: accepted.length,
      non200: accepted.filter((o) => o.status !== 200).length,
      inFlightAtSigterm: inFlight.length,
      refusedAfterClose: errorKinds.get('ECONNREFUSED') ?? 0,
      // Connections still in the kernel's accept queue when the listener closed are reset by the
      // kernel: the server never saw them (checked: resetButProcessed) and the platform resends.
      resetNeverAccepted: failed.length - (errorKinds.get('ECONNREFUSED') ?? 0) - resetButProcessed.length,
      errorKinds: [...errorKinds].map(([k, n]) => `${k}:${n}`).join('/') || 'none',
      resetButProcessed: resetButProcessed.length,
      acceptedReports: acceptedReports.length,
      reportsStored: stored.length,
      reportsLost: reportsLost.length,
      answersDelivered: [...delivered.values()].reduce((x, y) => x + y, 0) - 1,
      answersLost: answersLost.length,
      exitCode: String(code),
      drainMs: Math.round(exitedAt - sigtermAt),
    });

    expect(code, main.output().slice(-2000)).toBe(0);
    expect(accepted.every((o) => o.status === 200)).toBe(true);
    expect(inFlight.length).toBeGreaterThan(0);
    expect(resetButProcessed.map((o) => o.msgId)).toEqual([]);
    expect(reportsLost.map((o) => o.msgId)).toEqual([]);
    expect(answersLost.map((o) => o.msgId)).toEqual([]);
    expect(stored.length).toBe(acceptedReports.length);
    expect(main.output()).toContain('"signal":"SIGTERM"');
    expect(main.output()).toContain('stopped');
  }, 60_000);
});
