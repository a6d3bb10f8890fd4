// Redis stopped (SIGKILL) in the middle of traffic and started again. The Redis is the test's own
// (never the machine's shared one), with an append-only file fsynced on every write, so the
// restarted server holds everything it acknowledged, as a production Redis with AOF does.
// Throughout: no crash and every callback acknowledged; every message answered exactly once;
// questions answered normally while Redis is down; reports refused with the retry message while it
// is down and recorded again after; and, counted at the end, every report the bot confirmed
// (已记录 #n) exists exactly once, and nothing else does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETRY_LATER } from '../../src/bot/bot.js';
import { dingtalkHeaders, dingtalkText, post } from '../platforms/support.js';
import { ADMIN, APP_SECRET, persistentRedis, startStack, summary, type PersistentRedis, type Stack } from './support.js';

const BRANCH = '断线测试党支部';
const GROUP = 'cidRedisRestart';
const SENDERS = 4;

let redis: PersistentRedis;
let stack: Stack;

beforeAll(async () => {
  redis = await persistentRedis();
  stack = await startStack({ redisUrl: redis.url });
});

afterAll(async () => {
  await stack?.close();
  await redis?.destroy();
});

type Phase = 'before' | 'down' | 'after';

interface Sent {
  msgId: string;
  kind: 'question' | 'report';
  phase: Phase;
  status: number;
}

describe('Redis stopped mid-traffic and restarted', () => {
  it('keeps answering, refuses reports while down, loses and duplicates nothing', async () => {
    const bind = { ...dingtalkText({ msgId: 'bind', content: `绑定 ${BRANCH}`, staffId: ADMIN, conversationId: GROUP }), isAdmin: true };
    expect((await post(`${stack.base}/dingtalk`, JSON.stringify(bind), dingtalkHeaders(APP_SECRET))).status).toBe(200);
    await stack.fake.waitFor('/robot/sendBySession', 1);

    let phase: Phase = 'before';
    let running = true;
    let seq = 0;
    const sent: Sent[] = [];
    let confirmedAfter = 0;
    const sender = async (): Promise<void> => {
      while (running) {
        seq += 1;
        const kind = seq % 2 === 0 ? 'report' : 'question';
        const msgId = `rr-${seq}`;
        const text = kind === 'report' ? `上报 断线活动${seq} 组织党员到企业开展走基层服务` : '第7条';
        const at = phase;
        const res = await post(`${stack.base}/dingtalk`, JSON.stringify(dingtalkText({ msgId, content: text, staffId: 'member', conversationId: GROUP })), dingtalkHeaders(APP_SECRET));
        sent.push({ msgId, kind, phase: at, status: res.status });
        await new Promise((r) => setTimeout(r, 15));
      }
    };
    const senders = Array.from({ length: SENDERS }, sender);

    const answers = (): Map<string, string[]> => {
      const byMsg = new Map<string, string[]>();
      for (const r of stack.fake.on('/robot/sendBySession')) {
        const id = (r.query.get('session') ?? '').replace(/^sess-/u, '');
        const text = (r.json as { markdown?: { text?: string } }).markdown?.text ?? '';
        byMsg.set(id, [...(byMsg.get(id) ?? []), text]);
      }
      return byMsg;
    };

    await new Promise((r) => setTimeout(r, 1500));
    phase = 'down';
    await redis.stop();
    await new Promise((r) => setTimeout(r, 2500));
    await redis.start();
    phase = 'after';
    // Keep the traffic going until the store has recovered and confirmed reports again.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const a = answers();
      confirmedAfter = sent.filter((x) => x.phase === 'after' && x.kind === 'report' && (a.get(x.msgId)?.[0] ?? '').includes('已记录')).length;
      if (confirmedAfter >= 10) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));
    running = false;
    await Promise.all(senders);

    // Every acknowledged message gets its one answer (the background work may still be finishing).
    const wanted = sent.length + 1;
    await stack.fake.waitFor('/robot/sendBySession', wanted, 15_000);
    await new Promise((r) => setTimeout(r, 300));
    const a = answers();

    const confirmed = new Map<number, string>(); // id → msgId
    const counts = { sent: sent.length, non200: 0, questionsDown: 0, questionsAnswered: 0, reportsConfirmed: 0, reportsRetry: 0, reportsDown: 0, answeredTwice: 0, unanswered: 0, unexpected: 0 };
    const unexpected: string[] = [];
    for (const x of sent) {
      if (x.status !== 200) counts.non200 += 1;
      const got = a.get(x.msgId) ?? [];
      if (got.length === 0) counts.unanswered += 1;
      if (got.length > 1) counts.answeredTwice += 1;
      const text = got[0] ?? '';
      if (x.kind === 'question') {
        if (x.phase === 'down') counts.questionsDown += 1;
        if (text.includes('走基层') && !text.includes('出错了')) counts.questionsAnswered += 1;
        else unexpected.push(`question ${x.msgId} (${x.phase}): ${text.slice(0, 60)}`);
        continue;
      }
      if (x.phase === 'down') counts.reportsDown += 1;
      const id = /已记录 \*\*#(\d+)\*\*/u.exec(text)?.[1];
      if (id !== undefined) {
        expect(confirmed.has(Number(id))).toBe(false); // one number, one report
        confirmed.set(Number(id), x.msgId);
        counts.reportsConfirmed += 1;
      } else if (text.includes(RETRY_LATER)) {
        counts.reportsRetry += 1;
      } else {
        unexpected.push(`report ${x.msgId} (${x.phase}): ${text.slice(0, 60)}`);
      }
    }
    counts.unexpected = unexpected.length;

    const stored = await stack.service.services.store.listReports(BRANCH);
    const storedIds = stored.map((r) => r.id).sort((x, y) => x - y);
    const storedMsgIds = stored.map((r) => r.messageId);
    const lost = [...confirmed.keys()].filter((id) => !storedIds.includes(id));
    const extra = storedIds.filter((id) => !confirmed.has(id));
    summary('redis stopped and restarted', {
      ...counts,
      confirmedAfterRestart: confirmedAfter,
      stored: stored.length,
      lost: lost.length,
      duplicated: storedMsgIds.length - new Set(storedMsgIds).size,
      storedButNotConfirmed: extra.length,
    });

    expect(counts.non200).toBe(0);
    expect(counts.unanswered).toBe(0);
    expect(counts.answeredTwice).toBe(0);
    expect(unexpected).toEqual([]);
    expect(counts.questionsDown).toBeGreaterThan(0);
    expect(counts.reportsRetry).toBeGreaterThan(0);
    expect(confirmedAfter).toBeGreaterThanOrEqual(10);
    // Counted: every confirmed report exists exactly once, under the number the bot gave, with
    // the message it came from; nothing the bot refused was stored.
    expect(lost).toEqual([]);
    expect(extra).toEqual([]);
    expect(new Set(storedMsgIds).size).toBe(stored.length);
    for (const r of stored) expect(r.messageId).toBe(`dingtalk:${confirmed.get(r.id) ?? ''}`);
  }, 60_000);
});
