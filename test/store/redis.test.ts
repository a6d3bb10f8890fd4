// RedisStore against a real Redis, under a random prefix that is deleted afterwards.
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisStore, toStoreError } from '../../src/store/redis.js';
import { SlidingWindowLimiter } from '../../src/push/rate-limit.js';
import { StoreUnavailableError, type Store } from '../../src/store/types.js';
import { binding, group, newReport, runStoreContract, sleep } from './contract.js';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const runPrefix = `djzs-test:${randomUUID()}:`;
let storeSeq = 0;

function makeStore(prefix = `${runPrefix}${++storeSeq}:`): RedisStore {
  return new RedisStore({ url, prefix });
}

async function scanKeys(redis: Redis, prefix: string): Promise<string[]> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

afterAll(async () => {
  const redis = new Redis(url);
  try {
    const keys = await scanKeys(redis, runPrefix);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  } finally {
    redis.disconnect();
  }
});

runStoreContract(
  'redis',
  async () => makeStore(),
  async (store: Store) => store.close(),
);

describe('redis store specifics', () => {
  it('keeps each record in its own key under the prefix', async () => {
    const prefix = `${runPrefix}layout:`;
    const store = makeStore(prefix);
    const redis = new Redis(url);
    try {
      await store.addReport(newReport({ branch: '第一 支部:A', messageId: 'm1' }));
      await store.addReport(newReport({ branch: '第一 支部:A', messageId: 'm2' }));
      await store.setBinding(binding(group('chat:1'), { kind: 'branch', branch: '第一 支部:A' }));
      await store.setPushChannel(group('chat:1'), {
        channel: { kind: 'dingtalk-openapi', openConversationId: 'cid' },
        setBy: 'auto',
        setAt: '2026-11-01T00:00:00.000Z',
      });
      await store.claimReminder('week 45', group('chat:1'), 60_000);
      const keys = (await scanKeys(redis, prefix)).map((k) => k.slice(prefix.length)).sort();
      const branch = encodeURIComponent('第一 支部:A');
      expect(keys).toEqual(
        [
          'b:wecom:chat%3A1',
          'bound',
          'branches',
          `r:${branch}:1`,
          `r:${branch}:2`,
          `r:${branch}:idx`,
          `r:${branch}:seq`,
          `r:${branch}:st`,
          `r:${branch}:dt`,
          `r:${branch}:wk`,
          'm:wecom:m1',
          'm:wecom:m2',
          'p:wecom:chat%3A1',
          'rem:week%2045:wecom:chat%3A1',
        ].sort(),
      );
      const record = JSON.parse((await redis.get(`${prefix}r:${branch}:2`)) ?? 'null') as { id: number; messageId: string };
      expect(record).toMatchObject({ id: 2, messageId: 'm2' });
      expect(await redis.get(`${prefix}m:wecom:m1`)).toBe(`${branch}:1`);
      expect(await redis.pttl(`${prefix}rem:week%2045:wecom:chat%3A1`)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
      await store.close();
    }
  });

  it('builds the aggregates of records written before aggregates existed, once', async () => {
    const prefix = `${runPrefix}${++storeSeq}:`;
    const store = makeStore(prefix);
    const redis = new Redis(url);
    try {
      await store.addReport(newReport({ branch: '老支部', criteria: [7], date: '2026-08-02' }));
      await store.addReport(newReport({ branch: '老支部', criteria: [1], date: '2026-09-01' }));
      const branch = encodeURIComponent('老支部');
      // As an older version left the data: records and indexes, no aggregates.
      await redis.del(`${prefix}r:${branch}:st`, `${prefix}r:${branch}:dt`, `${prefix}r:${branch}:wk`, `${prefix}stats:v1`);
      const fresh = makeStore(prefix);
      const [s] = await fresh.branchStats(['老支部'], { grassroots: { start: '2026-07-01', end: '2026-12-31' } });
      expect(s).toMatchObject({ total: 2, lastDate: '2026-09-01', grassroots: { count: 1, first: { id: 1, date: '2026-08-02' } } });
      expect(s?.criteria).toEqual(new Map([[7, 1], [1, 1]]));
      expect(await redis.get(`${prefix}stats:v1`)).toBe('2');
      await fresh.close();
    } finally {
      redis.disconnect();
      await store.close();
    }
  });

  it('rebuilds aggregates an older version kept without 三会一课 counts, once', async () => {
    const prefix = `${runPrefix}${++storeSeq}:`;
    const store = makeStore(prefix);
    const redis = new Redis(url);
    try {
      await store.addReport(newReport({ branch: '旧版支部', criteria: [3], date: '2026-10-09', meeting: '支部委员会' }));
      await store.addReport(newReport({ branch: '旧版支部', criteria: [3], date: '2026-11-02', meeting: '支部委员会' }));
      const branch = encodeURIComponent('旧版支部');
      // As version 1 left them: counts without m: fields, marked 'v' 1, database marked 1.
      await redis.hdel(`${prefix}r:${branch}:st`, 'm:支部委员会:2026-10', 'm:支部委员会:2026-11');
      await redis.hset(`${prefix}r:${branch}:st`, 'v', '1');
      await redis.set(`${prefix}stats:v1`, '1');
      const fresh = makeStore(prefix);
      const [s] = await fresh.branchStats(['旧版支部']);
      expect(s?.total).toBe(2);
      expect(s?.meetings).toEqual(new Map([['支部委员会', new Map([['2026-10', 1], ['2026-11', 1]])]]));
      expect(await redis.hget(`${prefix}r:${branch}:st`, 'v')).toBe('2');
      await fresh.close();
    } finally {
      redis.disconnect();
      await store.close();
    }
  });

  it('shares a push rate window between two instances (N instances still send 20/min per robot)', async () => {
    const prefix = `${runPrefix}${++storeSeq}:`;
    const a = makeStore(prefix);
    const b = makeStore(prefix);
    try {
      expect(await a.takeRate('robot-1', 3, 400)).toBe(0);
      expect(await b.takeRate('robot-1', 3, 400)).toBe(0);
      expect(await a.takeRate('robot-1', 3, 400)).toBe(0);
      const wait = await b.takeRate('robot-1', 3, 400);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(401);
      expect(await a.takeRate('robot-2', 3, 400)).toBe(0); // per key
      await sleep((wait ?? 0) + 20);
      expect(await b.takeRate('robot-1', 3, 400)).toBe(0);
      // Two limiters, one per instance, as the push service builds them: 5 sends, limit 3.
      const la = new SlidingWindowLimiter(3, 500, undefined, (k, l, w) => a.takeRate(k, l, w));
      const lb = new SlidingWindowLimiter(3, 500, undefined, (k, l, w) => b.takeRate(k, l, w));
      const started = Date.now();
      const times = await Promise.all([la, lb, la, lb, la].map(async (l) => {
        await l.acquire('robot-3');
        return Date.now() - started;
      }));
      expect(times.filter((t) => t < 300)).toHaveLength(3);
      expect(times.filter((t) => t >= 450)).toHaveLength(2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('shares ids, claims and locks between two instances', async () => {
    const prefix = `${runPrefix}shared:`;
    const a = makeStore(prefix);
    const b = makeStore(prefix);
    try {
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).addReport(newReport({ branch: '共享支部' }))),
      );
      expect(results.map((r) => r.report.id).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      const claims = await Promise.all([a, b, a, b].map((s) => s.claimOnce('m', 60)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      const locks = await Promise.all([a, b, a, b].map((s) => s.acquireLock('job', 5000)));
      expect(locks.filter(Boolean)).toHaveLength(1);
      const kept = await Promise.all([a, b, a, b].map((s, i) => s.getOrCreateValue('export-secret', `from-${i}`)));
      expect(new Set(kept).size).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('does not disguise a genuine Redis error as unavailability', async () => {
    const prefix = `${runPrefix}wrongtype:`;
    const store = makeStore(prefix);
    const redis = new Redis(url);
    try {
      // A non-integer sequence makes INCR inside the script fail: a bug, not an outage.
      await redis.set(`${prefix}r:${encodeURIComponent('坏支部')}:seq`, 'not-a-number');
      const err: unknown = await store.addReport(newReport({ branch: '坏支部' })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(StoreUnavailableError);
      expect(await store.listReports('坏支部')).toEqual([]);
    } finally {
      redis.disconnect();
      await store.close();
    }
  });

  it('classifies errors: connection trouble and LOADING are unavailable, reply errors are not', () => {
    const reply = (message: string): Error => Object.assign(new Error(message), { name: 'ReplyError' });
    expect(toStoreError(new Error('Connection is closed.'))).toBeInstanceOf(StoreUnavailableError);
    expect(toStoreError(new Error('Command timed out'))).toBeInstanceOf(StoreUnavailableError);
    expect(toStoreError(reply('LOADING Redis is loading the dataset in memory'))).toBeInstanceOf(StoreUnavailableError);
    const bug = reply('ERR Error running script');
    expect(toStoreError(bug)).toBe(bug);
  });

  it('fails fast with StoreUnavailableError when Redis is unreachable', async () => {
    const store = new RedisStore({ url: 'redis://127.0.0.1:1', prefix: `${runPrefix}down:` });
    try {
      for (const call of [() => store.ping(), () => store.addReport(newReport()), () => store.listBranches()]) {
        const started = Date.now();
        await expect(call()).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(Date.now() - started).toBeLessThan(3000);
      }
      // Calls keep failing fast while it stays down.
      await sleep(300);
      const started = Date.now();
      await expect(store.claimOnce('x', 60)).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await store.close();
    }
  });

  it('fails fast when Redis accepts connections but never answers', async () => {
    const silent = createServer(() => undefined);
    const held = new Set<Socket>();
    silent.on('connection', (s) => held.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const store = new RedisStore({ url: `redis://127.0.0.1:${port}`, prefix: `${runPrefix}silent:` });
    try {
      for (const call of [() => store.ping(), () => store.addReport(newReport())]) {
        const started = Date.now();
        await expect(call()).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(Date.now() - started).toBeLessThan(3000);
      }
    } finally {
      await store.close();
      for (const s of held) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('recovers by itself when Redis comes back', async () => {
    const target = new URL(url);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    const port = await proxy.start(0);
    const auth = target.password ? `${target.username}:${target.password}@` : '';
    const store = new RedisStore({
      url: `${target.protocol}//${auth}127.0.0.1:${port}${target.pathname}`,
      prefix: `${runPrefix}recover:`,
      maxReconnectDelayMs: 300,
    });
    try {
      await store.ping();
      expect((await store.addReport(newReport({ branch: '恢复支部' }))).report.id).toBe(1);

      await proxy.stop();
      const started = Date.now();
      await expect(store.addReport(newReport({ branch: '恢复支部' }))).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(3000);

      await proxy.start(port);
      const deadline = Date.now() + 5000;
      let back = false;
      while (!back && Date.now() < deadline) {
        back = await store.ping().then(
          () => true,
          () => false,
        );
        if (!back) await sleep(100);
      }
      expect(back).toBe(true);
      expect((await store.addReport(newReport({ branch: '恢复支部' }))).report.id).toBe(2);
    } finally {
      await store.close();
      await proxy.stop();
    }
  });
});

/** A TCP forwarder we can take down and bring back on the same port, standing in for Redis. */
class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  start(listenPort: number): Promise<number> {
    const server = createServer((client) => {
      const upstream = connect(this.port, this.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : listenPort);
      });
    });
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
