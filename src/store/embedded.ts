// Single-instance store for when REDIS_URL is unset: state in memory, persisted to DATA_DIR.
// Mutations run one at a time; each resolves only after the new state is on disk, and a failed
// write rolls memory back to what is on disk. Expiring markers (locks, 'busy' reminders) are kept
// in memory only; dedupe claims are also written, with their expiry, so a restart does not
// process a redelivered message again.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from '../log.js';
import { AtomicFile, Serial } from './atomic-file.js';
import { checkValueName, getOrCreateFileValue } from './kept-value.js';
import {
  emptyState,
  parseClaims,
  parseState,
  pruneAndSerializeClaims,
  reminderKey,
  serializeState,
  type State,
} from './embedded-state.js';
import { BranchAggregate, emptyStats, type BranchStats, type StatsQuery } from './stats.js';
import { editedReport, messageKey, newReportFields, sortBranches, ttlInt, withoutDead } from './schema.js';
import {
  StoreUnavailableError,
  groupKey,
  type AuditEntry,
  type Binding,
  type GroupRef,
  type NewReport,
  type PushChannelRecord,
  type ReminderClaim,
  type Report,
  type ReportEdit,
  type Store,
} from './types.js';

export interface EmbeddedStoreOptions {
  dir: string;
  logger?: Logger;
  /** Most dedupe claims kept (oldest dropped first); expired ones are dropped anyway. */
  maxClaims?: number;
}

/** Expiring in-memory markers; expired entries are swept once the map grows. */
class ExpiringSet {
  private readonly expiries = new Map<string, number>();

  has(key: string, nowMs: number): boolean {
    const expiry = this.expiries.get(key);
    return expiry !== undefined && expiry > nowMs;
  }

  add(key: string, expiresAt: number): void {
    this.expiries.set(key, expiresAt);
    if (this.expiries.size > 1000) {
      for (const [k, e] of this.expiries) if (e <= Date.now()) this.expiries.delete(k);
    }
  }

  delete(key: string): void {
    this.expiries.delete(key);
  }
}

