// The one behaviour contract both stores must pass (run by redis.test.ts and embedded.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError, type Binding, type NewReport, type PushChannelRecord, type Store } from '../../src/store/types.js';
import type { GroupRef, Platform } from '../../src/core.js';

export const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

export function group(conversationId: string, platform: Platform = 'wecom'): GroupRef {
  return { platform, conversationId };
}

let messageSeq = 0;
export function newReport(over: Partial<NewReport> = {}): NewReport {
  messageSeq += 1;
  return {
    branch: '第一党支部',
    reporterId: 'zhangsan',
    reporterName: '张三',
    group: group('chat-1'),
    messageId: `msg-${messageSeq}`,
    receivedAt: '2026-11-05T02:00:00.000Z',
    date: '2026-11-04',
    participants: 12,
    criteria: [3, 7],
    text: '组织开展主题党日活动：学习“双强六好”要求',
    ...over,
  };
}

export function binding(g: GroupRef, target: Binding['target'], over: Partial<Binding> = {}): Binding {
  return { group: g, target, groupTitle: '第一支部群', boundBy: 'wecom:admin', boundAt: '2026-11-01T00:00:00.000Z', ...over };
}

const webhook: PushChannelRecord = {
  channel: { kind: 'wecom-webhook', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc' },
  setBy: 'auto',
  setAt: '2026-11-01T00:00:00.000Z',
};

function countTrue(values: boolean[]): number {
  return values.filter(Boolean).length;
}

export function runStoreContract(
  name: string,
  makeStore: () => Promise<Store>,
  cleanup: (store: Store) => Promise<void>,
): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await cleanup(store);
    });

    describe('health', () => {
      it('pings while open and reports unavailable once closed', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
        await store.close();
        await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
        await store.close(); // closing twice is harmless
      });
    });

    describe('claimOnce', () => {
      it('is true for the first caller only, per key', async () => {
        expect(await store.claimOnce('wecom:m1', 60)).toBe(true);
        expect(await store.claimOnce('wecom:m1', 60)).toBe(false);
        expect(await store.claimOnce('wecom:m2', 60)).toBe(true);
      });

      it('gives exactly one of 20 concurrent callers the claim', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, () => store.claimOnce('dingtalk:same', 60)));
        expect(countTrue(results)).toBe(1);
      });

      it('can be claimed again after the ttl', async () => {
        expect(await store.claimOnce('short', 1)).toBe(true);
        await sleep(1150);
        expect(await store.claimOnce('short', 1)).toBe(true);
      });
    });

    describe('acquireLock', () => {
      it('is held by exactly one of 20 concurrent callers', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, () => store.acquireLock('cron:weekly', 5000)));
        expect(countTrue(results)).toBe(1);
        expect(await store.acquireLock('cron:other', 5000)).toBe(true);
      });

      it('expires after its ttl', async () => {
        expect(await store.acquireLock('cron:tick', 100)).toBe(true);
        expect(await store.acquireLock('cron:tick', 100)).toBe(false);
        await sleep(200);
        expect(await store.acquireLock('cron:tick', 100)).toBe(true);
      });
    });

    describe('holdLease', () => {
      it('is held by one owner, extended by it, refused to others, free again after release or expiry', async () => {
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.holdLease('ws', `owner-${i}`, 5000)));
        expect(countTrue(results)).toBe(1);
        const holder = `owner-${results.indexOf(true)}`;
        const other = holder === 'owner-0' ? 'owner-1' : 'owner-0';
        expect(await store.holdLease('ws', holder, 5000)).toBe(true);
        expect(await store.holdLease('ws', other, 5000)).toBe(false);
        await store.releaseLease('ws', other);
        expect(await store.holdLease('ws', other, 5000)).toBe(false);
        await store.releaseLease('ws', holder);
        expect(await store.holdLease('ws', other, 150)).toBe(true);
        await sleep(250);
        expect(await store.holdLease('ws', holder, 5000)).toBe(true);
      });
    });

    describe('short-lived values', () => {
      it('reads back what was set until it expires', async () => {
        expect(await store.getShortLived('conv:wecom:chat-1:zhangsan')).toBeNull();
        await store.setShortLived('conv:wecom:chat-1:zhangsan', '{"items":[]}', 1);
        await store.setShortLived('conv:wecom:chat-1:lisi', 'other', 60);
        expect(await store.getShortLived('conv:wecom:chat-1:zhangsan')).toBe('{"items":[]}');
        await sleep(1200);
        expect(await store.getShortLived('conv:wecom:chat-1:zhangsan')).toBeNull();
        expect(await store.getShortLived('conv:wecom:chat-1:lisi')).toBe('other');
      });
    });

    describe('answer streams', () => {
      it('keeps a stream pending, then finished, until it expires', async () => {
        expect(await store.getStream('s1')).toBeNull();
        await store.putStream('s1', { finished: false }, 1);
        await store.putStream('s2', { finished: false }, 60);
        expect(await store.getStream('s1')).toEqual({ finished: false });
        await store.putStream('s2', { finished: true, content: '**答案** 第7条' }, 60);
        expect(await store.getStream('s2')).toEqual({ finished: true, content: '**答案** 第7条' });
        await sleep(1200);
        expect(await store.getStream('s1')).toBeNull();
        expect(await store.getStream('s2')).toEqual({ finished: true, content: '**答案** 第7条' });
      });
    });

    describe('shared queues', () => {
      it('hands items out oldest first, each once, and takes a given one back', async () => {
        expect(await store.takeQueue('q1')).toBeNull();
        await store.pushQueue('q1', 'a', 60);
        await store.pushQueue('q1', 'b', 60);
        await store.pushQueue('q1', 'c', 60);
        expect(await store.removeFromQueue('q1', 'b')).toBe(true);
        expect(await store.removeFromQueue('q1', 'b')).toBe(false);
        expect(await store.takeQueue('q1')).toBe('a');
        expect(await store.takeQueue('q1')).toBe('c');
        expect(await store.takeQueue('q1')).toBeNull();
        await store.pushQueue('q2', 'x', 1);
        await sleep(1200);
        expect(await store.takeQueue('q2')).toBeNull();
      });
    });

    describe('bindings', () => {
      it('binds a group and reads it back', async () => {
        const g = group('chat-1');
        expect(await store.getBinding(g)).toBeNull();
        const b = binding(g, { kind: 'branch', branch: '第一党支部' });
        await store.setBinding(b);
        expect(await store.getBinding(g)).toEqual(b);
      });

      it('re-binding moves the group to its new target', async () => {
        const g = group('chat-1');
        await store.setBinding(binding(g, { kind: 'branch', branch: '第一党支部' }));
        await store.setBinding(binding(g, { kind: 'branch', branch: '第二党支部' }, { boundBy: 'wecom:lisi' }));
        expect((await store.getBinding(g))?.target).toEqual({ kind: 'branch', branch: '第二党支部' });
        const all = await store.listBindings();
        expect(all).toHaveLength(1);
        expect(all[0]?.target).toEqual({ kind: 'branch', branch: '第二党支部' });
        expect(all[0]?.boundBy).toBe('wecom:lisi');
      });

      it('binds the committee and lists every bound group', async () => {
        const committee = group('cid-committee==', 'dingtalk');
        await store.setBinding(binding(committee, { kind: 'committee' }));
        await store.setBinding(binding(group('chat-1'), { kind: 'branch', branch: '第一党支部' }));
        expect((await store.getBinding(committee))?.target).toEqual({ kind: 'committee' });
        const ids = (await store.listBindings()).map((b) => `${b.group.platform}:${b.group.conversationId}`).sort();
        expect(ids).toEqual(['dingtalk:cid-committee==', 'wecom:chat-1']);
      });

      it('keeps groups apart by platform and by ids containing ":"', async () => {
        const a = group('x:y');
        const b = group('x');
        const c = group('x:y', 'dingtalk');
        await store.setBinding(binding(a, { kind: 'branch', branch: 'A' }));
        await store.setBinding(binding(b, { kind: 'branch', branch: 'B' }));
        await store.setBinding(binding(c, { kind: 'committee' }));
        expect((await store.getBinding(a))?.target).toEqual({ kind: 'branch', branch: 'A' });
        expect((await store.getBinding(b))?.target).toEqual({ kind: 'branch', branch: 'B' });
        expect((await store.getBinding(c))?.target).toEqual({ kind: 'committee' });
        expect(await store.getBinding(group('y'))).toBeNull();
        expect(await store.listBindings()).toHaveLength(3);
      });
    });

    describe('reports', () => {
      it('stores every field and numbers each branch independently 1, 2, 3', async () => {
        const input = newReport({ branch: '第一党支部' });
        const first = await store.addReport(input);
        expect(first).toEqual({ created: true, report: { ...input, id: 1 } });
        expect((await store.addReport(newReport({ branch: '第一党支部' }))).report.id).toBe(2);
        expect((await store.addReport(newReport({ branch: '第二党支部' }))).report.id).toBe(1);
        expect((await store.addReport(newReport({ branch: '第一党支部' }))).report.id).toBe(3);
        expect((await store.addReport(newReport({ branch: '第二党支部' }))).report.id).toBe(2);
      });

      it('keeps optional fields optional', async () => {
        const { reporterName: _n, participants: _p, ...bare } = newReport({ criteria: [] });
        const { report } = await store.addReport(bare);
        expect(report).toEqual({ ...bare, id: 1 });
        expect(await store.getReport(bare.branch, 1)).toEqual({ ...bare, id: 1 });
      });

      it('lists newest first, honouring the limit', async () => {
        for (let i = 0; i < 3; i++) await store.addReport(newReport());
        expect((await store.listReports('第一党支部')).map((r) => r.id)).toEqual([3, 2, 1]);
        expect((await store.listReports('第一党支部', 2)).map((r) => r.id)).toEqual([3, 2]);
        expect(await store.listReports('第一党支部', 0)).toEqual([]);
        expect(await store.listReports('没有的支部')).toEqual([]);
      });

      it('stores a redelivered message once and returns the stored record', async () => {
        const input = newReport({ messageId: 'dup-1' });
        const first = await store.addReport(input);
        const again = await store.addReport({ ...input, text: '重发的同一条消息' });
        expect(again).toEqual({ created: false, report: first.report });
        expect(await store.listReports(input.branch)).toHaveLength(1);
      });

      it('creates exactly one record for 10 concurrent deliveries of one message', async () => {
        const input = newReport({ messageId: 'dup-concurrent' });
        const results = await Promise.all(Array.from({ length: 10 }, () => store.addReport(input)));
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.report.id))).toEqual(new Set([1]));
        expect(await store.listReports(input.branch)).toHaveLength(1);
      });

      it('scopes message ids to their platform', async () => {
        const a = await store.addReport(newReport({ messageId: 'same-id', group: group('g', 'wecom') }));
        const b = await store.addReport(newReport({ messageId: 'same-id', group: group('g', 'dingtalk') }));
        expect([a.created, b.created]).toEqual([true, true]);
        expect(b.report.id).toBe(2);
      });

      it('numbers 50 concurrent reports 1..50 without gaps or duplicates', async () => {
        const results = await Promise.all(Array.from({ length: 50 }, () => store.addReport(newReport())));
        expect(results.every((r) => r.created)).toBe(true);
        const ids = results.map((r) => r.report.id).sort((a, b) => a - b);
        expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        expect((await store.listReports('第一党支部')).map((r) => r.id)).toEqual([...ids].reverse());
      });

      it("does not find one branch's id in another branch", async () => {
        await store.addReport(newReport({ branch: '第一党支部' }));
        await store.addReport(newReport({ branch: '第一党支部' }));
        await store.addReport(newReport({ branch: '第二党支部' }));
        expect(await store.getReport('第二党支部', 2)).toBeNull();
        expect((await store.getReport('第一党支部', 2))?.branch).toBe('第一党支部');
        expect((await store.getReport('第二党支部', 1))?.branch).toBe('第二党支部');
        expect(await store.getReport('第三党支部', 1)).toBeNull();
        expect(await store.deleteReport('第二党支部', 2)).toBeNull();
        expect(await store.listReports('第一党支部')).toHaveLength(2);
      });

      it('keeps branch names with ":" and spaces apart', async () => {
        const names = ['支部', '支部:1', '支部 1', '支部%3A1', 'seq', 'msg', '__proto__'];
        for (const branch of names) await store.addReport(newReport({ branch }));
        for (const branch of names) {
          const list = await store.listReports(branch);
          expect(list.map((r) => [r.branch, r.id])).toEqual([[branch, 1]]);
        }
        expect(await store.listBranches()).toHaveLength(names.length);
      });

      it('deletes a record and returns it; its id is never reused', async () => {
        await store.addReport(newReport());
        const second = await store.addReport(newReport());
        await store.addReport(newReport());
        expect(await store.deleteReport('第一党支部', 2)).toEqual(second.report);
        expect(await store.getReport('第一党支部', 2)).toBeNull();
        expect((await store.listReports('第一党支部')).map((r) => r.id)).toEqual([3, 1]);
        expect(await store.deleteReport('第一党支部', 2)).toBeNull();
        expect(await store.deleteReport('第一党支部', 99)).toBeNull();
        await store.deleteReport('第一党支部', 3);
        expect((await store.addReport(newReport())).report.id).toBe(4);
      });

      it('forgets the message id of a deleted record together with the record', async () => {
        const input = newReport({ messageId: 'undo-me' });
        await store.addReport(input);
        await store.deleteReport(input.branch, 1);
        const again = await store.addReport(input);
        expect(again.created).toBe(true);
        expect(again.report.id).toBe(2);
      });

      it('returns exactly one record to concurrent deletes of the same id', async () => {
        await store.addReport(newReport());
        const results = await Promise.all(Array.from({ length: 5 }, () => store.deleteReport('第一党支部', 1)));
        expect(results.filter((r) => r !== null)).toHaveLength(1);
      });
    });

    describe('corrections and the audit log', () => {
      const by = { by: 'wecom:lisi', byName: '李四', at: '2026-11-06T01:00:00.000Z' };

      it('changes a report and appends its audit entry together; fixed fields stay', async () => {
        const { report } = await store.addReport(newReport({ place: '会议室', absentees: [{ name: '王五', reason: '出差' }] }));
        const result = await store.updateReport(report.branch, report.id, (current) => ({
          after: { ...current, participants: 9, id: 77, branch: '别的支部', messageId: 'forged', updatedAt: by.at },
          audit: { action: 'update', field: '人数', before: '12人', after: '9人', ...by },
        }));
        expect(result?.before).toEqual(report);
        expect(result?.after).toEqual({ ...report, participants: 9, updatedAt: by.at });
        expect(await store.getReport(report.branch, report.id)).toEqual(result?.after);
        expect(await store.getReport('别的支部', 77)).toBeNull();
        expect(await store.listAudit(report.branch)).toEqual([{ branch: report.branch, reportId: 1, action: 'update', field: '人数', before: '12人', after: '9人', ...by }]);
        // The message id still finds the (changed) record.
        expect((await store.addReport({ ...newReport(), messageId: report.messageId })).report).toEqual(result?.after);
      });

      it('moves the branch aggregates with a changed date and criteria', async () => {
        const { report } = await store.addReport(newReport({ criteria: [3, 7], date: '2026-11-04' }));
        await store.addReport(newReport({ criteria: [7], date: '2026-10-01' }));
        await store.updateReport(report.branch, report.id, (c) => ({
          after: { ...c, criteria: [12], date: '2026-05-02' },
          audit: { action: 'update', field: '标准', before: '第3、7条', after: '第12条', ...by },
        }));
        const [stats] = await store.branchStats([report.branch], { grassroots: { start: '2026-07-01', end: '2026-12-31' } });
        expect(stats?.total).toBe(2);
        expect([...(stats?.criteria ?? new Map<number, number>())].sort((a, b) => a[0] - b[0])).toEqual([[7, 1], [12, 1]]);
        expect(stats?.lastDate).toBe('2026-10-01');
        expect(stats?.grassroots).toEqual({ count: 1, first: { id: 2, date: '2026-10-01' } });
      });

      it('returns null for a missing record and writes nothing when the edit declines', async () => {
        expect(await store.updateReport('第一党支部', 5, (c) => ({ after: c, audit: { action: 'update', before: '', after: '', ...by } }))).toBeNull();
        const { report } = await store.addReport(newReport());
        const same = await store.updateReport(report.branch, report.id, () => null);
        expect(same).toEqual({ before: report, after: report });
        expect(await store.listAudit()).toEqual([]);
      });

      it('applies 10 concurrent edits one after another, each seeing the previous one', async () => {
        const { report } = await store.addReport(newReport({ participants: 0 }));
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.updateReport(report.branch, report.id, (c) => ({
              after: { ...c, participants: (c.participants ?? 0) + 1 },
              audit: { action: 'update', field: '人数', before: String(c.participants), after: String((c.participants ?? 0) + 1), ...by, at: `2026-11-06T01:00:0${i}.000Z` },
            })),
          ),
        );
        expect((await store.getReport(report.branch, report.id))?.participants).toBe(10);
        const audit = await store.listAudit(report.branch);
        expect(audit.map((a) => a.after).sort((a, b) => Number(a) - Number(b))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      });

      it('logs a delete with its audit entry, per branch and across branches', async () => {
        await store.addReport(newReport());
        await store.addReport(newReport({ branch: '第二党支部' }));
        await store.deleteReport('第一党支部', 1, { action: 'delete', before: '#1 走基层', after: '（已撤销）', ...by });
        await store.deleteReport('第二党支部', 1, { action: 'delete', before: '#1', after: '（已撤销）', ...by, at: '2026-11-06T02:00:00.000Z' });
        expect(await store.deleteReport('第二党支部', 1, { action: 'delete', before: 'x', after: 'x', ...by })).toBeNull();
        expect((await store.listAudit('第一党支部')).map((a) => [a.branch, a.reportId, a.action])).toEqual([['第一党支部', 1, 'delete']]);
        expect((await store.listAudit()).map((a) => a.branch)).toEqual(['第一党支部', '第二党支部']);
      });
    });

    describe('listBranches', () => {
      it('lists every branch that had a report or a binding, once, in a stable order', async () => {
        expect(await store.listBranches()).toEqual([]);
        await store.addReport(newReport({ branch: '第二党支部' }));
        await store.addReport(newReport({ branch: '第二党支部' }));
        await store.setBinding(binding(group('g1'), { kind: 'branch', branch: '第一党支部' }));
        await store.setBinding(binding(group('g2'), { kind: 'committee' }));
        const branches = await store.listBranches();
        expect([...branches].sort()).toEqual(['第一党支部', '第二党支部'].sort());
        expect(await store.listBranches()).toEqual(branches);
      });

      it('keeps a branch after its group moves away and its reports are deleted', async () => {
        const g = group('g1');
        await store.setBinding(binding(g, { kind: 'branch', branch: '旧支部' }));
        await store.setBinding(binding(g, { kind: 'branch', branch: '新支部' }));
        await store.addReport(newReport({ branch: '删光的支部' }));
        await store.deleteReport('删光的支部', 1);
        expect([...(await store.listBranches())].sort()).toEqual(['删光的支部', '新支部', '旧支部'].sort());
      });
    });

    describe('branchStats (aggregates kept on every write)', () => {
      it('counts records per criterion, the last date and 走基层 per range, and follows deletes', async () => {
        const b = '统计支部';
        await store.addReport(newReport({ branch: b, date: '2026-03-02', criteria: [7] })); // #1
        await store.addReport(newReport({ branch: b, date: '2026-08-01', criteria: [3, 7] })); // #2
        await store.addReport(newReport({ branch: b, date: '2026-07-15', criteria: [7, 9] })); // #3
        await store.addReport(newReport({ branch: b, date: '2026-09-30', criteria: [3] })); // #4
        const h2 = { start: '2026-07-01', end: '2026-12-31' };
        const [s, empty] = await store.branchStats([b, '没有记录的支部'], { grassroots: h2, dated: { start: '2026-08-01', end: '2026-09-30' } });
        expect(s).toEqual({
          branch: b,
          total: 4,
          criteria: new Map([[7, 3], [3, 2], [9, 1]]),
          lastDate: '2026-09-30',
          meetings: new Map(),
          grassroots: { count: 2, first: { id: 3, date: '2026-07-15' } },
          dated: 2,
        });
        expect(empty).toEqual({ branch: '没有记录的支部', total: 0, criteria: new Map(), meetings: new Map(), grassroots: { count: 0 }, dated: 0 });

        await store.deleteReport(b, 4);
        await store.deleteReport(b, 3);
        const [after] = await store.branchStats([b], { grassroots: h2 });
        expect(after).toEqual({
          branch: b,
          total: 2,
          criteria: new Map([[7, 2], [3, 1]]),
          lastDate: '2026-08-01',
          meetings: new Map(),
          grassroots: { count: 1, first: { id: 2, date: '2026-08-01' } },
        });
        // A redelivered message changes nothing.
        const again = newReport({ branch: b, date: '2026-10-01', criteria: [1] });
        await store.addReport(again);
        await store.addReport(again);
        const [last] = await store.branchStats([b]);
        expect(last?.total).toBe(3);
        expect(last?.criteria.get(1)).toBe(1);
      });

      it('keeps concurrent writes exact', async () => {
        await Promise.all(Array.from({ length: 40 }, (_, i) => store.addReport(newReport({ branch: '并发', criteria: [i % 2 === 0 ? 7 : 8] }))));
        await Promise.all([1, 2, 3, 4].map((id) => store.deleteReport('并发', id)));
        const [s] = await store.branchStats(['并发'], { grassroots: { start: '2026-01-01', end: '2026-12-31' } });
        expect(s?.total).toBe(36);
        expect(s?.criteria.get(7)).toBe(18);
        expect(s?.criteria.get(8)).toBe(18);
        expect(s?.grassroots?.count).toBe(18);
      });

      it('answers many branches in the order asked, each its own (past any batching of the read)', async () => {
        const names = Array.from({ length: 1203 }, (_, i) => `多支部${i}`);
        for (const i of [0, 499, 500, 501, 1202]) {
          for (let k = 0; k <= i % 4; k++) await store.addReport(newReport({ branch: names[i] ?? '', date: `2026-08-0${k + 1}`, criteria: [7, 1 + (i % 20)] }));
        }
        const shuffled = [...names].reverse();
        const stats = await store.branchStats(shuffled, { grassroots: { start: '2026-07-01', end: '2026-12-31' } });
        expect(stats.map((x) => x.branch)).toEqual(shuffled);
        const byName = new Map(stats.map((x) => [x.branch, x]));
        for (const i of [0, 499, 500, 501, 1202]) {
          const n = (i % 4) + 1;
          expect(byName.get(names[i] ?? '')).toEqual({
            branch: names[i],
            total: n,
            criteria: new Map(1 + (i % 20) === 7 ? [[7, 2 * n]] : [[7, n], [1 + (i % 20), n]]),
            lastDate: `2026-08-0${n}`,
            meetings: new Map(),
            grassroots: { count: n, first: { id: 1, date: '2026-08-01' } },
          });
        }
        expect(byName.get(names[2] ?? '')).toEqual({ branch: names[2], total: 0, criteria: new Map(), meetings: new Map(), grassroots: { count: 0 } });
      });

      it('counts 三会一课 records per kind and month, following deletes and corrections', async () => {
        const b = '三会一课支部';
        await store.addReport(newReport({ branch: b, date: '2026-10-09', criteria: [3], meeting: '支部委员会' })); // #1
        await store.addReport(newReport({ branch: b, date: '2026-11-02', criteria: [3], meeting: '支部委员会' })); // #2
        await store.addReport(newReport({ branch: b, date: '2026-11-20', criteria: [22], meeting: '党课' })); // #3
        await store.addReport(newReport({ branch: b, date: '2026-11-21', criteria: [7] })); // #4, no meeting
        let [s] = await store.branchStats([b]);
        expect(s?.meetings).toEqual(
          new Map([
            ['支部委员会', new Map([['2026-10', 1], ['2026-11', 1]])],
            ['党课', new Map([['2026-11', 1]])],
          ]),
        );
        await store.deleteReport(b, 3);
        // Moved to another month and another kind: the counts move with it.
        await store.updateReport(b, 1, (r) => ({
          after: { ...r, date: '2026-12-01', meeting: '党小组会' },
          audit: { action: 'update', field: '日期', before: r.date, after: '2026-12-01', by: 'admin', at: '2026-12-01T00:00:00.000Z' },
        }));
        [s] = await store.branchStats([b]);
        expect(s?.meetings).toEqual(
          new Map([
            ['支部委员会', new Map([['2026-11', 1]])],
            ['党小组会', new Map([['2026-12', 1]])],
          ]),
        );
      });
    });

    describe('reportPages', () => {
      it('reads every live record oldest first, a page at a time', async () => {
        for (let i = 0; i < 7; i++) await store.addReport(newReport({ branch: '分页' }));
        await store.deleteReport('分页', 3);
        const pages: number[][] = [];
        for await (const page of store.reportPages('分页', 2)) pages.push(page.map((r) => r.id));
        expect(pages.flat()).toEqual([1, 2, 4, 5, 6, 7]);
        expect(Math.max(...pages.map((p) => p.length))).toBeLessThanOrEqual(2);
        const none: number[] = [];
        for await (const page of store.reportPages('无', 2)) none.push(page.length);
        expect(none.reduce((a, b) => a + b, 0)).toBe(0);
      });
    });

    describe('push channels', () => {
      it('sets, reads and clears a channel per group', async () => {
        const g = group('chat-1');
        expect(await store.getPushChannel(g)).toBeNull();
        await store.setPushChannel(g, webhook);
        expect(await store.getPushChannel(g)).toEqual(webhook);
        expect(await store.getPushChannel(group('chat-2'))).toBeNull();
        await store.setPushChannel(g, null);
        expect(await store.getPushChannel(g)).toBeNull();
      });

      it('marks a channel dead, and setting it again clears that', async () => {
        const g = group('cid==', 'dingtalk');
        const robot: PushChannelRecord = {
          channel: { kind: 'dingtalk-robot', accessToken: 't0ken', secret: 'SEC123' },
          setBy: 'dingtalk:admin',
          setAt: '2026-11-01T00:00:00.000Z',
        };
        await store.setPushChannel(g, robot);
        await store.markPushChannelDead(g, 'token invalid', '2026-11-02T00:00:00.000Z');
        expect(await store.getPushChannel(g)).toEqual({
          ...robot,
          dead: { reason: 'token invalid', at: '2026-11-02T00:00:00.000Z' },
        });
        await store.setPushChannel(g, { ...robot, setAt: '2026-11-03T00:00:00.000Z' });
        expect(await store.getPushChannel(g)).toEqual({ ...robot, setAt: '2026-11-03T00:00:00.000Z' });
      });

      it('does not create a channel when marking an unknown one dead, and set never stores dead', async () => {
        const g = group('none');
        await store.markPushChannelDead(g, 'gone', '2026-11-02T00:00:00.000Z');
        expect(await store.getPushChannel(g)).toBeNull();
        await store.setPushChannel(g, { ...webhook, dead: { reason: 'old', at: '2026-01-01T00:00:00.000Z' } });
        expect(await store.getPushChannel(g)).toEqual(webhook);
      });
    });

    describe('reminder markers', () => {
      const g = group('chat-1');

      it('claimed → busy for others → completed → sent for good', async () => {
        expect(await store.claimReminder('week-45', g, 60_000)).toBe('claimed');
        expect(await store.claimReminder('week-45', g, 60_000)).toBe('busy');
        expect(await store.claimReminder('week-45', group('chat-2'), 60_000)).toBe('claimed');
        expect(await store.claimReminder('week-46', g, 60_000)).toBe('claimed');
        await store.completeReminder('week-45', g);
        expect(await store.claimReminder('week-45', g, 60_000)).toBe('sent');
        await store.releaseReminder('week-45', g);
        expect(await store.claimReminder('week-45', g, 60_000)).toBe('sent');
      });

      it('release lets the next run claim it again', async () => {
        expect(await store.claimReminder('r', g, 60_000)).toBe('claimed');
        await store.releaseReminder('r', g);
        expect(await store.claimReminder('r', g, 60_000)).toBe('claimed');
      });

      it('gives one of 10 concurrent senders the claim', async () => {
        const results = await Promise.all(Array.from({ length: 10 }, () => store.claimReminder('c', g, 60_000)));
        expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
        expect(results.filter((r) => r === 'busy')).toHaveLength(9);
      });

      it('a busy marker expires after its ttl', async () => {
        expect(await store.claimReminder('t', g, 100)).toBe('claimed');
        expect(await store.claimReminder('t', g, 100)).toBe('busy');
        await sleep(200);
        expect(await store.claimReminder('t', g, 100)).toBe('claimed');
      });
    });

    describe('kept values', () => {
      it('stores the first candidate and returns it to every later caller', async () => {
        expect(await store.getOrCreateValue('export-secret', 'first-value')).toBe('first-value');
        expect(await store.getOrCreateValue('export-secret', 'second-value')).toBe('first-value');
        expect(await store.getOrCreateValue('other-value', 'own')).toBe('own');
      });

      it('gives 10 concurrent callers with different candidates one and the same value', async () => {
        const values = await Promise.all(Array.from({ length: 10 }, (_, i) => store.getOrCreateValue('raced', `candidate-${i}`)));
        expect(new Set(values).size).toBe(1);
        expect(values[0]).toMatch(/^candidate-\d$/);
      });

      it('refuses names that could leave its place', async () => {
        await expect(store.getOrCreateValue('../escape', 'x')).rejects.toThrow();
        await expect(store.getOrCreateValue('', 'x')).rejects.toThrow();
      });
    });
  });
}
