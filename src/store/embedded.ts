// Single-instance store for when REDIS_URL is unset: state in memory, every change appended to a
// journal in DATA_DIR (group commit: one fdatasync for all changes waiting), compacted into a
// snapshot in the background. A change is decided and applied in memory synchronously, so
// concurrent callers cannot both win, and its promise resolves once it is durable. When a write
// fails, memory is rebuilt from the disk and the callers get StoreUnavailableError.
//
// The data directory is locked to one process (data-lock.ts). Leases of messages in progress,
// cron locks and 'busy' reminder markers live in memory only: after a restart nothing of the old
// process is still in progress.
import { ExpiringMap } from './expiring.js';
import { constants, existsSync, readFileSync, renameSync } from 'node:fs';
import { access, open, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from '../log.js';
import { lockDataDir, type DataDirLock } from './data-lock.js';
import { checkValueName, getOrCreateFileValue } from './kept-value.js';
import { legacyEntries, reminderKey, State, type DoneClaim, type Entry } from './embedded-state.js';
import { Interned } from './interned.js';
import { Journal } from './journal.js';
import { editedReport, messageKey, newReportFields, sortBranches, ttlInt, withoutDead } from './schema.js';
import { emptyStats, type BranchStats, type StatsQuery } from './stats.js';
// The same type list as redis.ts on purpose: both stores implement the one Store contract (test/store/contract.ts).
import {
  StoreUnavailableError,
  groupKey,
  type AuditEntry,
  type Binding,
  type MessageClaim,
  type NewReport,
  type PushChannelRecord,
  type ReminderClaim,
  type Report,
  type ReportEdit,
  type StreamState,
  type Store,
} from './types.js';
import type { GroupRef } from '../core.js';

export interface EmbeddedStoreOptions {
  dir: string;
  logger?: Logger;
  /** Most dedupe claims kept (oldest dropped first); expired ones are dropped anyway. */
  maxClaims?: number;
  /** Bytes of finished messages' replies kept for redeliveries (oldest dropped first). */
  maxReplyBytes?: number;
  /** Journal size that triggers compaction (default 16 MiB, or the snapshot's size if larger). */
  compactBytes?: number;
}

/** Write failures that mean the disk, not one call, is the problem (readiness stays down until a probe passes). */
const DISK_FAULTS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO']);
const PROBE_REUSE_MS = 1000;
const MAX_STREAMS = 10_000;

function errnoCode(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** What /readyz says when the data directory cannot take a write. */
function diskReason(dir: string, code: string): string {
  if (code === 'ENOSPC' || code === 'EDQUOT') return `数据目录 ${dir} 所在磁盘已满（${code}），无法记录`;
  if (code === 'EROFS') return `数据目录 ${dir} 所在文件系统是只读的（EROFS），无法记录`;
  if (code === 'EACCES' || code === 'EPERM') return `数据目录 ${dir} 没有写权限（${code}），无法记录`;
  return `数据目录 ${dir} 无法写入（${code}）`;
}

/** After a failed write, refuse writes for this long instead of failing (and reloading) per call. */
const DEGRADED_MS = 1000;

export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  readonly dir: string;
  private state = new State();
  private readonly journal: Journal;
  private readonly lock: DataDirLock;
  private readonly logger: Logger | undefined;
  private readonly maxClaims: number;
  private readonly maxReplyBytes: number;
  /** Kept replies, one copy per distinct text; its `chars` is what maxReplyBytes bounds. */
  private readonly replies = new Interned();
  private readonly locks = new ExpiringMap<true>();
  // Leases live in memory like locks: the embedded store serves one process.
  private readonly connectionLeases = new Map<string, { owner: string; expiresAt: number }>();
  /** Short-lived values (memory only, like locks): key → value and expiry. */
  private readonly shortLived = new ExpiringMap<string>();
  /** WeCom AI-bot streams answered later (memory only: one process answers its own refreshes). */
  private readonly streams = new ExpiringMap<StreamState>(MAX_STREAMS);
  /** Shared queues (pushQueue): one process, so memory only, each with its expiry. */
  private readonly queues = new Map<string, { items: string[]; expires: number }>();
  private readonly busyReminders = new ExpiringMap<true>();
  private readonly leases = new ExpiringMap<true>();
  private degradedUntil = 0;
  /** The last journal write that failed for lack of space or permission, until a probe succeeds. */
  private diskFault: { code: string } | undefined;
  private probe: { at: number; result: Promise<void> } | undefined;
  private broken: unknown = undefined;
  private closed = false;
  /** Milliseconds the last load took, and how many entries it read (start-up log, bench). */
  readonly loaded: { ms: number; entries: number };

  /** Locks the directory and loads synchronously, so a corrupt journal stops start-up right here. */
  constructor(options: EmbeddedStoreOptions) {
    this.dir = resolve(options.dir);
    this.logger = options.logger;
    this.maxClaims = options.maxClaims ?? 50_000;
    this.maxReplyBytes = options.maxReplyBytes ?? 16 * 1024 * 1024;
    this.lock = lockDataDir(this.dir);
    const started = performance.now();
    try {
      this.journal = new Journal({
        dir: this.dir,
        ...(options.compactBytes !== undefined ? { compactBytes: options.compactBytes } : {}),
        apply: (raw) => this.state.applyRaw(raw),
        snapshot: () => this.state.snapshot(Date.now()),
        onError: (err, what) => this.logger?.error({ err: String(err), dir: this.dir }, what),
        onWriteFailed: (err) => this.reload(err),
      });
      this.migrateLegacy();
    } catch (err) {
      this.lock.release();
      throw err;
    }
    this.countReplies();
    this.loaded = { ms: Math.round(performance.now() - started), entries: this.journal.loadedEntries };
  }

  /** A version-1 store.json (whole file per change) is carried into the journal once. */
  private migrateLegacy(): void {
    const legacy = join(this.dir, 'store.json');
    if (!existsSync(legacy)) return;
    const entries = legacyEntries(readFileSync(legacy, 'utf8'), legacy);
    for (const e of entries) this.state.apply(e);
    // Durable before the old file is set aside; the old claims file held only dedupe hints.
    void this.journal.append(...entries).then(
      () => {
        renameSync(legacy, `${legacy}.migrated`);
        if (existsSync(join(this.dir, 'claims.json'))) renameSync(join(this.dir, 'claims.json'), join(this.dir, 'claims.json.migrated'));
        this.logger?.info({ dir: this.dir, entries: entries.length }, 'store.json carried over into the journal');
      },
      (err: unknown) => this.logger?.error({ err: String(err) }, 'store.json could not be carried over; it is kept'),
    );
  }

  /** Memory is ahead of the disk after a failed write: rebuild it from what is on disk. */
  private reload(err: unknown): void {
    this.logger?.error({ err: String(err), dir: this.dir }, 'store write failed; reloading from disk');
    const code = errnoCode(err);
    if (code !== undefined && DISK_FAULTS.has(code)) this.diskFault = { code };
    this.degradedUntil = Date.now() + DEGRADED_MS;
    this.state = new State();
    try {
      this.journal.load();
      this.countReplies();
    } catch (loadErr) {
      this.broken = loadErr;
      this.logger?.error({ err: String(loadErr), dir: this.dir }, 'store cannot be reloaded; every call fails until restart');
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError(new Error('store closed'));
    if (this.broken !== undefined) throw new StoreUnavailableError(this.broken);
  }

  private assertWritable(): void {
    this.assertOpen();
    if (Date.now() < this.degradedUntil) throw new StoreUnavailableError(new Error('store degraded after a failed write'));
  }

  /** Applies entries in memory now and resolves once they are durable. */
  private async commit(entries: Entry[]): Promise<void> {
    for (const e of entries) this.state.apply(e);
    try {
      await this.journal.append(...entries);
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }

  async ping(): Promise<void> {
    this.assertOpen();
    try {
      await access(this.dir, constants.W_OK);
      if (!(await stat(this.dir)).isDirectory()) throw new Error(`${this.dir} is not a directory`);
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
    if (Date.now() < this.degradedUntil) throw new StoreUnavailableError(new Error('store degraded after a failed write'));
  }

  async checkWritable(): Promise<void> {
    await this.ping();
    // One probe at a time, reused for a second: /readyz is public and each probe costs an fsync.
    // A journal write that failed since the last probe keeps readiness down until the next one.
    const now = Date.now();
    if (!this.probe || now - this.probe.at >= PROBE_REUSE_MS) this.probe = { at: now, result: this.writeProbe() };
    await this.probe.result;
    if (this.diskFault) throw new StoreUnavailableError(new Error(`journal write failed: ${this.diskFault.code}`), diskReason(this.dir, this.diskFault.code));
  }

  /** Creates, writes and syncs a small file in the data directory: a full or read-only disk fails here. */
  private async writeProbe(): Promise<void> {
    const path = join(this.dir, `.write-probe-${process.pid}`);
    try {
      const file = await open(path, 'w', 0o600);
      try {
        await file.write('ready\n');
        await file.datasync();
      } finally {
        await file.close();
      }
      this.diskFault = undefined;
    } catch (err) {
      const code = errnoCode(err) ?? 'EIO';
      if (DISK_FAULTS.has(code)) this.diskFault = { code };
      throw new StoreUnavailableError(err, diskReason(this.dir, code));
    } finally {
      await rm(path, { force: true }).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Writes already queued still complete.
    await this.journal.close();
    this.lock.release();
  }

  /** Waits for queued writes and compaction (tests). */
  idle(): Promise<void> {
    return this.journal.idle();
  }

  /** Compacts the journal into a snapshot now (tests, bench). */
  compact(): Promise<void> {
    return this.journal.compact();
  }

  // --- dedupe claims ---------------------------------------------------------------------

  private liveClaim(key: string, now: number): DoneClaim | undefined {
    const c = this.state.claims.get(key);
    return c !== undefined && c.exp > now ? c : undefined;
  }

  private putClaim(key: string, claim: DoneClaim): Entry {
    this.dropReply(key);
    const entry: Entry = { t: 'claim', key, exp: claim.exp };
    if (claim.reply !== undefined && claim.replyExp !== undefined) {
      entry.reply = this.replies.take(claim.reply);
      entry.replyExp = claim.replyExp;
    }
    return entry;
  }

  /** Bounds memory: at most maxClaims claims and maxReplyBytes of replies, oldest dropped first. */
  private trimClaims(now: number): void {
    const claims = this.state.claims;
    for (const [key, c] of claims) {
      if (claims.size <= this.maxClaims && this.replies.chars <= this.maxReplyBytes) break;
      if (claims.size > this.maxClaims || c.exp <= now) {
        this.dropReply(key);
        claims.delete(key);
      } else if (c.reply !== undefined) {
        this.dropReply(key);
      }
    }
  }

  private dropReply(key: string): void {
    const c = this.state.claims.get(key);
    if (c?.reply === undefined) return;
    this.replies.release(c.reply);
    delete c.reply;
    delete c.replyExp;
  }

  /** After a load: every kept reply shares the one copy of its text, within the same bounds. */
  private countReplies(): void {
    this.replies.clear();
    for (const c of this.state.claims.values()) if (c.reply !== undefined) c.reply = this.replies.take(c.reply);
    this.trimClaims(Date.now());
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    this.assertWritable();
    const now = Date.now();
    if (this.liveClaim(key, now) !== undefined) return false;
    // Decided and applied synchronously, so concurrent callers cannot both win; then made durable.
    const entry = this.putClaim(key, { exp: now + ttlInt(ttlSeconds, 'ttlSeconds') * 1000 });
    const done = this.commit([entry]);
    this.trimClaims(now);
    await done;
    return true;
  }

  async claimMessage(key: string, leaseMs: number): Promise<MessageClaim> {
    this.assertOpen();
    const now = Date.now();
    const done = this.liveClaim(key, now);
    if (done !== undefined) {
      return done.reply !== undefined && (done.replyExp ?? 0) > now ? { state: 'done', reply: done.reply } : { state: 'done' };
    }
    if (this.leases.has(key, now)) return { state: 'busy' };
    this.leases.set(key, true, now + ttlInt(leaseMs, 'leaseMs'), now);
    return { state: 'claimed' };
  }

  async finishMessage(key: string, reply: string | null, ttlSeconds: number, replyTtlSeconds: number): Promise<void> {
    this.assertWritable();
    const now = Date.now();
    const claim: DoneClaim = { exp: now + ttlInt(ttlSeconds, 'ttlSeconds') * 1000 };
    if (reply !== null) {
      claim.reply = reply;
      claim.replyExp = now + ttlInt(replyTtlSeconds, 'replyTtlSeconds') * 1000;
    }
    const entry = this.putClaim(key, claim);
    const done = this.commit([entry]);
    this.leases.delete(key);
    this.trimClaims(now);
    await done;
  }

  async releaseMessage(key: string): Promise<void> {
    this.assertOpen();
    this.leases.delete(key);
  }

  async takeRate(_key: string, _limit: number, _windowMs: number): Promise<number | null> {
    return null; // one process: the push service's in-memory window is exact
  }

  async acquireLock(key: string, ttlMs: number): Promise<boolean> {
    this.assertOpen();
    const now = Date.now();
    if (this.locks.has(key, now)) return false;
    this.locks.set(key, true, now + ttlInt(ttlMs, 'ttlMs'), now);
    return true;
  }

  async holdLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    this.assertOpen();
    const now = Date.now();
    const ttl = ttlInt(ttlMs, 'ttlMs');
    const current = this.connectionLeases.get(name);
    if (current && current.expiresAt > now && current.owner !== owner) return false;
    this.connectionLeases.set(name, { owner, expiresAt: now + ttl });
    return true;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.assertOpen();
    if (this.connectionLeases.get(name)?.owner === owner) this.connectionLeases.delete(name);
  }

  async getShortLived(key: string): Promise<string | null> {
    this.assertOpen();
    return this.shortLived.get(key, Date.now()) ?? null;
  }

  async setShortLived(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.assertOpen();
    const now = Date.now();
    this.shortLived.set(key, value, now + ttlInt(ttlSeconds, 'ttlSeconds') * 1000, now);
  }

  async putStream(id: string, state: StreamState, ttlSeconds: number): Promise<void> {
    this.assertOpen();
    const now = Date.now();
    // Beyond MAX_STREAMS the oldest go first.
    this.streams.set(id, structuredClone(state), now + ttlInt(ttlSeconds, 'ttlSeconds') * 1000, now);
  }

  async getStream(id: string): Promise<StreamState | null> {
    this.assertOpen();
    const state = this.streams.get(id, Date.now());
    return state === undefined ? null : structuredClone(state);
  }

  async pushQueue(name: string, item: string, ttlSeconds: number): Promise<void> {
    this.assertOpen();
    const expires = Date.now() + ttlInt(ttlSeconds, 'ttlSeconds') * 1000;
    const queue = this.liveQueue(name);
    if (queue) {
      queue.items.push(item);
      queue.expires = expires;
    } else this.queues.set(name, { items: [item], expires });
  }

  async takeQueue(name: string): Promise<string | null> {
    this.assertOpen();
    return this.liveQueue(name)?.items.shift() ?? null;
  }

  async removeFromQueue(name: string, item: string): Promise<boolean> {
    this.assertOpen();
    const queue = this.liveQueue(name);
    const at = queue?.items.indexOf(item) ?? -1;
    if (!queue || at < 0) return false;
    queue.items.splice(at, 1);
    return true;
  }

  private liveQueue(name: string): { items: string[]; expires: number } | undefined {
    const queue = this.queues.get(name);
    if (queue && queue.expires <= Date.now()) this.queues.delete(name);
    return queue && queue.expires > Date.now() ? queue : undefined;
  }

  // --- bindings ----------------------------------------------------------------------------

  async getBinding(group: GroupRef): Promise<Binding | null> {
    this.assertOpen();
    const binding = this.state.bindings.get(groupKey(group));
    return binding === undefined ? null : structuredClone(binding);
  }

  async setBinding(binding: Binding): Promise<void> {
    this.assertWritable();
    await this.commit([{ t: 'bind', v: structuredClone(binding) }]);
  }

  async listBindings(): Promise<Binding[]> {
    this.assertOpen();
    return structuredClone([...this.state.bindings.values()]);
  }

  // --- reports -----------------------------------------------------------------------------

  async addReport(input: NewReport): Promise<{ report: Report; created: boolean }> {
    this.assertWritable();
    const body = newReportFields(input);
    const existing = this.state.messages.get(messageKey(body));
    if (existing !== undefined) {
      // Wait until the stored one is durable too (it may still be in the group commit).
      await this.journal.sync();
      return { report: structuredClone(existing), created: false };
    }
    const report: Report = { id: this.state.branch(body.branch).seq + 1, ...body };
    await this.commit([{ t: 'report', v: report }]);
    return { report: structuredClone(report), created: true };
  }

  async listReports(branch: string, limit?: number): Promise<Report[]> {
    this.assertOpen();
    if (limit !== undefined && !(limit >= 1)) return [];
    const items = this.state.reports.get(branch)?.items ?? [];
    const n = limit === undefined ? items.length : Math.min(items.length, Math.floor(limit));
    const out: Report[] = [];
    for (let i = items.length - 1; i >= items.length - n; i--) {
      const r = items[i];
      if (r) out.push(structuredClone(r));
    }
    return out;
  }

  async getReport(branch: string, id: number): Promise<Report | null> {
    this.assertOpen();
    const report = this.state.reports.get(branch)?.byId.get(id);
    return report === undefined ? null : structuredClone(report);
  }

  async findReportByMessage(platform: GroupRef['platform'], messageId: string): Promise<Report | null> {
    this.assertOpen();
    const report = this.state.messages.get(`${platform}:${messageId}`);
    if (report === undefined) return null;
    await this.journal.sync();
    return structuredClone(report);
  }

  async deleteReport(branch: string, id: number, audit?: Omit<AuditEntry, 'branch' | 'reportId'>): Promise<Report | null> {
    this.assertWritable();
    const report = this.state.reports.get(branch)?.byId.get(id);
    if (report === undefined) return null;
    const seq = this.state.branch(branch).seq;
    // The seq entry keeps the id from being reused even if this was the newest record.
    const entries: Entry[] = [{ t: 'seq', branch, seq }, { t: 'unreport', branch, id }];
    if (audit !== undefined) entries.push(this.auditEntry({ branch, reportId: id, ...structuredClone(audit) }));
    await this.commit(entries);
    return structuredClone(report);
  }

  private auditEntry(v: AuditEntry): Entry {
    return { t: 'audit', n: this.state.audit.length, v };
  }

  async updateReport(branch: string, id: number, edit: (current: Report) => ReportEdit | null): Promise<{ before: Report; after: Report } | null> {
    this.assertWritable();
    const current = this.state.reports.get(branch)?.byId.get(id);
    if (current === undefined) return null;
    const before = structuredClone(current);
    // Synchronous from read to apply, so no other change can come in between.
    const change = edit(structuredClone(current));
    if (change === null) return { before, after: structuredClone(before) };
    const after = editedReport(before, change.after);
    await this.commit([{ t: 'report', v: after }, this.auditEntry({ branch, reportId: id, ...structuredClone(change.audit) })]);
    return { before, after: structuredClone(after) };
  }

  async listAudit(branch?: string): Promise<AuditEntry[]> {
    this.assertOpen();
    const all = this.state.audit;
    return structuredClone(branch === undefined ? all : all.filter((a) => a.branch === branch));
  }

  async listBranches(): Promise<string[]> {
    this.assertOpen();
    return sortBranches(this.state.branches);
  }

  async branchStats(branches: readonly string[], query: StatsQuery = {}): Promise<BranchStats[]> {
    this.assertOpen();
    return branches.map((b) => this.state.reports.get(b)?.stats.stats(b, query) ?? emptyStats(b, query));
  }

  async *reportPages(branch: string, pageSize = 500): AsyncIterable<Report[]> {
    this.assertOpen();
    // Records are never changed in place, so a copy of the list is a consistent view.
    const items = (this.state.reports.get(branch)?.items ?? []).slice();
    for (let i = 0; i < items.length; i += pageSize) {
      yield structuredClone(items.slice(i, i + pageSize));
      // Let other work run between pages of a long export.
      await new Promise((res) => setImmediate(res));
    }
  }

  // --- push channels -----------------------------------------------------------------------

  async getPushChannel(group: GroupRef): Promise<PushChannelRecord | null> {
    this.assertOpen();
    const entry = this.state.push.get(groupKey(group));
    return entry === undefined ? null : structuredClone(entry.record);
  }

  async setPushChannel(group: GroupRef, record: PushChannelRecord | null): Promise<void> {
    this.assertWritable();
    const g = { platform: group.platform, conversationId: group.conversationId };
    await this.commit([{ t: 'push', group: g, v: record === null ? null : structuredClone(withoutDead(record)) }]);
  }

  async markPushChannelDead(group: GroupRef, reason: string, at: string): Promise<void> {
    this.assertWritable();
    const entry = this.state.push.get(groupKey(group));
    if (entry === undefined) return;
    await this.commit([{ t: 'push', group: entry.group, v: { ...entry.record, dead: { reason, at } } }]);
  }

  // --- reminders ---------------------------------------------------------------------------

  async claimReminder(reminderId: string, group: GroupRef, ttlMs: number): Promise<ReminderClaim> {
    this.assertOpen();
    const key = reminderKey(reminderId, group);
    if (this.state.sentReminders.has(key)) return 'sent';
    const now = Date.now();
    if (this.busyReminders.has(key, now)) return 'busy';
    this.busyReminders.set(key, true, now + ttlInt(ttlMs, 'ttlMs'), now);
    return 'claimed';
  }

  async completeReminder(reminderId: string, group: GroupRef): Promise<void> {
    this.assertWritable();
    const key = reminderKey(reminderId, group);
    await this.commit([{ t: 'sent', reminderId, group: { platform: group.platform, conversationId: group.conversationId } }]);
    this.busyReminders.delete(key);
  }

  async releaseReminder(reminderId: string, group: GroupRef): Promise<void> {
    this.assertOpen();
    this.busyReminders.delete(reminderKey(reminderId, group));
  }

  async getOrCreateValue(name: string, candidate: string): Promise<string> {
    this.assertOpen();
    checkValueName(name);
    try {
      return await getOrCreateFileValue(this.dir, name, candidate);
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }

  // --- small values (secrets, conversation context, replay windows) -----------------------

  /** The value, or null when missing or expired. */
  kvGet(key: string): string | null {
    this.assertOpen();
    const x = this.state.kv.get(key);
    return x === undefined || (x.exp !== undefined && x.exp <= Date.now()) ? null : x.v;
  }

  /** Sets (or with null deletes) a value, optionally expiring after ttlMs; resolves when durable. */
  async kvSet(key: string, value: string | null, ttlMs?: number): Promise<void> {
    this.assertWritable();
    await this.commit([value === null ? { t: 'kv', key, v: null } : { t: 'kv', key, v: value, ...(ttlMs !== undefined ? { exp: Date.now() + ttlInt(ttlMs, 'ttlMs') } : {}) }]);
  }
}
