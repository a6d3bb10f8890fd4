// The storage contract. Two implementations (Redis, embedded file store) pass one contract suite.
import type { GroupRef, Platform } from '../core.js';

/** Per-branch aggregates (see stats.ts), kept on every report write. */
export interface DateRange {
  /** YYYY-MM-DD, inclusive. */
  start: string;
  /** YYYY-MM-DD, inclusive. */
  end: string;
}

export interface StatsQuery {
  /** Count the 走基层 reports dated in this range and return the earliest. */
  grassroots?: DateRange;
  /** Count all reports dated in this range (e.g. a campaign phase). */
  dated?: DateRange;
}

export interface BranchStats {
  branch: string;
  /** Live records (deleted ones are not counted). */
  total: number;
  /** Live records per criterion number; criteria without records are absent. */
  criteria: Map<number, number>;
  /** Latest activity date of a live record. */
  lastDate?: string;
  /**
   * Live records per 三会一课 kind (the `meeting` 上报 recognised) and month (YYYY-MM), so cadence
   * lights need no record reads; kinds and months without records are absent.
   */
  meetings: Map<string, Map<string, number>>;
  /** Present when the query asked for `grassroots`. */
  grassroots?: { count: number; first?: { id: number; date: string } };
  /** Present when the query asked for `dated`. */
  dated?: number;
}

export function groupKey(group: GroupRef): string {
  return `${group.platform}:${group.conversationId}`;
}

/** What a group is bound to: one branch (支部), or the committee (委员会) that sees all branches. */
export type BindingTarget = { kind: 'branch'; branch: string } | { kind: 'committee' };

export interface Binding {
  group: GroupRef;
  target: BindingTarget;
  groupTitle?: string;
  boundBy: string;
  boundAt: string; // ISO instant
}

export interface NewReport {
  branch: string;
  reporterId: string;
  reporterName?: string;
  group: GroupRef;
  /**
   * Platform message id: a redelivered message must not create a second record. Ids are only
   * unique within one platform, so the dedupe key is (group.platform, messageId).
   */
  messageId: string;
  receivedAt: string; // ISO instant
  /** Activity date, YYYY-MM-DD in Asia/Shanghai. */
  date: string;
  participants?: number;
  /** Second-level criteria numbers (1–25), ascending. */
  /** Second-level criteria numbers (1–25), ascending; empty while 未归类 (awaiting 归类). */
  criteria: number[];
  text: string;
  /** Optional 纪实 fields, read from the report when present. */
  place?: string;
  host?: string;
  speaker?: string;
  /** Named attendees (张三、李四); `allMembers` when the report says 全体党员. */
  attendees?: string[];
  allMembers?: boolean;
  absentees?: Absentee[];
  /** 三会一课 meeting kind when the report is one (支部委员会, 支部党员大会, 党小组会, 党课). */
  meeting?: string;
  /** Photos kept as evidence, oldest first. */
  photos?: PhotoRef[];
  /** Last correction (ISO instant). */
  updatedAt?: string;
}

export interface Absentee {
  name: string;
  reason?: string;
}

/** A stored photo; the bytes live in the file directory under `file`. */
export interface PhotoRef {
  /** File name inside the photo directory: the SHA-256 of the stored bytes, with .jpg or .png. */
  file: string;
  type: 'image/jpeg' | 'image/png';
  bytes: number;
  addedAt: string;
  addedBy: string;
}

/** One change to a report, kept for the committee's 修改记录. Never edited or removed. */
export interface AuditEntry {
  branch: string;
  reportId: number;
  action: 'update' | 'classify' | 'delete' | 'photo';
  /** What changed, e.g. 日期, 人数, 标准, 内容; absent for a delete. */
  field?: string;
  before: string;
  after: string;
  by: string;
  byName?: string;
  at: string; // ISO instant
}

/** What `updateReport`'s edit returns: the new fields and the audit entry written with them. */
export interface ReportEdit {
  /** The whole report after the change; id, branch, group, messageId and receivedAt are kept. */
  after: Report;
  audit: Omit<AuditEntry, 'branch' | 'reportId'>;
}

export interface Report extends NewReport {
  /** Per-branch record number, 1, 2, 3 … never reused. */
  id: number;
}

