// createStore picks the implementation from the configuration and never logs the Redis password.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore, describeRedisUrl } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'djzs-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capturingLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }), lines };
}

describe('createStore', () => {
  it('uses the embedded store when REDIS_URL is unset', async () => {
    const { logger, lines } = capturingLogger();
    const store = createStore({ REDIS_URL: undefined, REDIS_PREFIX: 'djzs:', DATA_DIR: dir }, logger);
    expect(store.kind).toBe('embedded');
    await store.close();
    expect(lines.join('')).toContain('"store":"embedded"');
  });

  it('uses Redis when REDIS_URL is set, logging the address without credentials', async () => {
    const { logger, lines } = capturingLogger();
    const url = 'redis://admin:s3cret-pass@127.0.0.1:1/2';
    const store = createStore({ REDIS_URL: url, REDIS_PREFIX: 'djzs-idx:', DATA_DIR: dir }, logger);
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
});
