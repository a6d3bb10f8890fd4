// Issue 11, defect 14, against the whole service: /readyz stayed 200 while the data disk was full,
// /metrics was public in production, and a client dribbling a body a few bytes a second held its
// connection open for minutes. Each case makes the failure real: a tiny tmpfs filled to the brim
// (tests run as root), a Redis at its maxmemory, a raw socket that sends one byte at a time.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../src/log.js';
import { startService, type RunningService } from '../../src/service.js';
import { testConfig } from '../support/bot.js';
import { captureLogger } from '../platforms/support.js';
import { freePort, ownRedis, type OwnRedis } from '../support/redis.js';
import { randomAesKey } from '../platforms/support.js';
import { summary } from './support.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function start(env: Record<string, string>, logger: Logger = silentLogger): Promise<{ service: RunningService; base: string }> {
  const service = await startService(testConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_URL: '', ...env }), logger);
  cleanups.push(() => service.stop());
  return { service, base: `http://127.0.0.1:${service.port}` };
}

async function ready(base: string): Promise<{ status: number; reason?: string }> {
  const res = await fetch(`${base}/readyz`);
  const body = (await res.json()) as { reason?: string };
  return { status: res.status, ...(body.reason !== undefined ? { reason: body.reason } : {}) };
}

/** Polls /readyz until it answers `status` (the probe result is reused for a second). */
async function readyBecomes(base: string, status: number): Promise<{ status: number; reason?: string }> {
  let last = await ready(base);
  for (let i = 0; i < 100 && last.status !== status; i += 1) {
    await new Promise((res) => setTimeout(res, 100));
    last = await ready(base);
  }
  return last;
}

