// Issue 11, several instances: a WeCom AI-bot answer slower than the passive reply is finished
// through stream refresh callbacks, and a load balancer may send those to any instance. Two whole
// services share one real Redis; instance A reaches it through a TCP relay that holds every byte
// for 150 ms (a slow network), so its answer can never be ready within its passive-reply deadline
// (100 ms here). The refreshes go to instance B, which used to answer "expired" (the stream lived
// in A's memory) and now returns the finished answer.
import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { decrypt } from '@wecom/crypto';
import { silentLogger } from '../../src/log.js';
import { startService, type RunningService } from '../../src/service.js';
import { EXPIRED_TEXT, PENDING_TEXT } from '../../src/platforms/wecom/aibot.js';
import { testConfig } from '../support/bot.js';
import { deletePrefix, TEST_REDIS_URL } from '../support/redis.js';
import { aibotCallback, aibotText, post, randomAesKey, type WecomSecrets } from '../platforms/support.js';
import { summary } from './support.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A TCP relay to `target` that delivers every chunk `delayMs` late, in order, both ways. */
async function slowRelay(target: URL, delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    const outbound = connect(Number(target.port), target.hostname);
    sockets.add(inbound).add(outbound);
    const pipe = (from: Socket, to: Socket): void => {
      from.on('data', (d: Buffer) => setTimeout(() => to.destroyed || to.write(d), delayMs));
      from.on('close', () => setTimeout(() => to.destroy(), delayMs));
      from.on('error', () => undefined);
    };
    pipe(inbound, outbound);
    pipe(outbound, inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface StreamBody {
  msgtype: string;
  stream: { id: string; finish: boolean; content: string };
}

function openReply(secrets: WecomSecrets, text: string): StreamBody {
  const reply = JSON.parse(text) as { encrypt: string };
  return JSON.parse(decrypt(secrets.aesKey, reply.encrypt).message) as StreamBody;
}

describe('several instances: WeCom stream refreshes', () => {
  it('a refresh that reaches the other instance gets the finished answer', async () => {
    const secrets: WecomSecrets = { token: 'StreamsToken', aesKey: randomAesKey(), receiveId: '' };
    const prefix = `test:streams:${randomUUID()}:`;
    cleanups.push(() => deletePrefix(prefix));
    const relay = await slowRelay(new URL(TEST_REDIS_URL), 150);
    cleanups.push(() => relay.close());
    const env = (redisUrl: string): Record<string, string> => ({
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      WECOM_TOKEN: secrets.token,
      WECOM_ENCODING_AES_KEY: secrets.aesKey,
      EXPORT_SECRET: 'streams-export-secret-0123456789',
    });
    const started: RunningService[] = [];
    cleanups.push(async () => {
      for (const s of started) await s.stop();
    });
    const a = await startService(testConfig(env(relay.url)), silentLogger, { wecomReplyDeadlineMs: 100 });
    started.push(a);
    const b = await startService(testConfig(env(TEST_REDIS_URL)), silentLogger);
    started.push(b);

    const ask = aibotCallback(secrets, aibotText({ msgid: `streams-${randomUUID()}`, chatid: 'wrkStreams', userid: 'u1', content: '第7条' }));
    const first = await post(`http://127.0.0.1:${a.port}${ask.path}`, ask.body, { 'content-type': 'application/json' });
    const opened = openReply(secrets, first.text);

    // WeCom polls; the load balancer sends every poll to B.
    const states: string[] = [];
    let last: StreamBody['stream'] | undefined;
    for (let i = 0; i < 100; i += 1) {
      const refresh = aibotCallback(secrets, {
        msgid: `refresh-${randomUUID()}`,
        aibotid: 'A',
        chatid: 'wrkStreams',
        chattype: 'group',
        from: { userid: 'u1' },
        msgtype: 'stream',
        stream: { id: opened.stream.id },
      });
      const res = await post(`http://127.0.0.1:${b.port}${refresh.path}`, refresh.body, { 'content-type': 'application/json' });
      last = openReply(secrets, res.text).stream;
      states.push(last.finish ? (last.content === EXPIRED_TEXT ? 'expired' : 'finished') : 'pending');
      if (last.finish) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    summary('several instances: WeCom stream refresh on another instance', {
      firstReply: opened.stream.finish ? 'finished' : 'pending',
      refreshes: states.length,
      outcome: states.at(-1) ?? 'none',
    });
    expect(opened.stream).toMatchObject({ finish: false, content: PENDING_TEXT });
    expect(last?.id).toBe(opened.stream.id);
    expect(last?.finish).toBe(true);
    expect(last?.content).not.toBe(EXPIRED_TEXT);
    expect(last?.content).toContain('走基层');
  }, 60_000);
});
