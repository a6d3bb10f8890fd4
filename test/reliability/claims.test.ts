// Message claims across crashes and lost responses (issue 11, defects 4, 11 and 13), on both
// stores, through the real bot:
//   4. a crash between claiming a message and doing its work: the claim the dead attempt left
//      must not make the redelivery a duplicate (embedded: after a restart; Redis: after the
//      lease) — the report is stored and answered;
//  11. a redelivery after the work was done (its response was lost) gets the same answer again,
//      and nothing is recorded twice;
//  13. (Redis) a report whose write reached Redis but whose reply was lost is answered as
//      recorded, not "暂时无法记录"; a resent report with the same text, same day, same person is
//      not recorded twice without the sender confirming it.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { addReportScript } from '../../src/store/redis-scripts.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { createTestBot, groupMessage, say, type TestBot } from '../support/bot.js';
import { TEST_REDIS_URL } from '../support/redis.js';
import { summary } from './support.js';

const ADMIN = { senderId: 'admin', senderIsAdmin: true };
const ROUNDS = 10;
const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

async function bound(tb: TestBot, branch: string): Promise<void> {
  const m = groupMessage('');
  await tb.store.setBinding({ group: { platform: m.platform, conversationId: m.conversationId }, target: { kind: 'branch', branch }, boundBy: ADMIN.senderId, boundAt: new Date().toISOString() });
}

for (const kind of ['embedded', 'redis'] as const) {
  describe(`message claims (${kind} store)`, () => {
    it('redoes the work of a message whose attempt died after claiming it (defect 4)', async () => {
      let tb = await createTestBot({ store: kind });
      const counts = { crashedAttempts: 0, redone: 0, recorded: 0, lost: 0 };
      try {
        await bound(tb, '崩溃测试支部');
        for (let i = 0; i < ROUNDS; i++) {
          const message = groupMessage(`上报 昨天组织党员开展走基层服务第${i}次`, { messageId: `crash-${i}` });
          // What the dead attempt left behind: the message claimed, the work never done.
          expect(await tb.store.claimMessage(`msg:${message.platform}:${message.messageId}`, 300)).toEqual({ state: 'claimed' });
          counts.crashedAttempts += 1;
          if (kind === 'embedded') {
            // The process is gone: a new one opens the same data.
            const dir = (tb.store as EmbeddedStore).dir;
            await tb.store.close();
            const reopened = new EmbeddedStore({ dir });
            tb = { ...tb, store: reopened, bot: (await rebuild(tb, reopened)).bot };
          } else {
            await sleep(400); // the lease runs out
          }
          const outcome = await tb.bot.handle(message);
          if (outcome.kind === 'answered' && outcome.reply.markdown.includes('已记录')) counts.redone += 1;
        }
        counts.recorded = (await tb.store.listReports('崩溃测试支部')).length;
        counts.lost = ROUNDS - counts.recorded;
        summary(`claims after a crash (${kind})`, counts);
        expect(counts).toEqual({ crashedAttempts: ROUNDS, redone: ROUNDS, recorded: ROUNDS, lost: 0 });
      } finally {
        await tb.close();
      }
    });

    it('answers a redelivery after the work was done with the same answer (defect 11)', async () => {
      const tb = await createTestBot({ store: kind });
      const counts = { messages: 0, redeliveries: 0, sameAnswer: 0, emptyAnswers: 0, records: 0 };
      try {
        await bound(tb, '重投回答支部');
        for (let i = 0; i < ROUNDS; i++) {
          const message = groupMessage(i % 2 === 0 ? '第7条' : `上报 今天召开组织生活会第${i}次`, { messageId: `done-${i}` });
          const first = await tb.bot.handle(message);
          counts.messages += 1;
          for (let r = 0; r < 2; r++) {
            const again = await tb.bot.handle({ ...message });
            counts.redeliveries += 1;
            if (again.kind !== 'answered') counts.emptyAnswers += 1;
            else if (first.kind === 'answered' && again.reply.markdown === first.reply.markdown) counts.sameAnswer += 1;
          }
        }
        counts.records = (await tb.store.listReports('重投回答支部')).length;
        summary(`redelivery after done (${kind})`, counts);
        expect(counts).toEqual({ messages: ROUNDS, redeliveries: 2 * ROUNDS, sameAnswer: 2 * ROUNDS, emptyAnswers: 0, records: ROUNDS / 2 });
      } finally {
        await tb.close();
      }
    });

    it('asks before recording the same text from the same person twice in a day (defect 13)', async () => {
      const tb = await createTestBot({ store: kind });
      try {
        await bound(tb, '重发支部');
        const text = '上报 昨天组织8名党员到社区开展走基层服务';
        expect(await say(tb, text, { messageId: 'resend-1' })).toContain('已记录 **#1**');
        const asked = await say(tb, text, { messageId: 'resend-2' });
        expect(asked).toContain('已上报过相同内容');
        expect(asked).toContain('#1');
        expect(await tb.store.listReports('重发支部')).toHaveLength(1);
        // Another person, or the sender confirming with 再次, is recorded.
        expect(await say(tb, text, { messageId: 'resend-3', senderId: 'other' })).toContain('已记录 **#2**');
        expect(await say(tb, `上报 再次 ${text.slice(3)}`, { messageId: 'resend-4' })).toContain('已记录 **#3**');
        expect(await tb.store.listReports('重发支部')).toHaveLength(3);
      } finally {
        await tb.close();
      }
    });
  });
}

