// Store over Redis (ioredis). One small key per record; multi-key writes go through Lua scripts
// or MULTI/EXEC. When Redis is down every call fails fast with StoreUnavailableError: the offline
// queue is off and a call waits only for a connection attempt already in flight.
import { Redis, type RedisOptions } from 'ioredis';
import type { GroupRef, Platform } from '../core.js';
import type { Logger } from '../log.js';
import { RedisKeys } from './redis-keys.js';
import { checkValueName } from './kept-value.js';
import {
  branchStatsScript,
  addReportScript,
  claimMessageScript,
  claimReminderScript,
  deleteReportScript,
  markDeadScript,
  rebuildStatsScript,
  takeRateScript,
  updateReportScript,
  HOLD_LEASE,
  DELETE_IF,
} from './redis-scripts.js';
import {
  auditSchema,
  bindingSchema,
  editedReport,
  deadSchema,
  newReportFields,
  parseStored,
  pushChannelRecordSchema,
  reportSchema,
  sortBranches,
  ttlInt,
  withoutDead,
} from './schema.js';
import { GRASSROOTS_CRITERION, monthOf, type BranchStats, type StatsQuery } from './stats.js';
// The same type list as embedded.ts on purpose: both stores implement the one Store contract (test/store/contract.ts).
import {
  StoreUnavailableError,
  type AuditEntry,
  type Binding,
  type MessageClaim,
  type NewReport,
  type PushChannelRecord,
  type ReminderClaim,
  type Report,
  type StreamState,
  type ReportEdit,
  type Store,
} from './types.js';

export interface RedisStoreOptions {
  url: string;
  prefix: string;
  logger?: Logger;
  /** Longest a call waits for a connection attempt in flight (default 1500 ms). */
  readyWaitMs?: number;
  /** Longest a command may take before it fails (default 1500 ms). */
  commandTimeoutMs?: number;
  /** Cap of the reconnect backoff (default 2000 ms): how soon the store recovers. */
  maxReconnectDelayMs?: number;
}

/** Redis replies that mean "try later" rather than "your command is wrong". */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY|NOREPLICAS|OOM|MISCONF)\b/;

/** Connection trouble becomes StoreUnavailableError; a genuine reply error (bad script) stays. */
export function toStoreError(err: unknown): Error {
  if (err instanceof StoreUnavailableError) return err;
  if (err instanceof Error && err.name === 'ReplyError' && !TRANSIENT_REPLY.test(err.message)) return err;
  return new StoreUnavailableError(err);
}

/** A stored stream state; anything else (a foreign value under our key) reads as unknown. */
function parseStream(text: string): StreamState | null {
  try {
    const raw = JSON.parse(text) as { finished?: unknown; content?: unknown };
    if (raw.finished === false) return { finished: false };
    if (raw.finished === true && typeof raw.content === 'string') return { finished: true, content: raw.content };
  } catch {
    // fall through
  }
  return null;
}

/** What /readyz says when a probe write fails. */
function redisReason(err: unknown): string {
  const cause = err instanceof StoreUnavailableError && err.cause instanceof Error ? err.cause : err;
  const message = cause instanceof Error ? cause.message : '';
  if (message.startsWith('OOM')) return 'Redis 内存已满（OOM，已到 maxmemory），拒绝写入';
  if (message.startsWith('MISCONF')) return 'Redis 无法保存快照（MISCONF），拒绝写入；请检查 Redis 的磁盘';
  if (message.startsWith('READONLY')) return 'Redis 是只读副本（READONLY），无法写入';
  return 'Redis 无法连接或没有应答';
}

type ExecResult = [error: Error | null, result: unknown][] | null;

