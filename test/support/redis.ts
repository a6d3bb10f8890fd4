// Deletes every key under a test prefix on the shared Redis (never FLUSHDB: others use it).
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function deletePrefix(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface OwnRedis {
  port: number;
  url: string;
  /** SIGKILL: nothing is flushed on the way down (with appendOnly, what was acknowledged is on disk). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server keeps its connections but answers nothing meanwhile. */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  /** Stops the server and removes its directory. */
  destroy(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/**
 * A redis-server of the test's own on a free port (never the machine's shared one), so that a
 * test can stop and restart it. By default it keeps nothing (a restart starts empty); with
 * `appendOnly` every write is fsynced to an append-only file in a temp directory, so a restart
 * keeps every write Redis acknowledged, as a production Redis with AOF does.
 */
export async function ownRedis(options: { appendOnly?: boolean } = {}): Promise<OwnRedis> {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'djzs-redis-'));
  const persistence = options.appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  let child: ReturnType<typeof spawn> | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const handle: OwnRedis = {
    port,
    url,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...persistence], { stdio: 'ignore' });
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined); // expected while the server starts
      try {
        for (let i = 0; i < 200; i++) {
          try {
            await probe.connect();
            await probe.ping();
            return;
          } catch {
            probe.disconnect();
            await new Promise((r) => setTimeout(r, 50));
          }
        }
        throw new Error(`redis-server did not start on port ${port}`);
      } finally {
        probe.disconnect();
      }
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      });
    },
    async freeze() {
      child?.kill('SIGSTOP');
    },
    async thaw() {
      child?.kill('SIGCONT');
    },
    async destroy() {
      await handle.thaw();
      await handle.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await handle.start();
  return handle;
}
