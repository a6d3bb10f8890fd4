// The Redis key layout. Every key starts with the configured prefix. Free-text parts (branch
// names, conversation and message ids) are percent-encoded, so a ':' or space in a name can never
// produce another record's key.
import type { GroupRef, Platform } from '../core.js';

const enc = encodeURIComponent;

// One small method per kind of key, alike on purpose: the whole key space reads here at a glance.
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** `{platform}:{conversationId}` — the member stored in the `bound` set. */
  group(group: GroupRef): string {
    return `${group.platform}:${enc(group.conversationId)}`;
  }

  /** Binding JSON of one group. */
  binding(groupMember: string): string {
    return `${this.prefix}b:${groupMember}`;
  }

  /** Set of `group()` members that have a binding. */
  bound(): string {
    return `${this.prefix}bound`;
  }

  /** Set of raw branch names that ever had a report or a binding. */
  branches(): string {
    return `${this.prefix}branches`;
  }

  /** `{encoded branch}:{id}` — what the message index points at; `r:` + ref is the record key. */
  reportRef(branch: string, id: number): string {
    return `${enc(branch)}:${id}`;
  }

  report(branch: string, id: number): string {
    return `${this.prefix}r:${this.reportRef(branch, id)}`;
  }

  /** Per-branch id counter (INCR); never decremented, so ids are never reused. */
  reportSeq(branch: string): string {
    return `${this.prefix}r:${enc(branch)}:seq`;
  }

  /** Sorted set of a branch's report ids, scored by id. */
  reportIndex(branch: string): string {
    return `${this.prefix}r:${enc(branch)}:idx`;
  }

  /** Hash of a branch's aggregates: `n` live records, `c<k>` records per criterion k. */
  reportStats(branch: string): string {
    return `${this.prefix}r:${enc(branch)}:st`;
  }

  /** Sorted set of a branch's report ids scored by activity date (YYYYMMDD). */
  reportDates(branch: string): string {
    return `${this.prefix}r:${enc(branch)}:dt`;
  }

  /** Sorted set of a branch's 走基层 report ids (zero-padded) scored by activity date. */
  reportWalks(branch: string): string {
    return `${this.prefix}r:${enc(branch)}:wk`;
  }

  /** Set once every branch's aggregates have been built from its records. */
  statsReady(): string {
    return `${this.prefix}stats:v1`;
  }

  /** List of a branch's audit entries (JSON), oldest first; append only. */
  audit(branch: string): string {
    return `${this.prefix}a:${enc(branch)}`;
  }

  /** Platform message id → report ref, for idempotent addReport. */
  message(platform: Platform, messageId: string): string {
    return `${this.prefix}m:${platform}:${enc(messageId)}`;
  }

  /** Hash with fields `record` (PushChannelRecord without dead) and `dead`. */
  push(group: GroupRef): string {
    return `${this.prefix}p:${this.group(group)}`;
  }

  /** 'busy' (with PX expiry) while a sender holds it, 'sent' for good. */
  reminder(reminderId: string, group: GroupRef): string {
    return `${this.prefix}rem:${enc(reminderId)}:${this.group(group)}`;
  }

  /** A platform message's claim: 'p' while in progress (with the lease as expiry), 'd' when done. */
  messageClaim(key: string): string {
    return `${this.prefix}mc:${key}`;
  }

  /** The reply a finished message got, kept a short while for redeliveries. */
  messageReply(key: string): string {
    return `${this.prefix}mr:${key}`;
  }

  /** Sorted set of one rate window's sends (scored by time). */
  rate(key: string): string {
    return `${this.prefix}rate:${key}`;
  }

  dedupe(key: string): string {
    return `${this.prefix}d:${key}`;
  }

  lock(key: string): string {
    return `${this.prefix}l:${key}`;
  }

  /** A value created once and kept (getOrCreateValue), e.g. the generated export secret. */
  value(name: string): string {
    return `${this.prefix}v:${name}`;
  }

  shortLived(key: string): string {
    return `${this.prefix}t:${key}`;
  }

  /** A shared FIFO queue (pushQueue). */
  queue(name: string): string {
    return `${this.prefix}q:${name}`;
  }

  /** A WeCom AI-bot stream answered later (putStream). */
  stream(id: string): string {
    return `${this.prefix}s:${id}`;
  }
}