function checkExec(result: ExecResult): void {
  if (result === null) throw new StoreUnavailableError(new Error('MULTI/EXEC aborted'));
  for (const [err] of result) if (err) throw err;
}

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;
  private readonly keys: RedisKeys;
  private readonly readyWaitMs: number;
  private readonly logger: Logger | undefined;
  private closed = false;
  private down = false;
  private readyWait: Promise<void> | null = null;

  constructor(options: RedisStoreOptions) {
    this.keys = new RedisKeys(options.prefix);
    this.readyWaitMs = options.readyWaitMs ?? 1500;
    this.logger = options.logger;
    const maxDelay = options.maxReconnectDelayMs ?? 2000;
    // `satisfies`, not a type: ioredis' own RedisOptions does not fit its constructor under exactOptionalPropertyTypes.
    const redisOptions = {
      lazyConnect: true,
      // Fail instead of queueing while disconnected, and never replay a command whose reply was
      // lost: the caller gets an error and retries at its own level (addReport is idempotent).
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      // Commands issued in the same tick go out in one write: under load one syscall per command
      // was the largest single cost of a WeCom answer (npm run bench, BENCHMARKS.md).
      enableAutoPipelining: true,
      connectTimeout: 1000,
      commandTimeout: options.commandTimeoutMs ?? 1500,
      // Keep reconnecting forever with capped backoff, so the store recovers by itself.
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 6), maxDelay),
    } satisfies RedisOptions;
    this.redis = new Redis(options.url, redisOptions);
    this.redis.on('error', (err: Error) => {
      if (!this.down && !this.closed) this.logger?.warn({ err: err.message }, 'redis unavailable');
      this.down = true;
    });
    this.redis.on('ready', () => {
      if (this.down) this.logger?.info('redis reconnected');
      this.down = false;
    });
  }

  /** Resolves when connected; waits only for an attempt in flight, otherwise fails at once. */
  private async connection(): Promise<Redis> {
    if (this.closed) throw new StoreUnavailableError(new Error('store closed'));
    const r = this.redis;
    if (r.status === 'ready') return r;
    if (r.status === 'wait') {
      r.connect().catch(() => undefined); // failures arrive through the 'error'/'close' events
    } else if (r.status !== 'connecting' && r.status !== 'connect') {
      throw new StoreUnavailableError(new Error(`redis is ${r.status}`));
    }
    // Concurrent callers share one wait instead of each adding listeners.
    this.readyWait ??= this.waitForReady().finally(() => {
      this.readyWait = null;
    });
    await this.readyWait;
    return r;
  }

  private waitForReady(): Promise<void> {
    const r = this.redis;
    return new Promise<void>((resolve, reject) => {
      const fail = (): void => {
        done();
        reject(new StoreUnavailableError(new Error(`redis is ${r.status}`)));
      };
      const ok = (): void => {
        done();
        resolve();
      };
      const timer = setTimeout(fail, this.readyWaitMs);
      const done = (): void => {
        clearTimeout(timer);
        r.off('ready', ok);
        r.off('close', fail);
        r.off('end', fail);
      };
      r.once('ready', ok);
      r.once('close', fail);
      r.once('end', fail);
    });
  }

  /** Runs Redis work, mapping connection failures to StoreUnavailableError. */
  private async run<T>(work: (r: Redis) => Promise<T>): Promise<T> {
    const r = await this.connection();
    try {
      return await work(r);
    } catch (err) {
      throw toStoreError(err);
    }
  }

  async ping(): Promise<void> {
    await this.run((r) => r.ping());
  }

  async checkWritable(): Promise<void> {
    try {
      await this.run((r) => r.set(this.keys.lock('ready-probe'), '1', 'PX', 10_000));
    } catch (err) {
      throw new StoreUnavailableError(err, redisReason(err));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.redis.status === 'ready') {
      await Promise.race([this.redis.quit().catch(() => undefined), new Promise((res) => setTimeout(res, 1000))]);
    }
    if (this.redis.status !== 'end') this.redis.disconnect();
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    const ttl = ttlInt(ttlSeconds, 'ttlSeconds');
    const res = await this.run((r) => r.set(this.keys.dedupe(key), '1', 'EX', ttl, 'NX'));
    return res === 'OK';
  }

  async claimMessage(key: string, leaseMs: number): Promise<MessageClaim> {
    const lease = ttlInt(leaseMs, 'leaseMs');
    const res = await this.run((r) => claimMessageScript.run(r, [this.keys.messageClaim(key), this.keys.messageReply(key)], [lease]));
    if (!Array.isArray(res)) throw new Error('claimMessage script returned an unexpected reply');
    const [state, reply] = res as unknown[];
    if (state === 'claimed' || state === 'busy') return { state };
    if (state === 'done') return typeof reply === 'string' ? { state, reply } : { state };
    throw new Error('claimMessage script returned an unexpected reply');
  }

  async finishMessage(key: string, reply: string | null, ttlSeconds: number, replyTtlSeconds: number): Promise<void> {
    const ttl = ttlInt(ttlSeconds, 'ttlSeconds');
    const replyTtl = ttlInt(replyTtlSeconds, 'replyTtlSeconds');
    await this.run(async (r) => {
      const tx = r.multi().set(this.keys.messageClaim(key), 'd', 'EX', ttl);
      if (reply !== null) tx.set(this.keys.messageReply(key), reply, 'EX', replyTtl);
      checkExec(await tx.exec());
    });
  }

  async releaseMessage(key: string): Promise<void> {
    await this.run((r) => DELETE_IF.run(r, [this.keys.messageClaim(key)], ['p']));
  }

  async takeRate(key: string, limit: number, windowMs: number): Promise<number | null> {
    const member = `${Date.now()}:${Math.random().toString(36).slice(2)}`;
    const res = await this.run((r) => takeRateScript.run(r, [this.keys.rate(key)], [limit, Math.ceil(windowMs), member]));
    if (typeof res !== 'number') throw new Error('takeRate script returned an unexpected reply');
    return res;
  }

  async acquireLock(key: string, ttlMs: number): Promise<boolean> {
    const ttl = ttlInt(ttlMs, 'ttlMs');
    const res = await this.run((r) => r.set(this.keys.lock(key), '1', 'PX', ttl, 'NX'));
    return res === 'OK';
  }

  async holdLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const ttl = ttlInt(ttlMs, 'ttlMs');
    const res = await this.run((r) => HOLD_LEASE.run(r, [this.keys.lock(`lease:${name}`)], [owner, ttl]));
    return res === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.run((r) => DELETE_IF.run(r, [this.keys.lock(`lease:${name}`)], [owner]));
  }

  async getShortLived(key: string): Promise<string | null> {
    return this.run((r) => r.get(this.keys.shortLived(key)));
  }

  async setShortLived(key: string, value: string, ttlSeconds: number): Promise<void> {
    const ttl = ttlInt(ttlSeconds, 'ttlSeconds');
    await this.run((r) => r.set(this.keys.shortLived(key), value, 'EX', ttl));
  }

  async putStream(id: string, state: StreamState, ttlSeconds: number): Promise<void> {
    const ttl = ttlInt(ttlSeconds, 'ttlSeconds');
    await this.run((r) => r.set(this.keys.stream(id), JSON.stringify(state), 'EX', ttl));
  }

  async getStream(id: string): Promise<StreamState | null> {
    const text = await this.run((r) => r.get(this.keys.stream(id)));
    return text === null ? null : parseStream(text);
  }

  async pushQueue(name: string, item: string, ttlSeconds: number): Promise<void> {
    const ttl = ttlInt(ttlSeconds, 'ttlSeconds');
    await this.run(async (r) => checkExec(await r.multi().rpush(this.keys.queue(name), item).expire(this.keys.queue(name), ttl).exec()));
  }

  async takeQueue(name: string): Promise<string | null> {
    return this.run((r) => r.lpop(this.keys.queue(name)));
  }

  async removeFromQueue(name: string, item: string): Promise<boolean> {
    return (await this.run((r) => r.lrem(this.keys.queue(name), 1, item))) > 0;
  }

  async getBinding(group: GroupRef): Promise<Binding | null> {
    const text = await this.run((r) => r.get(this.keys.binding(this.keys.group(group))));
    return text === null ? null : parseStored(bindingSchema, text, 'binding');
  }

  async setBinding(binding: Binding): Promise<void> {
    const member = this.keys.group(binding.group);
    // One key per group holds its target, so overwriting it moves the group in one step; the
    // index sets are written in the same MULTI.
    await this.run(async (r) => {
      const tx = r.multi().set(this.keys.binding(member), JSON.stringify(binding)).sadd(this.keys.bound(), member);
      if (binding.target.kind === 'branch') tx.sadd(this.keys.branches(), binding.target.branch);
      checkExec(await tx.exec());
    });
  }

  async listBindings(): Promise<Binding[]> {
    const texts = await this.run(async (r) => {
      const members = await r.smembers(this.keys.bound());
      return members.length === 0 ? [] : r.mget(members.map((m) => this.keys.binding(m)));
    });
    return texts.flatMap((t) => (t === null ? [] : [parseStored(bindingSchema, t, 'binding')]));
  }

  async addReport(input: NewReport): Promise<{ report: Report; created: boolean }> {
    const body = newReportFields(input);
    const keys = [
      this.keys.message(body.group.platform, body.messageId),
      this.keys.reportSeq(body.branch),
      this.keys.reportIndex(body.branch),
      this.keys.branches(),
      ...this.statsKeys(body.branch),
    ];
    const args = [this.keys.prefix, encodeURIComponent(body.branch), body.branch, JSON.stringify(body), ...statsArgs(body)];
    const res = await this.run((r) => addReportScript.run(r, keys, args));
    if (!Array.isArray(res) || res.length !== 2 || typeof res[1] !== 'string') {
      throw new Error('addReport script returned an unexpected reply');
    }
    return { report: parseStored(reportSchema, res[1], 'report'), created: res[0] === 1 };
  }

  async findReportByMessage(platform: Platform, messageId: string): Promise<Report | null> {
    const text = await this.run(async (r) => {
      const ref = await r.get(this.keys.message(platform, messageId));
      return ref === null ? null : r.get(`${this.keys.prefix}r:${ref}`);
    });
    return text === null ? null : parseStored(reportSchema, text, 'report');
  }

  async listReports(branch: string, limit?: number): Promise<Report[]> {
    if (limit !== undefined && !(limit >= 1)) return [];
    const stop = limit === undefined ? -1 : Math.floor(limit) - 1;
    const texts = await this.run(async (r) => {
      const ids = await r.zrange(this.keys.reportIndex(branch), 0, String(stop), 'REV');
      // Pages of MGET, pipelined: one huge MGET of every record would exceed the command timeout.
      const pages: Promise<(string | null)[]>[] = [];
      for (let i = 0; i < ids.length; i += 1000) pages.push(r.mget(ids.slice(i, i + 1000).map((id) => this.keys.report(branch, Number(id)))));
      return (await Promise.all(pages)).flat();
    });
    // A record deleted between the two reads is simply skipped.
    return texts.flatMap((t) => (t === null ? [] : [parseStored(reportSchema, t, 'report')]));
  }

  async getReport(branch: string, id: number): Promise<Report | null> {
    if (!Number.isSafeInteger(id) || id < 1) return null;
    const text = await this.run((r) => r.get(this.keys.report(branch, id)));
    return text === null ? null : parseStored(reportSchema, text, 'report');
  }

  async deleteReport(branch: string, id: number, audit?: Omit<AuditEntry, 'branch' | 'reportId'>): Promise<Report | null> {
    if (!Number.isSafeInteger(id) || id < 1) return null;
    const recordKey = this.keys.report(branch, id);
    const entry = audit === undefined ? '' : JSON.stringify({ branch, reportId: id, ...audit });
    // A record changed between the read and the delete is read again (a delete of a record
    // another caller deleted first returns null).
    for (let attempt = 0; attempt < 25; attempt++) {
      const text = await this.run((r) => r.get(recordKey));
      if (text === null) return null;
      const report = parseStored(reportSchema, text, 'report');
      const keys = [
        recordKey,
        this.keys.reportIndex(branch),
        this.keys.message(report.group.platform, report.messageId),
        this.keys.audit(branch),
        ...this.statsKeys(branch),
      ];
      const args = [text, id, this.keys.reportRef(branch, id), entry, ...statsArgs(report)];
      const deleted = await this.run((r) => deleteReportScript.run(r, keys, args));
      if (deleted === 1) return report;
    }
    throw new StoreUnavailableError(new Error('deleteReport: record kept changing'));
  }

  async updateReport(branch: string, id: number, edit: (current: Report) => ReportEdit | null): Promise<{ before: Report; after: Report } | null> {
    if (!Number.isSafeInteger(id) || id < 1) return null;
    const recordKey = this.keys.report(branch, id);
    for (let attempt = 0; attempt < 25; attempt++) {
      const text = await this.run((r) => r.get(recordKey));
      if (text === null) return null;
      const before = parseStored(reportSchema, text, 'report');
      const change = edit(structuredClone(before));
      if (change === null) return { before, after: structuredClone(before) };
      const after = editedReport(before, change.after);
      const entry = JSON.stringify({ branch, reportId: id, ...change.audit });
      await this.ensureStats();
      const [score, criteria, walk] = statsArgs(after);
      const meetings = [meetingField(before), meetingField(after)];
      const keys = [recordKey, this.keys.audit(branch), ...this.statsKeys(branch)];
      const args = [text, JSON.stringify(after), entry, id, before.criteria.join(','), score ?? '', criteria ?? '', walk ?? '0', ...meetings];
      const written = await this.run((r) => updateReportScript.run(r, keys, args));
      if (written === 1) return { before, after };
    }
    throw new StoreUnavailableError(new Error('updateReport: record kept changing'));
  }

  async listAudit(branch?: string): Promise<AuditEntry[]> {
    const branches = branch === undefined ? await this.listBranches() : [branch];
    const lists = await this.run((r) => Promise.all(branches.map((b) => r.lrange(this.keys.audit(b), 0, -1))));
    const entries = lists.flat().map((t) => parseStored(auditSchema, t, 'audit entry'));
    // Stable: branch order, then time (each list is already in time order).
    return branch === undefined ? entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)) : entries;
  }

  async listBranches(): Promise<string[]> {
    return sortBranches(await this.run((r) => r.smembers(this.keys.branches())));
  }

  private statsKeys(branch: string): string[] {
    return [this.keys.reportStats(branch), this.keys.reportDates(branch), this.keys.reportWalks(branch)];
  }

  /** Builds the aggregates of data written before they existed, once per database. */
  private statsBuilt: Promise<void> | null = null;
  private ensureStats(): Promise<void> {
    this.statsBuilt ??= this.run(async (r) => {
      if ((await r.get(this.keys.statsReady())) === STATS_VERSION) return;
      // Only branches whose aggregates predate this version ('v' mark) are rebuilt: 2 added 三会一课.
      for (const branch of await r.smembers(this.keys.branches())) {
        if ((await r.hget(this.keys.reportStats(branch), 'v')) === STATS_VERSION) continue;
        const keys = [this.keys.reportIndex(branch), ...this.statsKeys(branch)];
        await rebuildStatsScript.run(r, keys, [this.keys.prefix, encodeURIComponent(branch)]);
      }
      await r.set(this.keys.statsReady(), STATS_VERSION);
    }).catch((err: unknown) => {
      this.statsBuilt = null;
      throw err;
    });
    return this.statsBuilt;
  }

  async branchStats(branches: readonly string[], query: StatsQuery = {}): Promise<BranchStats[]> {
    await this.ensureStats();
    const ranges = [
      query.grassroots ? dateScore(query.grassroots.start) : '',
      query.grassroots ? dateScore(query.grassroots.end) : '',
      query.dated ? dateScore(query.dated.start) : '',
      query.dated ? dateScore(query.dated.end) : '',
    ];
    // One script per chunk keeps each reply and each pause of Redis small; the chunks share a write.
    const chunks: string[][] = [];
    for (let i = 0; i < branches.length; i += STATS_CHUNK) chunks.push(branches.slice(i, i + STATS_CHUNK));
    const replies = await this.run((r) =>
      Promise.all(chunks.map((chunk) => branchStatsScript.run(r, chunk.flatMap((b) => this.statsKeys(b)), ranges))),
    );
    return replies.flatMap((reply, c) => {
      const chunk = chunks[c] ?? [];
      if (!Array.isArray(reply) || reply.length !== chunk.length) throw new Error('branchStats script returned an unexpected reply');
      return chunk.map((branch, i) => statsFromReply(branch, reply[i]));
    });
  }

  async *reportPages(branch: string, pageSize = 500): AsyncIterable<Report[]> {
    let after = 0;
    for (;;) {
      const texts = await this.run(async (r) => {
        const ids = await r.zrangebyscore(this.keys.reportIndex(branch), `(${after}`, '+inf', 'LIMIT', 0, pageSize);
        const last = ids.at(-1);
        if (last !== undefined) after = Number(last);
        return ids.length === 0 ? null : r.mget(ids.map((id) => this.keys.report(branch, Number(id))));
      });
      if (texts === null) return;
      yield texts.flatMap((t) => (t === null ? [] : [parseStored(reportSchema, t, 'report')]));
      if (texts.length < pageSize) return;
    }
  }

  async getPushChannel(group: GroupRef): Promise<PushChannelRecord | null> {
    const fields = await this.run((r) => r.hgetall(this.keys.push(group)));
    const record = fields['record'];
    if (record === undefined) return null;
    const parsed = parseStored(pushChannelRecordSchema, record, 'push channel');
    const dead = fields['dead'];
    return dead === undefined ? parsed : { ...parsed, dead: parseStored(deadSchema, dead, 'push channel dead mark') };
  }

  async setPushChannel(group: GroupRef, record: PushChannelRecord | null): Promise<void> {
    const key = this.keys.push(group);
    await this.run(async (r) => {
      if (record === null) {
        await r.del(key);
        return;
      }
      checkExec(await r.multi().del(key).hset(key, 'record', JSON.stringify(withoutDead(record))).exec());
    });
  }

  async markPushChannelDead(group: GroupRef, reason: string, at: string): Promise<void> {
    const dead = JSON.stringify({ reason, at });
    await this.run((r) => markDeadScript.run(r, [this.keys.push(group)], [dead]));
  }

  async claimReminder(reminderId: string, group: GroupRef, ttlMs: number): Promise<ReminderClaim> {
    const ttl = ttlInt(ttlMs, 'ttlMs');
    const res = await this.run((r) => claimReminderScript.run(r, [this.keys.reminder(reminderId, group)], [ttl]));
    if (res !== 'claimed' && res !== 'sent' && res !== 'busy') {
      throw new Error('claimReminder script returned an unexpected reply');
    }
    return res;
  }

  async completeReminder(reminderId: string, group: GroupRef): Promise<void> {
    await this.run((r) => r.set(this.keys.reminder(reminderId, group), 'sent'));
  }

  async releaseReminder(reminderId: string, group: GroupRef): Promise<void> {
    await this.run((r) => DELETE_IF.run(r, [this.keys.reminder(reminderId, group)], ['busy']));
  }

  async getOrCreateValue(name: string, candidate: string): Promise<string> {
    checkValueName(name);
    const key = this.keys.value(name);
    // SET NX then GET: the key is never deleted, so every caller reads the one value that won.
    const kept = await this.run(async (r) => {
      await r.set(key, candidate, 'NX');
      return r.get(key);
    });
    if (kept === null) throw new StoreUnavailableError(new Error(`${name} vanished right after it was set`));
    return kept;
  }
}

