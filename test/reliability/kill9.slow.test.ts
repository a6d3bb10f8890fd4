// kill -9 under load on the embedded store (issue 11, defect 6): the real entry point in a
// process of its own, DingTalk 上报 callbacks from several senders at once, and SIGKILL right
// after the first acknowledgement of each round; the next process starts on the same DATA_DIR
// (the dead process's lock is stale). Every report acknowledged with 200 must be stored, once:
// the callback is processed before it is acknowledged. Unacknowledged ones are redelivered, as
// the platform would, and stored once too.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { dingtalkHeaders, dingtalkText, startFake, type FakeServer } from '../platforms/support.js';
import { ADMIN, APP_SECRET, freePort, summary } from './support.js';
import { killHard, spawnMain, untilHealthy } from '../support/main-process.js';

const BRANCH = '强停测试党支部';
const GROUP = 'cidKill9';
const ROUNDS = 6;
const SENDERS = 8;

const dir = mkdtempSync(join(tmpdir(), 'djzs-kill9-'));
let fake: FakeServer | undefined;
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child) killHard(child);
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(port: number): Promise<ChildProcess> {
  const main = spawnMain(
    {
      PORT: String(port),
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
      DATA_DIR: dir,
      DINGTALK_APP_SECRET: APP_SECRET,
      DINGTALK_API_BASE: fake?.url ?? '',
      DINGTALK_OAPI_BASE: fake?.url ?? '',
      ADMIN_IDS: `dingtalk:${ADMIN}`,
      EXPORT_SECRET: 'kill9-export-secret-0123456789abcdef',
    },
    { inherit: true },
  );
  await untilHealthy(main, port, 60_000);
  return main.child;
}

/** One callback on its own connection: 200, another status, or 'reset' when the process died. */
function deliver(port: number, body: string): Promise<number | 'reset'> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/dingtalk', method: 'POST', agent: false, headers: { ...dingtalkHeaders(APP_SECRET), 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve('reset'));
    });
    req.on('error', () => resolve('reset'));
    req.end(body);
  });
}

describe('kill -9 while reports are being acknowledged (embedded store)', () => {
  it('loses no acknowledged report and stores none twice', async () => {
    fake = await startFake();
    const port = await freePort();
    child = await start(port);
    const bind = { ...dingtalkText({ msgId: 'kill9-bind', content: `绑定 ${BRANCH}`, staffId: ADMIN, conversationId: GROUP }), isAdmin: true };
    expect(await deliver(port, JSON.stringify(bind))).toBe(200);

    const acked = new Set<string>();
    const pending = new Map<string, string>(); // msgId → body, not acknowledged yet
    const counts = { kills: 0, sent: 0, acknowledged: 0, resetOrRefused: 0, redelivered: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const batch = Array.from({ length: SENDERS }, (_, i) => {
        const msgId = `kill9-${round}-${i}`;
        return { msgId, body: JSON.stringify(dingtalkText({ msgId, content: `上报 昨天第${round}轮第${i}位组织党员走基层`, staffId: `s${i}`, conversationId: GROUP })) };
      });
      const proc = child;
      let killed = false;
      await Promise.all(
        batch.map(async ({ msgId, body }) => {
          counts.sent += 1;
          const status = await deliver(port, body);
          if (status === 200) {
            acked.add(msgId);
            counts.acknowledged += 1;
            if (!killed) {
              killed = true;
              proc.kill('SIGKILL');
              counts.kills += 1;
            }
          } else {
            counts.resetOrRefused += 1;
            pending.set(msgId, body);
          }
        }),
      );
      if (!killed) proc.kill('SIGKILL');
      await new Promise((res) => (proc.exitCode !== null || proc.signalCode !== null ? res(null) : proc.once('exit', res)));
      child = await start(port);
      // The platform redelivers what it did not see acknowledged.
      for (const [msgId, body] of [...pending]) {
        const status = await deliver(port, body);
        counts.redelivered += 1;
        if (status === 200) {
          pending.delete(msgId);
          acked.add(msgId);
        }
      }
    }
    child.kill('SIGTERM');
    await new Promise((res) => child?.once('exit', res));

    const store = new EmbeddedStore({ dir });
    try {
      const reports = await store.listReports(BRANCH);
      const stored = new Set(reports.map((r) => r.messageId.replace(/^dingtalk:/u, '')));
      const lostAcknowledged = [...acked].filter((id) => !stored.has(id)).length;
      summary('kill -9 (embedded)', { ...counts, stored: reports.length, lostAcknowledged, duplicates: reports.length - stored.size });
      expect(lostAcknowledged).toBe(0);
      expect(reports.length).toBe(stored.size);
      expect(stored.size).toBe(ROUNDS * SENDERS);
    } finally {
      await store.close();
    }
  }, 600_000);
});
