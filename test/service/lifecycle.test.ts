// The service as operators see it: readiness follows the store, metrics move when messages are
// handled, and SIGTERM lets an in-flight request and its late answer finish before exit 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type RunningService } from '../../src/service.js';
import { silentLogger } from '../../src/log.js';
import { testConfig } from '../support/bot.js';
import { ownRedis, type OwnRedis } from '../support/redis.js';
import { dingtalkHeaders, dingtalkText, post, startFake, type FakeServer } from '../platforms/support.js';

const APP_SECRET = 'lifecycle-secret-0123456789';
const METRICS_TOKEN = 'metrics-token-0123456789';

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => fake.close());

function metricValue(text: string, name: string, labels: string): number {
  const prefix = labels === '' ? `${name} ` : `${name}{${labels}}`;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('readiness and metrics', () => {
  let redis: OwnRedis;
  let service: RunningService;
  let base: string;

  beforeAll(async () => {
    redis = await ownRedis();
    service = await startService(
      testConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        REDIS_URL: redis.url,
        REDIS_PREFIX: 'lifecycle:',
        DINGTALK_APP_SECRET: APP_SECRET,
        DINGTALK_OAPI_BASE: fake.url,
        DINGTALK_API_BASE: fake.url,
        METRICS_TOKEN,
        ADMIN_IDS: 'dingtalk:s1',
        SCHEDULES_ENABLED: 'false',
      }),
      silentLogger,
    );
    base = `http://127.0.0.1:${service.port}`;
  });
  afterAll(async () => {
    await service.stop();
    await redis.destroy();
  });

  it('is alive always, ready only while the store answers', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    await redis.stop();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable', reason: 'Redis 无法连接或没有应答' });
    await redis.start();
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      status = (await fetch(`${base}/readyz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  });

  it('protects /metrics with the token and moves the counters', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-000000000' } })).status).toBe(401);
    const read = async (): Promise<string> => (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const before = await read();

    const question = dingtalkText({ msgId: `metrics-${Date.now()}`, content: '第7条', staffId: 's1' });
    const sent = fake.on('/robot/sendBySession').length;
    expect((await post(`${base}/dingtalk`, JSON.stringify(question), dingtalkHeaders(APP_SECRET))).status).toBe(200);
    await fake.waitFor('/robot/sendBySession', sent + 1);
    expect((await post(`${base}/dingtalk`, JSON.stringify(question), dingtalkHeaders(APP_SECRET))).status).toBe(200);
    expect((await post(`${base}/dingtalk`, JSON.stringify(question), { ...dingtalkHeaders(APP_SECRET), sign: 'forged' })).status).toBe(401);
    // An admin (ADMIN_IDS) binds the group, a member reports: one report recorded.
    const bind = { ...dingtalkText({ msgId: `metrics-bind-${Date.now()}`, content: '绑定 指标测试支部', staffId: 's1' }), isAdmin: true };
    expect((await post(`${base}/dingtalk`, JSON.stringify(bind), dingtalkHeaders(APP_SECRET))).status).toBe(200);
    await fake.waitFor('/robot/sendBySession', sent + 2);
    const report = dingtalkText({ msgId: `metrics-report-${Date.now()}`, content: '上报 今天组织党员走基层', staffId: 's1' });
    expect((await post(`${base}/dingtalk`, JSON.stringify(report), dingtalkHeaders(APP_SECRET))).status).toBe(200);
    await fake.waitFor('/robot/sendBySession', sent + 3);
    await new Promise((r) => setTimeout(r, 100));

    const after = await read();
    const delta = (name: string, labels: string): number => metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('djzs_messages_received_total', 'platform="dingtalk",outcome="answered"')).toBe(3);
    expect(delta('djzs_messages_received_total', 'platform="dingtalk",outcome="duplicate"')).toBe(1);
    expect(delta('djzs_messages_received_total', 'platform="dingtalk",outcome="rejected"')).toBe(1);
    expect(delta('djzs_answer_duration_seconds_count', 'platform="dingtalk"')).toBe(3);
    expect(delta('djzs_pushes_total', 'platform="dingtalk",result="sent"')).toBe(3);
    expect(metricValue(after, 'djzs_reports_recorded_total', '') - metricValue(before, 'djzs_reports_recorded_total', '')).toBe(1);
    expect(after).toContain('djzs_process_resident_memory_bytes');
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM finishes the in-flight request and its late answer, then exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'djzs-sigterm-'));
    // The fake sessionWebhook answers slowly, so the late reply is still pending at SIGTERM.
    fake.respond((req) => (req.path.startsWith('/robot/sendBySession') ? { body: { errcode: 0 }, delayMs: 800 } : undefined));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        REDIS_URL: '',
        DATA_DIR: dir,
        DINGTALK_APP_SECRET: APP_SECRET,
        DINGTALK_OAPI_BASE: fake.url,
        DINGTALK_API_BASE: fake.url,
        SCHEDULES_ENABLED: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /"port":(\d+)/u.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

      // Start a request and leave its body half-sent: it is in flight when SIGTERM arrives.
      const body = JSON.stringify(dingtalkText({ msgId: `sigterm-${Date.now()}`, content: '第7条', staffId: 's1' }));
      const bytes = Buffer.from(body);
      const sentBefore = fake.on('/robot/sendBySession').length;
      const response = new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/dingtalk', method: 'POST', headers: { ...dingtalkHeaders(APP_SECRET), 'content-length': bytes.length } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.write(bytes.subarray(0, 20));
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => req.end(bytes.subarray(20)), 300);
        }, 200);
      });
      expect(await response).toBe(200);
      expect(await exited).toBe(0);
      // The answer was delivered before the process exited.
      const delivered = fake.on('/robot/sendBySession').slice(sentBefore);
      expect(delivered).toHaveLength(1);
      expect(JSON.stringify(delivered[0]?.json)).toContain('每半年至少组织党员开展一次走基层');
      expect(out).toContain('"msg":"stopped"');
    } finally {
      fake.respond(undefined);
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
