// Builds the real bot (real handlers, knowledge and store) for tests. Nothing here is mocked:
// the store is a real embedded store in a temp dir, or a real Redis under a throw-away prefix.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Bot } from '../../src/bot/bot.js';
import type { AppServices as BotServices } from '../../src/app.js';
import { buildBot, buildServices } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Store } from '../../src/store/types.js';
import { silentLogger } from '../../src/log.js';
import { deletePrefix, TEST_REDIS_URL } from './redis.js';
import type { IncomingMessage } from '../../src/bot/message.js';

export interface TestBot {
  bot: Bot;
  config: Config;
  store: Store;
  services: BotServices;
  /** The clock the bot reads; tests move it. */
  clock: { now: Date };
  close(): Promise<void>;
}

export interface TestBotOptions {
  env?: Record<string, string>;
  /** 'embedded' (default) or 'redis' (REDIS_URL or 127.0.0.1:6379 under a random prefix). */
  store?: 'embedded' | 'redis';
  now?: Date;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', CAMPAIGN_YEAR: '2026', SCHEDULES_ENABLED: 'false', ...env });
}

export async function createTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const dir = mkdtempSync(join(tmpdir(), 'djzs-test-'));
  const storeEnv: Record<string, string> =
    options.store === 'redis'
      ? { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `test:${randomUUID()}:`, PHOTO_DIR: join(dir, 'files') }
      : { DATA_DIR: dir };
  const config = testConfig({ ...storeEnv, ...options.env });
  // Short back-offs: a send the fake refuses for now is retried within milliseconds, not minutes.
  const services = await buildServices(config, silentLogger, { retry: { backoffMs: 5, rateWindowMs: 5 } });
  const { store } = services;
  const clock = { now: options.now ?? new Date('2026-11-05T02:00:00Z') };
  const bot = buildBot(services, silentLogger, () => clock.now);
  return {
    bot,
    config,
    store,
    services,
    clock,
    async close() {
      if (options.store === 'redis') await deletePrefix(config.REDIS_PREFIX);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}


let seq = 0;
/** A group message as a platform would hand it to the bot. */
export function groupMessage(text: string, over: Partial<IncomingMessage> = {}): IncomingMessage {
  seq += 1;
  return {
    platform: 'console',
    conversationId: 'group-1',
    chatType: 'group',
    senderId: 'user-1',
    senderName: '张三',
    text,
    messageId: `m-${Date.now()}-${seq}`,
    receivedAt: new Date(),
    replyVia: { kind: 'passive' },
    ...over,
  } as IncomingMessage;
}

/** Sends one message through the real bot and returns the reply text ('' for a duplicate). */
export async function say(tb: TestBot, text: string, over: Partial<IncomingMessage> = {}): Promise<string> {
  const outcome = await tb.bot.handle(groupMessage(text, over));
  return outcome.kind === 'answered' ? outcome.reply.markdown : '';
}
