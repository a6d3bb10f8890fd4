// Redis going away: questions are still answered, reports are refused with the retry message and
// leave nothing behind, and the bot recovers by itself when Redis returns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBot, say, type TestBot } from '../support/bot.js';
import { ownRedis, type OwnRedis } from '../support/redis.js';

let redis: OwnRedis;
let tb: TestBot;
const ADMIN = { senderId: 'admin' };

beforeAll(async () => {
  redis = await ownRedis();
  tb = await createTestBot({ store: 'redis', env: { REDIS_URL: redis.url, ADMIN_IDS: 'console:admin' } });
});

afterAll(async () => {
  await tb.services.store.close();
  await redis.destroy();
});

describe('when Redis is unavailable', () => {
  it('answers questions, refuses reports with the retry message, and recovers', async () => {
    expect(await say(tb, '绑定 省化学会党支部', ADMIN)).toContain('已把本群绑定');
    expect(await say(tb, '上报 昨天组织党员走基层')).toContain('已记录 **#1**');

    await redis.stop();
    expect(await say(tb, '第7条')).toContain('每半年至少组织党员开展一次走基层');
    const refused = await say(tb, '上报 今天召开支部大会');
    expect(refused).toContain('暂时无法记录，请稍后再试');
    expect(await say(tb, '进度')).toContain('暂时无法记录，请稍后再试');
    expect(await say(tb, '汇总')).toContain('暂时无法记录，请稍后再试');

    await redis.start(); // a fresh, empty server: the store must reconnect by itself
    let reply = '';
    for (let i = 0; i < 40 && !reply.includes('已把本群绑定'); i++) {
      reply = await say(tb, '绑定 省化学会党支部', ADMIN);
      if (!reply.includes('已把本群绑定')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(reply).toContain('已把本群绑定');
    expect(await say(tb, '上报 今天召开支部大会')).toContain('已记录 **#1**');
    expect((await tb.store.listReports('省化学会党支部')).map((r) => r.text)).toEqual(['今天召开支部大会']);
  });
});
