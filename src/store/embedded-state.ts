// The embedded store's state: Maps in memory, changed only by journal entries. Every entry sets
// a value (never increments), so replaying one the snapshot already holds changes nothing.
// Maps (not plain objects) so a branch called "__proto__" is just another name.
import { z } from 'zod';
import { auditSchema, bindingSchema, groupSchema, messageKey, pushChannelRecordSchema, reportSchema } from './schema.js';
import { BranchAggregate } from './stats.js';
import { groupKey, type AuditEntry, type Binding, type PushChannelRecord, type Report } from './types.js';
import type { GroupRef } from '../core.js';

export interface BranchReports {
  /** Last id handed out; kept after deletes so ids are never reused. */
  seq: number;
  /** Ascending by id. */
  items: Report[];
  byId: Map<number, Report>;
  stats: BranchAggregate;
}

/** A finished message: kept until `exp`; its reply until `replyExp`. */
export interface DoneClaim {
  exp: number;
  reply?: string;
  replyExp?: number;
}

const entrySchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('bind'), v: bindingSchema }),
  z.object({ t: z.literal('branch'), name: z.string() }),
  z.object({ t: z.literal('seq'), branch: z.string(), seq: z.number().int().nonnegative() }),
  z.object({ t: z.literal('report'), v: reportSchema }),
  z.object({ t: z.literal('unreport'), branch: z.string(), id: z.number().int() }),
  z.object({ t: z.literal('push'), group: groupSchema, v: pushChannelRecordSchema.nullable() }),
  z.object({ t: z.literal('sent'), reminderId: z.string(), group: groupSchema }),
  z.object({ t: z.literal('claim'), key: z.string(), exp: z.number(), reply: z.string().optional(), replyExp: z.number().optional() }),
  z.object({ t: z.literal('kv'), key: z.string(), v: z.string().nullable(), exp: z.number().optional() }),
  // The n-th audit entry (0-based), so a replay sets it again instead of adding a copy.
  z.object({ t: z.literal('audit'), n: z.number().int().nonnegative(), v: auditSchema }),
]);

export type Entry = z.infer<typeof entrySchema>;

export function reminderKey(reminderId: string, group: GroupRef): string {
  return JSON.stringify([reminderId, groupKey(group)]);
}

export class State {
  readonly bindings = new Map<string, Binding>(); // by groupKey
  readonly branches = new Set<string>();
  readonly reports = new Map<string, BranchReports>(); // by branch name
  readonly messages = new Map<string, Report>(); // by messageKey
  readonly push = new Map<string, { group: GroupRef; record: PushChannelRecord }>(); // by groupKey
  readonly sentReminders = new Map<string, { reminderId: string; group: GroupRef }>(); // by reminderKey
  /** Durable dedupe claims (claimOnce, finished messages), oldest first. */
  readonly claims = new Map<string, DoneClaim>();
  /** Small values with an optional expiry (ms). */
  readonly kv = new Map<string, { v: string; exp?: number }>();
  /** Report changes, oldest first (append only). */
  readonly audit: AuditEntry[] = [];

  /** Validates and applies an entry read from disk. */
  applyRaw(raw: unknown): void {
    this.apply(entrySchema.parse(raw));
  }

  apply(e: Entry): void {
    switch (e.t) {
      case 'bind':
        this.bindings.set(groupKey(e.v.group), e.v);
        if (e.v.target.kind === 'branch') this.branches.add(e.v.target.branch);
        return;
      case 'branch':
        this.branches.add(e.name);
        return;
      case 'seq': {
        const b = this.branch(e.branch);
        b.seq = Math.max(b.seq, e.seq);
        return;
      }
      case 'report':
        this.putReport(e.v);
        return;
      case 'unreport':
        this.removeReport(e.branch, e.id);
        return;
      case 'push':
        if (e.v === null) this.push.delete(groupKey(e.group));
        else this.push.set(groupKey(e.group), { group: e.group, record: e.v });
        return;
      case 'sent':
        this.sentReminders.set(reminderKey(e.reminderId, e.group), { reminderId: e.reminderId, group: e.group });
        return;
      case 'claim': {
        const claim: DoneClaim = { exp: e.exp };
        if (e.reply !== undefined && e.replyExp !== undefined) {
          claim.reply = e.reply;
          claim.replyExp = e.replyExp;
        }
        this.claims.delete(e.key);
        this.claims.set(e.key, claim);
        return;
      }
      case 'kv':
        if (e.v === null) this.kv.delete(e.key);
        else this.kv.set(e.key, e.exp !== undefined ? { v: e.v, exp: e.exp } : { v: e.v });
        return;
      case 'audit':
        if (e.n > this.audit.length) throw new Error(`audit entry ${e.n} follows ${this.audit.length - 1}`);
        this.audit[e.n] = e.v;
        return;
    }
  }

