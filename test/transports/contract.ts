// One suite for every receive transport (HTTP callbacks, long connections): the same questions,
// commands and reports must give the same answers whichever way a message arrives, and a
// redelivered message is recorded and answered once. Each transport file supplies a driver that
// speaks its protocol to the real service (startService) through local fakes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/types.js';

export interface Ask {
  text: string;
  group: string;
  user: string;
  msgId: string;
}

export interface TransportDriver {
  store: Store;
  /** Sends a group message and resolves with the answer's text as the platform received it. */
  ask(message: Ask): Promise<string>;
  /** Delivers a message without waiting for an answer (a redelivery). */
  deliver(message: Ask): Promise<void>;
  /** Answers the platform has received so far (any message). */
  answers(): number;
  close(): Promise<void>;
}

/** An admin on both platforms (ADMIN_IDS), for 绑定. */
export const ADMIN_USER = 'contract-admin';
export const ADMIN_IDS = `wecom:${ADMIN_USER},dingtalk:${ADMIN_USER}`;
export const NOW = new Date('2026-11-05T02:00:00Z'); // 10:00 in Shanghai
const CRITERION = '每半年至少组织党员开展一次走基层';

let seq = 0;
export function nextMsgId(prefix: string): string {
  seq += 1;
  return `${prefix}-${Date.now()}-${seq}`;
}

export function transportContract(name: string, start: () => Promise<TransportDriver>): void {
  describe(`transport contract: ${name}`, () => {
    let d: TransportDriver;
    const group = `grp-${name}-${Date.now()}`;

    beforeAll(async () => {
      d = await start();
    }, 30_000);

    afterAll(async () => {
      await d?.close();
    }, 30_000);

    it('answers a question from the notice', async () => {
      expect(await d.ask({ text: '第7条', group, user: 'member-1', msgId: nextMsgId(name) })).toContain(CRITERION);
    });

    it('answers a command (帮助) and an unknown command with a suggestion', async () => {
      expect(await d.ask({ text: '帮助', group, user: 'member-1', msgId: nextMsgId(name) })).toContain('上报');
      expect(await d.ask({ text: '/上抱', group, user: 'member-1', msgId: nextMsgId(name) })).toContain('没有“上抱”这个命令');
    });

    it('binds (admin only), records a report once and answers a redelivery once', async () => {
      const branch = `契约${name}党支部`;
      expect(await d.ask({ text: `绑定 ${branch}`, group, user: 'member-1', msgId: nextMsgId(name) })).toContain('只有管理员可以绑定');
      expect(await d.ask({ text: `绑定 ${branch}`, group, user: ADMIN_USER, msgId: nextMsgId(name) })).toContain(`已把本群绑定到支部“**${branch}**”`);
      const report: Ask = { text: '上报 昨天组织8名党员到企业开展走基层服务', group, user: 'member-1', msgId: nextMsgId(name) };
      const answer = await d.ask(report);
      expect(answer).toContain('已记录 **#1**');
      expect(answer).toContain('2026-11-04');
      const before = d.answers();
      await d.deliver(report);
      await d.deliver(report);
      // A later message is answered after the redeliveries were processed.
      expect(await d.ask({ text: '记录', group, user: 'member-1', msgId: nextMsgId(name) })).toContain('#1 2026-11-04 · 8人 · 第7条');
      expect(d.answers()).toBe(before + 1);
      expect(await d.store.listReports(branch)).toHaveLength(1);
    });
  });
}