export type PushChannel =
  | { kind: 'wecom-webhook'; url: string }
  /** WeCom AI bot long connection: a proactive send (aibot_send_msg) to the chat. */
  | { kind: 'wecom-ws'; chatId: string }
  | { kind: 'dingtalk-robot'; accessToken: string; secret?: string }
  | { kind: 'dingtalk-openapi'; openConversationId: string };

export interface PushChannelRecord {
  channel: PushChannel;
  /** 'auto' when captured from a callback, otherwise the admin's id. */
  setBy: string;
  setAt: string;
  /** Set when the platform said the address or token is invalid; cleared when it is set again. */
  dead?: { reason: string; at: string };
}

export type ReminderClaim = 'claimed' | 'sent' | 'busy';

/**
 * A platform message's dedupe state. 'claimed': do the work (first delivery, or a redelivery
 * after the previous attempt's lease expired, e.g. the process died). 'busy': another attempt
 * holds the lease now. 'done': finished; `reply` is the answer given, while it is still kept.
 */
export type MessageClaim = { state: 'claimed' } | { state: 'busy' } | { state: 'done'; reply?: string };

/** A WeCom AI-bot stream answered later (stream refresh callbacks poll it): pending, then finished. */
export type StreamState = { finished: false } | { finished: true; content: string };

