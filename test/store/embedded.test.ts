// EmbeddedStore in a temp dir: the shared contract plus durability across restarts and crashes.
import { appendFileSync, closeSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { StoreUnavailableError, type Store } from '../../src/store/types.js';
import { binding, group, newReport, runStoreContract } from './contract.js';

const root = mkdtempSync(join(tmpdir(), 'djzs-store-'));
let dirSeq = 0;
const freshDir = (): string => join(root, `s${++dirSeq}`);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

runStoreContract(
  'embedded',
  async () => new EmbeddedStore({ dir: freshDir() }),
  async (store: Store) => store.close(),
);

describe('embedded store durability', () => {
  const open: EmbeddedStore[] = [];
  const openStore = (dir: string): EmbeddedStore => {
    const store = new EmbeddedStore({ dir });
    open.push(store);
    return store;
  };
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  it('keeps a created value in a file of its own (owner-only) across close and reopen', async () => {
    const dir = freshDir();
    const a = openStore(dir);
    expect(await a.getOrCreateValue('export-secret', 'kept-secret-value')).toBe('kept-secret-value');
    await a.close();
    expect(readFileSync(join(dir, 'export-secret'), 'utf8')).toBe('kept-secret-value\n');
    expect(statSync(join(dir, 'export-secret')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.includes('export-secret'))).toEqual(['export-secret']);
    const b = openStore(dir);
    expect(await b.getOrCreateValue('export-secret', 'another-value')).toBe('kept-secret-value');
  });

  it('keeps every acknowledged write across close and reopen', async () => {
    const dir = freshDir();
    const a = openStore(dir);
    const g = group('chat-1');
    await a.setBinding(binding(g, { kind: 'branch', branch: '第一党支部' }));
    const first = await a.addReport(newReport({ messageId: 'keep-1' }));
    await a.addReport(newReport());
    await a.addReport(newReport());
    await a.deleteReport('第一党支部', 3);
    await a.setPushChannel(g, {
      channel: { kind: 'dingtalk-robot', accessToken: 'tok' },
      setBy: 'auto',
      setAt: '2026-11-01T00:00:00.000Z',
    });
    await a.markPushChannelDead(g, 'invalid', '2026-11-02T00:00:00.000Z');
    await a.claimReminder('week-45', g, 60_000);
    await a.completeReminder('week-45', g);
    expect(await a.claimOnce('wecom:msg-1', 3600)).toBe(true);
    await a.claimReminder('week-46', g, 60_000); // busy markers are not persisted
    await a.acquireLock('job', 60_000); // nor are locks
    await a.close();

    const b = openStore(dir);
    expect(await b.getBinding(g)).toEqual(binding(g, { kind: 'branch', branch: '第一党支部' }));
    expect(await b.getReport('第一党支部', 1)).toEqual(first.report);
    expect((await b.listReports('第一党支部')).map((r) => r.id)).toEqual([2, 1]);
    expect((await b.addReport(newReport({ messageId: 'keep-1' }))).created).toBe(false);
    expect((await b.addReport(newReport())).report.id).toBe(4); // 3 was deleted, never reused
    expect((await b.getPushChannel(g))?.dead?.reason).toBe('invalid');
    expect(await b.listBranches()).toEqual(['第一党支部']);
    expect(await b.claimReminder('week-45', g, 60_000)).toBe('sent');
    expect(await b.claimReminder('week-46', g, 60_000)).toBe('claimed');
    expect(await b.acquireLock('job', 60_000)).toBe(true);
    expect(await b.claimOnce('wecom:msg-1', 3600)).toBe(false);
  });

  const journalText = (dir: string): string =>
    readdirSync(dir)
      .filter((f) => f.startsWith('journal-') || f === 'snapshot.jsonl')
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('');

  it('has a change on disk by the time its promise resolves', async () => {
    const dir = freshDir();
    const store = openStore(dir);
    await store.addReport(newReport({ messageId: 'on-disk-now' }));
    expect(journalText(dir)).toContain('on-disk-now');
    await store.claimOnce('dedupe-on-disk', 60);
    expect(journalText(dir)).toContain('dedupe-on-disk');
    await store.finishMessage('msg:wecom:done-1', '{"title":"t","markdown":"答"}', 60, 60);
    expect(journalText(dir)).toContain('done-1');
  });

  it('appends one line per change instead of rewriting the state', async () => {
    const dir = freshDir();
    const store = openStore(dir);
    for (let i = 0; i < 20; i++) await store.addReport(newReport({ messageId: `line-${i}` }));
    const before = journalText(dir).length;
    await store.addReport(newReport({ messageId: 'one-more' }));
    const grew = journalText(dir).length - before;
    expect(grew).toBeGreaterThan(0);
    expect(grew).toBeLessThan(1000); // one record's line, not the 21 records
  });

  it('cuts a torn last line left by a crash and keeps everything before it', async () => {
    const dir = freshDir();
    const a = openStore(dir);
    await a.addReport(newReport({ messageId: 'before-crash' }));
    await a.close();
    const journal = readdirSync(dir).find((f) => f.startsWith('journal-'));
    expect(journal).toBeDefined();
    // What a crash in the middle of a write leaves: a line without its end.
    appendFileSync(join(dir, journal ?? ''), '{"t":"report","v":{"id":2,"bra');
    writeFileSync(join(dir, 'snapshot.jsonl.tmp-4242'), '{"snapshot":1,"thr');

    const b = openStore(dir);
    expect((await b.listReports('第一党支部')).map((r) => r.messageId)).toEqual(['before-crash']);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect((await b.addReport(newReport({ messageId: 'after-crash' }))).report.id).toBe(2);
    await b.close();
    const c = openStore(dir);
    expect((await c.listReports('第一党支部')).map((r) => r.messageId)).toEqual(['after-crash', 'before-crash']);
  });

  it('refuses to start over a corrupt line instead of silently dropping data', async () => {
    const dir = freshDir();
    const a = openStore(dir);
    await a.addReport(newReport());
    await a.addReport(newReport());
    await a.close();
    const journal = join(dir, readdirSync(dir).find((f) => f.startsWith('journal-')) ?? '');
    const lines = readFileSync(journal, 'utf8').split('\n');
    lines[0] = '{"t":"report","v":{"id":"garbage"}}';
    writeFileSync(journal, lines.join('\n'));
    expect(() => new EmbeddedStore({ dir })).toThrow(/journal-\d+\.jsonl line 1/);
    // The failed start released its lock: after repairing the file the store opens.
    lines[0] = '';
    writeFileSync(journal, lines.join('\n'));
    expect(await openStore(dir).listReports('第一党支部')).toHaveLength(1);
  });

  it('carries a version-1 store.json over into the journal once', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const report = { ...newReport({ messageId: 'legacy-1' }), id: 3 };
    const g = group('legacy-chat');
    writeFileSync(
      join(dir, 'store.json'),
      JSON.stringify({
        version: 1,
        bindings: [binding(g, { kind: 'branch', branch: '第一党支部' })],
        branches: ['第一党支部'],
        reports: [{ branch: '第一党支部', seq: 5, items: [report] }],
        push: [],
        sentReminders: [{ reminderId: 'r1', group: g }],
      }),
    );
    writeFileSync(join(dir, 'claims.json'), '{"version":1,"claims":[]}');
    const a = openStore(dir);
    expect(await a.getReport('第一党支部', 3)).toEqual(report);
    await a.idle();
    expect(readdirSync(dir)).toContain('store.json.migrated');
    expect(readdirSync(dir)).not.toContain('store.json');
    await a.close();
    const b = openStore(dir);
    expect(await b.getBinding(g)).not.toBeNull();
    expect(await b.claimReminder('r1', g, 1000)).toBe('sent');
    expect((await b.addReport(newReport())).report.id).toBe(6); // seq 5 carried over
  });

  it('refuses to start over a corrupt version-1 store.json', () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'store.json'), '{"version":1,"bindings":[');
    expect(() => new EmbeddedStore({ dir })).toThrow(/store\.json/);
    expect(readFileSync(join(dir, 'store.json'), 'utf8')).toBe('{"version":1,"bindings":['); // untouched
  });

  it('rebuilds memory from disk and reports unavailable when a write fails, then recovers', async () => {
    const dir = freshDir();
    const store = openStore(dir);
    await store.addReport(newReport({ messageId: 'kept' }));
    // Break the journal's file descriptor under the store (what a failing disk does to a write).
    const journal = readdirSync(dir).find((f) => f.startsWith('journal-')) ?? '';
    const fd = readdirSync('/proc/self/fd').map(Number).find((n) => {
      try {
        return readlinkSync(`/proc/self/fd/${n}`) === join(dir, journal);
      } catch {
        return false;
      }
    });
    expect(fd).toBeDefined();
    closeSync(fd ?? -1);

    const lost = store.addReport(newReport({ messageId: 'lost' }));
    const alsoLost = store.claimOnce('lost-claim', 60);
    await expect(lost).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(alsoLost).rejects.toBeInstanceOf(StoreUnavailableError);
    expect((await store.listReports('第一党支部')).map((r) => r.messageId)).toEqual(['kept']);
    expect(await store.findReportByMessage('wecom', 'lost')).toBeNull();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError); // degraded for a moment

    await new Promise((res) => setTimeout(res, 1100));
    await store.ping();
    const again = await store.addReport(newReport({ messageId: 'lost' }));
    expect(again).toMatchObject({ created: true, report: { id: 2 } });
    expect(await store.claimOnce('lost-claim', 60)).toBe(true);
    await store.close();
    expect((await openStore(dir).listReports('第一党支部')).map((r) => r.messageId)).toEqual(['lost', 'kept']);
  });

  it('refuses calls after close but lets queued writes finish', async () => {
    const dir = freshDir();
    const store = openStore(dir);
    const pending = store.addReport(newReport({ messageId: 'queued' }));
    await store.close();
    await expect(pending).resolves.toMatchObject({ created: true });
    await expect(store.addReport(newReport())).rejects.toBeInstanceOf(StoreUnavailableError);
    const reopened = openStore(dir);
    expect(await reopened.listReports('第一党支部')).toHaveLength(1);
  });

  it('keeps at most maxClaims dedupe claims in memory, oldest dropped first', async () => {
    const dir = freshDir();
    const store = new EmbeddedStore({ dir, maxClaims: 3 });
    open.push(store);
    for (const key of ['a', 'b', 'c', 'd', 'e']) await store.claimOnce(key, 60);
    expect(await store.claimOnce('e', 60)).toBe(false);
    expect(await store.claimOnce('c', 60)).toBe(false);
    expect(await store.claimOnce('a', 60)).toBe(true); // dropped: claimable again
  });

  it('keeps one copy of each distinct reply and bounds them by maxReplyBytes, oldest dropped first', async () => {
    const dir = freshDir();
    const store = new EmbeddedStore({ dir, maxReplyBytes: 30 });
    open.push(store);
    // Twenty messages answered alike cost one copy: all keep their reply.
    for (let i = 0; i < 20; i++) await store.finishMessage(`msg:same-${i}`, '第7条 · 走基层', 3600, 3600);
    expect(await store.claimMessage('msg:same-0', 1000)).toEqual({ state: 'done', reply: '第7条 · 走基层' });
    expect(await store.claimMessage('msg:same-19', 1000)).toEqual({ state: 'done', reply: '第7条 · 走基层' });
    // Distinct replies over the bound drop the oldest replies; the claims themselves stay.
    for (let i = 0; i < 4; i++) await store.finishMessage(`msg:other-${i}`, `回复${i}`.padEnd(10, '。'), 3600, 3600);
    expect(await store.claimMessage('msg:same-0', 1000)).toEqual({ state: 'done' });
    expect(await store.claimMessage('msg:other-3', 1000)).toEqual({ state: 'done', reply: '回复3'.padEnd(10, '。') });
    await store.close();
    // Read back from the journal, the replies still there are shared again and still bounded.
    const reopened = new EmbeddedStore({ dir, maxReplyBytes: 30 });
    open.push(reopened);
    expect(await reopened.claimMessage('msg:other-3', 1000)).toEqual({ state: 'done', reply: '回复3'.padEnd(10, '。') });
    expect(await reopened.claimMessage('msg:same-0', 1000)).toEqual({ state: 'done' });
  });

  it('compacts the journal into a snapshot and reads the same state back', async () => {
    const dir = freshDir();
    const a = new EmbeddedStore({ dir, compactBytes: 4096 });
    open.push(a);
    const g = group('compact-chat');
    await a.setBinding(binding(g, { kind: 'branch', branch: '第一党支部' }));
    await Promise.all(Array.from({ length: 60 }, (_, i) => a.addReport(newReport({ messageId: `c-${i}` }))));
    await a.deleteReport('第一党支部', 60);
    await a.finishMessage('msg:wecom:compact', 'reply text', 3600, 3600);
    for (let i = 0; i < 30; i++) await a.addReport(newReport({ messageId: `d-${i}` }));
    await a.idle();
    const files = readdirSync(dir);
    expect(files).toContain('snapshot.jsonl');
    expect(files.filter((f) => f.startsWith('journal-')).length).toBeLessThanOrEqual(2);
    await a.compact();
    await a.close();

    const b = openStore(dir);
    const ids = (await b.listReports('第一党支部')).map((r) => r.id);
    expect(ids).toHaveLength(89);
    expect(ids).not.toContain(60);
    expect((await b.addReport(newReport({ messageId: 'c-5' }))).created).toBe(false);
    expect((await b.addReport(newReport())).report.id).toBe(91);
    expect(await b.claimMessage('msg:wecom:compact', 1000)).toEqual({ state: 'done', reply: 'reply text' });
    expect(await b.getBinding(g)).not.toBeNull();
    const [stats] = await b.branchStats(['第一党支部']);
    expect(stats?.total).toBe(90);
  });

  it('has no shared rate window: one process, the push limiter stays in memory', async () => {
    expect(await openStore(freshDir()).takeRate('robot', 20, 60_000)).toBeNull();
  });

  it('starts after a crash with every lease void: a message in progress can be done again', async () => {
    const dir = freshDir();
    const a = openStore(dir);
    expect(await a.claimMessage('msg:wecom:m', 60_000)).toEqual({ state: 'claimed' });
    expect(await a.claimMessage('msg:wecom:m', 60_000)).toEqual({ state: 'busy' });
    await a.close();
    const b = openStore(dir);
    expect(await b.claimMessage('msg:wecom:m', 60_000)).toEqual({ state: 'claimed' });
  });
});