async function rebuild(tb: TestBot, store: EmbeddedStore): Promise<{ bot: TestBot['bot'] }> {
  const { buildBot } = await import('../../src/app.js');
  const { silentLogger } = await import('../../src/log.js');
  return { bot: buildBot({ ...tb.services, store }, silentLogger, () => tb.clock.now) };
}

/** A TCP proxy to Redis that, when armed, lets addReport's script run but drops its reply. */
async function replyDroppingProxy(target: URL): Promise<{ url: string; arm: () => void; dropped: () => number; close: () => Promise<void> }> {
  let armed = false;
  let dropped = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    sockets.add(client).add(upstream);
    let dropNextReply = false;
    client.on('data', (d: Buffer) => {
      if (armed && d.includes(addReportScript.sha)) {
        armed = false;
        dropNextReply = true;
      }
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      if (dropNextReply) {
        // The script ran in Redis; the client never hears back.
        dropped += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(d);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    arm: () => {
      armed = true;
    },
    dropped: () => dropped,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
}

describe('a report whose reply from Redis was lost (defect 13)', () => {
  const proxies: { close: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const p of proxies) await p.close();
  });

  it('is answered as recorded after checking by message id, and stored once', async () => {
    const proxy = await replyDroppingProxy(new URL(TEST_REDIS_URL));
    proxies.push(proxy);
    const tb = await createTestBot({ store: 'redis', env: { REDIS_URL: proxy.url } });
    const counts = { reports: 0, repliesLost: 0, answeredRecorded: 0, answeredRetry: 0, records: 0 };
    try {
      await bound(tb, '断线测试支部');
      for (let i = 0; i < 5; i++) {
        proxy.arm();
        const text = await say(tb, `上报 昨天组织党员学习第${i}次`, { messageId: `lost-reply-${i}` });
        counts.reports += 1;
        if (text.includes('已记录')) counts.answeredRecorded += 1;
        if (text.includes('暂时无法记录')) counts.answeredRetry += 1;
      }
      counts.repliesLost = proxy.dropped();
      counts.records = (await tb.store.listReports('断线测试支部')).length;
      summary('ambiguous store errors', counts);
      expect(counts).toEqual({ reports: 5, repliesLost: 5, answeredRecorded: 5, answeredRetry: 0, records: 5 });
    } finally {
      await tb.close();
    }
  }, 60_000);
});