export class StoreUnavailableError extends Error {
  /** `reason`: for operators, in Chinese (shown by /readyz), e.g. 数据目录所在磁盘已满. */
  constructor(
    cause?: unknown,
    readonly reason?: string,
  ) {
    super('store unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}

export interface Store {
  readonly kind: 'redis' | 'embedded';
  /** Throws StoreUnavailableError when the store cannot be reached. */
  ping(): Promise<void>;
  /**
   * Readiness: the store can take a write now (embedded: a probe file written and synced in the
   * data directory, and no journal write failing for lack of space or permission since; Redis: a
   * probe key set, so OOM or MISCONF show). Throws StoreUnavailableError with a Chinese reason.
   */
  checkWritable(): Promise<void>;
  close(): Promise<void>;

  /** Atomically claim a key once (message dedupe). True for the first caller only. */
  claimOnce(key: string, ttlSeconds: number): Promise<boolean>;
  /** Claims a message for `leaseMs` (see MessageClaim); exactly one concurrent caller gets 'claimed'. */
  claimMessage(key: string, leaseMs: number): Promise<MessageClaim>;
  /**
   * Marks a claimed message done for `ttlSeconds`, keeping `reply` (opaque text) for
   * `replyTtlSeconds` so a redelivery gets the same answer. Resolves once durable.
   */
  finishMessage(key: string, reply: string | null, ttlSeconds: number, replyTtlSeconds: number): Promise<void>;
  /** Gives a claimed message up (its work failed): the next delivery does it again. */
  releaseMessage(key: string): Promise<void>;
  /**
   * A sliding-window rate shared by every process on this store (push limits per robot): counts
   * one send for `key` and returns 0 when fewer than `limit` were counted in the last `windowMs`,
   * otherwise counts nothing and returns the milliseconds until a place frees. Null when the
   * store has no shared view (the embedded store: one process, its limiter stays in memory).
   */
  takeRate(key: string, limit: number, windowMs: number): Promise<number | null>;
  /** A lock for `ttlMs` (node-cron runCoordinator): true for exactly one caller per key. */
  acquireLock(key: string, ttlMs: number): Promise<boolean>;
  /**
   * A renewable lease (the WeCom long connection: one holder per bot). True when `owner` now holds
   * `name` for `ttlMs`: it was free, expired, or already `owner`'s (then it is extended).
   */
  holdLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up when `owner` holds it; a no-op otherwise. */
  releaseLease(name: string, owner: string): Promise<void>;
  /** A small value kept for `ttlSeconds` (the Q&A conversation memory); null once expired. */
  getShortLived(key: string): Promise<string | null>;
  setShortLived(key: string, value: string, ttlSeconds: number): Promise<void>;
  /**
   * WeCom AI-bot streams whose answer was slower than the passive reply: `putStream` records one
   * as pending or finished for `ttlSeconds`; `getStream` reads it (null when unknown or expired),
   * so a stream refresh reaching any instance answers it. Memory only on the embedded store.
   */
  putStream(id: string, state: StreamState, ttlSeconds: number): Promise<void>;
  getStream(id: string): Promise<StreamState | null>;
  /**
   * A small FIFO queue shared by every process on this store (sends handed to the instance holding
   * the WeCom long connection): `pushQueue` appends (the queue expires `ttlSeconds` after its last
   * push), `takeQueue` removes and returns the oldest item or null, `removeFromQueue` takes one
   * given item back out and says whether it was still there. Memory only on the embedded store.
   */
  pushQueue(name: string, item: string, ttlSeconds: number): Promise<void>;
  takeQueue(name: string): Promise<string | null>;
  removeFromQueue(name: string, item: string): Promise<boolean>;

  getBinding(group: GroupRef): Promise<Binding | null>;
  /** Binds (or re-binds) a group; a group belongs to one target at a time. */
  setBinding(binding: Binding): Promise<void>;
  /** Every bound group, one entry per group, in no particular order. */
  listBindings(): Promise<Binding[]>;

  /**
   * Stores a report with the next id of its branch; the same messageId (on the same platform)
   * returns the stored one with created: false. Deleting a report forgets its messageId too.
   */
  addReport(input: NewReport): Promise<{ report: Report; created: boolean }>;
  /**
   * The record stored for a platform message id (NewReport.messageId), or null: how a caller
   * checks after an ambiguous failure whether a report was stored.
   */
  findReportByMessage(platform: Platform, messageId: string): Promise<Report | null>;
  /** Newest first; every report when `limit` is omitted, none when it is below 1. */
  listReports(branch: string, limit?: number): Promise<Report[]>;
  getReport(branch: string, id: number): Promise<Report | null>;
  /**
   * Deletes and returns the record, or null when it does not exist. With `audit`, the audit
   * entry (action 'delete') is written in the same step.
   */
  deleteReport(branch: string, id: number, audit?: Omit<AuditEntry, 'branch' | 'reportId'>): Promise<Report | null>;
  /**
   * Changes one report: `edit` sees the current record and returns the new one with its audit
   * entry (or null to change nothing). Record and audit entry are written together; a concurrent
   * change makes the store call `edit` again on the newer record. Null when there is no record.
   */
  updateReport(branch: string, id: number, edit: (current: Report) => ReportEdit | null): Promise<{ before: Report; after: Report } | null>;
  /** The audit log, oldest first: one branch's, or every branch's when omitted. */
  listAudit(branch?: string): Promise<AuditEntry[]>;
  /** Every branch that has ever had a report or a binding. */
  listBranches(): Promise<string[]>;
  /**
   * Aggregates of each named branch, in the order given (kept up to date on every write, so this
   * costs O(branches), not O(records)). A branch without records gets zero counts.
   */
  branchStats(branches: readonly string[], query?: StatsQuery): Promise<BranchStats[]>;
  /** A branch's records oldest first, `pageSize` at a time (export, full scans). */
  reportPages(branch: string, pageSize?: number): AsyncIterable<Report[]>;

  getPushChannel(group: GroupRef): Promise<PushChannelRecord | null>;
  setPushChannel(group: GroupRef, record: PushChannelRecord | null): Promise<void>;
  markPushChannelDead(group: GroupRef, reason: string, at: string): Promise<void>;

  /**
   * Reminder markers. `claimReminder` returns 'sent' when already delivered, 'busy' while another
   * sender holds it (for `ttlMs`), 'claimed' otherwise; then `completeReminder` marks it sent for
   * good, or `releaseReminder` lets the next run retry it.
   */
  claimReminder(reminderId: string, group: GroupRef, ttlMs: number): Promise<ReminderClaim>;
  completeReminder(reminderId: string, group: GroupRef): Promise<void>;
  releaseReminder(reminderId: string, group: GroupRef): Promise<void>;

  /**
   * A value kept with the data and created once: the stored value of `name` (lower-case letters,
   * digits, '-'), or `candidate` after storing it when there is none. Every process on the same
   * data gets the same value (e.g. the export secret when EXPORT_SECRET is unset).
   */
  getOrCreateValue(name: string, candidate: string): Promise<string>;
}