function tryMountTmpfs(size: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'djzs-tinydisk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

/** Writes into `path` until the file system says ENOSPC. */
function fillDisk(path: string): number {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(4096, 1);
  let bytes = 0;
  try {
    for (;;) bytes += writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return bytes;
}

const mountable = (() => {
  const dir = tryMountTmpfs('64k');
  if (dir === undefined) return false;
  execFileSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
  return true;
})();

describe('defect 14a: readiness says when the store cannot take a write', () => {
  it.skipIf(!mountable)('embedded store: a full data disk makes /readyz 503 with the reason, and freeing it brings it back', async () => {
    const disk = tryMountTmpfs('1m');
    if (disk === undefined) throw new Error('tmpfs mount failed');
    cleanups.push(() => {
      execFileSync('umount', ['-l', disk]);
      rmSync(disk, { recursive: true, force: true });
    });
    const dataDir = join(disk, 'data');
    const { base } = await start({ DATA_DIR: dataDir, EXPORT_SECRET: 'operations-export-secret-0123456789' });
    const before = await ready(base);
    const filled = fillDisk(join(disk, 'filler'));
    const full = await readyBecomes(base, 503);
    rmSync(join(disk, 'filler'));
    const freed = await readyBecomes(base, 200);
    summary('defect 14a: readiness on a full data disk', { readyBefore: before.status, fillerKiB: Math.round(filled / 1024), whenFull: full.status, afterFreeing: freed.status });
    expect(before.status).toBe(200);
    expect(full.status).toBe(503);
    expect(full.reason).toContain('磁盘已满');
    expect(freed.status).toBe(200);
  });

  it('Redis store: a Redis that refuses writes (OOM at maxmemory) makes /readyz 503 with the reason', async () => {
    const redis: OwnRedis = await ownRedis();
    cleanups.push(() => redis.destroy());
    const { base } = await start({ REDIS_URL: redis.url, REDIS_PREFIX: 'test:operations:', EXPORT_SECRET: 'operations-export-secret-0123456789' });
    const admin = new Redis(redis.url);
    cleanups.push(() => void admin.disconnect());
    const before = await ready(base);
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await admin.config('SET', 'maxmemory', '1');
    const oom = await ready(base);
    await admin.config('SET', 'maxmemory', '0');
    const after = await ready(base);
    summary('defect 14a: readiness on a Redis out of memory', { readyBefore: before.status, whenOom: oom.status, afterwards: after.status });
    expect(before.status).toBe(200);
    expect(oom.status).toBe(503);
    expect(oom.reason).toContain('OOM');
    expect(after.status).toBe(200);
  });
});

describe('defect 14b: /metrics in production needs a token or a loopback-only listener', () => {
  it('refuses it without either (and warns at start-up), serves it on 127.0.0.1:METRICS_PORT, or with the token', async () => {
    const bare = captureLogger();
    const refused = await start({ NODE_ENV: 'production', DATA_DIR: mkdtempSync(join(tmpdir(), 'djzs-ops-')) }, bare.logger);
    const refusedStatus = (await fetch(`${refused.base}/metrics`)).status;

    const metricsPort = await freePort();
    const loopLog = captureLogger();
    const loop = await start({ NODE_ENV: 'production', METRICS_PORT: String(metricsPort), DATA_DIR: mkdtempSync(join(tmpdir(), 'djzs-ops-')) }, loopLog.logger);
    const mainStatus = (await fetch(`${loop.base}/metrics`)).status;
    const side = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    const sideText = await side.text();

    const token = 'operations-metrics-token-0123';
    const tokenLog = captureLogger();
    const withToken = await start({ NODE_ENV: 'production', METRICS_TOKEN: token, DATA_DIR: mkdtempSync(join(tmpdir(), 'djzs-ops-')) }, tokenLog.logger);
    const noToken = (await fetch(`${withToken.base}/metrics`)).status;
    const goodToken = (await fetch(`${withToken.base}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status;

    summary('defect 14b: metrics in production', { bare: refusedStatus, loopbackMain: mainStatus, loopbackSide: side.status, tokenMissing: noToken, tokenGiven: goodToken });
    expect(refusedStatus).toBe(403);
    expect(bare.text()).toMatch(/"level":40[^\n]*"metrics":"refused"/u);
    expect(mainStatus).toBe(404);
    expect(side.status).toBe(200);
    expect(sideText).toContain('djzs_');
    expect(loopLog.text()).toContain('loopback only (METRICS_PORT)');
    expect(loopLog.text()).toContain(`127.0.0.1:${metricsPort}`);
    expect(noToken).toBe(401);
    expect(goodToken).toBe(200);
    expect(tokenLog.text()).toContain('bearer token (METRICS_TOKEN)');
  });
});

/**
 * Opens a raw socket, sends `head`, then one byte of `drip` every `everyMs` until the server
 * answers or closes. Resolves with what the server sent and how many bytes were dripped.
 */
function dribble(port: number, head: string, drip: string, everyMs: number): Promise<{ response: string; dripped: number; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let response = '';
    let dripped = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (dripped >= drip.length || socket.destroyed) return;
        socket.write(drip[dripped] ?? '');
        dripped += 1;
      }, everyMs);
    });
    socket.on('data', (d: Buffer) => {
      response += d.toString('utf8');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ response, dripped, closed: true });
    });
  });
}

describe('defect 14c: slow clients are cut off', () => {
  it('answers 408 and closes a connection whose body dribbles in, and one whose head does', async () => {
    const wecom = { WECOM_TOKEN: 'OperationsToken', WECOM_ENCODING_AES_KEY: randomAesKey() };
    const { service } = await start({
      ...wecom,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'djzs-ops-')),
      BODY_TIMEOUT_MS: '1000',
      HEADERS_TIMEOUT_MS: '1000',
      REQUEST_TIMEOUT_MS: '3000',
    });
    const ts = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ encrypt: 'x'.repeat(4000) });
    const bodyHead =
      `POST /wecom?msg_signature=${'0'.repeat(40)}&timestamp=${ts}&nonce=n1 HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    // One byte every 100 ms: the whole body would take 400 s.
    const slowBody = await dribble(service.port, bodyHead, body, 100);
    const slowHead = await dribble(service.port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: '.concat('a'.repeat(4000)), 100);
    summary('defect 14c: slow bodies and heads', {
      bodyStatus: slowBody.response.split('\r\n')[0] ?? '',
      bodyBytesBeforeClose: slowBody.dripped,
      headStatus: slowHead.response.split('\r\n')[0] ?? '(closed)',
      headBytesBeforeClose: slowHead.dripped,
    });
    expect(slowBody.response.startsWith('HTTP/1.1 408')).toBe(true);
    expect(slowBody.closed).toBe(true);
    expect(slowBody.dripped).toBeLessThan(body.length);
    expect(slowHead.response.startsWith('HTTP/1.1 408')).toBe(true);
    expect(slowHead.closed).toBe(true);
    expect(slowHead.dripped).toBeLessThan(4008);
  }, 60_000);
});