/** YYYY-MM-DD → YYYYMMDD, the score of the date sorted sets. */
/** What the aggregates hold; a database marked with an older one is rebuilt once (ensureStats). */
const STATS_VERSION = '2';

/** Branches per branchStats script call. */
const STATS_CHUNK = 500;

/** One branch's part of branchStatsScript's reply (fields separated by \x1f). */
function statsFromReply(branch: string, part: unknown): BranchStats {
  if (typeof part !== 'string') throw new Error('branchStats script returned an unexpected reply');
  const [last = '', walks = '-1', first = '', firstScore = '', dated = '-1', ...flat] = part.split('\x1f');
  const criteria = new Map<number, number>();
  const meetings = new Map<string, Map<string, number>>();
  let total = 0;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const field = flat[i] ?? '';
    const n = Number(flat[i + 1]);
    if (field === 'n') total = n;
    else if (field.startsWith('c') && n > 0) criteria.set(Number(field.slice(1)), n); // 'v' is the rebuilt mark
    else if (field.startsWith('m:') && n > 0) {
      // m:<kind>:<YYYY-MM>; the month is the last 7 characters whatever the kind holds.
      const kind = field.slice(2, -8);
      const months = meetings.get(kind) ?? new Map<string, number>();
      months.set(field.slice(-7), n);
      meetings.set(kind, months);
    }
  }
  const out: BranchStats = { branch, total, criteria, meetings };
  if (last !== '') out.lastDate = scoreDate(last);
  if (Number(walks) >= 0) {
    out.grassroots = { count: Number(walks), ...(first !== '' && firstScore !== '' ? { first: { id: Number(first), date: scoreDate(firstScore) } } : {}) };
  }
  if (Number(dated) >= 0) out.dated = Number(dated);
  return out;
}

function dateScore(date: string): number {
  return Number(date.replaceAll('-', ''));
}

function scoreDate(score: string): string {
  const s = String(Math.trunc(Number(score))).padStart(8, '0');
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

function statsArgs(r: Pick<Report, 'date' | 'criteria' | 'meeting'>): string[] {
  return [String(dateScore(r.date)), r.criteria.join(','), r.criteria.includes(GRASSROOTS_CRITERION) ? '1' : '0', meetingField(r)];
}

/** The stats-hash field counting a 三会一课 record, '' for other records. */
function meetingField(r: Pick<Report, 'date' | 'meeting'>): string {
  return r.meeting === undefined ? '' : `m:${r.meeting}:${monthOf(r.date)}`;
}