export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  readonly dir: string;
  private readonly stateFile: AtomicFile;
  private readonly claimsFile: AtomicFile;
  private readonly mutations = new Serial();
  private readonly maxClaims: number;
  private state: State;
  /** The state text last written, i.e. what is on disk. */
  private saved: string;
  private readonly claims: Map<string, number>;
  private readonly locks = new ExpiringSet();
  private readonly busyReminders = new ExpiringSet();
  private closed = false;

  /** Loads synchronously, so a corrupt data file stops start-up right here. */
  constructor(options: EmbeddedStoreOptions) {
    this.dir = resolve(options.dir);
    this.maxClaims = options.maxClaims ?? 50_000;
    this.stateFile = new AtomicFile(join(this.dir, 'store.json'));
    this.claimsFile = new AtomicFile(join(this.dir, 'claims.json'));

    const text = this.stateFile.readSync();
    this.state = text === undefined ? emptyState() : parseState(text, this.stateFile.path);
    this.saved = text ?? serializeState(this.state);

    const claimsText = this.claimsFile.readSync();
    this.claims = new Map();
    if (claimsText !== undefined) {
      try {
        this.claims = parseClaims(claimsText, Date.now());
      } catch (err) {
        // Only dedupe hints: losing them is better than refusing to start.
        options.logger?.warn({ err: String(err), file: this.claimsFile.path }, 'ignoring unreadable claims file');
      }
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError(new Error('store closed'));
  }

  /** Applies `change` and persists it; on any failure memory returns to the state on disk. */
  private mutate<T>(change: (state: State) => T): Promise<T> {
    return this.mutations.run(async () => {
      this.assertOpen();
      let result: T;
      let text: string;
      try {
        result = change(this.state);
        text = serializeState(this.state);
      } catch (err) {
        this.state = parseState(this.saved, this.stateFile.path);
        throw err;
      }
      if (text === this.saved) return result;
      try {
        await this.stateFile.write(text);
      } catch (err) {
        this.state = parseState(this.saved, this.stateFile.path);
        throw new StoreUnavailableError(err);
      }
      this.saved = text;
      return result;
    });
  }

  async ping(): Promise<void> {
    this.assertOpen();
    try {
      await access(this.dir, constants.W_OK);
      if (!(await stat(this.dir)).isDirectory()) throw new Error(`${this.dir} is not a directory`);
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Mutations queued before close still complete; later ones are refused.
    await this.mutations.run(() => {
      this.closed = true;
    });
    await this.claimsFile.idle();
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    this.assertOpen();
    const now = Date.now();
    const expiry = this.claims.get(key);
    if (expiry !== undefined && expiry > now) return false;
    // Decided synchronously, so concurrent callers cannot both win; then made durable.
    const mine = now + ttlInt(ttlSeconds, 'ttlSeconds') * 1000;
    this.claims.delete(key);
    this.claims.set(key, mine);
    try {
      await this.claimsFile.write(pruneAndSerializeClaims(this.claims, now, this.maxClaims));
    } catch (err) {
      if (this.claims.get(key) === mine) this.claims.delete(key);
      throw new StoreUnavailableError(err);
    }
    return true;
  }

  async acquireLock(key: string, ttlMs: number): Promise<boolean> {
    this.assertOpen();
    const now = Date.now();
    if (this.locks.has(key, now)) return false;
    this.locks.add(key, now + ttlInt(ttlMs, 'ttlMs'));
    return true;
  }

  async getBinding(group: GroupRef): Promise<Binding | null> {
    this.assertOpen();
    const binding = this.state.bindings.get(groupKey(group));
    return binding === undefined ? null : structuredClone(binding);
  }

  async setBinding(binding: Binding): Promise<void> {
    const copy = structuredClone(binding);
    await this.mutate((s) => {
      s.bindings.set(groupKey(copy.group), copy);
      if (copy.target.kind === 'branch') s.branches.add(copy.target.branch);
    });
  }

  async listBindings(): Promise<Binding[]> {
    this.assertOpen();
    return structuredClone([...this.state.bindings.values()]);
  }

  async addReport(input: NewReport): Promise<{ report: Report; created: boolean }> {
    const body = newReportFields(input);
    return this.mutate((s) => {
      const existing = s.messages.get(messageKey(body));
      if (existing !== undefined) return { report: structuredClone(existing), created: false };
      this.syncAggregates();
      let branch = s.reports.get(body.branch);
      if (branch === undefined) {
        branch = { seq: 0, items: [] };
        s.reports.set(body.branch, branch);
      }
      branch.seq += 1;
      const report: Report = { id: branch.seq, ...body };
      branch.items.push(report);
      s.messages.set(messageKey(report), report);
      s.branches.add(body.branch);
      let agg = this.aggregates.get(body.branch);
      if (agg === undefined) {
        agg = new BranchAggregate();
        this.aggregates.set(body.branch, agg);
      }
      agg.add(report);
      return { report: structuredClone(report), created: true };
    });
  }

  async listReports(branch: string, limit?: number): Promise<Report[]> {
    this.assertOpen();
    if (limit !== undefined && !(limit >= 1)) return [];
    const items = this.state.reports.get(branch)?.items ?? [];
    const newest = items.slice().reverse();
    return structuredClone(limit === undefined ? newest : newest.slice(0, Math.floor(limit)));
  }

  async getReport(branch: string, id: number): Promise<Report | null> {
    this.assertOpen();
    const report = this.state.reports.get(branch)?.items.find((r) => r.id === id);
    return report === undefined ? null : structuredClone(report);
  }

  async deleteReport(branch: string, id: number, audit?: Omit<AuditEntry, 'branch' | 'reportId'>): Promise<Report | null> {
    const entry = audit === undefined ? undefined : { branch, reportId: id, ...structuredClone(audit) };
    return this.mutate((s) => {
      const items = s.reports.get(branch)?.items;
      const index = items?.findIndex((r) => r.id === id) ?? -1;
      if (items === undefined || index < 0) return null;
      this.syncAggregates();
      const [report] = items.splice(index, 1);
      if (report === undefined) return null;
      this.aggregates.get(branch)?.remove(report);
      const key = messageKey(report);
      if (s.messages.get(key) === report) s.messages.delete(key);
      if (entry !== undefined) s.audit.push(entry);
      return structuredClone(report);
    });
  }

  /** Aggregates per branch, derived from `state` and rebuilt whenever memory is reloaded. */
  private aggregatesOf: State | undefined;
  private aggregates = new Map<string, BranchAggregate>();

  private aggregate(branch: string): BranchAggregate | undefined {
    this.syncAggregates();
    return this.aggregates.get(branch);
  }

  private syncAggregates(): void {
    if (this.aggregatesOf !== this.state) {
      this.aggregates = new Map();
      for (const [name, { items }] of this.state.reports) {
        const agg = new BranchAggregate();
        for (const r of items) agg.add(r);
        this.aggregates.set(name, agg);
      }
      this.aggregatesOf = this.state;
    }
  }

  async branchStats(branches: readonly string[], query: StatsQuery = {}): Promise<BranchStats[]> {
    this.assertOpen();
    return branches.map((b) => this.aggregate(b)?.stats(b, query) ?? emptyStats(b, query));
  }

  async *reportPages(branch: string, pageSize = 500): AsyncIterable<Report[]> {
    this.assertOpen();
    const items = this.state.reports.get(branch)?.items ?? [];
    for (let i = 0; i < items.length; i += pageSize) yield structuredClone(items.slice(i, i + pageSize));
  }

  async updateReport(branch: string, id: number, edit: (current: Report) => ReportEdit | null): Promise<{ before: Report; after: Report } | null> {
    return this.mutate((s) => {
      const items = s.reports.get(branch)?.items;
      const index = items?.findIndex((r) => r.id === id) ?? -1;
      const current = items?.[index];
      if (items === undefined || current === undefined) return null;
      const before = structuredClone(current);
      const change = edit(structuredClone(current));
      if (change === null) return { before, after: structuredClone(before) };
      const after = editedReport(before, change.after);
      this.syncAggregates();
      items[index] = after;
      const agg = this.aggregates.get(branch);
      agg?.remove(before);
      agg?.add(after);
      const key = messageKey(after);
      if (s.messages.get(key) === current) s.messages.set(key, after);
      s.audit.push({ branch, reportId: id, ...structuredClone(change.audit) });
      return { before, after: structuredClone(after) };
    });
  }

  async listAudit(branch?: string): Promise<AuditEntry[]> {
    this.assertOpen();
    return structuredClone(branch === undefined ? this.state.audit : this.state.audit.filter((a) => a.branch === branch));
  }

  async listBranches(): Promise<string[]> {
    this.assertOpen();
    return sortBranches(this.state.branches);
  }

  async getPushChannel(group: GroupRef): Promise<PushChannelRecord | null> {
    this.assertOpen();
    const entry = this.state.push.get(groupKey(group));
    return entry === undefined ? null : structuredClone(entry.record);
  }

  async setPushChannel(group: GroupRef, record: PushChannelRecord | null): Promise<void> {
    const entry = record === null ? null : { group: structuredClone(group), record: structuredClone(withoutDead(record)) };
    await this.mutate((s) => {
      if (entry === null) s.push.delete(groupKey(group));
      else s.push.set(groupKey(group), entry);
    });
  }

  async markPushChannelDead(group: GroupRef, reason: string, at: string): Promise<void> {
    await this.mutate((s) => {
      const entry = s.push.get(groupKey(group));
      if (entry !== undefined) entry.record = { ...entry.record, dead: { reason, at } };
    });
  }

  async claimReminder(reminderId: string, group: GroupRef, ttlMs: number): Promise<ReminderClaim> {
    this.assertOpen();
    const key = reminderKey(reminderId, group);
    if (this.state.sentReminders.has(key)) return 'sent';
    const now = Date.now();
    if (this.busyReminders.has(key, now)) return 'busy';
    this.busyReminders.add(key, now + ttlInt(ttlMs, 'ttlMs'));
    return 'claimed';
  }

  async completeReminder(reminderId: string, group: GroupRef): Promise<void> {
    const key = reminderKey(reminderId, group);
    const entry = { reminderId, group: structuredClone(group) };
    await this.mutate((s) => {
      s.sentReminders.set(key, entry);
    });
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
}
