// createStore picks the implementation from the configuration and never logs the Redis password.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore, describeRedisUrl } from '../../src/store/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'djzs-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capturingLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }), lines };
}

describe('createStore', () => {
  it('uses the embedded store when REDIS_URL is unset', async () => {
    const { logger, lines } = capturingLogger();
    const store = await createStore({ REDIS_URL: undefined, REDIS_PREFIX: 'djzs:', DATA_DIR: dir }, logger);
    expect(store.kind).toBe('embedded');
    await store.close();
    expect(lines.join('')).toContain('"store":"embedded"');
  });

  it('uses Redis when REDIS_URL is set, logging the address without credentials', async () => {
    const { logger, lines } = capturingLogger();
    const url = 'redis://admin:s3cret-pass@127.0.0.1:1/2';
    const store = await createStore({ REDIS_URL: url, REDIS_PREFIX: 'djzs-idx:', DATA_DIR: dir }, logger);
    expect(store.kind).toBe('redis');
    await store.close();
    const log = lines.join('');
    expect(log).toContain('"store":"redis"');
    expect(log).toContain('127.0.0.1:1/2');
    expect(log).not.toContain('s3cret-pass');
    expect(log).not.toContain('admin');
  });

  it('describes Redis URLs without user or password', () => {
    expect(describeRedisUrl('rediss://:pw@cache.example.com:6380')).toBe('rediss://cache.example.com:6380');
    expect(describeRedisUrl('redis://u:pw@h/3')).toBe('redis://h/3');
  });

  it('does not load ioredis for the embedded store (it would cost ~8 MiB), and loads it for Redis', () => {
    const script = (redisUrl: string): string => `
      import { createRequire } from 'node:module';
      import { createStore } from './src/store/index.ts';
      const silent = { info() {}, warn() {}, error() {}, debug() {}, child() { return silent; } };
      const store = await createStore({ REDIS_URL: ${JSON.stringify(redisUrl)} || undefined, REDIS_PREFIX: 'djzs-lazy:', DATA_DIR: ${JSON.stringify(dir)} }, silent);
      const loaded = Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('/node_modules/ioredis/'));
      await store.close();
      process.stdout.write(String(loaded));`;
    const run = (redisUrl: string): string =>
      spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(redisUrl)], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }).stdout;
    expect(run('')).toBe('false');
    expect(run('redis://127.0.0.1:1/0')).toBe('true');
  }, 120_000);
});