  branch(name: string): BranchReports {
    let b = this.reports.get(name);
    if (b === undefined) {
      b = { seq: 0, items: [], byId: new Map(), stats: new BranchAggregate() };
      this.reports.set(name, b);
    }
    return b;
  }

  private putReport(r: Report): void {
    const b = this.branch(r.branch);
    this.branches.add(r.branch);
    b.seq = Math.max(b.seq, r.id);
    const old = b.byId.get(r.id);
    if (old !== undefined) {
      // A correction (updateReport): the record is replaced in place.
      b.byId.set(r.id, r);
      b.items[lowerBound(b.items, r.id)] = r;
      b.stats.remove(old);
      b.stats.add(r);
      if (this.messages.get(messageKey(old)) === old) this.messages.set(messageKey(r), r);
      return;
    }
    b.byId.set(r.id, r);
    const last = b.items.at(-1);
    if (last === undefined || last.id < r.id) b.items.push(r);
    else b.items.splice(lowerBound(b.items, r.id), 0, r);
    b.stats.add(r);
    this.messages.set(messageKey(r), r);
  }

  private removeReport(branch: string, id: number): void {
    const b = this.reports.get(branch);
    const r = b?.byId.get(id);
    if (b === undefined || r === undefined) return;
    b.byId.delete(id);
    b.items.splice(lowerBound(b.items, id), 1);
    b.stats.remove(r);
    const key = messageKey(r);
    if (this.messages.get(key) === r) this.messages.delete(key);
  }

  /** The entries that rebuild this state, captured now (references only, no copies of records). */
  snapshot(nowMs: number): Iterable<Entry> {
    const bindings = [...this.bindings.values()];
    const branches = [...this.branches];
    const reports = [...this.reports].map(([branch, b]) => ({ branch, seq: b.seq, items: b.items.slice() }));
    const push = [...this.push.values()];
    const sent = [...this.sentReminders.values()];
    const claims = [...this.claims].filter(([, c]) => c.exp > nowMs);
    const kv = [...this.kv].filter(([, x]) => x.exp === undefined || x.exp > nowMs);
    const audit = this.audit.slice();
    return (function* (): Generator<Entry> {
      for (const v of bindings) yield { t: 'bind', v };
      for (const name of branches) yield { t: 'branch', name };
      for (const { branch, seq, items } of reports) {
        yield { t: 'seq', branch, seq };
        for (const v of items) yield { t: 'report', v };
      }
      for (const { group, record } of push) yield { t: 'push', group, v: record };
      for (const { reminderId, group } of sent) yield { t: 'sent', reminderId, group };
      for (const [key, c] of claims) {
        yield c.reply !== undefined && c.replyExp !== undefined && c.replyExp > nowMs
          ? { t: 'claim', key, exp: c.exp, reply: c.reply, replyExp: c.replyExp }
          : { t: 'claim', key, exp: c.exp };
      }
      for (const [key, x] of kv) yield x.exp !== undefined ? { t: 'kv', key, v: x.v, exp: x.exp } : { t: 'kv', key, v: x.v };
      for (const [n, v] of audit.entries()) yield { t: 'audit', n, v };
    })();
  }
}

function lowerBound(items: readonly Report[], id: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid]?.id ?? 0) < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// The version-1 file (one JSON document rewritten per change) is read once and carried over.
const legacySchema = z.object({
  version: z.literal(1),
  bindings: z.array(bindingSchema),
  branches: z.array(z.string()),
  reports: z.array(z.object({ branch: z.string(), seq: z.number().int().nonnegative(), items: z.array(reportSchema) })),
  push: z.array(z.object({ group: groupSchema, record: pushChannelRecordSchema })),
  sentReminders: z.array(z.object({ reminderId: z.string(), group: groupSchema })),
  audit: z.array(auditSchema).optional(),
});

/** Entries equivalent to a version-1 store.json. Throws when it is corrupt. */
export function legacyEntries(text: string, where: string): Entry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where} is not valid JSON; refusing to start over it`, { cause: err });
  }
  const parsed = legacySchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${where} has an unexpected shape`, { cause: parsed.error });
  const f = parsed.data;
  return [
    ...f.bindings.map((v): Entry => ({ t: 'bind', v })),
    ...f.branches.map((name): Entry => ({ t: 'branch', name })),
    ...f.reports.flatMap(({ branch, seq, items }): Entry[] => [{ t: 'seq', branch, seq }, ...items.map((v): Entry => ({ t: 'report', v }))]),
    ...f.push.map(({ group, record }): Entry => ({ t: 'push', group, v: record })),
    ...f.sentReminders.map(({ reminderId, group }): Entry => ({ t: 'sent', reminderId, group })),
    ...(f.audit ?? []).map((v, n): Entry => ({ t: 'audit', n, v })),
  ];
}
