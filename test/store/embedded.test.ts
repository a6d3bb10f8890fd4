// EmbeddedStore in a temp dir: the shared contract plus durability across restarts and crashes.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
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

  it('has a mutation on disk by the time its promise resolves', async () => {
    const dir = freshDir();
    const store = openStore(dir);
    await store.addReport(newReport({ messageId: 'on-disk-now' }));
    expect(readFileSync(join(dir, 'store.json'), 'utf8')).toContain('on-disk-now');
    await store.claimOnce('dedupe-on-disk', 60);
    expect(readFileSync(join(dir, 'claims.json'), 'utf8')).toContain('dedupe-on-disk');
  });

  it('ignores and removes a temp file left by a crash mid-write', async () => {
    const dir = freshDir();
    const a = openStore(dir);
    await a.addReport(newReport({ messageId: 'before-crash' }));
    await a.close();
    // What a crash between "write temp" and "rename" leaves behind: a truncated temp file.
    writeFileSync(join(dir, 'store.json.tmp-4242-deadbeef'), '{"version":1,"bindings":[{"gro');
    writeFileSync(join(dir, 'claims.json.tmp-4242-deadbeef'), '{"vers');

    const b = openStore(dir);
    expect((await b.listReports('第一党支部')).map((r) => r.messageId)).toEqual(['before-crash']);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect((await b.addReport(newReport())).report.id).toBe(2);
  });

  it('refuses to start over a corrupt data file instead of silently starting empty', () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'store.json'), '{"version":1,"bindings":[');
    expect(() => new EmbeddedStore({ dir })).toThrow(/store\.json/);
    expect(readFileSync(join(dir, 'store.json'), 'utf8')).toBe('{"version":1,"bindings":['); // untouched
  });

  it('starts without dedupe claims when only the claims file is unreadable', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'claims.json'), 'garbage');
    const store = openStore(dir);
    expect(await store.claimOnce('k', 60)).toBe(true);
  });

  it('rolls memory back and reports unavailable when the disk write fails', async () => {
    const dir = freshDir();
    const store = openStore(dir);
    await store.addReport(newReport({ messageId: 'kept' }));
    // Make the data directory unusable (a file where the directory was); works even as root.
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a directory');

    await expect(store.addReport(newReport({ messageId: 'lost' }))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.claimOnce('lost-claim', 60)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect((await store.listReports('第一党支部')).map((r) => r.messageId)).toEqual(['kept']);

    rmSync(dir, { force: true });
    mkdirSync(dir);
    await store.ping();
    const again = await store.addReport(newReport({ messageId: 'lost' }));
    expect(again).toMatchObject({ created: true, report: { id: 2 } });
    expect(await store.claimOnce('lost-claim', 60)).toBe(true);
  });

  it('refuses calls after close but lets queued mutations finish', async () => {
    const dir = freshDir();
    const store = openStore(dir);
    const pending = store.addReport(newReport({ messageId: 'queued' }));
    await store.close();
    await expect(pending).resolves.toMatchObject({ created: true });
    await expect(store.addReport(newReport())).rejects.toBeInstanceOf(StoreUnavailableError);
    const reopened = openStore(dir);
    expect(await reopened.listReports('第一党支部')).toHaveLength(1);
  });

  it('drops expired dedupe claims and keeps at most maxClaims', async () => {
    const dir = freshDir();
    const store = new EmbeddedStore({ dir, maxClaims: 3 });
    open.push(store);
    for (const key of ['a', 'b', 'c', 'd', 'e']) await store.claimOnce(key, 60);
    const file = JSON.parse(readFileSync(join(dir, 'claims.json'), 'utf8')) as { claims: [string, number][] };
    expect(file.claims.map(([k]) => k)).toEqual(['c', 'd', 'e']);
  });
});
