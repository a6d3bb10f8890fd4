// The whole service (startService, as `npm start` runs it) on loopback, with a fake platform API
// whose base URLs come from config, and a real store: real Redis under a throw-away prefix, or the
// embedded store in a temp DATA_DIR. One set-up for the e2e and reliability cases.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { silentLogger, type Logger } from '../../src/log.js';
import type { Now } from '../../src/time.js';
import { startService, type RunningService } from '../../src/service.js';
import { testConfig } from './bot.js';
import { deletePrefix, TEST_REDIS_URL } from './redis.js';
import { decrypt } from '@wecom/crypto';
import { aibotCallback, aibotText, dingtalkHeaders, dingtalkText, post, randomAesKey, startFake, type DingtalkHeaders, type FakeServer, type WecomSecrets } from '../platforms/support.js';

/** The DingTalk app secret the stack's callbacks are signed with. */
export const APP_SECRET = 'stack-dingtalk-secret-0123456789';
/** The user id listed in ADMIN_IDS on both platforms. */
export const ADMIN = 'admin';

export interface Stack {
  service: RunningService;
  base: string;
  fake: FakeServer;
  /** The Redis prefix ('' on the embedded store). */
  prefix: string;
  redisUrl: string;
  wecom: WecomSecrets;
  /** Number of keys under this stack's prefix (Redis only). */
  keyCount(): Promise<number>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Real Redis (default) or the embedded store in a temp DATA_DIR. */
  store?: 'redis' | 'embedded';
  redisUrl?: string;
  now?: Now;
  /** Variables over the stack's own (e.g. ADMIN_IDS, SCHEDULES_ENABLED). */
  env?: Record<string, string>;
  logger?: Logger;
  /** Keep the prefix's keys after close (the caller inspects them). */
  keepKeys?: boolean;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const fake = await startFake();
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const embedded = options.store === 'embedded';
  const prefix = embedded ? '' : `test:stack:${randomUUID()}:`;
  const dir = embedded ? mkdtempSync(join(tmpdir(), 'djzs-stack-')) : undefined;
  const wecom: WecomSecrets = { token: 'StackToken', aesKey: randomAesKey(), receiveId: '' };
  const config = testConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ...(dir ? { DATA_DIR: dir } : { REDIS_URL: redisUrl, REDIS_PREFIX: prefix }),
    ADMIN_IDS: `wecom:${ADMIN},dingtalk:${ADMIN}`,
    WECOM_TOKEN: wecom.token,
    WECOM_ENCODING_AES_KEY: wecom.aesKey,
    WECOM_API_BASE: fake.url,
    DINGTALK_APP_SECRET: APP_SECRET,
    DINGTALK_API_BASE: fake.url,
    DINGTALK_OAPI_BASE: fake.url,
    EXPORT_SECRET: 'stack-export-secret-0123456789',
    SCHEDULES_ENABLED: 'false',
    ...options.env,
  });
  const service = await startService(config, options.logger ?? silentLogger, options.now ? { now: options.now } : {});
  return {
    service,
    base: `http://127.0.0.1:${service.port}`,
    fake,
    prefix,
    redisUrl,
    wecom,
    keyCount: () => countKeys(prefix, redisUrl),
    async close() {
      await service.stop();
      await fake.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      else if (!options.keepKeys) await deletePrefix(prefix, redisUrl);
    },
  };
}

export async function countKeys(prefix: string, url: string = TEST_REDIS_URL): Promise<number> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    let n = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      n += keys.length;
    } while (cursor !== '0');
    return n;
  } finally {
    redis.disconnect();
  }
}

/** Group messages to a stack, sent as the platforms send them, at a fixed instant `now`. */
export interface StackChat {
  /** A DingTalk group message (sender staff-1 in cidBranchA unless told) → the markdown delivered to its sessionWebhook. */
  dingtalk(content: string, over?: { msgId?: string; isAdmin?: boolean; staffId?: string; group?: string }): Promise<string>;
  /** A WeCom AI-bot group message mentioning the bot → its decrypted passive reply. */
  wecom(content: string, userid: string, chatid: string): Promise<string>;
  /** DingTalk callback headers with a timestamp of their own: the server accepts each (timestamp, sign) once. */
  dingtalkHeaders(): DingtalkHeaders;
}

export function chatWith(stack: Stack, now: Date): StackChat {
  let seq = 0;
  let stamp = 0;
  const headers = (): DingtalkHeaders => dingtalkHeaders(APP_SECRET, new Date(now.getTime() + ++stamp));
  return {
    dingtalkHeaders: headers,
    async dingtalk(content, over = {}) {
      const before = stack.fake.on('/robot/sendBySession').length;
      const message = dingtalkText({ msgId: over.msgId ?? `dt-${++seq}`, content, staffId: over.staffId ?? 'staff-1', conversationId: over.group ?? 'cidBranchA' });
      const body = { ...message, isAdmin: over.isAdmin ?? false, createAt: now.getTime() };
      const res = await post(`${stack.base}/dingtalk`, JSON.stringify(body), headers());
      expect(res.status).toBe(200);
      const sent = await stack.fake.waitFor('/robot/sendBySession', before + 1);
      return (sent[sent.length - 1]?.json as { markdown: { text: string } }).markdown.text;
    },
    async wecom(content, userid, chatid) {
      const cb = aibotCallback(stack.wecom, aibotText({ msgid: `wc-${++seq}`, chatid, userid, content: `@党建助手 ${content}` }), now);
      const res = await post(`${stack.base}${cb.path}`, cb.body, { 'content-type': 'application/json' });
      expect(res.status).toBe(200);
      const reply = JSON.parse(res.text) as { encrypt: string };
      return (JSON.parse(decrypt(stack.wecom.aesKey, reply.encrypt).message) as { stream: { content: string } }).stream.content;
    },
  };
}
